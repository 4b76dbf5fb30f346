//! `checkout-proxy`: reads its configuration from the environment and serves until stopped.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    checkout_proxy::logging::init();
    let config = match checkout_proxy::Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("checkout-proxy: {err}");
            return ExitCode::from(2);
        }
    };
    match checkout_proxy::serve(config, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("checkout-proxy: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
