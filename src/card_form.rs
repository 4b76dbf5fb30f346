//! The card fields: number, expiry, security code and cardholder name. Formatting and checks
//! are checkout-core's (`checkout_core::card`); this module wires them to inputs and shows
//! each field's error next to it once the customer leaves the field.
//!
//! The inputs are uncontrolled: the browser (and autofill, and password managers) own their
//! values, which are reformatted in place on `input` and read once when the customer pays.

use std::sync::atomic::{AtomicU32, Ordering};

use checkout_core::card::{self, CardError, CardInput, ValidCard};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::i18n::{self, Label, Lang};
use crate::machine::Machine;

/// One of the four inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Card number.
    Number,
    /// Expiry, MM/YY.
    Expiry,
    /// Security code.
    Cvc,
    /// Cardholder name.
    Name,
}

impl Field {
    const ALL: [Field; 4] = [Field::Number, Field::Expiry, Field::Cvc, Field::Name];

    /// The input's `data-testid` (and `name`).
    pub fn testid(self) -> &'static str {
        match self {
            Field::Number => "card-number",
            Field::Expiry => "card-expiry",
            Field::Cvc => "card-cvc",
            Field::Name => "card-name",
        }
    }

    fn from_testid(testid: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.testid() == testid)
    }

    /// The field a [`CardError`] from checkout-core names.
    pub fn of(error: &CardError) -> Field {
        match error.field {
            "number" => Field::Number,
            "expiry" => Field::Expiry,
            "cvc" => Field::Cvc,
            _ => Field::Name,
        }
    }
}

/// The card fields of one checkout, found in its DOM by test id. The inputs are
/// uncontrolled and errors are written straight into the DOM: no signal per field, which
/// keeps the widget's wasm small.
#[derive(Clone, Copy)]
pub struct CardFields {
    root: crate::dom::Kept<web_sys::HtmlElement>,
    lang: Lang,
}

impl CardFields {
    /// The fields rendered by [`CardForm`] inside `root`.
    pub fn new(root: crate::dom::Kept<web_sys::HtmlElement>, lang: Lang) -> Self {
        Self { root, lang }
    }

    fn element(&self, selector: &str) -> Option<web_sys::Element> {
        self.root
            .with(|r| r.query_selector(selector).ok().flatten())
            .flatten()
    }

    fn input(&self, field: Field) -> Option<HtmlInputElement> {
        self.element(&format!("[data-testid={}]", field.testid()))?
            .dyn_into()
            .ok()
    }

    fn value(&self, field: Field) -> String {
        self.input(field).map(|i| i.value()).unwrap_or_default()
    }

    fn set_error(&self, field: Field, key: Option<&'static str>) {
        let text = key.map(|k| i18n::card_message(self.lang, k));
        if let Some(p) = self.element(&format!("[data-testid={}-error]", field.testid())) {
            p.set_text_content(text);
        }
        if let Some(input) = self.input(field) {
            let invalid = if key.is_some() { "true" } else { "false" };
            let _ = input.set_attribute("aria-invalid", invalid);
        }
    }

    /// Whether `field` shows an error.
    pub fn has_error(&self, field: Field) -> bool {
        self.input(field)
            .and_then(|i| i.get_attribute("aria-invalid"))
            .is_some_and(|v| v == "true")
    }

    fn check(&self, field: Field) -> Result<(), CardError> {
        let value = self.value(field);
        match field {
            Field::Number => card::validate_number(&value).map(drop),
            Field::Expiry => {
                let (year, month) = today();
                card::validate_expiry(&value, year, month).map(drop)
            }
            Field::Cvc => {
                card::validate_cvc(&value, card::detect_brand(&self.value(Field::Number)))
            }
            Field::Name => card::validate_name(&value),
        }
    }

    /// Checks every field. Shows each error and focuses the first field in error; returns
    /// the card only when all four are right.
    pub fn validate(&self) -> Option<ValidCard> {
        let [number, expiry, cvc, name] = Field::ALL.map(|f| self.value(f));
        let (year, month) = today();
        let input = CardInput {
            number: &number,
            expiry: &expiry,
            cvc: &cvc,
            name: &name,
        };
        match card::validate_card(input, year, month) {
            Ok(valid) => Some(valid),
            Err(errors) => {
                for field in Field::ALL {
                    let key = errors
                        .iter()
                        .find(|e| Field::of(e) == field)
                        .map(CardError::message_key);
                    self.set_error(field, key);
                }
                if let Some(first) = errors.first() {
                    self.focus(Field::of(first));
                }
                None
            }
        }
    }

    /// Shows an error the provider gave for one field, and puts the customer there.
    pub fn show(&self, error: CardError) {
        let field = Field::of(&error);
        self.set_error(field, Some(error.message_key()));
        self.focus(field);
    }

