//! The orders payment API (seed 004): users pay one or several Orders with a Payment
//! Method; a Payment moves through `current_state`.
//!
//! What the seed documents is used as documented: the Payment object's fields, "Payment
//! for Orders" with `orders` and `payment_method`, "Retrieve a Payment" by id, and the
//! twelve `current_state` values. What it does not, the adapter assumes, here and in
//! docs/providers.md (keep the two together):
//!
//! 1. **Authentication.** `Authorization: Bearer {ORDERS_API_TOKEN}`.
//! 2. **Paths.** Pay: `POST /payments/orders` with `{"orders": ["<order id>", ...],
//!    "payment_method": "<id>"}`; retrieve: `GET /payments/{payment-id}`; read an order
//!    (for its lines and total, which the seed does not describe): `GET /orders/{order-id}`.
//! 3. **Shapes.** Answers are the bare object. A Payment has an `id` (the seed's
//!    "payment-id"). An Order has `id`, `name`, `description`, `currency`, `amount`,
//!    `tax_amount`, `shipping_amount` and `line_items` (`name`, `quantity`, `unit_price`,
//!    `discount_amount`); amounts are JSON numbers, like the Payment's. An error is a
//!    non-2xx status with `{"status_code", "error_message"}`, the Payment's own fields.
//! 4. **Payment method.** The widget's `source` (card or customer token from the merchant's
//!    card form) is the Payment Method id. Device data has no field and is not sent.
//! 5. **Idempotency.** The widget's `Idempotency-Key` is sent as a header. The seed does
//!    not mention one; an API that ignores it still refuses to pay an order twice only if
//!    it checks the order itself (the emulator does both).
//! 6. **Several orders.** A widget invoice id may name several orders (see
//!    [`super::ids`]); they are paid with one Payment. A Payment's `subject` names one
//!    Order, so a transaction read back links to that order only.

use axum::http::StatusCode;
use checkout_core::{Currency, TransactionStatus};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::{ids, AuthorizeRequest, Order, OrderLine};
use crate::api_error::ApiError;
use crate::upstream::Upstream;

/// Where the emulator is mounted under `/sandbox` (defined by the sandbox crate).
#[cfg(feature = "sandbox")]
pub use checkout_sandbox::ORDERS_MOUNT as SANDBOX_MOUNT;
/// Assumption 2: "Payment for Orders".
pub const PAY_PATH: &str = "/payments/orders";

const NAME: &str = "the orders API";

/// Assumption 2: "Retrieve a Payment".
pub fn payment_path(payment_id: &str) -> String {
    format!("/payments/{payment_id}")
}

/// Assumption 2: reading an Order.
pub fn order_path(order_id: &str) -> String {
    format!("/orders/{order_id}")
}

/// Every `current_state` of seed 004 and the widget status it becomes (docs/providers.md
/// shows the same table, with the reasons).
pub const STATE_TABLE: [(&str, &str); 12] = [
    ("created", "waiting"),
    ("processing", "pending"),
    ("on_retry", "pending"),
    ("reserved", "authorized"),
    ("captured", "completed"),
    ("succeeded", "completed"),
    ("failed", "failed"),
    ("cancelled", "voided"),
    ("refunded", "refunded"),
    ("partial_refund", "refunded"),
    ("pending_refund", "refunded"),
    ("refund_failed", "completed"),
];

/// The widget status for a `current_state`; one the seed does not list is kept verbatim
/// (checkout-core treats it as unknown: neither final nor a success).
pub fn widget_status(current_state: &str) -> TransactionStatus {
    STATE_TABLE
        .iter()
        .find(|(state, _)| *state == current_state)
        .map(|(_, status)| TransactionStatus::parse(status))
        .unwrap_or_else(|| TransactionStatus::Unknown(current_state.to_string()))
}

