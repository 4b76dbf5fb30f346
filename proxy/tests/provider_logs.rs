//! Invoiss's and the orders API's tokens, and the payment tokens sent to them, never appear
//! in full in a log line, a response body or a response header. This binary installs its
//! own log capture.

mod common;

use checkout_proxy::config::{SANDBOX_INVOISS_TOKEN, SANDBOX_ORDERS_TOKEN};
use checkout_proxy::{Config, ProviderKind, RunningServer};
use common::*;

#[tokio::test]
async fn provider_tokens_never_leak_into_logs_bodies_or_headers() {
    let capture = LogCapture::install();
    let mut seen = String::new();
    let mut cards = Vec::new();
    for kind in [ProviderKind::Invoiss, ProviderKind::Orders] {
        let server =
            RunningServer::start(Config::sandbox_with("127.0.0.1:0".parse().unwrap(), kind))
                .await
                .unwrap();
        let card = tokenize(&server, "4000000000002206").await;
        for (invoice, source, key) in [
            ("iv_demoTeaSetJPY", card.as_str(), "a"),
            ("iv_demoAmazingItemAUD", "tok_test4242424242424242", "b"),
        ] {
            let (_, body) = authorize(&server, invoice, source, key).await;
            seen.push_str(&body.to_string());
        }
        for path in [
            "/checkout/invoices/iv_demoBooksEUR",
            "/checkout/invoices/iv_unknown",
            "/checkout/transactions/tr_unknown",
        ] {
            let response = client()
                .get(format!("{}{path}", server.url()))
                .send()
                .await
                .unwrap();
            seen.push_str(&format!("{:?}", response.headers()));
            seen.push_str(&response.text().await.unwrap());
        }
        cards.push(card);
    }
    let logs = capture.text();
    assert!(
        logs.contains("invoiss emulator processed a payment")
            && logs.contains("orders emulator created a payment"),
        "logging is not captured: {logs}"
    );
    let mut secrets = vec![
        SANDBOX_INVOISS_TOKEN,
        SANDBOX_ORDERS_TOKEN,
        "4000000000002206",
        "4242424242424242",
    ];
    secrets.extend(cards.iter().map(String::as_str));
    for secret in secrets {
        assert!(!logs.contains(secret), "{secret} in logs");
        assert!(!seen.contains(secret), "{secret} in a response");
    }
}
