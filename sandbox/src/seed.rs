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
    vec![
        invoice(
            project_id,
            SEEDED_INVOICE_IDS[0],
            "Amazing item",
            "4.99",
            "AUD",
            json!(null),
            json!(null),
            json!(null),
        ),
        invoice(
            project_id,
            SEEDED_INVOICE_IDS[1],
            "Tea set",
            "6550",
            "JPY",
            json!([
                {"name": "Cast-iron teapot", "type": "product", "amount": "4200", "quantity": 1},
                {"name": "Sencha, 100 g", "type": "product", "amount": "900", "quantity": 2, "discount_amount": "300"}
            ]),
            json!({"amount": "570", "rate": "10"}),
            json!({"amount": "280", "method": "home", "delay": "standard"}),
        ),
        invoice(
            project_id,
            SEEDED_INVOICE_IDS[2],
            "Oud perfume",
            "27.505",
            "KWD",
            json!([
                {"name": "Oud perfume, 50 ml", "type": "product", "amount": "12.250", "quantity": 2}
            ]),
            json!({"amount": "0", "rate": "0"}),
            json!({"amount": "3.005", "method": "home", "delay": "express"}),
        ),
        invoice(
            project_id,
            SEEDED_INVOICE_IDS[3],
            "Livres",
            "45.10",
            "EUR",
            json!([
                {"name": "Le Petit Prince", "type": "product", "amount": "9.90", "quantity": 2},
                {"name": "Les Misérables", "type": "product", "amount": "24.00", "quantity": 1, "discount_amount": "3.80"}
            ]),
            json!({"amount": "2.20", "rate": "5.5"}),
            json!({"amount": "2.90", "method": "relay", "delay": "standard"}),
        ),
    ]
}

#[allow(clippy::too_many_arguments)]
fn invoice(
    project_id: &str,
    id: &str,
    name: &str,
    amount: &str,
    currency: &str,
    details: Value,
    tax: Value,
    shipping: Value,
) -> Value {
    json!({
        "id": id,
        "project_id": project_id.trim_start_matches("test-"),
        "customer_id": "cust_sandboxDemoCustomer",
        "subscription_id": null,
        "token_id": null,
        "transaction_id": null,
        "name": name,
        "order_id": format!("order-{id}"),
        "amount": amount,
        "currency": currency,
        "details": details,
        "tax": tax,
        "shipping": shipping,
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
