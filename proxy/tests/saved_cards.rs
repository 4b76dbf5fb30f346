//! Saved cards (customer tokens, seed 001): the sandbox's customers and tokens over real
//! HTTP, and the proxy's `GET /checkout/invoices/{id}/saved-sources` and authorize with a
//! saved source or `save: true`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
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

/// `POST /checkout/invoices/{id}/authorize` with `body` (a device is added).
async fn pay(server: &RunningServer, invoice: &str, mut body: Value, key: &str) -> (u16, Value) {
    body["device"] = device();
    let response = client()
        .post(format!(
            "{}/checkout/invoices/{invoice}/authorize",
            server.url()
        ))
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    status_and_json(response).await
}

async fn saved_sources(server: &RunningServer, invoice: &str) -> (u16, Value) {
    checkout_get(server, &format!("/invoices/{invoice}/saved-sources")).await
}

/// Two customers with a saved card each (Alice a Mastercard, Bob a Visa) and an invoice of
/// Alice's: (Alice's token, the invoice).
async fn alice_and_bob(server: &RunningServer) -> (String, String) {
    let (alice, bob) = (new_customer(server).await, new_customer(server).await);
    let alices = new_token(server, &alice, "5555555555554444").await;
    new_token(server, &bob, "4242424242424242").await;
    (alices, customer_invoice(server, &alice).await)
}

#[tokio::test]
async fn the_proxy_lists_only_the_invoice_customers_cards_display_safe() {
    let server = sandbox_server().await;
    let (alices, invoice) = alice_and_bob(&server).await;
    let (status, body) = saved_sources(&server, &invoice).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"success": true, "saved_sources": [{"id": alices, "brand": "mastercard",
            "last4": "4444", "exp_month": 12, "exp_year": 2030, "expiry": "12/30", "usable": true,
            "reason": null}]})
    );

    // The seeded returning customer: one usable card, one expired (shown disabled).
    let (status, body) = saved_sources(&server, "iv_demoReturningCustomerEUR").await;
    assert_eq!(status, 200, "{body}");
    let list = body["saved_sources"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{body}");
    assert_eq!(list[0]["usable"], true);
    assert_eq!(
        (&list[1]["last4"], &list[1]["usable"], &list[1]["reason"]),
        (&json!("4444"), &json!(false), &json!("expired"))
    );

    // No customer: nothing. Unknown or malformed invoice: its error.
    let plain = new_invoice(&server, "2.00", "EUR").await;
    assert_eq!(
        saved_sources(&server, &plain).await,
        (200, json!({"success": true, "saved_sources": []}))
    );
    let (status, body) = saved_sources(&server, "iv_unknown").await;
    assert_eq!(
        (status, &body["error_type"]),
        (404, &json!("resource.invoice.not-found"))
    );
    let (status, _) = saved_sources(&server, "iv_a-b").await;
    assert_eq!(status, 400);
}

/// `GET /checkout/invoices/{id}` through the proxy: (status, body).
async fn checkout_invoice(server: &RunningServer, invoice: &str) -> (u16, Value) {
    checkout_get(server, &format!("/invoices/{invoice}")).await
}

#[tokio::test]
async fn the_invoice_answer_carries_its_customers_cards_until_it_is_paid() {
    let server = sandbox_server().await;
    let (alices, invoice) = alice_and_bob(&server).await;
    let (status, body) = checkout_invoice(&server, &invoice).await;
    assert_eq!(status, 200, "{body}");
    let (_, listed) = saved_sources(&server, &invoice).await;
    assert_eq!(body["invoice"]["saved_sources"], listed["saved_sources"]);
    assert_eq!(
        body["invoice"]["saved_sources"],
        json!([{"id": alices, "brand": "mastercard", "last4": "4444", "exp_month": 12,
                "exp_year": 2030, "expiry": "12/30", "usable": true, "reason": null}])
    );
    assert_eq!(body["invoice"]["has_customer"], true);

    // Without a customer there is no list at all, not an empty one.
    let plain = new_invoice(&server, "2.00", "EUR").await;
    let (status, body) = checkout_invoice(&server, &plain).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["invoice"].get("saved_sources").is_none(), "{body}");

    // Once paid, the answer shows the payment and lists no card to pay with.
    let (status, paid) = pay(&server, &invoice, json!({ "source": alices }), "k-list").await;
    assert_eq!(status, 200, "{paid}");
    let (status, body) = checkout_invoice(&server, &invoice).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["invoice"]["transaction"]["status"], "authorized");
    assert!(body["invoice"].get("saved_sources").is_none(), "{body}");
}

