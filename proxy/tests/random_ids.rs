//! Sandbox ids come from the OS CSPRNG (two servers never hand out related ids), and the
//! sandbox's stores are bounded: past the capacity the oldest created object is gone, the
//! newest and the seeded ones stay.

mod common;

use std::collections::HashSet;

use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
use checkout_proxy::sandbox::Sandbox;
use checkout_proxy::secret::Secret;
use common::*;

/// The longest prefix `a` and `b` share.
fn shared_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

#[tokio::test]
async fn two_sandboxes_give_unrelated_ids() {
    let servers = [sandbox_server().await, sandbox_server().await];
    let mut invoices = Vec::new();
    let mut cards = Vec::new();
    for _ in 0..10 {
        for server in &servers {
            invoices.push(new_invoice(server, "1.00", "EUR").await);
            cards.push(tokenize(server, "4242424242424242").await);
        }
    }
    for (ids, prefix) in [(&invoices, "iv_"), (&cards, "card_")] {
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "{ids:?}"
        );
        for id in ids.iter() {
            let random = id.strip_prefix(prefix).unwrap();
            assert_eq!(random.len(), 32, "{id}");
            assert!(random.bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
        }
        // A counter, or a seed shared between servers, shows as long common prefixes;
        // 32 random letters of 62 almost never share more than 3.
        for pair in ids.windows(2) {
            assert!(
                shared_prefix(&pair[0], &pair[1]) < prefix.len() + 5,
                "{pair:?}"
            );
        }
    }
}

/// A sandbox whose stores keep 5 created entries, served over HTTP at `/sandbox`.
async fn small_sandbox() -> String {
    let sandbox = Sandbox::with_capacity(SANDBOX_PROJECT_ID, &Secret::new(SANDBOX_PRIVATE_KEY), 5);
    let app = axum::Router::new().nest("/sandbox", sandbox.routes());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/sandbox")
}

async fn status(url: String) -> u16 {
    client()
        .get(url)
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_full_store_forgets_its_oldest_entries_first() {
    let base = small_sandbox().await;
    let mut ids = Vec::new();
    for i in 0..8 {
        let response = client()
            .post(format!("{base}/invoices"))
            .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
            .form(&[
                ("name", "Bounded"),
                ("amount", &format!("{i}.00")),
                ("currency", "EUR"),
            ])
            .send()
            .await
            .unwrap();
        let (code, body) = status_and_json(response).await;
        assert_eq!(code, 200, "{body}");
        ids.push(body["invoice"]["id"].as_str().unwrap().to_string());
    }
    let mut kept = Vec::new();
    for id in &ids {
        kept.push(status(format!("{base}/invoices/{id}")).await == 200);
    }
    assert_eq!(kept, [false, false, false, true, true, true, true, true]);
    // The seeded demo invoices are never evicted.
    assert_eq!(
        status(format!("{base}/invoices/iv_demoBooksEUR")).await,
        200
    );
    // The emulators' stores are bounded the same way.
    let mut orders = Vec::new();
    for _ in 0..7 {
        let response = client()
            .post(format!("{base}/orders/orders"))
            .bearer_auth(checkout_proxy::sandbox::SANDBOX_ORDERS_TOKEN)
            .json(&serde_json::json!({"name": "Bounded", "currency": "EUR", "amount": 2.50}))
            .send()
            .await
            .unwrap();
        let (code, body) = status_and_json(response).await;
        assert_eq!(code, 200, "{body}");
        orders.push(body["id"].as_str().unwrap().to_string());
    }
    let get = |id: &str| {
        client()
            .get(format!("{base}/orders/orders/{id}"))
            .bearer_auth(checkout_proxy::sandbox::SANDBOX_ORDERS_TOKEN)
            .send()
    };
    assert_eq!(get(&orders[0]).await.unwrap().status().as_u16(), 404);
    assert_eq!(get(&orders[6]).await.unwrap().status().as_u16(), 200);
    assert_eq!(get("demoBooksEUR").await.unwrap().status().as_u16(), 200);
}
