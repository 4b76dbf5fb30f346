//! Configuration from the environment. `CHECKOUT_MODE` (`sandbox` or `live`, required: no
//! mode is ever guessed from which credentials happen to be set) says whether payments go to
//! the sandbox (and emulators) the proxy carries or to the real provider; `CHECKOUT_PROVIDER`
//! picks the provider (`processout`, the default, `invoiss` or `orders`). Live mode needs the
//! chosen provider's complete credentials; sandbox mode refuses to start while any provider's
//! credential is set, so a deploy meant to be live cannot end up serving the emulators.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::client_ip::TrustedProxies;
use crate::secret::Secret;

/// Project id of the embedded sandbox. Public on purpose: it only unlocks the sandbox.
pub const SANDBOX_PROJECT_ID: &str = "test-proj_checkoutSandbox";
/// Private key of the embedded sandbox. Public on purpose: it only unlocks the sandbox.
pub const SANDBOX_PRIVATE_KEY: &str = "key_sandbox_checkoutWidgetDemoKey0001";
/// ProcessOut's API, used when keys are configured and no other URL is given.
pub const DEFAULT_API_URL: &str = "https://api.processout.com";

/// Invoiss's API (seed 003), used when `INVOISS_TOKEN` is set and no other URL is given.
pub const DEFAULT_INVOISS_API_URL: &str = "https://api.invoiss.com";
/// The emulators' tokens are the sandbox crate's; public on purpose, they only unlock it.
#[cfg(feature = "sandbox")]
pub use checkout_sandbox::{SANDBOX_INVOISS_TOKEN, SANDBOX_ORDERS_TOKEN};
/// A build without the sandbox has no emulator to unlock: sandbox mode refuses to start, so
/// the sandbox settings below are never sent anywhere.
#[cfg(not(feature = "sandbox"))]
const SANDBOX_INVOISS_TOKEN: &str = "";
#[cfg(not(feature = "sandbox"))]
const SANDBOX_ORDERS_TOKEN: &str = "";
/// Company id sent to the Invoiss emulator.
pub const SANDBOX_INVOISS_COMPANY_ID: &str = "comp_checkoutSandbox";
/// Gateway id sent to the Invoiss emulator.
pub const SANDBOX_INVOISS_GATEWAY_ID: &str = "gateway_checkoutSandbox";

/// Default authorize calls per client IP and minute: generous for people, not for scripts.
pub const DEFAULT_AUTHORIZE_RATE_PER_MINUTE: u32 = 60;
/// Default reads (invoice and transaction GETs) per client IP and minute: room for a whole
/// office behind one NAT address, and for a browser test suite polling from one address.
pub const DEFAULT_READ_RATE_PER_MINUTE: u32 = 600;

/// Where requests go (`CHECKOUT_MODE`): the real provider, or the sandbox in this process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `live`: requests go to the provider's API with the configured credentials.
    Live,
    /// `sandbox`: the sandbox is mounted at `/sandbox` and the proxy talks to it over HTTP.
    Sandbox,
}

impl Mode {
    /// The value of `CHECKOUT_MODE` and of `/healthz`'s `mode`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Live => "live",
            Self::Sandbox => "sandbox",
        }
    }
}

/// What refuses to start with no `CHECKOUT_MODE`: one line saying what to set.
pub const MODE_REQUIRED: &str = "CHECKOUT_MODE is not set: set CHECKOUT_MODE=sandbox for the \
    demo sandbox (no money moves), or CHECKOUT_MODE=live with the provider's credentials";

/// Every provider's credential variables (URLs aside). Sandbox mode refuses to start while
/// any is set: whoever set one meant live mode.
pub const LIVE_CREDENTIALS: [&str; 6] = [
    "PROCESSOUT_PROJECT_ID",
    "PROCESSOUT_PRIVATE_KEY",
    "INVOISS_TOKEN",
    "INVOISS_COMPANY_ID",
    "INVOISS_GATEWAY_ID",
    "ORDERS_API_TOKEN",
];

/// The payment provider behind `/checkout` (`CHECKOUT_PROVIDER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    /// ProcessOut (seeds 000-002), the default.
    ProcessOut,
    /// Invoiss's `POST /public/payments/process` (seed 003).
    Invoiss,
    /// The orders payment API with `current_state` (seed 004).
    Orders,
}

impl ProviderKind {
    /// Every provider, in the order the documentation lists them.
    pub const ALL: [ProviderKind; 3] = [Self::ProcessOut, Self::Invoiss, Self::Orders];

