//! The payment providers behind `/checkout`, chosen by `CHECKOUT_PROVIDER`.
//!
//! The widget-facing API is the same for all of them (docs/api.md): each adapter turns its
//! provider's invoice or orders into the widget's invoice, and its payment result into a
//! widget transaction whose `status` is one of ProcessOut's transaction statuses
//! (`checkout_core::TransactionStatus`) and whose `error_code` is one checkout-core knows
//! (`checkout_core::ErrorCode`), so the widget can explain it.
//!
//! - [`processout::ProcessOut`]: ProcessOut itself (seeds 000–002), unchanged.
//! - [`invoiss::Invoiss`]: Invoiss's `POST /public/payments/process` (seed 003).
//! - [`orders::Orders`]: the orders payment API with `current_state` (seed 004).
//!
//! Dispatch is a plain enum: three known adapters, no boxing of async calls. What the seeds
//! leave undocumented and the adapters assume is listed in docs/providers.md and, for each
//! adapter, in its module documentation.

pub mod ids;
pub mod invoiss;
pub mod orders;
pub mod processout;

use std::net::SocketAddr;

use axum::http::StatusCode;
use checkout_core::{Currency, Money};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::api_error::ApiError;
#[cfg(feature = "sandbox")]
use crate::config::Mode;
use crate::config::{Config, ProviderKind};
use crate::upstream::Upstream;
use crate::StartError;

/// Exact money in JSON numbers lives in checkout-core, shared with the sandbox; re-exported
/// so `crate::provider::json_money::...` paths keep working.
pub use checkout_core::json_money;
use json_money::AmountError;

/// What the widget sent to pay, once the proxy has checked it.
#[derive(Debug, Clone, Copy)]
pub struct AuthorizeRequest<'a> {
    /// `card_...`, `tok_...` or `gway_req_...`.
    pub source: &'a str,
    /// Device data in ProcessOut's field names (`crate::device::build`).
    pub device: &'a Value,
    /// The widget's idempotency key for this attempt.
    pub idempotency_key: &'a str,
}

/// The configured provider.
#[derive(Clone)]
pub enum Provider {
    /// ProcessOut (or the ProcessOut-compatible sandbox).
    ProcessOut(processout::ProcessOut),
    /// Invoiss (or its emulator).
    Invoiss(invoiss::Invoiss),
    /// The orders payment API (or its emulator).
    Orders(orders::Orders),
}

/// In sandbox mode, the URL of this server's own emulator of `kind`, reached over HTTP.
#[cfg(feature = "sandbox")]
fn own_emulator(config: &Config, addr: SocketAddr, kind: ProviderKind) -> Option<String> {
    let mount = match kind {
        ProviderKind::ProcessOut => "",
        ProviderKind::Invoiss => invoiss::SANDBOX_MOUNT,
        ProviderKind::Orders => orders::SANDBOX_MOUNT,
    };
    match config.mode {
        Mode::Sandbox => Some(format!("http://{addr}/sandbox{mount}")),
        Mode::Live => None,
    }
}

/// A build without the sandbox has no emulator to point at (`crate::app` refuses sandbox
/// mode before getting here).
#[cfg(not(feature = "sandbox"))]
fn own_emulator(_: &Config, _: SocketAddr, _: ProviderKind) -> Option<String> {
    None
}

