//! The state machine's rules, tested natively.
use super::*;

fn keys() -> impl FnMut() -> Option<String> {
    let mut n = 0;
    move || {
        n += 1;
        Some(format!("key-{n}"))
    }
}

#[test]
fn with_a_card_form_a_refused_card_allows_another_card_as_a_new_attempt() {
    let mut next = keys();
    let mut saved = Machine::new();
    saved.submit(&mut next);
    saved.on_error(ErrorCode::CardStolen, "".into());
    assert!(!saved.can_submit(), "a saved source cannot be swapped");

    let mut typed = Machine::with_card_entry();
    assert_eq!(typed.submit(&mut next).as_deref(), Some("key-2"));
    typed.on_error(ErrorCode::CardStolen, "".into());
    assert!(typed.can_submit());
    assert_eq!(typed.submit(&mut next).as_deref(), Some("key-3"));
    // An error that no card fixes still ends the checkout.
    typed.on_error(ErrorCode::ProxyMisconfigured, "".into());
    assert!(!typed.can_submit());
}

#[test]
fn a_card_refused_at_tokenization_returns_to_ready_without_a_key() {
    let mut next = keys();
    let mut m = Machine::with_card_entry();
    m.submit(&mut next);
    m.on_card_rejected();
    assert_eq!(m.phase(), &Phase::Ready);
    assert_eq!(m.attempt_key(), None);
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-2"));
    // Only an attempt in flight can be rejected that way.
    m.on_status(
        TransactionStatus::parse("completed"),
        Some("tr_1".into()),
        None,
    );
    m.on_card_rejected();
    assert!(matches!(m.phase(), Phase::Done(_)));
}

#[test]
fn only_paid_or_pending_invoices_are_not_offered_again() {
    for paid in [
        "authorized",
        "completed",
        "pending",
        "pending-capture",
        "in-review",
    ] {
        assert!(already_paid(&TransactionStatus::parse(paid)), "{paid}");
    }
    for payable in ["waiting", "failed", "voided", "blocked"] {
        assert!(
            !already_paid(&TransactionStatus::parse(payable)),
            "{payable}"
        );
    }
}

#[test]
fn ten_fast_clicks_send_one_request() {
    let mut m = Machine::new();
    let mut next = keys();
    let sent: Vec<_> = (0..10).filter_map(|_| m.submit(&mut next)).collect();
    assert_eq!(sent, ["key-1"]);
    assert_eq!(m.phase(), &Phase::Paying);
}

#[test]
fn retry_after_a_lost_response_reuses_the_attempts_key() {
    let mut m = Machine::new();
    let mut next = keys();
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-1"));
    m.on_error(ErrorCode::GatewayTimeout, "504".into());
    assert!(m.can_submit());
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-1"));
    m.on_error(ErrorCode::ProxyUpstreamUnavailable, "502".into());
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-1"));
    m.on_error(ErrorCode::WidgetNetwork, "offline".into());
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-1"));
}

#[test]
fn a_decline_makes_the_next_payment_a_new_attempt() {
    let mut m = Machine::new();
    let mut next = keys();
    m.submit(&mut next);
    m.on_status(
        TransactionStatus::parse("failed"),
        Some("tr_1".into()),
        Some(ErrorCode::CardNoMoney),
    );
    assert!(matches!(m.phase(), Phase::Done(o) if o.error_code == Some(ErrorCode::CardNoMoney)));
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-2"));
}

#[test]
fn nothing_is_sent_after_a_success() {
    let mut m = Machine::new();
    let mut next = keys();
    m.submit(&mut next);
    m.on_status(
        TransactionStatus::parse("authorized"),
        Some("tr_1".into()),
        None,
    );
    assert!(!m.can_submit());
    assert_eq!(m.submit(&mut next), None);
    assert!(matches!(m.phase(), Phase::Done(o) if o.status.is_success()));
}

#[test]
fn pending_is_polled_and_blocks_new_payments_until_it_ends() {
    let mut m = Machine::new();
    let mut next = keys();
    m.submit(&mut next);
    m.on_status(
        TransactionStatus::parse("pending"),
        Some("tr_9".into()),
        None,
    );
    assert_eq!(
        m.phase(),
        &Phase::Polling {
            transaction_id: "tr_9".into()
        }
    );
    assert_eq!(m.submit(&mut next), None);
    m.on_status(
        TransactionStatus::parse("completed"),
        Some("tr_9".into()),
        None,
    );
    assert!(matches!(m.phase(), Phase::Done(o) if o.status.as_str() == "completed"));
}

#[test]
fn polling_that_gives_up_shows_pending_and_still_blocks_a_second_charge() {
    let mut m = Machine::new();
    let mut next = keys();
    m.submit(&mut next);
    m.on_status(
        TransactionStatus::parse("pending"),
        Some("tr_9".into()),
        None,
    );
    m.on_poll_limit();
    assert!(matches!(m.phase(), Phase::Done(o) if o.status.as_str() == "pending"));
    assert_eq!(m.submit(&mut next), None);
}

