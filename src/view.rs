//! The widget's components. They stay thin: rules live in `machine`, data in `api`, money
//! in checkout-core and `format`, texts in `i18n`.

use checkout_core::{ErrorCode, Retry, TransactionStatus};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::{self, ApiError};
use crate::card_form::{CardFields, CardForm};
use crate::dom::{self, Kept};
use crate::events;
use crate::format::format_money;
use crate::i18n::{self, Label, Lang};
use crate::idempotency;
use crate::machine::{Failure, Machine, Outcome, Phase};
use crate::options::WidgetOptions;
use crate::threeds;
use crate::wire::{is_zero, BreakdownDto, InvoiceDto};

/// `data-action` of the button that loads the invoice again.
pub const RELOAD: &str = "reload";

/// Longest time the widget keeps polling a pending transaction, in milliseconds.
pub const POLL_LIMIT_MS: i32 = 120_000;

/// An invoice ready to show and pay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// Invoice id.
    pub id: String,
    /// What the customer pays for.
    pub name: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Lines, tax, shipping and total, as checkout-core computed them in the proxy.
    pub breakdown: BreakdownDto,
    /// The invoice's transaction when it is already paid or pending (the customer came back,
    /// e.g. through the invoice's return URL after a full-page 3-D Secure step): shown
    /// instead of the payment form.
    pub settled: Option<crate::wire::TransactionDto>,
}

/// Checks that the proxy's invoice has what the view needs.
pub fn prepare(invoice: InvoiceDto) -> Result<Prepared, ApiError> {
    match (invoice.breakdown, invoice.currency) {
        (Some(breakdown), Some(currency)) => Ok(Prepared {
            id: invoice.id.unwrap_or_default(),
            name: invoice.name.unwrap_or_default(),
            currency,
            breakdown,
            // A payment made before this page loaded (succeeded or still pending) must not
            // be offered again.
            settled: invoice
                .transaction
                .filter(|t| crate::machine::already_paid(&t.status())),
        }),
        _ => Err(ApiError {
            code: "widget.invalid-invoice".into(),
            message: "the invoice's amounts could not be read".into(),
            declined: false,
        }),
    }
}

/// One checkout: loads the invoice through the proxy, shows it, and pays it.
#[component]
pub fn Checkout(
    /// Validated options from the host element.
    options: WidgetOptions,
    /// Locale to format and speak in (the attribute's, else the browser's).
    locale: String,
    /// The host element, which receives the `checkout:*` events.
    host: web_sys::HtmlElement,
    /// The element the checkout renders into (the host, or a container in its shadow root).
    root: web_sys::HtmlElement,
    /// The invoice request `embed.js` started while the module loaded, used for the first
    /// load (a retry fetches anew).
    prefetched: Option<js_sys::Promise>,
) -> impl IntoView {
    let lang = Lang::from_locale(&locale);
    let host = Kept::new(host);
    let root = Kept::new(root);
    let prefetched = prefetched.map(Kept::new);
    let url = StoredValue::new(options.invoice_url());
    // A plain signal and `spawn_local` rather than a resource inside <Transition>: the
    // widget loads one thing once, and the async resource machinery costs bundle size.
    let invoice: RwSignal<Option<Result<Prepared, ApiError>>> = RwSignal::new(None);
    let load = move || {
        invoice.set(None);
        let url = url.get_value();
        let early = prefetched.and_then(Kept::take);
        leptos::task::spawn_local(async move {
            let fetched = match early {
                Some(promise) => api::prefetched_invoice(promise).await,
                None => api::fetch_invoice(&url).await,
            };
            let result = fetched.and_then(prepare);
            if let Ok(prepared) = &result {
                announce_ready(host, prepared);
            }
            invoice.try_set(Some(result));
        });
    };
    load();
    root.with(|r| {
        dom::listen(r, "click", move |event| {
            if dom::action(&event).as_deref() == Some(RELOAD) {
                load();
            }
        })
    });
    let options = StoredValue::new(options);
    let locale_attr = locale.clone();
    let locale = StoredValue::new(locale);
    view! {
        <section class="checkout" dir=lang.dir() lang=locale_attr data-testid="checkout">
            {move || match invoice.get() {
                None => {
                    EitherOf3::A(view! {
                        <p class="checkout__loading" data-testid="loading">
                            {i18n::label(lang, Label::Loading)}
                        </p>
                    })
                }
                Some(Ok(prepared)) => {
                    EitherOf3::B(view! {
                        <Payable
                            prepared=prepared
                            options=options.get_value()
                            locale=locale.get_value()
                            lang=lang
                            host=host
                            root=root
                        />
                    })
                }
                Some(Err(err)) => EitherOf3::C(view! { <LoadError error=err lang=lang/> }),
            }}
        </section>
    }
}

