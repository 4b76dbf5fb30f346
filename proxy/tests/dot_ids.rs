//! A widget id that would be anything but one plain path segment upstream never reaches the
//! provider: `iv_ZdZd` decodes to `..` (which walks up Invoiss's and the orders API's URL),
//! `iv_aZp` to an empty second order, and encoded `/ ? # % \` or control characters in the
//! request path would change the upstream URL. Each is answered 400
//! `request.validation.error` on every id-taking route, for every provider. This binary
//! installs its own log capture to see every request the emulators receive.

mod common;

use checkout_proxy::{Config, ProviderKind, RunningServer};
use common::*;

/// Ids with no provider id a URL can carry, whatever the provider.
const REFUSED_EVERYWHERE: [&str; 11] = [
    "iv_",
    "iv_a%2Fb",
    "iv_%2E%2E",
    "iv_a%2F..%2F..%2Fadmin",
    "iv_a%3Fb",
    "iv_a%23b",
    "iv_a%25b",
    "iv_a%5Cb",
    "iv_a%0Ab",
    "iv_a%00",
    "iv_a%20b",
];

/// Ids whose decoded provider id is `.`, `..` or empty: refused by the providers that
/// decode ids (Invoiss, orders). ProcessOut's ids are its own and are not decoded, so to it
/// these are plain ids, sent as one segment (`/invoices/iv_ZdZd`) and answered 404.
const DECODED_UNSAFE: [&str; 5] = [
    "iv_ZdZd",
    "iv_Zd",
    "iv_demoBooksEURZpZdZd",
    "iv_aZp",
    "iv_ZpZdZd",
];

fn assert_refused(what: &str, (status, body): (u16, serde_json::Value)) {
    assert_eq!(status, 400, "{what}: {body}");
    assert_eq!(body["success"], false, "{what}: {body}");
    assert_eq!(
        body["error_type"], "request.validation.error",
        "{what}: {body}"
    );
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("id")),
        "{what}: {body}"
    );
}

#[tokio::test]
async fn ids_that_are_not_one_plain_segment_are_refused_before_any_upstream_call() {
    let capture = LogCapture::install();
    for kind in [
        ProviderKind::ProcessOut,
        ProviderKind::Invoiss,
        ProviderKind::Orders,
    ] {
        let server =
            RunningServer::start(Config::sandbox_with("127.0.0.1:0".parse().unwrap(), kind))
                .await
                .unwrap();
        let decodes = kind != ProviderKind::ProcessOut;
        let refused = REFUSED_EVERYWHERE
            .iter()
            .chain(DECODED_UNSAFE.iter().filter(|_| decodes));
        for id in refused {
            let what = format!("{kind:?} {id}");
            assert_refused(
                &what,
                checkout_get(&server, &format!("/invoices/{id}")).await,
            );
            assert_refused(
                &what,
                authorize(&server, id, "tok_test4242424242424242", "k").await,
            );
            let transaction = id.replacen("iv_", "tr_", 1);
            assert_refused(
                &what,
                checkout_get(&server, &format!("/transactions/{transaction}")).await,
            );
        }
        if !decodes {
            // To ProcessOut `iv_ZdZd` is an id like any other: asked for as it is, unknown.
            for id in DECODED_UNSAFE {
                let (status, body) = checkout_get(&server, &format!("/invoices/{id}")).await;
                assert_eq!(status, 404, "{id}: {body}");
                assert_eq!(body["error_type"], "resource.invoice.not-found");
            }
        }
    }
    let logs = capture.text();
    assert!(
        logs.contains("path=/checkout/invoices/iv_ZdZd/authorize"),
        "logging is not captured: {logs}"
    );
    // The decoding providers' emulators received nothing at all.
    for emulator in ["path=/sandbox/invoiss", "path=/sandbox/orders"] {
        assert!(!logs.contains(emulator), "an emulator was called: {logs}");
    }
    // ProcessOut's emulator received only the plain ids, each as one segment under
    // `/invoices/`, and never a refused one.
    let upstream: Vec<&str> = logs
        .lines()
        .filter_map(|line| line.split("path=/sandbox").nth(1))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    let plain: Vec<String> = DECODED_UNSAFE
        .iter()
        .map(|id| format!("/invoices/{id}"))
        .collect();
    assert_eq!(upstream.len(), DECODED_UNSAFE.len(), "{upstream:?}");
    for path in upstream {
        assert!(
            plain.iter().any(|p| p == path),
            "ProcessOut was asked for {path}"
        );
    }
}
