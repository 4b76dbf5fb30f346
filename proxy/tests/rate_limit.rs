//! Rate limits over real HTTP: a read quota and an authorize quota on every `/checkout` route,
//! `429` with `Retry-After` and the error body, buckets per IPv4 address and per IPv6 /64, and
//! a client's own `X-Forwarded-For` never buying a fresh bucket.

mod common;

use checkout_proxy::client_ip::TrustedProxies;
use checkout_proxy::routes::ROUTES;
use checkout_proxy::{Config, RunningServer};
use common::*;
use serde_json::json;

async fn limited_server(reads: u32, authorizes: u32, trusted: &str) -> RunningServer {
    let mut config = Config::sandbox("127.0.0.1:0".parse().unwrap());
    config.read_rate_per_minute = reads;
    config.authorize_rate_per_minute = authorizes;
    config.trusted_proxies = TrustedProxies::parse(Some(trusted), None).unwrap();
    start(config).await
}

/// Sends `method path` (with `X-Forwarded-For` when given); returns the status, the
/// `Retry-After` header and the body.
async fn call(
    server: &RunningServer,
    method: &str,
    path: &str,
    xff: Option<&str>,
) -> (u16, Option<String>, serde_json::Value) {
    let mut request = client()
        .request(
            method.parse().unwrap(),
            format!("{}/checkout{path}", server.url()),
        )
        .header("Idempotency-Key", "rl")
        .json(&json!({ "source": "tok_test4242424242424242", "device": device() }));
    if let Some(xff) = xff {
        request = request.header("X-Forwarded-For", xff);
    }
    let response = request.send().await.unwrap();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let (status, body) = status_and_json(response).await;
    (status, retry_after, body)
}

fn assert_limited(answer: &(u16, Option<String>, serde_json::Value), what: &str) {
    let (status, retry_after, body) = answer;
    assert_eq!(*status, 429, "{what}: {body}");
    let seconds: u64 = retry_after
        .as_deref()
        .unwrap_or_else(|| panic!("{what}: no Retry-After"))
        .parse()
        .unwrap();
    assert!((1..=60).contains(&seconds), "{what}: Retry-After {seconds}");
    assert_eq!(body["success"], false, "{what}");
    assert_eq!(body["error_type"], "request.rate.exceeded", "{what}");
}