/// Tells the page the invoice is shown (`checkout:ready`).
fn announce_ready(host: Kept<web_sys::HtmlElement>, prepared: &Prepared) {
    let invoice = events::detail(&[
        ("id", prepared.id.as_str().into()),
        ("name", prepared.name.as_str().into()),
        ("amount", prepared.breakdown.total.as_str().into()),
        ("currency", prepared.currency.as_str().into()),
    ]);
    host.with(|h| events::dispatch(h, events::READY, &events::detail(&[("invoice", invoice)])));
}

/// The invoice, the pay button and the payment's result.
#[component]
fn Payable(
    prepared: Prepared,
    options: WidgetOptions,
    locale: String,
    lang: Lang,
    host: Kept<web_sys::HtmlElement>,
    root: Kept<web_sys::HtmlElement>,
) -> impl IntoView {
    // Without a saved source the customer types a card, tokenized in the browser.
    let card = options
        .source
        .is_none()
        .then(|| CardFields::new(root, lang));
    if let Some(fields) = card {
        fields.listen();
    }
    let machine = RwSignal::new(if card.is_some() {
        Machine::with_card_entry()
    } else {
        Machine::new()
    });
    if let Some(transaction) = prepared.settled.clone() {
        // Shown as it stands; a pending payment is followed until it settles.
        on_transaction(machine, transaction);
        let proxy_url = options.proxy_url.clone();
        leptos::task::spawn_local(async move { poll(&proxy_url, machine).await });
    }
    let total = format_money(&prepared.breakdown.total, &prepared.currency, &locale);
    let pay_label = format!("{} {total}", i18n::label(lang, Label::Pay));
    let invoice_id = StoredValue::new(prepared.id.clone());
    let options = StoredValue::new(options);
    // Where the current attempt stands, for a retry with its key (see `Resume`).
    let resume: StoredValue<Option<Resume>> = StoredValue::new(None);

    let submit = move || {
        let typed = match card.map(|fields| fields.validate()) {
            Some(None) => return,
            Some(valid) => valid,
            None => None,
        };
        // The state machine decides synchronously, before the DOM can disable the button:
        // that is what makes ten fast clicks one authorization.
        if let Some(key) = machine
            .try_update(|m| m.submit(idempotency::new_key))
            .flatten()
        {
            host.with(|h| events::dispatch(h, events::SUBMIT, &events::detail(&[])));
            // The task only writes signals (try_update) and reads them untracked after its
            // awaits, so it is safe outside an Action, and cheaper in bundle size.
            leptos::task::spawn_local(pay(Attempt {
                options: options.get_value(),
                invoice_id: invoice_id.get_value(),
                key,
                typed,
                card,
                resume,
                machine,
                host,
                root,
                lang,
            }));
        } else if let Some(Phase::Failed(failure)) = machine.with_untracked(|m| match m.phase() {
            Phase::Failed(f) => Some(Phase::Failed(f.clone())),
            _ => None,
        }) {
            announce_error(host, &failure);
        }
    };
    // Pay (click or Enter) submits the form; the submit event bubbles to the root.
    root.with(|r| {
        dom::listen(r, "submit", move |event| {
            event.prevent_default();
            submit();
        })
    });
    let card_form = card.map(|_| view! { <CardForm lang=lang machine=machine/> });

    let locale = StoredValue::new(locale);
    view! {
        <InvoiceView prepared=prepared locale=locale.get_value() lang=lang/>
        <form class="checkout__form" novalidate>
        {card_form}
        <div class="checkout__live" aria-live="polite" aria-atomic="true">
            {move || {
                let (status, failure) = machine.with(|m| match m.phase() {
                    Phase::Ready | Phase::Paying => (None, None),
                    Phase::Polling { transaction_id } => (
                        Some(Outcome {
                            status: TransactionStatus::parse("pending"),
                            transaction_id: Some(transaction_id.clone()),
                            error_code: None,
                            three_d_s: None,
                        }),
                        None,
                    ),
                    Phase::Done(outcome) => (Some(outcome.clone()), None),
                    Phase::Failed(failure) => (None, Some(failure.clone())),
                });
                (
                    status.map(|outcome| view! { <StatusView outcome=outcome lang=lang/> }),
                    failure.map(|failure| view! { <PayError failure=failure lang=lang/> }),
                )
            }}
        </div>
        {move || {
            // One reactive block: it re-renders whenever the phase changes, so the button's
            // attributes are plain values computed here (fewer reactive nodes, smaller code).
            let (show, retry, paying, enabled) = machine.with(|m| {
                let (show, retry) = match m.phase() {
                    Phase::Ready | Phase::Paying => (true, false),
                    Phase::Polling { .. } => (false, false),
                    Phase::Done(o) => (!o.status.is_success() && m.can_submit(), false),
                    Phase::Failed(f) => (f.retry() != Retry::No, f.retry() == Retry::SameIdempotencyKey),
                };
                (show, retry, matches!(m.phase(), Phase::Paying), m.can_submit())
            });
            let text = if paying {
                i18n::label(lang, Label::Processing).to_string()
            } else if retry {
                i18n::label(lang, Label::TryAgain).to_string()
            } else {
                pay_label.clone()
            };
            show.then(|| {
                view! {
                    <button
                        type="submit"
                        class="checkout__pay"
                        data-testid=if retry { "retry-button" } else { "pay-button" }
                        disabled=!enabled
                        aria-busy=if paying { "true" } else { "false" }
                    >
                        {text}
                    </button>
                }
            })
        }}
        </form>
    }
}

