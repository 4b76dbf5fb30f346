//! The checkout state machine: what the customer sees and whether a click may send a
//! payment. Pure, so the rules that prevent double charges are tested natively.
//!
//! Rules:
//! - one attempt has one idempotency key; a retry after an unknown outcome (timeout, 502,
//!   504, network) reuses it, so the provider replays instead of charging again;
//! - while a request is in flight, or once a payment succeeded or is pending, a submit is
//!   ignored (ten fast clicks make one authorization);
//! - after a definite refusal (a decline, a validation error) the next submit is a new
//!   attempt with a new key;
//! - after an unknown outcome the checkout first checks the invoice ([`Phase::Checking`]);
//!   if that settles nothing, Retry resends the same attempt, and the card fields stay
//!   locked until the attempt ends (the retry sends the card token already made).

use checkout_core::{ErrorCode, Retry, TransactionStatus};

/// Where the checkout is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Invoice shown; the customer may pay.
    Ready,
    /// An authorization request is in flight.
    Paying,
    /// The outcome of the attempt is unknown: the widget looks the invoice up before it
    /// offers a retry ("Checking your payment…"). The failure is what left the outcome
    /// unknown, shown if checking finds no answer.
    Checking(Failure),
    /// The provider answered `pending`; the widget polls the transaction.
    Polling {
        /// Transaction being polled.
        transaction_id: String,
    },
    /// The transaction reached a status worth showing (final, or pending past the poll limit).
    Done(Outcome),
    /// The request failed before a transaction status was known.
    Failed(Failure),
}

/// A transaction result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// ProcessOut status.
    pub status: TransactionStatus,
    /// Transaction id, when the provider gave one.
    pub transaction_id: Option<String>,
    /// Why it failed, for failed statuses.
    pub error_code: Option<ErrorCode>,
    /// The transaction's `three_d_s_status`, when 3-D Secure ran.
    pub three_d_s: Option<String>,
}

/// A failed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Error code (ProcessOut's, or the widget's own `widget.*`).
    pub code: ErrorCode,
    /// Developer-facing detail.
    pub message: String,
    /// Checking the invoice after an unknown outcome found no answer: the customer is told
    /// the payment could not be confirmed, and Retry resends the same attempt.
    pub unconfirmed: bool,
}

impl Failure {
    /// A failure with `code`.
    pub fn new(code: ErrorCode, message: String) -> Self {
        Self {
            code,
            message,
            unconfirmed: false,
        }
    }

    /// How the customer may go on.
    pub fn retry(&self) -> Retry {
        if self.unconfirmed {
            Retry::SameIdempotencyKey
        } else {
            self.code.advice().retry
        }
    }
}

/// The state of one checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    phase: Phase,
    /// Key of the current attempt; kept after an unknown outcome so Retry reuses it.
    attempt_key: Option<String>,
    /// The customer types a card, so an error that calls for another card is a new attempt
    /// rather than the end (with a saved source there is no other card to try).
    card_entry: bool,
}

impl Default for Machine {
    fn default() -> Self {
        Self::new()
    }
}

impl Machine {
    /// A checkout whose invoice is shown and not yet paid.
    pub fn new() -> Self {
        Self {
            phase: Phase::Ready,
            attempt_key: None,
            card_entry: false,
        }
    }

    /// A checkout where the customer types a card.
    pub fn with_card_entry() -> Self {
        Self {
            card_entry: true,
            ..Self::new()
        }
    }

    /// The current phase.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// The idempotency key of the current attempt, if one started.
    pub fn attempt_key(&self) -> Option<&str> {
        self.attempt_key.as_deref()
    }

    /// The key a submit now would resend: the open attempt's, after an unknown outcome.
    pub fn retry_key(&self) -> Option<&str> {
        match &self.phase {
            Phase::Failed(f) if f.retry() == Retry::SameIdempotencyKey => self.attempt_key(),
            _ => None,
        }
    }

    /// Whether a click on Pay (or Retry) would send a request now.
    pub fn can_submit(&self) -> bool {
        match &self.phase {
            Phase::Ready => true,
            Phase::Paying | Phase::Checking(_) | Phase::Polling { .. } => false,
            Phase::Done(outcome) => outcome.status.is_final() && !outcome.status.is_success(),
            Phase::Failed(failure) => {
                failure.retry() != Retry::No
                    || (self.card_entry && failure.code.advice().use_another_card)
            }
        }
    }

    /// The customer asked to pay. Returns the idempotency key to send with, or `None` when
    /// the click must be ignored. `fresh_key` is called only when a new attempt starts.
    pub fn submit(&mut self, fresh_key: impl FnOnce() -> Option<String>) -> Option<String> {
        if !self.can_submit() {
            return None;
        }
        let key = match self.retry_key() {
            Some(key) => key.to_string(),
            None => match fresh_key() {
                Some(key) => key,
                None => {
                    self.phase = Phase::Failed(Failure::new(
                        ErrorCode::WidgetNoSecureRandom,
                        "this browser offers no crypto.getRandomValues".into(),
                    ));
                    return None;
                }
            },
        };
        self.attempt_key = Some(key.clone());
        self.phase = Phase::Paying;
        Some(key)
    }

