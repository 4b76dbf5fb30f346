//! Bad input, CORS, rate limiting and credentials: every refusal is a ProcessOut-shaped body.

mod common;

use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
use checkout_proxy::Config;
use common::*;
use serde_json::json;

async fn post_authorize(
    server: &checkout_proxy::RunningServer,
    invoice: &str,
    key: Option<&str>,
    body: Vec<u8>,
) -> (u16, serde_json::Value) {
    let mut request = client()
        .post(format!(
            "{}/checkout/invoices/{invoice}/authorize",
            server.url()
        ))
        .header("Content-Type", "application/json")
        .body(body);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    status_and_json(request.send().await.unwrap()).await
}

fn body_with(device: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"source": "tok_test4242424242424242", "device": device})).unwrap()
}

#[tokio::test]
async fn malformed_oversized_and_incomplete_requests_are_refused_by_name() {
    let server = sandbox_server().await;
    let iv = "iv_demoAmazingItemAUD";
    let (status, body) = post_authorize(&server, iv, Some("k"), b"{not json".to_vec()).await;
    assert_eq!(
        (status, body["error_type"].as_str()),
        (400, Some("request.bad-format"))
    );
    assert_eq!(body["success"], false);

    let (status, body) = post_authorize(&server, iv, Some("k"), vec![b' '; 20_000]).await;
    assert_eq!(
        (status, body["error_type"].as_str()),
        (413, Some("request.body.too-large"))
    );

    let (status, body) = post_authorize(&server, iv, None, body_with(device())).await;
    assert_eq!(
        (status, body["error_type"].as_str()),
        (400, Some("request.idempotency-key.invalid"))
    );
    for bad_key in ["has space", "a/b", &"k".repeat(129)] {
        let (status, _) = post_authorize(&server, iv, Some(bad_key), body_with(device())).await;
        assert_eq!(status, 400, "{bad_key}");
    }

    let no_source = serde_json::to_vec(&json!({"device": device()})).unwrap();
    let (status, body) = post_authorize(&server, iv, Some("k"), no_source).await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("source"),
        "{body}"
    );

    let mut bad_device = device();
    bad_device["app_color_depth"] = json!(23);
    let (status, body) = post_authorize(&server, iv, Some("k"), body_with(bad_device)).await;
    assert_eq!(status, 400);
    assert_eq!(body["error_type"], "request.validation.error");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("device.app_color_depth"),
        "{body}"
    );

    // Nothing reached the provider: the invoice still has no transaction.
    let invoice = sandbox_get(&server, &format!("/invoices/{iv}")).await;
    assert_eq!(
        invoice["invoice"]["transaction_id"],
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn crafted_ids_never_reach_the_provider() {
    let server = sandbox_server().await;
    for path in [
        "/checkout/invoices/iv_a.b",
        "/checkout/invoices/iv_..%2F..%2Fcards",
        "/checkout/invoices/tr_abc",
        "/checkout/transactions/iv_abc",
        "/checkout/transactions/tr_a%20b",
    ] {
        let response = client()
            .get(format!("{}{path}", server.url()))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error_type"], "request.validation.error");
    }
    let (status, body) =
        post_authorize(&server, "iv_x%2E%2E", Some("k"), body_with(device())).await;
    assert_eq!(status, 400, "{body}");
    let response = client()
        .get(format!(
            "{}/checkout/transactions/tr_doesNotExist",
            server.url()
        ))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(
        (status, body["error_type"].as_str()),
        (404, Some("resource.transaction.not-found"))
    );
}

#[tokio::test]
async fn cors_preflight_is_answered_for_allowed_origins_only() {
    let mut config = Config::sandbox("127.0.0.1:0".parse().unwrap());
    config.allowed_origins = vec!["https://shop.example".into()];
    let server = start(config).await;
    let url = format!(
        "{}/checkout/invoices/iv_demoAmazingItemAUD/authorize",
        server.url()
    );
    for (origin, allowed) in [
        ("https://shop.example", true),
        ("https://evil.example", false),
    ] {
        let response = client()
            .request(reqwest::Method::OPTIONS, &url)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type,idempotency-key",
            )
            .send()
            .await
            .unwrap();
        let headers = response.headers();
        let allow_origin = headers
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_string());
        if allowed {
            assert_eq!(allow_origin.as_deref(), Some(origin));
            let allow_headers = headers["access-control-allow-headers"].to_str().unwrap();
            assert!(allow_headers.contains("idempotency-key"), "{allow_headers}");
        } else {
            assert_eq!(allow_origin, None, "{origin}");
        }
    }
}