/// `status_code` ("some code from the chosen payment method backend") to an error code
/// checkout-core knows. The seed lists no codes; these are the usual card backends'.
/// A `status_code` that already is a checkout-core code is used as it is.
pub const STATUS_CODE_TABLE: &[(&str, &str)] = &[
    ("card_declined", "card.declined"),
    ("generic_decline", "card.declined"),
    ("insufficient_funds", "card.no-money"),
    ("do_not_honor", "card.do-not-honor"),
    ("expired_card", "card.expired"),
    ("incorrect_cvc", "card.failed-cvc"),
    ("invalid_cvc", "card.invalid-cvc"),
    ("incorrect_zip", "card.failed-avs"),
    ("address_verification_failed", "card.failed-avs"),
    ("incorrect_number", "card.invalid-number"),
    ("invalid_number", "card.invalid-number"),
    ("invalid_expiry_month", "card.invalid-expiry-month"),
    ("invalid_expiry_year", "card.invalid-expiry-year"),
    ("fraudulent", "card.possible-fraud"),
    ("stolen_card", "card.stolen"),
    ("lost_card", "card.lost"),
    ("pickup_card", "card.stolen"),
    ("card_not_supported", "card.not-supported"),
    ("currency_not_supported", "card.currency-unsupported"),
    ("transaction_not_allowed", "card.not-authorized"),
    ("authentication_required", "card.needs-authentication"),
    ("card_velocity_exceeded", "card.exceeded-limits"),
    (
        "withdrawal_count_limit_exceeded",
        "card.exceeded-withdrawal-limit",
    ),
    ("processing_error", "card.processing-error"),
    ("issuer_not_available", "card.issuer-down"),
    ("try_again_later", "card.please-retry"),
    ("duplicate_transaction", "card.duplicate"),
    ("order_already_paid", "card.duplicate"),
    ("idempotency_key_reused", "request.idempotency-key.invalid"),
    ("payment_method_not_found", "request.validation.error"),
];

/// The code for a failed payment whose `status_code` is missing or unknown.
pub const DEFAULT_DECLINE: &str = "payment.declined";

/// The error code for a `status_code`, if the table (or checkout-core) knows it.
pub fn known_error_code(status_code: &str) -> Option<String> {
    STATUS_CODE_TABLE
        .iter()
        .find(|(code, _)| *code == status_code)
        .map(|(_, core)| core.to_string())
        .or_else(|| {
            let core = checkout_core::ErrorCode::parse(status_code);
            (!matches!(core, checkout_core::ErrorCode::Other(_))).then(|| status_code.into())
        })
}

/// The error code of a failed payment.
pub fn error_code(status_code: Option<&str>) -> String {
    status_code
        .and_then(known_error_code)
        .unwrap_or_else(|| DEFAULT_DECLINE.to_string())
}

/// The Payment object (seed 004), amounts kept as their JSON text.
#[derive(Debug, Deserialize)]
pub struct Payment {
    /// The payment-id (assumption 3).
    pub id: Option<String>,
    /// Amount.
    pub amount: Option<Box<RawValue>>,
    /// Amount paid.
    pub amount_paid: Option<Box<RawValue>>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// Order or Subscription id.
    pub subject: Option<String>,
    /// State.
    pub current_state: Option<String>,
    /// Backend code when it failed.
    pub status_code: Option<String>,
    /// Backend text when it failed.
    pub error_message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    status_code: Option<String>,
    error_message: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ApiOrder {
    id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    currency: Option<String>,
    amount: Option<Box<RawValue>>,
    tax_amount: Option<Box<RawValue>>,
    shipping_amount: Option<Box<RawValue>>,
    line_items: Option<Vec<ApiLine>>,
}

#[derive(Debug, Deserialize)]
struct ApiLine {
    name: Option<String>,
    quantity: Option<u64>,
    unit_price: Option<Box<RawValue>>,
    discount_amount: Option<Box<RawValue>>,
}

/// "Payment for Orders".
#[derive(Debug, Serialize)]
pub struct PayRequest<'a> {
    /// Orders to be paid.
    pub orders: &'a [String],
    /// The Payment Method id (assumption 4).
    pub payment_method: &'a str,
}

/// Which call an error answered, for its 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    Order,
    Pay,
    Payment,
}

/// The orders payment API adapter.
#[derive(Clone)]
pub struct Orders {
    upstream: Upstream,
}

impl Orders {
    /// An adapter over `upstream` (whose `Authorization` is `Bearer ...`).
    pub fn new(upstream: Upstream) -> Self {
        Self { upstream }
    }

