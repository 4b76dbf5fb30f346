//! The payment flow: a click on Pay → a source (the saved one, or a token for the typed
//! card) → authorize → 3-D Secure rounds → polling → the result, reported to the customer
//! and the page. An unknown outcome is checked against the invoice before Retry is offered,
//! and the open attempt is persisted ([`crate::attempt`]) so a reload resumes it. Plain async Rust over the state machine: every decision is in [`rules`]
//! (tested natively), and what is here only calls the proxy, waits, and touches the DOM.
//!
//! Signals are only written with `try_update`/`try_set_value`, so a widget removed
//! mid-payment does not panic.

mod rules;

pub use rules::{
    after_authorize, check, clears_card, keeps_attempt, Backoff, Next, Resume, CHECK_LIMIT_MS,
    POLL_LIMIT_MS,
};

use checkout_core::{Retry, TransactionStatus};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api;
use crate::attempt;
use crate::card_frame::{CardFrame, NoToken};
use crate::dom::Kept;
use crate::error::WidgetError;
use crate::events;
use crate::i18n::Lang;
use crate::idempotency;
use crate::machine::{Failure, Machine, Phase};
use crate::options::WidgetOptions;
use crate::threeds;
use crate::wire::TransactionDto;

/// The payment of one shown invoice: the handles each attempt needs. `Copy`, so the view's
/// submit listener holds it as it is.
#[derive(Clone, Copy)]
pub struct Payment {
    /// The checkout's state.
    pub machine: RwSignal<Machine>,
    /// The widget's options.
    pub options: StoredValue<WidgetOptions>,
    /// The invoice being paid.
    pub invoice_id: StoredValue<String>,
    /// The card frame, when the customer types a card.
    pub card: Option<CardFrame>,
    /// Where the current attempt stands, for a retry with its key (see [`Resume`]).
    pub resume: StoredValue<Option<Resume>>,
    /// The host element, which receives the `checkout:*` events.
    pub host: Kept<web_sys::HtmlElement>,
    /// The element the checkout renders into.
    pub root: Kept<web_sys::HtmlElement>,
    /// The customer's language.
    pub lang: Lang,
}

impl Payment {
    /// The customer asked to pay (Pay, Retry or Enter). The state machine decides
    /// synchronously, before the DOM can disable the button: that is what makes ten fast
    /// clicks one authorization. A click the machine refuses after a failure repeats the
    /// failure's `checkout:error`.
    pub fn submit(self) {
        // Retrying the open attempt resends its token: the card is not asked for again
        // (the fields are locked, maybe empty after a reload). Neither is it while the
        // machine refuses a new attempt anyway.
        let resends = self
            .machine
            .with_untracked(|m| m.retry_key().map(str::to_string))
            .is_some_and(|key| self.kept(&key).is_some());
        let locked = self.machine.with_untracked(Machine::card_locked);
        // A chosen saved card pays without the typed card being checked.
        let saved = self.root.with(chosen_saved).flatten().is_some();
        match self.card.filter(|_| !resends && !locked && !saved) {
            Some(frame) => {
                frame.before_check();
                leptos::task::spawn_local(async move {
                    match frame.check().await {
                        Ok(true) => self.begin(),
                        // The frame shows each error and puts the customer on the first.
                        Ok(false) => {}
                        Err(err) => fail(self.machine, err),
                    }
                });
            }
            None => self.begin(),
        }
    }

    /// Opens the attempt (or refuses, when the machine says no). The state machine decides
    /// synchronously, before the DOM can disable the button: that is what makes ten fast
    /// clicks one authorization. A submit the machine refuses after a failure repeats the
    /// failure's `checkout:error`.
    fn begin(self) {
        if let Some(key) = self
            .machine
            .try_update(|m| m.submit(idempotency::new_key))
            .flatten()
        {
            self.host
                .with(|h| events::dispatch(h, events::SUBMIT, &events::detail(&[])));
            self.start(key);
        } else if let Some(Phase::Failed(failure)) = phase_of(self.machine) {
            announce_error(self.host, &failure);
        }
    }

