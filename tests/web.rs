//! Widget tests in real headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use checkout_core::{ErrorCode, TransactionStatus};
use checkout_widget::error::WidgetError;
use checkout_widget::format::format_money;
use checkout_widget::i18n::Lang;
use checkout_widget::machine::Outcome;
use checkout_widget::view::{InvoiceView, LoadError, Prepared, StatusView};
use checkout_widget::wire::{BreakdownDto, LineDto};
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

fn line(name: &str, quantity: i64, unit: &str, discount: &str, total: &str) -> LineDto {
    LineDto {
        name: name.into(),
        quantity,
        unit_amount: unit.into(),
        discount: discount.into(),
        total: total.into(),
    }
}

fn mount_invoice(host: &web_sys::HtmlElement, prepared: Prepared, locale: &'static str) {
    let mounted = leptos::mount::mount_to(host.clone(), move || {
        view! { <InvoiceView prepared=prepared locale=locale.to_string() lang=Lang::EN/> }
    });
    mounted.forget();
}

fn simple(name: &str, total: &str, currency: &str) -> Prepared {
    Prepared {
        settled: None,
        has_customer: false,
        saved: wasm_bindgen::JsValue::UNDEFINED,
        id: "iv_x".into(),
        name: name.into(),
        currency: currency.into(),
        breakdown: BreakdownDto {
            subtotal: "0".into(),
            tax: "0".into(),
            shipping: "0".into(),
            total: total.into(),
            reconciles: true,
            ..BreakdownDto::default()
        },
    }
}

fn text_of(host: &web_sys::HtmlElement, testid: &str) -> String {
    let selector = format!("[data-testid={testid}]");
    plain_spaces(
        &host
            .query_selector(&selector)
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
    )
}

#[wasm_bindgen_test]
fn a_hostile_invoice_name_is_shown_as_text() {
    let host = fresh_host();
    let name = "<img src=x onerror=alert(1)>";
    mount_invoice(&host, simple(name, "4.99", "EUR"), "fr-FR");
    assert_eq!(text_of(&host, "invoice-name"), name);
    assert!(
        host.query_selector("img").unwrap().is_none(),
        "markup was interpreted"
    );
    assert_eq!(text_of(&host, "invoice-total"), "4,99 €");
}

#[wasm_bindgen_test]
fn lines_tax_and_shipping_are_listed_with_the_total() {
    let host = fresh_host();
    let prepared = Prepared {
        breakdown: BreakdownDto {
            lines: vec![
                line("Teapot", 1, "4200", "0", "4200"),
                line("Sencha", 2, "900", "300", "1500"),
            ],
            itemised: true,
            subtotal: "5700".into(),
            tax: "570".into(),
            shipping: "280".into(),
            total: "6550".into(),
            reconciles: true,
        },
        ..simple("Tea set", "6550", "JPY")
    };
    mount_invoice(&host, prepared, "en-US");
    let lines = host.query_selector_all("[data-testid=line-item]").unwrap();
    assert_eq!(lines.length(), 2);
    assert_eq!(text_of(&host, "tax"), "¥570");
    assert_eq!(text_of(&host, "shipping"), "¥280");
    assert_eq!(text_of(&host, "invoice-total"), "¥6,550");
    assert!(host
        .query_selector("[data-testid=reconciliation-warning]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
fn parts_that_do_not_add_up_are_flagged_not_hidden() {
    let host = fresh_host();
    let prepared = Prepared {
        breakdown: BreakdownDto {
            lines: vec![line("A", 1, "7.00", "0", "7.00")],
            itemised: true,
            subtotal: "7.00".into(),
            tax: "0".into(),
            shipping: "2.00".into(),
            total: "10.00".into(),
            reconciles: false,
        },
        ..simple("Odd", "10.00", "EUR")
    };
    mount_invoice(&host, prepared, "en-US");
    assert!(host
        .query_selector("[data-testid=reconciliation-warning]")
        .unwrap()
        .is_some());
    assert_eq!(text_of(&host, "invoice-total"), "€10.00");
}

#[wasm_bindgen_test]
fn a_load_error_names_its_code_and_its_retry_action_reaches_the_root() {
    let host = fresh_host();
    let retries = Rc::new(Cell::new(0));
    let counter = retries.clone();
    let error = WidgetError::new(ErrorCode::ResourceInvoiceNotFound, "nope");
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        view! { <LoadError error=error lang=Lang::EN/> }
    });
    // The checkout listens on its root for the button's action, as here.
    checkout_widget::dom::listen(&host, "click", move |event| {
        if checkout_widget::dom::action(&event).as_deref() == Some(checkout_widget::view::RELOAD) {
            counter.set(counter.get() + 1);
        }
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

#[wasm_bindgen_test]
fn every_transaction_status_has_its_text_tone_and_data_attribute() {
    let mut titles = Vec::new();
    for status in TransactionStatus::KNOWN {
        let host = fresh_host();
        let outcome = Outcome {
            status: status.clone(),
            transaction_id: Some("tr_1".into()),
            error_code: None,
            three_d_s: None,
        };
        leptos::mount::mount_to(host.clone(), move || {
            view! { <StatusView outcome=outcome lang=Lang::EN/> }
        })
        .forget();
        let shown = host
            .query_selector("[data-testid=status]")
            .unwrap()
            .unwrap();
        assert_eq!(
            shown.get_attribute("data-status").as_deref(),
            Some(status.as_str())
        );
        let class = shown.get_attribute("class").unwrap();
        let tone = if status.is_success() {
            "success"
        } else if status.is_final() {
            "failure"
        } else {
            "pending"
        };
        assert!(
            class.contains(&format!("checkout__status--{tone}")),
            "{status:?}: {class}"
        );
        let title = text_of(&host, "status");
        assert!(!title.trim().is_empty(), "{status:?} has no text");
        titles.push(title);
    }
    titles.sort();
    titles.dedup();
    assert_eq!(
        titles.len(),
        TransactionStatus::KNOWN.len(),
        "two statuses share a text"
    );
}

#[wasm_bindgen_test]
fn a_decline_explains_the_reason_in_the_customers_words() {
    let host = fresh_host();
    let outcome = Outcome {
        status: TransactionStatus::parse("failed"),
        transaction_id: None,
        error_code: Some(ErrorCode::CardNoMoney),
        three_d_s: None,
    };
    leptos::mount::mount_to(
        host.clone(),
        move || view! { <StatusView outcome=outcome lang=Lang::EN/> },
    )
    .forget();
    let shown = host
        .query_selector("[data-testid=status]")
        .unwrap()
        .unwrap();
    assert_eq!(
        shown.get_attribute("data-error-code").as_deref(),
        Some("card.no-money")
    );
    assert!(
        text_of(&host, "status").contains("insufficient funds"),
        "{}",
        text_of(&host, "status")
    );
}
