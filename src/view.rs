//! The widget's components. They only render and forward clicks: rules live in `machine`,
//! the payment flow in `payment`, data in `api`, money in checkout-core and `format`, texts
//! in `i18n`.

use checkout_core::{ErrorCode, TransactionStatus};
use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::api;
use crate::dom::{self, Kept};
use crate::error::WidgetError;
use crate::events;
use crate::format::{format_count, format_money};
use crate::i18n::{self, Label, Lang};
use crate::machine::{Failure, Machine, Outcome, PayButton, Phase};
use crate::options::WidgetOptions;
use crate::payment::{self, Payment};
use crate::wire::{is_zero, read, BreakdownDto, InvoiceDto};

/// `data-action` of the button that loads the invoice again.
pub const RELOAD: &str = "reload";

/// An invoice ready to show and pay.
#[derive(Debug, Clone, PartialEq)]
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
    /// The invoice names a customer, for whom a card may be saved.
    pub has_customer: bool,
    /// That customer's saved cards, as the proxy wrote them (an array, or `undefined`).
    pub saved: wasm_bindgen::JsValue,
}

/// Checks that the proxy's invoice has what the view needs.
pub fn prepare(invoice: InvoiceDto) -> Result<Prepared, WidgetError> {
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
            has_customer: invoice.has_customer,
            saved: invoice.saved,
        }),
        _ => Err(WidgetError::new(
            ErrorCode::WidgetInvalidInvoice,
            "the invoice's amounts could not be read",
        )),
    }
}

