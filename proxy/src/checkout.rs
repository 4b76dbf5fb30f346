//! The widget-facing API under `/checkout`. Only display-safe data goes out.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::api_error::ApiError;
use crate::client_ip::client_ip;
use crate::device::{self, RequestFacts};
use crate::provider::AuthorizeRequest;
use crate::secret::mask;
use crate::{AppState, MAX_BODY_BYTES};

/// Every route under `/checkout`, as (method, path). docs/openapi.yaml must list each one;
/// a test holds them together.
pub const ROUTES: [(&str, &str); 3] = [
    ("GET", "/invoices/{invoice_id}"),
    ("POST", "/invoices/{invoice_id}/authorize"),
    ("GET", "/transactions/{transaction_id}"),
];

/// Routes mounted at `/checkout`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(ROUTES[0].1, get(get_invoice))
        .route(ROUTES[1].1, post(authorize))
        .route(ROUTES[2].1, get(get_transaction))
}

/// `true` for an `Idempotency-Key` of 1 to 128 characters of `[A-Za-z0-9_-]`.
pub fn valid_idempotency_key(key: &str) -> bool {
    (1..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The payment sources the widget may send: a card token, a customer token, or the result
/// of a 3-D Secure step (see [`checkout_core::limits::is_three_d_s_result`]).
fn valid_source(source: &str) -> bool {
    checkout_core::limits::is_three_d_s_result(source)
        || ["card", "tok"]
            .iter()
            .any(|prefix| valid_id(source, prefix))
}

/// `true` for ids of the form `<prefix>_<alphanumerics>`, e.g. `iv_0kJ1i4d0...`. Checked
/// before any upstream call so a crafted id can never change the upstream path.
pub fn valid_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('_'))
        .is_some_and(|rest| {
            (1..=64).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

async fn get_invoice(
    State(state): State<AppState>,
    Path(invoice_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    if !valid_id(&invoice_id, "iv") {
        return Err(ApiError::validation(
            "invoice_id must look like iv_ followed by 1 to 64 letters or digits",
        ));
    }
    let invoice = state.provider.invoice(&invoice_id).await?;
    Ok(Json(json!({ "success": true, "invoice": invoice })))
}

async fn authorize(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(invoice_id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let ip = client_ip(peer.ip(), &headers, &state.trusted_proxies);
    if !state.authorize_limiter.allow(ip) {
        tracing::warn!(client_ip = %ip, "authorize rate limit reached");
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "request.rate.exceeded",
            "too many payment attempts from this address; wait a minute and retry with the same idempotency key",
        ));
    }
    if !valid_id(&invoice_id, "iv") {
        return Err(ApiError::validation(
            "invoice_id must look like iv_ followed by 1 to 64 letters or digits",
        ));
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| valid_idempotency_key(k))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "request.idempotency-key.invalid",
                "the Idempotency-Key header is required: 1 to 128 characters of A-Z, a-z, 0-9, _ and -",
            )
        })?
        .to_string();
    let bytes = read_body(&headers, body).await?;
    let request: Value = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "request.bad-format",
            format!("the body is not valid JSON: {e}"),
        )
    })?;
    if !request.is_object() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "request.bad-format",
            "the body must be a JSON object",
        ));
    }
    let source = request
        .get("source")
        .and_then(Value::as_str)
        .filter(|s| valid_source(s))
        .ok_or_else(|| {
            ApiError::validation(
                "source must be a card_ or tok_ id (letters and digits after the prefix) or a gway_req_ 3-D Secure result",
            )
        })?;
    let header_text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let facts = RequestFacts {
        ip_address: ip.to_string(),
        user_agent: header_text(header::USER_AGENT),
        header_accept: header_text(header::ACCEPT),
    };
    let device = device::build(request.get("device"), &facts)?;
    tracing::info!(
        invoice_id,
        source = %mask(source),
        idempotency_key = %key,
        client_ip = %ip,
        "authorize"
    );
    let request = AuthorizeRequest {
        source,
        device: &device,
        idempotency_key: &key,
    };
    Ok(Json(state.provider.authorize(&invoice_id, &request).await?))
}