#[tokio::test]
async fn authorize_beyond_the_quota_is_429_and_reaches_no_provider() {
    let server = limited_server(600, 3, "").await;
    let mut invoices = Vec::new();
    for _ in 0..5 {
        invoices.push(new_invoice(&server, "1.00", "EUR").await);
    }
    for (i, invoice) in invoices.iter().enumerate() {
        let answer = call(
            &server,
            "POST",
            &format!("/invoices/{invoice}/authorize"),
            None,
        )
        .await;
        if i < 3 {
            assert_eq!(answer.0, 200, "attempt {i}: {}", answer.2);
        } else {
            assert_limited(&answer, &format!("attempt {i}"));
            // Three a minute: the next one is about 20 s away.
            let seconds: u64 = answer.1.unwrap().parse().unwrap();
            assert!((15..=20).contains(&seconds), "Retry-After {seconds}");
        }
    }
    // The emulator authorized the first three invoices and never saw the others.
    for (i, invoice) in invoices.iter().enumerate() {
        let invoice = sandbox_get(&server, &format!("/invoices/{invoice}")).await;
        let transaction = &invoice["invoice"]["transaction_id"];
        assert_eq!(transaction.is_string(), i < 3, "invoice {i}: {invoice}");
    }
    // Reads have their own quota.
    let (status, _, body) = call(&server, "GET", "/invoices/iv_demoAmazingItemAUD", None).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn reads_beyond_their_quota_are_429_and_leave_authorize_alone() {
    let server = limited_server(2, 60, "").await;
    let path = "/invoices/iv_demoAmazingItemAUD";
    for _ in 0..2 {
        let (status, _, body) = call(&server, "GET", path, None).await;
        assert_eq!(status, 200, "{body}");
    }
    assert_limited(&call(&server, "GET", path, None).await, "third read");
    assert_limited(
        &call(&server, "GET", "/transactions/tr_any", None).await,
        "a read of another route",
    );
    let invoice = new_invoice(&server, "1.00", "EUR").await;
    let (status, _, body) = call(
        &server,
        "POST",
        &format!("/invoices/{invoice}/authorize"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn every_checkout_route_is_limited() {
    for (method, route) in ROUTES {
        let server = limited_server(1, 1, "").await;
        let path = route
            .replace("{invoice_id}", "iv_demoAmazingItemAUD")
            .replace("{transaction_id}", "tr_any");
        let (status, _, body) = call(&server, method, &path, None).await;
        assert_ne!(status, 429, "{method} {path}: {body}");
        assert_limited(
            &call(&server, method, &path, None).await,
            &format!("{method} {path}"),
        );
    }
}

#[tokio::test]
async fn one_bucket_per_ipv4_address_and_per_ipv6_64() {
    // The test client is the trusted balancer; X-Forwarded-For names the customer.
    let server = limited_server(1, 60, "127.0.0.1").await;
    let path = "/invoices/iv_demoAmazingItemAUD";
    for (xff, limited) in [
        ("2001:db8:1:1::1", false),
        // Another address in the same /64: the same bucket.
        ("2001:db8:1:1:ffff::2", true),
        // The next /64: its own bucket.
        ("2001:db8:1:2::1", false),
        ("203.0.113.1", false),
        // Another IPv4 address: its own bucket.
        ("203.0.113.2", false),
        ("203.0.113.1", true),
        // The IPv4-mapped form of a known address: the same bucket.
        ("::ffff:203.0.113.2", true),
    ] {
        let answer = call(&server, "GET", path, Some(xff)).await;
        if limited {
            assert_limited(&answer, xff);
        } else {
            assert_eq!(answer.0, 200, "{xff}: {}", answer.2);
        }
    }
}

#[tokio::test]
async fn a_clients_own_forwarding_header_does_not_change_its_bucket() {
    let path = "/invoices/iv_demoAmazingItemAUD";
    // An untrusted peer: X-Forwarded-For is not read at all.
    let server = limited_server(1, 60, "10.0.0.0/8").await;
    let (status, _, body) = call(&server, "GET", path, Some("198.51.100.1")).await;
    assert_eq!(status, 200, "{body}");
    assert_limited(
        &call(&server, "GET", path, Some("198.51.100.2")).await,
        "untrusted peer",
    );
    assert_limited(
        &call(&server, "GET", path, None).await,
        "untrusted peer, no header",
    );
    // Behind a trusted balancer, hops the client prepends are never read.
    let server = limited_server(1, 60, "127.0.0.1").await;
    let (status, _, body) = call(&server, "GET", path, Some("6.6.6.6, 203.0.113.5")).await;
    assert_eq!(status, 200, "{body}");
    assert_limited(
        &call(&server, "GET", path, Some("7.7.7.7, 203.0.113.5")).await,
        "prepended hop",
    );
    assert_limited(
        &call(&server, "GET", path, Some("unknown, 203.0.113.5")).await,
        "prepended unknown",
    );
}

#[test]
fn openapi_documents_the_429_on_every_checkout_route() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/openapi.yaml"))
        .unwrap();
    for (_, route) in ROUTES {
        let start = doc.find(&format!("\n  /checkout{route}:\n")).unwrap();
        let rest = &doc[start + 1..];
        let end = rest[1..].find("\n  /").unwrap_or(rest.len());
        assert!(
            rest[..end].contains(r##""429": { $ref: "#/components/responses/RateLimited" }"##),
            "{route}"
        );
    }
    assert!(doc.contains("    RateLimited:\n") && doc.contains("        Retry-After:\n"));
}
