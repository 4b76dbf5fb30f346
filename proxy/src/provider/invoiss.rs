//! Invoiss (seed 003): `POST /public/payments/process` with the token in the
//! `Authorization` header, answered by `{success, message}`.
//!
//! What the seed documents is used as documented. What it does not, the adapter assumes,
//! here and in docs/providers.md (keep the two together):
//!
//! 1. **Reading an order.** The seed says orders exist (created with a client and line
//!    items) but not how to read one. Assumed: `GET /public/orders/{orderId}`, same
//!    `Authorization`, answering `{"success": true, "order": {...}}` where the order has
//!    `id`, `title`, `currency`, `lineItems` (`name`, `quantity`, `price`, `discount`),
//!    `taxTotal`, `shippingTotal` and `grandTotal`, amounts as JSON numbers.
//! 2. **Currency.** The payment request names none. The order's `currency` is used, else
//!    `INVOISS_CURRENCY` (default USD).
//! 3. **The request.** `method` `CARD`; `type` `INVOICE`; `order` `{id, grandTotal}` and
//!    `orderId` from the order; `amount` = `grandTotal` (the whole order is paid);
//!    `company` `{id: INVOISS_COMPANY_ID, metadata: {}}`; `gateway` `{id:
//!    INVOISS_GATEWAY_ID}`; `signature` = the widget's `source` (the card or customer token
//!    from the merchant's card form: the only per-payment proof the request can carry);
//!    `paymentId` = `pay_` + the widget's `Idempotency-Key`, so a retry of one attempt is
//!    the same payment to Invoiss and is never processed twice. `status` ("required for
//!    certain types") is not sent. Device data has no field and is not sent.
//! 4. **The answer.** `success: true` means the money was taken: widget status
//!    `completed`. Otherwise the free-text `message` is read with [`MESSAGE_CODES`] into an
//!    error code checkout-core knows (see [`answer_error`]).
//! 5. **No read-back.** The seed has no way to read a payment, and its answer is final, so
//!    the widget never needs to poll: `GET /checkout/transactions/{id}` answers 404.

use axum::http::StatusCode;
use checkout_core::{Currency, Money};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use super::json_money::money_to_json;
use super::{ids, AuthorizeRequest, Order, OrderLine};
use crate::api_error::ApiError;
use crate::config::InvoissConfig;
use crate::upstream::Upstream;
use crate::StartError;

/// Where the emulator is mounted under `/sandbox` (defined by the sandbox crate).
#[cfg(feature = "sandbox")]
pub use checkout_sandbox::INVOISS_MOUNT as SANDBOX_MOUNT;
/// The seed's payment endpoint.
pub const PROCESS_PATH: &str = "/public/payments/process";
/// Prefix of the `paymentId` made from the widget's idempotency key.
pub const PAYMENT_ID_PREFIX: &str = "pay_";
/// The payment method the widget pays with.
pub const METHOD: &str = "CARD";
/// The transaction type for paying an order.
pub const TYPE: &str = "INVOICE";

const NAME: &str = "Invoiss";

/// Assumption 1: where an order is read.
pub fn order_path(order_id: &str) -> String {
    format!("/public/orders/{order_id}")
}

/// Free-text `message` to error code, first match wins (case-insensitive substring).
/// Applies to payment outcomes (HTTP 2xx, 402, 409); see [`answer_error`].
pub const MESSAGE_CODES: &[(&str, &str)] = &[
    ("insufficient", "card.no-money"),
    ("do not honor", "card.do-not-honor"),
    ("fraud", "card.possible-fraud"),
    ("stolen", "card.stolen"),
    ("lost", "card.lost"),
    ("expired", "card.expired"),
    ("cvv", "card.failed-cvc"),
    ("cvc", "card.failed-cvc"),
    ("security code", "card.failed-cvc"),
    ("address", "card.failed-avs"),
    ("not permitted", "card.not-authorized"),
    ("not authorized", "card.not-authorized"),
    ("authentication", "card.needs-authentication"),
    ("limit", "card.exceeded-limits"),
    ("already paid", "card.duplicate"),
    ("already been paid", "card.duplicate"),
    ("duplicate", "card.duplicate"),
    ("paymentid already used", "request.idempotency-key.invalid"),
    ("invalid card", "card.invalid-number"),
    ("card number", "card.invalid-number"),
    ("try again", "card.please-retry"),
    ("declined", "card.declined"),
];

