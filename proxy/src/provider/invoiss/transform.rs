//! Invoiss's JSON ↔ the widget contract (assumptions 1, 3 and 4 of [`super`]): the order
//! read exactly, the seed's payment request, and its `{success, message}` answer as an
//! outcome the widget can explain.

use axum::http::StatusCode;
use checkout_core::{Currency, ErrorCode};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::api_error::ApiError;
use crate::provider::answer;
use crate::provider::json_money::money_to_json;
use crate::provider::order::{read_order as read_raw_order, Order, OrderSchema, RawObject};

/// Prefix of the `paymentId` made from the widget's idempotency key.
pub const PAYMENT_ID_PREFIX: &str = "pay_";
/// The payment method the widget pays with.
pub const METHOD: &str = "CARD";
/// The transaction type for paying an order.
pub const TYPE: &str = "INVOICE";

/// The provider, as messages name it.
pub const NAME: &str = "Invoiss";

/// Free-text `message` to error code: the first code one of whose words the message
/// contains (case-insensitive) wins, in table order. Applies to payment outcomes (HTTP 2xx,
/// 402, 409); see [`answer_error`].
pub const MESSAGE_CODES: &[(ErrorCode, &[&str])] = &[
    (ErrorCode::CardNoMoney, &["insufficient"]),
    (ErrorCode::CardDoNotHonor, &["do not honor"]),
    (ErrorCode::CardPossibleFraud, &["fraud"]),
    (ErrorCode::CardStolen, &["stolen"]),
    (ErrorCode::CardLost, &["lost"]),
    (ErrorCode::CardExpired, &["expired"]),
    (ErrorCode::CardFailedCvc, &["cvv", "cvc", "security code"]),
    (ErrorCode::CardFailedAvs, &["address"]),
    (
        ErrorCode::CardNotAuthorized,
        &["not permitted", "not authorized"],
    ),
    (ErrorCode::CardNeedsAuthentication, &["authentication"]),
    (ErrorCode::CardExceededLimits, &["limit"]),
    (
        ErrorCode::CardDuplicate,
        &["already paid", "already been paid", "duplicate"],
    ),
    (
        ErrorCode::RequestIdempotencyKeyInvalid,
        &["paymentid already used"],
    ),
    (
        ErrorCode::CardInvalidNumber,
        &["invalid card", "card number"],
    ),
    (ErrorCode::CardPleaseRetry, &["try again"]),
    (ErrorCode::CardDeclined, &["declined"]),
];

/// The code for a payment that failed without any recognised words.
pub const DEFAULT_DECLINE: ErrorCode = ErrorCode::PaymentDeclined;

/// The error code for an Invoiss `message`.
pub fn message_code(message: &str) -> ErrorCode {
    let lower = message.to_lowercase();
    MESSAGE_CODES
        .iter()
        .find(|(_, words)| words.iter().any(|w| lower.contains(w)))
        .map_or(DEFAULT_DECLINE, |(code, _)| code.clone())
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

/// Invoiss's names for an order's fields (assumption 1).
pub const ORDER_SCHEMA: OrderSchema = OrderSchema {
    provider: NAME,
    name: &["title"],
    total: "grandTotal",
    tax: "taxTotal",
    shipping: "shippingTotal",
    lines: "lineItems",
    line_price: "price",
    line_discount: "discount",
};

#[derive(Debug, Deserialize)]
struct OrderEnvelope {
    order: Option<RawObject>,
}

/// Reads `{"order": {...}}` (assumption 1) with every amount exact.
pub fn read_order(
    bytes: &[u8],
    status: StatusCode,
    default_currency: Currency,
) -> Result<Order, ApiError> {
    let envelope: OrderEnvelope = answer::parse_body(NAME, status, bytes)?;
    let raw = envelope.order.ok_or_else(answer::invalid_answer)?;
    let order = read_raw_order(&ORDER_SCHEMA, &raw, Some(default_currency))?;
    // Refused now rather than at payment: an order that cannot be sent exactly is not shown.
    money_to_json("order.grandTotal", &order.total).map_err(|e| answer::amount_error(NAME, e))?;
    Ok(order)
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
        |field: &str| money_to_json(field, &order.total).map_err(|e| answer::amount_error(NAME, e));
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

/// An error answer to reading an order (other than 404): the merchant's credentials, a
/// failing provider, or an answer the adapter cannot use.
pub fn order_error(status: StatusCode, bytes: &[u8]) -> ApiError {
    let body: ProcessAnswer = serde_json::from_slice(bytes).unwrap_or_default();
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            answer::misconfigured(status, "invoiss")
        }
        s if s.is_server_error() => answer::unavailable(s, "invoiss"),
        s => answer::unreadable(format!(
            "Invoiss answered {s} to reading the order: {}",
            body.message.unwrap_or_default()
        )),
    }
}

/// `Ok` when Invoiss processed the payment; otherwise the error the widget explains.
pub fn answer_outcome(status: StatusCode, bytes: &[u8]) -> Result<(), ApiError> {
    let answer = serde_json::from_slice::<ProcessAnswer>(bytes);
    if status.is_success() {
        let answer = answer.map_err(|_| {
            answer::unreadable(format!(
                "Invoiss answered {status} with a body that is not {{success, message}}; the payment's outcome is unknown"
            ))
        })?;
        if answer.success == Some(true) {
            return Ok(());
        }
        return Err(answer_error(status, stated_message(answer).as_deref()));
    }
    Err(answer_error(
        status,
        answer.ok().and_then(stated_message).as_deref(),
    ))
}