    fn order_ids(invoice_id: &str) -> Result<Vec<String>, ApiError> {
        ids::from_widget("iv", invoice_id)
            .ok_or_else(|| error_answer(StatusCode::NOT_FOUND, None, Call::Order))
    }

    /// The widget invoice for the order(s) the id names.
    pub async fn invoice(&self, invoice_id: &str) -> Result<Value, ApiError> {
        let mut orders = Vec::new();
        for id in Self::order_ids(invoice_id)? {
            let answer = self.upstream.get_raw(&order_path(&id)).await?;
            if !answer.status.is_success() {
                return Err(error_from_body(answer.status, &answer.bytes, Call::Order));
            }
            orders.push(read_order(&answer.bytes, answer.status)?);
        }
        super::widget_invoice(invoice_id, &orders)
    }

    /// Pays the order(s) with the widget's source as the Payment Method.
    pub async fn authorize(
        &self,
        invoice_id: &str,
        request: &AuthorizeRequest<'_>,
    ) -> Result<Value, ApiError> {
        super::card_or_token_source(NAME, request.source)?;
        let orders = Self::order_ids(invoice_id)?;
        let body = PayRequest {
            orders: &orders,
            payment_method: request.source,
        };
        let answer = self
            .upstream
            .post_raw(PAY_PATH, &body, Some(request.idempotency_key))
            .await?;
        if !answer.status.is_success() {
            return Err(error_from_body(answer.status, &answer.bytes, Call::Pay));
        }
        let payment: Payment = super::parse_body(NAME, answer.status, &answer.bytes)?;
        let transaction = widget_transaction(&payment, Some(invoice_id))?;
        if transaction["status"] == "failed" {
            tracing::info!(
                status_code = payment.status_code.as_deref().unwrap_or(""),
                "the orders API refused the payment"
            );
            return Err(decline(&payment));
        }
        Ok(json!({
            "success": true,
            "transaction": transaction,
            "customer_action": null,
        }))
    }

    /// Retrieves the payment the widget transaction id stands for.
    pub async fn transaction(&self, transaction_id: &str) -> Result<Value, ApiError> {
        let payment_id = ids::from_widget("tr", transaction_id)
            .filter(|ids| ids.len() == 1)
            .and_then(|mut ids| ids.pop())
            .ok_or_else(|| error_answer(StatusCode::NOT_FOUND, None, Call::Payment))?;
        let answer = self.upstream.get_raw(&payment_path(&payment_id)).await?;
        if !answer.status.is_success() {
            return Err(error_from_body(answer.status, &answer.bytes, Call::Payment));
        }
        let payment: Payment = super::parse_body(NAME, answer.status, &answer.bytes)?;
        widget_transaction(&payment, None)
    }
}

/// Reads an Order (assumption 3) with every amount exact.
pub fn read_order(bytes: &[u8], status: StatusCode) -> Result<Order, ApiError> {
    let order: ApiOrder = super::parse_body(NAME, status, bytes)?;
    let id = order.id.ok_or_else(super::invalid_answer)?;
    let currency = super::currency(
        NAME,
        "order.currency",
        order.currency.as_deref().unwrap_or(""),
    )?;
    let money =
        |field: &str, raw: Option<&RawValue>| super::optional_money(NAME, field, raw, currency);
    let total = money("order.amount", order.amount.as_deref())?.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            "proxy.upstream-invalid-response",
            "the orders API's order has no amount",
        )
    })?;
    let mut lines = Vec::new();
    for (i, line) in order.line_items.unwrap_or_default().into_iter().enumerate() {
        let field = format!("order.line_items[{i}].unit_price");
        let unit_amount = money(&field, line.unit_price.as_deref())?.ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "proxy.upstream-invalid-response",
                format!("the orders API's {field} is missing"),
            )
        })?;
        lines.push(OrderLine {
            name: line.name.unwrap_or_default(),
            quantity: line.quantity.unwrap_or(1),
            unit_amount,
            discount: money(
                &format!("order.line_items[{i}].discount_amount"),
                line.discount_amount.as_deref(),
            )?,
        });
    }
    Ok(Order {
        id,
        name: order.name.or(order.description),
        total,
        lines,
        tax: money("order.tax_amount", order.tax_amount.as_deref())?,
        shipping: money("order.shipping_amount", order.shipping_amount.as_deref())?,
    })
}

