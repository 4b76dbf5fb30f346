//! Sandbox 3-D Secure pages. The customer action of a 3DS test card points here; completing
//! the step yields a `gway_req_<reference>` source to authorize the invoice with again.
//! The pages are plain HTML forms (no script) so they work under a strict CSP; a richer
//! challenge UI speaking postMessage can replace them at the same URLs.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{not_found, parse_body, Sandbox};
use crate::api_error::ApiError;

const PAGE_CSP: &str =
    "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors *; base-uri 'none'";

fn plain_reference(reference: &str) -> bool {
    (1..=64).contains(&reference.len()) && reference.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `GET /3ds/{fingerprint|challenge}/{reference}`: a minimal page with the step's choices.
pub async fn page(
    State(sandbox): State<Sandbox>,
    Path((kind, reference)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    if !plain_reference(&reference) || !sandbox.store().three_ds.contains_key(&reference) {
        return Err(not_found("3ds-step"));
    }
    let body = match kind.as_str() {
        "challenge" => format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox 3-D Secure challenge</title></head>\
<body><h1>Sandbox 3-D Secure challenge</h1><p>Reference {reference}</p>\
<form method=\"post\" action=\"../{reference}/complete\"><input type=\"hidden\" name=\"outcome\" value=\"success\"><button type=\"submit\">Authenticate</button></form>\
<form method=\"post\" action=\"../{reference}/complete\"><input type=\"hidden\" name=\"outcome\" value=\"failure\"><button type=\"submit\">Fail authentication</button></form>\
</body></html>"
        ),
        "fingerprint" => format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox 3-D Secure fingerprint</title></head>\
<body><p>Sandbox 3-D Secure fingerprint {reference}</p>\
<form method=\"post\" action=\"../{reference}/complete\"><button type=\"submit\">Continue</button></form></body></html>"
        ),
        _ => return Err(not_found("3ds-step")),
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_CSP),
    );
    Ok(response)
}

/// `POST /3ds/{reference}/complete` with `outcome` = `success` (default) or `failure`.
/// Answers `{"success": true, "source": "gway_req_<reference>"}`.
pub async fn complete(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(reference): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = parse_body(&headers, &body)?;
    let passed = match body.get("outcome").and_then(Value::as_str) {
        None | Some("success") => true,
        Some("failure") => false,
        Some(_) => return Err(ApiError::validation("outcome must be success or failure")),
    };
    let mut store = sandbox.store();
    let step = store
        .three_ds
        .get_mut(&reference)
        .filter(|_| plain_reference(&reference))
        .ok_or_else(|| not_found("3ds-step"))?;
    step.outcome = Some(passed);
    Ok(Json(
        json!({ "success": true, "source": format!("gway_req_{reference}") }),
    ))
}
