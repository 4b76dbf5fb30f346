//! A widget id whose provider id decodes to `.` or `..` never reaches the provider: it would
//! be a path segment that walks up the provider's URL (`iv_ZdZd` is `..`). This binary
//! installs its own log capture to see every request the emulators receive.

mod common;

use checkout_proxy::{Config, ProviderKind, RunningServer};
use common::*;

#[tokio::test]
async fn dot_segment_ids_are_refused_before_any_upstream_call() {
    let capture = LogCapture::install();
    for kind in [ProviderKind::Invoiss, ProviderKind::Orders] {
        let server =
            RunningServer::start(Config::sandbox_with("127.0.0.1:0".parse().unwrap(), kind))
                .await
                .unwrap();
        for id in ["iv_ZdZd", "iv_Zd", "iv_demoBooksEURZpZdZd"] {
            let response = client()
                .get(format!("{}/checkout/invoices/{id}", server.url()))
                .send()
                .await
                .unwrap();
            let (status, body) = status_and_json(response).await;
            assert_eq!(status, 404, "{kind:?} {id}: {body}");
            let (status, body) = authorize(&server, id, "tok_test4242424242424242", "k").await;
            assert_eq!(status, 404, "{kind:?} {id}: {body}");
        }
    }
    let logs = capture.text();
    assert!(
        logs.contains("path=/checkout/invoices/iv_ZdZd/authorize"),
        "logging is not captured: {logs}"
    );
    for emulator in ["path=/sandbox/invoiss", "path=/sandbox/orders"] {
        assert!(!logs.contains(emulator), "an emulator was called: {logs}");
    }
}
