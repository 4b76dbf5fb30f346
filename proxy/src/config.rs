//! Configuration from the environment. With no ProcessOut keys the proxy runs in sandbox
//! mode against the sandbox it carries itself.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use crate::secret::Secret;

/// Project id of the embedded sandbox. Public on purpose: it only unlocks the sandbox.
pub const SANDBOX_PROJECT_ID: &str = "test-proj_checkoutSandbox";
/// Private key of the embedded sandbox. Public on purpose: it only unlocks the sandbox.
pub const SANDBOX_PRIVATE_KEY: &str = "key_sandbox_checkoutWidgetDemoKey0001";
/// ProcessOut's API, used when keys are configured and no other URL is given.
pub const DEFAULT_API_URL: &str = "https://api.processout.com";

/// Default authorize calls per client IP and minute: generous for people, not for scripts.
pub const DEFAULT_AUTHORIZE_RATE_PER_MINUTE: u32 = 60;

/// Where requests go: ProcessOut itself, or the sandbox in this process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Keys were configured; requests go to `PROCESSOUT_API_URL`.
    Live,
    /// No keys: the sandbox is mounted at `/sandbox` and the proxy talks to it over HTTP.
    Sandbox,
}

/// Everything the proxy needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (`CHECKOUT_LISTEN`, default 127.0.0.1:8080; port 0 picks one).
    pub listen: SocketAddr,
    /// Live or sandbox.
    pub mode: Mode,
    /// ProcessOut project id (`PROCESSOUT_PROJECT_ID`).
    pub project_id: String,
    /// ProcessOut private key (`PROCESSOUT_PRIVATE_KEY`); never logged or returned.
    pub private_key: Secret,
    /// Provider base URL (`PROCESSOUT_API_URL`). `None` in sandbox mode means "this server's
    /// own `/sandbox`", known only once the listener is bound.
    pub api_url: Option<String>,
    /// Directory of static files to serve at `/` (`CHECKOUT_STATIC_DIR`), e.g. trunk's `dist/`.
    pub static_dir: Option<PathBuf>,
    /// Origins allowed to call `/checkout` cross-origin (`CHECKOUT_ALLOWED_ORIGINS`, comma-separated).
    pub allowed_origins: Vec<String>,
    /// Peers whose `X-Forwarded-For` is believed (`CHECKOUT_TRUSTED_PROXIES`, comma-separated IPs).
    pub trusted_proxies: Vec<IpAddr>,
    /// How long to wait for the provider (`CHECKOUT_UPSTREAM_TIMEOUT_MS`, default 15000).
    pub upstream_timeout: Duration,
    /// Authorize calls allowed per client IP and minute (`CHECKOUT_AUTHORIZE_RATE_PER_MINUTE`,
    /// default 60; 0 disables the limit).
    pub authorize_rate_per_minute: u32,
}