    /// Where the attempt with `key` stands, if it is the one kept (see [`Resume::pick_up`]).
    fn kept(self, key: &str) -> Option<Resume> {
        self.resume
            .try_with_value(|r| Resume::pick_up(r.as_ref(), key))
            .flatten()
    }

    /// The page loaded with this invoice's attempt still open (a reload mid-payment, the
    /// return from a full-page 3-D Secure step) and the invoice shows no payment that went
    /// through: the attempt is checked like a lost answer, and Retry resends it unchanged.
    pub fn reopen(self, open: Resume) {
        let key = open.key.clone();
        self.resume.try_set_value(Some(open));
        let mut kept = Some(key.clone());
        update(self.machine, &mut |m| {
            if let Some(key) = kept.take() {
                m.reopen(key)
            }
        });
        self.start(key);
    }

    /// Runs the attempt with `key` in a task: one task type for a click and a reopened
    /// attempt, which the bundle pays for once.
    fn start(self, key: String) {
        // The task only writes signals (try_update) and reads them untracked after its
        // awaits, so it is safe outside an Action, and cheaper in bundle size.
        leptos::task::spawn_local(pay(Attempt {
            options: self.options.get_value(),
            invoice_id: self.invoice_id.get_value(),
            key,
            payment: self,
        }));
    }
}

/// The saved card chosen in the form (`tok_...`); `None` for "Use a new card" or no list.
pub fn chosen_saved(root: &web_sys::HtmlElement) -> Option<String> {
    input_value(root, "input[name=saved-source]:checked").filter(|v| !v.is_empty())
}

/// Whether "Save this card for next time" is ticked.
fn save_checked(root: &web_sys::HtmlElement) -> bool {
    input_value(root, "input[name=save-card]:checked").is_some()
}

/// The value of the first input matching `selector` in the checkout.
fn input_value(root: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    root.query_selector(selector)
        .ok()??
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
        .map(|input| input.value())
}

/// Shows a transaction made before the page loaded and, while it is pending, follows it
/// until it settles. Any attempt kept for the invoice is over.
pub fn follow(machine: RwSignal<Machine>, options: &WidgetOptions, transaction: TransactionDto) {
    attempt::clear(&options.invoice_id);
    on_transaction(machine, transaction);
    let (proxy_url, invoice_url) = (options.proxy_url.clone(), options.invoice_url());
    leptos::task::spawn_local(async move { follow_up(&proxy_url, &invoice_url, machine).await });
}

/// One payment attempt, as the pay task needs it.
struct Attempt {
    options: WidgetOptions,
    invoice_id: String,
    key: String,
    payment: Payment,
}

/// Runs one attempt: tokenizes a typed card and takes the device snapshot (or resumes where
/// a retry with the same key left off), authorizes, carries out 3-D Secure steps, polls,
/// and reports the result.
async fn pay(a: Attempt) {
    let machine = a.payment.machine;
    // A reopened attempt (after a reload) is already being checked: nothing is sent first.
    if !matches!(phase_of(machine), Some(Phase::Checking(_))) {
        let resumed = a.payment.kept(&a.key);
        let start = match resumed {
            Some(start) => Some(start),
            None => apart(source(&a)).await.map(|source| Resume {
                key: a.key.clone(),
                round: 0,
                // Only a typed card (a `card_` token) is saved.
                save: source.starts_with("card_")
                    && a.payment.root.with(save_checked).unwrap_or(false),
                source,
                // Collected once per attempt: every retry of it sends the same bytes.
                device: crate::device::snapshot().unwrap_or_default(),
                // Milliseconds since the epoch, written by the browser's JSON (no float
                // formatting in the wasm).
                started_at: js_sys::JSON::stringify(&js_sys::Date::now().into())
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default(),
            }),
        };
        if let Some(start) = start {
            apart(run_payment(&a, start)).await;
        }
    }
    apart(follow_up(
        &a.options.proxy_url,
        &a.options.invoice_url(),
        machine,
    ))
    .await;
    let Some(phase) = phase_of(machine) else {
        return;
    };
    // The attempt is forgotten once it is over.
    if !keeps_attempt(&phase) {
        attempt::clear(&a.invoice_id);
    }
    if !matches!(phase, Phase::Ready | Phase::Paying) {
        apart(report(a.payment, phase)).await;
    }
}