/// One payment attempt, as the pay task needs it.
struct Attempt {
    options: WidgetOptions,
    invoice_id: String,
    key: String,
    /// The card the customer typed, checked; `None` with a saved source.
    typed: Option<checkout_core::card::ValidCard>,
    card: Option<CardFields>,
    resume: StoredValue<Option<Resume>>,
    machine: RwSignal<Machine>,
    host: Kept<web_sys::HtmlElement>,
    root: Kept<web_sys::HtmlElement>,
    lang: Lang,
}

/// Where an attempt stands: the round of 3-D Secure it is in and the source that round
/// authorizes with. A retry with the attempt's key resumes here, so it sends exactly the
/// request whose answer was lost (card tokens are single-use, 3-D Secure results too).
#[derive(Debug, Clone)]
struct Resume {
    key: String,
    round: u32,
    source: String,
}

/// Runs one attempt: tokenizes a typed card (or resumes where a retry with the same key
/// left off), authorizes, carries out 3-D Secure steps, polls, and reports the result.
async fn pay(a: Attempt) {
    let machine = a.machine;
    let resumed = a
        .resume
        .try_with_value(|r| r.as_ref().filter(|r| r.key == a.key).cloned())
        .flatten();
    let start = match resumed {
        Some(resume) => Some((resume.round, resume.source)),
        None => source(&a).await.map(|s| (0, s)),
    };
    if let Some((round, source)) = start {
        run_payment(&a, round, source).await;
    }
    if machine.with_untracked(|m| !matches!(m.phase(), Phase::Ready | Phase::Paying)) {
        report(machine, a.host, a.root, a.card).await;
    }
}