/// A configuration value that cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "configuration error: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads configuration through `lookup`, so tests need not touch the real environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let listen = match lookup("CHECKOUT_LISTEN") {
            Some(v) => v.parse().map_err(|_| {
                ConfigError(format!("CHECKOUT_LISTEN is not an address:port: {v:?}"))
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let (mode, project_id, private_key, api_url) = match (
            lookup("PROCESSOUT_PROJECT_ID"),
            lookup("PROCESSOUT_PRIVATE_KEY"),
        ) {
            (Some(id), Some(key)) => (
                Mode::Live,
                id,
                Secret::new(key),
                Some(lookup("PROCESSOUT_API_URL").unwrap_or_else(|| DEFAULT_API_URL.to_string())),
            ),
            (None, None) => (
                Mode::Sandbox,
                SANDBOX_PROJECT_ID.to_string(),
                Secret::new(SANDBOX_PRIVATE_KEY),
                lookup("PROCESSOUT_API_URL"),
            ),
            _ => {
                return Err(ConfigError(
                    "set both PROCESSOUT_PROJECT_ID and PROCESSOUT_PRIVATE_KEY, or neither for sandbox mode"
                        .into(),
                ))
            }
        };
        let trusted_proxies = list(lookup("CHECKOUT_TRUSTED_PROXIES"))
            .into_iter()
            .map(|ip| {
                ip.parse().map_err(|_| {
                    ConfigError(format!(
                        "CHECKOUT_TRUSTED_PROXIES: not an IP address: {ip:?}"
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        let upstream_timeout = match lookup("CHECKOUT_UPSTREAM_TIMEOUT_MS") {
            Some(v) => Duration::from_millis(v.parse().map_err(|_| {
                ConfigError(format!(
                    "CHECKOUT_UPSTREAM_TIMEOUT_MS is not a whole number: {v:?}"
                ))
            })?),
            None => Duration::from_secs(15),
        };
        let authorize_rate_per_minute = match lookup("CHECKOUT_AUTHORIZE_RATE_PER_MINUTE") {
            Some(v) => v.parse().map_err(|_| {
                ConfigError(format!(
                    "CHECKOUT_AUTHORIZE_RATE_PER_MINUTE is not a whole number: {v:?}"
                ))
            })?,
            None => DEFAULT_AUTHORIZE_RATE_PER_MINUTE,
        };
        for origin in list(lookup("CHECKOUT_ALLOWED_ORIGINS")) {
            if !(origin.starts_with("http://") || origin.starts_with("https://"))
                || origin.ends_with('/')
            {
                return Err(ConfigError(format!(
                    "CHECKOUT_ALLOWED_ORIGINS: not an origin like https://shop.example: {origin:?}"
                )));
            }
        }
        Ok(Self {
            listen,
            mode,
            project_id,
            private_key,
            api_url: api_url.map(|u| u.trim_end_matches('/').to_string()),
            static_dir: lookup("CHECKOUT_STATIC_DIR").map(PathBuf::from),
            allowed_origins: list(lookup("CHECKOUT_ALLOWED_ORIGINS")),
            trusted_proxies,
            upstream_timeout,
            authorize_rate_per_minute,
        })
    }

    /// A sandbox-mode configuration listening on `listen`, for tests and the demo.
    pub fn sandbox(listen: SocketAddr) -> Self {
        Self {
            listen,
            mode: Mode::Sandbox,
            project_id: SANDBOX_PROJECT_ID.to_string(),
            private_key: Secret::new(SANDBOX_PRIVATE_KEY),
            api_url: None,
            static_dir: None,
            allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            upstream_timeout: Duration::from_secs(15),
            authorize_rate_per_minute: DEFAULT_AUTHORIZE_RATE_PER_MINUTE,
        }
    }
}

fn list(value: Option<String>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| vars.get(k).cloned())
    }

    #[test]
    fn no_keys_means_sandbox_mode() {
        let c = config(&[]).unwrap();
        assert_eq!(c.mode, Mode::Sandbox);
        assert_eq!(c.project_id, SANDBOX_PROJECT_ID);
        assert_eq!(c.api_url, None);
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn keys_mean_live_mode_against_processout() {
        let c = config(&[
            ("PROCESSOUT_PROJECT_ID", "proj_x"),
            ("PROCESSOUT_PRIVATE_KEY", "key_y"),
        ])
        .unwrap();
        assert_eq!(c.mode, Mode::Live);
        assert_eq!(c.api_url.as_deref(), Some(DEFAULT_API_URL));
        assert_eq!(c.private_key.expose(), "key_y");
    }

    #[test]
    fn one_key_without_the_other_is_refused() {
        let err = config(&[("PROCESSOUT_PROJECT_ID", "proj_x")]).unwrap_err();
        assert!(err.0.contains("PROCESSOUT_PRIVATE_KEY"), "{err}");
    }

    #[test]
    fn lists_and_numbers_are_parsed_or_refused_by_name() {
        let c = config(&[
            (
                "CHECKOUT_ALLOWED_ORIGINS",
                "https://a.example, https://b.example",
            ),
            ("CHECKOUT_TRUSTED_PROXIES", "10.0.0.1"),
            ("CHECKOUT_UPSTREAM_TIMEOUT_MS", "2500"),
        ])
        .unwrap();
        assert_eq!(
            c.allowed_origins,
            ["https://a.example", "https://b.example"]
        );
        assert_eq!(c.trusted_proxies, [IpAddr::from([10, 0, 0, 1])]);
        assert_eq!(c.upstream_timeout, Duration::from_millis(2500));
        let err = config(&[("CHECKOUT_UPSTREAM_TIMEOUT_MS", "soon")]).unwrap_err();
        assert!(err.0.contains("CHECKOUT_UPSTREAM_TIMEOUT_MS"));
        assert_eq!(
            c.authorize_rate_per_minute,
            DEFAULT_AUTHORIZE_RATE_PER_MINUTE
        );
        let c = config(&[("CHECKOUT_AUTHORIZE_RATE_PER_MINUTE", "5")]).unwrap();
        assert_eq!(c.authorize_rate_per_minute, 5);
        let err = config(&[("CHECKOUT_ALLOWED_ORIGINS", "shop.example")]).unwrap_err();
        assert!(err.0.contains("CHECKOUT_ALLOWED_ORIGINS"));
        let err = config(&[("CHECKOUT_LISTEN", "nowhere")]).unwrap_err();
        assert!(err.0.contains("CHECKOUT_LISTEN"));
    }
}
