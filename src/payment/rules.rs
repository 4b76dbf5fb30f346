//! The payment flow's decisions, as plain functions and types: what an authorize answer
//! leads to (by checkout-core's one outcome rule), what a look at the invoice concludes
//! after an unknown outcome, where a retry picks up, how long polling and checking go on,
//! whether the attempt stays open, and whether the card fields are emptied. Pure, so they
//! are tested natively; the flow around them only does the I/O.

use checkout_core::outcome::Kind;
use checkout_core::{ErrorCode, Retry};

use crate::error::WidgetError;
use crate::machine::Phase;
use crate::threeds;
use crate::wire::{AuthorizeDto, InvoiceDto, TransactionDto};

/// Longest time the widget keeps polling a pending transaction, in milliseconds.
pub const POLL_LIMIT_MS: i32 = 120_000;

/// Longest time the widget keeps looking the invoice up after an unknown outcome before it
/// offers Retry, in milliseconds (waits of 1, 2, 4 and 8 s).
pub const CHECK_LIMIT_MS: i32 = 15_000;

/// Where an attempt stands: the round of 3-D Secure it is in, the source that round
/// authorizes with, and the device data collected once for the attempt. A retry with the
/// attempt's key resumes here, so it sends exactly the request whose answer was lost, byte
/// for byte (card tokens are single-use, 3-D Secure results too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// The attempt's idempotency key.
    pub key: String,
    /// The 3-D Secure round (0 before any step).
    pub round: u32,
    /// The source this round authorizes with.
    pub source: String,
    /// Save the typed card for the invoice's customer (`save: true`, first round only).
    pub save: bool,
    /// The browser data sent with every request of the attempt: the JSON object taken
    /// once when the attempt started (`crate::device::snapshot`), kept as text.
    pub device: String,
    /// When the attempt started (milliseconds since the epoch, as the browser writes
    /// them): kept for whoever reads the stored attempt, never computed with.
    pub started_at: String,
}

impl Resume {
    /// Where an attempt with `key` starts from: `saved` when it is the same attempt (a
    /// retry after a lost answer), else `None`, a fresh start that needs a source and
    /// device data of its own.
    pub fn pick_up(saved: Option<&Resume>, key: &str) -> Option<Resume> {
        saved.filter(|r| r.key == key).cloned()
    }
}

/// What follows an authorize answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// The payment's transaction: shown, and polled while it is pending.
    Show(TransactionDto),
    /// A 3-D Secure step to carry out; its result is the next round's source.
    Step(threeds::Action),
    /// The provider declined. The transaction a 3-D Secure step belonged to, when there
    /// was one, is read back so the result shows its `three_d_s_status`; otherwise the
    /// result is a failed status with `code`.
    Declined {
        /// Transaction to read back.
        read_back: Option<String>,
        /// The decline's code.
        code: ErrorCode,
    },
    /// The attempt stops with this error: a stated refusal (final), or refused input that
    /// a new attempt corrects.
    Fail(WidgetError),
    /// Nobody can tell whether money moved: the invoice is looked up (see [`check`]) and
    /// the attempt is kept for a retry with the same key.
    Check(WidgetError),
}

/// Decides what follows the authorize answer of round `round`. `transaction_id` is the
/// transaction the attempt's 3-D Secure steps belong to; an answer that names one updates it.
pub fn after_authorize(
    answer: Result<AuthorizeDto, WidgetError>,
    round: u32,
    transaction_id: &mut Option<String>,
) -> Next {
    match answer {
        Ok(AuthorizeDto {
            customer_action: Some(action),
            transaction,
        }) => {
            if let Some(id) = transaction.and_then(|t| t.id) {
                *transaction_id = Some(id);
            }
            if round >= threeds::MAX_ROUNDS {
                return Next::Fail(WidgetError::new(
                    ErrorCode::WidgetThreeDsRoundsExceeded,
                    "the issuer asked for more 3-D Secure steps than the widget takes",
                ));
            }
            match threeds::Action::parse(
                action.kind.as_deref().unwrap_or_default(),
                action.value.as_deref().unwrap_or_default(),
                action.no_iframe,
            ) {
                Ok(step) => Next::Step(step),
                Err(err) => Next::Fail(err),
            }
        }
        Ok(AuthorizeDto {
            customer_action: None,
            transaction: Some(transaction),
        }) => Next::Show(transaction),
        Ok(_) => Next::Fail(WidgetError::new(
            ErrorCode::WidgetInvalidResponse,
            "no transaction",
        )),
        Err(err) => match err.kind() {
            // An unknown outcome is never a decline, whatever the status said.
            Kind::RetrySameAttempt => Next::Check(err),
            // Another payment of the invoice went through (another tab, an earlier attempt
            // whose answer was lost): the invoice's transaction is the result, read like
            // an unknown outcome's (the same look-up, which also shows 3-D Secure status).
            Kind::Final if err.code == ErrorCode::InvoiceAlreadyPaid => Next::Check(err),
            // A decline is the payment's outcome: shown as the failed transaction it is, so
            // the customer sees a status and may start a new attempt.
            Kind::Final if err.declined => Next::Declined {
                read_back: transaction_id.clone(),
                code: err.code,
            },
            Kind::Final | Kind::FixInput => Next::Fail(err),
        },
    }
}

