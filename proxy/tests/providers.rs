//! The widget-facing API over Invoiss's and the orders API's emulators, through real HTTP:
//! the same invoices and transactions the widget gets from ProcessOut, each provider's
//! payment result mapped to a widget status, and never two payments for one attempt.

mod common;

use checkout_proxy::config::{SANDBOX_INVOISS_TOKEN, SANDBOX_ORDERS_TOKEN};
use checkout_proxy::provider::ids;
use checkout_proxy::secret::Secret;
use checkout_proxy::{Config, ProviderKind, RunningServer};
use common::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

async fn provider_server(kind: ProviderKind) -> RunningServer {
    start(Config::sandbox_with("127.0.0.1:0".parse().unwrap(), kind)).await
}

/// A fresh Invoiss order through the emulator's sandbox-only endpoint; its widget id.
async fn invoiss_order(server: &RunningServer, total: &str) -> String {
    let body = format!(
        r#"{{"title": "Test order", "currency": "USD", "grandTotal": {total},
            "lineItems": [{{"name": "Thing", "quantity": 1, "price": {total}}}]}}"#
    );
    let response = client()
        .post(format!("{}/sandbox/invoiss/public/orders", server.url()))
        .header("Authorization", SANDBOX_INVOISS_TOKEN)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    let id = body["order"]["id"].as_str().unwrap();
    assert!(id.starts_with("order_"), "{id}");
    ids::to_widget("iv", &[id]).unwrap()
}

/// The `paymentId`s the Invoiss emulator processed for the order of widget id `invoice`.
async fn invoiss_payments(server: &RunningServer, invoice: &str) -> Value {
    let order = ids::from_widget("iv", invoice).unwrap().remove(0);
    let response = client()
        .get(format!(
            "{}/sandbox/invoiss/_orders/{order}/payments",
            server.url()
        ))
        .header("Authorization", SANDBOX_INVOISS_TOKEN)
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    body["payments"].clone()
}

/// A fresh order of the orders API; its provider id.
async fn orders_order(server: &RunningServer, amount: &str, currency: &str) -> String {
    let response = client()
        .post(format!("{}/sandbox/orders/orders", server.url()))
        .bearer_auth(SANDBOX_ORDERS_TOKEN)
        .header("Content-Type", "application/json")
        .body(format!(
            r#"{{"name": "Order {amount}", "currency": "{currency}", "amount": {amount}}}"#
        ))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    body["id"].as_str().unwrap().to_string()
}

async fn orders_payments(server: &RunningServer) -> Vec<Value> {
    let response = client()
        .get(format!("{}/sandbox/orders/payments?size=100", server.url()))
        .bearer_auth(SANDBOX_ORDERS_TOKEN)
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().unwrap().clone()
}

