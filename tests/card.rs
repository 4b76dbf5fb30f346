//! The card fields in real headless Chromium (wasm-bindgen-test): formatting while the
//! customer types, where the caret lands, and errors once a field is left.
#![cfg(target_arch = "wasm32")]

use checkout_widget::card_form::{CardFields, CardForm, Field};
use checkout_widget::i18n::Lang;
use checkout_widget::machine::Machine;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A card form mounted in its own element, with its listeners, as a checkout renders it.
fn form() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host.clone();
    leptos::mount::mount_to(host.clone(), move || {
        let machine = RwSignal::new(Machine::with_card_entry());
        CardFields::new(checkout_widget::dom::Kept::new(root), Lang::En).listen();
        view! { <CardForm lang=Lang::En machine=machine/> }
    })
    .forget();
    host
}

fn input(host: &web_sys::HtmlElement, field: Field) -> web_sys::HtmlInputElement {
    host.query_selector(&format!("[data-testid={}]", field.testid()))
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

fn fire(target: &web_sys::HtmlInputElement, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// What the browser holds after a keystroke: `value` with the caret at `caret`; then the
/// widget's `input` handler runs. Returns the new value and caret.
fn keystroke(field: &web_sys::HtmlInputElement, value: &str, caret: u32) -> (String, u32) {
    field.focus().unwrap();
    field.set_value(value);
    field.set_selection_range(caret, caret).unwrap();
    fire(field, "input");
    (field.value(), field.selection_start().unwrap().unwrap())
}

#[wasm_bindgen_test]
fn the_number_is_grouped_while_typing_and_the_caret_stays_after_its_digit() {
    let host = form();
    let number = input(&host, Field::Number);
    // (value after the keystroke, caret in it) -> (formatted value, caret in it)
    let cases: &[(&str, u32, &str, u32)] = &[
        ("4", 1, "4", 1),
        ("42424", 5, "4242 4", 6),
        ("4242 4242 4242 4242", 19, "4242 4242 4242 4242", 19),
        // A digit typed in the middle: the caret stays right after it.
        ("4242 94242", 6, "4242 9424 2", 6),
        // Backspace over the space removes it; the caret stays after the fourth digit.
        ("42424242", 4, "4242 4242", 4),
        // Amex groups 4-6-5.
        ("378282246310005", 15, "3782 822463 10005", 17),
        // A paste with dashes.
        ("5555-5555-5555-4444", 19, "5555 5555 5555 4444", 19),
        // Letters are dropped; the caret follows the digits.
        ("42a4", 3, "424", 2),
    ];
    for &(value, caret, expected, expected_caret) in cases {
        assert_eq!(
            keystroke(&number, value, caret),
            (expected.to_string(), expected_caret),
            "{value:?} caret {caret}"
        );
    }
}

#[wasm_bindgen_test]
fn expiry_and_security_code_take_their_shape_while_typing() {
    let host = form();
    let expiry = input(&host, Field::Expiry);
    assert_eq!(keystroke(&expiry, "1", 1), ("1".into(), 1));
    assert_eq!(keystroke(&expiry, "123", 3), ("12/3".into(), 4));
    assert_eq!(keystroke(&expiry, "12/30", 5), ("12/30".into(), 5));
    assert_eq!(keystroke(&expiry, "4", 1), ("04".into(), 2));
    // Deleting back over the slash does not bring it back.
    assert_eq!(keystroke(&expiry, "12/", 3), ("12".into(), 2));
    // An autofilled four-digit year.
    assert_eq!(keystroke(&expiry, "12/2031", 7), ("12/31".into(), 5));

    let number = input(&host, Field::Number);
    let cvc = input(&host, Field::Cvc);
    keystroke(&number, "4242424242424242", 16);
    assert_eq!(keystroke(&cvc, "12345", 5).0, "123");
    keystroke(&number, "378282246310005", 15);
    assert_eq!(keystroke(&cvc, "12345", 5).0, "1234");
}

#[wasm_bindgen_test]
fn an_error_appears_when_the_field_is_left_and_goes_once_fixed() {
    let host = form();
    let number = input(&host, Field::Number);
    let error = host
        .query_selector("[data-testid=card-number-error]")
        .unwrap()
        .unwrap();
    keystroke(&number, "4242424242424241", 16);
    assert_eq!(error.text_content().unwrap_or_default(), "");
    fire(&number, "focusout");
    assert_eq!(
        error.text_content().as_deref(),
        Some("Your card number is not valid.")
    );
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        number.get_attribute("aria-describedby"),
        error.get_attribute("id")
    );
    keystroke(&number, "4242424242424242", 16);
    assert_eq!(error.text_content().unwrap_or_default(), "");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    // An empty field is not judged on leaving it, only on Pay.
    let name = input(&host, Field::Name);
    fire(&name, "focusout");
    let name_error = host
        .query_selector("[data-testid=card-name-error]")
        .unwrap()
        .unwrap();
    assert_eq!(name_error.text_content().unwrap_or_default(), "");
}