/// Whether a transaction is a payment that went through or is going through.
fn blocks(transaction: &TransactionDto) -> bool {
    transaction.status().blocks_new_payment()
}

/// What a look at the invoice after an unknown outcome concludes: the invoice's transaction
/// when its status blocks a new payment (paid, authorized, pending...), which ends the
/// attempt. A `waiting` or `failed` transaction, or none, may be an older attempt's: it is
/// not this attempt's answer, so `None` (keep checking).
pub fn check(invoice: InvoiceDto) -> Option<TransactionDto> {
    invoice.transaction.filter(blocks)
}

/// Whether the attempt that left the checkout in `phase` is still open, so it stays
/// persisted for a retry with its key (after a reload too): while it is sent, checked, or
/// failed with an unknown outcome. Any other phase is the attempt's end.
pub fn keeps_attempt(phase: &Phase) -> bool {
    match phase {
        Phase::Paying | Phase::Checking(_) => true,
        Phase::Failed(f) => f.retry() == Retry::SameIdempotencyKey,
        Phase::Ready | Phase::Polling { .. } | Phase::Done(_) => false,
    }
}

/// Waits between polls or checks: 1 s, 2 s, 4 s, then 8 s each, until a limit has been
/// waited ([`POLL_LIMIT_MS`] by default, [`CHECK_LIMIT_MS`] for checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    waited: i32,
    delay: i32,
    limit: i32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::up_to(POLL_LIMIT_MS)
    }
}

impl Backoff {
    /// Waits that end once `limit` milliseconds have been waited.
    pub fn up_to(limit: i32) -> Self {
        Self {
            waited: 0,
            delay: 1_000,
            limit,
        }
    }

    /// How long to wait before the next poll or check, or `None` when it is time to give
    /// up (polling: the pending state is the result; checking: Retry is offered).
    pub fn wait(&mut self) -> Option<i32> {
        if self.waited >= self.limit {
            return None;
        }
        let delay = self.delay;
        self.waited += delay;
        self.delay = (delay * 2).min(8_000);
        Some(delay)
    }
}