/// Equal JSON, except that decimal strings compare by value: an order's zero tax reads
/// "0.000" KWD (the currency's decimals) where ProcessOut's invoice wrote "0".
fn same(a: &Value, b: &Value) -> bool {
    use std::str::FromStr;
    match (a, b) {
        (Value::String(x), Value::String(y)) => {
            match (Decimal::from_str(x), Decimal::from_str(y)) {
                (Ok(x), Ok(y)) => x == y,
                _ => x == y,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[tokio::test]
async fn the_demo_invoices_look_the_same_through_every_provider() {
    let processout = sandbox_server().await;
    let invoiss = provider_server(ProviderKind::Invoiss).await;
    let orders = provider_server(ProviderKind::Orders).await;
    for id in checkout_proxy::sandbox::SEEDED_INVOICE_IDS {
        let (status, reference) = checkout_get(&processout, &format!("/invoices/{id}")).await;
        assert_eq!(status, 200, "{reference}");
        for server in [&invoiss, &orders] {
            let (status, body) = checkout_get(server, &format!("/invoices/{id}")).await;
            assert_eq!(status, 200, "{id}: {body}");
            for field in ["id", "name", "amount", "currency", "breakdown"] {
                assert!(
                    same(&body["invoice"][field], &reference["invoice"][field]),
                    "{id} {field}: {} vs {}",
                    body["invoice"][field],
                    reference["invoice"][field]
                );
            }
        }
    }
}

#[tokio::test]
async fn invoiss_reads_the_seeds_example_order() {
    let server = provider_server(ProviderKind::Invoiss).await;
    let (status, body) = checkout_get(&server, "/invoices/iv_orderZu123456").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["invoice"]["amount"], "100.00");
    assert_eq!(body["invoice"]["currency"], "USD");
    assert_eq!(body["invoice"]["breakdown"]["total"], "100.00");
    let (status, body) = checkout_get(&server, "/invoices/iv_orderZu999").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error_type"], "resource.invoice.not-found");
    let (status, body) = checkout_get(&server, "/invoices/iv_aZpb").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error_type"], "request.validation.error");
}

#[tokio::test]
async fn invoiss_pays_an_order_once_and_says_completed() {
    let server = provider_server(ProviderKind::Invoiss).await;
    let invoice = invoiss_order(&server, "12.34").await;
    let (status, first) = authorize(&server, &invoice, "tok_test4242424242424242", "k-1").await;
    assert_eq!(status, 200, "{first}");
    let transaction = &first["transaction"];
    assert_eq!(transaction["status"], "completed");
    assert_eq!(transaction["amount"], "12.34");
    assert_eq!(transaction["currency"], "USD");
    assert_eq!(transaction["invoice_id"], invoice.as_str());
    assert_eq!(transaction["id"], "tr_payZukZh1");
    assert_eq!(first["customer_action"], Value::Null);
    // A retry of the same attempt is not paid again. Issue 15: the proxy reads the order
    // first and answers 409 `invoice.already-paid` with the payment (no longer the
    // emulator's replayed 200).
    for _ in 0..3 {
        let (status, again) = authorize(&server, &invoice, "tok_test4242424242424242", "k-1").await;
        assert_eq!(status, 409, "{again}");
        assert_eq!(again["error_type"], "invoice.already-paid");
        assert_eq!(again["transaction"]["id"], "tr_payZukZh1");
    }
    // A new attempt on the paid order is refused: never two payments. Issue 15: by the
    // proxy, 409 with the payment, instead of the emulator's 402 `card.duplicate`.
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "k-2").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error_type"], "invoice.already-paid");
    assert_eq!(body["transaction"]["status"], "completed");
    assert_eq!(body["transaction"]["id"], "tr_payZukZh1");
    // Nothing but the first payment reached the emulator.
    assert_eq!(
        invoiss_payments(&server, &invoice).await,
        json!(["pay_k-1"])
    );
    // Invoiss has no read-back; the widget never needs one (its answers are final).
    let (status, body) = checkout_get(&server, "/transactions/tr_payZukZh1").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error_type"], "resource.transaction.not-found");
}

#[tokio::test]
async fn invoiss_declines_reach_the_widget_as_core_error_codes() {
    let server = provider_server(ProviderKind::Invoiss).await;
    for (number, code) in DECLINES {
        let invoice = invoiss_order(&server, "5.00").await;
        let (status, body) =
            authorize(&server, &invoice, &format!("tok_test{number}"), number).await;
        assert_eq!(status, 402, "{number}: {body}");
        assert_eq!(body["error_type"], code, "{number}: {body}");
        assert!(body["message"]
            .as_str()
            .unwrap()
            .starts_with("Payment declined"));
    }
    // paymentId is made from the key alone: reusing a key on another order is refused.
    let invoice = invoiss_order(&server, "5.00").await;
    let (status, body) =
        authorize(&server, &invoice, "tok_test4242424242424242", DECLINES[0].0).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error_type"], "request.idempotency-key.invalid");
    // After a decline, a new attempt with another card pays.
    let invoice = invoiss_order(&server, "5.00").await;
    let (status, _) = authorize(&server, &invoice, "tok_test4000000000002206", "a1").await;
    assert_eq!(status, 402);
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "a2").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn invoiss_takes_single_use_card_tokens_and_refuses_3ds_results() {
    let server = provider_server(ProviderKind::Invoiss).await;
    let card = tokenize(&server, "4242424242424242").await;
    let first = invoiss_order(&server, "1.00").await;
    let (status, body) = authorize(&server, &first, &card, "c1").await;
    assert_eq!(status, 200, "{body}");
    let second = invoiss_order(&server, "1.00").await;
    let (status, body) = authorize(&server, &second, &card, "c2").await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = authorize(&server, &second, "gway_req_abc", "c3").await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("gway_req_"));
}

#[tokio::test]
async fn a_refused_token_is_the_merchants_misconfiguration_and_never_shown() {
    let mut config = Config::sandbox_with("127.0.0.1:0".parse().unwrap(), ProviderKind::Invoiss);
    config.invoiss.token = Secret::new("invoiss_wrong_token_0000000000000001");
    let server = start(config).await;
    let (status, body) = checkout_get(&server, "/invoices/iv_orderZu123456").await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["error_type"], "proxy.misconfigured");
    assert!(!body.to_string().contains("wrong_token"));

    let mut config = Config::sandbox_with("127.0.0.1:0".parse().unwrap(), ProviderKind::Orders);
    config.orders.token = Secret::new("orders_wrong_token_000000000000001");
    let server = start(config).await;
    let (status, body) =
        authorize(&server, "iv_demoBooksEUR", "tok_test4242424242424242", "k").await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["error_type"], "proxy.misconfigured");
    assert!(!body.to_string().contains("wrong_token"));
}

