//! Golden files of the widget contract: every answer shape the widget reads, as the real
//! proxy writes it (over HTTP, from the sandbox), in `proxy/tests/golden/`. The widget's
//! browser tests (`tests/golden.rs` at the root) read the same files with its hand-written
//! readers, so the proxy's serializer and the widget's readers cannot drift apart.
//!
//! Values that change from run to run (ids, times, the server's port) are replaced by
//! stable placeholders. A changed shape fails here; after a deliberate change, rewrite the
//! files with `CHECKOUT_BLESS=1 cargo test -p checkout-proxy --test golden` and check that
//! the widget's tests still pass.

mod common;

use checkout_core::contract::{AuthorizeResponse, InvoiceEnvelope, TransactionEnvelope};
use checkout_core::ErrorBody;
use common::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Replaces what differs between runs: ids (and 3-D Secure references) by
/// `<prefix>_golden<n>` wherever they appear, times by one fixed time, and the server's
/// origin by `https://proxy.example`.
#[derive(Default)]
struct Stable {
    ids: Vec<(String, String)>,
}

impl Stable {
    fn apply(&mut self, body: &mut Value, origin: &str) {
        self.collect(None, body);
        self.replace(None, body, origin);
    }

    fn collect(&mut self, key: Option<&str>, value: &Value) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| self.collect(Some(k), v)),
            Value::Array(items) => items.iter().for_each(|v| self.collect(key, v)),
            Value::String(text)
                if matches!(
                    key,
                    Some("id" | "invoice_id" | "transaction_id" | "reference")
                ) && !text.starts_with("iv_demo")
                    && !self.ids.iter().any(|(real, _)| real == text) =>
            {
                let prefix = match text.split_once('_') {
                    Some((prefix, _)) => prefix,
                    None => "ref",
                };
                let stable = format!("{prefix}_golden{}", self.ids.len());
                self.ids.push((text.clone(), stable));
            }
            _ => {}
        }
    }

    fn replace(&self, key: Option<&str>, value: &mut Value, origin: &str) {
        match value {
            Value::Object(map) => map
                .iter_mut()
                .for_each(|(k, v)| self.replace(Some(k), v, origin)),
            Value::Array(items) => items.iter_mut().for_each(|v| self.replace(key, v, origin)),
            Value::String(text) if key == Some("created_at") => {
                *text = "2026-01-01T00:00:00Z".into();
            }
            Value::String(text) => {
                *text = text.replace(origin, "https://proxy.example");
                for (real, stable) in &self.ids {
                    *text = text.replace(real.as_str(), stable);
                }
            }
            _ => {}
        }
    }
}

/// Checks `body` against `proxy/tests/golden/{name}.json` (or writes it with CHECKOUT_BLESS),
/// and that it is exactly what contract type `T` writes: a field outside the contract fails.
fn golden<T: DeserializeOwned + Serialize>(name: &str, body: &Value) {
    let typed: T = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        &serde_json::to_value(&typed).unwrap(),
        body,
        "{name}: the answer is not exactly what checkout-core's contract type writes"
    );
    let path = format!("{}/tests/golden/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = format!("{}\n", serde_json::to_string_pretty(body).unwrap());
    if std::env::var_os("CHECKOUT_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        kept, text,
        "{name}: the proxy's answer changed shape; if deliberate, rewrite the golden files \
         with CHECKOUT_BLESS=1 and run the widget's browser tests"
    );
}

async fn get(url: String) -> (u16, Value) {
    status_and_json(client().get(url).send().await.unwrap()).await
}

#[tokio::test]
async fn every_answer_shape_matches_its_golden_file() {
    let server = sandbox_server().await;
    let origin = server.url();
    let mut stable = Stable::default();
    let mut check = |mut body: Value| {
        stable.apply(&mut body, &origin);
        body
    };

    // An invoice with lines, tax and shipping, not paid yet.
    let (status, body) = get(format!("{origin}/checkout/invoices/iv_demoBooksEUR")).await;
    assert_eq!(status, 200, "{body}");
    golden::<InvoiceEnvelope>("invoice", &check(body));

    // A returning customer's invoice, with the customer's saved cards (one expired).
    let (status, body) = get(format!(
        "{origin}/checkout/invoices/iv_demoReturningCustomerEUR"
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    let mut body = body;
    Stable::default().apply(&mut body, &origin);
    golden::<InvoiceEnvelope>("invoice_customer", &body);

    // A payment authorized at once, then the invoice that now carries it.
    let invoice = new_invoice(&server, "10.00", "EUR").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "g1").await;
    assert_eq!(status, 200, "{body}");
    let transaction_id = body["transaction"]["id"].as_str().unwrap().to_string();
    golden::<AuthorizeResponse>("authorize", &check(body));
    let (status, body) = get(format!("{origin}/checkout/invoices/{invoice}")).await;
    assert_eq!(status, 200, "{body}");
    golden::<InvoiceEnvelope>("invoice_paid", &check(body));
    let (status, body) = get(format!("{origin}/checkout/transactions/{transaction_id}")).await;
    assert_eq!(status, 200, "{body}");
    golden::<TransactionEnvelope>("transaction", &check(body));
    // A new attempt on the paid invoice: 409 with the transaction, nothing authorized.
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "g5").await;
    assert_eq!(status, 409, "{body}");
    golden::<ErrorBody>("error_already_paid", &check(body));

    // A 3-D Secure challenge the customer must complete.
    let invoice = new_invoice(&server, "25.00", "GBP").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4000000000000101", "g2").await;
    assert_eq!(status, 200, "{body}");
    golden::<AuthorizeResponse>("authorize_challenge", &check(body));

    // A decline the issuer stated, and a request the proxy refused.
    let invoice = new_invoice(&server, "10.00", "EUR").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4000000000002206", "g3").await;
    assert_eq!(status, 402, "{body}");
    golden::<ErrorBody>("error_decline", &check(body));
    let response = client()
        .post(format!("{origin}/checkout/invoices/{invoice}/authorize"))
        .header("Idempotency-Key", "g4")
        .json(&json!({ "source": "tok_test4242424242424242", "device": {"app_color_depth": 23} }))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400, "{body}");
    golden::<ErrorBody>("error_validation", &check(body));
}

#[tokio::test]
async fn a_pending_payment_and_a_missing_invoice_match_their_golden_files() {
    let server = sandbox_server().await;
    let origin = server.url();
    let mut stable = Stable::default();

    let invoice = new_invoice(&server, "5.00", "USD").await;
    let (status, mut body) = authorize(&server, &invoice, "tok_test4000000000000309", "p1").await;
    assert_eq!(status, 200, "{body}");
    stable.apply(&mut body, &origin);
    golden::<AuthorizeResponse>("authorize_pending", &body);

    let (status, mut body) = get(format!("{origin}/checkout/invoices/iv_missing0")).await;
    assert_eq!(status, 404, "{body}");
    stable.apply(&mut body, &origin);
    golden::<ErrorBody>("error_not_found", &body);
}