impl Provider {
    /// The provider `config` selects, for a server reachable at `addr` (in sandbox mode the
    /// provider is this server's own emulator, reached over HTTP).
    pub fn from_config(config: &Config, addr: SocketAddr) -> Result<Self, StartError> {
        let own = |kind: ProviderKind| own_emulator(config, addr, kind);
        match config.provider {
            ProviderKind::ProcessOut => {
                let api_url = config
                    .api_url
                    .clone()
                    .or_else(|| own(ProviderKind::ProcessOut))
                    .unwrap_or_else(|| crate::config::DEFAULT_API_URL.to_string());
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

    /// The display-safe widget invoice for `invoice_id` (already checked to be `iv_...`).
    pub async fn invoice(&self, invoice_id: &str) -> Result<Value, ApiError> {
        match self {
            Self::ProcessOut(p) => p.invoice(invoice_id).await,
            Self::Invoiss(p) => p.invoice(invoice_id).await,
            Self::Orders(p) => p.invoice(invoice_id).await,
        }
    }

    /// Pays `invoice_id`; the answer is the widget's authorize body
    /// `{success, transaction, customer_action}`, a decline an error (HTTP 402).
    pub async fn authorize(
        &self,
        invoice_id: &str,
        request: &AuthorizeRequest<'_>,
    ) -> Result<Value, ApiError> {
        match self {
            Self::ProcessOut(p) => p.authorize(invoice_id, request).await,
            Self::Invoiss(p) => p.authorize(invoice_id, request).await,
            Self::Orders(p) => p.authorize(invoice_id, request).await,
        }
    }

    /// The display-safe widget transaction `transaction_id` (already checked to be `tr_...`).
    pub async fn transaction(&self, transaction_id: &str) -> Result<Value, ApiError> {
        match self {
            Self::ProcessOut(p) => p.transaction(transaction_id).await,
            Self::Invoiss(p) => p.transaction(transaction_id).await,
            Self::Orders(p) => p.transaction(transaction_id).await,
        }
    }
}

/// An order (Invoiss) or Order (orders API) as the adapters read it, amounts exact.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// The provider's id.
    pub id: String,
    /// What the customer pays for, if the provider names it.
    pub name: Option<String>,
    /// What the customer pays.
    pub total: Money,
    /// Line items, when the provider lists them.
    pub lines: Vec<OrderLine>,
    /// Tax included in the total.
    pub tax: Option<Money>,
    /// Shipping included in the total.
    pub shipping: Option<Money>,
}

/// One line item of an [`Order`].
#[derive(Debug, Clone, PartialEq)]
pub struct OrderLine {
    /// Item name.
    pub name: String,
    /// How many.
    pub quantity: u64,
    /// Price of one.
    pub unit_amount: Money,
    /// Discount on the whole line.
    pub discount: Option<Money>,
}

/// The widget invoice for one or several orders paid together: written in ProcessOut's
/// invoice shape (decimal strings), then passed through the same display-safe filter and
/// checkout-core breakdown as a ProcessOut invoice, so the widget cannot tell the difference.
pub fn widget_invoice(widget_id: &str, orders: &[Order]) -> Result<Value, ApiError> {
    let first = orders.first().ok_or_else(invalid_answer)?;
    let currency = first.total.currency();
    let mut total = Money::zero(currency);
    let mut tax: Option<Money> = None;
    let mut shipping: Option<Money> = None;
    let mut names = Vec::new();
    let itemised = orders.iter().all(|o| !o.lines.is_empty());
    let mut details = Vec::new();
    let add = |sum: Option<Money>, more: &Option<Money>| -> Result<Option<Money>, ApiError> {
        match (sum, more) {
            (Some(a), Some(b)) => a.checked_add(b).map(Some).map_err(money_error),
            (None, Some(b)) => Ok(Some(*b)),
            (a, None) => Ok(a),
        }
    };
    for order in orders {
        if order.total.currency() != currency {
            return Err(ApiError::validation(format!(
                "orders paid together must share one currency: {} is in {}, {} in {}",
                first.id,
                currency.code(),
                order.id,
                order.total.currency().code()
            )));
        }
        total = total.checked_add(&order.total).map_err(money_error)?;
        tax = add(tax, &order.tax)?;
        shipping = add(shipping, &order.shipping)?;
        names.push(
            order
                .name
                .clone()
                .unwrap_or_else(|| format!("Order {}", order.id)),
        );
        if itemised {
            for line in &order.lines {
                details.push(json!({
                    "name": line.name,
                    "type": "product",
                    "amount": line.unit_amount.to_wire_string(),
                    "quantity": line.quantity,
                    "discount_amount": line.discount.map(|d| d.to_wire_string()),
                }));
            }
        }
    }
    let invoice = json!({
        "id": widget_id,
        "name": names.join(" + "),
        "amount": total.to_wire_string(),
        "currency": currency.code(),
        "details": if itemised { Value::Array(details) } else { Value::Null },
        "tax": tax.map(|t| json!({ "amount": t.to_wire_string() })),
        "shipping": shipping.map(|s| json!({ "amount": s.to_wire_string() })),
    });
    Ok(crate::checkout::display_safe_invoice(&invoice))
}

/// A provider answer without the object the adapter needs.
pub(crate) fn invalid_answer() -> ApiError {
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "proxy.upstream-invalid-response",
        "the payment provider's answer is missing the expected object",
    )
}

/// The provider refused the proxy's credentials: the merchant's misconfiguration, which
/// must not look like the customer's fault.
pub(crate) fn misconfigured(status: StatusCode, code: &str) -> ApiError {
    tracing::error!(%status, error_type = code, "provider refused the proxy's credentials");
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "proxy.misconfigured",
        "the merchant's payment configuration was refused by the provider",
    )
}

/// The provider failed (5xx): the widget may retry with the same idempotency key.
pub(crate) fn unavailable(status: StatusCode, code: &str) -> ApiError {
    tracing::warn!(%status, error_type = code, "provider failed");
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "proxy.upstream-unavailable",
        "the payment provider failed to process the request; retrying with the same idempotency key is safe",
    )
}

