//! The proxy as a library: [`checkout_proxy::router`] mounted under `/checkout` in a
//! merchant's own axum app, the `mount` example's, in live mode against a real sandbox
//! server reached over HTTP (the sandbox's public credentials, as e2e's second proxy).

mod common;
#[allow(dead_code)] // its `main` and `run` are the example's, not called here
#[path = "../examples/mount.rs"]
mod mount;

use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
use checkout_proxy::{Config, RunningServer};
use common::*;

/// A configuration read the way the example reads it, from these variables only.
fn config_from(vars: &[(&str, String)]) -> Config {
    Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    })
    .unwrap()
}

/// Live mode against `sandbox`'s `/sandbox`, with its public credentials; the shop's page
/// origin may call the API cross-origin.
fn live_against(sandbox: &RunningServer) -> Config {
    config_from(&[
        ("CHECKOUT_MODE", "live".into()),
        ("PROCESSOUT_PROJECT_ID", SANDBOX_PROJECT_ID.into()),
        ("PROCESSOUT_PRIVATE_KEY", SANDBOX_PRIVATE_KEY.into()),
        ("PROCESSOUT_API_URL", format!("{}/sandbox", sandbox.url())),
        ("CHECKOUT_ALLOWED_ORIGINS", "https://shop.example".into()),
    ])
}

/// Starts the example's app for `config` on an ephemeral port, served as its `main` serves
/// it; returns the base URL.
async fn merchant(config: &Config) -> String {
    checkout_proxy::logging::init();
    let app = mount::merchant_app(config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(mount::serve(listener, app));
    url
}

#[tokio::test]
async fn a_merchant_app_serves_its_own_routes_and_the_mounted_checkout_api() {
    let sandbox = sandbox_server().await;
    let shop = merchant(&live_against(&sandbox)).await;

    let response = client().get(format!("{shop}/")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "Welcome to the shop.");

    let response = client()
        .get(format!("{shop}/checkout/invoices/iv_demoAmazingItemAUD"))
        .header("Origin", "https://shop.example")
        .send()
        .await
        .unwrap();
    // The router's own layers came along: CORS for the configured origin, a request id.
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        "https://shop.example"
    );
    assert!(header(&response, "x-request-id").starts_with("req_"));
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["invoice"]["id"], "iv_demoAmazingItemAUD");
    assert_eq!(body["invoice"]["currency"], "AUD");
    assert_eq!(body["invoice"]["amount"], "4.99");

    // Outside the mount, only the merchant's routes exist: no health check, no sandbox.
    for path in [
        "/healthz",
        "/sandbox/invoices",
        "/invoices/iv_demoAmazingItemAUD",
    ] {
        let response = client().get(format!("{shop}{path}")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404, "{path}");
    }
}

#[tokio::test]
async fn an_authorize_through_the_mounted_router_reaches_the_sandbox_once() {
    let sandbox = sandbox_server().await;
    let shop = merchant(&live_against(&sandbox)).await;
    let invoice = new_invoice(&sandbox, "12.00", "EUR").await;
    let card = tokenize(&sandbox, "4242424242424242").await;

    let (status, body) = authorize_at(&shop, &invoice, &card, "lib-1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "authorized", "{body}");
    // A retry of the same attempt finds the invoice paid, with its transaction: nothing new
    // is sent to the sandbox.
    let (status, again) = authorize_at(&shop, &invoice, &card, "lib-1").await;
    assert_eq!(status, 409, "{again}");
    assert_eq!(again["error_type"], "invoice.already-paid", "{again}");
    assert_eq!(again["transaction"]["id"], body["transaction"]["id"]);

    let record = sandbox_get(
        &sandbox,
        &format!("/invoices/{invoice}?expand[]=transaction"),
    )
    .await;
    let transaction = &record["invoice"]["transaction"];
    assert_eq!(transaction["id"], body["transaction"]["id"]);
    assert_eq!(
        count_operations(transaction, "authorization"),
        1,
        "{transaction}"
    );
}

#[tokio::test]
async fn sandbox_mode_needs_a_sandbox_url_to_mount() {
    let refused = checkout_proxy::router(&config_from(&[("CHECKOUT_MODE", "sandbox".into())]));
    let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("CHECKOUT_MODE=sandbox"), "{message}");
    assert!(message.contains("PROCESSOUT_API_URL"), "{message}");
    assert!(message.contains("CHECKOUT_MODE=live"), "{message}");
    // The example's app is refused the same way, before it listens.
    assert!(mount::merchant_app(&Config::sandbox("127.0.0.1:0".parse().unwrap())).is_err());

    // Pointed at a running sandbox, sandbox mode mounts and pays there.
    let sandbox = sandbox_server().await;
    let shop = merchant(&config_from(&[
        ("CHECKOUT_MODE", "sandbox".into()),
        ("PROCESSOUT_API_URL", format!("{}/sandbox", sandbox.url())),
    ]))
    .await;
    let invoice = new_invoice(&sandbox, "3.00", "USD").await;
    let (status, body) = authorize_at(&shop, &invoice, "tok_test4242424242424242", "lib-2").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "authorized", "{body}");
}

#[tokio::test]
async fn served_without_the_clients_address_the_api_says_it_is_misconfigured() {
    let sandbox = sandbox_server().await;
    let app = mount::merchant_app(&live_against(&sandbox)).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let shop = format!("http://{}", listener.local_addr().unwrap());
    // Served the plain way, without `into_make_service_with_connect_info`.
    tokio::spawn(async move { axum::serve(listener, app).await });

    let response = client()
        .get(format!("{shop}/checkout/invoices/iv_demoAmazingItemAUD"))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["error_type"], "proxy.misconfigured", "{body}");
    // The merchant's own routes are not affected.
    let response = client().get(format!("{shop}/")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
}
