//! Invoices the sandbox starts with, under fixed ids so the demo page and tests can open them.

use serde_json::{json, Value};

/// Ids of the seeded invoices: AUD (the seed's "Amazing item"), JPY, KWD and EUR.
pub const SEEDED_INVOICE_IDS: [&str; 4] = [
    "iv_demoAmazingItemAUD",
    "iv_demoTeaSetJPY",
    "iv_demoOudKWD",
    "iv_demoBooksEUR",
];

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
        "customer_id": "cust_sandboxDemoCustomer",
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
