//! The payment flow's decisions, as plain functions and types: what an authorize answer
//! leads to, where a retry picks up, how long polling goes on, and whether the card fields
//! are emptied. Pure, so they are tested natively; the flow around them only does the I/O.

use checkout_core::ErrorCode;

use crate::error::WidgetError;
use crate::machine::Phase;
use crate::threeds;
use crate::wire::{AuthorizeDto, TransactionDto};

/// Longest time the widget keeps polling a pending transaction, in milliseconds.
pub const POLL_LIMIT_MS: i32 = 120_000;

/// Where an attempt stands: the round of 3-D Secure it is in and the source that round
/// authorizes with. A retry with the attempt's key resumes here, so it sends exactly the
/// request whose answer was lost (card tokens are single-use, 3-D Secure results too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// The attempt's idempotency key.
    pub key: String,
    /// The 3-D Secure round (0 before any step).
    pub round: u32,
    /// The source this round authorizes with.
    pub source: String,
}

impl Resume {
    /// The round and source an attempt with `key` starts from: those of `saved` when it is
    /// the same attempt (a retry after a lost answer), else `None`, a fresh start that needs
    /// a source of its own.
    pub fn pick_up(saved: Option<&Resume>, key: &str) -> Option<(u32, String)> {
        saved
            .filter(|r| r.key == key)
            .map(|r| (r.round, r.source.clone()))
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
    /// The attempt stops with this error (the outcome may be unknown: the error's code
    /// says whether a retry is safe).
    Fail(WidgetError),
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
        // A decline is the payment's outcome: shown as the failed transaction it is, so
        // the customer sees a status and may start a new attempt.
        Err(err) if err.declined => Next::Declined {
            read_back: transaction_id.clone(),
            code: err.code,
        },
        Err(err) => Next::Fail(err),
    }
}

/// Polling's waits: 1 s, 2 s, 4 s, then 8 s each, until [`POLL_LIMIT_MS`] have been waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    waited: i32,
    delay: i32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            waited: 0,
            delay: 1_000,
        }
    }
}

impl Backoff {
    /// How long to wait before the next poll, or `None` when polling gives up and the
    /// pending state is the result.
    pub fn wait(&mut self) -> Option<i32> {
        if self.waited >= POLL_LIMIT_MS {
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

    #[test]
    fn a_failed_request_stops_the_attempt_with_its_code() {
        let timeout = WidgetError::new(ErrorCode::GatewayTimeout, "504");
        assert_eq!(
            after_authorize(Err(timeout.clone()), 2, &mut None),
            Next::Fail(timeout)
        );
    }

    #[test]
    fn a_retry_with_the_same_key_resumes_the_lost_round() {
        let saved = Resume {
            key: "k".into(),
            round: 2,
            source: "gway_req_x".into(),
        };
        assert_eq!(
            Resume::pick_up(Some(&saved), "k"),
            Some((2, "gway_req_x".to_string()))
        );
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
        let failed = |code| {
            Phase::Failed(Failure {
                code,
                message: String::new(),
            })
        };
        assert!(clears_card(&done(Some(ErrorCode::CardNoMoney))));
        assert!(clears_card(&failed(ErrorCode::CardStolen)));
        // A mistyped CVC is corrected in place; a lost answer is retried as it was.
        assert!(!clears_card(&done(Some(ErrorCode::CardFailedCvc))));
        assert!(!clears_card(&done(None)));
        assert!(!clears_card(&failed(ErrorCode::GatewayTimeout)));
        assert!(!clears_card(&Phase::Paying));
    }
}
