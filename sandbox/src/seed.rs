//! Invoices the sandbox starts with, under fixed ids so the demo page and tests can open them.

use serde_json::{json, Value};

use crate::{cards, Store, StoredCard};

/// Ids of the seeded invoices: AUD (the seed's "Amazing item"), JPY, KWD and EUR.
pub const SEEDED_INVOICE_IDS: [&str; 4] = [
    "iv_demoAmazingItemAUD",
    "iv_demoTeaSetJPY",
    "iv_demoOudKWD",
    "iv_demoBooksEUR",
];

/// The seeded customer of every invoice above; it has no saved card.
pub const DEMO_CUSTOMER_ID: &str = "cust_sandboxDemoCustomer";
/// A returning customer with two saved cards: one usable, one expired.
pub const RETURNING_CUSTOMER_ID: &str = "cust_demoReturning";
/// The returning customer's usable saved card (Visa 4242, 12/2030).
pub const RETURNING_TOKEN_ID: &str = "tok_demoReturningVisa";
/// The returning customer's expired saved card (Mastercard 4444, 01/2024).
pub const RETURNING_EXPIRED_TOKEN_ID: &str = "tok_demoReturningExpired";
/// An invoice of the returning customer (EUR), for the saved-cards demo.
pub const RETURNING_INVOICE_ID: &str = "iv_demoReturningCustomerEUR";

/// Pins the demo customers, the returning customer's cards and tokens, and its invoice.
pub(crate) fn customers(project_id: &str, store: &mut Store) {
    use crate::customers::{add_token, customer_object, token_object, StoredCustomer, StoredToken};
    for (id, first_name) in [
        (DEMO_CUSTOMER_ID, "Demo"),
        (RETURNING_CUSTOMER_ID, "Returning"),
    ] {
        let fields = json!({"first_name": first_name, "last_name": "Customer", "email": null});
        let customer = StoredCustomer {
            public: customer_object(project_id, id, &fields),
            tokens: Vec::new(),
        };
        store.customers.pin(id.to_string(), customer);
    }
    for (token_id, number, exp_month, exp_year) in [
        (RETURNING_TOKEN_ID, "4242424242424242", 12, 2030),
        (RETURNING_EXPIRED_TOKEN_ID, "5555555555554444", 1, 2024),
    ] {
        let card_id = format!("card_{}", token_id.trim_start_matches("tok_"));
        let public = cards::card_object(
            project_id,
            &card_id,
            number,
            exp_month,
            exp_year,
            Some("Returning Customer"),
            true,
        );
        let is_default = token_id == RETURNING_TOKEN_ID;
        let token = StoredToken {
            customer_id: RETURNING_CUSTOMER_ID.to_string(),
            card_id: card_id.clone(),
            public: token_object(token_id, RETURNING_CUSTOMER_ID, &public, is_default),
        };
        let card = StoredCard {
            number: number.to_string(),
            single_use: true,
            used: true,
            public,
        };
        store.cards.pin(card_id, card);
        add_token(store, token_id, token, true);
    }
    let seed = json!({"name": "Returning customer's order", "amount": "19.90", "currency": "EUR"});
    let mut invoice = invoice(project_id, RETURNING_INVOICE_ID, &seed);
    crate::records::set(&mut invoice, "customer_id", json!(RETURNING_CUSTOMER_ID));
    store
        .invoices
        .pin(RETURNING_INVOICE_ID.to_string(), invoice);
}

