//! Log setup: one line per event on stderr, level from `RUST_LOG` (default `info`).

/// Installs the global subscriber. Safe to call more than once (tests start many servers).
pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}
