//! Error codes: what a failed payment or request means for the customer.
//!
//! ProcessOut reports a failed transaction in its `error_code` field and a
//! failed request in the `error_type` of the error body; both draw on one
//! dotted namespace (`card.no-money`, `request.validation.error`). A few codes
//! are this product's own (`proxy.*`, `widget.network`, `customer.canceled`,
//! `request.body.too-large`) so that the proxy and the widget can speak the
//! same language about failures ProcessOut never sees; [`ErrorOrigin`] says which.
//!
//! For every code the table answers three questions: may the customer retry
//! (and how — see [`Retry`]), should they try another card, and which message
//! to show. Codes this version does not know get the generic decline, except
//! `request.validation.*` sub-codes, which are treated like
//! `request.validation.error` because telling a customer to change cards over
//! a mistyped field would be wrong.

use crate::message::MessageKey;

/// Whether and how the same payment may be attempted again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retry {
    /// Trying again with the same details will fail the same way.
    No,
    /// The customer may start a new attempt (a new idempotency key), usually
    /// after correcting something or waiting a moment.
    NewAttempt,
    /// The outcome is unknown or the request was not processed: resend the very
    /// same request with the same idempotency key, so it can never charge twice.
    SameIdempotencyKey,
}

impl Retry {
    /// Short name used in documentation tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Retry::No => "no",
            Retry::NewAttempt => "new attempt",
            Retry::SameIdempotencyKey => "same idempotency key",
        }
    }
}

/// What an answer means for the payment attempt: the three kinds of [`crate::outcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The provider stated the outcome; the attempt is over.
    Final,
    /// The outcome is unknown: keep the attempt, look the payment up, then resend it
    /// unchanged with the same idempotency key.
    RetrySameAttempt,
    /// The provider refused the input; nothing was charged; a corrected request is a new
    /// attempt.
    FixInput,
}

impl Kind {
    /// Short name used in documentation tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Final => "final",
            Kind::RetrySameAttempt => "retry with the same attempt",
            Kind::FixInput => "fix the input",
        }
    }
}

/// Who defines an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorOrigin {
    /// Returned by the ProcessOut API.
    ProcessOut,
    /// Defined by this product (proxy or widget).
    Checkout,
}

/// What the widget should do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorAdvice {
    /// Whether and how to try again.
    pub retry: Retry,
    /// Suggest paying with a different card.
    pub use_another_card: bool,
    /// The message to show.
    pub message_key: MessageKey,
}