/// `future` behind a pointer, polled through its vtable: its state machine stays one
/// function of its own instead of being inlined into the caller's.
fn apart<'a, T>(
    future: impl std::future::Future<Output = T> + 'a,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + 'a>> {
    Box::pin(future)
}

/// The source to authorize with: the saved one, or a new token for the card typed in the
/// card frame. `None` when tokenizing failed (the machine and the frame say why).
async fn source(a: &Attempt) -> Option<String> {
    if let Some(saved) = a
        .options
        .source
        .clone()
        .or_else(|| a.payment.root.with(chosen_saved).flatten())
    {
        return Some(saved);
    }
    let frame = a.payment.card?;
    match frame.tokenize().await {
        Ok(card) => Some(card.token),
        Err(NoToken::Field(field, code)) => {
            update(a.payment.machine, &mut Machine::on_card_rejected);
            // The fields are enabled again by an effect; focus can only land after it.
            api::sleep(0).await;
            let key = checkout_core::card::provider_error(code.as_str())
                .map_or("card.invalid", |e| e.message_key());
            frame.show(field, key);
            None
        }
        Err(NoToken::Error(err)) => {
            fail(a.payment.machine, err);
            None
        }
    }
}

/// Authorizes with `source` (round `round` of the attempt), carries out each 3-D Secure
/// step the issuer asks for and authorizes again with its result, then polls while the
/// transaction is pending; reports through the machine.
async fn run_payment(a: &Attempt, mut at: Resume) {
    let machine = a.payment.machine;
    let proxy_url = &a.options.proxy_url;
    // The transaction a 3-D Secure step belongs to (see `Next::Declined`).
    let mut transaction_id: Option<String> = None;
    loop {
        a.payment.resume.try_set_value(Some(at.clone()));
        // Kept before the request leaves: a reload while it is out resumes this attempt.
        attempt::save(&a.invoice_id, &at);
        let key = threeds::round_key(&at.key, at.round);
        // The card is saved by the first round; later rounds pay with a 3-D Secure result.
        let save = at.save && at.round == 0;
        let answer =
            api::authorize(proxy_url, &a.invoice_id, &key, &at.source, &at.device, save).await;
        let step = match after_authorize(answer, at.round, &mut transaction_id) {
            Next::Step(step) => step,
            Next::Show(transaction) => {
                on_transaction(machine, transaction);
                break;
            }
            Next::Declined { read_back, code } => {
                let read_back = match read_back {
                    Some(id) => api::fetch_transaction(proxy_url, &id)
                        .await
                        .ok()
                        .filter(|t| t.status().is_final()),
                    None => None,
                };
                match read_back {
                    Some(transaction) => on_transaction(machine, transaction),
                    None => {
                        let (failed, mut code) = (TransactionStatus::parse("failed"), Some(code));
                        update(machine, &mut |m| {
                            m.on_status(failed.clone(), None, code.take())
                        });
                    }
                }
                break;
            }
            Next::Fail(err) => {
                fail(machine, err);
                break;
            }
            Next::Check(err) => {
                fail(machine, err);
                update(machine, &mut Machine::on_checking);
                break;
            }
        };
        let Some(root) = a.payment.root.get() else {
            break;
        };
        let result = match threeds::begin(&root, a.payment.lang, &step) {
            Ok(threeds::Started::Waiting(step)) => {
                let _ = wasm_bindgen_futures::JsFuture::from(step.promise()).await;
                step.end()
            }
            // The page is on its way to the issuer; the return URL brings the customer back.
            Ok(threeds::Started::Leaving) => return,
            Err(err) => Err(err),
        };
        match result {
            Ok(next) => {
                at.source = next;
                at.round = at.round.saturating_add(1);
            }
            Err(err) => {
                fail(machine, err);
                break;
            }
        }
    }
}