/// Whether an attempt that ended in `phase` empties the card fields: when its code says
/// another card is the way on, the refused number must not stay on screen.
pub fn clears_card(phase: &Phase) -> bool {
    match phase {
        Phase::Done(o) => o
            .error_code
            .as_ref()
            .is_some_and(|c| c.advice().use_another_card),
        Phase::Failed(f) => f.code.advice().use_another_card,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use checkout_core::TransactionStatus;

    use super::*;
    use crate::machine::{Failure, Outcome};
    use crate::wire::CustomerActionDto;

    fn action(kind: &str, url: &str) -> AuthorizeDto {
        AuthorizeDto {
            transaction: Some(TransactionDto {
                id: Some("tr_3ds".into()),
                status: Some("waiting".into()),
                ..TransactionDto::default()
            }),
            customer_action: Some(CustomerActionDto {
                kind: Some(kind.into()),
                value: Some(url.into()),
                no_iframe: false,
            }),
        }
    }

    fn declined(code: ErrorCode) -> WidgetError {
        WidgetError {
            declined: true,
            ..WidgetError::new(code, "declined")
        }
    }

    #[test]
    fn a_transaction_without_a_step_is_the_result() {
        let transaction = TransactionDto {
            id: Some("tr_1".into()),
            status: Some("completed".into()),
            ..TransactionDto::default()
        };
        let answer = AuthorizeDto {
            transaction: Some(transaction.clone()),
            customer_action: None,
        };
        let mut id = None;
        assert_eq!(
            after_authorize(Ok(answer), 0, &mut id),
            Next::Show(transaction)
        );
        // An answer with neither a transaction nor a step is unreadable, which a retry with
        // the same key may resolve.
        let next = after_authorize(Ok(AuthorizeDto::default()), 0, &mut id);
        assert!(
            matches!(&next, Next::Fail(e) if e.code == ErrorCode::WidgetInvalidResponse),
            "{next:?}"
        );
    }

    #[test]
    fn a_customer_action_is_a_step_and_remembers_its_transaction() {
        let url = "https://acs.example/challenge";
        let mut id = None;
        assert_eq!(
            after_authorize(Ok(action("redirect", url)), 0, &mut id),
            Next::Step(threeds::Action::Challenge(url.into()))
        );
        assert_eq!(id.as_deref(), Some("tr_3ds"));
        // A step the browser cannot perform ends the attempt with its own code.
        let next = after_authorize(Ok(action("challenge-mobile", url)), 1, &mut id);
        assert!(
            matches!(&next, Next::Fail(e) if e.code == ErrorCode::WidgetCustomerActionUnsupported),
            "{next:?}"
        );
    }

    #[test]
    fn the_issuer_gets_a_limited_number_of_rounds() {
        let url = "https://acs.example/fingerprint";
        let mut id = None;
        assert!(matches!(
            after_authorize(
                Ok(action("fingerprint", url)),
                threeds::MAX_ROUNDS - 1,
                &mut id
            ),
            Next::Step(_)
        ));
        let next = after_authorize(Ok(action("fingerprint", url)), threeds::MAX_ROUNDS, &mut id);
        assert!(
            matches!(&next, Next::Fail(e) if e.code == ErrorCode::WidgetThreeDsRoundsExceeded),
            "{next:?}"
        );
    }

    #[test]
    fn a_decline_after_a_step_is_read_back_from_the_steps_transaction() {
        let mut id = None;
        assert_eq!(
            after_authorize(Err(declined(ErrorCode::CardNoMoney)), 0, &mut id),
            Next::Declined {
                read_back: None,
                code: ErrorCode::CardNoMoney
            }
        );
        after_authorize(
            Ok(action("fingerprint", "https://acs.example/f")),
            0,
            &mut id,
        );
        assert_eq!(
            after_authorize(Err(declined(ErrorCode::CardFailed3ds)), 1, &mut id),
            Next::Declined {
                read_back: Some("tr_3ds".into()),
                code: ErrorCode::CardFailed3ds
            }
        );
    }

    fn answered(status: u16, code: &str) -> WidgetError {
        WidgetError {
            status: Some(status),
            declined: status == 402,
            ..WidgetError::new(ErrorCode::parse(code), "")
        }
    }

    #[test]
    fn an_unknown_outcome_is_checked_never_a_decline() {
        let timeout = WidgetError::new(ErrorCode::GatewayTimeout, "no answer");
        assert_eq!(
            after_authorize(Err(timeout.clone()), 2, &mut None),
            Next::Check(timeout)
        );
        for err in [
            answered(503, "widget.http-error"),
            answered(500, "widget.http-error"),
            answered(200, "widget.invalid-response"),
            answered(502, "proxy.upstream-unavailable"),
            answered(409, "request.idempotency-key.invalid"),
            // A 402 with a code nobody knows: the money may have moved.
            answered(402, "card.teleported"),
        ] {
            let next = after_authorize(Err(err.clone()), 0, &mut None);
            assert_eq!(next, Next::Check(err));
        }
    }

    #[test]
    fn stated_refusals_and_refused_input_end_the_attempt() {
        let refused = answered(400, "request.validation.error");
        assert_eq!(
            after_authorize(Err(refused.clone()), 0, &mut None),
            Next::Fail(refused)
        );
        let gone = answered(404, "resource.invoice.not-found");
        assert_eq!(
            after_authorize(Err(gone.clone()), 0, &mut None),
            Next::Fail(gone)
        );
    }

    #[test]
    fn an_invoice_already_paid_is_looked_up_for_the_payment_that_went_through() {
        let paid = answered(409, "invoice.already-paid");
        assert_eq!(
            after_authorize(Err(paid.clone()), 0, &mut None),
            Next::Check(paid)
        );
    }

    #[test]
    fn checking_accepts_only_a_payment_that_went_through() {
        let invoice = |status: Option<&str>| InvoiceDto {
            transaction: status.map(|s| TransactionDto {
                id: Some("tr_1".into()),
                status: Some(s.into()),
                ..TransactionDto::default()
            }),
            ..InvoiceDto::default()
        };
        for status in ["authorized", "completed", "pending", "in-review"] {
            let found = check(invoice(Some(status)));
            assert_eq!(found.and_then(|t| t.status).as_deref(), Some(status));
        }
        // An older attempt's leftovers are not this attempt's answer.
        for status in ["waiting", "failed", "voided"] {
            assert_eq!(check(invoice(Some(status))), None, "{status}");
        }
        assert_eq!(check(invoice(None)), None);
    }

    #[test]
    fn checking_gives_up_after_its_bound() {
        let mut backoff = Backoff::up_to(CHECK_LIMIT_MS);
        let waits: Vec<i32> = std::iter::from_fn(|| backoff.wait()).collect();
        assert_eq!(waits, [1_000, 2_000, 4_000, 8_000]);
        assert_eq!(waits.iter().sum::<i32>(), CHECK_LIMIT_MS);
    }

    #[test]
    fn the_attempt_stays_open_until_it_is_final() {
        let failed = |code: ErrorCode, unconfirmed| {
            Phase::Failed(Failure {
                unconfirmed,
                ..Failure::new(code, String::new())
            })
        };
        assert!(keeps_attempt(&Phase::Paying));
        assert!(keeps_attempt(&Phase::Checking(Failure::new(
            ErrorCode::GatewayTimeout,
            String::new()
        ))));
        assert!(keeps_attempt(&failed(ErrorCode::GatewayTimeout, false)));
        assert!(keeps_attempt(&failed(
            ErrorCode::RequestIdempotencyKeyInvalid,
            true
        )));
        assert!(!keeps_attempt(&failed(ErrorCode::CardStolen, false)));
        assert!(!keeps_attempt(&failed(
            ErrorCode::RequestValidationError,
            false
        )));
        assert!(!keeps_attempt(&Phase::Ready));
        assert!(!keeps_attempt(&Phase::Polling {
            transaction_id: "tr_1".into()
        }));
        assert!(!keeps_attempt(&Phase::Done(Outcome {
            status: TransactionStatus::parse("authorized"),
            transaction_id: None,
            error_code: None,
            three_d_s: None,
        })));
    }

    fn device() -> String {
        r#"{"app_color_depth":24,"app_language":"en"}"#.into()
    }

    #[test]
    fn a_retry_with_the_same_key_resumes_the_lost_round() {
        let saved = Resume {
            key: "k".into(),
            round: 2,
            source: "gway_req_x".into(),
            save: false,
            device: device(),
            started_at: "2026-01-01T00:00:00.000Z".into(),
        };
        // The same round, source and device snapshot: the same bytes.
        assert_eq!(Resume::pick_up(Some(&saved), "k"), Some(saved.clone()));
        // A new attempt (new key) tokenizes again: the old token is spent.
        assert_eq!(Resume::pick_up(Some(&saved), "k2"), None);
        assert_eq!(Resume::pick_up(None, "k"), None);
    }

    #[test]
    fn polling_backs_off_and_gives_up_after_the_limit() {
        let mut backoff = Backoff::default();
        let waits: Vec<i32> = std::iter::from_fn(|| backoff.wait()).collect();
        assert_eq!(&waits[..5], [1_000, 2_000, 4_000, 8_000, 8_000]);
        let total: i32 = waits.iter().sum();
        assert!(total >= POLL_LIMIT_MS, "{total}");
        assert!(total - waits[waits.len() - 1] < POLL_LIMIT_MS, "{total}");
        assert_eq!(backoff.wait(), None);
    }

    #[test]
    fn the_card_fields_are_emptied_only_when_another_card_is_the_way_on() {
        let done = |code: Option<ErrorCode>| {
            Phase::Done(Outcome {
                status: TransactionStatus::parse("failed"),
                transaction_id: None,
                error_code: code,
                three_d_s: None,
            })
        };
        let failed = |code| Phase::Failed(Failure::new(code, String::new()));
        assert!(clears_card(&done(Some(ErrorCode::CardNoMoney))));
        assert!(clears_card(&failed(ErrorCode::CardStolen)));
        // A mistyped CVC is corrected in place; a lost answer is retried as it was.
        assert!(!clears_card(&done(Some(ErrorCode::CardFailedCvc))));
        assert!(!clears_card(&done(None)));
        assert!(!clears_card(&failed(ErrorCode::GatewayTimeout)));
        assert!(!clears_card(&Phase::Paying));
    }
}