macro_rules! error_codes {
    ($(
        $(#[$doc:meta])*
        $variant:ident => $code:literal, $origin:ident, $retry:ident, $another:literal, $key:ident, $kind:ident;
    )*) => {
        crate::string_enum::string_enum! {
            /// A ProcessOut (or checkout) error code.
            ///
            /// ```
            /// use checkout_core::{ErrorCode, Retry};
            ///
            /// let code = ErrorCode::parse("card.no-money");
            /// let advice = code.advice();
            /// assert_eq!(advice.retry, Retry::No);
            /// assert!(advice.use_another_card);
            /// assert_eq!(advice.message_key.as_str(), "error.card_no_money");
            ///
            /// // A code from the future is never a decline: the payment is checked and
            /// // retried with the same idempotency key.
            /// let unknown = ErrorCode::parse("card.teleported");
            /// assert_eq!(unknown.advice().retry, Retry::SameIdempotencyKey);
            /// ```
            pub enum ErrorCode / Other {
                $( $(#[$doc])* $variant = $code, )*
            }
        }

        /// The table, one row per known code, in [`ErrorCode::KNOWN`]'s order.
        const ROWS: &[Row] = &[$(
            Row {
                origin: ErrorOrigin::$origin,
                advice: ErrorAdvice {
                    retry: Retry::$retry,
                    use_another_card: $another,
                    message_key: MessageKey::$key,
                },
                kind: Kind::$kind,
            },
        )*];
    };
}

/// One row of the error code table.
struct Row {
    origin: ErrorOrigin,
    advice: ErrorAdvice,
    kind: Kind,
}

impl ErrorCode {
    /// This code's row; `None` for a code this version does not know.
    fn row(&self) -> Option<&'static Row> {
        self.index().and_then(|i| ROWS.get(i))
    }

    /// What an answer carrying this code means for the payment attempt (see
    /// [`crate::outcome`]): a code nobody told us about is never final.
    pub fn kind(&self) -> Kind {
        match (self.row(), self) {
            (Some(row), _) => row.kind,
            (None, code) if code.as_str().starts_with("request.validation.") => Kind::FixInput,
            (None, _) => Kind::RetrySameAttempt,
        }
    }

    /// Who defines the code; unknown codes are assumed to be ProcessOut's.
    pub fn origin(&self) -> ErrorOrigin {
        self.row().map_or(ErrorOrigin::ProcessOut, |row| row.origin)
    }

    /// Retry, other-card and message advice for this code.
    pub fn advice(&self) -> ErrorAdvice {
        match (self.row(), self) {
            (Some(row), _) => row.advice,
            (None, code) if code.as_str().starts_with("request.validation.") => {
                ErrorCode::RequestValidationError.advice()
            }
            (None, _) => UNCONFIRMED,
        }
    }
}

/// The answer for codes nobody has told us about: the money may have moved, so the
/// attempt is kept, checked with the provider, and retried with the same key. Never a
/// decline: only a code the provider stated and this table knows can be final.
const UNCONFIRMED: ErrorAdvice = ErrorAdvice {
    retry: Retry::SameIdempotencyKey,
    use_another_card: false,
    message_key: MessageKey::ErrorPaymentUnconfirmed,
};

error_codes! {
    /// Declined by the issuer without detail.
    CardDeclined => "card.declined", ProcessOut, No, true, ErrorCardDeclined, Final;
    /// "Do not honour": the bank's default refusal.
    CardDoNotHonor => "card.do-not-honor", ProcessOut, No, true, ErrorContactBank, Final;
    /// The bank asks the cardholder to contact it.
    CardContactBank => "card.contact-bank", ProcessOut, No, true, ErrorContactBank, Final;
    /// Insufficient funds.
    CardNoMoney => "card.no-money", ProcessOut, No, true, ErrorCardNoMoney, Final;
    /// The card has expired.
    CardExpired => "card.expired", ProcessOut, No, true, ErrorCardExpired, Final;
    /// The CVC check failed.
    CardFailedCvc => "card.failed-cvc", ProcessOut, NewAttempt, false, ErrorCardCvc, Final;
    /// The CVC is malformed.
    CardInvalidCvc => "card.invalid-cvc", ProcessOut, NewAttempt, false, ErrorCardCvc, FixInput;
    /// No CVC was given.
    CardMissingCvc => "card.missing-cvc", ProcessOut, NewAttempt, false, ErrorCardCvc, FixInput;
    /// The address verification (AVS) failed.
    CardFailedAvs => "card.failed-avs", ProcessOut, NewAttempt, false, ErrorCardAddress, Final;
    /// AVS failed on the postcode.
    CardFailedAvsPostal => "card.failed-avs-postal", ProcessOut, NewAttempt, false, ErrorCardAddress, Final;
    /// AVS failed on the street address.
    CardFailedAvsAddress => "card.failed-avs-address", ProcessOut, NewAttempt, false, ErrorCardAddress, Final;
    /// Both the CVC and the address checks failed.
    CardFailedCvcAndAvs => "card.failed-cvc-and-avs", ProcessOut, NewAttempt, false, ErrorCardDetailsInvalid, Final;
    /// The card details are invalid.
    CardInvalid => "card.invalid", ProcessOut, NewAttempt, false, ErrorCardDetailsInvalid, FixInput;
    /// The card number is invalid.
    CardInvalidNumber => "card.invalid-number", ProcessOut, NewAttempt, false, ErrorCardDetailsInvalid, FixInput;
    /// The expiry date is invalid.
    CardInvalidExpiryDate => "card.invalid-expiry-date", ProcessOut, NewAttempt, false, ErrorCardDetailsInvalid, FixInput;
    /// The expiry month is invalid.
    CardInvalidExpiryMonth => "card.invalid-expiry-month", ProcessOut, NewAttempt, false, ErrorCardDetailsInvalid, FixInput;
    /// The expiry year is invalid.
    CardInvalidExpiryYear => "card.invalid-expiry-year", ProcessOut, NewAttempt, false, ErrorCardDetailsInvalid, FixInput;
    /// The cardholder name is invalid.
    CardInvalidName => "card.invalid-name", ProcessOut, NewAttempt, false, ErrorCardDetailsInvalid, FixInput;
    /// The postcode is invalid.
    CardInvalidZip => "card.invalid-zip", ProcessOut, NewAttempt, false, ErrorCardAddress, FixInput;
    /// The billing address is invalid.
    CardInvalidAddress => "card.invalid-address", ProcessOut, NewAttempt, false, ErrorCardAddress, FixInput;
    /// No expiry date was given.
    CardMissingExpiry => "card.missing-expiry", ProcessOut, NewAttempt, false, ErrorCardDetailsInvalid, FixInput;
    /// No card number was given.
    CardMissingNumber => "card.missing-number", ProcessOut, NewAttempt, false, ErrorCardDetailsInvalid, FixInput;
    /// Reported stolen; the customer only sees a neutral decline.
    CardStolen => "card.stolen", ProcessOut, No, true, ErrorCardDeclined, Final;
    /// Reported lost; the customer only sees a neutral decline.
    CardLost => "card.lost", ProcessOut, No, true, ErrorCardDeclined, Final;
    /// Suspected fraud; the customer only sees a neutral decline.
    CardPossibleFraud => "card.possible-fraud", ProcessOut, No, true, ErrorCardDeclined, Final;
    /// Declined as a security threat.
    CardSecurityViolation => "card.security-violation", ProcessOut, No, true, ErrorCardDeclined, Final;
    /// The card is on a block list.
    CardBlacklisted => "card.blacklisted", ProcessOut, No, true, ErrorCardDeclined, Final;
    /// The card was revoked.
    CardRevoked => "card.revoked", ProcessOut, No, true, ErrorCardDeclined, Final;
    /// The issuer forbids retrying.
    CardDontRetry => "card.dont-retry", ProcessOut, No, true, ErrorCardDeclined, Final;
    /// The card may not be used for this kind of payment.
    CardNotAuthorized => "card.not-authorized", ProcessOut, No, true, ErrorCardNotSupported, Final;
    /// The card is not supported.
    CardNotSupported => "card.not-supported", ProcessOut, No, true, ErrorCardNotSupported, Final;
    /// The card cannot pay in this currency.
    CardCurrencyUnsupported => "card.currency-unsupported", ProcessOut, No, true, ErrorCardNotSupported, Final;
    /// The card type is not accepted.
    CardTypeNotSupported => "card.type-not-supported", ProcessOut, No, true, ErrorCardNotSupported, Final;
    /// The card has not been activated.
    CardNotActivated => "card.not-activated", ProcessOut, No, true, ErrorCardNotSupported, Final;
    /// The issuer could not be identified.
    CardIssuerNotFound => "card.issuer-not-found", ProcessOut, No, true, ErrorCardNotSupported, Final;
    /// 3-D Secure authentication failed.
    CardFailed3ds => "card.failed-3ds", ProcessOut, NewAttempt, true, ErrorCardAuthenticationFailed, Final;
    /// 3-D Secure authentication timed out.
    CardExpired3ds => "card.expired-3ds", ProcessOut, NewAttempt, false, ErrorCardAuthenticationFailed, Final;
    /// The issuer requires authentication (SCA) that was not done.
    CardNeedsAuthentication => "card.needs-authentication", ProcessOut, NewAttempt, false, ErrorCardNeedsAuthentication, Final;
    /// Card limits exceeded.
    CardExceededLimits => "card.exceeded-limits", ProcessOut, No, true, ErrorCardLimitExceeded, Final;
    /// Withdrawal limit exceeded.
    CardExceededWithdrawalLimit => "card.exceeded-withdrawal-limit", ProcessOut, No, true, ErrorCardLimitExceeded, Final;
    /// Activity limits exceeded.
    CardExceededActivityLimits => "card.exceeded-activity-limits", ProcessOut, No, true, ErrorCardLimitExceeded, Final;
    /// The issuer is down.
    CardIssuerDown => "card.issuer-down", ProcessOut, NewAttempt, true, ErrorIssuerUnavailable, Final;
    /// The issuer failed to process the payment.
    CardIssuerFailed => "card.issuer-failed", ProcessOut, NewAttempt, true, ErrorIssuerUnavailable, Final;
    /// The card network failed.
    CardNetworkFailed => "card.network-failed", ProcessOut, NewAttempt, false, ErrorPleaseRetry, Final;
    /// The provider asks for the payment to be retried.
    CardPleaseRetry => "card.please-retry", ProcessOut, NewAttempt, false, ErrorPleaseRetry, Final;
    /// The provider took no action; retrying is expected.
    CardNoActionTaken => "card.no-action-taken", ProcessOut, NewAttempt, false, ErrorPleaseRetry, Final;
    /// Processing failed at the acquirer or card network.
    CardProcessingError => "card.processing-error", ProcessOut, NewAttempt, false, ErrorPleaseRetry, Final;
    /// The acquirer failed to process the payment.
    CardAcquirerFailed => "card.acquirer-failed", ProcessOut, NewAttempt, false, ErrorPleaseRetry, Final;
    /// Too many attempts with this card.
    CardMaximumAttempts => "card.maximum-attempts", ProcessOut, No, true, ErrorTooManyAttempts, Final;
    /// The same payment was already made.
    CardDuplicate => "card.duplicate", ProcessOut, No, false, ErrorDuplicatePayment, Final;
    /// Declined with no further information.
    PaymentDeclined => "payment.declined", ProcessOut, No, true, ErrorPaymentDeclined, Final;
    /// Declined by the gateway.
    GatewayDeclined => "gateway.declined", ProcessOut, No, true, ErrorPaymentDeclined, Final;
    /// The gateway did not answer in time; the payment may have gone through.
    GatewayTimeout => "gateway.timeout", ProcessOut, SameIdempotencyKey, false, ErrorPaymentTimeout, RetrySameAttempt;
    /// The gateway failed in an unknown way; the payment may have gone through.
    GatewayUnknownError => "gateway.unknown-error", ProcessOut, SameIdempotencyKey, false, ErrorPleaseRetry, RetrySameAttempt;
    /// The request failed validation (`invalid_fields` says where).
    RequestValidationError => "request.validation.error", ProcessOut, NewAttempt, false, ErrorInvalidDetails, FixInput;
    /// The API credentials are wrong: a merchant configuration problem.
    RequestAuthenticationInvalid => "request.authentication.invalid", ProcessOut, No, false, ErrorCheckoutUnavailable, Final;
    /// The request body could not be read.
    RequestBadFormat => "request.bad-format", ProcessOut, No, false, ErrorCheckoutUnavailable, Final;
    /// The idempotency key is malformed.
    RequestIdempotencyKeyInvalid => "request.idempotency-key.invalid", ProcessOut, No, false, ErrorCheckoutUnavailable, Final;
    /// Too many requests.
    RequestRateExceeded => "request.rate.exceeded", ProcessOut, SameIdempotencyKey, false, ErrorRateLimited, RetrySameAttempt;
    /// A request with this idempotency key is still running.
    RequestStillProcessing => "request.still-processing", ProcessOut, SameIdempotencyKey, false, ErrorStillProcessing, RetrySameAttempt;
    /// The card token was already used; the customer must enter the card again.
    RequestSourceCardAlreadyUsed => "request.source.card-already-used", ProcessOut, NewAttempt, false, ErrorCardAlreadyUsed, FixInput;
    /// Blocked by the merchant's rules.
    RequestTransactionBlocked => "request.transaction-blocked", ProcessOut, No, true, ErrorPaymentDeclined, Final;
    /// No such invoice.
    ResourceInvoiceNotFound => "resource.invoice.not-found", ProcessOut, No, false, ErrorInvoiceNotFound, Final;
    /// No such transaction.
    ResourceTransactionNotFound => "resource.transaction.not-found", ProcessOut, No, false, ErrorTransactionNotFound, Final;
    /// The proxy could not reach ProcessOut; the request may not have arrived.
    ProxyUpstreamUnavailable => "proxy.upstream-unavailable", Checkout, SameIdempotencyKey, false, ErrorServiceUnavailable, RetrySameAttempt;
    /// ProcessOut answered the proxy with something unreadable; the outcome is unknown.
    ProxyUpstreamInvalidResponse => "proxy.upstream-invalid-response", Checkout, SameIdempotencyKey, false, ErrorServiceUnavailable, RetrySameAttempt;
    /// The proxy's own configuration is broken.
    ProxyMisconfigured => "proxy.misconfigured", Checkout, No, false, ErrorCheckoutUnavailable, Final;
    /// The widget could not reach the proxy; the request may not have arrived.
    WidgetNetwork => "widget.network", Checkout, SameIdempotencyKey, false, ErrorNetwork, RetrySameAttempt;
    /// The proxy refused an oversized request body.
    RequestBodyTooLarge => "request.body.too-large", Checkout, No, false, ErrorCheckoutUnavailable, Final;
    /// The customer abandoned the payment (closed the window or the 3-D Secure step).
    CustomerCanceled => "customer.canceled", Checkout, NewAttempt, false, ErrorCustomerCanceled, Final;
    /// The issuer asked for an app-based 3-D Secure step (`fingerprint-mobile`,
    /// `challenge-mobile`), which a browser cannot perform.
    WidgetCustomerActionUnsupported => "widget.customer-action-unsupported", Checkout, No, true, ErrorAuthenticationNeedsApp, Final;
    /// The customer action could not be read (unknown type, or a URL that is not http(s)).
    WidgetCustomerActionInvalid => "widget.customer-action-invalid", Checkout, No, false, ErrorCheckoutUnavailable, Final;
    /// The issuer kept asking for 3-D Secure steps past the widget's limit of rounds.
    WidgetThreeDsRoundsExceeded => "widget.3ds-rounds-exceeded", Checkout, NewAttempt, false, ErrorCardAuthenticationFailed, Final;
    /// The proxy (or something in front of it: a balancer, a CDN) answered a status the
    /// widget has no code for, often with an HTML page: the payment may have gone through.
    WidgetHttpError => "widget.http-error", Checkout, SameIdempotencyKey, false, ErrorServiceUnavailable, RetrySameAttempt;
    /// A 2xx answer the widget could not read: the payment may have gone through.
    WidgetInvalidResponse => "widget.invalid-response", Checkout, SameIdempotencyKey, false, ErrorServiceUnavailable, RetrySameAttempt;
    /// The invoice's amounts could not be read, so it cannot be shown or paid.
    WidgetInvalidInvoice => "widget.invalid-invoice", Checkout, No, false, ErrorCheckoutUnavailable, Final;
    /// The widget could not encode its own request (a bad project id, an unencodable card).
    WidgetInvalidRequest => "widget.invalid-request", Checkout, No, false, ErrorCheckoutUnavailable, Final;
    /// The browser offers no secure random numbers, so no idempotency key can be made.
    WidgetNoSecureRandom => "widget.no-secure-random", Checkout, No, false, ErrorCheckoutUnavailable, Final;
    /// The card frame did not load or did not answer, so no card can be typed or tokenized;
    /// nothing was sent to the provider.
    WidgetCardFrameUnavailable => "widget.card-frame-unavailable", Checkout, NewAttempt, false, ErrorCheckoutUnavailable, Final;
    /// The invoice is already paid (or a payment of it is in progress): the proxy refused
    /// to authorize it again and answered with the existing transaction.
    InvoiceAlreadyPaid => "invoice.already-paid", Checkout, No, false, ErrorAlreadyPaid, Final;
    /// A payment attempt found open after a reload, whose outcome is not known yet: it is
    /// checked, then retried with the same key.
    WidgetPaymentUnconfirmed => "widget.payment-unconfirmed", Checkout, SameIdempotencyKey, false, ErrorPaymentUnconfirmed, RetrySameAttempt;
    /// The sandbox's 3-D Secure page was asked to complete a step it does not know.
    ResourceThreeDsStepNotFound => "resource.3ds-step.not-found", Checkout, No, false, ErrorCheckoutUnavailable, Final;
    /// The card token named in the request does not exist (expired or from another project).
    ResourceCardNotFound => "resource.card.not-found", ProcessOut, NewAttempt, false, ErrorCardAlreadyUsed, FixInput;
    /// The saved payment source (customer token) does not exist.
    ResourceTokenNotFound => "resource.token.not-found", ProcessOut, No, true, ErrorCardNotSupported, Final;
    /// The customer named (by an invoice, or in a saved-card call) does not exist.
    ResourceCustomerNotFound => "resource.customer.not-found", ProcessOut, No, false, ErrorCheckoutUnavailable, Final;
}

impl ErrorCode {
    /// Shorthand for `advice().message_key`.
    pub fn message_key(&self) -> MessageKey {
        self.advice().message_key
    }

    /// True when any kind of retry is allowed.
    pub fn may_retry(&self) -> bool {
        self.advice().retry != Retry::No
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_known_code_round_trips_and_is_unique() {
        let mut seen = HashSet::new();
        for code in ErrorCode::KNOWN {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert_eq!(&ErrorCode::parse(code.as_str()), code);
        }
    }

    #[test]
    fn clone_keeps_every_value() {
        // Clone is written by hand (through the table position, for size): every known
        // value and the catch-all, empty or not, must come back equal.
        for code in ErrorCode::KNOWN {
            assert_eq!(&code.clone(), code);
        }
        for other in [
            ErrorCode::parse("card.some-future-code"),
            ErrorCode::default(),
        ] {
            assert_eq!(other.clone(), other);
        }
        for status in crate::TransactionStatus::KNOWN {
            assert_eq!(&status.clone(), status);
        }
    }

    #[test]
    fn issue_codes_are_all_known() {
        for code in [
            "card.declined",
            "card.do-not-honor",
            "card.no-money",
            "card.expired",
            "card.failed-cvc",
            "card.failed-avs",
            "card.stolen",
            "card.lost",
            "card.possible-fraud",
            "card.not-authorized",
            "card.failed-3ds",
            "card.needs-authentication",
            "card.exceeded-limits",
            "card.issuer-down",
            "card.please-retry",
            "payment.declined",
            "gateway.declined",
            "gateway.timeout",
            "request.validation.error",
            "request.authentication.invalid",
            "resource.invoice.not-found",
            "request.rate.exceeded",
            "request.still-processing",
            "proxy.upstream-unavailable",
            "request.source.card-already-used",
            "request.idempotency-key.invalid",
            "customer.canceled",
            "request.body.too-large",
            "resource.transaction.not-found",
        ] {
            assert!(
                !matches!(ErrorCode::parse(code), ErrorCode::Other(_)),
                "{code} should be known"
            );
        }
    }

    #[test]
    fn gateway_timeout_retries_with_the_same_idempotency_key() {
        let advice = ErrorCode::parse("gateway.timeout").advice();
        assert_eq!(advice.retry, Retry::SameIdempotencyKey);
        assert!(!advice.use_another_card);
        assert_eq!(
            ErrorCode::parse("proxy.upstream-unavailable")
                .advice()
                .retry,
            Retry::SameIdempotencyKey
        );
    }

    #[test]
    fn fraud_related_declines_look_like_plain_declines() {
        for code in ["card.stolen", "card.lost", "card.possible-fraud"] {
            let advice = ErrorCode::parse(code).advice();
            assert_eq!(advice.message_key, MessageKey::ErrorCardDeclined, "{code}");
            assert_eq!(advice.retry, Retry::No, "{code}");
        }
    }

    #[test]
    fn fixable_card_details_allow_a_new_attempt_with_the_same_card() {
        for code in [
            "card.failed-cvc",
            "card.failed-avs",
            "card.needs-authentication",
        ] {
            let advice = ErrorCode::parse(code).advice();
            assert_eq!(advice.retry, Retry::NewAttempt, "{code}");
            assert!(!advice.use_another_card, "{code}");
        }
    }

    #[test]
    fn unknown_codes_are_never_a_decline() {
        let code = ErrorCode::parse("card.something-new");
        assert_eq!(code, ErrorCode::Other("card.something-new".into()));
        assert_eq!(code.advice(), UNCONFIRMED);
        assert_eq!(code.advice().retry, Retry::SameIdempotencyKey);
        assert!(!code.advice().use_another_card);
        assert_eq!(code.kind(), Kind::RetrySameAttempt);
        assert_eq!(code.origin(), ErrorOrigin::ProcessOut);
        assert!(code.may_retry());
    }

    #[test]
    fn unknown_validation_subcodes_ask_to_fix_the_details() {
        let code = ErrorCode::parse("request.validation.invalid-amount");
        assert!(matches!(code, ErrorCode::Other(_)));
        assert_eq!(code.message_key(), MessageKey::ErrorInvalidDetails);
        assert!(!code.advice().use_another_card);
    }

    #[test]
    fn product_codes_are_marked_as_ours() {
        for code in [
            "proxy.upstream-unavailable",
            "proxy.upstream-invalid-response",
            "proxy.misconfigured",
            "widget.network",
            "customer.canceled",
            "request.body.too-large",
            "widget.customer-action-unsupported",
            "widget.customer-action-invalid",
            "widget.3ds-rounds-exceeded",
        ] {
            assert_eq!(
                ErrorCode::parse(code).origin(),
                ErrorOrigin::Checkout,
                "{code}"
            );
        }
        assert_eq!(ErrorCode::CardDeclined.origin(), ErrorOrigin::ProcessOut);
    }

    #[test]
    fn every_error_message_is_an_error_key() {
        for code in ErrorCode::KNOWN {
            assert!(code.message_key().as_str().starts_with("error."), "{code}");
        }
    }
}