/// The source to authorize with: the saved one, or a new token for the typed card. `None`
/// when tokenizing failed (the machine and the fields say why).
async fn source(a: &Attempt) -> Option<String> {
    if let Some(saved) = &a.options.source {
        return Some(saved.clone());
    }
    let typed = a.typed.as_ref()?;
    let project = a.options.project_id.as_deref().unwrap_or_default();
    match api::tokenize(&a.options.api_url, project, typed).await {
        Ok(token) => Some(token),
        Err(err) => {
            match (a.card, checkout_core::card::provider_error(&err.code)) {
                (Some(fields), Some(field_error)) => {
                    update(a.machine, &mut Machine::on_card_rejected);
                    // The fields are enabled again by an effect; focus can only land after it.
                    api::sleep(0).await;
                    fields.show(field_error);
                }
                _ => {
                    fail(a.machine, err.error_code(), err.message.clone());
                }
            }
            None
        }
    }
}

/// Authorizes with `source` (round `round` of the attempt), carries out each 3-D Secure
/// step the issuer asks for and authorizes again with its result, then polls while the
/// transaction is pending; reports through the machine. Signals are only written with
/// `try_update`, so a widget removed mid-payment does not panic.
async fn run_payment(a: &Attempt, mut round: u32, mut source: String) {
    let machine = a.machine;
    // The transaction a 3-D Secure step belongs to: a decline after the step is read back
    // from it, so the result shows its `three_d_s_status` too.
    let mut transaction_id: Option<String> = None;
    loop {
        a.resume.try_set_value(Some(Resume {
            key: a.key.clone(),
            round,
            source: source.clone(),
        }));
        // Read at each call: the timezone and window may have changed since the page loaded.
        let device = crate::device::collect();
        let key = threeds::round_key(&a.key, round);
        let answer =
            api::authorize(&a.options.proxy_url, &a.invoice_id, &key, &source, &device).await;
        let action = match answer {
            Ok(response) => match (response.customer_action, response.transaction) {
                (Some(action), transaction) => {
                    transaction_id = transaction.and_then(|t| t.id).or(transaction_id);
                    action
                }
                (None, Some(transaction)) => {
                    on_transaction(machine, transaction);
                    break;
                }
                (None, None) => {
                    fail(
                        machine,
                        ErrorCode::parse("widget.invalid-response"),
                        "no transaction".into(),
                    );
                    break;
                }
            },
            // A decline is the payment's outcome: show it as the failed transaction it is,
            // so the customer sees a status and may start a new attempt.
            Err(err) if err.declined => {
                let read_back = match &transaction_id {
                    Some(id) => api::fetch_transaction(&a.options.proxy_url, id)
                        .await
                        .ok()
                        .filter(|t| t.status().is_final()),
                    None => None,
                };
                match read_back {
                    Some(transaction) => on_transaction(machine, transaction),
                    None => {
                        let failed = TransactionStatus::parse("failed");
                        update(machine, &mut |m| {
                            m.on_status(failed.clone(), None, Some(err.error_code()))
                        });
                    }
                }
                break;
            }
            Err(err) => {
                fail(machine, err.error_code(), err.message.clone());
                break;
            }
        };
        if round >= threeds::MAX_ROUNDS {
            fail(
                machine,
                ErrorCode::parse("widget.3ds-rounds-exceeded"),
                "the issuer asked for more 3-D Secure steps than the widget takes".into(),
            );
            break;
        }
        let step = match threeds::Action::parse(
            action.kind.as_deref().unwrap_or_default(),
            action.value.as_deref().unwrap_or_default(),
            action.no_iframe,
        ) {
            Ok(step) => step,
            Err(err) => {
                fail(machine, err.code, err.message);
                break;
            }
        };
        let Some(root) = a.root.get() else {
            break;
        };
        let result = match threeds::begin(&root, a.lang, &step) {
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
                source = next;
                round = round.saturating_add(1);
            }
            Err(err) => {
                fail(machine, err.code, err.message);
                break;
            }
        }
    }

    poll(&a.options.proxy_url, machine).await;
}

/// Polls a pending transaction with backoff, up to [`POLL_LIMIT_MS`]; nothing to do when
/// the machine is not polling.
async fn poll(proxy_url: &str, machine: RwSignal<Machine>) {
    let mut waited = 0;
    let mut delay = 1_000;
    while let Some(Phase::Polling { transaction_id }) =
        machine.try_with_untracked(|m| m.phase().clone())
    {
        if waited >= POLL_LIMIT_MS {
            update(machine, &mut Machine::on_poll_limit);
            break;
        }
        api::sleep(delay).await;
        waited += delay;
        delay = (delay * 2).min(8_000);
        // A failed poll is not a failed payment: keep the pending state and try again.
        if let Ok(transaction) = api::fetch_transaction(proxy_url, &transaction_id).await {
            on_transaction(machine, transaction);
        }
    }
}