    /// Reads `processout`, `invoiss` or `orders` (case-insensitive).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// The name used in `CHECKOUT_PROVIDER` and under `/sandbox/`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProcessOut => "processout",
            Self::Invoiss => "invoiss",
            Self::Orders => "orders",
        }
    }

    /// The variables live mode needs for this provider, all of them.
    pub fn live_vars(self) -> &'static [&'static str] {
        match self {
            Self::ProcessOut => &["PROCESSOUT_PROJECT_ID", "PROCESSOUT_PRIVATE_KEY"],
            Self::Invoiss => &["INVOISS_TOKEN", "INVOISS_COMPANY_ID", "INVOISS_GATEWAY_ID"],
            Self::Orders => &["ORDERS_API_TOKEN", "ORDERS_API_URL"],
        }
    }
}

/// Invoiss settings (`INVOISS_*`).
#[derive(Debug, Clone)]
pub struct InvoissConfig {
    /// `INVOISS_API_URL`; `None` means Invoiss itself (live) or this server's emulator
    /// (sandbox).
    pub api_url: Option<String>,
    /// `INVOISS_TOKEN`, sent as the whole `Authorization` header; never logged or returned.
    pub token: Secret,
    /// `INVOISS_COMPANY_ID`: the payment request's `company.id`.
    pub company_id: String,
    /// `INVOISS_GATEWAY_ID`: the payment request's `gateway.id`.
    pub gateway_id: String,
    /// `INVOISS_CURRENCY` (default USD): the currency of an order that names none.
    pub currency: String,
}

impl InvoissConfig {
    /// The settings of this server's own Invoiss emulator.
    pub fn sandbox() -> Self {
        Self {
            api_url: None,
            token: Secret::new(SANDBOX_INVOISS_TOKEN),
            company_id: SANDBOX_INVOISS_COMPANY_ID.to_string(),
            gateway_id: SANDBOX_INVOISS_GATEWAY_ID.to_string(),
            currency: "USD".to_string(),
        }
    }
}

/// Orders payment API settings (`ORDERS_*`).
#[derive(Debug, Clone)]
pub struct OrdersConfig {
    /// `ORDERS_API_URL`; `None` only in sandbox mode, meaning this server's emulator.
    pub api_url: Option<String>,
    /// `ORDERS_API_TOKEN`, sent as `Authorization: Bearer ...`; never logged or returned.
    pub token: Secret,
}

impl OrdersConfig {
    /// The settings of this server's own orders-API emulator.
    pub fn sandbox() -> Self {
        Self {
            api_url: None,
            token: Secret::new(SANDBOX_ORDERS_TOKEN),
        }
    }
}

