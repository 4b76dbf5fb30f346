//! Transaction status: the 15 codes of ProcessOut's "Transaction status codes"
//! table, and what each means for the checkout.
//!
//! Two questions are answered for every status:
//!
//! * **final** — the payment attempt has an outcome that the checkout flow
//!   itself will not change, so the widget can stop polling. Later changes
//!   come only from the merchant (capture, void, refund) or from a dispute.
//!   `authorized` is therefore final: capturing is the merchant's business and
//!   may happen days later.
//! * **success** — the payment stands: the merchant may fulfil the order.
//!   Disputes that have not taken the money back (`retrieval-request`,
//!   `fraud-notification`) still count; `chargeback-initiated`, `reversed` and
//!   `refunded` do not.
//!
//! A status this version does not know is kept as [`TransactionStatus::Unknown`]:
//! not final (so the widget keeps asking, within its own time limit) and not a
//! success (so nothing is shipped on a guess).

use crate::message::MessageKey;

crate::string_enum::string_enum! {
    /// The `status` field of a ProcessOut transaction.
    ///
    /// ```
    /// use checkout_core::TransactionStatus;
    ///
    /// let status = TransactionStatus::parse("pending-capture");
    /// assert_eq!(status, TransactionStatus::PendingCapture);
    /// assert!(status.is_final() && status.is_success());
    /// assert_eq!(status.message_key().as_str(), "status.pending_capture");
    ///
    /// let odd = TransactionStatus::parse("teleported");
    /// assert!(!odd.is_final() && !odd.is_success());
    /// assert_eq!(odd.as_str(), "teleported");
    /// ```
    pub enum TransactionStatus / Unknown {
        /// `waiting`: no payment has been placed yet.
        Waiting = "waiting",
        /// `pending`: awaiting confirmation from the gateway.
        Pending = "pending",
        /// `authorized`: authorised, not captured yet.
        Authorized = "authorized",
        /// `pending-capture`: a capture was started but is not confirmed.
        PendingCapture = "pending-capture",
        /// `completed`: the payment went through.
        Completed = "completed",
        /// `failed`: the payment was attempted and failed.
        Failed = "failed",
        /// `voided`: the payment was voided.
        Voided = "voided",
        /// `refunded`: refunded in full or in part.
        Refunded = "refunded",
        /// `in-review`: awaiting fraud review.
        InReview = "in-review",
        /// `blocked`: blocked by rules or by a fraud review.
        Blocked = "blocked",
        /// `retrieval-request`: the customer asked the bank about a completed payment.
        RetrievalRequest = "retrieval-request",
        /// `fraud-notification`: the bank warns a chargeback might happen.
        FraudNotification = "fraud-notification",
        /// `chargeback-initiated`: the customer disputed the payment.
        ChargebackInitiated = "chargeback-initiated",
        /// `solved`: the dispute went the merchant's way.
        Solved = "solved",
        /// `reversed`: the dispute went the customer's way.
        Reversed = "reversed",
    }
}

impl TransactionStatus {
    /// True when the checkout flow will not change this outcome (see the module docs).
    pub fn is_final(&self) -> bool {
        !matches!(
            self,
            Self::Waiting | Self::Pending | Self::InReview | Self::Unknown(_)
        )
    }

    /// True when the payment stands and the order may be fulfilled.
    pub fn is_success(&self) -> bool {
        matches!(
            self,
            Self::Authorized
                | Self::PendingCapture
                | Self::Completed
                | Self::RetrievalRequest
                | Self::FraudNotification
                | Self::Solved
        )
    }

    /// Whether an invoice whose transaction has this status was already paid (or is being
    /// paid), so it must be shown, not paid again: the proxy refuses to authorize it and the
    /// widget shows it instead of a Pay button. A `waiting` transaction (nothing paid yet, or
    /// a 3-D Secure step abandoned) and a failed one may be paid anew; a status nobody knows
    /// is treated as a payment in progress.
    pub fn blocks_new_payment(&self) -> bool {
        self.is_success() || (!self.is_final() && *self != Self::Waiting)
    }

    /// The customer-facing message for this status.
    pub fn message_key(&self) -> MessageKey {
        match self {
            Self::Waiting => MessageKey::StatusWaiting,
            Self::Pending => MessageKey::StatusPending,
            Self::Authorized => MessageKey::StatusAuthorized,
            Self::PendingCapture => MessageKey::StatusPendingCapture,
            Self::Completed => MessageKey::StatusCompleted,
            Self::Failed => MessageKey::StatusFailed,
            Self::Voided => MessageKey::StatusVoided,
            Self::Refunded => MessageKey::StatusRefunded,
            Self::InReview => MessageKey::StatusInReview,
            Self::Blocked => MessageKey::StatusBlocked,
            Self::RetrievalRequest => MessageKey::StatusRetrievalRequest,
            Self::FraudNotification => MessageKey::StatusFraudNotification,
            Self::ChargebackInitiated => MessageKey::StatusChargebackInitiated,
            Self::Solved => MessageKey::StatusSolved,
            Self::Reversed => MessageKey::StatusReversed,
            Self::Unknown(_) => MessageKey::StatusUnknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_round_trips() {
        for status in TransactionStatus::KNOWN {
            let code = status.as_str().to_owned();
            assert_eq!(TransactionStatus::parse(&code), *status, "{code}");
            assert_ne!(status.message_key(), MessageKey::StatusUnknown, "{code}");
        }
    }

    #[test]
    fn known_codes_are_distinct() {
        let mut codes: Vec<&str> = TransactionStatus::KNOWN
            .iter()
            .map(|s| s.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 15);
    }

    #[test]
    fn table_of_finality_and_success() {
        use TransactionStatus as S;
        let expected = [
            (S::Waiting, false, false),
            (S::Pending, false, false),
            (S::Authorized, true, true),
            (S::PendingCapture, true, true),
            (S::Completed, true, true),
            (S::Failed, true, false),
            (S::Voided, true, false),
            (S::Refunded, true, false),
            (S::InReview, false, false),
            (S::Blocked, true, false),
            (S::RetrievalRequest, true, true),
            (S::FraudNotification, true, true),
            (S::ChargebackInitiated, true, false),
            (S::Solved, true, true),
            (S::Reversed, true, false),
        ];
        for (status, is_final, success) in expected {
            assert_eq!(status.is_final(), is_final, "final {status}");
            assert_eq!(status.is_success(), success, "success {status}");
        }
    }

    #[test]
    fn codes_are_case_sensitive_and_unknown_is_kept() {
        let status = TransactionStatus::parse("Completed");
        assert_eq!(status, TransactionStatus::Unknown("Completed".into()));
        assert!(!status.is_success());
        assert_eq!(status.to_string(), "Completed");
    }

    #[test]
    fn serde_uses_the_wire_code() {
        let s: TransactionStatus = serde_json::from_str(r#""in-review""#).unwrap();
        assert_eq!(s, TransactionStatus::InReview);
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""in-review""#);
        assert!(serde_json::from_str::<TransactionStatus>("3").is_err());
    }
}