/// The code for a payment that failed without any recognised words.
pub const DEFAULT_DECLINE: &str = "payment.declined";

/// The error code for an Invoiss `message`.
pub fn message_code(message: &str) -> &'static str {
    let lower = message.to_lowercase();
    MESSAGE_CODES
        .iter()
        .find(|(words, _)| lower.contains(words))
        .map(|(_, code)| *code)
        .unwrap_or(DEFAULT_DECLINE)
}

/// The Invoiss adapter.
#[derive(Clone)]
pub struct Invoiss {
    upstream: Upstream,
    company_id: String,
    gateway_id: String,
    default_currency: Currency,
}

#[derive(Debug, Deserialize)]
struct OrderEnvelope {
    order: Option<InvoissOrder>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InvoissOrder {
    id: Option<String>,
    title: Option<String>,
    currency: Option<String>,
    line_items: Option<Vec<InvoissLine>>,
    tax_total: Option<Box<RawValue>>,
    shipping_total: Option<Box<RawValue>>,
    grand_total: Option<Box<RawValue>>,
}

#[derive(Debug, Deserialize)]
struct InvoissLine {
    name: Option<String>,
    quantity: Option<u64>,
    price: Option<Box<RawValue>>,
    discount: Option<Box<RawValue>>,
}

/// Seed 003's payment request, amounts as exact JSON numbers.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessRequest {
    /// `CARD`.
    pub method: &'static str,
    /// `{id, grandTotal}`.
    pub order: OrderRef,
    /// `{id, metadata}`.
    pub company: Company,
    /// The widget's source token (assumption 3).
    pub signature: String,
    /// `INVOICE`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The amount paid: the order's grand total.
    pub amount: Box<RawValue>,
    /// `{id}`.
    pub gateway: Gateway,
    /// `pay_` + the idempotency key.
    pub payment_id: String,
    /// The order's id.
    pub order_id: String,
}

/// `order` of the payment request.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRef {
    /// Order id.
    pub id: String,
    /// Order total.
    pub grand_total: Box<RawValue>,
}

/// `company` of the payment request.
#[derive(Debug, Serialize)]
pub struct Company {
    /// `INVOISS_COMPANY_ID`.
    pub id: String,
    /// Always `{}`.
    pub metadata: Map<String, Value>,
}

/// `gateway` of the payment request.
#[derive(Debug, Serialize)]
pub struct Gateway {
    /// `INVOISS_GATEWAY_ID`.
    pub id: String,
}

#[derive(Debug, Default, Deserialize)]
struct ProcessAnswer {
    success: Option<bool>,
    message: Option<String>,
}

impl Invoiss {
    /// An adapter over `upstream` (whose `Authorization` is the bare token).
    pub fn new(upstream: Upstream, settings: &InvoissConfig) -> Result<Self, StartError> {
        let default_currency = Currency::parse("INVOISS_CURRENCY", &settings.currency)
            .map_err(|e| StartError(e.to_string()))?;
        Ok(Self {
            upstream,
            company_id: settings.company_id.clone(),
            gateway_id: settings.gateway_id.clone(),
            default_currency,
        })
    }

    /// The one order a widget invoice id stands for.
    fn order_id(invoice_id: &str) -> Result<String, ApiError> {
        let mut ids = ids::from_widget("iv", invoice_id).ok_or_else(not_found)?;
        if ids.len() != 1 {
            return Err(ApiError::validation(
                "Invoiss pays one order at a time: the invoice id must name a single order",
            ));
        }
        ids.pop().ok_or_else(not_found)
    }