/// Every change of the machine from the pay task goes through here (or [`fail`]): one
/// instance of the signal's update code instead of one per closure.
fn update(machine: RwSignal<Machine>, change: &mut dyn FnMut(&mut Machine)) {
    machine.try_update(|m| change(m));
}

/// The request failed without a transaction status.
fn fail(machine: RwSignal<Machine>, code: ErrorCode, message: String) {
    let mut error = Some((code, message));
    update(machine, &mut |m| {
        if let Some((code, message)) = error.take() {
            m.on_error(code, message);
        }
    });
}

/// A transaction from the provider: its status, error and 3-D Secure outcome.
fn on_transaction(machine: RwSignal<Machine>, transaction: crate::wire::TransactionDto) {
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
async fn report(
    machine: RwSignal<Machine>,
    host: Kept<web_sys::HtmlElement>,
    root: Kept<web_sys::HtmlElement>,
    card: Option<CardFields>,
) {
    let phase = machine.try_with_untracked(|m| m.phase().clone());
    let another_card = match &phase {
        Some(Phase::Done(o)) => o
            .error_code
            .as_ref()
            .is_some_and(|c| c.advice().use_another_card),
        Some(Phase::Failed(f)) => f.code.advice().use_another_card,
        _ => false,
    };
    if let (Some(fields), true) = (card, another_card) {
        fields.clear_for_another_card();
    }
    focus_result(root).await;
    match phase {
        Some(Phase::Done(outcome)) => {
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
            host.with(|h| events::dispatch(h, events::STATUS, &detail));
        }
        Some(Phase::Failed(failure)) => announce_error(host, &failure),
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

fn announce_error(host: Kept<web_sys::HtmlElement>, failure: &Failure) {
    let detail = events::detail(&[
        ("code", failure.code.as_str().into()),
        ("message", failure.message.clone().into()),
        ("retryable", (failure.retry() != Retry::No).into()),
    ]);
    host.with(|h| events::dispatch(h, events::ERROR, &detail));
}

/// Name, lines, tax, shipping and total. Invoice fields are rendered as text nodes only.
#[component]
pub fn InvoiceView(
    /// The invoice and its breakdown.
    prepared: Prepared,
    /// Locale for amounts.
    locale: String,
    /// Language for labels.
    lang: Lang,
) -> impl IntoView {
    let b = prepared.breakdown;
    let currency = prepared.currency;
    let money = |amount: &str| format_money(amount, &currency, &locale);
    let lines = b
        .lines
        .iter()
        .map(|line| {
            let discount = (!is_zero(&line.discount)).then(|| {
                view! {
                    <span class="checkout__discount">
                        {format!("{} −{}", i18n::label(lang, Label::Discount), money(&line.discount))}
                    </span>
                }
            });
            view! {
                <li class="checkout__line" data-testid="line-item">
                    <span class="checkout__line-name">{line.name.clone()}</span>
                    <span class="checkout__line-qty">
                        {format!("{} {} {}", money(&line.unit_amount), i18n::label(lang, Label::Quantity), line.quantity)}
                    </span>
                    {discount}
                    <span class="checkout__line-total">{money(&line.total)}</span>
                </li>
            }
        })
        .collect_view();
    let row = |label: Label, amount: &str, testid: &'static str| {
        view! {
            <div class="checkout__row">
                <dt>{i18n::label(lang, label)}</dt>
                <dd data-testid=testid>{money(amount)}</dd>
            </div>
        }
    };
    let tax = (!is_zero(&b.tax)).then(|| row(Label::Tax, &b.tax, "tax"));
    let shipping = (!is_zero(&b.shipping)).then(|| row(Label::Shipping, &b.shipping, "shipping"));
    let subtotal = b
        .itemised
        .then(|| row(Label::Subtotal, &b.subtotal, "subtotal"));
    let warning = (!b.reconciles).then(|| {
        view! {
            <p class="checkout__warning" data-testid="reconciliation-warning">
                {i18n::label(lang, Label::DoesNotReconcile)}
            </p>
        }
    });
    let total = money(&b.total);
    view! {
        <div class="checkout__invoice">
            <h2 class="checkout__name" data-testid="invoice-name">{prepared.name}</h2>
            <ul class="checkout__lines" aria-label=i18n::label(lang, Label::Items)>{lines}</ul>
            <dl class="checkout__summary">
                {subtotal}
                {tax}
                {shipping}
                <div class="checkout__row checkout__row--total">
                    <dt>{i18n::label(lang, Label::Total)}</dt>
                    <dd data-testid="invoice-total">{total}</dd>
                </div>
            </dl>
            {warning}
        </div>
    }
}

/// A transaction status, in the customer's words.
#[component]
pub fn StatusView(
    /// The status to show.
    outcome: Outcome,
    /// Language.
    lang: Lang,
) -> impl IntoView {
    let status = outcome.status.clone();
    let tone = if status.is_success() {
        "success"
    } else if !status.is_final() {
        "pending"
    } else {
        "failure"
    };
    let headline = i18n::message(lang, status.message_key());
    let explanation = outcome
        .error_code
        .as_ref()
        .filter(|_| !status.is_success())
        .map(|code| i18n::message(lang, code.advice().message_key));
    let three_d_s = match outcome.three_d_s.as_deref() {
        Some("success") => Some(("success", Label::ThreeDsPassed)),
        Some("failed") => Some(("failed", Label::ThreeDsFailed)),
        _ => None,
    }
    .map(|(value, label)| {
        view! {
            <p class="checkout__3ds-status" data-testid="three-d-s-status" data-three-d-s-status=value>
                {i18n::label(lang, label)}
            </p>
        }
    });
    let reference = outcome.transaction_id.clone().map(|id| {
        view! {
            <p class="checkout__reference">{format!("{}: {id}", i18n::label(lang, Label::Reference))}</p>
        }
    });
    view! {
        <div
            class=format!("checkout__status checkout__status--{tone}")
            data-testid="status"
            data-status=status.as_str().to_string()
            data-error-code=outcome.error_code.as_ref().map(|c| c.as_str().to_string())
            tabindex="-1"
        >
            <p class="checkout__status-title">{headline}</p>
            {explanation.map(|text| view! { <p class="checkout__status-detail">{text}</p> })}
            {three_d_s}
            {reference}
        </div>
    }
}

/// A payment request that failed before a status was known.
#[component]
fn PayError(failure: Failure, lang: Lang) -> impl IntoView {
    let text = i18n::message(lang, failure.code.advice().message_key);
    view! {
        <div
            class="checkout__error"
            role="alert"
            data-testid="error"
            data-error-code=failure.code.as_str().to_string()
            tabindex="-1"
        >
            <p>{text}</p>
        </div>
    }
}

/// A load failure with a retry button, whose click (`data-action="reload"`) the checkout
/// handles on its root.
#[component]
pub fn LoadError(
    /// What went wrong.
    error: ApiError,
    /// Language.
    lang: Lang,
) -> impl IntoView {
    let text = match error.code.as_str() {
        "resource.invoice.not-found" => i18n::label(lang, Label::InvoiceNotFound),
        "widget.network" | "proxy.upstream-unavailable" | "gateway.timeout" => {
            i18n::label(lang, Label::ServiceUnavailable)
        }
        "widget.invalid-invoice" | "widget.invalid-response" => {
            i18n::label(lang, Label::InvoiceUnreadable)
        }
        _ => i18n::message(lang, error.error_code().advice().message_key),
    };
    view! {
        <div class="checkout__error" role="alert" data-testid="error" data-error-code=error.code.clone()>
            <p>{text}</p>
            <button
                type="button"
                class="checkout__retry"
                data-testid="retry-button"
                data-action=RELOAD
            >
                {i18n::label(lang, Label::TryAgain)}
            </button>
        </div>
    }
}
