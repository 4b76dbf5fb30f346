//! Fault injection: a slow, failing or response-dropping provider, and safe retries.

mod common;

use std::time::Duration;

use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
use checkout_proxy::Config;
use common::*;
use serde_json::json;

#[tokio::test]
async fn a_failing_provider_is_a_retryable_502_and_nothing_was_charged() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    set_fault(
        &server,
        json!({"authorize": {"mode": "fail-503", "count": 1}}),
    )
    .await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "r").await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["error_type"], "proxy.upstream-unavailable");
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "r").await;
    assert_eq!(status, 200, "{body}");
    let tr = body["transaction"]["id"].as_str().unwrap();
    assert_eq!(
        count_operations(&sandbox_transaction(&server, tr).await, "authorization"),
        1
    );
}

#[tokio::test]
async fn a_dropped_response_is_retried_with_the_same_key_without_a_second_charge() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    set_fault(
        &server,
        json!({"authorize": {"mode": "drop-response", "count": 1}}),
    )
    .await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "d").await;
    assert!(status == 502 || status == 504, "{status} {body}");
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "d").await;
    // Issue 15: the retry may now be the proxy's 409 already-paid with the transaction.
    assert_paid_answer(status, &body);
    let tr = body["transaction"]["id"].as_str().unwrap();
    assert_eq!(
        count_operations(&sandbox_transaction(&server, tr).await, "authorization"),
        1
    );
}

#[tokio::test]
async fn a_slow_provider_is_a_504_and_the_retry_replays_the_authorization() {
    let mut config = Config::sandbox("127.0.0.1:0".parse().unwrap());
    config.upstream_timeout = Duration::from_millis(300);
    let server = start(config).await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    set_fault(
        &server,
        json!({"authorize": {"mode": "slow", "count": 1, "delay_ms": 800}}),
    )
    .await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "s").await;
    assert_eq!(status, 504, "{body}");
    assert_eq!(body["error_type"], "gateway.timeout");
    // While the provider is still working, the same key is reported as in progress.
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "s").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error_type"], "request.still-processing");
    tokio::time::sleep(Duration::from_millis(900)).await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "s").await;
    // Issue 15: the retry may now be the proxy's 409 already-paid with the transaction.
    assert_paid_answer(status, &body);
    let tr = body["transaction"]["id"].as_str().unwrap();
    assert_eq!(
        count_operations(&sandbox_transaction(&server, tr).await, "authorization"),
        1
    );
}

#[tokio::test]
async fn faults_can_be_cleared_and_bad_requests_are_refused() {
    let server = sandbox_server().await;
    set_fault(
        &server,
        json!({"authorize": {"mode": "fail-503", "count": 5}}),
    )
    .await;
    clear_faults(&server).await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    let (status, _) = authorize(&server, &invoice, "tok_test4242424242424242", "c").await;
    assert_eq!(status, 200);
    let response = client()
        .post(format!("{}/sandbox/_faults", server.url()))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .json(&json!({"authorize": {"mode": "explode"}}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    assert_eq!(body["error_type"], "request.validation.error");
}

/// The sandbox transaction of `invoice` (its one transaction) with its operations.
async fn invoice_transaction(
    server: &checkout_proxy::RunningServer,
    invoice: &str,
) -> serde_json::Value {
    let body = sandbox_get(server, &format!("/invoices/{invoice}?expand[]=transaction")).await;
    body["invoice"]["transaction"].clone()
}

/// A retry after a lost answer gets the payment back: the replayed success, or (the proxy's
/// already-paid check) 409 `invoice.already-paid` carrying the same transaction.
fn assert_paid_answer(status: u16, body: &serde_json::Value) {
    match status {
        200 => assert_eq!(body["transaction"]["status"], "authorized", "{body}"),
        409 => {
            assert_eq!(body["error_type"], "invoice.already-paid", "{body}");
            assert_eq!(body["transaction"]["status"], "authorized", "{body}");
        }
        _ => panic!("expected the payment back, got {status} {body}"),
    }
}

#[tokio::test]
async fn fail_500_after_commit_authorizes_once_and_answers_an_unknown_outcome() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    set_fault(
        &server,
        json!({"authorize": {"mode": "fail-500-after-commit"}}),
    )
    .await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "f5").await;
    assert_eq!(status, 502, "{body}");
    assert_ne!(body["error_type"], "gateway.declined", "{body}");
    assert!(
        body["error_type"] == "proxy.upstream-unavailable"
            || body["error_type"] == "proxy.upstream-invalid-response",
        "{body}"
    );
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(transaction["status"], "authorized", "the payment happened");
    assert_eq!(count_operations(&transaction, "authorization"), 1);
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "f5").await;
    assert_paid_answer(status, &body);
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
}

