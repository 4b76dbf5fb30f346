//! What an answer to a payment request means for the attempt: one rule for the widget, the
//! card frame and the proxy.
//!
//! Every answer is one of three kinds:
//!
//! * **final**: the provider stated the outcome (a transaction status, or a decline or
//!   refusal with a code this version knows). The attempt is over.
//! * **retry with the same attempt**: nobody can tell whether money moved (a timeout, a 5xx,
//!   a body that is not the contract's JSON, a cut connection, `409 still processing`, an
//!   idempotency conflict, a code nobody knows). The attempt keeps its idempotency key, card
//!   token and device data; the payment is looked up, and only then retried, byte for byte.
//! * **fix the input**: the provider refused what was sent (a validation error, a card field
//!   it will not take, a spent card token). Nothing was charged; a corrected request is a new
//!   attempt.
//!
//! An unknown outcome is never a decline.
//!
//! ```
//! use checkout_core::outcome::{classify, Kind};
//! use checkout_core::ErrorCode;
//!
//! // A balancer's 503 page: no code, so nobody stated anything.
//! assert_eq!(classify(Some(503), None), Kind::RetrySameAttempt);
//! // A decline the issuer stated.
//! assert_eq!(classify(Some(402), Some(&ErrorCode::CardNoMoney)), Kind::Final);
//! // A code from the future.
//! assert_eq!(classify(Some(402), Some(&ErrorCode::parse("card.teleported"))), Kind::RetrySameAttempt);
//! ```

use crate::error_code::ErrorCode;
pub use crate::error_code::Kind;

/// Classifies an answer to a payment request by its HTTP `status` (`None` when no answer was
/// read at all: a transport error, a timeout, a cut connection) and the error `code` its body
/// stated (`None` when the body named none, or could not be read).
///
/// A readable 2xx without a code is final (it carries the transaction). An answer without a
/// code is otherwise never final: a status alone (a balancer's 502 page, a WAF's 403) states
/// nothing about the payment. A 409 idempotency conflict means the provider holds a request
/// under this key that it will not repeat: unknown, so the payment is looked up.
pub fn classify(status: Option<u16>, code: Option<&ErrorCode>) -> Kind {
    match (status, code) {
        (None, _) => Kind::RetrySameAttempt,
        (Some(s), None) if (200..300).contains(&s) => Kind::Final,
        (Some(_), None) => Kind::RetrySameAttempt,
        (Some(409), Some(ErrorCode::RequestIdempotencyKeyInvalid)) => Kind::RetrySameAttempt,
        (Some(_), Some(code)) => code.kind(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_read_or_no_code_is_never_final() {
        assert_eq!(classify(None, None), Kind::RetrySameAttempt);
        assert_eq!(
            classify(None, Some(&ErrorCode::CardNoMoney)),
            Kind::RetrySameAttempt
        );
        for status in [400, 403, 404, 408, 409, 429, 500, 502, 503, 504, 520, 524] {
            assert_eq!(
                classify(Some(status), None),
                Kind::RetrySameAttempt,
                "{status}"
            );
        }
        assert_eq!(classify(Some(200), None), Kind::Final);
    }

    #[test]
    fn unreadable_answers_and_unknown_codes_are_retried_with_the_same_attempt() {
        for code in [
            "widget.http-error",
            "widget.invalid-response",
            "widget.network",
            "gateway.timeout",
            "proxy.upstream-unavailable",
            "proxy.upstream-invalid-response",
            "request.still-processing",
            "card.teleported",
            "",
        ] {
            let code = ErrorCode::parse(code);
            assert_eq!(
                classify(Some(402), Some(&code)),
                Kind::RetrySameAttempt,
                "{code}"
            );
            assert_ne!(code.advice().message_key.as_str(), "error.payment_declined");
        }
    }

    #[test]
    fn an_idempotency_conflict_is_unknown_but_a_malformed_key_is_final() {
        let code = ErrorCode::RequestIdempotencyKeyInvalid;
        assert_eq!(classify(Some(409), Some(&code)), Kind::RetrySameAttempt);
        assert_eq!(classify(Some(400), Some(&code)), Kind::Final);
    }

    #[test]
    fn stated_declines_are_final_and_refused_input_is_fixed() {
        for code in [
            "card.no-money",
            "card.declined",
            "payment.declined",
            "card.failed-3ds",
        ] {
            assert_eq!(
                classify(Some(402), Some(&ErrorCode::parse(code))),
                Kind::Final,
                "{code}"
            );
        }
        for code in [
            "request.validation.error",
            "request.validation.invalid-amount",
            "card.invalid-number",
            "request.source.card-already-used",
        ] {
            assert_eq!(
                classify(Some(400), Some(&ErrorCode::parse(code))),
                Kind::FixInput,
                "{code}"
            );
        }
        assert_eq!(
            classify(Some(409), Some(&ErrorCode::InvoiceAlreadyPaid)),
            Kind::Final
        );
    }

    #[test]
    fn every_same_key_retry_is_an_unknown_outcome_and_back() {
        for code in ErrorCode::KNOWN {
            let same_key = code.advice().retry == crate::Retry::SameIdempotencyKey;
            assert_eq!(
                same_key,
                code.kind() == Kind::RetrySameAttempt,
                "{code}: the retry advice and the outcome kind disagree"
            );
        }
    }
}