#[tokio::test]
async fn a_returning_customer_pays_with_a_saved_card() {
    let server = sandbox_server().await;
    let customer = new_customer(&server).await;
    let token = new_token(&server, &customer, "4242424242424242").await;
    let invoice = customer_invoice(&server, &customer).await;
    let (status, body) = pay(&server, &invoice, json!({ "source": token }), "k1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "authorized");
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
    assert_eq!(transaction["token_id"], token.as_str());
    assert_eq!(tokens_of(&server, &customer).await.len(), 1);
}

#[tokio::test]
async fn another_customers_card_cannot_be_used_and_nothing_is_charged() {
    let server = sandbox_server().await;
    let (alice, bob) = (new_customer(&server).await, new_customer(&server).await);
    let bobs = new_token(&server, &bob, "4242424242424242").await;
    let invoice = customer_invoice(&server, &alice).await;
    let (status, body) = pay(&server, &invoice, json!({ "source": bobs }), "k1").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error_type"], "resource.token.not-found");
    assert!(!body.to_string().contains(&bob), "{body}");
    assert_eq!(invoice_transaction(&server, &invoice).await, Value::Null);
    // Listing through Alice's invoice never shows Bob's card.
    let (_, listed) = saved_sources(&server, &invoice).await;
    assert_eq!(listed["saved_sources"], json!([]));
    // An unknown token is refused the same way.
    let (status, body) = pay(&server, &invoice, json!({"source": "tok_nope"}), "k2").await;
    assert_eq!(
        (status, &body["error_type"]),
        (404, &json!("resource.token.not-found"))
    );
    assert_eq!(invoice_transaction(&server, &invoice).await, Value::Null);
}

#[tokio::test]
async fn save_then_pay_makes_one_token_and_one_authorization_even_when_retried() {
    let server = sandbox_server().await;
    let customer = new_customer(&server).await;
    let invoice = customer_invoice(&server, &customer).await;
    let card = tokenize(&server, "4242424242424242").await;
    let body = json!({ "source": card, "save": true });
    let (status, first) = pay(&server, &invoice, body.clone(), "attempt-1").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["transaction"]["status"], "authorized");
    let tokens = tokens_of(&server, &customer).await;
    assert_eq!(tokens.len(), 1);
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(transaction["token_id"], tokens[0]["id"]);
    assert_eq!(count_operations(&transaction, "authorization"), 1);

    // The same attempt again (a lost answer): no second token, no second authorization.
    let (status, again) = pay(&server, &invoice, body, "attempt-1").await;
    assert!(status == 200 || status == 409, "{status} {again}");
    assert_eq!(again["transaction"]["id"], first["transaction"]["id"]);
    assert_eq!(tokens_of(&server, &customer).await.len(), 1);
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);

    // The saved card is listed for the customer's next invoice, and pays it.
    let next = customer_invoice(&server, &customer).await;
    let (_, listed) = saved_sources(&server, &next).await;
    assert_eq!(listed["saved_sources"][0]["id"], tokens[0]["id"]);
    assert_eq!(listed["saved_sources"][0]["last4"], "4242");
    let (status, body) = pay(&server, &next, json!({"source": tokens[0]["id"]}), "n1").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn an_unknown_outcome_of_saving_is_retried_with_the_same_key_never_declined() {
    let server = sandbox_server().await;
    let customer = new_customer(&server).await;
    let invoice = customer_invoice(&server, &customer).await;
    let card = tokenize(&server, "4242424242424242").await;
    let body = json!({ "source": card, "save": true });
    for mode in ["drop-response", "fail-500-after-commit"] {
        set_fault(&server, json!({"customer_token": {"mode": mode}})).await;
        let (status, lost) = pay(&server, &invoice, body.clone(), "attempt-1").await;
        assert!(status >= 500, "{mode}: {status} {lost}");
        assert!(
            lost["error_type"]
                .as_str()
                .is_some_and(|c| c.starts_with("proxy.upstream")),
            "{mode}: {lost}"
        );
        // The token was made, the card not yet charged.
        assert_eq!(tokens_of(&server, &customer).await.len(), 1);
        assert_eq!(invoice_transaction(&server, &invoice).await, Value::Null);
    }
    let (status, paid) = pay(&server, &invoice, body, "attempt-1").await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(tokens_of(&server, &customer).await.len(), 1);
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
}