/// The widget transaction for a Payment: its state as a widget status, the error code for
/// a failure, and `status_code` and `error_message` passed through as the API sent them.
pub fn widget_transaction(payment: &Payment, invoice_id: Option<&str>) -> Result<Value, ApiError> {
    let state = payment.current_state.as_deref().ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            "proxy.upstream-invalid-response",
            "the orders API's payment has no current_state",
        )
    })?;
    let status = widget_status(state);
    let id = payment
        .id
        .as_deref()
        .and_then(|id| ids::to_widget("tr", &[id]));
    if id.is_none() {
        tracing::warn!("the orders API's payment id cannot be carried in a widget id");
    }
    let invoice_id = match invoice_id {
        Some(id) => Some(id.to_string()),
        None => payment
            .subject
            .as_deref()
            .and_then(|s| ids::to_widget("iv", &[s])),
    };
    let (amount, currency) = match (&payment.amount, &payment.currency) {
        (Some(raw), Some(code)) => {
            let currency: Currency = super::currency(NAME, "payment.currency", code)?;
            let amount = super::optional_money(NAME, "payment.amount", Some(raw), currency)?;
            (amount.map(|a| a.to_wire_string()), Some(currency.code()))
        }
        _ => (None, None),
    };
    let error_code =
        (status == TransactionStatus::Failed).then(|| error_code(payment.status_code.as_deref()));
    Ok(json!({
        "id": id,
        "invoice_id": invoice_id,
        "status": status.as_str(),
        "error_code": error_code,
        "error_message": payment.error_message,
        "status_code": payment.status_code,
        "amount": amount,
        "currency": currency,
    }))
}

/// A failed payment as the widget's decline (HTTP 402), like ProcessOut's.
fn decline(payment: &Payment) -> ApiError {
    let code = error_code(payment.status_code.as_deref());
    ApiError::new(
        StatusCode::PAYMENT_REQUIRED,
        &code,
        message(
            payment.error_message.as_deref(),
            payment.status_code.as_deref(),
        ),
    )
}

/// `error_message` and `status_code` as the widget's developer message.
fn message(error_message: Option<&str>, status_code: Option<&str>) -> String {
    let text = error_message
        .filter(|m| !m.trim().is_empty())
        .unwrap_or("the payment failed");
    match status_code {
        Some(code) => format!("{text} (status_code: {code})"),
        None => text.to_string(),
    }
}

fn error_from_body(status: StatusCode, bytes: &[u8], call: Call) -> ApiError {
    let body: ErrorBody = serde_json::from_slice(bytes).unwrap_or_default();
    error_answer(status, Some(&body), call)
}

