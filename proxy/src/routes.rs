//! The widget-facing API under `/checkout`: checks what the widget sent, asks the
//! configured [`Provider`], and answers with checkout-core's contract types, which hold
//! only display-safe data.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::contract::{AuthorizeResponse, InvoiceEnvelope, TransactionEnvelope};
use checkout_core::saved::SavedSourcesEnvelope;
use checkout_core::ErrorCode;
use serde_json::Value;

use crate::api_error::ApiError;
use crate::client_ip::client_ip;
use crate::device::{self, RequestFacts};
use crate::provider::{AuthorizeRequest, Provider};
use crate::rate_limit::retry_after_secs;
use crate::secret::mask;
use crate::upstream::within;
use crate::{AppState, MAX_BODY_BYTES};

/// Every route under `/checkout`, as (method, path). docs/openapi.yaml must list each one;
/// a test holds them together.
pub const ROUTES: [(&str, &str); 4] = [
    ("GET", "/invoices/{invoice_id}"),
    ("POST", "/invoices/{invoice_id}/authorize"),
    ("GET", "/transactions/{transaction_id}"),
    ("GET", "/invoices/{invoice_id}/saved-sources"),
];

/// Routes mounted at `/checkout`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(ROUTES[0].1, get(get_invoice))
        .route(ROUTES[1].1, post(authorize))
        .route(ROUTES[2].1, get(get_transaction))
        .route(ROUTES[3].1, get(get_saved_sources))
}

/// The client's address (see [`crate::client_ip`]), extracted only once its rate limit let
/// the request through: GETs spend the read quota, every other method the authorize quota.
/// Every handler under `/checkout` takes it first, before anything else is looked at.
pub struct Client(pub IpAddr);

impl FromRequestParts<AppState> for Client {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        // The rate limits key on the client's address, which only the server knows: an app
        // serving `router` without connect info gets this error, with the fix in the log.
        let Ok(ConnectInfo(peer)) =
            ConnectInfo::<SocketAddr>::from_request_parts(parts, state).await
        else {
            tracing::error!(
                "the checkout API needs the client's address: serve the app with \
                 into_make_service_with_connect_info::<SocketAddr>()"
            );
            return Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::ProxyMisconfigured,
                "the checkout service is misconfigured",
            )
            .into_response());
        };
        let ip = client_ip(peer.ip(), &parts.headers, &state.trusted_proxies);
        let (limiter, quota, message) = if parts.method == Method::GET {
            (
                &state.read_limiter,
                "read",
                "too many requests from this address; retry after Retry-After seconds",
            )
        } else {
            (
                &state.authorize_limiter,
                "authorize",
                "too many payment attempts from this address; wait and retry with the same idempotency key",
            )
        };
        let Err(wait) = limiter.check(ip) else {
            return Ok(Self(ip));
        };
        let retry_after = retry_after_secs(wait);
        tracing::warn!(client_ip = %ip, quota, retry_after, "rate limit reached");
        let error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RequestRateExceeded,
            message,
        );
        Err(([(header::RETRY_AFTER, retry_after.to_string())], error).into_response())
    }
}