#[tokio::test]
async fn save_is_ignored_without_a_card_token_or_a_customer_and_must_be_a_boolean() {
    let server = sandbox_server().await;
    let plain = new_invoice(&server, "2.00", "EUR").await;
    let card = tokenize(&server, "4242424242424242").await;
    let (status, body) = pay(
        &server,
        &plain,
        json!({"source": card, "save": "yes"}),
        "s1",
    )
    .await;
    assert_eq!(
        (status, &body["error_type"]),
        (400, &json!("request.validation.error"))
    );
    assert_eq!(invoice_transaction(&server, &plain).await, Value::Null);
    // No customer to save for: the card pays, unsaved.
    let (status, body) = pay(&server, &plain, json!({"source": card, "save": true}), "s2").await;
    assert_eq!(status, 200, "{body}");
    let transaction = invoice_transaction(&server, &plain).await;
    assert_eq!(transaction["token_id"], Value::Null);
    // A saved card is not saved again.
    let customer = new_customer(&server).await;
    let invoice = customer_invoice(&server, &customer).await;
    let token = new_token(&server, &customer, "4242424242424242").await;
    let (status, body) = pay(
        &server,
        &invoice,
        json!({"source": token, "save": true}),
        "s3",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(tokens_of(&server, &customer).await.len(), 1);
}

#[tokio::test]
async fn a_saved_card_still_runs_its_3ds_challenge_through_the_proxy() {
    let server = sandbox_server().await;
    let customer = new_customer(&server).await;
    let token = new_token(&server, &customer, "4000000000000101").await;
    let invoice = customer_invoice(&server, &customer).await;
    let (status, body) = pay(&server, &invoice, json!({ "source": token }), "c1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["customer_action"]["type"], "redirect", "{body}");
    assert_eq!(body["transaction"]["status"], "waiting", "{body}");
}

/// A provider whose invoice `iv_owned` belongs to `cust_alice`, who has no token (and whose
/// token list fails with an HTML 502); it counts the authorize calls it receives.
async fn counting_provider(authorizations: Arc<AtomicUsize>) -> String {
    let app = Router::new()
        .route(
            "/invoices/{id}",
            get(|| async {
                Json(
                    json!({"success": true, "invoice": {"id": "iv_owned", "name": "Item",
                    "amount": "5.00", "currency": "EUR", "customer_id": "cust_alice",
                    "transaction_id": null}}),
                )
            }),
        )
        .route(
            "/customers/{customer}/tokens",
            get(|| async {
                (
                    StatusCode::BAD_GATEWAY,
                    [("content-type", "text/html")],
                    "<html><body>Bad gateway</body></html>",
                )
            }),
        )
        .route(
            "/customers/{customer}/tokens/{token}",
            get(|| async {
                (
                    StatusCode::NOT_FOUND,
                    Json(
                        json!({"success": false, "error_type": "resource.token.not-found",
                        "message": "The token could not be found."}),
                    ),
                )
            }),
        )
        .route(
            "/invoices/{id}/authorize",
            post(move || {
                authorizations.fetch_add(1, Ordering::SeqCst);
                async { Json(json!({"success": true})) }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// The proxy in live mode against `provider`.
async fn proxy_for(provider: &str) -> RunningServer {
    let vars = [
        ("CHECKOUT_LISTEN", "127.0.0.1:0"),
        ("CHECKOUT_MODE", "live"),
        ("PROCESSOUT_PROJECT_ID", SANDBOX_PROJECT_ID),
        ("PROCESSOUT_PRIVATE_KEY", SANDBOX_PRIVATE_KEY),
        ("PROCESSOUT_API_URL", provider),
    ];
    let config = checkout_proxy::Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
    .unwrap();
    start(config).await
}

#[tokio::test]
async fn an_invoice_is_still_served_when_its_saved_cards_cannot_be_listed() {
    let provider = counting_provider(Arc::new(AtomicUsize::new(0))).await;
    let server = proxy_for(&provider).await;
    let (status, body) = checkout_invoice(&server, "iv_owned").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["invoice"]["has_customer"], true);
    assert!(body["invoice"].get("saved_sources").is_none(), "{body}");
    // The list alone says what went wrong.
    let (status, body) = saved_sources(&server, "iv_owned").await;
    assert_eq!(status, 502, "{body}");
}

#[tokio::test]
async fn the_proxy_itself_refuses_a_token_of_another_customer_before_authorizing() {
    let authorizations = Arc::new(AtomicUsize::new(0));
    let provider = counting_provider(authorizations.clone()).await;
    let server = proxy_for(&provider).await;
    let (status, body) = pay(&server, "iv_owned", json!({"source": "tok_bobs"}), "k").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error_type"], "resource.token.not-found");
    assert_eq!(authorizations.load(Ordering::SeqCst), 0);
}