/// The widget error for a non-2xx answer:
///
/// | HTTP status | widget error |
/// |---|---|
/// | 401, 403 | `proxy.misconfigured` (502) |
/// | 5xx | `proxy.upstream-unavailable` (502; retry with the same key is safe) |
/// | 404 | `resource.invoice.not-found` (orders), `resource.transaction.not-found` (payments) |
/// | other 4xx | [`STATUS_CODE_TABLE`] of `status_code`, else `payment.declined` for 402 and `request.validation.error` otherwise; 402 for `card.*` and `payment.declined`, else the same HTTP status |
fn error_answer(status: StatusCode, body: Option<&ErrorBody>, call: Call) -> ApiError {
    let status_code = body.and_then(|b| b.status_code.as_deref());
    let text = message(body.and_then(|b| b.error_message.as_deref()), status_code);
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            super::misconfigured(status, status_code.unwrap_or("orders"))
        }
        s if s.is_server_error() => super::unavailable(s, status_code.unwrap_or("orders")),
        StatusCode::NOT_FOUND if call == Call::Payment => ApiError::new(
            status,
            "resource.transaction.not-found",
            "the orders API has no payment with this id",
        ),
        StatusCode::NOT_FOUND => ApiError::new(
            status,
            "resource.invoice.not-found",
            "the orders API has no order with this id",
        ),
        s => {
            let code = status_code.and_then(known_error_code).unwrap_or_else(|| {
                if s == StatusCode::PAYMENT_REQUIRED {
                    DEFAULT_DECLINE.to_string()
                } else {
                    "request.validation.error".to_string()
                }
            });
            // A card outcome is a decline to the widget, whatever status carried it.
            let s = if code.starts_with("card.") || code == DEFAULT_DECLINE {
                StatusCode::PAYMENT_REQUIRED
            } else if s.is_client_error() {
                s
            } else {
                StatusCode::BAD_GATEWAY
            };
            ApiError::new(s, &code, text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_core::ErrorCode;

    /// A Payment with every attribute of seed 004's table, amounts as in its example.
    fn seed_payment(state: &str) -> String {
        format!(
            r#"{{"id": "pay_8Hk2", "user": {{"id": "user_1"}}, "amount": 10.23,
            "amount_paid": 10.23, "amount_reserved": 0, "currency": "USD",
            "human_id": "A1B2C3", "subject": "ord_42", "current_state": "{state}",
            "active": true, "payment_date": null, "payment_method": "pm_secret",
            "billing_address": null, "description": null, "metadata": [],
            "status_code": null, "error_message": null}}"#
        )
    }

    fn payment(text: &str) -> Payment {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn every_current_state_maps_to_a_widget_status() {
        // The table of docs/providers.md: state, widget status, final?, success?
        let expected = [
            ("created", "waiting", false, false),
            ("processing", "pending", false, false),
            ("captured", "completed", true, true),
            ("succeeded", "completed", true, true),
            ("failed", "failed", true, false),
            ("cancelled", "voided", true, false),
            ("reserved", "authorized", true, true),
            ("refunded", "refunded", true, false),
            ("partial_refund", "refunded", true, false),
            ("pending_refund", "refunded", true, false),
            ("refund_failed", "completed", true, true),
            ("on_retry", "pending", false, false),
        ];
        assert_eq!(expected.len(), STATE_TABLE.len());
        for (state, status, is_final, success) in expected {
            let mapped = widget_status(state);
            assert_eq!(mapped.as_str(), status, "{state}");
            assert!(
                TransactionStatus::KNOWN.contains(&mapped),
                "{state} -> {status} is not a widget status"
            );
            assert_eq!(mapped.is_final(), is_final, "{state} final");
            assert_eq!(mapped.is_success(), success, "{state} success");
            let tr = widget_transaction(&payment(&seed_payment(state)), None).unwrap();
            assert_eq!(tr["status"], status, "{state}");
        }
        assert_eq!(widget_status("exploded").as_str(), "exploded");
        assert!(!widget_status("exploded").is_success());
    }

    #[test]
    fn a_seed_payment_becomes_a_display_safe_widget_transaction() {
        let tr = widget_transaction(&payment(&seed_payment("succeeded")), None).unwrap();
        assert_eq!(tr["id"], "tr_payZu8Hk2");
        assert_eq!(tr["invoice_id"], "iv_ordZu42");
        assert_eq!(tr["amount"], "10.23");
        assert_eq!(tr["currency"], "USD");
        assert_eq!(tr["error_code"], Value::Null);
        let text = tr.to_string();
        for private in ["pm_secret", "user_1", "A1B2C3"] {
            assert!(!text.contains(private), "{private} leaked: {text}");
        }
    }

    #[test]
    fn a_failure_passes_status_code_and_error_message_through() {
        let text = seed_payment("failed")
            .replace(
                r#""status_code": null"#,
                r#""status_code": "insufficient_funds""#,
            )
            .replace(
                r#""error_message": null"#,
                r#""error_message": "Your card has insufficient funds.""#,
            );
        let p = payment(&text);
        let tr = widget_transaction(&p, Some("iv_ordZu42")).unwrap();
        assert_eq!(tr["status"], "failed");
        assert_eq!(tr["error_code"], "card.no-money");
        assert_eq!(tr["status_code"], "insufficient_funds");
        assert_eq!(tr["error_message"], "Your card has insufficient funds.");
        let err = decline(&p);
        assert_eq!(err.status, StatusCode::PAYMENT_REQUIRED);
        assert_eq!(err.error_type, "card.no-money");
        assert_eq!(
            err.message,
            "Your card has insufficient funds. (status_code: insufficient_funds)"
        );
    }

    #[test]
    fn status_codes_map_to_codes_the_widget_knows() {
        for (status_code, core) in STATUS_CODE_TABLE {
            assert!(
                !matches!(ErrorCode::parse(core), ErrorCode::Other(_)),
                "{status_code} -> {core}"
            );
        }
        assert_eq!(error_code(Some("expired_card")), "card.expired");
        assert_eq!(error_code(Some("card.no-money")), "card.no-money");
        assert_eq!(error_code(Some("E_1234")), "payment.declined");
        assert_eq!(error_code(None), "payment.declined");
    }

    #[test]
    fn a_payment_amount_that_is_not_exact_is_refused() {
        let text = seed_payment("succeeded").replace(r#""amount": 10.23"#, r#""amount": 10.235"#);
        let err = widget_transaction(&payment(&text), None).unwrap_err();
        assert_eq!(err.error_type, "proxy.upstream-invalid-response");
        assert!(err.message.contains("payment.amount"), "{}", err.message);
        let text = seed_payment("succeeded").replace(r#""amount": 10.23"#, r#""amount": 1.023e1"#);
        let err = widget_transaction(&payment(&text), None).unwrap_err();
        assert!(err.message.contains("exponent"), "{}", err.message);
    }

    #[test]
    fn several_orders_are_paid_with_one_request() {
        let orders = ids::from_widget("iv", "iv_ordZuaZpordZub").unwrap();
        let body = serde_json::to_value(PayRequest {
            orders: &orders,
            payment_method: "tok_test4242424242424242",
        })
        .unwrap();
        assert_eq!(
            body,
            json!({"orders": ["ord_a", "ord_b"], "payment_method": "tok_test4242424242424242"})
        );
    }

    #[test]
    fn an_order_is_read_exactly() {
        let order = read_order(
            br#"{"id": "ord_1", "name": "Tea", "currency": "JPY", "amount": 6550,
                "tax_amount": 570, "shipping_amount": 280,
                "line_items": [{"name": "Teapot", "quantity": 1, "unit_price": 4200},
                               {"name": "Sencha", "quantity": 2, "unit_price": 900, "discount_amount": 300}]}"#,
            StatusCode::OK,
        )
        .unwrap();
        let invoice = super::super::widget_invoice("iv_ordZu1", &[order]).unwrap();
        assert_eq!(invoice["amount"], "6550");
        assert_eq!(invoice["breakdown"]["reconciles"], true);
        let err = read_order(
            br#"{"id": "ord_1", "currency": "JPY", "amount": 6550.5}"#,
            StatusCode::OK,
        )
        .unwrap_err();
        assert!(err.message.contains("JPY"), "{}", err.message);
    }

    #[test]
    fn error_answers_become_errors_the_widget_can_explain() {
        let cases: [(u16, &[u8], Call, &str, u16); 6] = [
            (401, b"{}", Call::Pay, "proxy.misconfigured", 502),
            (502, b"", Call::Pay, "proxy.upstream-unavailable", 502),
            (404, b"{}", Call::Order, "resource.invoice.not-found", 404),
            (
                404,
                b"{}",
                Call::Payment,
                "resource.transaction.not-found",
                404,
            ),
            (
                409,
                br#"{"status_code": "order_already_paid", "error_message": "already paid"}"#,
                Call::Pay,
                "card.duplicate",
                402,
            ),
            (
                400,
                br#"{"status_code": "bad_field", "error_message": "orders is required"}"#,
                Call::Pay,
                "request.validation.error",
                400,
            ),
        ];
        for (status, body, call, code, widget_status) in cases {
            let err = error_from_body(StatusCode::from_u16(status).unwrap(), body, call);
            assert_eq!(err.error_type, code, "{status}");
            assert_eq!(err.status.as_u16(), widget_status, "{status}");
        }
    }
}