/// The `message` of a readable `{success: false, message}`: what Invoiss stated. A body
/// that is not that (an HTML page, `{}`, no message) states nothing.
fn stated_message(answer: ProcessAnswer) -> Option<String> {
    (answer.success == Some(false))
        .then_some(answer.message)
        .flatten()
        .filter(|m| !m.trim().is_empty())
}

/// The widget error for an Invoiss answer that is not a success; `stated` is the `message`
/// of a readable `{success: false, message}`, `None` when the body was not that:
///
/// | Invoiss HTTP status | widget error |
/// |---|---|
/// | 401, 403 | `proxy.misconfigured` (502) |
/// | 5xx | `proxy.upstream-unavailable` (502; retry with the same key is safe) |
/// | 404 | `resource.invoice.not-found` (404) |
/// | 400, 422 | `request.validation.error` (400) |
/// | 429 | stated: `request.rate.exceeded` (429); else `proxy.upstream-invalid-response` (502) |
/// | 2xx with `success: false`, 402, 409, others (408, 3xx, ...) | stated: [`message_code`] of `message` (402 for card and payment codes, 409 otherwise); else `proxy.upstream-invalid-response` (502): an unreadable answer is never a decline |
pub fn answer_error(status: StatusCode, stated: Option<&str>) -> ApiError {
    let text = stated
        .unwrap_or("Invoiss did not process the payment")
        .to_string();
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            answer::misconfigured(status, "invoiss")
        }
        s if s.is_server_error() => answer::unavailable(s, "invoiss"),
        StatusCode::NOT_FOUND => ApiError::new(status, ErrorCode::ResourceInvoiceNotFound, text),
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::RequestValidationError,
            text,
        ),
        StatusCode::TOO_MANY_REQUESTS if stated.is_some() => {
            ApiError::new(status, ErrorCode::RequestRateExceeded, text)
        }
        s if stated.is_none() => {
            tracing::warn!(status = %s, "Invoiss answer states no outcome");
            answer::unreadable(format!(
                "Invoiss answered {s} without a readable {{success: false, message}}; the payment may have happened: retry with the same idempotency key"
            ))
        }
        _ => {
            let code = message_code(&text);
            let status = if code.as_str().starts_with("card.") || code == DEFAULT_DECLINE {
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
        let invoice = crate::provider::order::widget_invoice("iv_orderZu123456", &[order]).unwrap();
        let invoice = serde_json::to_value(invoice).unwrap();
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
        assert_eq!(err.code().as_str(), "proxy.upstream-invalid-response");
        assert!(
            err.message().contains("order.grandTotal")
                && err.message().contains("more decimals than USD allows"),
            "{}",
            err.message()
        );
        let body = SEED_ORDER.replace("\"grandTotal\": 100.00", "\"grandTotal\": 1e2");
        let err = read_order(body.as_bytes(), StatusCode::OK, usd()).unwrap_err();
        assert!(err.message().contains("exponent"), "{}", err.message());
        let body = SEED_ORDER.replace("\"grandTotal\": 100.00", "\"grandTotal\": \"100.00\"");
        let err = read_order(body.as_bytes(), StatusCode::OK, usd()).unwrap_err();
        assert!(err.message().contains("string"), "{}", err.message());
    }

    #[test]
    fn message_table_maps_to_codes_the_widget_knows() {
        for (code, words) in MESSAGE_CODES {
            assert!(
                !matches!(ErrorCode::parse(code.as_str()), ErrorCode::Other(_)),
                "{words:?} -> {code} is not a checkout-core code"
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
            assert_eq!(message_code(message).as_str(), code, "{message}");
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
            assert_eq!(err.code().as_str(), code, "{status}");
            assert_eq!(err.status.as_u16(), widget_status, "{status}");
        }
        // Issue 15: only a readable `{success: false, message}` may be a decline; anything
        // unreadable is an unknown outcome (502), a readable 429 is a rate limit.
        let unknown: [(u16, &[u8]); 7] = [
            (408, b"Request Timeout"),
            (429, b"<html>slow down</html>"),
            (403, b"<html>WAF</html>"),
            (402, b"{}"),
            (409, br#"{"success": false}"#),
            (200, br#"{"message": "no success field"}"#),
            (302, b""),
        ];
        for (status, body) in unknown {
            let err = answer_outcome(StatusCode::from_u16(status).unwrap(), body).unwrap_err();
            let expected = if status == 403 {
                "proxy.misconfigured"
            } else {
                "proxy.upstream-invalid-response"
            };
            assert_eq!(err.code().as_str(), expected, "{status}");
            assert_eq!(err.status.as_u16(), 502, "{status}");
        }
        let err = answer_outcome(
            StatusCode::TOO_MANY_REQUESTS,
            br#"{"success": false, "message": "Too many requests"}"#,
        )
        .unwrap_err();
        assert_eq!(err.code().as_str(), "request.rate.exceeded");
        assert_eq!(err.status.as_u16(), 429);
        // The message reaches the widget, for developers.
        let err = answer_outcome(
            StatusCode::OK,
            br#"{"success": false, "message": "Payment declined: insufficient funds"}"#,
        )
        .unwrap_err();
        assert_eq!(err.message(), "Payment declined: insufficient funds");
    }
}