    async fn order(&self, order_id: &str) -> Result<Order, ApiError> {
        let answer = self.upstream.get_raw(&order_path(order_id)).await?;
        if !answer.status.is_success() {
            let body: ProcessAnswer = serde_json::from_slice(&answer.bytes).unwrap_or_default();
            return Err(match answer.status {
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                    super::misconfigured(answer.status, "invoiss")
                }
                StatusCode::NOT_FOUND => not_found(),
                s if s.is_server_error() => super::unavailable(s, "invoiss"),
                s => ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    "proxy.upstream-invalid-response",
                    format!(
                        "Invoiss answered {s} to reading the order: {}",
                        body.message.unwrap_or_default()
                    ),
                ),
            });
        }
        read_order(&answer.bytes, answer.status, self.default_currency)
    }

    /// The widget invoice for the order.
    pub async fn invoice(&self, invoice_id: &str) -> Result<Value, ApiError> {
        let order = self.order(&Self::order_id(invoice_id)?).await?;
        super::widget_invoice(invoice_id, &[order])
    }

    /// Pays the whole order with `POST /public/payments/process`.
    pub async fn authorize(
        &self,
        invoice_id: &str,
        request: &AuthorizeRequest<'_>,
    ) -> Result<Value, ApiError> {
        super::card_or_token_source(NAME, request.source)?;
        let order = self.order(&Self::order_id(invoice_id)?).await?;
        let body = payment_request(
            &order,
            &self.company_id,
            &self.gateway_id,
            request.source,
            request.idempotency_key,
        )?;
        let answer = self
            .upstream
            .post_raw(PROCESS_PATH, &body, Some(request.idempotency_key))
            .await?;
        answer_outcome(answer.status, &answer.bytes)?;
        Ok(json!({
            "success": true,
            "transaction": {
                "id": ids::to_widget("tr", &[body.payment_id.as_str()]),
                "invoice_id": invoice_id,
                "status": "completed",
                "error_code": null,
                "error_message": null,
                "amount": order.total.to_wire_string(),
                "currency": order.total.currency().code(),
            },
            "customer_action": null,
        }))
    }

    /// Invoiss documents no way to read a payment back (assumption 5).
    pub async fn transaction(&self, _transaction_id: &str) -> Result<Value, ApiError> {
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "resource.transaction.not-found",
            "Invoiss has no API to read a payment back; the answer to the payment itself is final",
        ))
    }
}

fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "resource.invoice.not-found",
        "Invoiss has no order with this id",
    )
}

/// Reads `{"order": {...}}` (assumption 1) with every amount exact.
pub fn read_order(
    bytes: &[u8],
    status: StatusCode,
    default_currency: Currency,
) -> Result<Order, ApiError> {
    let envelope: OrderEnvelope = super::parse_body(NAME, status, bytes)?;
    let order = envelope.order.ok_or_else(super::invalid_answer)?;
    let id = order.id.ok_or_else(super::invalid_answer)?;
    let currency = match &order.currency {
        Some(code) => super::currency(NAME, "order.currency", code)?,
        None => default_currency,
    };
    let money = |field: &str, raw: Option<&RawValue>| -> Result<Option<Money>, ApiError> {
        super::optional_money(NAME, field, raw, currency)
    };
    let total = money("order.grandTotal", order.grand_total.as_deref())?.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            "proxy.upstream-invalid-response",
            "Invoiss order has no grandTotal",
        )
    })?;
    // Refused now rather than at payment: an order that cannot be sent exactly is not shown.
    money_to_json("order.grandTotal", &total).map_err(|e| super::amount_error(NAME, e))?;
    let mut lines = Vec::new();
    for (i, line) in order.line_items.unwrap_or_default().into_iter().enumerate() {
        let unit_amount = money(
            &format!("order.lineItems[{i}].price"),
            line.price.as_deref(),
        )?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "proxy.upstream-invalid-response",
                format!("Invoiss order.lineItems[{i}] has no price"),
            )
        })?;
        lines.push(OrderLine {
            name: line.name.unwrap_or_default(),
            quantity: line.quantity.unwrap_or(1),
            unit_amount,
            discount: money(
                &format!("order.lineItems[{i}].discount"),
                line.discount.as_deref(),
            )?,
        });
    }
    Ok(Order {
        id,
        name: order.title,
        total,
        lines,
        tax: money("order.taxTotal", order.tax_total.as_deref())?,
        shipping: money("order.shippingTotal", order.shipping_total.as_deref())?,
    })
}

/// Seed 003's request for paying `order` in full (assumption 3).
pub fn payment_request(
    order: &Order,
    company_id: &str,
    gateway_id: &str,
    source: &str,
    idempotency_key: &str,
) -> Result<ProcessRequest, ApiError> {
    let amount =
        |field: &str| money_to_json(field, &order.total).map_err(|e| super::amount_error(NAME, e));
    Ok(ProcessRequest {
        method: METHOD,
        order: OrderRef {
            id: order.id.clone(),
            grand_total: amount("order.grandTotal")?,
        },
        company: Company {
            id: company_id.to_string(),
            metadata: Map::new(),
        },
        signature: source.to_string(),
        kind: TYPE,
        amount: amount("amount")?,
        gateway: Gateway {
            id: gateway_id.to_string(),
        },
        payment_id: format!("{PAYMENT_ID_PREFIX}{idempotency_key}"),
        order_id: order.id.clone(),
    })
}

