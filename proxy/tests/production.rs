//! The production build (`cargo test -p checkout-proxy --no-default-features`): a live-mode
//! proxy serves no sandbox, and the binary carries no emulator at all. Also runs with the
//! `sandbox` feature, where the binary scan must find the emulator, so the scan can fail.

mod common;

use std::collections::HashSet;

use checkout_proxy::{Config, RunningServer};
use common::*;
use serde_json::json;

/// A live-mode ProcessOut proxy whose provider is a closed loopback port: nothing here
/// reaches it.
async fn live_server() -> RunningServer {
    let vars = [
        ("CHECKOUT_LISTEN", "127.0.0.1:0"),
        ("CHECKOUT_MODE", "live"),
        ("PROCESSOUT_PROJECT_ID", "proj_live"),
        ("PROCESSOUT_PRIVATE_KEY", "key_live"),
        ("PROCESSOUT_API_URL", "http://127.0.0.1:9"),
    ];
    let config = Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
    .unwrap();
    start(config).await
}

#[tokio::test]
async fn a_live_proxy_answers_404_under_sandbox() {
    let server = live_server().await;
    let health: serde_json::Value = client()
        .get(format!("{}/healthz", server.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["mode"], "live", "{health}");
    let paths = [
        "/sandbox/_faults",
        "/sandbox/invoices",
        "/sandbox/invoices/iv_demoBooksEUR",
        "/sandbox/cards",
        "/sandbox/3ds/issuer.js",
        "/sandbox/invoiss/public/orders/order_123456",
        "/sandbox/orders/orders/demoBooksEUR",
        "/sandbox/",
    ];
    for path in paths {
        let url = format!("{}{path}", server.url());
        let get = client().get(&url).send().await.unwrap();
        assert_eq!(get.status().as_u16(), 404, "GET {path}");
        let post = client()
            .post(&url)
            .basic_auth(
                checkout_proxy::config::SANDBOX_PROJECT_ID,
                Some(checkout_proxy::config::SANDBOX_PRIVATE_KEY),
            )
            .json(&json!({"authorize": {"mode": "fail-503"}, "amount": "1.00", "currency": "EUR"}))
            .send()
            .await
            .unwrap();
        assert_eq!(post.status().as_u16(), 404, "POST {path}");
    }
    let delete = client()
        .delete(format!("{}/sandbox/_faults", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status().as_u16(), 404);
}

/// The built binary, or `CHECKOUT_PROXY_BIN` (a private copy, for checkouts sharing one
/// target directory).
fn binary() -> std::path::PathBuf {
    std::env::var_os("CHECKOUT_PROXY_BIN")
        .map(Into::into)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_checkout-proxy").into())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let mut from = 0;
    while let Some(at) = haystack[from..].iter().position(|&b| b == first) {
        let start = from + at + 1;
        if haystack[start..].starts_with(rest) {
            return true;
        }
        from = start;
    }
    false
}

/// Strings only the sandbox crate carries: its fault route, the emulator tokens, and the
/// text of its fault-injection log line.
const EMULATOR_MARKERS: [&str; 4] = [
    "/_faults",
    "invoiss_sandbox_checkoutWidgetDemoToken0001",
    "orders_sandbox_checkoutWidgetDemoToken0001",
    "sandbox fault injected",
];

#[test]
fn the_production_binary_carries_no_emulator() {
    let bytes = std::fs::read(binary()).unwrap();
    assert!(
        contains(&bytes, b"checkout-proxy listening on"),
        "not the proxy binary"
    );
    for marker in EMULATOR_MARKERS {
        let found = contains(&bytes, marker.as_bytes());
        if cfg!(feature = "sandbox") {
            assert!(found, "the sandbox build carries {marker:?}");
        } else {
            assert!(!found, "the production binary carries {marker:?}");
        }
    }
}

/// Request ids are random: distinct across requests and servers, well formed, and not a
/// count (consecutive requests are not neighbouring numbers).
#[tokio::test]
async fn request_ids_are_random() {
    let servers = [live_server().await, live_server().await];
    let mut ids = Vec::new();
    for server in &servers {
        for _ in 0..20 {
            let response = client()
                .get(format!("{}/healthz", server.url()))
                .send()
                .await
                .unwrap();
            let id = response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_string();
            ids.push(id);
        }
    }
    let numbers: Vec<u64> = ids
        .iter()
        .map(|id| {
            let hex = id.strip_prefix("req_").unwrap();
            assert_eq!(hex.len(), 16, "{id}");
            u64::from_str_radix(hex, 16).unwrap()
        })
        .collect();
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "{ids:?}"
    );
    let close = numbers
        .windows(2)
        .filter(|pair| pair[0].abs_diff(pair[1]) < 1 << 32)
        .count();
    assert_eq!(close, 0, "ids count up: {ids:?}");
}
