//! The real server on an ephemeral port, called with a real HTTP client.

use checkout_proxy::config::SANDBOX_PRIVATE_KEY;
use checkout_proxy::{Config, RunningServer};
use serde_json::Value;

async fn sandbox_server() -> RunningServer {
    checkout_proxy::logging::init();
    RunningServer::start(Config::sandbox("127.0.0.1:0".parse().unwrap()))
        .await
        .unwrap()
}

async fn get(url: String) -> (u16, Value, String) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    let headers = format!("{:?}", response.headers());
    let body: Value = response.json().await.unwrap();
    (status, body, headers)
}

#[tokio::test]
async fn seeded_invoice_comes_through_the_proxy_display_safe() {
    let server = sandbox_server().await;
    let (status, body, headers) = get(format!(
        "{}/checkout/invoices/iv_demoAmazingItemAUD",
        server.url()
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], true);
    assert_eq!(body["invoice"]["name"], "Amazing item");
    assert_eq!(body["invoice"]["amount"], "4.99");
    assert_eq!(body["invoice"]["currency"], "AUD");
    assert_eq!(body["invoice"]["breakdown"]["total"], "4.99");
    assert_eq!(body["invoice"]["breakdown"]["reconciles"], true);
    let text = body.to_string();
    assert!(
        !text.contains("metadata") && !text.contains("gateway_data"),
        "{text}"
    );
    assert!(!text.contains(SANDBOX_PRIVATE_KEY) && !headers.contains(SANDBOX_PRIVATE_KEY));
    assert!(headers.contains("x-request-id"), "{headers}");
}

#[tokio::test]
async fn unknown_invoice_is_a_404_with_processouts_error_type() {
    let server = sandbox_server().await;
    let (status, body, _) = get(format!(
        "{}/checkout/invoices/iv_doesNotExist",
        server.url()
    ))
    .await;
    assert_eq!(status, 404);
    assert_eq!(body["success"], false);
    assert_eq!(body["error_type"], "resource.invoice.not-found");
}

#[tokio::test]
async fn malformed_invoice_id_is_refused_before_any_upstream_call() {
    let server = sandbox_server().await;
    let (status, body, _) = get(format!("{}/checkout/invoices/iv_a.b", server.url())).await;
    assert_eq!(status, 400);
    assert_eq!(body["error_type"], "request.validation.error");
}

#[tokio::test]
async fn sandbox_refuses_a_wrong_key() {
    let server = sandbox_server().await;
    let response = reqwest::Client::new()
        .get(format!(
            "{}/sandbox/invoices/iv_demoAmazingItemAUD",
            server.url()
        ))
        .basic_auth("test-proj_checkoutSandbox", Some("key_wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error_type"], "request.authentication.invalid");
}

#[tokio::test]
async fn unreachable_provider_is_a_retryable_502() {
    let mut config = Config::sandbox("127.0.0.1:0".parse().unwrap());
    // A port nothing listens on: bind one, then drop it.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    config.api_url = Some(format!("http://{free}"));
    let server = RunningServer::start(config).await.unwrap();
    let (status, body, _) = get(format!(
        "{}/checkout/invoices/iv_demoAmazingItemAUD",
        server.url()
    ))
    .await;
    assert_eq!(status, 502);
    assert_eq!(body["error_type"], "proxy.upstream-unavailable");
}
