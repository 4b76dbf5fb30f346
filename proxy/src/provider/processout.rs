//! ProcessOut (seeds 000, 001, 002), or the ProcessOut-compatible sandbox: the widget's
//! invoices and transactions are ProcessOut's own, narrowed to what a customer may see.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::AuthorizeRequest;
use crate::api_error::ApiError;
use crate::checkout::{display_safe_invoice, display_safe_transaction, pick};
use crate::upstream::Upstream;

/// The ProcessOut adapter: an authenticated client for its API.
#[derive(Clone)]
pub struct ProcessOut {
    upstream: Upstream,
}

impl ProcessOut {
    /// An adapter over `upstream` (Basic auth with the project id and private key).
    pub fn new(upstream: Upstream) -> Self {
        Self { upstream }
    }

    /// The provider's base URL (no secret in it).
    pub fn base_url(&self) -> &str {
        self.upstream.base_url()
    }

    /// `GET /invoices/{id}?expand[]=transaction`, display-safe.
    pub async fn invoice(&self, invoice_id: &str) -> Result<Value, ApiError> {
        let answer = self
            .upstream
            .get(&format!("/invoices/{invoice_id}?expand[]=transaction"))
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
        Ok(display_safe_invoice(invoice))
    }

    /// `POST /invoices/{id}/authorize` with the source, 3-D Secure 2 and the device data.
    pub async fn authorize(
        &self,
        invoice_id: &str,
        request: &AuthorizeRequest<'_>,
    ) -> Result<Value, ApiError> {
        let upstream_body = json!({
            "source": request.source,
            "enable_three_d_s_2": true,
            "device": request.device,
        });
        let answer = self
            .upstream
            .post_json(
                &format!("/invoices/{invoice_id}/authorize"),
                &upstream_body,
                request.idempotency_key,
            )
            .await?;
        if !answer.status.is_success() || answer.body.get("success") != Some(&Value::Bool(true)) {
            return Err(provider_error(answer.status, &answer.body));
        }
        let transaction = answer
            .body
            .get("transaction")
            .ok_or_else(super::invalid_answer)?;
        let customer_action = answer
            .body
            .get("customer_action")
            .filter(|a| a.is_object())
            .map(|a| pick(a, &["type", "value", "metadata"]))
            .unwrap_or(Value::Null);
        Ok(json!({
            "success": true,
            "transaction": display_safe_transaction(transaction),
            "customer_action": customer_action,
        }))
    }

    /// `GET /transactions/{id}`, display-safe, with its operations.
    pub async fn transaction(&self, transaction_id: &str) -> Result<Value, ApiError> {
        let answer = self
            .upstream
            .get(&format!("/transactions/{transaction_id}"))
            .await?;
        if !answer.status.is_success() {
            return Err(provider_error(answer.status, &answer.body));
        }
        let transaction = answer
            .body
            .get("transaction")
            .ok_or_else(super::invalid_answer)?;
        let mut safe = display_safe_transaction(transaction);
        let operations: Vec<Value> = transaction
            .get("operations")
            .and_then(Value::as_array)
            .map(|ops| {
                ops.iter()
                    .map(|op| {
                        pick(
                            op,
                            &[
                                "id",
                                "type",
                                "amount",
                                "currency",
                                "has_failed",
                                "error_code",
                                "created_at",
                            ],
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(obj) = safe.as_object_mut() {
            obj.insert("operations_count".into(), json!(operations.len()));
            obj.insert("operations".into(), Value::Array(operations));
        }
        Ok(safe)
    }
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
        return super::misconfigured(status, error_type);
    }
    if status.is_server_error() {
        return super::unavailable(status, error_type);
    }
    let status = if status.is_client_error() {
        status
    } else {
        StatusCode::BAD_GATEWAY
    };
    ApiError::new(status, error_type, message)
}
