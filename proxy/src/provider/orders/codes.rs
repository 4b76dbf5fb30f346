//! The orders API's words as checkout-core's: each `current_state` as a widget status and
//! each backend `status_code` as an error code the widget can explain.

use checkout_core::{ErrorCode, TransactionStatus};

/// Every `current_state` of seed 004 and the widget status it becomes (docs/providers.md
/// shows the same table, with the reasons).
pub const STATE_TABLE: [(&str, &str); 12] = [
    ("created", "waiting"),
    ("processing", "pending"),
    ("on_retry", "pending"),
    ("reserved", "authorized"),
    ("captured", "completed"),
    ("succeeded", "completed"),
    ("failed", "failed"),
    ("cancelled", "voided"),
    ("refunded", "refunded"),
    ("partial_refund", "refunded"),
    ("pending_refund", "refunded"),
    ("refund_failed", "completed"),
];

/// The widget status for a `current_state`; one the seed does not list is kept verbatim
/// (checkout-core treats it as unknown: neither final nor a success).
pub fn widget_status(current_state: &str) -> TransactionStatus {
    STATE_TABLE
        .iter()
        .find(|(state, _)| *state == current_state)
        .map(|(_, status)| TransactionStatus::parse(status))
        .unwrap_or_else(|| TransactionStatus::Unknown(current_state.to_string()))
}

/// `status_code` ("some code from the chosen payment method backend") to an error code
/// checkout-core knows. The seed lists no codes; these are the usual card backends'.
/// A `status_code` that already is a checkout-core code is used as it is.
pub const STATUS_CODE_TABLE: &[(&str, ErrorCode)] = &[
    ("card_declined", ErrorCode::CardDeclined),
    ("generic_decline", ErrorCode::CardDeclined),
    ("insufficient_funds", ErrorCode::CardNoMoney),
    ("do_not_honor", ErrorCode::CardDoNotHonor),
    ("expired_card", ErrorCode::CardExpired),
    ("incorrect_cvc", ErrorCode::CardFailedCvc),
    ("invalid_cvc", ErrorCode::CardInvalidCvc),
    ("incorrect_zip", ErrorCode::CardFailedAvs),
    ("address_verification_failed", ErrorCode::CardFailedAvs),
    ("incorrect_number", ErrorCode::CardInvalidNumber),
    ("invalid_number", ErrorCode::CardInvalidNumber),
    ("invalid_expiry_month", ErrorCode::CardInvalidExpiryMonth),
    ("invalid_expiry_year", ErrorCode::CardInvalidExpiryYear),
    ("fraudulent", ErrorCode::CardPossibleFraud),
    ("stolen_card", ErrorCode::CardStolen),
    ("lost_card", ErrorCode::CardLost),
    ("pickup_card", ErrorCode::CardStolen),
    ("card_not_supported", ErrorCode::CardNotSupported),
    ("currency_not_supported", ErrorCode::CardCurrencyUnsupported),
    ("transaction_not_allowed", ErrorCode::CardNotAuthorized),
    (
        "authentication_required",
        ErrorCode::CardNeedsAuthentication,
    ),
    ("card_velocity_exceeded", ErrorCode::CardExceededLimits),
    (
        "withdrawal_count_limit_exceeded",
        ErrorCode::CardExceededWithdrawalLimit,
    ),
    ("processing_error", ErrorCode::CardProcessingError),
    ("issuer_not_available", ErrorCode::CardIssuerDown),
    ("try_again_later", ErrorCode::CardPleaseRetry),
    ("duplicate_transaction", ErrorCode::CardDuplicate),
    ("order_already_paid", ErrorCode::CardDuplicate),
    (
        "idempotency_key_reused",
        ErrorCode::RequestIdempotencyKeyInvalid,
    ),
    (
        "payment_method_not_found",
        ErrorCode::RequestValidationError,
    ),
];

/// The code for a failed payment whose `status_code` is missing or unknown.
pub const DEFAULT_DECLINE: ErrorCode = ErrorCode::PaymentDeclined;

/// The error code for a `status_code`, if the table (or checkout-core) knows it.
pub fn known_error_code(status_code: &str) -> Option<ErrorCode> {
    STATUS_CODE_TABLE
        .iter()
        .find(|(code, _)| *code == status_code)
        .map(|(_, core)| core.clone())
        .or_else(|| match ErrorCode::parse(status_code) {
            ErrorCode::Other(_) => None,
            core => Some(core),
        })
}

/// The error code of a failed payment.
pub fn error_code(status_code: Option<&str>) -> ErrorCode {
    status_code
        .and_then(known_error_code)
        .unwrap_or(DEFAULT_DECLINE)
}
