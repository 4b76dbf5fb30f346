//! The error body every endpoint returns: ProcessOut's shape,
//! `{"success": false, "error_type": "...", "message": "..."}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error answer with a stable `error_type` the widget maps to a customer message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status sent with the body.
    pub status: StatusCode,
    /// Stable machine-readable code, e.g. `resource.invoice.not-found`.
    pub error_type: String,
    /// Human-readable explanation for developers (never secrets or card data).
    pub message: String,
}

impl ApiError {
    /// Builds an error.
    pub fn new(status: StatusCode, error_type: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            error_type: error_type.to_string(),
            message: message.into(),
        }
    }

    /// 400 `request.validation.error`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "request.validation.error", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "success": false,
            "error_type": self.error_type,
            "message": self.message,
        });
        (self.status, Json(body)).into_response()
    }
}
