//! The orders API's JSON ↔ the widget contract: `current_state` as a widget status,
//! `status_code` as an error code checkout-core knows, Orders read exactly, and error
//! answers as errors the widget can explain (assumptions 3 to 6 of [`super`]).

use axum::http::StatusCode;
use checkout_core::contract::Transaction;
use checkout_core::wire::WireDecimal;
use checkout_core::{Currency, ErrorCode, TransactionStatus};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::api_error::ApiError;
use crate::provider::order::{read_order as read_raw_order, Order, OrderSchema, RawObject};
use crate::provider::{answer, ids};

pub use super::codes::{error_code, known_error_code, widget_status, DEFAULT_DECLINE};

/// The provider, as messages name it.
pub const NAME: &str = "the orders API";

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

/// The error answer's body (assumption 3).
#[derive(Debug, Default, Deserialize)]
pub struct FailureBody {
    status_code: Option<String>,
    error_message: Option<String>,
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
pub enum Call {
    /// Reading an Order.
    Order,
    /// Paying.
    Pay,
    /// Retrieving a Payment.
    Payment,
}

/// The orders API's names for an Order's fields (assumption 3).
pub const ORDER_SCHEMA: OrderSchema = OrderSchema {
    provider: NAME,
    name: &["name", "description"],
    total: "amount",
    tax: "tax_amount",
    shipping: "shipping_amount",
    lines: "line_items",
    line_price: "unit_price",
    line_discount: "discount_amount",
};

/// Reads an Order (assumption 3) with every amount exact.
pub fn read_order(bytes: &[u8], status: StatusCode) -> Result<Order, ApiError> {
    let raw: RawObject = answer::parse_body(NAME, status, bytes)?;
    read_raw_order(&ORDER_SCHEMA, &raw, None)
}

/// The widget transaction for a Payment: its state as a widget status, the error code for
/// a failure, and `status_code` and `error_message` passed through as the API sent them.
pub fn widget_transaction(
    payment: &Payment,
    invoice_id: Option<&str>,
) -> Result<Transaction, ApiError> {
    let state = payment
        .current_state
        .as_deref()
        .ok_or_else(|| answer::unreadable("the orders API's payment has no current_state"))?;
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
            let currency: Currency = answer::currency(NAME, "payment.currency", code)?;
            let amount = answer::optional_money(NAME, "payment.amount", Some(raw), currency)?;
            (
                amount.as_ref().map(WireDecimal::from),
                Some(currency.code().to_string()),
            )
        }
        _ => (None, None),
    };
    let error_code =
        (status == TransactionStatus::Failed).then(|| error_code(payment.status_code.as_deref()));
    Ok(Transaction {
        id,
        invoice_id,
        status: Some(status),
        error_code,
        error_message: payment.error_message.clone(),
        status_code: payment.status_code.clone(),
        amount,
        currency,
        ..Transaction::default()
    })
}

