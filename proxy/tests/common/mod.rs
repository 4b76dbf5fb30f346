//! Helpers shared by the integration tests: a real server on an ephemeral port, a real client.
#![allow(dead_code)]

use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
use checkout_proxy::{Config, RunningServer};
use serde_json::{json, Value};

pub mod files;

/// Every value of a response header, joined as one (`Vary` may come in several lines).
pub fn header(response: &reqwest::Response, name: impl reqwest::header::AsHeaderName) -> String {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn start(config: Config) -> RunningServer {
    checkout_proxy::logging::init();
    RunningServer::start(config).await.unwrap()
}

pub async fn sandbox_server() -> RunningServer {
    start(Config::sandbox("127.0.0.1:0".parse().unwrap())).await
}

pub fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// What a browser collects, in ProcessOut's field names.
pub fn device() -> Value {
    json!({
        "app_color_depth": 24,
        "app_java_enabled": false,
        "app_language": "en-GB",
        "app_screen_height": 900,
        "app_screen_width": 1440,
        "app_timezone_offset": -60,
        "user_agent": "Mozilla/5.0 (widget test)"
    })
}

/// `GET {server}/checkout{path}` through the proxy: (status, body).
pub async fn checkout_get(server: &RunningServer, path: &str) -> (u16, Value) {
    let response = client()
        .get(format!("{}/checkout{path}", server.url()))
        .send()
        .await
        .unwrap();
    status_and_json(response).await
}

pub async fn status_and_json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| json!({ "raw": text }));
    (status, body)
}

/// A fresh invoice created through the sandbox, form-encoded as in the seed's curl example.
pub async fn new_invoice(server: &RunningServer, amount: &str, currency: &str) -> String {
    let response = client()
        .post(format!("{}/sandbox/invoices", server.url()))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .form(&[
            ("name", "Test item"),
            ("amount", amount),
            ("currency", currency),
            ("statement_descriptor", "test item"),
        ])
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    body["invoice"]["id"].as_str().unwrap().to_string()
}

/// Tokenizes a card as the browser does: Basic auth with the project id only.
pub async fn tokenize(server: &RunningServer, number: &str) -> String {
    let response = client()
        .post(format!("{}/sandbox/cards", server.url()))
        .basic_auth(SANDBOX_PROJECT_ID, Some(""))
        .form(&[
            ("number", number),
            ("exp_month", "12"),
            ("exp_year", "2030"),
            ("cvc2", "123"),
            ("name", "Jane Doe"),
        ])
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    body["card"]["id"].as_str().unwrap().to_string()
}

/// `POST /checkout/invoices/{id}/authorize` through the proxy.
pub async fn authorize(
    server: &RunningServer,
    invoice_id: &str,
    source: &str,
    key: &str,
) -> (u16, Value) {
    authorize_at(&server.url(), invoice_id, source, key).await
}

/// `POST {base}/checkout/invoices/{id}/authorize`: through the proxy at `base`, or a
/// merchant's app that mounts its router.
pub async fn authorize_at(base: &str, invoice_id: &str, source: &str, key: &str) -> (u16, Value) {
    let response = client()
        .post(format!("{base}/checkout/invoices/{invoice_id}/authorize"))
        .header("Idempotency-Key", key)
        .header("User-Agent", "RealAgent/2.0")
        .header("Accept", "application/json")
        .json(&json!({ "source": source, "device": device() }))
        .send()
        .await
        .unwrap();
    status_and_json(response).await
}

/// A transaction as the sandbox holds it, with every operation.
pub async fn sandbox_transaction(server: &RunningServer, transaction_id: &str) -> Value {
    let response = client()
        .get(format!(
            "{}/sandbox/transactions/{transaction_id}",
            server.url()
        ))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    body["transaction"].clone()
}

pub async fn sandbox_get(server: &RunningServer, path: &str) -> Value {
    let response = client()
        .get(format!("{}/sandbox{path}", server.url()))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .send()
        .await
        .unwrap();
    status_and_json(response).await.1
}

pub fn count_operations(transaction: &Value, kind: &str) -> usize {
    transaction["operations"]
        .as_array()
        .map(|ops| ops.iter().filter(|op| op["type"] == kind).count())
        .unwrap_or(0)
}

/// Arms a sandbox fault, with the sandbox key that `/sandbox/_faults` requires.
pub async fn set_fault(server: &RunningServer, fault: Value) {
    let response = client()
        .post(format!("{}/sandbox/_faults", server.url()))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .json(&fault)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
}

/// Clears every sandbox fault, with the sandbox key.
pub async fn clear_faults(server: &RunningServer) {
    let response = client()
        .delete(format!("{}/sandbox/_faults", server.url()))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
}

/// The sandbox's declining test cards and the error each gives.
pub const DECLINES: [(&str, &str); 9] = [
    ("4000000000000002", "card.declined"),
    ("4000000000002180", "card.do-not-honor"),
    ("4000000000002198", "card.possible-fraud"),
    ("4000000000002206", "card.no-money"),
    ("4000000000002214", "card.expired"),
    ("4000000000002222", "card.stolen"),
    ("4000000000002230", "card.failed-cvc"),
    ("4000000000002248", "card.failed-avs"),
    ("4000000000002255", "card.not-authorized"),
];

/// Everything the process logs from now on, at debug level and without colours. One per test
/// binary: it installs the global subscriber.
#[derive(Clone, Default)]
pub struct LogCapture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl LogCapture {
    /// Installs the capture as the process's log subscriber.
    pub fn install() -> Self {
        let capture = Self::default();
        let writer = capture.clone();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        capture
    }

    /// What was logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
