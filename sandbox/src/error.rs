//! The sandbox's one error type: the product's error body ([`ErrorBody`]) with its HTTP
//! status, as ProcessOut answers `{"success": false, "error_type": "...", "message": "..."}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::{ErrorBody, ErrorCode};
use serde_json::Value;

/// An error answer of the ProcessOut-compatible sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxError {
    /// HTTP status sent with the body.
    pub status: StatusCode,
    /// The body: code and developer-facing message.
    pub body: ErrorBody,
}

impl SandboxError {
    /// An error with `code` and a developer-facing `message` (never secrets or card data).
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody::new(code, message),
        }
    }

    /// 400 `request.validation.error`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::RequestValidationError,
            message,
        )
    }

    /// 404 `resource.{kind}.not-found`.
    pub fn not_found(resource: Resource) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            resource.not_found_code(),
            format!("The {} could not be found.", resource.name()),
        )
    }

    /// The developer-facing message.
    pub fn message(&self) -> &str {
        &self.body.message
    }

    /// The body as a JSON value, as stored for idempotent replays and sent.
    ///
    /// Going through a `Value` (whose object keys are sorted) keeps the bytes exactly as the
    /// sandbox has always written them: `{"error_type":…,"message":…,"success":false}`.
    pub fn body_json(&self) -> Value {
        serde_json::to_value(&self.body).unwrap_or_else(|_| {
            // Serializing strings and a bool cannot fail; should it, the answer stays an error.
            serde_json::json!({
                "success": false,
                "error_type": self.body.error_type.as_str(),
                "message": self.body.message,
            })
        })
    }
}

impl IntoResponse for SandboxError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body_json())).into_response()
    }
}

/// Kinds of objects the sandbox keeps, for `resource.*.not-found`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// An invoice.
    Invoice,
    /// A transaction.
    Transaction,
    /// A tokenized card.
    Card,
    /// A saved customer token.
    Token,
    /// A customer.
    Customer,
    /// A 3-D Secure step.
    ThreeDsStep,
}

impl Resource {
    fn name(self) -> &'static str {
        match self {
            Self::Invoice => "invoice",
            Self::Transaction => "transaction",
            Self::Card => "card",
            Self::Token => "token",
            Self::Customer => "customer",
            Self::ThreeDsStep => "3ds-step",
        }
    }

    fn not_found_code(self) -> ErrorCode {
        match self {
            Self::Invoice => ErrorCode::ResourceInvoiceNotFound,
            Self::Transaction => ErrorCode::ResourceTransactionNotFound,
            Self::Card => ErrorCode::ResourceCardNotFound,
            Self::Token => ErrorCode::ResourceTokenNotFound,
            Self::Customer => ErrorCode::ResourceCustomerNotFound,
            // Not in checkout-core's table: the widget never meets it (only the issuer's
            // own pages ask for a step), so it stays a provider code kept verbatim.
            Self::ThreeDsStep => ErrorCode::ResourceThreeDsStepNotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_keeps_its_bytes() {
        let error = SandboxError::not_found(Resource::Invoice);
        assert_eq!(
            error.body_json().to_string(),
            r#"{"error_type":"resource.invoice.not-found","message":"The invoice could not be found.","success":false}"#
        );
        assert_eq!(
            SandboxError::not_found(Resource::ThreeDsStep)
                .body
                .error_type
                .as_str(),
            "resource.3ds-step.not-found"
        );
    }
}
