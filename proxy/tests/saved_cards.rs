//! Saved cards (customer tokens, seed 001): the sandbox's customers and tokens over real
//! HTTP, and the proxy's `GET /checkout/invoices/{id}/saved-sources` and authorize with a
//! saved source or `save: true`.

mod common;

use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
use checkout_proxy::RunningServer;
use common::*;
use serde_json::{json, Value};

/// A call to the sandbox with its private key: (status, body).
async fn sandbox_call(
    server: &RunningServer,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
    key: Option<&str>,
) -> (u16, Value) {
    let mut request = client()
        .request(method, format!("{}/sandbox{path}", server.url()))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY));
    if let Some(body) = body {
        request = request.json(&body);
    }
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    status_and_json(request.send().await.unwrap()).await
}

async fn new_customer(server: &RunningServer) -> String {
    let (status, body) = sandbox_call(
        server,
        reqwest::Method::POST,
        "/customers",
        Some(json!({"email": "jane@example.com", "first_name": "Jane", "last_name": "Doe"})),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["customer"]["first_name"], "Jane");
    body["customer"]["id"].as_str().unwrap().to_string()
}

async fn new_token(server: &RunningServer, customer: &str, number: &str) -> String {
    let card = tokenize(server, number).await;
    let (status, body) = sandbox_call(
        server,
        reqwest::Method::POST,
        &format!("/customers/{customer}/tokens"),
        Some(json!({ "source": card })),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["token"]["id"].as_str().unwrap().to_string()
}

async fn tokens_of(server: &RunningServer, customer: &str) -> Vec<Value> {
    let (status, body) = sandbox_call(
        server,
        reqwest::Method::GET,
        &format!("/customers/{customer}/tokens?expand[]=card"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["tokens"].as_array().unwrap().clone()
}

/// A fresh invoice of `customer`.
async fn customer_invoice(server: &RunningServer, customer: &str) -> String {
    let (status, body) = sandbox_call(
        server,
        reqwest::Method::POST,
        "/invoices",
        Some(
            json!({"name": "Saved item", "amount": "10.00", "currency": "EUR",
                    "customer_id": customer}),
        ),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["invoice"]["id"].as_str().unwrap().to_string()
}

async fn invoice_transaction(server: &RunningServer, invoice: &str) -> Value {
    sandbox_get(server, &format!("/invoices/{invoice}?expand[]=transaction")).await["invoice"]
        ["transaction"]
        .clone()
}

#[tokio::test]
async fn the_sandbox_keeps_customers_and_their_tokens_as_processout_does() {
    let server = sandbox_server().await;
    let customer = new_customer(&server).await;
    let fetched = sandbox_get(&server, &format!("/customers/{customer}")).await;
    assert_eq!(fetched["customer"]["id"], customer.as_str());
    assert_eq!(fetched["customer"]["default_token_id"], Value::Null);
    assert!(tokens_of(&server, &customer).await.is_empty());

    let card = tokenize(&server, "4242424242424242").await;
    let (status, made) = sandbox_call(
        &server,
        reqwest::Method::POST,
        &format!("/customers/{customer}/tokens"),
        Some(json!({ "source": card })),
        None,
    )
    .await;
    assert_eq!(status, 200, "{made}");
    let token = made["token"]["id"].as_str().unwrap().to_string();
    assert!(token.starts_with("tok_"), "{made}");
    assert_eq!(made["token"]["customer_id"], customer.as_str());
    assert_eq!(made["token"]["card_id"], card.as_str());
    assert_eq!(made["token"]["summary"], "**** **** **** 4242");
    assert!(!made.to_string().contains("4242424242424242"));

    // The card token is spent: it can neither make another token nor pay.
    let (status, again) = sandbox_call(
        &server,
        reqwest::Method::POST,
        &format!("/customers/{customer}/tokens"),
        Some(json!({ "source": card })),
        None,
    )
    .await;
    assert_eq!(status, 400, "{again}");
    assert_eq!(again["error_type"], "request.source.card-already-used");
    let invoice = new_invoice(&server, "3.00", "EUR").await;
    let (status, body) = authorize(&server, &invoice, &card, "spent").await;
    assert_eq!(status, 400, "{body}");

    let listed = tokens_of(&server, &customer).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], token.as_str());
    assert_eq!(listed[0]["card"]["last_4_digits"], "4242");
    assert_eq!(listed[0]["card"]["exp_month"], 12);
    let one = sandbox_get(&server, &format!("/customers/{customer}/tokens/{token}")).await;
    assert_eq!(one["token"]["id"], token.as_str());
    let fetched = sandbox_get(&server, &format!("/customers/{customer}")).await;
    assert_eq!(fetched["customer"]["default_token_id"], token.as_str());

    // Another customer cannot see it.
    let other = new_customer(&server).await;
    let (status, body) = sandbox_call(
        &server,
        reqwest::Method::GET,
        &format!("/customers/{other}/tokens/{token}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error_type"], "resource.token.not-found");
    assert!(tokens_of(&server, &other).await.is_empty());

    // The token pays as often as needed.
    for _ in 0..2 {
        let invoice = customer_invoice(&server, &customer).await;
        let (status, body) = authorize(&server, &invoice, &token, "pay").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["transaction"]["status"], "authorized", "{body}");
    }

    let (status, _) = sandbox_call(
        &server,
        reqwest::Method::DELETE,
        &format!("/customers/{customer}/tokens/{token}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(tokens_of(&server, &customer).await.is_empty());
    let invoice = customer_invoice(&server, &customer).await;
    let (status, body) = authorize(&server, &invoice, &token, "gone").await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = sandbox_call(
        &server,
        reqwest::Method::GET,
        "/customers/cust_nobody/tokens",
        None,
        None,
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error_type"], "resource.customer.not-found");
}

#[tokio::test]
async fn a_token_creation_with_the_same_idempotency_key_makes_one_token() {
    let server = sandbox_server().await;
    let customer = new_customer(&server).await;
    let card = tokenize(&server, "4242424242424242").await;
    let path = format!("/customers/{customer}/tokens");
    let body = json!({ "source": card });
    let (s1, first) = sandbox_call(
        &server,
        reqwest::Method::POST,
        &path,
        Some(body.clone()),
        Some("k1"),
    )
    .await;
    let (s2, second) = sandbox_call(
        &server,
        reqwest::Method::POST,
        &path,
        Some(body),
        Some("k1"),
    )
    .await;
    assert_eq!((s1, s2), (200, 200), "{first} {second}");
    assert_eq!(first["token"]["id"], second["token"]["id"]);
    assert_eq!(tokens_of(&server, &customer).await.len(), 1);
}

#[tokio::test]
async fn the_sandbox_refuses_another_customers_token_for_an_invoice_with_a_customer() {
    let server = sandbox_server().await;
    let (alice, bob) = (new_customer(&server).await, new_customer(&server).await);
    let bobs = new_token(&server, &bob, "4242424242424242").await;
    let invoice = customer_invoice(&server, &alice).await;
    let response = client()
        .post(format!(
            "{}/sandbox/invoices/{invoice}/authorize",
            server.url()
        ))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .json(&json!({ "source": bobs }))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error_type"], "resource.token.not-found");
    assert_eq!(invoice_transaction(&server, &invoice).await, Value::Null);
}

#[tokio::test]
async fn a_saved_card_keeps_its_test_behaviour_and_the_seed_has_a_returning_customer() {
    let server = sandbox_server().await;
    let customer = new_customer(&server).await;
    let challenge = new_token(&server, &customer, "4000000000000101").await;
    let invoice = customer_invoice(&server, &customer).await;
    let (status, body) = authorize(&server, &invoice, &challenge, "3ds").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["customer_action"]["type"], "redirect", "{body}");
    let declined = new_token(&server, &customer, "4000000000002206").await;
    let invoice = customer_invoice(&server, &customer).await;
    let (status, body) = authorize(&server, &invoice, &declined, "no-money").await;
    assert_eq!(status, 402, "{body}");
    assert_eq!(body["error_type"], "card.no-money");

    let seeded = tokens_of(&server, "cust_demoReturning").await;
    let cards: Vec<(Value, Value, Value)> = seeded
        .iter()
        .map(|t| {
            (
                t["id"].clone(),
                t["card"]["last_4_digits"].clone(),
                t["card"]["exp_year"].clone(),
            )
        })
        .collect();
    assert_eq!(
        cards,
        vec![
            (json!("tok_demoReturningVisa"), json!("4242"), json!("2030")),
            (
                json!("tok_demoReturningExpired"),
                json!("4444"),
                json!("2024")
            ),
        ]
    );
    let invoice = sandbox_get(
        &server,
        &format!("/invoices/{}", "iv_demoReturningCustomerEUR"),
    )
    .await;
    assert_eq!(invoice["invoice"]["customer_id"], "cust_demoReturning");
}
