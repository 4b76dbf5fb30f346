//! Exactly-once across instances and against a misbehaving provider: the already-paid check
//! needs no state in the proxy, redirects are never followed, and live mode talks to a
//! provider in clear text only on loopback.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use axum::{Json, Router};
use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
use checkout_proxy::{Config, RunningServer};
use common::*;
use serde_json::{json, Value};

/// A live-mode proxy (sandbox credentials) whose provider is `api_url`.
fn live_config(api_url: &str) -> Config {
    let vars = [
        ("CHECKOUT_LISTEN", "127.0.0.1:0"),
        ("CHECKOUT_MODE", "live"),
        ("PROCESSOUT_PROJECT_ID", SANDBOX_PROJECT_ID),
        ("PROCESSOUT_PRIVATE_KEY", SANDBOX_PRIVATE_KEY),
        ("PROCESSOUT_API_URL", api_url),
    ];
    Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
    .unwrap()
}

async fn invoice_transaction(server: &RunningServer, invoice: &str) -> Value {
    sandbox_get(server, &format!("/invoices/{invoice}?expand[]=transaction")).await["invoice"]
        ["transaction"]
        .clone()
}

#[tokio::test]
async fn two_instances_share_nothing_yet_authorize_once() {
    let a = sandbox_server().await;
    let b = start(live_config(&format!("{}/sandbox", a.url()))).await;
    let invoice = new_invoice(&a, "15.00", "EUR").await;
    set_fault(&a, json!({"authorize": {"mode": "drop-response"}})).await;
    let (status, body) = authorize(&a, &invoice, "tok_test4242424242424242", "K").await;
    assert!(status == 502 || status == 504, "{status} {body}");
    let (status, body) = authorize(&b, &invoice, "tok_test4242424242424242", "K").await;
    let transaction = invoice_transaction(&a, &invoice).await;
    match status {
        200 => {}
        409 => assert_eq!(body["error_type"], "invoice.already-paid", "{body}"),
        _ => panic!("{status} {body}"),
    }
    assert_eq!(body["transaction"]["status"], "authorized", "{body}");
    assert_eq!(body["transaction"]["id"], transaction["id"]);
    assert_eq!(count_operations(&transaction, "authorization"), 1);
    // A new attempt through either instance is refused the same way.
    for server in [&a, &b] {
        let (status, body) = authorize(server, &invoice, "tok_test5555555555554444", "K2").await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error_type"], "invoice.already-paid");
    }
    let transaction = invoice_transaction(&a, &invoice).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
}

#[tokio::test]
async fn a_paid_processout_invoice_is_refused_with_its_transaction_and_nothing_sent() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "7.00", "USD").await;
    let (status, first) = authorize(&server, &invoice, "tok_test4242424242424242", "p1").await;
    assert_eq!(status, 200, "{first}");
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "p2").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["success"], false);
    assert_eq!(body["error_type"], "invoice.already-paid");
    assert_eq!(body["transaction"], first["transaction"]);
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
}

#[tokio::test]
async fn three_d_s_round_two_on_a_waiting_transaction_still_goes_through() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "7.00", "USD").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4000000000000101", "c1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "waiting", "{body}");
    let complete = body["customer_action"]["metadata"]["complete_url"]
        .as_str()
        .unwrap()
        .to_string();
    let response = client()
        .post(&complete)
        .json(&json!({"outcome": "success"}))
        .send()
        .await
        .unwrap();
    let (_, step) = status_and_json(response).await;
    let source = step["source"].as_str().unwrap().to_string();
    let (status, body) = authorize(&server, &invoice, &source, "c1-1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "authorized", "{body}");
}

/// A provider that redirects every authorization elsewhere, counting who follows.
async fn redirecting_provider(followed: Arc<AtomicUsize>) -> String {
    let invoice = json!({"success": true, "invoice": {
        "id": "iv_redirect1", "name": "x", "amount": "1.00", "currency": "USD"}});
    let app = Router::new()
        .route(
            "/invoices/{id}",
            get(move || {
                let invoice = invoice.clone();
                async move { Json(invoice) }
            }),
        )
        .route(
            "/invoices/{id}/authorize",
            post(|| async {
                (
                    StatusCode::TEMPORARY_REDIRECT,
                    [(header::LOCATION, "/elsewhere")],
                )
                    .into_response()
            }),
        )
        .route(
            "/elsewhere",
            any(move || {
                followed.fetch_add(1, Ordering::SeqCst);
                async { Json(json!({"success": true})) }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_redirect_from_the_provider_is_not_followed_and_is_an_unknown_outcome() {
    let followed = Arc::new(AtomicUsize::new(0));
    let provider = redirecting_provider(followed.clone()).await;
    let server = start(live_config(&provider)).await;
    let (status, body) = authorize(&server, "iv_redirect1", "tok_test4242424242424242", "r").await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["error_type"], "proxy.upstream-invalid-response");
    assert_eq!(followed.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn live_mode_refuses_a_clear_text_provider_url_off_loopback() {
    let config = live_config("http://api.processout.com");
    let err = RunningServer::start(config)
        .await
        .err()
        .expect("a live proxy must not start with an http:// provider");
    let message = err.to_string();
    assert!(message.contains("PROCESSOUT_API_URL"), "{message}");
    assert!(message.contains("https"), "{message}");
    assert!(!message.contains('\n'), "{message}");
    // Loopback is allowed, so instances can be tested against each other.
    assert!(
        RunningServer::start(live_config("http://127.0.0.1:9/sandbox"))
            .await
            .is_ok()
    );
}

/// A provider whose every answer takes 200 ms: the invoice read and the authorization each
/// fit in 300 ms, together they do not.
async fn slow_provider() -> String {
    let invoice = json!({"success": true, "invoice": {
        "id": "iv_slow1", "name": "x", "amount": "1.00", "currency": "USD"}});
    let app = Router::new()
        .route(
            "/invoices/{id}",
            get(move || {
                let invoice = invoice.clone();
                async move {
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    Json(invoice)
                }
            }),
        )
        .route(
            "/invoices/{id}/authorize",
            post(|| async {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                Json(json!({"success": true, "transaction": {"id": "tr_slow1", "status": "authorized"}}))
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn one_deadline_covers_every_upstream_call_of_a_widget_request() {
    let mut config = live_config(&slow_provider().await);
    config.upstream_timeout = std::time::Duration::from_millis(300);
    let server = start(config).await;
    let (status, body) = authorize(&server, "iv_slow1", "tok_test4242424242424242", "t").await;
    assert_eq!(status, 504, "{body}");
    assert_eq!(body["error_type"], "gateway.timeout");
    // One call alone fits.
    let (status, body) = status_and_json(
        client()
            .get(format!("{}/checkout/invoices/iv_slow1", server.url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}