/// One checkout: loads the invoice through the proxy, shows it, and pays it.
#[component]
pub fn Checkout(
    /// Validated options from the host element.
    options: WidgetOptions,
    /// Locale to format and speak in (the attribute's, else the browser's).
    locale: String,
    /// The language of the texts: the pack `embed.js` handed over, else English.
    lang: Lang,
    /// The host element, which receives the `checkout:*` events.
    host: web_sys::HtmlElement,
    /// The element the checkout renders into (the host, or a container in its shadow root).
    root: web_sys::HtmlElement,
    /// The invoice request `embed.js` started while the module loaded, used for the first
    /// load (a retry fetches anew).
    prefetched: Option<js_sys::Promise>,
) -> impl IntoView {
    let host = Kept::new(host);
    let root = Kept::new(root);
    let prefetched = prefetched.map(Kept::new);
    let url = StoredValue::new(options.invoice_url());
    // A plain signal and `spawn_local` rather than a resource inside <Transition>: the
    // widget loads one thing once, and the async resource machinery costs bundle size.
    let invoice: RwSignal<Option<Result<Prepared, WidgetError>>> = RwSignal::new(None);
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
    let locale_attr = lang.tag(&locale).to_string();
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

/// A `<label>` of `class` appended to `parent`, holding an `<input>` with `attributes` and
/// then `text`; the input.
fn input_row(
    parent: &web_sys::Element,
    class: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> Option<web_sys::Element> {
    let row = dom::append(parent, "label", &[("class", class)], "")?;
    let input = dom::append(&row, "input", attributes, "")?;
    row.append_with_str_1(text).ok()?;
    Some(input)
}

/// The saved cards as a radio group appended to `holder` (brand, last 4, expiry; an unusable
/// one disabled, with its reason), the first usable one checked, then "Use a new card";
/// `None` for no card. `list` is the proxy's `saved_sources`, read here as it is shown: each
/// field only ever becomes text or a radio's value, and a card without an id is left out.
fn show_saved_cards(
    holder: &web_sys::Element,
    list: &wasm_bindgen::JsValue,
    lang: Lang,
) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let list: &js_sys::Array = list.dyn_ref()?;
    if list.length() == 0 {
        return None;
    }
    let label = |l| i18n::label(lang, l);
    let set = dom::append(
        holder,
        "fieldset",
        &[("class", "checkout__saved"), ("data-testid", "saved-cards")],
        "",
    )?;
    dom::append(&set, "legend", &[], label(Label::SavedCards))?;
    let choice = |id: &str, state: &str, text: &str| {
        let radio = [("type", "radio"), ("name", "saved-source"), ("value", id)];
        let input = input_row(&set, "checkout__saved-card", &radio, text)?;
        if !state.is_empty() {
            input.set_attribute(state, "").ok()?;
        }
        Some(())
    };
    let mut chosen = false;
    for s in list.iter() {
        let text = |key| read::string(&s, key).ok().flatten().unwrap_or_default();
        let id = text("id");
        if id.is_empty() {
            continue;
        }
        let mut brand = text("brand");
        if let Some(initial) = brand.get_mut(..1) {
            initial.make_ascii_uppercase();
        }
        let mut line = brand;
        line.push_str(" •••• ");
        line.push_str(&text("last4"));
        line.push_str(", ");
        line.push_str(label(Label::Expires));
        line.push(' ');
        line.push_str(&text("expiry"));
        let state = match (read::boolean(&s, "usable"), text("reason").as_str()) {
            (true, _) if !chosen => {
                chosen = true;
                "checked"
            }
            (true, _) => "",
            (false, reason) => {
                let why = if reason == "expired" {
                    Label::Expired
                } else {
                    Label::Unusable
                };
                line.push_str(" (");
                line.push_str(label(why));
                line.push(')');
                "disabled"
            }
        };
        choice(&id, state, &line)?;
    }
    let new_card = if chosen { "" } else { "checked" };
    choice("", new_card, label(Label::NewCard))?;
    Some(set)
}

/// Locks the saved-card choice and the save checkbox while a payment runs.
fn lock_choices(root: &web_sys::HtmlElement, locked: bool) {
    for selector in ["fieldset[data-testid=saved-cards]", "input[name=save-card]"] {
        if let Ok(Some(element)) = root.query_selector(selector) {
            let _ = element.toggle_attribute_with_force("disabled", locked);
        }
    }
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
    // Without a saved source the customer types a card in the card frame.
    let machine = RwSignal::new(if options.source.is_none() {
        Machine::with_card_entry()
    } else {
        Machine::new()
    });
    let (card, card_form) = if options.source.is_none() {
        let (card, view) = crate::card_frame::view(&options, &locale, lang, machine, root);
        (card, Some(view))
    } else {
        (None, None)
    };
    if let Some(transaction) = prepared.settled.clone() {
        // Shown as it stands; a pending payment is followed until it settles.
        payment::follow(machine, &options, transaction);
    }
    let total = format_money(&prepared.breakdown.total, &prepared.currency, &locale);
    let pay_label = format!("{} {total}", i18n::label(lang, Label::Pay));
    // The customer's saved cards, which came with the invoice, are written into the form as
    // elements (the first usable one chosen, so a returning customer pays in one click),
    // with "Save this card for next time" (unticked) when the merchant offers it; the
    // browser keeps the choices, which the payment reads from the form. Written once the
    // view is mounted (a task runs after this render), and as elements, not as empty
    // placeholders in the view: Leptos writes a fully static subtree from an HTML string,
    // which Trusted Types refuse.
    let save_cards = options.save_cards && prepared.has_customer;
    let saved = prepared.saved.clone();
    if card.is_some() && prepared.settled.is_none() && (save_cards || !saved.is_undefined()) {
        leptos::task::spawn_local(async move {
            let Some(root) = root.get() else { return };
            // The card form's box (`card` is there, so the frame's box is in the form).
            let Ok(Some(entry)) = root.query_selector(".checkout__card-frame") else {
                return;
            };
            let Some(form) = entry.parent_element() else {
                return;
            };
            if save_cards {
                let tick = [
                    ("type", "checkbox"),
                    ("name", "save-card"),
                    ("data-testid", "save-card"),
                ];
                let text = i18n::label(lang, Label::SaveCard);
                if let Some(row) = input_row(&form, "checkout__save", &tick, text)
                    .and_then(|input| input.parent_node())
                {
                    let _ = form.insert_before(&row, entry.next_sibling().as_ref());
                }
            }
            if let Some(set) = show_saved_cards(&form, &saved, lang) {
                let _ = form.insert_before(&set, Some(&entry));
            }
        });
    }
    let payment = Payment {
        machine,
        options: StoredValue::new(options),
        invoice_id: StoredValue::new(prepared.id.clone()),
        card,
        resume: StoredValue::new(None),
        host,
        root,
        lang,
    };
    if prepared.settled.is_none() {
        if let Some(open) = crate::attempt::load(&prepared.id) {
            payment.reopen(open);
        }
    }
    // Pay (click or Enter) submits the form; the submit event bubbles to the root.
    root.with(|r| {
        dom::listen(r, "submit", move |event| {
            event.prevent_default();
            payment.submit();
        })
    });

    let locale = StoredValue::new(locale);
    view! {
        <InvoiceView prepared=prepared locale=locale.get_value() lang=lang/>
        <form class="checkout__form" novalidate>
        {card_form}
        <div class="checkout__live" aria-live="polite" aria-atomic="true">
            {move || {
                let (status, failure) = machine.with(|m| match m.phase() {
                    Phase::Ready | Phase::Paying | Phase::Checking(_) => (None, None),
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
            let PayButton { shown, retry, busy, checking, enabled } = machine.with(Machine::pay_button);
            // The card frame's fields lock and unlock with the phase, here rather than in an
            // effect of their own: this block already re-runs on every change of phase.
            if let Some(card) = card {
                let locked = machine.with(Machine::card_locked);
                card.lock(locked);
                root.with(|r| lock_choices(r, locked));
            }
            let text = if checking {
                i18n::label(lang, Label::Checking).to_string()
            } else if busy {
                i18n::label(lang, Label::Processing).to_string()
            } else if retry {
                i18n::label(lang, Label::TryAgain).to_string()
            } else {
                pay_label.clone()
            };
            shown.then(|| {
                view! {
                    <button
                        type="submit"
                        class="checkout__pay"
                        data-testid=if retry { "retry-button" } else { "pay-button" }
                        disabled=!enabled
                        aria-busy=if busy { "true" } else { "false" }
                    >
                        {text}
                    </button>
                }
            })
        }}
        </form>
    }
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
                        {format!("{} {} {}", money(&line.unit_amount), i18n::label(lang, Label::Quantity), format_count(line.quantity, &locale))}
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
    let key = if failure.unconfirmed {
        checkout_core::MessageKey::ErrorPaymentUnconfirmed
    } else {
        failure.code.advice().message_key
    };
    let text = i18n::message(lang, key);
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
    error: WidgetError,
    /// Language.
    lang: Lang,
) -> impl IntoView {
    let text = match &error.code {
        ErrorCode::ResourceInvoiceNotFound => i18n::label(lang, Label::InvoiceNotFound),
        ErrorCode::WidgetNetwork
        | ErrorCode::ProxyUpstreamUnavailable
        | ErrorCode::GatewayTimeout => i18n::label(lang, Label::ServiceUnavailable),
        ErrorCode::WidgetInvalidInvoice | ErrorCode::WidgetInvalidResponse => {
            i18n::label(lang, Label::InvoiceUnreadable)
        }
        code => i18n::message(lang, code.advice().message_key),
    };
    view! {
        <div class="checkout__error" role="alert" data-testid="error" data-error-code=error.code.as_str().to_string()>
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
