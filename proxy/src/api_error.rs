//! The proxy's one error type: an HTTP status and checkout-core's one error body,
//! `{"success": false, "error_type": "...", "message": "..."}` (ProcessOut's shape).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::{ErrorBody, ErrorCode};

/// An error answer with a stable `error_type` the widget maps to a customer message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status sent with the body.
    pub status: StatusCode,
    /// What is sent: the code and a developer-facing message (never secrets or card data).
    pub body: ErrorBody,
}

impl ApiError {
    /// Builds an error.
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

    /// The error code.
    pub fn code(&self) -> &ErrorCode {
        &self.body.error_type
    }

    /// The developer-facing message.
    pub fn message(&self) -> &str {
        &self.body.message
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
