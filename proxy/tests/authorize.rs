//! Authorize through the proxy against the sandbox over real HTTP: test cards, saved tokens,
//! 3-D Secure, pending transactions and the device data that reaches the provider.

mod common;

use common::*;
use serde_json::Value;

const SUCCESS_CARDS: [&str; 10] = [
    "4242424242424242",
    "4000056655665556",
    "4012888888881881",
    "5555555555554444",
    "5200828282828210",
    "5105105105105100",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "3530111333300000",
];

#[tokio::test]
async fn every_success_card_authorizes_with_a_display_safe_transaction() {
    let server = sandbox_server().await;
    for (i, number) in SUCCESS_CARDS.iter().enumerate() {
        let invoice = new_invoice(&server, "10.00", "EUR").await;
        let card = tokenize(&server, number).await;
        let (status, body) = authorize(&server, &invoice, &card, &format!("key-{i}")).await;
        assert_eq!(status, 200, "{number}: {body}");
        assert_eq!(body["success"], true);
        assert_eq!(body["transaction"]["status"], "authorized", "{number}");
        assert_eq!(body["transaction"]["amount"], "10.00");
        assert_eq!(body["transaction"]["currency"], "EUR");
        assert!(body["transaction"]["id"]
            .as_str()
            .unwrap()
            .starts_with("tr_"));
        assert_eq!(body["customer_action"], Value::Null);
        let text = body.to_string();
        assert!(
            !text.contains("metadata") && !text.contains("gateway"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn every_decline_card_returns_its_error_type_through_the_proxy() {
    let server = sandbox_server().await;
    for (number, code) in DECLINES {
        let invoice = new_invoice(&server, "10.00", "EUR").await;
        let card = tokenize(&server, number).await;
        let (status, body) = authorize(&server, &invoice, &card, "k1").await;
        assert_eq!(status, 402, "{number}: {body}");
        assert_eq!(body["success"], false);
        assert_eq!(body["error_type"], code, "{number}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn saved_tokens_are_reusable_and_behave_like_their_card() {
    let server = sandbox_server().await;
    for i in 0..2 {
        let invoice = new_invoice(&server, "5.00", "USD").await;
        let (status, body) = authorize(
            &server,
            &invoice,
            "tok_test4242424242424242",
            &format!("k{i}"),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["transaction"]["status"], "authorized");
    }
    let invoice = new_invoice(&server, "5.00", "USD").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4000000000002206", "k").await;
    assert_eq!(status, 402);
    assert_eq!(body["error_type"], "card.no-money");
    let (status, body) = authorize(&server, &invoice, "tok_testnope", "k2").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error_type"], "resource.token.not-found");
}

#[tokio::test]
async fn a_card_token_is_single_use() {
    let server = sandbox_server().await;
    let card = tokenize(&server, "4242424242424242").await;
    let first = new_invoice(&server, "1.00", "EUR").await;
    let (status, _) = authorize(&server, &first, &card, "a").await;
    assert_eq!(status, 200);
    let second = new_invoice(&server, "1.00", "EUR").await;
    let (status, body) = authorize(&server, &second, &card, "b").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error_type"], "request.source.card-already-used");
}

#[tokio::test]
async fn the_same_key_replays_and_never_authorizes_twice() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "20.00", "GBP").await;
    let card = tokenize(&server, "4242424242424242").await;
    let (s1, first) = authorize(&server, &invoice, &card, "click-1").await;
    let mut replays = Vec::new();
    for _ in 0..9 {
        replays.push(authorize(&server, &invoice, &card, "click-1").await);
    }
    assert_eq!(s1, 200, "{first}");
    // Exactly-once (issue 15): the proxy reads the invoice first, so a repeat of a paid
    // attempt is answered 409 `invoice.already-paid` with the same transaction (final for
    // the widget) instead of the provider's replayed 200.
    for (status, body) in replays {
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error_type"], "invoice.already-paid");
        assert_eq!(body["transaction"], first["transaction"]);
    }
    let tr = first["transaction"]["id"].as_str().unwrap();
    let transaction = sandbox_transaction(&server, tr).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
    // The proxy exposes the same count for the widget's tests.
    let (status, body) = status_and_json(
        client()
            .get(format!("{}/checkout/transactions/{tr}", server.url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["operations_count"], 1);
    assert_eq!(body["transaction"]["status"], "authorized");
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "20.00", "GBP").await;
    let (status, _) = authorize(&server, &invoice, "tok_test4000000000002206", "k").await;
    assert_eq!(status, 402);
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "k").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error_type"], "request.idempotency-key.invalid");
}

#[tokio::test]
async fn a_paid_invoice_is_never_authorized_again() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "20.00", "GBP").await;
    let (_, first) = authorize(&server, &invoice, "tok_test4242424242424242", "k1").await;
    let (status, second) = authorize(&server, &invoice, "tok_test5555555555554444", "k2").await;
    // Issue 15: a paid invoice is refused by the proxy itself, 409 with the transaction.
    assert_eq!(status, 409, "{second}");
    assert_eq!(second["error_type"], "invoice.already-paid");
    assert_eq!(second["transaction"], first["transaction"]);
    let tr = first["transaction"]["id"].as_str().unwrap();
    let transaction = sandbox_transaction(&server, tr).await;
    assert_eq!(count_operations(&transaction, "authorization"), 1);
}

#[tokio::test]
async fn a_declined_attempt_can_be_followed_by_another_card_on_the_same_transaction() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "20.00", "GBP").await;
    let (status, _) = authorize(&server, &invoice, "tok_test4000000000000002", "k1").await;
    assert_eq!(status, 402);
    let (status, body) = authorize(&server, &invoice, "tok_test4242424242424242", "k2").await;
    assert_eq!(status, 200, "{body}");
    let tr = body["transaction"]["id"].as_str().unwrap();
    let transaction = sandbox_transaction(&server, tr).await;
    assert_eq!(count_operations(&transaction, "authorization"), 2);
    assert_eq!(transaction["operations"][0]["has_failed"], true);
    assert_eq!(transaction["operations"][0]["error_code"], "card.declined");
}