/// An amount the proxy cannot convert exactly: refused, never rounded.
pub(crate) fn amount_error(provider: &str, err: AmountError) -> ApiError {
    tracing::warn!(provider, field = %err.field, problem = %err.problem, "amount refused");
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "proxy.upstream-invalid-response",
        format!("{provider} amount {err}; nothing is charged for an amount that is not exact"),
    )
}

fn money_error(err: checkout_core::MoneyError) -> ApiError {
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "proxy.upstream-invalid-response",
        format!("the orders' amounts cannot be added exactly: {err}"),
    )
}

/// Parses a provider's JSON body into `T` straight from its bytes (so amounts can be read
/// from their text). The error says where, never what: bodies may hold payment data.
pub(crate) fn parse_body<T: DeserializeOwned>(
    provider: &str,
    status: StatusCode,
    bytes: &[u8],
) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        tracing::warn!(provider, %status, line = e.line(), column = e.column(), "unreadable answer");
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            "proxy.upstream-invalid-response",
            format!(
                "{provider} answered {status} with a body that is not what the adapter expects (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })
}

/// An optional amount field read exactly in `currency`.
pub(crate) fn optional_money(
    provider: &str,
    field: &str,
    raw: Option<&serde_json::value::RawValue>,
    currency: Currency,
) -> Result<Option<Money>, ApiError> {
    raw.map(|raw| json_money::money_from_json(field, raw, currency))
        .transpose()
        .map_err(|e| amount_error(provider, e))
}

/// Card and customer tokens only: a `gway_req_` 3-D Secure result is ProcessOut's.
pub(crate) fn card_or_token_source(provider: &str, source: &str) -> Result<(), ApiError> {
    if source.starts_with("card_") || source.starts_with("tok_") {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "source: {provider} takes a card_ or tok_ payment method; 3-D Secure results (gway_req_) are ProcessOut's"
        )))
    }
}

/// A currency code from a provider, which must be ISO 4217 with a minor unit.
pub(crate) fn currency(provider: &str, field: &str, code: &str) -> Result<Currency, ApiError> {
    Currency::parse(field, code).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            "proxy.upstream-invalid-response",
            format!("{provider} {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(amount: &str, currency: &str) -> Money {
        Money::parse(
            "amount",
            amount,
            Currency::parse("currency", currency).unwrap(),
        )
        .unwrap()
    }

    fn order(id: &str, total: &str, currency: &str, lines: Vec<OrderLine>) -> Order {
        Order {
            id: id.into(),
            name: Some(format!("Order {id}")),
            total: money(total, currency),
            lines,
            tax: None,
            shipping: None,
        }
    }

    #[test]
    fn orders_become_a_widget_invoice_with_a_core_breakdown() {
        let mut a = order(
            "a",
            "12.00",
            "EUR",
            vec![OrderLine {
                name: "Book".into(),
                quantity: 2,
                unit_amount: money("5.00", "EUR"),
                discount: None,
            }],
        );
        a.tax = Some(money("2.00", "EUR"));
        let b = order(
            "b",
            "3.50",
            "EUR",
            vec![OrderLine {
                name: "Pen".into(),
                quantity: 1,
                unit_amount: money("4.00", "EUR"),
                discount: Some(money("0.50", "EUR")),
            }],
        );
        let invoice = widget_invoice("iv_aZpb", &[a, b]).unwrap();
        assert_eq!(invoice["id"], "iv_aZpb");
        assert_eq!(invoice["amount"], "15.50");
        assert_eq!(invoice["currency"], "EUR");
        assert_eq!(invoice["name"], "Order a + Order b");
        assert_eq!(invoice["breakdown"]["total"], "15.50");
        assert_eq!(invoice["breakdown"]["subtotal"], "13.50");
        assert_eq!(invoice["breakdown"]["tax"], "2.00");
        assert_eq!(invoice["breakdown"]["reconciles"], true);
        assert_eq!(invoice["breakdown"]["lines"][1]["total"], "3.50");
    }

    #[test]
    fn orders_in_different_currencies_cannot_be_paid_together() {
        let err = widget_invoice(
            "iv_aZpb",
            &[
                order("a", "1.00", "EUR", vec![]),
                order("b", "1.00", "USD", vec![]),
            ],
        )
        .unwrap_err();
        assert_eq!(err.error_type, "request.validation.error");
        assert!(err.message.contains("one currency"), "{}", err.message);
    }

    #[test]
    fn an_order_without_lines_shows_its_total_only() {
        let invoice = widget_invoice("iv_a", &[order("a", "7.00", "USD", vec![])]).unwrap();
        assert_eq!(invoice["breakdown"]["total"], "7.00");
        assert_eq!(invoice["breakdown"]["itemised"], false);
    }
}