    /// Empties what belongs to the card (keeps the name), ready for another card.
    pub fn clear_for_another_card(&self) {
        for field in [Field::Number, Field::Expiry, Field::Cvc] {
            if let Some(input) = self.input(field) {
                input.set_value("");
            }
            self.set_error(field, None);
        }
    }

    fn focus(&self, field: Field) {
        if let Some(input) = self.input(field) {
            let _ = input.focus();
        }
    }

    /// Reformats the field in place while the customer types, keeping the caret after the
    /// same digit, and clears its error once the value is right.
    fn on_input(&self, field: Field, input: &HtmlInputElement) {
        let value = input.value();
        let formatted = match field {
            Field::Number => Some(card::format_number(&value)),
            Field::Expiry => Some(card::format_expiry(&value)),
            Field::Cvc => Some(card::format_cvc(
                &value,
                card::detect_brand(&self.value(Field::Number)),
            )),
            Field::Name => None,
        };
        if let Some(formatted) = formatted.filter(|f| *f != value) {
            let caret = input
                .selection_start()
                .ok()
                .flatten()
                .and_then(|c| usize::try_from(c).ok())
                .unwrap_or(usize::MAX);
            let at = u32::try_from(card::caret_in(&value, caret, &formatted)).unwrap_or(0);
            input.set_value(&formatted);
            let _ = input.set_selection_range(at, at);
        }
        if self.has_error(field) && self.check(field).is_ok() {
            self.set_error(field, None);
        }
    }

    /// The customer left the field: judge what they typed (an empty field is judged on Pay).
    fn on_blur(&self, field: Field, input: &HtmlInputElement) {
        if input.value().trim().is_empty() {
            return;
        }
        self.set_error(field, self.check(field).err().map(|e| e.message_key()));
    }

    /// Formats and checks the fields as the customer types and leaves them: one `input` and
    /// one `focusout` listener on the checkout's root, for all four fields.
    pub fn listen(&self) {
        let fields = *self;
        self.root.with(|root| {
            for name in ["input", "focusout"] {
                crate::dom::listen(root, name, move |event| fields.on_event(&event));
            }
        });
    }

    fn on_event(&self, event: &web_sys::Event) {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(field) =
            Field::from_testid(&input.get_attribute("data-testid").unwrap_or_default())
        else {
            return;
        };
        if event.type_() == "input" {
            self.on_input(field, &input);
        } else {
            self.on_blur(field, &input);
        }
    }
}

/// This month as (year, month), from the browser's clock.
fn today() -> (u16, u8) {
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_full_year()).unwrap_or(u16::MAX);
    let month = u8::try_from(now.get_month().saturating_add(1)).unwrap_or(1);
    (year, month)
}

/// Distinguishes the ids of two checkouts rendered into the same document (without shadow
/// roots), so each label and error points at its own input.
static INSTANCE: AtomicU32 = AtomicU32::new(0);

/// The four card fields inside a fieldset, disabled while an attempt is open (in flight,
/// being checked, or waiting for a retry that resends its card token) and when nothing may
/// be submitted any more. Static markup: [`CardFields`] gives it behaviour.
#[component]
pub fn CardForm(
    /// Language of labels.
    lang: Lang,
    /// The checkout's state.
    machine: RwSignal<Machine>,
) -> impl IntoView {
    let instance = INSTANCE.fetch_add(1, Ordering::Relaxed);
    let inputs = Field::ALL
        .map(|field| field_view(field, lang, instance))
        .collect_view();
    view! {
        <fieldset class="checkout__card" disabled=move || machine.with(Machine::card_locked)>
            <legend>{i18n::label(lang, Label::CardDetails)}</legend>
            {inputs}
        </fieldset>
    }
}

fn field_view(field: Field, lang: Lang, instance: u32) -> impl IntoView {
    // (label, autocomplete, numeric keyboard, longest value)
    let (label, autocomplete, numeric, max) = match field {
        Field::Number => (Label::CardNumber, "cc-number", true, 23),
        Field::Expiry => (Label::CardExpiry, "cc-exp", true, 7),
        Field::Cvc => (Label::CardCvc, "cc-csc", true, 4),
        Field::Name => (Label::CardName, "cc-name", false, 80),
    };
    let testid = field.testid();
    let id = format!("checkout-{instance}-{testid}");
    let error_id = format!("{id}-error");
    view! {
        <div class=if field == Field::Name { "checkout__field checkout__field--wide" } else { "checkout__field" }>
            <label for=id.clone()>{i18n::label(lang, label)}</label>
            <input
                id=id
                type="text"
                name=testid
                data-testid=testid
                autocomplete=autocomplete
                inputmode=if numeric { "numeric" } else { "text" }
                maxlength=max
                spellcheck="false"
                aria-describedby=error_id.clone()
                aria-invalid="false"
            />
            <p class="checkout__field-error" id=error_id data-testid=format!("{testid}-error") aria-live="polite"></p>
        </div>
    }
}