#[tokio::test]
async fn the_pending_card_becomes_completed_while_the_widget_polls() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "3.00", "EUR").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4000000000000309", "k").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "pending");
    let tr = body["transaction"]["id"].as_str().unwrap().to_string();
    let url = format!("{}/checkout/transactions/{tr}", server.url());
    let mut seen = Vec::new();
    for _ in 0..40 {
        let (_, body) = status_and_json(client().get(&url).send().await.unwrap()).await;
        let status = body["transaction"]["status"].as_str().unwrap().to_string();
        seen.push(status.clone());
        if status == "completed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(
        seen.first().map(String::as_str),
        Some("pending"),
        "{seen:?}"
    );
    assert_eq!(
        seen.last().map(String::as_str),
        Some("completed"),
        "{seen:?}"
    );
}

async fn complete_3ds(
    server: &checkout_proxy::RunningServer,
    action: &Value,
    outcome: &str,
) -> String {
    let complete_url = action["metadata"]["complete_url"].as_str().unwrap();
    let response = client()
        .post(complete_url)
        .form(&[("outcome", outcome)])
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    let page = client()
        .get(action["value"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let _ = server;
    body["source"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn three_d_s_challenge_then_success_or_failure() {
    let server = sandbox_server().await;
    for (outcome, expected) in [("success", 200), ("failure", 402)] {
        let invoice = new_invoice(&server, "50.00", "EUR").await;
        let (status, body) = authorize(&server, &invoice, "tok_test4000000000000101", "k1").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["transaction"]["status"], "waiting");
        let action = &body["customer_action"];
        assert_eq!(action["type"], "redirect");
        assert!(action["value"]
            .as_str()
            .unwrap()
            .contains("/sandbox/3ds/challenge/"));
        let source = complete_3ds(&server, action, outcome).await;
        let (status, body) = authorize(&server, &invoice, &source, "k2").await;
        assert_eq!(status, expected, "{outcome}: {body}");
        if expected == 200 {
            assert_eq!(body["transaction"]["status"], "authorized");
            assert_eq!(body["transaction"]["three_d_s_status"], "success");
        } else {
            assert_eq!(body["error_type"], "card.failed-3ds");
        }
    }
}

#[tokio::test]
async fn three_d_s_fingerprint_and_frictionless_cards() {
    let server = sandbox_server().await;
    // Frictionless without fingerprint.
    let invoice = new_invoice(&server, "50.00", "EUR").await;
    let (status, body) = authorize(&server, &invoice, "tok_test4000000000003055", "k").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "authorized");
    assert_eq!(body["transaction"]["three_d_s_status"], "success");
    // Fingerprint, then success or failure depending on the card.
    for (card, expected) in [("4000000000003063", 200), ("4000000000003220", 402)] {
        let invoice = new_invoice(&server, "50.00", "EUR").await;
        let (status, body) = authorize(&server, &invoice, &format!("tok_test{card}"), "k1").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["customer_action"]["type"], "fingerprint");
        let source = complete_3ds(&server, &body["customer_action"], "success").await;
        let (status, body) = authorize(&server, &invoice, &source, "k2").await;
        assert_eq!(status, expected, "{card}: {body}");
    }
}

#[tokio::test]
async fn the_provider_receives_the_device_data_and_the_real_request_facts() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "8.00", "EUR").await;
    let card = tokenize(&server, "4242424242424242").await;
    let (status, _) = authorize(&server, &invoice, &card, "dev").await;
    assert_eq!(status, 200);
    let card = sandbox_get(&server, &format!("/cards/{card}")).await["card"].clone();
    assert_eq!(card["app_color_depth"], 24);
    assert_eq!(card["app_java_enabled"], false);
    assert_eq!(card["app_language"], "en-GB");
    assert_eq!(card["app_screen_height"], 900);
    assert_eq!(card["app_screen_width"], 1440);
    assert_eq!(card["app_timezone_offset"], -60);
    // The browser's claimed user agent is replaced by the real header.
    assert_eq!(card["user_agent"], "RealAgent/2.0");
    assert_eq!(card["header_accept"], "application/json");
    assert_eq!(card["ip_address"], "127.0.0.1");
    let invoice = sandbox_get(&server, &format!("/invoices/{invoice}")).await["invoice"].clone();
    assert_eq!(invoice["device"]["ip_address"], "127.0.0.1");
    assert_eq!(invoice["device"]["channel"], "web");
}

