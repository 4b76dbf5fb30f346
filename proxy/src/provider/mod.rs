//! The payment providers behind `/checkout`, chosen by `CHECKOUT_PROVIDER`.
//!
//! The widget-facing API is the same for all of them (docs/api.md): the routes call the
//! [`Provider`] trait, and each adapter turns its provider's invoice or orders into the
//! widget's [`Invoice`] and its payment result into a widget [`Transaction`] whose `status` is
//! one of ProcessOut's transaction statuses and whose `error_code` is one checkout-core
//! knows, so the widget can explain it. The contract types are checkout-core's
//! (`checkout_core::contract`), so nothing here imports back up from the routes.
//!
//! One folder per provider, each with its HTTP client part (`mod.rs`) and a `transform`
//! part (provider JSON ↔ the contract):
//! - [`processout`]: ProcessOut itself (seeds 000–002).
//! - [`invoiss`]: Invoiss's `POST /public/payments/process` (seed 003).
//! - [`orders`]: the orders payment API with `current_state` (seed 004).
//!
//! What the seeds leave undocumented and the adapters assume is listed in
//! docs/providers.md and, for each adapter, in its module documentation.

pub mod answer;
pub mod ids;
pub mod invoiss;
pub mod order;
pub mod orders;
pub mod processout;
#[cfg(test)]
mod url_property;

use std::future::Future;
use std::net::SocketAddr;

use checkout_core::contract::{AuthorizeResponse, Invoice, Transaction};
use checkout_core::saved::SavedSource;
use serde_json::Value;

use crate::api_error::ApiError;
#[cfg(feature = "sandbox")]
use crate::config::Mode;
use crate::config::{Config, ProviderKind};
use crate::upstream::Upstream;
use crate::StartError;

/// Exact money in JSON numbers lives in checkout-core, shared with the sandbox; re-exported
/// so `crate::provider::json_money::...` paths keep working.
pub use checkout_core::json_money;

/// What the widget sent to pay, once the proxy has checked it.
#[derive(Debug, Clone, Copy)]
pub struct AuthorizeRequest<'a> {
    /// `card_...`, `tok_...` or `gway_req_...`.
    pub source: &'a str,
    /// Device data in ProcessOut's field names (`crate::device::build`).
    pub device: &'a Value,
    /// The widget's idempotency key for this attempt.
    pub idempotency_key: &'a str,
    /// Save the card (`card_...`) for the invoice's customer first, then pay with the saved
    /// card (ProcessOut only; ignored where there is no card token or no customer).
    pub save: bool,
}

/// A payment provider as the routes see it. Ids are already checked by the routes
/// (`iv_...`, `tr_...`); answers are display-safe by construction.
pub trait Provider {
    /// The widget invoice for `invoice_id`.
    fn invoice(&self, invoice_id: &str) -> impl Future<Output = Result<Invoice, ApiError>> + Send;

    /// Pays `invoice_id`; a decline is an error (HTTP 402) carrying the provider's code.
    fn authorize(
        &self,
        invoice_id: &str,
        request: &AuthorizeRequest<'_>,
    ) -> impl Future<Output = Result<AuthorizeResponse, ApiError>> + Send;

    /// The widget transaction `transaction_id`, for polling.
    fn transaction(
        &self,
        transaction_id: &str,
    ) -> impl Future<Output = Result<Transaction, ApiError>> + Send;

    /// The saved cards of the invoice's own customer, display-safe; empty when the invoice
    /// has no customer or the provider keeps no saved cards.
    fn saved_sources(
        &self,
        invoice_id: &str,
    ) -> impl Future<Output = Result<Vec<SavedSource>, ApiError>> + Send;
}

/// In sandbox mode, the URL of this server's own emulator of `kind`, reached over HTTP at
/// `addr`; `None` when the server's address is not known (a mounted `crate::router`).
#[cfg(feature = "sandbox")]
fn own_emulator(config: &Config, addr: Option<SocketAddr>, kind: ProviderKind) -> Option<String> {
    let mount = match kind {
        ProviderKind::ProcessOut => "",
        ProviderKind::Invoiss => invoiss::SANDBOX_MOUNT,
        ProviderKind::Orders => orders::SANDBOX_MOUNT,
    };
    match config.mode {
        Mode::Sandbox => addr.map(|addr| format!("http://{addr}/sandbox{mount}")),
        Mode::Live => None,
    }
}

/// A build without the sandbox has no emulator to point at (`crate::app` refuses sandbox
/// mode before getting here).
#[cfg(not(feature = "sandbox"))]
fn own_emulator(_: &Config, _: Option<SocketAddr>, _: ProviderKind) -> Option<String> {
    None
}

/// The variable of the chosen provider's URL, and its value when one is configured.
fn url_setting(config: &Config) -> (&'static str, Option<&str>) {
    match config.provider {
        ProviderKind::ProcessOut => ("PROCESSOUT_API_URL", config.api_url.as_deref()),
        ProviderKind::Invoiss => ("INVOISS_API_URL", config.invoiss.api_url.as_deref()),
        ProviderKind::Orders => ("ORDERS_API_URL", config.orders.api_url.as_deref()),
    }
}

