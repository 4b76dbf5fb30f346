//! The widget's one error type. Every failure (a proxy call, a 3-D Secure step, an invoice
//! that cannot be shown) carries a checkout-core [`ErrorCode`], so the retry and message
//! rules are checkout-core's, and codes are strings only at the wire: read from an error
//! body's `error_type`, written to `data-error-code` and event details.

use checkout_core::outcome::{classify, Kind};
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
    /// The HTTP status of the answer; `None` when no answer was read (a transport error, a
    /// timeout, a cut connection) or no request was sent.
    pub status: Option<u16>,
}

impl WidgetError {
    /// A failure that is not a decline and carries no HTTP status.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            declined: false,
            status: None,
        }
    }

    /// A 2xx answer (or a message) the widget could not read.
    pub fn unreadable(message: String) -> Self {
        Self::new(ErrorCode::WidgetInvalidResponse, message)
    }

    /// What this error means for a payment attempt, by checkout-core's one rule
    /// ([`classify`]). An error raised in the browser before anything was sent (a request
    /// that could not be built) has no status but states its outcome through its code; the
    /// transport codes (`widget.network`, `gateway.timeout`) are unknown either way.
    pub fn kind(&self) -> Kind {
        match self.status {
            None if self.code.kind() == Kind::Final => Kind::Final,
            status => classify(status, Some(&self.code)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_with_their_status() {
        let with = |status, code: &str| WidgetError {
            status,
            ..WidgetError::new(ErrorCode::parse(code), "")
        };
        assert_eq!(with(None, "widget.network").kind(), Kind::RetrySameAttempt);
        assert_eq!(with(None, "gateway.timeout").kind(), Kind::RetrySameAttempt);
        assert_eq!(
            with(Some(503), "widget.http-error").kind(),
            Kind::RetrySameAttempt
        );
        assert_eq!(
            with(Some(402), "card.teleported").kind(),
            Kind::RetrySameAttempt
        );
        assert_eq!(with(Some(402), "card.no-money").kind(), Kind::Final);
        assert_eq!(
            with(Some(409), "request.idempotency-key.invalid").kind(),
            Kind::RetrySameAttempt
        );
        assert_eq!(with(Some(409), "invoice.already-paid").kind(), Kind::Final);
        assert_eq!(
            with(Some(400), "request.validation.error").kind(),
            Kind::FixInput
        );
        // Built in the browser, never sent: its own code says so.
        assert_eq!(with(None, "widget.invalid-request").kind(), Kind::Final);
    }
}