async fn get_transaction(
    State(state): State<AppState>,
    Path(transaction_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    if !valid_id(&transaction_id, "tr") {
        return Err(ApiError::validation(
            "transaction_id must look like tr_ followed by 1 to 64 letters or digits",
        ));
    }
    let transaction = state.provider.transaction(&transaction_id).await?;
    Ok(Json(json!({ "success": true, "transaction": transaction })))
}

/// Reads at most [`MAX_BODY_BYTES`]; more is refused with `request.body.too-large`.
async fn read_body(headers: &HeaderMap, body: Body) -> Result<axum::body::Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request.body.too-large",
            format!("the request body must be at most {MAX_BODY_BYTES} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large())
}

/// The part of a transaction the widget needs; gateway and card details stay private.
pub fn display_safe_transaction(transaction: &Value) -> Value {
    pick(
        transaction,
        &[
            "id",
            "invoice_id",
            "status",
            "error_code",
            "error_message",
            "three_d_s_status",
            "amount",
            "currency",
        ],
    )
}

/// Copies `keys` of `source` that are present into a new object.
pub(crate) fn pick(source: &Value, keys: &[&str]) -> Value {
    let mut out = Map::new();
    for key in keys {
        if let Some(v) = source.get(*key) {
            out.insert((*key).to_string(), v.clone());
        }
    }
    Value::Object(out)
}

/// The part of a ProcessOut invoice a customer may see. An allowlist: a field the provider
/// adds tomorrow stays private until someone decides otherwise here.
pub fn display_safe_invoice(invoice: &Value) -> Value {
    let mut out = pick(
        invoice,
        &[
            "id",
            "name",
            "amount",
            "currency",
            "statement_descriptor",
            "sandbox",
            "return_url",
            "cancel_url",
            "transaction_id",
        ],
    );
    if let (Some(obj), Some(details)) = (
        out.as_object_mut(),
        invoice.get("details").and_then(Value::as_array),
    ) {
        let details: Vec<Value> = details
            .iter()
            .map(|d| {
                pick(
                    d,
                    &[
                        "name",
                        "type",
                        "amount",
                        "quantity",
                        "discount_amount",
                        "description",
                    ],
                )
            })
            .collect();
        obj.insert("details".into(), Value::Array(details));
    }
    if let Some(obj) = out.as_object_mut() {
        // The transaction, when the provider expanded it: a page the customer comes back to
        // shows a payment already made instead of offering it again.
        if let Some(transaction) = invoice.get("transaction").filter(|t| t.is_object()) {
            obj.insert("transaction".into(), display_safe_transaction(transaction));
        }
        if let Some(tax) = invoice.get("tax").filter(|t| t.is_object()) {
            obj.insert("tax".into(), pick(tax, &["amount", "rate"]));
        }
        if let Some(shipping) = invoice.get("shipping").filter(|s| s.is_object()) {
            obj.insert(
                "shipping".into(),
                pick(shipping, &["amount", "method", "provider", "delay"]),
            );
        }
        if let Some(status) = invoice.pointer("/transaction/status") {
            obj.insert("transaction_status".into(), status.clone());
        }
        obj.insert("breakdown".into(), breakdown(invoice));
    }
    out
}

/// The invoice's lines, subtotal, tax, shipping and total as checkout-core computes them,
/// in decimal strings. Computing it here, once, means the widget shows exactly what core
/// decided without shipping decimal arithmetic to the browser. `null` when the invoice's
/// amounts cannot be read, which the widget reports as an unreadable invoice.
pub fn breakdown(invoice: &Value) -> Value {
    let Ok(parsed) = serde_json::from_value::<checkout_core::Invoice>(invoice.clone()) else {
        return Value::Null;
    };
    let Ok(b) = checkout_core::Breakdown::from_invoice(&parsed) else {
        return Value::Null;
    };
    let lines: Vec<Value> = b
        .lines
        .iter()
        .map(|line| {
            json!({
                "name": line.name,
                "quantity": line.quantity,
                "unit_amount": line.unit_amount.to_wire_string(),
                "discount": line.discount.to_wire_string(),
                "total": line.total.to_wire_string(),
            })
        })
        .collect();
    json!({
        "currency": b.currency.code(),
        "lines": lines,
        "itemised": b.itemised,
        "subtotal": b.subtotal.to_wire_string(),
        "tax": b.tax.to_wire_string(),
        "shipping": b.shipping.to_wire_string(),
        "total": b.total.to_wire_string(),
        "reconciles": b.reconciles,
        "difference": b.difference.map(|d| d.amount().to_wire_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_strictly() {
        assert!(valid_id("iv_0kJ1i4d06uViosJjCKpUHzKeauffMom4", "iv"));
        for bad in [
            "iv_", "iv", "tr_abc", "iv_../x", "iv_a%2Fb", "iv_a b", "iv_é", "xiv_a",
        ] {
            assert!(!valid_id(bad, "iv"), "{bad} accepted");
        }
        assert!(!valid_id(&format!("iv_{}", "a".repeat(65)), "iv"));
    }

    #[test]
    fn idempotency_keys_and_sources_are_checked_strictly() {
        assert!(valid_idempotency_key("a"));
        assert!(valid_idempotency_key(&"k-_9".repeat(32)));
        for bad in ["", "a b", "a/b", "é", "a.b"] {
            assert!(!valid_idempotency_key(bad), "{bad:?}");
        }
        assert!(!valid_idempotency_key(&"k".repeat(129)));
        for good in [
            "card_abc",
            "tok_test4242424242424242",
            "gway_req_x1",
            "gway_req_eyJ1cmwiOiJodHRwOi8vYS9iIn0=",
        ] {
            assert!(valid_source(good), "{good}");
        }
        for bad in [
            "4242424242424242",
            "card_",
            "tok_a-b",
            "src_x",
            "gway_req_../",
            "gway_req_",
            "gway_req_a b",
        ] {
            assert!(!valid_source(bad), "{bad}");
        }
        assert!(!valid_source(&format!(
            "gway_req_{}",
            "a".repeat(checkout_core::limits::THREE_D_S_RESULT_MAX_LEN)
        )));
    }

    #[test]
    fn private_invoice_fields_never_reach_the_widget() {
        let invoice = json!({
            "id": "iv_1", "name": "n", "amount": "4.99", "currency": "AUD",
            "metadata": {"internal": "x"}, "gateway_data": {"k": "v"},
            "customer_id": "cust_1", "risk": {"score": "9"},
            "details": [{"name": "a", "amount": "1.00", "metadata": {"m": "1"}, "marketplace_merchant": "mm"}],
            "shipping": {"amount": "2.00", "address1": "1 Main St", "phone_number": "0600"},
            "tax": {"amount": "0.50", "rate": "10"},
            "transaction": {"id": "tr_1", "status": "completed", "three_d_s_status": "success", "gateway_data": {"acs": "x"}, "card_id": "card_secretish"}
        });
        let safe = display_safe_invoice(&invoice).to_string();
        for secret in [
            "metadata",
            "gateway_data",
            "cust_1",
            "risk",
            "marketplace_merchant",
            "1 Main St",
            "0600",
        ] {
            assert!(!safe.contains(secret), "{secret} leaked: {safe}");
        }
        let safe = display_safe_invoice(&invoice);
        assert_eq!(safe["amount"], "4.99");
        assert_eq!(safe["details"][0]["name"], "a");
        assert_eq!(safe["shipping"]["amount"], "2.00");
        assert_eq!(safe["tax"]["rate"], "10");
        assert_eq!(safe["transaction_status"], "completed");
        // The expanded transaction comes along, display-safe only.
        assert_eq!(safe["transaction"]["id"], "tr_1");
        assert_eq!(safe["transaction"]["three_d_s_status"], "success");
        assert!(safe["transaction"].get("gateway_data").is_none());
        assert!(safe["transaction"].get("card_id").is_none());
        // 1.00 line + 0.50 tax + 2.00 shipping is not 4.99: core's flag reaches the widget.
        assert_eq!(safe["breakdown"]["total"], "4.99");
        assert_eq!(safe["breakdown"]["reconciles"], false);
        assert_eq!(safe["breakdown"]["difference"], "1.49");
        assert_eq!(safe["breakdown"]["lines"][0]["total"], "1.00");
    }
}
