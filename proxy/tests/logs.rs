//! The private key, card numbers and tokens never appear in full in a log line, a response
//! body or a response header. This binary installs its own log capture.

mod common;

use checkout_proxy::config::SANDBOX_PRIVATE_KEY;
use common::*;

#[tokio::test]
async fn secrets_never_leak_into_logs_bodies_or_headers() {
    let capture = LogCapture::install();
    let server = checkout_proxy::RunningServer::start(checkout_proxy::Config::sandbox(
        "127.0.0.1:0".parse().unwrap(),
    ))
    .await
    .unwrap();
    let mut seen = String::new();
    let invoice = new_invoice(&server, "4.00", "EUR").await;
    let card = tokenize(&server, "4000000000002206").await;
    let (_, body) = authorize(&server, &invoice, &card, "log").await;
    seen.push_str(&body.to_string());
    let (_, body) = authorize(
        &server,
        "iv_demoAmazingItemAUD",
        "tok_test4242424242424242",
        "t",
    )
    .await;
    seen.push_str(&body.to_string());
    for path in [
        "/checkout/invoices/iv_demoAmazingItemAUD",
        "/checkout/invoices/iv_unknown",
        "/checkout/transactions/tr_unknown",
        "/healthz",
    ] {
        let response = client()
            .get(format!("{}{path}", server.url()))
            .send()
            .await
            .unwrap();
        seen.push_str(&format!("{:?}", response.headers()));
        seen.push_str(&response.text().await.unwrap());
    }
    let logs = capture.text();
    assert!(
        logs.contains("authorize"),
        "logging is not captured: {logs}"
    );
    for secret in [
        SANDBOX_PRIVATE_KEY,
        "4000000000002206",
        "4242424242424242",
        card.as_str(),
    ] {
        assert!(!logs.contains(secret), "{secret} in logs");
        assert!(!seen.contains(secret), "{secret} in a response");
    }
}