/// A failed payment as the widget's decline (HTTP 402), like ProcessOut's.
pub fn decline(payment: &Payment) -> ApiError {
    ApiError::new(
        StatusCode::PAYMENT_REQUIRED,
        error_code(payment.status_code.as_deref()),
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

/// The widget error for a non-2xx answer whose body is `{status_code, error_message}`.
pub fn error_from_body(status: StatusCode, bytes: &[u8], call: Call) -> ApiError {
    let body: Option<FailureBody> = serde_json::from_slice(bytes).ok();
    error_answer(status, body.as_ref(), call)
}

/// The widget error for a non-2xx answer:
///
/// | HTTP status | widget error |
/// |---|---|
/// | 401, 403 | `proxy.misconfigured` (502) |
/// | 5xx | `proxy.upstream-unavailable` (502; retry with the same key is safe) |
/// | 404 | `resource.invoice.not-found` (orders), `resource.transaction.not-found` (payments) |
/// | 429 | a known `status_code` through the table, else `request.rate.exceeded` (429) when the body is readable, `proxy.upstream-invalid-response` (502) when not |
/// | 409, 3xx, other non-4xx | a known `status_code` through the table, else `proxy.upstream-invalid-response` (502): unknown, never a decline |
/// | other 4xx | [`STATUS_CODE_TABLE`] of `status_code`, else `payment.declined` for 402 and `request.validation.error` otherwise; 402 for `card.*` and `payment.declined`, else the same HTTP status |
pub fn error_answer(status: StatusCode, body: Option<&FailureBody>, call: Call) -> ApiError {
    let status_code = body.and_then(|b| b.status_code.as_deref());
    let text = message(body.and_then(|b| b.error_message.as_deref()), status_code);
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            answer::misconfigured(status, status_code.unwrap_or("orders"))
        }
        s if s.is_server_error() => answer::unavailable(s, status_code.unwrap_or("orders")),
        StatusCode::NOT_FOUND if call == Call::Payment => ApiError::new(
            status,
            ErrorCode::ResourceTransactionNotFound,
            "the orders API has no payment with this id",
        ),
        StatusCode::NOT_FOUND => ApiError::new(
            status,
            ErrorCode::ResourceInvoiceNotFound,
            "the orders API has no order with this id",
        ),
        s if status_code.and_then(known_error_code).is_none()
            && (s == StatusCode::CONFLICT
                || s == StatusCode::TOO_MANY_REQUESTS
                || !s.is_client_error()) =>
        {
            if s == StatusCode::TOO_MANY_REQUESTS && body.is_some() {
                return ApiError::new(s, ErrorCode::RequestRateExceeded, text);
            }
            tracing::warn!(status = %s, "orders API answer states no known outcome");
            answer::unreadable(format!(
                "the orders API answered {s} without a known status_code; the payment may have happened: retry with the same idempotency key ({text})"
            ))
        }
        s => {
            let code = status_code.and_then(known_error_code).unwrap_or_else(|| {
                if s == StatusCode::PAYMENT_REQUIRED {
                    DEFAULT_DECLINE
                } else {
                    ErrorCode::RequestValidationError
                }
            });
            // A card outcome is a decline to the widget, whatever status carried it.
            let s = if code.as_str().starts_with("card.") || code == DEFAULT_DECLINE {
                StatusCode::PAYMENT_REQUIRED
            } else if s.is_client_error() {
                s
            } else {
                StatusCode::BAD_GATEWAY
            };
            ApiError::new(s, code, text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::orders::codes::{STATE_TABLE, STATUS_CODE_TABLE};
    use serde_json::{json, Value};

    fn widget(payment: &Payment, invoice_id: Option<&str>) -> Value {
        serde_json::to_value(widget_transaction(payment, invoice_id).unwrap()).unwrap()
    }

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
            let tr = widget(&payment(&seed_payment(state)), None);
            assert_eq!(tr["status"], status, "{state}");
        }
        assert_eq!(widget_status("exploded").as_str(), "exploded");
        assert!(!widget_status("exploded").is_success());
    }

    #[test]
    fn a_seed_payment_becomes_a_display_safe_widget_transaction() {
        let tr = widget(&payment(&seed_payment("succeeded")), None);
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
        let tr = widget(&p, Some("iv_ordZu42"));
        assert_eq!(tr["status"], "failed");
        assert_eq!(tr["error_code"], "card.no-money");
        assert_eq!(tr["status_code"], "insufficient_funds");
        assert_eq!(tr["error_message"], "Your card has insufficient funds.");
        let err = decline(&p);
        assert_eq!(err.status, StatusCode::PAYMENT_REQUIRED);
        assert_eq!(err.code().as_str(), "card.no-money");
        assert_eq!(
            err.message(),
            "Your card has insufficient funds. (status_code: insufficient_funds)"
        );
    }

    #[test]
    fn status_codes_map_to_codes_the_widget_knows() {
        for (status_code, core) in STATUS_CODE_TABLE {
            assert!(
                !matches!(ErrorCode::parse(core.as_str()), ErrorCode::Other(_)),
                "{status_code} -> {core}"
            );
        }
        assert_eq!(error_code(Some("expired_card")).as_str(), "card.expired");
        assert_eq!(error_code(Some("card.no-money")).as_str(), "card.no-money");
        assert_eq!(error_code(Some("E_1234")).as_str(), "payment.declined");
        assert_eq!(error_code(None).as_str(), "payment.declined");
    }

    #[test]
    fn a_payment_amount_that_is_not_exact_is_refused() {
        let text = seed_payment("succeeded").replace(r#""amount": 10.23"#, r#""amount": 10.235"#);
        let err = widget_transaction(&payment(&text), None).unwrap_err();
        assert_eq!(err.code().as_str(), "proxy.upstream-invalid-response");
        assert!(
            err.message().contains("payment.amount"),
            "{}",
            err.message()
        );
        let text = seed_payment("succeeded").replace(r#""amount": 10.23"#, r#""amount": 1.023e1"#);
        let err = widget_transaction(&payment(&text), None).unwrap_err();
        assert!(err.message().contains("exponent"), "{}", err.message());
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
        let invoice = crate::provider::order::widget_invoice("iv_ordZu1", &[order]).unwrap();
        let invoice = serde_json::to_value(invoice).unwrap();
        assert_eq!(invoice["amount"], "6550");
        assert_eq!(invoice["breakdown"]["reconciles"], true);
        let err = read_order(
            br#"{"id": "ord_1", "currency": "JPY", "amount": 6550.5}"#,
            StatusCode::OK,
        )
        .unwrap_err();
        assert!(err.message().contains("JPY"), "{}", err.message());
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
            assert_eq!(err.code().as_str(), code, "{status}");
            assert_eq!(err.status.as_u16(), widget_status, "{status}");
        }
    }

    /// Issue 15: 409 and 429 without a known `status_code` are unknown outcomes, not
    /// validation errors; an idempotency conflict stays a 409 the widget retries.
    #[test]
    fn conflicts_and_rate_limits_without_a_known_code_are_unknown() {
        let cases: [(u16, &[u8], &str, u16); 6] = [
            (
                409,
                br#"{"status_code": "weird"}"#,
                "proxy.upstream-invalid-response",
                502,
            ),
            (
                409,
                b"<html>conflict</html>",
                "proxy.upstream-invalid-response",
                502,
            ),
            (
                429,
                br#"{"error_message": "slow down"}"#,
                "request.rate.exceeded",
                429,
            ),
            (
                429,
                b"<html>slow down</html>",
                "proxy.upstream-invalid-response",
                502,
            ),
            (302, b"", "proxy.upstream-invalid-response", 502),
            (
                409,
                br#"{"status_code": "idempotency_key_reused"}"#,
                "request.idempotency-key.invalid",
                409,
            ),
        ];
        for (status, body, code, widget_status) in cases {
            let err = error_from_body(StatusCode::from_u16(status).unwrap(), body, Call::Pay);
            assert_eq!(err.code().as_str(), code, "{status}");
            assert_eq!(err.status.as_u16(), widget_status, "{status}");
        }
    }
}