/// The seeded invoices, in ProcessOut's Invoice shape, priced as checkout-core reads them
/// (line amounts before tax; amount = lines + tax + shipping), including fields the proxy must never
/// pass to the browser (metadata, gateway_data, customer, risk) so that filtering is exercised.
pub fn invoices(project_id: &str) -> Vec<Value> {
    // What differs between the invoices, one per entry, in the order of SEEDED_INVOICE_IDS;
    // a part an entry leaves out (AUD's lines, tax and shipping) is null.
    let seeds = json!([
        {"name": "Amazing item", "amount": "4.99", "currency": "AUD"},
        {"name": "Tea set", "amount": "6550", "currency": "JPY", "details": [
            {"name": "Cast-iron teapot", "type": "product", "amount": "4200", "quantity": 1},
            {"name": "Sencha, 100 g", "type": "product", "amount": "900", "quantity": 2, "discount_amount": "300"}],
         "tax": {"amount": "570", "rate": "10"}, "shipping": {"amount": "280", "method": "home", "delay": "standard"}},
        {"name": "Oud perfume", "amount": "27.505", "currency": "KWD",
         "details": [{"name": "Oud perfume, 50 ml", "type": "product", "amount": "12.250", "quantity": 2}],
         "tax": {"amount": "0", "rate": "0"}, "shipping": {"amount": "3.005", "method": "home", "delay": "express"}},
        {"name": "Livres", "amount": "45.10", "currency": "EUR", "details": [
            {"name": "Le Petit Prince", "type": "product", "amount": "9.90", "quantity": 2},
            {"name": "Les Misérables", "type": "product", "amount": "24.00", "quantity": 1, "discount_amount": "3.80"}],
         "tax": {"amount": "2.20", "rate": "5.5"}, "shipping": {"amount": "2.90", "method": "relay", "delay": "standard"}}
    ]);
    let seeds = seeds.as_array().cloned().unwrap_or_default();
    SEEDED_INVOICE_IDS
        .iter()
        .zip(seeds)
        .map(|(id, seed)| invoice(project_id, id, &seed))
        .collect()
}

/// A whole invoice from its `seed`: the fields every seeded invoice shares, then the seed's.
fn invoice(project_id: &str, id: &str, seed: &Value) -> Value {
    let part = |key: &str| seed.get(key).cloned().unwrap_or(Value::Null);
    json!({
        "id": id,
        "project_id": project_id.trim_start_matches("test-"),
        "customer_id": DEMO_CUSTOMER_ID,
        "subscription_id": null,
        "token_id": null,
        "transaction_id": null,
        "name": part("name"),
        "order_id": format!("order-{id}"),
        "amount": part("amount"),
        "currency": part("currency"),
        "details": part("details"),
        "tax": part("tax"),
        "shipping": part("shipping"),
        "statement_descriptor": "checkout demo",
        "metadata": {"merchant_internal_ref": "do-not-show-customers"},
        "gateway_data": {"internal": "private"},
        "risk": {"score": "low", "is_legit": true},
        "return_url": null,
        "cancel_url": null,
        "sandbox": true,
        "exemption_reason_3ds2": null,
        "challenge_indicator": null,
        "created_at": "2026-11-23T00:00:00Z"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_core::{limits, Breakdown, Invoice};

    #[test]
    fn there_is_one_invoice_per_seeded_id() {
        let ids: Vec<Value> = invoices("test-proj_x")
            .iter()
            .map(|iv| iv["id"].clone())
            .collect();
        assert_eq!(ids, SEEDED_INVOICE_IDS.map(Value::from).to_vec());
        let tea = &invoices("test-proj_x")[1];
        assert_eq!(tea["details"][1]["discount_amount"], "300");
        assert_eq!(tea["shipping"]["delay"], "standard");
        assert_eq!(invoices("test-proj_x")[0]["details"], Value::Null);
    }

    #[test]
    fn every_seeded_invoice_reconciles_and_respects_processouts_limits() {
        for raw in invoices("test-proj_x") {
            let invoice: Invoice = serde_json::from_value(raw.clone()).unwrap();
            let breakdown = Breakdown::from_invoice(&invoice).unwrap();
            assert!(
                breakdown.reconciles,
                "{}: {:?}",
                raw["id"], breakdown.difference
            );
            assert_eq!(
                breakdown.total.to_wire_string(),
                raw["amount"].as_str().unwrap()
            );
            let violations = limits::invoice_limit_violations(&invoice);
            assert!(violations.is_empty(), "{}: {violations:?}", raw["id"]);
        }
    }
}
