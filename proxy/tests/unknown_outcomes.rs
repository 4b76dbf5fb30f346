//! An answer the provider did not state is never a decline, over real HTTP: each adapter in
//! live mode against a fake provider whose payment endpoint answers something unreadable.
//! Needs no sandbox, so it also runs in a production build's tests.

mod common;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_proxy::{Config, RunningServer};
use common::*;
use serde_json::json;

/// What the fake provider's payment endpoint answers.
#[derive(Clone, Copy)]
struct Broken {
    status: u16,
    content_type: &'static str,
    body: &'static str,
}

impl IntoResponse for Broken {
    fn into_response(self) -> Response {
        (
            StatusCode::from_u16(self.status).unwrap(),
            [(header::CONTENT_TYPE, self.content_type)],
            self.body,
        )
            .into_response()
    }
}

/// A fake provider speaking all three dialects: unpaid invoices and orders, no payments,
/// and `broken` from every payment endpoint.
async fn fake_provider(broken: Broken) -> String {
    let app = Router::new()
        .route(
            "/invoices/{id}",
            get(|| async {
                Json(json!({"success": true, "invoice": {
                    "id": "iv_fake1", "name": "x", "amount": "1.00", "currency": "USD"}}))
            }),
        )
        .route(
            "/invoices/{id}/authorize",
            post(move || async move { broken }),
        )
        .route(
            "/public/orders/{id}",
            get(|| async {
                Json(
                    json!({"success": true, "order": {"id": "fake1", "title": "x",
                    "currency": "USD", "status": "UNPAID", "grandTotal": 1.00}}),
                )
            }),
        )
        .route(
            "/public/payments/process",
            post(move || async move { broken }),
        )
        .route(
            "/orders/{id}",
            get(|| async {
                Json(json!({"id": "fake1", "name": "x", "currency": "USD", "amount": 1.00}))
            }),
        )
        .route(
            "/payments",
            get(|| async { Json(json!({"items": [], "page": 0, "size": 100, "total": 0})) }),
        )
        .route("/payments/orders", post(move || async move { broken }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

async fn live_proxy(provider: &str, url: &str) -> RunningServer {
    let vars = [
        ("CHECKOUT_LISTEN", "127.0.0.1:0".to_string()),
        ("CHECKOUT_MODE", "live".to_string()),
        ("CHECKOUT_PROVIDER", provider.to_string()),
        ("PROCESSOUT_PROJECT_ID", "proj_fake".to_string()),
        ("PROCESSOUT_PRIVATE_KEY", "key_fake".to_string()),
        ("PROCESSOUT_API_URL", url.to_string()),
        ("INVOISS_TOKEN", "fake".to_string()),
        ("INVOISS_API_URL", url.to_string()),
        ("INVOISS_COMPANY_ID", "comp_fake".to_string()),
        ("INVOISS_GATEWAY_ID", "gateway_fake".to_string()),
        ("ORDERS_API_TOKEN", "fake".to_string()),
        ("ORDERS_API_URL", url.to_string()),
    ];
    let config = Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    })
    .unwrap();
    start(config).await
}

/// (provider, the fake's answer, the widget's status and error_type).
const CASES: [(&str, Broken, u16, &str); 9] = [
    (
        "processout",
        Broken {
            status: 200,
            content_type: "application/json",
            body: r#"{"success": false}"#,
        },
        502,
        "proxy.upstream-invalid-response",
    ),
    (
        "processout",
        Broken {
            status: 403,
            content_type: "text/html",
            body: "<html>WAF</html>",
        },
        502,
        "proxy.upstream-invalid-response",
    ),
    (
        "processout",
        Broken {
            status: 400,
            content_type: "text/html",
            body: "<html>bad</html>",
        },
        502,
        "proxy.upstream-invalid-response",
    ),
    (
        "processout",
        Broken {
            status: 200,
            content_type: "application/json",
            body: "OK",
        },
        502,
        "proxy.upstream-invalid-response",
    ),
    (
        "invoiss",
        Broken {
            status: 408,
            content_type: "text/plain",
            body: "Request Timeout",
        },
        502,
        "proxy.upstream-invalid-response",
    ),
    (
        "invoiss",
        Broken {
            status: 429,
            content_type: "application/json",
            body: r#"{"success": false, "message": "Too many requests"}"#,
        },
        429,
        "request.rate.exceeded",
    ),
    (
        "invoiss",
        Broken {
            status: 402,
            content_type: "text/html",
            body: "<html>denied</html>",
        },
        502,
        "proxy.upstream-invalid-response",
    ),
    (
        "orders",
        Broken {
            status: 409,
            content_type: "application/json",
            body: r#"{"error_message": "conflict"}"#,
        },
        502,
        "proxy.upstream-invalid-response",
    ),
    (
        "orders",
        Broken {
            status: 429,
            content_type: "text/html",
            body: "<html>slow</html>",
        },
        502,
        "proxy.upstream-invalid-response",
    ),
];

#[tokio::test]
async fn unreadable_answers_are_unknown_outcomes_never_declines() {
    for (provider, broken, status, code) in CASES {
        let url = fake_provider(broken).await;
        let server = live_proxy(provider, &url).await;
        let (got, body) = authorize(&server, "iv_fake1", "tok_test4242424242424242", "u").await;
        assert_eq!(
            (got, body["error_type"].as_str().unwrap_or_default()),
            (status, code),
            "{provider} {} {}: {body}",
            broken.status,
            broken.body
        );
    }
}