/// Everything the proxy needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (`CHECKOUT_LISTEN`, default 127.0.0.1:8080; port 0 picks one).
    pub listen: SocketAddr,
    /// The payment provider (`CHECKOUT_PROVIDER`, default `processout`).
    pub provider: ProviderKind,
    /// Live or sandbox (`CHECKOUT_MODE`, required).
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
    /// A second address to listen on (`CHECKOUT_ASSETS_LISTEN`; port 0 picks one), serving the
    /// same router, so the widget's files (and its card frame) can come from an origin other
    /// than the merchant page's. `None`: one listener.
    pub assets_listen: Option<SocketAddr>,
    /// The public origin of the widget's files as browsers reach them
    /// (`CHECKOUT_ASSETS_ORIGIN`, e.g. `https://cdn.example`), already checked to be an origin
    /// and written as one (no path, no trailing slash). `None` with [`Config::assets_listen`]
    /// set means `http://<the bound assets address>`; `None` without it, the pages' own origin.
    pub assets_origin: Option<String>,
    /// Origins allowed to call `/checkout` cross-origin (`CHECKOUT_ALLOWED_ORIGINS`, comma-separated).
    pub allowed_origins: Vec<String>,
    /// Proxies whose forwarding header is believed (`CHECKOUT_TRUSTED_PROXIES`, comma-separated
    /// CIDRs or IPs) and which header that is (`CHECKOUT_FORWARDED_HEADER`).
    pub trusted_proxies: TrustedProxies,
    /// Overall deadline of one widget request's provider calls (`CHECKOUT_UPSTREAM_TIMEOUT_MS`).
    pub upstream_timeout: Duration,
    /// Authorize calls allowed per client IP and minute (`CHECKOUT_AUTHORIZE_RATE_PER_MINUTE`,
    /// default 60; 0 disables the limit).
    pub authorize_rate_per_minute: u32,
    /// Reads allowed per client IP and minute (`CHECKOUT_READ_RATE_PER_MINUTE`, default 600;
    /// 0 disables the limit).
    pub read_rate_per_minute: u32,
    /// Invoiss settings, used when `provider` is `invoiss`.
    pub invoiss: InvoissConfig,
    /// Orders payment API settings, used when `provider` is `orders`.
    pub orders: OrdersConfig,
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
        let provider = match lookup("CHECKOUT_PROVIDER") {
            Some(name) => ProviderKind::parse(&name).ok_or_else(|| {
                ConfigError(format!(
                    "CHECKOUT_PROVIDER must be processout, invoiss or orders, not {name:?}"
                ))
            })?,
            None => ProviderKind::ProcessOut,
        };
        let mode = read_mode(provider, &lookup)?;
        let (project_id, private_key, api_url) = match (mode, provider) {
            (Mode::Live, ProviderKind::ProcessOut) => (
                lookup("PROCESSOUT_PROJECT_ID").unwrap_or_default(),
                Secret::new(lookup("PROCESSOUT_PRIVATE_KEY").unwrap_or_default()),
                Some(lookup("PROCESSOUT_API_URL").unwrap_or_else(|| DEFAULT_API_URL.to_string())),
            ),
            // Another provider's live proxy never sends these; sandbox mode unlocks its own
            // sandbox with them (or another instance's, at PROCESSOUT_API_URL).
            _ => (
                SANDBOX_PROJECT_ID.to_string(),
                Secret::new(SANDBOX_PRIVATE_KEY),
                lookup("PROCESSOUT_API_URL"),
            ),
        };
        let (invoiss, orders) = provider_settings(provider, &lookup, mode)?;
        let trusted_proxies = TrustedProxies::parse(
            lookup("CHECKOUT_TRUSTED_PROXIES").as_deref(),
            lookup("CHECKOUT_FORWARDED_HEADER").as_deref(),
        )
        .map_err(ConfigError)?;
        let upstream_timeout = match lookup("CHECKOUT_UPSTREAM_TIMEOUT_MS") {
            Some(v) => Duration::from_millis(v.parse().map_err(|_| {
                ConfigError(format!(
                    "CHECKOUT_UPSTREAM_TIMEOUT_MS is not a whole number: {v:?}"
                ))
            })?),
            None => Duration::from_secs(15),
        };
        let rate = |name: &str, default: u32| match lookup(name) {
            Some(v) => v
                .parse()
                .map_err(|_| ConfigError(format!("{name} is not a whole number: {v:?}"))),
            None => Ok(default),
        };
        let authorize_rate_per_minute = rate(
            "CHECKOUT_AUTHORIZE_RATE_PER_MINUTE",
            DEFAULT_AUTHORIZE_RATE_PER_MINUTE,
        )?;
        let read_rate_per_minute = rate(
            "CHECKOUT_READ_RATE_PER_MINUTE",
            DEFAULT_READ_RATE_PER_MINUTE,
        )?;
        for origin in list(lookup("CHECKOUT_ALLOWED_ORIGINS")) {
            if !(origin.starts_with("http://") || origin.starts_with("https://"))
                || origin.ends_with('/')
            {
                return Err(ConfigError(format!(
                    "CHECKOUT_ALLOWED_ORIGINS: not an origin like https://shop.example: {origin:?}"
                )));
            }
        }
        let assets_listen = match lookup("CHECKOUT_ASSETS_LISTEN") {
            Some(v) => Some(v.parse().map_err(|_| {
                ConfigError(format!(
                    "CHECKOUT_ASSETS_LISTEN is not an address:port: {v:?}"
                ))
            })?),
            None => None,
        };
        let assets_origin = lookup("CHECKOUT_ASSETS_ORIGIN")
            .map(|v| parse_origin(&v).map_err(ConfigError))
            .transpose()?;
        Ok(Self {
            listen,
            provider,
            mode,
            project_id,
            private_key,
            api_url: api_url.map(|u| u.trim_end_matches('/').to_string()),
            static_dir: lookup("CHECKOUT_STATIC_DIR").map(PathBuf::from),
            assets_listen,
            assets_origin,
            allowed_origins: list(lookup("CHECKOUT_ALLOWED_ORIGINS")),
            trusted_proxies,
            upstream_timeout,
            authorize_rate_per_minute,
            read_rate_per_minute,
            invoiss,
            orders,
        })
    }

    /// A sandbox-mode configuration listening on `listen`, for tests and the demo.
    pub fn sandbox(listen: SocketAddr) -> Self {
        Self {
            listen,
            provider: ProviderKind::ProcessOut,
            mode: Mode::Sandbox,
            project_id: SANDBOX_PROJECT_ID.to_string(),
            private_key: Secret::new(SANDBOX_PRIVATE_KEY),
            api_url: None,
            static_dir: None,
            assets_listen: None,
            assets_origin: None,
            allowed_origins: Vec::new(),
            trusted_proxies: TrustedProxies::default(),
            upstream_timeout: Duration::from_secs(15),
            authorize_rate_per_minute: DEFAULT_AUTHORIZE_RATE_PER_MINUTE,
            read_rate_per_minute: DEFAULT_READ_RATE_PER_MINUTE,
            invoiss: InvoissConfig::sandbox(),
            orders: OrdersConfig::sandbox(),
        }
    }

    /// A sandbox-mode configuration for `provider`, listening on `listen`.
    pub fn sandbox_with(listen: SocketAddr, provider: ProviderKind) -> Self {
        Self {
            provider,
            ..Self::sandbox(listen)
        }
    }
}

