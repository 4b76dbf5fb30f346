//! The widget's hand-written JSON readers against the proxy's golden files
//! (`proxy/tests/golden/`, written by the real proxy with checkout-core's contract types).
//! Each file is read twice: by the widget's reader in the browser, and by serde as plain
//! JSON; every field the widget uses must come out the same. A contract change the widget
//! does not follow fails here.
#![cfg(target_arch = "wasm32")]

use checkout_core::ErrorCode;
use checkout_widget::wire::{read, TransactionDto};
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! golden {
    ($name:literal) => {
        include_str!(concat!("../proxy/tests/golden/", $name, ".json"))
    };
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// A transaction read by the widget holds what the golden file holds.
fn same_transaction(read: &TransactionDto, expected: &Value) {
    assert_eq!(read.id, text(&expected["id"]));
    assert_eq!(read.status, text(&expected["status"]));
    assert_eq!(read.error_code, text(&expected["error_code"]));
    assert_eq!(read.three_d_s_status, text(&expected["three_d_s_status"]));
}

#[wasm_bindgen_test]
fn invoices_read_as_the_proxy_wrote_them() {
    for (name, body) in [
        ("invoice", golden!("invoice")),
        ("invoice_paid", golden!("invoice_paid")),
    ] {
        let expected = json(body);
        let invoice = read::invoice_envelope(&read::parse(body).unwrap()).unwrap();
        let want = &expected["invoice"];
        assert_eq!(invoice.id, text(&want["id"]), "{name}");
        assert_eq!(invoice.name, text(&want["name"]), "{name}");
        assert_eq!(invoice.currency, text(&want["currency"]), "{name}");
        let breakdown = invoice.breakdown.expect("a breakdown");
        let b = &want["breakdown"];
        assert_eq!(Some(breakdown.total), text(&b["total"]), "{name}");
        assert_eq!(Some(breakdown.subtotal), text(&b["subtotal"]), "{name}");
        assert_eq!(Some(breakdown.tax), text(&b["tax"]), "{name}");
        assert_eq!(Some(breakdown.shipping), text(&b["shipping"]), "{name}");
        assert_eq!(breakdown.itemised, b["itemised"] == true, "{name}");
        assert_eq!(breakdown.reconciles, b["reconciles"] == true, "{name}");
        let lines = b["lines"].as_array().unwrap();
        assert_eq!(breakdown.lines.len(), lines.len(), "{name}");
        for (line, want) in breakdown.lines.iter().zip(lines) {
            assert_eq!(Some(line.name.clone()), text(&want["name"]), "{name}");
            assert_eq!(Some(line.quantity), want["quantity"].as_i64(), "{name}");
            assert_eq!(Some(line.unit_amount.clone()), text(&want["unit_amount"]));
            assert_eq!(Some(line.discount.clone()), text(&want["discount"]));
            assert_eq!(Some(line.total.clone()), text(&want["total"]));
        }
        match (&invoice.transaction, want.get("transaction")) {
            (Some(read), Some(want)) => same_transaction(read, want),
            (None, None) => {}
            other => panic!("{name}: transaction read as {other:?}"),
        }
    }
    // A returning customer's invoice carries the saved cards as the proxy wrote them; the
    // view reads each field it shows (brand, last 4, expiry, usable, reason) by these names.
    let body = golden!("invoice_customer");
    let invoice = read::invoice_envelope(&read::parse(body).unwrap()).unwrap();
    let want = json(body)["invoice"]["saved_sources"].clone();
    let want = want.as_array().unwrap();
    assert!(invoice.has_customer);
    let saved = js_sys::Array::from(&invoice.saved);
    assert_eq!(saved.length() as usize, want.len());
    for (read, want) in saved.iter().zip(want) {
        for key in ["id", "brand", "last4", "expiry", "reason"] {
            assert_eq!(read::string(&read, key).unwrap(), text(&want[key]), "{key}");
        }
        assert_eq!(read::boolean(&read, "usable"), want["usable"] == true);
    }
    // Without a customer, no list.
    let plain = read::invoice_envelope(&read::parse(golden!("invoice_paid")).unwrap()).unwrap();
    assert!(plain.saved.is_undefined());

    // The unpaid invoice lists lines; the paid one carries its authorized transaction.
    let unpaid = read::invoice_envelope(&read::parse(golden!("invoice")).unwrap()).unwrap();
    assert!(!unpaid.breakdown.unwrap().lines.is_empty());
    let paid = read::invoice_envelope(&read::parse(golden!("invoice_paid")).unwrap()).unwrap();
    assert_eq!(paid.transaction.unwrap().status().as_str(), "authorized");
}

#[wasm_bindgen_test]
fn authorize_answers_read_as_the_proxy_wrote_them() {
    for (name, body) in [
        ("authorize", golden!("authorize")),
        ("authorize_challenge", golden!("authorize_challenge")),
        ("authorize_pending", golden!("authorize_pending")),
    ] {
        let expected = json(body);
        let answer = read::authorize(&read::parse(body).unwrap()).unwrap();
        same_transaction(
            answer.transaction.as_ref().unwrap(),
            &expected["transaction"],
        );
        let action = &expected["customer_action"];
        match answer.customer_action {
            Some(read) => {
                assert_eq!(read.kind, text(&action["type"]), "{name}");
                assert_eq!(read.value, text(&action["value"]), "{name}");
                assert_eq!(read.no_iframe, action["metadata"]["no_iframe"] == "true");
            }
            None => assert!(action.is_null(), "{name}: the customer action was not read"),
        }
    }
    let challenge = read::authorize(&read::parse(golden!("authorize_challenge")).unwrap()).unwrap();
    assert_eq!(
        challenge.customer_action.unwrap().kind.as_deref(),
        Some("redirect")
    );
}

#[wasm_bindgen_test]
fn a_polled_transaction_reads_as_the_proxy_wrote_it() {
    let body = golden!("transaction");
    let read = read::transaction_envelope(&read::parse(body).unwrap()).unwrap();
    same_transaction(&read, &json(body)["transaction"]);
}

#[wasm_bindgen_test]
fn error_bodies_read_as_the_proxy_wrote_them() {
    for (body, code) in [
        (golden!("error_decline"), ErrorCode::CardNoMoney),
        (
            golden!("error_validation"),
            ErrorCode::RequestValidationError,
        ),
        (
            golden!("error_not_found"),
            ErrorCode::ResourceInvoiceNotFound,
        ),
    ] {
        let expected = json(body);
        let (read_code, message) = read::error_body(&read::parse(body).unwrap());
        assert_eq!(read_code.as_deref(), Some(code.as_str()));
        assert_eq!(message, text(&expected["message"]));
    }
}

#[wasm_bindgen_test]
fn a_saved_list_that_is_not_a_list_is_no_list_and_the_invoice_still_shows() {
    let mut body = json(golden!("invoice_customer"));
    body["invoice"]["saved_sources"] = serde_json::json!({"id": "tok_x"});
    let invoice = read::invoice_envelope(&read::parse(&body.to_string()).unwrap()).unwrap();
    assert!(invoice.saved.is_undefined());
    assert!(invoice.breakdown.is_some());
}