#[tokio::test]
async fn the_orders_api_pays_and_reads_back_a_payment() {
    let server = provider_server(ProviderKind::Orders).await;
    let order = orders_order(&server, "10.23", "USD").await;
    let invoice = ids::to_widget("iv", &[&order]).unwrap();
    let (status, body) = checkout_get(&server, &format!("/invoices/{invoice}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["invoice"]["amount"], "10.23");
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "o-1").await;
    assert_eq!(status, 200, "{body}");
    let transaction = &body["transaction"];
    assert_eq!(transaction["status"], "completed");
    assert_eq!(transaction["amount"], "10.23");
    let id = transaction["id"].as_str().unwrap();
    let (status, read) = checkout_get(&server, &format!("/transactions/{id}")).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["transaction"]["status"], "completed");
    assert_eq!(read["transaction"]["invoice_id"], invoice.as_str());
    assert_eq!(read["transaction"]["amount"], "10.23");
    // The payment method and the user stay with the provider.
    let text = read.to_string();
    assert!(
        !text.contains("tok_test") && !text.contains("user_"),
        "{text}"
    );
    let (status, body) = checkout_get(&server, "/transactions/tr_payZunope").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error_type"], "resource.transaction.not-found");
}

#[tokio::test]
async fn the_orders_api_never_pays_twice_for_one_attempt_or_one_order() {
    let server = provider_server(ProviderKind::Orders).await;
    let order = orders_order(&server, "20.00", "EUR").await;
    let invoice = ids::to_widget("iv", &[&order]).unwrap();
    let mut seen = Vec::new();
    for i in 0..5 {
        let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "same").await;
        // Issue 15: after the first, the proxy's already-paid check answers 409 with the
        // payment (no longer the emulator's replayed 200).
        if i == 0 {
            assert_eq!(status, 200, "{body}");
        } else {
            assert_eq!(status, 409, "{body}");
            assert_eq!(body["error_type"], "invoice.already-paid");
        }
        seen.push(body["transaction"]["id"].clone());
    }
    // A new attempt on the paid order gets the same payment back (issue 15: as 409
    // `invoice.already-paid`, the payment in `transaction`).
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "new").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error_type"], "invoice.already-paid");
    assert_eq!(body["transaction"]["status"], "completed");
    seen.push(body["transaction"]["id"].clone());
    seen.dedup();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let payments: Vec<Value> = orders_payments(&server)
        .await
        .into_iter()
        .filter(|p| p["subject"] == order.as_str())
        .collect();
    assert_eq!(payments.len(), 1, "{payments:?}");
}

