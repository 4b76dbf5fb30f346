//! docs/openapi.yaml lists every route the router serves under /checkout, and each listed
//! route is really served, so the document and the code cannot drift apart; every route
//! docs/sandbox.openapi.yaml lists is served by the sandbox. (What the routes answer is
//! checked against both documents by Schemathesis: scripts/schemathesis.sh.)

mod common;

use checkout_proxy::routes::ROUTES;
use common::*;

fn openapi() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/openapi.yaml")).unwrap()
}

fn sandbox_openapi() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/sandbox.openapi.yaml"
    ))
    .unwrap()
}

/// The lines of the `paths:` entry for `path`, up to the next path.
fn path_block<'a>(doc: &'a str, path: &str) -> Option<&'a str> {
    let start = doc.find(&format!("\n  {path}:\n"))?;
    let rest = &doc[start + 1..];
    let end = rest[1..]
        .find("\n  /")
        .or_else(|| rest.find("\ncomponents:"))
        .map(|i| i + 1)
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

#[test]
fn every_checkout_route_is_documented_with_its_method() {
    let doc = openapi();
    for (method, path) in ROUTES {
        let block = path_block(&doc, &format!("/checkout{path}"))
            .unwrap_or_else(|| panic!("/checkout{path} missing from docs/openapi.yaml"));
        assert!(
            block.contains(&format!("\n    {}:", method.to_lowercase())),
            "{method} /checkout{path} not documented"
        );
    }
    let documented = doc.matches("\n  /checkout/").count();
    assert_eq!(
        documented,
        ROUTES.len(),
        "openapi.yaml documents a route the router lacks"
    );
}

#[tokio::test]
async fn every_listed_route_is_served_and_others_are_not() {
    let server = sandbox_server().await;
    for (method, path) in ROUTES {
        let path = path
            .replace("{invoice_id}", "iv_demoAmazingItemAUD")
            .replace("{transaction_id}", "tr_unknown");
        let response = client()
            .request(
                method.parse().unwrap(),
                format!("{}/checkout{path}", server.url()),
            )
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        // A served route answers with its own JSON error at worst, never a bare 404/405.
        let (_, body) = status_and_json(response).await;
        assert!(
            body.get("success").is_some(),
            "{method} {path}: {status} {body}"
        );
    }
    let response = client()
        .get(format!("{}/checkout/refunds", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
}

#[tokio::test]
async fn every_route_of_the_sandbox_document_is_served() {
    use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
    let doc = sandbox_openapi();
    let server = sandbox_server().await;
    let mut routes = 0;
    for path in doc
        .lines()
        .filter_map(|line| line.strip_prefix("  /sandbox/"))
        .filter_map(|rest| rest.strip_suffix(':'))
    {
        let block = path_block(&doc, &format!("/sandbox/{path}")).unwrap();
        for method in ["get", "post", "delete"] {
            if !block.contains(&format!("\n    {method}:")) {
                continue;
            }
            routes += 1;
            let url = format!("{}/sandbox/{path}", server.url())
                .replace("{invoice_id}", "iv_unknown")
                .replace("{card_id}", "card_unknown")
                .replace("{transaction_id}", "tr_unknown")
                .replace("{customer_id}", "cust_unknown")
                .replace("{token_id}", "tok_unknown");
            let response = client()
                .request(method.to_uppercase().parse().unwrap(), url)
                .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            // Served: the sandbox's own JSON answer (a 400 for the empty body, a 404 for the
            // unknown id), never the router's bare 404 or 405.
            let (_, body) = status_and_json(response).await;
            assert!(
                body.get("success").is_some(),
                "{method} /sandbox/{path}: {status} {body}"
            );
        }
    }
    assert_eq!(
        routes, 11,
        "docs/sandbox.openapi.yaml lost or gained a route"
    );
}