    /// The provider answered with a transaction status.
    pub fn on_status(
        &mut self,
        status: TransactionStatus,
        transaction_id: Option<String>,
        error_code: Option<ErrorCode>,
    ) {
        self.phase = match (&status, &transaction_id) {
            (s, Some(id)) if !s.is_final() && is_pollable(s) => Phase::Polling {
                transaction_id: id.clone(),
            },
            _ => Phase::Done(Outcome {
                status,
                transaction_id,
                error_code,
                three_d_s: None,
            }),
        };
    }

    /// Records the transaction's 3-D Secure outcome on the result shown.
    pub fn note_three_d_s(&mut self, three_d_s: Option<String>) {
        if let Phase::Done(outcome) = &mut self.phase {
            outcome.three_d_s = three_d_s.filter(|s| !s.is_empty());
        }
    }

    /// Polling gave up before a final status: show the pending state as the result.
    pub fn on_poll_limit(&mut self) {
        if let Phase::Polling { transaction_id } = &self.phase {
            self.phase = Phase::Done(Outcome {
                status: TransactionStatus::parse("pending"),
                transaction_id: Some(transaction_id.clone()),
                error_code: None,
                three_d_s: None,
            });
        }
    }

    /// The provider refused to tokenize the card for a field the customer can correct: the
    /// attempt ends before any authorization, and the form is ready again.
    pub fn on_card_rejected(&mut self) {
        if matches!(self.phase, Phase::Paying) {
            self.phase = Phase::Ready;
            self.attempt_key = None;
        }
    }

    /// The request failed without a transaction status.
    pub fn on_error(&mut self, code: ErrorCode, message: String) {
        self.phase = Phase::Failed(Failure::new(code, message));
    }

    /// The request just failed ([`Machine::on_error`]) with an unknown outcome: the invoice
    /// is looked up before anything else; the failure is shown only if that finds nothing.
    pub fn on_checking(&mut self) {
        if let Phase::Failed(cause) = &self.phase {
            self.phase = Phase::Checking(cause.clone());
        }
    }

    /// The page loaded with an attempt still open (a reload, the return from a full-page
    /// 3-D Secure step): it is checked, and a retry keeps its `key`.
    pub fn reopen(&mut self, key: String) {
        if matches!(self.phase, Phase::Ready) {
            self.attempt_key = Some(key);
            self.phase = Phase::Checking(Failure::new(
                ErrorCode::WidgetPaymentUnconfirmed,
                "page left mid-payment".into(),
            ));
        }
    }

    /// Checking found no answer: the payment is unconfirmed, and Retry resends the same
    /// attempt.
    pub fn on_unconfirmed(&mut self) {
        if let Phase::Checking(cause) = &mut self.phase {
            cause.unconfirmed = true;
            self.phase = Phase::Failed(cause.clone());
        }
    }

    /// Whether the card fields are locked: from Pay until the attempt ends, since a retry
    /// sends the attempt's card token, not what the fields would say; and when nothing may
    /// be paid any more.
    pub fn card_locked(&self) -> bool {
        match &self.phase {
            Phase::Failed(f) if f.retry() == Retry::SameIdempotencyKey => true,
            _ => !self.can_submit(),
        }
    }

    /// What the pay button shows now.
    pub fn pay_button(&self) -> PayButton {
        let (shown, retry) = match &self.phase {
            Phase::Ready | Phase::Paying | Phase::Checking(_) => (true, false),
            Phase::Polling { .. } => (false, false),
            Phase::Done(o) => (!o.status.is_success() && self.can_submit(), false),
            Phase::Failed(f) => (
                f.retry() != Retry::No,
                f.retry() == Retry::SameIdempotencyKey,
            ),
        };
        PayButton {
            shown,
            retry,
            busy: matches!(self.phase, Phase::Paying | Phase::Checking(_)),
            checking: matches!(self.phase, Phase::Checking(_)),
            enabled: self.can_submit(),
        }
    }
}

/// The pay button in one phase of the checkout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayButton {
    /// Whether there is a button at all: none while polling, after a success, or when
    /// nothing may be tried again.
    pub shown: bool,
    /// Labelled "Try again": it resends the same attempt with its key.
    pub retry: bool,
    /// A request is in flight ("Processing…", `aria-busy`).
    pub busy: bool,
    /// The invoice is being looked up after an unknown outcome ("Checking your payment…",
    /// also busy).
    pub checking: bool,
    /// A click would send a request.
    pub enabled: bool,
}

/// Whether an invoice whose transaction has `status` was already paid (or is being paid),
/// so it must be shown, not offered again. A `waiting` transaction (nothing paid yet, or a
/// 3-D Secure step abandoned) and a failed one may be paid anew.
pub fn already_paid(status: &TransactionStatus) -> bool {
    status.blocks_new_payment()
}

/// Statuses that can still change by themselves and are worth polling for.
fn is_pollable(status: &TransactionStatus) -> bool {
    matches!(
        status.as_str(),
        "pending" | "pending-capture" | "in-review" | "waiting"
    )
}

#[cfg(test)]
mod tests;
