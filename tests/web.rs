//! Widget tests in real headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use checkout_widget::api::{ApiError, Invoice};
use checkout_widget::format::format_money;
use checkout_widget::view::{InvoiceSummary, LoadError};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Intl separates number and symbol with no-break spaces; compare with plain ones.
fn plain_spaces(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

fn fresh_host() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.dyn_into().unwrap()
}

#[wasm_bindgen_test]
fn euros_in_french_have_a_decimal_comma_and_a_trailing_symbol() {
    assert_eq!(
        plain_spaces(&format_money("4.99", "EUR", "fr-FR")),
        "4,99 €"
    );
}

#[wasm_bindgen_test]
fn each_currency_gets_its_own_number_of_decimals() {
    assert_eq!(format_money("5980", "JPY", "en-US"), "¥5,980");
    assert_eq!(
        plain_spaces(&format_money("27.505", "KWD", "en-US")),
        "KWD 27.505"
    );
    assert_eq!(format_money("4.99", "AUD", "en-AU"), "$4.99");
}

#[wasm_bindgen_test]
fn large_amounts_are_formatted_exactly_not_through_a_float() {
    // 2^53 + 1 and a cent more: a float would print ...992.00.
    assert_eq!(
        format_money("9007199254740993.01", "USD", "en-US"),
        "$9,007,199,254,740,993.01"
    );
}

#[wasm_bindgen_test]
fn an_invalid_locale_falls_back_instead_of_killing_the_widget() {
    assert_eq!(format_money("4.99", "AUD", "not a locale!"), "4.99 AUD");
    assert_eq!(format_money("4.99", "XX1", "en-US"), "4.99 XX1");
}

#[wasm_bindgen_test]
fn a_hostile_invoice_name_is_shown_as_text() {
    let host = fresh_host();
    let name = "<img src=x onerror=alert(1)>".to_string();
    let invoice = Invoice {
        id: "iv_x".into(),
        name: name.clone(),
        amount: "4.99".into(),
        currency: "EUR".into(),
    };
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        view! { <InvoiceSummary invoice=invoice locale="fr-FR".to_string()/> }
    });
    let shown = host
        .query_selector("[data-testid=invoice-name]")
        .unwrap()
        .unwrap();
    assert_eq!(shown.text_content().unwrap(), name);
    assert!(
        host.query_selector("img").unwrap().is_none(),
        "markup was interpreted"
    );
    let total = host
        .query_selector("[data-testid=invoice-total]")
        .unwrap()
        .unwrap();
    assert_eq!(plain_spaces(&total.text_content().unwrap()), "4,99 €");
}

#[wasm_bindgen_test]
fn a_load_error_names_its_code_and_retry_calls_back() {
    let host = fresh_host();
    let retries = Rc::new(Cell::new(0));
    let counter = retries.clone();
    let error = ApiError {
        code: "resource.invoice.not-found".into(),
        message: "nope".into(),
    };
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        let counter = counter.clone();
        view! { <LoadError error=error on_retry=move || counter.set(counter.get() + 1)/> }
    });
    let alert = host.query_selector("[data-testid=error]").unwrap().unwrap();
    assert_eq!(
        alert.get_attribute("data-error-code").as_deref(),
        Some("resource.invoice.not-found")
    );
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
    let button: web_sys::HtmlElement = host
        .query_selector("[data-testid=retry-button]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    button.click();
    button.click();
    assert_eq!(retries.get(), 2);
}