/// `true` for an `Idempotency-Key` of 1 to 128 characters of `[A-Za-z0-9_-]`.
pub fn valid_idempotency_key(key: &str) -> bool {
    (1..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The payment sources the widget may send: a card token, a customer token, or the result
/// of a 3-D Secure step (see [`checkout_core::limits::is_three_d_s_result`]).
fn valid_source(source: &str) -> bool {
    checkout_core::limits::is_three_d_s_result(source)
        || ["card", "tok"]
            .iter()
            .any(|prefix| valid_id(source, prefix))
}

/// `true` for ids of the form `<prefix>_<alphanumerics>`, e.g. `iv_0kJ1i4d0...`. Checked
/// before any upstream call so a crafted id can never change the upstream path.
pub fn valid_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('_'))
        .is_some_and(|rest| {
            (1..=64).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

async fn get_invoice(
    State(state): State<AppState>,
    _client: Client,
    Path(invoice_id): Path<String>,
) -> Result<Json<InvoiceEnvelope>, ApiError> {
    if !valid_id(&invoice_id, "iv") {
        return Err(ApiError::validation(
            "invoice_id must look like iv_ followed by 1 to 64 letters or digits",
        ));
    }
    let invoice = within(state.upstream_deadline, state.provider.invoice(&invoice_id)).await?;
    Ok(Json(InvoiceEnvelope {
        success: true,
        invoice,
    }))
}

/// The invoice's own customer's saved cards: the invoice id is the capability to pay it,
/// so it shows only what paying it may use. Display-safe (brand, last 4, expiry).
async fn get_saved_sources(
    State(state): State<AppState>,
    _client: Client,
    Path(invoice_id): Path<String>,
) -> Result<Json<SavedSourcesEnvelope>, ApiError> {
    if !valid_id(&invoice_id, "iv") {
        return Err(ApiError::validation(
            "invoice_id must look like iv_ followed by 1 to 64 letters or digits",
        ));
    }
    let saved_sources = within(
        state.upstream_deadline,
        state.provider.saved_sources(&invoice_id),
    )
    .await?;
    Ok(Json(SavedSourcesEnvelope {
        success: true,
        saved_sources,
    }))
}

async fn authorize(
    State(state): State<AppState>,
    Client(ip): Client,
    Path(invoice_id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<AuthorizeResponse>, ApiError> {
    if !valid_id(&invoice_id, "iv") {
        return Err(ApiError::validation(
            "invoice_id must look like iv_ followed by 1 to 64 letters or digits",
        ));
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| valid_idempotency_key(k))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::RequestIdempotencyKeyInvalid,
                "the Idempotency-Key header is required: 1 to 128 characters of A-Z, a-z, 0-9, _ and -",
            )
        })?
        .to_string();
    if !is_json(&headers) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::RequestBadFormat,
            "the body must be sent as Content-Type: application/json",
        ));
    }
    let bytes = read_body(&headers, body).await?;
    let request: Value = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::RequestBadFormat,
            format!("the body is not valid JSON: {e}"),
        )
    })?;
    if !request.is_object() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::RequestBadFormat,
            "the body must be a JSON object",
        ));
    }
    let source = request
        .get("source")
        .and_then(Value::as_str)
        .filter(|s| valid_source(s))
        .ok_or_else(|| {
            ApiError::validation(
                "source must be a card_ or tok_ id (letters and digits after the prefix) or a gway_req_ 3-D Secure result",
            )
        })?;
    let save = match request.get("save") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(save)) => *save,
        Some(_) => return Err(ApiError::validation("save must be true or false")),
    };
    let header_text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let facts = RequestFacts {
        ip_address: ip.to_string(),
        user_agent: header_text(header::USER_AGENT),
        header_accept: header_text(header::ACCEPT),
    };
    let device = device::build(request.get("device"), &facts)?;
    tracing::info!(
        invoice_id,
        source = %mask(source),
        save,
        idempotency_key = %key,
        client_ip = %ip,
        "authorize"
    );
    let request = AuthorizeRequest {
        source,
        device: &device,
        idempotency_key: &key,
        save,
    };
    // One deadline for the already-paid read and the authorization together.
    let answer = within(
        state.upstream_deadline,
        state.provider.authorize(&invoice_id, &request),
    )
    .await?;
    Ok(Json(answer))
}

async fn get_transaction(
    State(state): State<AppState>,
    _client: Client,
    Path(transaction_id): Path<String>,
) -> Result<Json<TransactionEnvelope>, ApiError> {
    if !valid_id(&transaction_id, "tr") {
        return Err(ApiError::validation(
            "transaction_id must look like tr_ followed by 1 to 64 letters or digits",
        ));
    }
    let transaction = within(
        state.upstream_deadline,
        state.provider.transaction(&transaction_id),
    )
    .await?;
    Ok(Json(TransactionEnvelope {
        success: true,
        transaction,
    }))
}

/// `true` when the body is declared as `application/json` (parameters such as `charset` are
/// allowed). Anything else is refused: a browser sends a `text/plain` or form POST to another
/// origin without asking CORS first, so accepting those would let any web page authorize.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads at most [`MAX_BODY_BYTES`]; more is refused with `request.body.too-large`.
async fn read_body(headers: &HeaderMap, body: Body) -> Result<axum::body::Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::RequestBodyTooLarge,
            format!("the request body must be at most {MAX_BODY_BYTES} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| too_large())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_strictly() {
        assert!(valid_id("iv_0kJ1i4d06uViosJjCKpUHzKeauffMom4", "iv"));
        for bad in [
            "iv_", "iv", "tr_abc", "iv_../x", "iv_a%2Fb", "iv_a b", "iv_é", "xiv_a",
        ] {
            assert!(!valid_id(bad, "iv"), "{bad} accepted");
        }
        assert!(!valid_id(&format!("iv_{}", "a".repeat(65)), "iv"));
    }

    #[test]
    fn idempotency_keys_and_sources_are_checked_strictly() {
        assert!(valid_idempotency_key("a"));
        assert!(valid_idempotency_key(&"k-_9".repeat(32)));
        for bad in ["", "a b", "a/b", "é", "a.b"] {
            assert!(!valid_idempotency_key(bad), "{bad:?}");
        }
        assert!(!valid_idempotency_key(&"k".repeat(129)));
        for good in [
            "card_abc",
            "tok_test4242424242424242",
            "gway_req_x1",
            "gway_req_eyJ1cmwiOiJodHRwOi8vYS9iIn0=",
        ] {
            assert!(valid_source(good), "{good}");
        }
        for bad in [
            "4242424242424242",
            "card_",
            "tok_a-b",
            "src_x",
            "gway_req_../",
            "gway_req_",
            "gway_req_a b",
        ] {
            assert!(!valid_source(bad), "{bad}");
        }
        assert!(!valid_source(&format!(
            "gway_req_{}",
            "a".repeat(checkout_core::limits::THREE_D_S_RESULT_MAX_LEN)
        )));
    }
}
