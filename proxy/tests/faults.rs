//! Fault injection: a slow, failing or response-dropping provider, and safe retries.

mod common;

use std::time::Duration;

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
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "authorized");
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
    assert_eq!(status, 200, "{body}");
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
    let response = client()
        .delete(format!("{}/sandbox/_faults", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let invoice = new_invoice(&server, "9.00", "EUR").await;
    let (status, _) = authorize(&server, &invoice, "tok_test4242424242424242", "c").await;
    assert_eq!(status, 200);
    let response = client()
        .post(format!("{}/sandbox/_faults", server.url()))
        .json(&json!({"authorize": {"mode": "explode"}}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    assert_eq!(body["error_type"], "request.validation.error");
}