/// Follows an attempt whose answer is still open, with [`Backoff`] waits: while the
/// outcome is unknown ("Checking your payment…") it looks the invoice up until its
/// transaction says a payment went through (see [`check`]; past [`CHECK_LIMIT_MS`] the
/// payment is unconfirmed and Retry resends the attempt); while the transaction is pending
/// it polls it (past [`POLL_LIMIT_MS`] the pending state is the result). Nothing to do in
/// any other phase. One loop for both: the bundle pays for it once.
async fn follow_up(proxy_url: &str, invoice_url: &str, machine: RwSignal<Machine>) {
    let (mut checks, mut polls) = (Backoff::up_to(CHECK_LIMIT_MS), Backoff::default());
    while let Some(phase) = phase_of(machine) {
        let (backoff, give_up): (_, fn(&mut Machine)) = match &phase {
            Phase::Checking(_) => (&mut checks, Machine::on_unconfirmed),
            Phase::Polling { .. } => (&mut polls, Machine::on_poll_limit),
            _ => break,
        };
        let Some(delay) = backoff.wait() else {
            update(machine, &mut { give_up });
            break;
        };
        api::sleep(delay).await;
        // A failed look-up is no answer: the phase stays, and the next wait comes.
        let found = match phase {
            Phase::Polling { transaction_id } => api::fetch_transaction(proxy_url, &transaction_id)
                .await
                .ok(),
            _ => api::fetch_invoice(invoice_url).await.ok().and_then(check),
        };
        if let Some(transaction) = found {
            on_transaction(machine, transaction);
        }
    }
}

/// The machine's phase now (`None` once the checkout is gone): the one read of the signal
/// the flow makes, one instance of its code in the bundle.
fn phase_of(machine: RwSignal<Machine>) -> Option<Phase> {
    machine.try_with_untracked(|m| m.phase().clone())
}

/// Every change of the machine from the pay task goes through here (or [`fail`]): one
/// instance of the signal's update code instead of one per closure.
fn update(machine: RwSignal<Machine>, change: &mut dyn FnMut(&mut Machine)) {
    machine.try_update(|m| change(m));
}

/// The request failed without a transaction status.
fn fail(machine: RwSignal<Machine>, error: WidgetError) {
    let mut error = Some(error);
    update(machine, &mut |m| {
        if let Some(error) = error.take() {
            m.on_error(error.code, error.message);
        }
    });
}

/// A transaction from the provider: its status, error and 3-D Secure outcome.
fn on_transaction(machine: RwSignal<Machine>, transaction: TransactionDto) {
    let (status, code) = (transaction.status(), transaction.error_code());
    let three_d_s = transaction.three_d_s_status;
    let (mut id, mut code, mut three_d_s) = (transaction.id, code, three_d_s);
    update(machine, &mut |m| {
        m.on_status(status.clone(), id.take(), code.take());
        m.note_three_d_s(three_d_s.take());
    });
}

/// Shows the attempt's result: focuses it, tells the page (`checkout:status` or
/// `checkout:error`), and empties the card fields when another card is the way on.
async fn report(p: Payment, phase: Phase) {
    if let (Some(frame), true) = (p.card, clears_card(&phase)) {
        frame.clear_for_another_card();
    }
    focus_result(p.root).await;
    match phase {
        Phase::Done(outcome) => {
            let detail = events::detail(&[
                ("status", outcome.status.as_str().into()),
                (
                    "transactionId",
                    outcome
                        .transaction_id
                        .map(JsValue::from)
                        .unwrap_or(JsValue::NULL),
                ),
            ]);
            p.host
                .with(|h| events::dispatch(h, events::STATUS, &detail));
        }
        Phase::Failed(failure) => announce_error(p.host, &failure),
        _ => {}
    }
}

/// Moves focus to the result once it is on screen, so keyboard and screen-reader users land
/// on it (the live region also announces it).
async fn focus_result(root: Kept<web_sys::HtmlElement>) {
    api::sleep(0).await;
    let target = root
        .with(|h| {
            h.query_selector("[data-testid=status],[data-testid=error]")
                .ok()
                .flatten()
        })
        .flatten();
    if let Some(element) =
        target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}

/// Tells the page a request failed (`checkout:error`), with the code as its wire string.
fn announce_error(host: Kept<web_sys::HtmlElement>, failure: &Failure) {
    let detail = events::detail(&[
        ("code", failure.code.as_str().into()),
        ("message", failure.message.clone().into()),
        ("retryable", (failure.retry() != Retry::No).into()),
    ]);
    host.with(|h| events::dispatch(h, events::ERROR, &detail));
}