#[tokio::test]
async fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
    for (trusted, expected) in [(true, "203.0.113.7"), (false, "127.0.0.1")] {
        let mut config = checkout_proxy::Config::sandbox("127.0.0.1:0".parse().unwrap());
        if trusted {
            config.trusted_proxies =
                checkout_proxy::client_ip::TrustedProxies::parse(Some("127.0.0.1"), None).unwrap();
        }
        let server = start(config).await;
        let invoice = new_invoice(&server, "8.00", "EUR").await;
        let card = tokenize(&server, "4242424242424242").await;
        let response = client()
            .post(format!(
                "{}/checkout/invoices/{invoice}/authorize",
                server.url()
            ))
            .header("Idempotency-Key", "xff")
            .header("X-Forwarded-For", "203.0.113.7")
            .json(&serde_json::json!({ "source": card, "device": device() }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let card = sandbox_get(&server, &format!("/cards/{card}")).await["card"].clone();
        assert_eq!(card["ip_address"], expected, "trusted={trusted}");
    }
}

#[tokio::test]
async fn invoice_shows_its_transaction_status_after_payment() {
    let server = sandbox_server().await;
    let (_, body) = authorize(&server, "iv_demoTeaSetJPY", "tok_test4242424242424242", "k").await;
    let tr = body["transaction"]["id"].as_str().unwrap().to_string();
    let (status, body) = status_and_json(
        client()
            .get(format!(
                "{}/checkout/invoices/iv_demoTeaSetJPY",
                server.url()
            ))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["invoice"]["transaction_id"], tr.as_str());
    assert_eq!(body["invoice"]["transaction_status"], "authorized");
    assert_eq!(body["invoice"]["details"][0]["name"], "Cast-iron teapot");
    assert!(!body.to_string().contains("operations"));
}

#[tokio::test]
async fn issuer_pages_run_only_their_own_script_and_post_to_the_exact_parent_origin() {
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "50.00", "EUR").await;
    let (_, body) = authorize(&server, &invoice, "tok_test4000000000000101", "p1").await;
    let page = client()
        .get(body["customer_action"]["value"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(html.contains("<script src=\"../issuer.js\""), "{html}");
    assert!(!html.contains("<script>"), "no inline script: {html}");
    assert!(html.contains("data-outcome=\"success\"") && html.contains("data-outcome=\"failure\""));
    let script = client()
        .get(format!("{}/sandbox/3ds/issuer.js", server.url()))
        .send()
        .await
        .unwrap();
    assert!(script.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let script = script.text().await.unwrap();
    assert!(script.contains("namespace: 'processout.checkout'"));
    assert!(script.contains("postMessage("));
    assert!(
        !script.contains("'*'") && !script.contains("\"*\""),
        "never posts to any origin"
    );
}

#[tokio::test]
async fn a_fingerprint_timeout_result_goes_on_like_a_taken_fingerprint() {
    use base64::Engine;
    let server = sandbox_server().await;
    let invoice = new_invoice(&server, "50.00", "EUR").await;
    let (_, body) = authorize(&server, &invoice, "tok_test4000000000003063", "t1").await;
    let url = body["customer_action"]["value"].as_str().unwrap();
    assert!(url.contains("/3ds/fingerprint/"));
    let result = serde_json::json!({
        "url": url,
        "headers": {"Content-Type": "application/json"},
        "body": "{ \"threeDS2FingerprintTimeout\": true }",
    });
    let source = format!(
        "gway_req_{}",
        base64::engine::general_purpose::STANDARD.encode(result.to_string())
    );
    // Base64 with '+', '/' or '=' passes the proxy's source check, unlike other ids.
    let (status, body) = authorize(&server, &invoice, &source, "t1-1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "authorized");
    assert_eq!(body["transaction"]["three_d_s_status"], "success");
}