#[tokio::test]
async fn garbage_200_after_commit_authorizes_once_and_is_an_invalid_response() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    set_fault(
        &server,
        json!({"authorize": {"mode": "garbage-200-after-commit", "count": 1}}),
    )
    .await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "g2").await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(body["error_type"], "proxy.upstream-invalid-response");
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
}

#[tokio::test]
async fn a_dropped_response_retried_with_the_same_key_authorizes_once_in_total() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    set_fault(&server, json!({"authorize": {"mode": "drop-response"}})).await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "dr").await;
    assert!(status == 502 || status == 504, "{status} {body}");
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "dr").await;
    assert_paid_answer(status, &body);
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
}

/// The raw answer of a widget authorize call: status, content type, body text.
async fn authorize_raw(
    server: &checkout_proxy::RunningServer,
    invoice: &str,
    key: &str,
) -> (u16, String, String) {
    let response = client()
        .post(format!(
            "{}/checkout/invoices/{invoice}/authorize",
            server.url()
        ))
        .header("Idempotency-Key", key)
        // The same headers as `authorize`, so a retry through it is the same request.
        .header("User-Agent", "RealAgent/2.0")
        .header("Accept", "application/json")
        .json(&json!({ "source": "tok_test4242424242424242", "device": device() }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, content_type, response.text().await.unwrap())
}

#[tokio::test]
async fn the_balancer_replaces_the_answer_after_the_payment_happened() {
    let server = sandbox_server().await;
    set_fault(
        &server,
        json!({"balancer": {"mode": "html-503", "count": 1}}),
    )
    .await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    let (status, content_type, text) = authorize_raw(&server, &invoice, "b1").await;
    assert_eq!(status, 503, "{text}");
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(text.contains("Service Unavailable"), "{text}");
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(transaction["status"], "authorized");
    assert_eq!(count_operations(&transaction, "authorization"), 1);
    // Used up: the next call is answered by the proxy.
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "b1").await;
    assert_paid_answer(status, &body);

    set_fault(
        &server,
        json!({"balancer": {"mode": "garbage-200", "count": 1}}),
    )
    .await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    let (status, _, text) = authorize_raw(&server, &invoice, "b2").await;
    assert_eq!(status, 200, "{text}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "{text}"
    );
    let transaction = invoice_transaction(&server, &invoice).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
}

#[tokio::test]
async fn the_balancer_leaves_other_requests_alone_and_is_cleared() {
    let server = sandbox_server().await;
    set_fault(
        &server,
        json!({"balancer": {"mode": "html-503", "count": 3}}),
    )
    .await;
    let response = client()
        .get(format!(
            "{}/checkout/invoices/iv_demoBooksEUR",
            server.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    clear_faults(&server).await;
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "b3").await;
    assert_eq!(status, 200, "{body}");
}

/// The fault switches take the sandbox key: a request without it (a cross-site form post,
/// a script that guessed the path) or with the public project id alone gets 401, and the
/// payments that follow are untouched.
#[tokio::test]
async fn fault_switches_need_the_sandbox_key() {
    let server = sandbox_server().await;
    let url = format!("{}/sandbox/_faults", server.url());
    let fault = json!({"authorize": {"mode": "fail-503", "count": 5}});
    let attempts = [
        client().post(&url).json(&fault),
        client()
            .post(&url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("authorize=fail-503"),
        client()
            .post(&url)
            .basic_auth(SANDBOX_PROJECT_ID, Some(""))
            .json(&fault),
        client()
            .post(&url)
            .basic_auth(SANDBOX_PROJECT_ID, Some("key_wrong"))
            .json(&fault),
    ];
    for attempt in attempts {
        let (status, body) = status_and_json(attempt.send().await.unwrap()).await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(
            body["error_type"], "request.authentication.invalid",
            "{body}"
        );
    }
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "k1").await;
    assert_eq!(status, 200, "no fault was armed: {body}");

    // An armed fault survives a DELETE without the key, and goes with the key.
    set_fault(&server, fault).await;
    let response = client().delete(&url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "k2").await;
    assert_eq!(status, 502, "the fault is still armed: {body}");
    clear_faults(&server).await;
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "k3").await;
    assert_eq!(status, 200, "{body}");
}
