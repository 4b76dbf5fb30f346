//! Customer-facing message keys.
//!
//! The widget translates keys, not sentences: a key is a stable identifier
//! (`status.completed`, `error.card_no_money`) that never changes once shipped,
//! while its wording may. [`MessageKey::english`] is the fallback text used
//! until a translation exists. Messages never tell the customer that a card
//! was reported lost or stolen or looks fraudulent; those outcomes share the
//! neutral decline text.

use std::fmt;

use serde::{Serialize, Serializer};

macro_rules! message_keys {
    ($( $(#[$doc:meta])* $variant:ident => $key:literal, $english:literal; )*) => {
        /// A stable identifier for a customer-facing message.
        ///
        /// ```
        /// use checkout_core::MessageKey;
        ///
        /// assert_eq!(MessageKey::ErrorCardNoMoney.as_str(), "error.card_no_money");
        /// assert!(!MessageKey::ErrorCardNoMoney.english().is_empty());
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum MessageKey {
            $( $(#[$doc])* $variant, )*
        }

        impl MessageKey {
            /// Every key, in declaration order.
            pub const ALL: &'static [MessageKey] = &[$(MessageKey::$variant),*];

            /// The identifier translations are looked up by.
            pub fn as_str(self) -> &'static str {
                const KEYS: &[&str] = &[$($key),*];
                // A fieldless enum's discriminant is its position: one table, not a match.
                KEYS.get(self as usize).copied().unwrap_or_default()
            }

            /// English text to show until a translation exists.
            pub fn english(self) -> &'static str {
                const ENGLISH: &[&str] = &[$($english),*];
                ENGLISH.get(self as usize).copied().unwrap_or_default()
            }

            /// The key with this identifier, if any.
            pub fn from_key(key: &str) -> Option<MessageKey> {
                MessageKey::ALL.iter().copied().find(|k| k.as_str() == key)
            }
        }
    };
}

message_keys! {
    /// No payment has been made yet.
    StatusWaiting => "status.waiting", "Waiting for your payment.";
    /// The gateway has not confirmed the payment yet.
    StatusPending => "status.pending", "Your payment is being confirmed.";
    /// The payment was authorised; the merchant captures it later.
    StatusAuthorized => "status.authorized", "Your payment was accepted.";
    /// A capture was started and not yet confirmed.
    StatusPendingCapture => "status.pending_capture", "Your payment was accepted and is being finalised.";
    /// The payment went through.
    StatusCompleted => "status.completed", "Payment complete. Thank you!";
    /// The payment was attempted and failed.
    StatusFailed => "status.failed", "Your payment did not go through.";
    /// The payment was cancelled before money moved.
    StatusVoided => "status.voided", "This payment was cancelled. You have not been charged.";
    /// The payment was refunded in full or in part.
    StatusRefunded => "status.refunded", "This payment was refunded.";
    /// The payment awaits a fraud review.
    StatusInReview => "status.in_review", "Your payment is being reviewed. You will be notified of the outcome.";
    /// Blocked by rules or review; the reason is not shown to the customer.
    StatusBlocked => "status.blocked", "Your payment could not be completed.";
    /// The customer asked the bank about a completed payment.
    StatusRetrievalRequest => "status.retrieval_request", "Your bank has asked for information about this payment.";
    /// The bank warned that a chargeback might follow.
    StatusFraudNotification => "status.fraud_notification", "Your bank has flagged this payment for review.";
    /// The customer disputed the payment.
    StatusChargebackInitiated => "status.chargeback_initiated", "This payment is disputed.";
    /// A dispute was settled in the merchant's favour.
    StatusSolved => "status.solved", "The dispute about this payment has been resolved.";
    /// A dispute was settled in the customer's favour.
    StatusReversed => "status.reversed", "This payment was reversed by your bank.";
    /// A status this version does not know.
    StatusUnknown => "status.unknown", "We could not confirm the status of your payment yet.";

    /// Declined without a reason the customer can act on.
    ErrorCardDeclined => "error.card_declined", "Your card was declined. Please use another card.";
    /// The bank refused and the customer should ask it why.
    ErrorContactBank => "error.contact_bank", "Your bank declined this payment. Please contact your bank or use another card.";
    /// Not enough funds.
    ErrorCardNoMoney => "error.card_no_money", "Your card has insufficient funds. Please use another card.";
    /// The card has expired.
    ErrorCardExpired => "error.card_expired", "Your card has expired. Please use another card.";
    /// The security code did not match.
    ErrorCardCvc => "error.card_cvc", "The security code (CVC) is incorrect. Please check it and try again.";
    /// The billing address or postcode did not match.
    ErrorCardAddress => "error.card_address", "The billing address does not match your card. Please check it and try again.";
    /// Number, expiry, name or several checks were wrong.
    ErrorCardDetailsInvalid => "error.card_details_invalid", "Some card details are incorrect. Please check them and try again.";
    /// The card cannot be used for this kind of payment.
    ErrorCardNotSupported => "error.card_not_supported", "This card cannot be used for this payment. Please use another card.";
    /// Strong customer authentication (3-D Secure) failed.
    ErrorCardAuthenticationFailed => "error.card_authentication_failed", "Your bank could not verify this payment. Please try again or use another card.";
    /// The bank requires authentication that was not performed.
    ErrorCardNeedsAuthentication => "error.card_needs_authentication", "Your bank needs you to confirm this payment. Please try again.";
    /// Card or account limits exceeded.
    ErrorCardLimitExceeded => "error.card_limit_exceeded", "This payment exceeds your card's limits. Please use another card or contact your bank.";
    /// The issuing bank could not be reached.
    ErrorIssuerUnavailable => "error.issuer_unavailable", "Your bank could not be reached. Please try again in a few minutes or use another card.";
    /// A transient processing failure.
    ErrorPleaseRetry => "error.please_retry", "The payment could not be processed. Please try again.";
    /// Too many attempts with this card.
    ErrorTooManyAttempts => "error.too_many_attempts", "Too many attempts with this card. Please use another card.";
    /// The same payment was already made.
    ErrorDuplicatePayment => "error.duplicate_payment", "This payment looks like one you already made. Please check before paying again.";
    /// Generic decline, also used for codes this version does not know.
    ErrorPaymentDeclined => "error.payment_declined", "The payment was declined. Please try another card or payment method.";
    /// The gateway timed out; the payment may or may not have gone through.
    ErrorPaymentTimeout => "error.payment_timeout", "Your payment is taking longer than expected. We are checking it: please do not pay again.";
    /// The payment service is temporarily unreachable.
    ErrorServiceUnavailable => "error.service_unavailable", "Payments are temporarily unavailable. Please try again in a moment.";
    /// The customer's device could not reach the checkout service.
    ErrorNetwork => "error.network", "We could not reach the payment service. Please check your connection and try again.";
    /// An earlier request for this payment is still running.
    ErrorStillProcessing => "error.still_processing", "Your payment is still being processed. Please wait.";
    /// Too many requests in a short time.
    ErrorRateLimited => "error.rate_limited", "Too many attempts. Please wait a moment and try again.";
    /// The card token was already spent on another request.
    ErrorCardAlreadyUsed => "error.card_already_used", "Please enter your card details again.";
    /// Submitted details failed validation.
    ErrorInvalidDetails => "error.invalid_details", "Some details are not valid. Please check them and try again.";
    /// The merchant's integration is broken; the customer cannot fix it.
    ErrorCheckoutUnavailable => "error.checkout_unavailable", "This checkout cannot take payments right now. Please contact the merchant.";
    /// The invoice does not exist (or expired).
    ErrorInvoiceNotFound => "error.invoice_not_found", "This order could not be found. It may have expired.";
    /// The transaction does not exist.
    ErrorTransactionNotFound => "error.transaction_not_found", "We could not find this payment.";
    /// The customer abandoned the payment.
    ErrorCustomerCanceled => "error.customer_canceled", "You cancelled the payment. You have not been charged.";
    /// The issuer wants its mobile app to confirm the payment, which a web page cannot run.
    ErrorAuthenticationNeedsApp => "error.authentication_needs_app", "Your bank wants to confirm this payment in its mobile app, which this web page cannot open. Please use another card.";
    /// The outcome of a payment could not be confirmed: the customer may retry safely.
    ErrorPaymentUnconfirmed => "error.payment_unconfirmed", "We could not confirm your payment. You will not be charged twice: please try again.";
    /// The invoice was paid already, perhaps in another window.
    ErrorAlreadyPaid => "error.already_paid", "This invoice has already been paid.";
}

impl fmt::Display for MessageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for MessageKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for key in MessageKey::ALL {
            let id = key.as_str();
            assert!(seen.insert(id), "duplicate key {id}");
            let (group, name) = id.split_once('.').expect("group.name");
            assert!(group == "status" || group == "error", "{id}");
            assert!(
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{id}"
            );
            assert_eq!(MessageKey::from_key(id), Some(*key));
        }
        assert_eq!(MessageKey::from_key("status.nope"), None);
    }

    #[test]
    fn every_key_has_english_text_that_ends_a_sentence() {
        for key in MessageKey::ALL {
            let text = key.english();
            assert!(text.ends_with('.') || text.ends_with('!'), "{key}: {text}");
            assert_ne!(text, key.as_str());
        }
    }

    #[test]
    fn declines_never_reveal_fraud_suspicion() {
        for key in MessageKey::ALL {
            let text = key.english().to_lowercase();
            for word in ["stolen", "lost", "fraud"] {
                assert!(!text.contains(word), "{key} mentions {word}");
            }
        }
    }
}
