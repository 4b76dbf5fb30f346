//! Property: whatever a widget id holds, every upstream URL an adapter builds from it stays on
//! the provider's host, under its API base path and the resource's prefix, with the id as
//! exactly one segment (no `.`/`..`, no extra segment, query or fragment); otherwise the
//! adapter refuses it with 400 before any call.

use std::time::Duration;

use axum::http::StatusCode;
use checkout_core::ErrorCode;
use proptest::prelude::*;
use url::Url;

use super::ids;
use super::invoiss::Invoiss;
use super::orders::Orders;
use super::processout::ProcessOut;
use crate::api_error::ApiError;
use crate::config::InvoissConfig;
use crate::secret::Secret;
use crate::upstream::Upstream;

const BASE: &str = "https://api.provider.example:8443/v1/api/";
const BASE_SEGMENTS: [&str; 2] = ["v1", "api"];

fn upstream() -> Upstream {
    Upstream::with_authorization(BASE, Secret::new("token"), Duration::from_secs(1)).unwrap()
}

/// `url` is `BASE` + `prefix` + `id` (one segment, decoded back to `id` exactly) +
/// `suffix`, on the same origin, with no dot segment.
fn assert_confined(url: &Url, prefix: &[&str], id: &str, suffix: &[&str]) {
    let base = Url::parse(BASE).unwrap();
    assert_eq!(url.origin(), base.origin(), "{url}");
    assert_eq!(url.fragment(), None, "{url}");
    let segments: Vec<String> = url.path_segments().unwrap().map(percent_decode).collect();
    let expected: Vec<&str> = BASE_SEGMENTS
        .iter()
        .chain(prefix)
        .copied()
        .chain([id])
        .chain(suffix.iter().copied())
        .collect();
    assert_eq!(segments, expected, "{url}");
    let raw: Vec<&str> = url.path_segments().unwrap().collect();
    assert!(!raw.iter().any(|s| *s == "." || *s == ".."), "{url}");
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            if let Ok(b) = u8::from_str_radix(&segment[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn assert_refused(result: Result<Url, ApiError>) {
    let err = result.unwrap_err();
    assert_eq!(err.status, StatusCode::BAD_REQUEST, "{err:?}");
    assert_eq!(err.code(), &ErrorCode::RequestValidationError);
}

/// Widget ids: any string, and strings made of the encoding's own pieces and the
/// characters that could move a URL.
fn widget_id() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "Zd", "ZZ", "Zu", "Zh", "Zp", "Z", "a", "0", ".", "..", "/", "%2F", "%2e", "?", "#", "%",
        "\\", "\n", " ", "é", "_", "-",
    ]);
    prop_oneof![
        any::<String>(),
        (
            prop::sample::select(vec!["iv_", "tr_", "", "iv", "tr_iv_"]),
            prop::collection::vec(piece, 0..12)
        )
            .prop_map(|(prefix, pieces)| format!("{prefix}{}", pieces.concat())),
    ]
}

fn check(widget: &str) {
    let processout = ProcessOut::new(upstream());
    // ProcessOut's ids go upstream as they are (the routes check them first; here they
    // are not, to show the URL builder alone keeps them in place).
    for (url, prefix, suffix) in [
        (processout.invoice_url(widget), "invoices", &[][..]),
        (
            processout.authorize_url(widget),
            "invoices",
            &["authorize"][..],
        ),
        (processout.transaction_url(widget), "transactions", &[][..]),
    ] {
        match url {
            Ok(url) => {
                assert_confined(&url, &[prefix], widget, suffix);
                let query: Vec<_> = url.query_pairs().collect();
                assert!(query.len() <= 1, "{url}");
            }
            Err(err) => {
                assert_refused(Err(err));
                assert!(ids::segment_problem(widget).is_some(), "{widget:?}");
            }
        }
    }

    let invoiss = Invoiss::new(upstream(), &InvoissConfig::sandbox()).unwrap();
    match Invoiss::order_id(widget) {
        Ok(order) => {
            let url = invoiss.order_url(&order).unwrap();
            assert_confined(&url, &["public", "orders"], &order, &[]);
            assert_eq!(url.query(), None);
        }
        Err(err) => assert_refused(Err(err)),
    }

    let orders = Orders::new(upstream());
    match Orders::order_ids(widget) {
        Ok(ids) => {
            for id in ids {
                let url = orders.order_url(&id).unwrap();
                assert_confined(&url, &["orders"], &id, &[]);
                let url = orders.order_payments_url(&id).unwrap();
                let segments: Vec<_> = url.path_segments().unwrap().collect();
                assert_eq!(segments, ["v1", "api", "payments"], "{url}");
                let query: Vec<_> = url.query_pairs().collect();
                assert_eq!(query.len(), 2, "{url}");
                assert_eq!(query[0], ("subject".into(), id.clone().into()), "{url}");
            }
        }
        Err(err) => assert_refused(Err(err)),
    }
    if let Ok(payments) = ids::from_widget("tr", widget) {
        for id in payments {
            let url = orders.payment_url(&id).unwrap();
            assert_confined(&url, &["payments"], &id, &[]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn no_widget_id_leaves_the_providers_api_path(widget in widget_id()) {
        check(&widget);
    }
}

#[test]
fn the_known_attacks_are_confined_or_refused() {
    for widget in [
        "iv_ZdZd",
        "iv_Zd",
        "iv_",
        "iv_aZp",
        "iv_a/b",
        "iv_a%2Fb",
        "iv_a?b",
        "iv_a#b",
        "iv_a%b",
        "..",
        ".",
        "",
        "iv_..",
        "tr_ZdZd",
        "tr_ZdZdZpa",
    ] {
        check(widget);
    }
    // Decoded dots never come out, so they are never pushed.
    assert!(Orders::order_ids("iv_ZdZd").is_err());
    assert!(Invoiss::order_id("iv_ordZpZdZd").is_err());
}