/// The provider the configuration chose. A plain enum: three known adapters, no boxing
/// of async calls.
#[derive(Clone)]
pub enum Configured {
    /// ProcessOut (or the ProcessOut-compatible sandbox).
    ProcessOut(processout::ProcessOut),
    /// Invoiss (or its emulator).
    Invoiss(invoiss::Invoiss),
    /// The orders payment API (or its emulator).
    Orders(orders::Orders),
}

impl Configured {
    /// The provider `config` selects, for a server reachable at `addr` (in sandbox mode
    /// without a provider URL, the provider is this server's own emulator, reached over
    /// HTTP). With `addr` `None` (a mounted `crate::router`), sandbox mode needs that URL.
    pub fn from_config(config: &Config, addr: Option<SocketAddr>) -> Result<Self, StartError> {
        if let (crate::config::Mode::Sandbox, None, (variable, None)) =
            (config.mode, addr, url_setting(config))
        {
            return Err(StartError(format!(
                "CHECKOUT_MODE=sandbox: a mounted checkout_proxy::router has no embedded \
                 sandbox (that is reached at the server's own address, which the router does \
                 not know); set {variable} to a running sandbox, e.g. a checkout-proxy's \
                 /sandbox, or use CHECKOUT_MODE=live"
            )));
        }
        let own = |kind: ProviderKind| own_emulator(config, addr, kind);
        // Live mode talks to a real provider: never in clear text, except on loopback.
        let live = |variable: &str, url: &str| match config.mode {
            crate::config::Mode::Live => {
                crate::upstream::check_live_url(variable, url).map_err(StartError)
            }
            crate::config::Mode::Sandbox => Ok(()),
        };
        match config.provider {
            ProviderKind::ProcessOut => {
                let api_url = config
                    .api_url
                    .clone()
                    .or_else(|| own(ProviderKind::ProcessOut))
                    .unwrap_or_else(|| crate::config::DEFAULT_API_URL.to_string());
                live("PROCESSOUT_API_URL", &api_url)?;
                let upstream = Upstream::new(
                    &api_url,
                    &config.project_id,
                    &config.private_key,
                    config.upstream_timeout,
                )
                .map_err(StartError)?;
                Ok(Self::ProcessOut(processout::ProcessOut::new(upstream)))
            }
            ProviderKind::Invoiss => {
                let settings = &config.invoiss;
                let api_url = settings
                    .api_url
                    .clone()
                    .or_else(|| own(ProviderKind::Invoiss))
                    .unwrap_or_else(|| crate::config::DEFAULT_INVOISS_API_URL.to_string());
                live("INVOISS_API_URL", &api_url)?;
                let upstream = Upstream::with_authorization(
                    &api_url,
                    settings.token.clone(),
                    config.upstream_timeout,
                )
                .map_err(StartError)?;
                invoiss::Invoiss::new(upstream, settings).map(Self::Invoiss)
            }
            ProviderKind::Orders => {
                let api_url = config
                    .orders
                    .api_url
                    .clone()
                    .or_else(|| own(ProviderKind::Orders))
                    .ok_or_else(|| StartError("ORDERS_API_URL is required".into()))?;
                live("ORDERS_API_URL", &api_url)?;
                let upstream = Upstream::with_authorization(
                    &api_url,
                    crate::secret::Secret::new(format!("Bearer {}", config.orders.token.expose())),
                    config.upstream_timeout,
                )
                .map_err(StartError)?;
                Ok(Self::Orders(orders::Orders::new(upstream)))
            }
        }
    }

    /// `processout`, `invoiss` or `orders`.
    pub fn kind(&self) -> ProviderKind {
        match self {
            Self::ProcessOut(_) => ProviderKind::ProcessOut,
            Self::Invoiss(_) => ProviderKind::Invoiss,
            Self::Orders(_) => ProviderKind::Orders,
        }
    }
}

impl Provider for Configured {
    async fn invoice(&self, invoice_id: &str) -> Result<Invoice, ApiError> {
        match self {
            Self::ProcessOut(p) => p.invoice(invoice_id).await,
            Self::Invoiss(p) => p.invoice(invoice_id).await,
            Self::Orders(p) => p.invoice(invoice_id).await,
        }
    }

    async fn authorize(
        &self,
        invoice_id: &str,
        request: &AuthorizeRequest<'_>,
    ) -> Result<AuthorizeResponse, ApiError> {
        match self {
            Self::ProcessOut(p) => p.authorize(invoice_id, request).await,
            Self::Invoiss(p) => p.authorize(invoice_id, request).await,
            Self::Orders(p) => p.authorize(invoice_id, request).await,
        }
    }

    async fn transaction(&self, transaction_id: &str) -> Result<Transaction, ApiError> {
        match self {
            Self::ProcessOut(p) => p.transaction(transaction_id).await,
            Self::Invoiss(p) => p.transaction(transaction_id).await,
            Self::Orders(p) => p.transaction(transaction_id).await,
        }
    }

    async fn saved_sources(&self, invoice_id: &str) -> Result<Vec<SavedSource>, ApiError> {
        match self {
            Self::ProcessOut(p) => p.saved_sources(invoice_id).await,
            Self::Invoiss(p) => p.saved_sources(invoice_id).await,
            Self::Orders(p) => p.saved_sources(invoice_id).await,
        }
    }
}