#[tokio::test]
async fn authorize_is_rate_limited_per_client_ip() {
    let mut config = Config::sandbox("127.0.0.1:0".parse().unwrap());
    config.authorize_rate_per_minute = 3;
    let server = start(config).await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let invoice = new_invoice(&server, "1.00", "EUR").await;
        statuses.push(
            authorize(
                &server,
                &invoice,
                "tok_test4242424242424242",
                &format!("k{i}"),
            )
            .await,
        );
    }
    assert!(statuses[..3].iter().all(|(s, _)| *s == 200));
    let (status, body) = &statuses[4];
    assert_eq!(*status, 429);
    assert_eq!(body["error_type"], "request.rate.exceeded");
    // The 429 says when to come back: whole seconds, about 20 at three a minute.
    let invoice = new_invoice(&server, "1.00", "EUR").await;
    let response = client()
        .post(format!(
            "{}/checkout/invoices/{invoice}/authorize",
            server.url()
        ))
        .header("Idempotency-Key", "k5")
        .json(&json!({"source": "tok_test4242424242424242", "device": device()}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&retry_after), "Retry-After {retry_after}");
}

#[tokio::test]
async fn the_sandbox_checks_credentials_on_every_private_endpoint() {
    let server = sandbox_server().await;
    for (method, path) in [
        ("GET", "/sandbox/invoices/iv_demoAmazingItemAUD"),
        ("POST", "/sandbox/invoices"),
        ("POST", "/sandbox/invoices/iv_demoAmazingItemAUD/authorize"),
        ("GET", "/sandbox/transactions/tr_x"),
        ("POST", "/sandbox/cards"),
    ] {
        let response = client()
            .request(method.parse().unwrap(), format!("{}{path}", server.url()))
            .basic_auth(SANDBOX_PROJECT_ID, Some("key_wrong"))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(body["error_type"], "request.authentication.invalid");
    }
    // A proxy configured with the wrong key reports its own misconfiguration, not the key.
    let mut config = Config::sandbox("127.0.0.1:0".parse().unwrap());
    config.private_key = checkout_proxy::secret::Secret::new("key_wrong_for_test");
    config.api_url = Some(format!("{}/sandbox", server.url()));
    let proxy = start(config).await;
    let response = client()
        .get(format!(
            "{}/checkout/invoices/iv_demoAmazingItemAUD",
            proxy.url()
        ))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(
        (status, body["error_type"].as_str()),
        (502, Some("proxy.misconfigured"))
    );
    assert!(!body.to_string().contains(SANDBOX_PRIVATE_KEY));
}

#[tokio::test]
async fn the_sandbox_creates_invoices_from_json_and_validates_amounts() {
    let server = sandbox_server().await;
    let response = client()
        .post(format!("{}/sandbox/invoices", server.url()))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .json(&json!({"name": "Amazing item", "amount": "4.99", "currency": "AUD", "order_id": "000001"}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["invoice"]["amount"], "4.99");
    assert_eq!(body["invoice"]["order_id"], "000001");
    let response = client()
        .post(format!("{}/sandbox/invoices", server.url()))
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .form(&[("name", "x"), ("amount", "4.99999"), ("currency", "AUD")])
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("amount"),
        "{body}"
    );
}

#[tokio::test]
async fn capture_and_void_follow_the_authorization() {
    let server = sandbox_server().await;
    let auth = (SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY));
    for (action, expected) in [("capture", "completed"), ("void", "voided")] {
        let invoice = new_invoice(&server, "2.00", "EUR").await;
        let (_, body) = authorize(&server, &invoice, "tok_test4242424242424242", "k").await;
        let tr = body["transaction"]["id"].as_str().unwrap().to_string();
        let response = client()
            .post(format!(
                "{}/sandbox/invoices/{invoice}/{action}",
                server.url()
            ))
            .basic_auth(auth.0, auth.1)
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 200, "{body}");
        let transaction = sandbox_transaction(&server, &tr).await;
        assert_eq!(transaction["status"], expected);
        assert_eq!(count_operations(&transaction, action), 1);
    }
}