/// Reads `CHECKOUT_MODE` and checks the credentials agree with it: live mode has every one
/// `provider` needs, sandbox mode none at all.
fn read_mode(
    provider: ProviderKind,
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Mode, ConfigError> {
    let mode = match lookup("CHECKOUT_MODE") {
        None => return Err(ConfigError(MODE_REQUIRED.into())),
        Some(v) if v.trim().eq_ignore_ascii_case("live") => Mode::Live,
        Some(v) if v.trim().eq_ignore_ascii_case("sandbox") => Mode::Sandbox,
        Some(v) => {
            return Err(ConfigError(format!(
                "CHECKOUT_MODE must be sandbox or live, not {v:?}"
            )))
        }
    };
    match mode {
        Mode::Live => {
            let missing: Vec<&str> = provider
                .live_vars()
                .iter()
                .copied()
                .filter(|name| lookup(name).is_none())
                .collect();
            if !missing.is_empty() {
                return Err(ConfigError(format!(
                    "CHECKOUT_MODE=live with provider {} needs {} set (missing: {})",
                    provider.as_str(),
                    provider.live_vars().join(", "),
                    missing.join(", ")
                )));
            }
        }
        Mode::Sandbox => {
            if let Some(name) = LIVE_CREDENTIALS.iter().find(|name| lookup(name).is_some()) {
                return Err(ConfigError(format!(
                    "CHECKOUT_MODE=sandbox but {name} is set: sandbox mode takes no live \
                     credentials; set CHECKOUT_MODE=live, or unset {name} for the sandbox"
                )));
            }
        }
    }
    Ok(mode)
}

/// Reads the Invoiss and orders settings: in live mode the chosen provider's (all present,
/// [`read_mode`] checked), in sandbox mode the emulators'.
fn provider_settings(
    provider: ProviderKind,
    lookup: &impl Fn(&str) -> Option<String>,
    mode: Mode,
) -> Result<(InvoissConfig, OrdersConfig), ConfigError> {
    let url = |name: &str| lookup(name).map(|u| u.trim_end_matches('/').to_string());
    let value = |name: &str| lookup(name).unwrap_or_default();
    let mut invoiss = InvoissConfig::sandbox();
    let mut orders = OrdersConfig::sandbox();
    match provider {
        ProviderKind::ProcessOut => {}
        ProviderKind::Invoiss => {
            invoiss.api_url = url("INVOISS_API_URL");
            if let Some(currency) = lookup("INVOISS_CURRENCY") {
                checkout_core::Currency::parse("INVOISS_CURRENCY", &currency)
                    .map_err(|e| ConfigError(e.to_string()))?;
                invoiss.currency = currency;
            }
            if mode == Mode::Live {
                invoiss.token = Secret::new(value("INVOISS_TOKEN"));
                invoiss.company_id = value("INVOISS_COMPANY_ID");
                invoiss.gateway_id = value("INVOISS_GATEWAY_ID");
            }
        }
        ProviderKind::Orders => {
            orders.api_url = url("ORDERS_API_URL");
            if mode == Mode::Live {
                orders.token = Secret::new(value("ORDERS_API_TOKEN"));
            }
        }
    }
    Ok((invoiss, orders))
}

/// `CHECKOUT_ASSETS_ORIGIN` as an origin, `scheme://host[:port]` written the way browsers
/// write it (lowercase host, no default port), because it goes verbatim into the pages (the
/// `__CHECKOUT_ASSETS__` token) and into their Content-Security-Policy: anything with a path,
/// a query, credentials or another scheme would be a wrong URL there, or a hole in the policy.
pub fn parse_origin(value: &str) -> Result<String, String> {
    let refuse = || {
        format!(
            "CHECKOUT_ASSETS_ORIGIN must be an origin like https://cdn.example (http or https, \
             a host, an optional port; no path, no trailing slash): {value:?}"
        )
    };
    let value = value.trim();
    let url = url::Url::parse(value).map_err(|_| refuse())?;
    let only_origin = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        // The parser normalizes "https://cdn.example/" (and "/.") to the bare origin: refuse
        // any path character as written, since a trailing slash would make
        // `__CHECKOUT_ASSETS__/embed.js` a `//embed.js`.
        && value
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.contains(['/', '\\', '?', '#']));
    if !only_origin {
        return Err(refuse());
    }
    Ok(url.origin().ascii_serialization())
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
mod tests;
