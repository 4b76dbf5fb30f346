//! The widget-facing API under `/checkout`. Only display-safe data goes out.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::api_error::ApiError;
use crate::AppState;

/// Routes mounted at `/checkout`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/invoices/{invoice_id}", get(get_invoice))
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
    let answer = state
        .upstream
        .get(&format!("/invoices/{invoice_id}"))
        .await?;
    if !answer.status.is_success() {
        return Err(provider_error(answer.status, &answer.body));
    }
    let invoice = answer.body.get("invoice").ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            "proxy.upstream-invalid-response",
            "the payment provider's answer has no invoice",
        )
    })?;
    Ok(Json(
        json!({ "success": true, "invoice": display_safe_invoice(invoice) }),
    ))
}

/// Passes the provider's error through, except for authentication failures, which are the
/// merchant's misconfiguration and must not look like the customer's fault.
fn provider_error(status: StatusCode, body: &Value) -> ApiError {
    let error_type = body
        .get("error_type")
        .and_then(Value::as_str)
        .unwrap_or("gateway.declined");
    let message = body
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("the payment provider refused the request");
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        tracing::error!(%status, error_type, "provider refused the proxy's credentials");
        return ApiError::new(
            StatusCode::BAD_GATEWAY,
            "proxy.misconfigured",
            "the merchant's payment configuration was refused by the provider",
        );
    }
    let status = if status.is_client_error() || status.is_server_error() {
        status
    } else {
        StatusCode::BAD_GATEWAY
    };
    ApiError::new(status, error_type, message)
}

/// Copies `keys` of `source` that are present into a new object.
fn pick(source: &Value, keys: &[&str]) -> Value {
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
    }
    out
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
    fn private_invoice_fields_never_reach_the_widget() {
        let invoice = json!({
            "id": "iv_1", "name": "n", "amount": "4.99", "currency": "AUD",
            "metadata": {"internal": "x"}, "gateway_data": {"k": "v"},
            "customer_id": "cust_1", "risk": {"score": "9"},
            "details": [{"name": "a", "amount": "1.00", "metadata": {"m": "1"}, "marketplace_merchant": "mm"}],
            "shipping": {"amount": "2.00", "address1": "1 Main St", "phone_number": "0600"},
            "tax": {"amount": "0.50", "rate": "10"},
            "transaction": {"status": "completed", "gateway_data": {}}
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
    }
}