/// Found by Schemathesis (issue 19): authorize parsed any body as JSON whatever its
/// Content-Type, so a `text/plain` POST, which a browser sends cross-origin without a CORS
/// preflight, could authorize from any web page. Now only `application/json` is read.
#[tokio::test]
async fn authorize_reads_only_json_bodies() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "10.00", "EUR").await;
    let body =
        serde_json::to_vec(&json!({"source": "tok_test4242424242424242", "device": device()}))
            .unwrap();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = client()
            .post(format!(
                "{}/checkout/invoices/{invoice}/authorize",
                server.url()
            ))
            .header("Idempotency-Key", "ct")
            .body(body.clone());
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        let (status, answer) = status_and_json(request.send().await.unwrap()).await;
        assert_eq!(
            (status, answer["error_type"].as_str()),
            (415, Some("request.bad-format")),
            "{content_type:?}: {answer}"
        );
    }
    let unpaid = sandbox_get(&server, &format!("/invoices/{invoice}")).await;
    assert!(unpaid["invoice"]["transaction_id"].is_null(), "{unpaid}");

    let response = client()
        .post(format!(
            "{}/checkout/invoices/{invoice}/authorize",
            server.url()
        ))
        .header("Idempotency-Key", "ct")
        .header("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    let (status, answer) = status_and_json(response).await;
    assert_eq!(status, 200, "{answer}");
}

/// Found by Schemathesis (issue 19): the sandbox read a JSON field of the wrong type as
/// absent, so `"cvc2": {}` made a card without CVC and `"customer_id": 5` an invoice without a
/// customer, both answered 200. Each is now refused with the field's error; null still means
/// absent.
#[tokio::test]
async fn the_sandbox_refuses_fields_of_the_wrong_json_type() {
    let server = sandbox_server().await;
    let card = |body: serde_json::Value| {
        client()
            .post(format!("{}/sandbox/cards", server.url()))
            .basic_auth(SANDBOX_PROJECT_ID, Some(""))
            .json(&body)
            .send()
    };
    let base = json!({"number": "4242424242424242", "exp_month": 12, "exp_year": "2030"});
    for (field, value, code) in [
        ("cvc2", json!({}), "card.invalid-cvc"),
        ("name", json!(["Jane"]), "card.invalid-name"),
        ("exp_month", json!(true), "card.invalid-expiry-month"),
        ("number", json!([4242]), "card.invalid-number"),
    ] {
        let mut body = base.clone();
        body[field] = value;
        let (status, answer) = status_and_json(card(body).await.unwrap()).await;
        assert_eq!(
            (status, answer["error_type"].as_str()),
            (400, Some(code)),
            "{field}: {answer}"
        );
    }
    let mut with_nulls = base.clone();
    with_nulls["cvc2"] = json!(null);
    with_nulls["name"] = json!(null);
    let (status, answer) = status_and_json(card(with_nulls).await.unwrap()).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["card"]["cvc_check"], "unavailable");

    let invoice = |extra: serde_json::Value| {
        let mut body = json!({"name": "Item", "amount": "4.99", "currency": "EUR"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        client()
            .post(format!("{}/sandbox/invoices", server.url()))
            .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
            .json(&body)
            .send()
    };
    for field in [
        "customer_id",
        "order_id",
        "return_url",
        "statement_descriptor",
        "amount",
    ] {
        let (status, answer) = status_and_json(invoice(json!({ field: 5 })).await.unwrap()).await;
        assert_eq!(status, 400, "{field}: {answer}");
        assert_eq!(answer["error_type"], "request.validation.error");
        assert!(
            answer["message"].as_str().unwrap().starts_with(field),
            "{field}: {answer}"
        );
    }
    let (status, answer) =
        status_and_json(invoice(json!({"customer_id": null})).await.unwrap()).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["invoice"]["customer_id"].is_null(), "{answer}");
}

/// Found by Schemathesis (issue 19): a well-formed `gway_req_` naming no 3-D Secure step of
/// the invoice was 400 `request.validation.error`, as if the request were malformed, while an
/// unknown `card_` or `tok_` source is a 404. It is now 404 `resource.3ds-step.not-found`, and
/// nothing is authorized.
#[tokio::test]
async fn an_unknown_three_d_s_result_is_not_found() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "10.00", "EUR").await;
    let (status, body) = authorize(&server, &invoice, "gway_req_bm90QVN0ZXA=", "u1").await;
    assert_eq!(
        (status, body["error_type"].as_str()),
        (404, Some("resource.3ds-step.not-found")),
        "{body}"
    );
    let unpaid = sandbox_get(&server, &format!("/invoices/{invoice}")).await;
    assert!(unpaid["invoice"]["transaction_id"].is_null(), "{unpaid}");
}
