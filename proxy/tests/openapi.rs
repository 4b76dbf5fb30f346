//! docs/openapi.yaml lists every route the router serves under /checkout, and each listed
//! route is really served, so the document and the code cannot drift apart.

mod common;

use checkout_proxy::routes::ROUTES;
use common::*;

fn openapi() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/openapi.yaml")).unwrap()
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