/// `Ok` when Invoiss processed the payment; otherwise the error the widget explains.
pub fn answer_outcome(status: StatusCode, bytes: &[u8]) -> Result<(), ApiError> {
    let answer = serde_json::from_slice::<ProcessAnswer>(bytes);
    if status.is_success() {
        let answer = answer.map_err(|_| {
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "proxy.upstream-invalid-response",
                format!("Invoiss answered {status} with a body that is not {{success, message}}; the payment's outcome is unknown"),
            )
        })?;
        if answer.success == Some(true) {
            return Ok(());
        }
        return Err(answer_error(status, answer.message.as_deref()));
    }
    let message = answer.ok().and_then(|a| a.message);
    Err(answer_error(status, message.as_deref()))
}

/// The widget error for an Invoiss answer that is not a success:
///
/// | Invoiss HTTP status | widget error |
/// |---|---|
/// | 401, 403 | `proxy.misconfigured` (502) |
/// | 5xx | `proxy.upstream-unavailable` (502; retry with the same key is safe) |
/// | 404 | `resource.invoice.not-found` (404) |
/// | 400, 422 | `request.validation.error` (400) |
/// | 2xx with `success: false`, 402, 409, others | [`message_code`] of `message` (402 for card and payment codes, 409 otherwise) |
pub fn answer_error(status: StatusCode, message: Option<&str>) -> ApiError {
    let text = message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or("Invoiss did not process the payment")
        .to_string();
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => super::misconfigured(status, "invoiss"),
        s if s.is_server_error() => super::unavailable(s, "invoiss"),
        StatusCode::NOT_FOUND => ApiError::new(status, "resource.invoice.not-found", text),
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
            ApiError::new(StatusCode::BAD_REQUEST, "request.validation.error", text)
        }
        _ => {
            let code = message_code(&text);
            let status = if code.starts_with("card.") || code == DEFAULT_DECLINE {
                StatusCode::PAYMENT_REQUIRED
            } else {
                StatusCode::CONFLICT
            };
            ApiError::new(status, code, text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_core::ErrorCode;

    fn usd() -> Currency {
        Currency::parse("currency", "USD").unwrap()
    }

    /// The order of seed 003's example (`order_123456`, grand total 100.00), in the
    /// assumed read shape.
    const SEED_ORDER: &str = r#"{"success": true, "order": {
        "id": "order_123456", "title": "Consulting", "clientId": "client_1",
        "lineItems": [{"name": "Consulting hour", "quantity": 4, "price": 25.00}],
        "taxTotal": 0, "shippingTotal": 0, "grandTotal": 100.00}}"#;

    #[test]
    fn the_seeds_example_request_is_what_the_adapter_sends() {
        let order = read_order(SEED_ORDER.as_bytes(), StatusCode::OK, usd()).unwrap();
        assert_eq!(order.id, "order_123456");
        assert_eq!(order.total.to_wire_string(), "100.00");
        let request = payment_request(
            &order,
            "comp_78910",
            "gateway_12345",
            "tok_test4242424242424242",
            "123456789",
        )
        .unwrap();
        let sent = serde_json::to_string(&request).unwrap();
        // The amounts go out as written, JSON numbers with their decimals.
        assert!(sent.contains(r#""grandTotal":100.00"#), "{sent}");
        assert!(sent.contains(r#""amount":100.00"#), "{sent}");
        let sent: Value = serde_json::from_str(&sent).unwrap();
        let seed: Value = serde_json::from_str(
            r#"{
            "method": "CARD",
            "order": {"id": "order_123456", "grandTotal": 100.00},
            "company": {"id": "comp_78910", "metadata": {}},
            "signature": "tok_test4242424242424242",
            "type": "INVOICE",
            "amount": 100.00,
            "gateway": {"id": "gateway_12345"},
            "paymentId": "pay_123456789",
            "orderId": "order_123456"
        }"#,
        )
        .unwrap();
        // The seed's example, less `status` (not sent; see the module docs).
        assert_eq!(sent, seed);
    }

    #[test]
    fn the_seeds_example_response_is_a_completed_payment() {
        let body = br#"{"success": true, "message": "Payment processed successfully"}"#;
        assert_eq!(answer_outcome(StatusCode::OK, body), Ok(()));
    }

    #[test]
    fn an_order_becomes_a_widget_invoice() {
        let order = read_order(SEED_ORDER.as_bytes(), StatusCode::OK, usd()).unwrap();
        let invoice = super::super::widget_invoice("iv_orderZu123456", &[order]).unwrap();
        assert_eq!(invoice["id"], "iv_orderZu123456");
        assert_eq!(invoice["name"], "Consulting");
        assert_eq!(invoice["amount"], "100.00");
        assert_eq!(invoice["currency"], "USD");
        assert_eq!(invoice["breakdown"]["lines"][0]["total"], "100.00");
        assert_eq!(invoice["breakdown"]["reconciles"], true);
        assert!(!invoice.to_string().contains("client_1"));
    }

    #[test]
    fn an_order_total_that_is_not_exact_is_refused() {
        let body = SEED_ORDER.replace("\"grandTotal\": 100.00", "\"grandTotal\": 100.005");
        let err = read_order(body.as_bytes(), StatusCode::OK, usd()).unwrap_err();
        assert_eq!(err.error_type, "proxy.upstream-invalid-response");
        assert!(
            err.message.contains("order.grandTotal")
                && err.message.contains("more decimals than USD allows"),
            "{}",
            err.message
        );
        let body = SEED_ORDER.replace("\"grandTotal\": 100.00", "\"grandTotal\": 1e2");
        let err = read_order(body.as_bytes(), StatusCode::OK, usd()).unwrap_err();
        assert!(err.message.contains("exponent"), "{}", err.message);
        let body = SEED_ORDER.replace("\"grandTotal\": 100.00", "\"grandTotal\": \"100.00\"");
        let err = read_order(body.as_bytes(), StatusCode::OK, usd()).unwrap_err();
        assert!(err.message.contains("string"), "{}", err.message);
    }

    #[test]
    fn message_table_maps_to_codes_the_widget_knows() {
        for (words, code) in MESSAGE_CODES {
            assert!(
                !matches!(ErrorCode::parse(code), ErrorCode::Other(_)),
                "{words} -> {code} is not a checkout-core code"
            );
        }
        for (message, code) in [
            ("Payment declined: insufficient funds", "card.no-money"),
            ("Payment declined: card expired", "card.expired"),
            ("Payment declined: do not honor", "card.do-not-honor"),
            ("Payment declined: CVV check failed", "card.failed-cvc"),
            ("Payment declined: suspected fraud", "card.possible-fraud"),
            ("Order order_1 has already been paid", "card.duplicate"),
            ("Payment declined by the card issuer", "card.declined"),
            ("Something odd happened", "payment.declined"),
        ] {
            assert_eq!(message_code(message), code, "{message}");
        }
    }

    #[test]
    fn failed_answers_become_errors_the_widget_can_explain() {
        let cases: [(u16, &[u8], &str, u16); 8] = [
            (
                200,
                br#"{"success": false, "message": "Payment declined: insufficient funds"}"#,
                "card.no-money",
                402,
            ),
            (
                402,
                br#"{"success": false, "message": "Payment declined: card expired"}"#,
                "card.expired",
                402,
            ),
            (
                409,
                br#"{"success": false, "message": "paymentId already used for a different payment"}"#,
                "request.idempotency-key.invalid",
                409,
            ),
            (
                400,
                br#"{"success": false, "message": "amount is required"}"#,
                "request.validation.error",
                400,
            ),
            (
                404,
                br#"{"success": false, "message": "Order not found"}"#,
                "resource.invoice.not-found",
                404,
            ),
            (401, br#"{"success": false}"#, "proxy.misconfigured", 502),
            (503, b"<html>down</html>", "proxy.upstream-unavailable", 502),
            (200, b"not json", "proxy.upstream-invalid-response", 502),
        ];
        for (status, body, code, widget_status) in cases {
            let err = answer_outcome(StatusCode::from_u16(status).unwrap(), body).unwrap_err();
            assert_eq!(err.error_type, code, "{status}");
            assert_eq!(err.status.as_u16(), widget_status, "{status}");
        }
        // The message reaches the widget, for developers.
        let err = answer_outcome(
            StatusCode::OK,
            br#"{"success": false, "message": "Payment declined: insufficient funds"}"#,
        )
        .unwrap_err();
        assert_eq!(err.message, "Payment declined: insufficient funds");
    }
}