#[test]
fn a_non_retryable_error_offers_no_retry() {
    let mut m = Machine::new();
    let mut next = keys();
    m.submit(&mut next);
    m.on_error(ErrorCode::ResourceInvoiceNotFound, "gone".into());
    assert!(!m.can_submit());
    assert_eq!(m.submit(&mut next), None);
}

#[test]
fn the_pay_button_follows_the_payment() {
    let button = |shown, retry, busy, enabled| PayButton {
        shown,
        retry,
        busy,
        checking: false,
        enabled,
    };
    let mut next = keys();
    let mut m = Machine::new();
    assert_eq!(m.pay_button(), button(true, false, false, true));
    m.submit(&mut next);
    assert_eq!(m.pay_button(), button(true, false, true, false));
    // A lost answer: "Try again" resends the same attempt.
    m.on_error(ErrorCode::GatewayTimeout, "504".into());
    assert_eq!(m.pay_button(), button(true, true, false, true));
    m.submit(&mut next);
    m.on_status(
        TransactionStatus::parse("pending"),
        Some("tr_1".into()),
        None,
    );
    assert!(
        !m.pay_button().shown,
        "no button while a payment is pending"
    );
    // A decline: Pay again, as a new attempt.
    m.on_status(
        TransactionStatus::parse("failed"),
        Some("tr_1".into()),
        Some(ErrorCode::CardNoMoney),
    );
    assert_eq!(m.pay_button(), button(true, false, false, true));
    m.submit(&mut next);
    m.on_status(
        TransactionStatus::parse("completed"),
        Some("tr_2".into()),
        None,
    );
    assert!(!m.pay_button().shown, "nothing to pay after a success");
    // An error nobody can fix from the page leaves no button.
    let mut broken = Machine::new();
    broken.submit(&mut next);
    broken.on_error(ErrorCode::ProxyMisconfigured, "".into());
    assert!(!broken.pay_button().shown);
}

#[test]
fn an_unknown_outcome_is_checked_then_retried_with_the_same_key() {
    let mut m = Machine::with_card_entry();
    let mut next = keys();
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-1"));
    assert!(m.card_locked());
    m.on_error(ErrorCode::RequestIdempotencyKeyInvalid, "409".into());
    m.on_checking();
    assert!(matches!(m.phase(), Phase::Checking(_)));
    assert!(m.card_locked());
    assert!(m.pay_button().busy && m.pay_button().checking);
    assert_eq!(m.submit(&mut next), None, "no click while checking");
    m.on_unconfirmed();
    assert!(matches!(m.phase(), Phase::Failed(f) if f.unconfirmed
        && f.code == ErrorCode::RequestIdempotencyKeyInvalid));
    // Retry, whatever the first code advised, and the fields stay locked: the retry
    // resends the attempt's card token.
    assert_eq!(
        m.pay_button(),
        PayButton {
            shown: true,
            retry: true,
            busy: false,
            checking: false,
            enabled: true
        }
    );
    assert!(m.card_locked());
    assert_eq!(m.retry_key(), Some("key-1"));
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-1"));
    // Checking that finds the payment ends the attempt with its status.
    m.on_error(ErrorCode::GatewayTimeout, "".into());
    m.on_checking();
    m.on_status(
        TransactionStatus::parse("authorized"),
        Some("tr_1".into()),
        None,
    );
    assert!(matches!(m.phase(), Phase::Done(o) if o.status.is_success()));
    assert!(m.card_locked());
}

#[test]
fn the_fields_unlock_when_the_input_must_change() {
    let mut next = keys();
    let mut m = Machine::with_card_entry();
    assert!(!m.card_locked());
    m.submit(&mut next);
    m.on_error(ErrorCode::RequestValidationError, "".into());
    assert!(!m.card_locked());
    assert_eq!(m.retry_key(), None);
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-2"));
    m.on_status(
        TransactionStatus::parse("failed"),
        Some("tr_2".into()),
        Some(ErrorCode::CardNoMoney),
    );
    assert!(
        !m.card_locked(),
        "a decline unlocks the fields for another card"
    );
    assert_eq!(m.submit(&mut next).as_deref(), Some("key-3"));
}

#[test]
fn a_reloaded_page_reopens_the_attempt_with_its_key() {
    let mut m = Machine::with_card_entry();
    m.reopen("kept".into());
    assert!(matches!(m.phase(), Phase::Checking(_)));
    assert!(m.card_locked());
    m.on_unconfirmed();
    assert_eq!(m.submit(|| Some("fresh".into())).as_deref(), Some("kept"));
    // Only a checkout that has not started reopens.
    m.reopen("other".into());
    assert_eq!(m.attempt_key(), Some("kept"));
    assert_eq!(m.phase(), &Phase::Paying);
}

#[test]
fn without_secure_randomness_nothing_is_sent() {
    let mut m = Machine::new();
    assert_eq!(m.submit(|| None), None);
    assert!(matches!(m.phase(), Phase::Failed(f) if f.code == ErrorCode::WidgetNoSecureRandom));
}
