//! The widget's one error type. Every failure (a proxy call, a 3-D Secure step, an invoice
//! that cannot be shown) carries a checkout-core [`ErrorCode`], so the retry and message
//! rules are checkout-core's, and codes are strings only at the wire: read from an error
//! body's `error_type`, written to `data-error-code` and event details.

use checkout_core::ErrorCode;

/// Why the widget could not go on: a failed request, a refused payment, a failed step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetError {
    /// Error code, e.g. `ResourceInvoiceNotFound`, `GatewayTimeout`, `WidgetNetwork`.
    pub code: ErrorCode,
    /// Explanation for developers (the UI shows a customer-facing text for `code`).
    pub message: String,
    /// The provider refused the payment itself (HTTP 402): a transaction outcome, shown as
    /// a `failed` status, not a failed request.
    pub declined: bool,
}

impl WidgetError {
    /// A failure that is not a decline.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            declined: false,
        }
    }

    /// A 2xx answer (or a message) the widget could not read.
    pub fn unreadable(message: String) -> Self {
        Self::new(ErrorCode::WidgetInvalidResponse, message)
    }
}
