//! Sandbox 3-D Secure pages: the card issuer's side of a customer action. The customer
//! action of a 3DS test card points here. The fingerprint page completes by itself; the
//! challenge page has Complete and Fail buttons. Either way the page (its script is
//! `issuer.js`, no inline code, so it runs under a strict CSP) completes the step with a
//! `fetch` (no navigation, so the checkout's history does not grow) and posts the
//! ProcessOut-shaped result `{namespace: "processout.checkout", action, data}` to the exact
//! origin of the page that framed it, never to `"*"`. `data` is a `gway_req_<reference>`
//! source to authorize the invoice with again.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{parse_body, Resource, Sandbox};
use crate::error::SandboxError;

const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
style-src 'self'; form-action 'none'; frame-ancestors *; base-uri 'none'";

/// The issuer pages' behaviour, served as `/sandbox/3ds/issuer.js`.
const ISSUER_JS: &str = include_str!("issuer.js");

fn plain_reference(reference: &str) -> bool {
    (1..=64).contains(&reference.len()) && reference.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `GET /3ds/{fingerprint|challenge}/{reference}`: a minimal page with the step's choices.
pub async fn page(
    State(sandbox): State<Sandbox>,
    Path((kind, reference)): Path<(String, String)>,
) -> Result<Response, SandboxError> {
    if !plain_reference(&reference) || !sandbox.store().three_ds.contains_key(&reference) {
        return Err(SandboxError::not_found(Resource::ThreeDsStep));
    }
    let silent = kind == "fingerprint" && sandbox.inner.faults.take_silent_fingerprint();
    let body = match kind.as_str() {
        "challenge" => format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Sandbox bank: confirm this payment</title><script src=\"../issuer.js\" defer></script></head>\
<body data-kind=\"redirect\" data-reference=\"{reference}\"><main>\
<h1>Sandbox bank: confirm this payment</h1>\
<p>This page plays the card issuer's 3-D Secure challenge. No real bank is involved.</p>\
<p>Reference {reference}</p>\
<button type=\"button\" data-outcome=\"success\" data-testid=\"issuer-complete\" disabled>Complete</button> \
<button type=\"button\" data-outcome=\"failure\" data-testid=\"issuer-fail\" disabled>Fail</button>\
<p role=\"status\" id=\"state\"></p></main></body></html>"
        ),
        "fingerprint" => format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Sandbox bank: device fingerprint</title><script src=\"../issuer.js\" defer></script></head>\
<body data-kind=\"fingerprint\" data-reference=\"{reference}\" data-silent=\"{silent}\">\
<p>Sandbox 3-D Secure fingerprint {reference}</p><p role=\"status\" id=\"state\"></p></body></html>"
        ),
        _ => return Err(SandboxError::not_found(Resource::ThreeDsStep)),
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

/// `GET /3ds/issuer.js`: the issuer pages' script.
pub async fn script() -> Response {
    let mut response = (StatusCode::OK, ISSUER_JS).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

/// `POST /3ds/{reference}/complete` with `outcome` = `success` (default) or `failure`.
/// Answers `{"success": true, "source": "gway_req_<reference>"}`. With `"finish": true`
/// (the page was opened in the whole window, `metadata.no_iframe`), the sandbox also
/// authorizes the invoice with the result, as the gateway does after a redirect, and
/// answers the invoice's `return_url`, with `invoice_id=<id>` added, for the page to go
/// back to.
pub async fn complete(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(reference): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, SandboxError> {
    let body = parse_body(&headers, &body)?;
    let passed = match body.get("outcome").and_then(Value::as_str) {
        None | Some("success") => true,
        Some("failure") => false,
        Some(_) => {
            return Err(SandboxError::validation(
                "outcome must be success or failure",
            ))
        }
    };
    let finish = matches!(body.get("finish"), Some(Value::Bool(true)));
    let invoice_id = {
        let mut store = sandbox.store();
        let step = store
            .three_ds
            .get_mut(&reference)
            .filter(|_| plain_reference(&reference))
            .ok_or_else(|| SandboxError::not_found(Resource::ThreeDsStep))?;
        step.outcome = Some(passed);
        step.invoice_id.clone()
    };
    let source = format!("gway_req_{reference}");
    if !finish {
        return Ok(Json(json!({ "success": true, "source": source })));
    }
    // A decline is recorded on the transaction; the customer still goes back to the shop.
    let _ = super::authorize::authorize_after_redirect(&sandbox, &invoice_id, &reference);
    // Like a gateway's redirect back, the URL names the invoice, so the page finds it.
    let return_url = sandbox
        .store()
        .invoices
        .get(&invoice_id)
        .and_then(|invoice| invoice.get("return_url"))
        .and_then(Value::as_str)
        .map(|url| {
            let separator = if url.contains('?') { '&' } else { '?' };
            Value::String(format!("{url}{separator}invoice_id={invoice_id}"))
        })
        .unwrap_or(Value::Null);
    Ok(Json(json!({
        "success": true,
        "source": source,
        "return_url": return_url,
    })))
}