#[tokio::test]
async fn the_orders_api_failure_passes_status_code_and_error_message_through() {
    let server = provider_server(ProviderKind::Orders).await;
    for (number, code) in DECLINES {
        let order = orders_order(&server, "3.00", "GBP").await;
        let invoice = ids::to_widget("iv", &[&order]).unwrap();
        let (status, body) =
            authorize(&server, &invoice, &format!("tok_test{number}"), number).await;
        assert_eq!(status, 402, "{number}: {body}");
        assert_eq!(body["error_type"], code, "{number}");
        assert!(
            body["message"].as_str().unwrap().contains("(status_code: "),
            "{body}"
        );
    }
    // The key belongs to one request: reused for another order it is refused.
    let order = orders_order(&server, "3.00", "GBP").await;
    let invoice = ids::to_widget("iv", &[&order]).unwrap();
    let (status, body) =
        authorize(&server, &invoice, "tok_test4242424242424242", DECLINES[0].0).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error_type"], "request.idempotency-key.invalid");
    let failed: Vec<Value> = orders_payments(&server)
        .await
        .into_iter()
        .filter(|p| p["current_state"] == "failed")
        .collect();
    assert_eq!(failed.len(), DECLINES.len());
    let id = ids::to_widget("tr", &[failed[0]["id"].as_str().unwrap()]).unwrap();
    let (status, read) = checkout_get(&server, &format!("/transactions/{id}")).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["transaction"]["status"], "failed");
    assert_eq!(read["transaction"]["status_code"], failed[0]["status_code"]);
    assert_eq!(
        read["transaction"]["error_message"],
        failed[0]["error_message"]
    );
    assert!(read["transaction"]["error_code"]
        .as_str()
        .unwrap()
        .starts_with("card."));
}

#[tokio::test]
async fn the_orders_api_processing_payment_is_pending_then_completed() {
    let server = provider_server(ProviderKind::Orders).await;
    let order = orders_order(&server, "7.50", "EUR").await;
    let invoice = ids::to_widget("iv", &[&order]).unwrap();
    let (status, body) = authorize(&server, &invoice, "tok_test4000000000000309", "p").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "pending");
    let id = body["transaction"]["id"].as_str().unwrap().to_string();
    tokio::time::sleep(
        checkout_proxy::sandbox::PENDING_DELAY + std::time::Duration::from_millis(500),
    )
    .await;
    let (status, read) = checkout_get(&server, &format!("/transactions/{id}")).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["transaction"]["status"], "completed");
}

#[tokio::test]
async fn the_orders_api_pays_several_orders_with_one_payment() {
    let server = provider_server(ProviderKind::Orders).await;
    let a = orders_order(&server, "1.10", "EUR").await;
    let b = orders_order(&server, "2.25", "EUR").await;
    let invoice = ids::to_widget("iv", &[&a, &b]).unwrap();
    let (status, body) = checkout_get(&server, &format!("/invoices/{invoice}")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["invoice"]["amount"], "3.35");
    assert_eq!(body["invoice"]["breakdown"]["total"], "3.35");
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "two").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["amount"], "3.35");
    // Each order is now paid: paying one alone is refused as a duplicate.
    let single = ids::to_widget("iv", &[&b]).unwrap();
    let (status, body) = authorize(&server, &single, "tok_test4242424242424242", "one").await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(body["error_type"], "card.duplicate");
    let c = orders_order(&server, "1.00", "USD").await;
    let mixed = ids::to_widget("iv", &[&a, &c]).unwrap();
    let (status, body) = checkout_get(&server, &format!("/invoices/{mixed}")).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error_type"], "request.validation.error");
}

#[tokio::test]
async fn an_amount_that_cannot_be_represented_exactly_is_refused() {
    let server = provider_server(ProviderKind::Orders).await;
    for (amount, needle) in [("10.555", "more decimals than USD"), ("1e3", "exponent")] {
        let response = client()
            .post(format!("{}/sandbox/orders/orders", server.url()))
            .bearer_auth(SANDBOX_ORDERS_TOKEN)
            .header("Content-Type", "application/json")
            .body(format!(r#"{{"currency": "USD", "amount": {amount}}}"#))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 400, "{body}");
        assert!(
            body["error_message"].as_str().unwrap().contains(needle),
            "{body}"
        );
    }
    // The payment request itself refuses an amount that does not match the order exactly.
    let server = provider_server(ProviderKind::Invoiss).await;
    let response = client()
        .post(format!(
            "{}/sandbox/invoiss/public/payments/process",
            server.url()
        ))
        .header("Authorization", SANDBOX_INVOISS_TOKEN)
        .json(&json!({
            "method": "CARD", "order": {"id": "order_123456", "grandTotal": 100.0},
            "company": {"id": "c"}, "signature": "tok_test4242424242424242",
            "type": "INVOICE", "gateway": {"id": "g"}, "paymentId": "pay_x",
            "orderId": "order_123456", "amount": 100.001
        }))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("more decimals"),
        "{body}"
    );
}
