//! Authorize, capture and void an invoice; fetch a transaction with its operations.
//!
//! One transaction per invoice, as at ProcessOut: every attempt on the invoice adds an
//! operation to it, so a test can count authorizations. This module is the calls' common
//! frame (authentication, idempotency, fault injection); [`super::authorize`] and
//! [`super::transactions`] do the work.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::ErrorCode;
use serde_json::{json, Value};

use super::authorize::authorize_invoice;
use super::call::{Call, Outcome};
use super::emulator::Seen;
use super::faults::FaultMode;
use super::transactions::{capture_invoice, complete_pending, void_invoice};
use super::{parse_body, Resource, Sandbox};
use crate::error::SandboxError;

/// What a payment call does to an invoice: the last segment of its route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Authorize,
    Capture,
    Void,
}

impl Action {
    /// The action a route ends with (`/invoices/{id}/capture`).
    fn of(uri: &Uri) -> Option<Self> {
        match uri.path().rsplit('/').next()? {
            "authorize" => Some(Self::Authorize),
            "capture" => Some(Self::Capture),
            "void" => Some(Self::Void),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Authorize => "authorize",
            Self::Capture => "capture",
            Self::Void => "void",
        }
    }
}

/// `POST /invoices/{id}/authorize`; `/capture`, which captures the authorized transaction,
/// or authorizes and captures when a `source` is given; `/void`, which voids the authorized
/// transaction. One handler: the route's last segment names the action.
pub async fn call(
    State(sandbox): State<Sandbox>,
    uri: Uri,
    headers: HeaderMap,
    Path(invoice_id): Path<String>,
    body: Bytes,
) -> Response {
    let Some(action) = Action::of(&uri) else {
        // Only the three routes lead here; anything else is a path the sandbox lacks.
        return StatusCode::NOT_FOUND.into_response();
    };
    // Injected faults are for authorize calls only.
    let fault = match action {
        Action::Authorize => sandbox.inner.faults.take(),
        _ => None,
    };
    handle(sandbox, headers, action, invoice_id, body, fault)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// `GET /transactions/{id}`, with its `operations`.
pub async fn get_transaction(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(transaction_id): Path<String>,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let store = sandbox.store();
    let transaction = store
        .transactions
        .get(&transaction_id)
        .cloned()
        .ok_or_else(|| SandboxError::not_found(Resource::Transaction))?;
    Ok(Json(json!({ "success": true, "transaction": transaction })))
}

/// Authentication, the idempotency rule and fault injection around one payment call.
async fn handle(
    sandbox: Sandbox,
    headers: HeaderMap,
    action: Action,
    invoice_id: String,
    body: Bytes,
    fault: Option<(FaultMode, Duration)>,
) -> Result<Response, SandboxError> {
    sandbox.authenticate(&headers)?;
    if let Some((FaultMode::Fail503, _)) = fault {
        return Err(SandboxError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::GatewayUnknownError,
            "The sandbox was told to fail this call (fault injection); nothing was processed.",
        ));
    }
    let request = Value::Object(parse_body(&headers, &body)?);
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| format!("{}:{invoice_id}:{k}", action.name()));
    if let Some(key) = &key {
        let mut store = sandbox.store();
        match store.idempotency.seen(key, &request) {
            Seen::Answered(status, body) => {
                let action = action.name();
                tracing::info!(action, "sandbox replayed an idempotent answer");
                return Ok(replay(status, body));
            }
            Seen::InFlight => {
                return Err(SandboxError::new(
                    StatusCode::CONFLICT,
                    ErrorCode::RequestStillProcessing,
                    "A request with this idempotency key is still being processed; retry shortly with the same key.",
                ));
            }
            Seen::Conflict => return Err(key_reused()),
            Seen::New => store.idempotency.start(key.clone(), request.clone()),
        }
    }
    let base = public_base(&headers);
    let worker = sandbox.clone();
    // Spawned so that a client hanging up (a proxy timing out) does not cancel the payment
    // half-way, as it would not at a real provider.
    let task = tokio::spawn(async move {
        if let Some((FaultMode::Slow, delay)) = fault {
            tokio::time::sleep(delay).await;
        }
        let outcome = {
            let mut store = worker.store();
            let call = Call {
                sandbox: &worker,
                invoice_id: &invoice_id,
                request: &request,
                base: &base,
            };
            let outcome = match action {
                Action::Authorize => authorize_invoice(&call, &mut store),
                Action::Capture => capture_invoice(&call, &mut store),
                Action::Void => void_invoice(&mut store, &invoice_id),
            };
            let outcome = outcome.unwrap_or_else(Outcome::error);
            if let Some(key) = key {
                let body = outcome.body.clone();
                store.idempotency.keep(key, request, outcome.status, body);
            }
            outcome
        };
        if let Some(transaction_id) = outcome.complete_later.clone() {
            let later = worker.clone();
            tokio::spawn(async move {
                tokio::time::sleep(super::PENDING_DELAY).await;
                complete_pending(&mut later.store(), &transaction_id);
            });
        }
        outcome
    });
    let outcome = task.await.map_err(|_| {
        SandboxError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::GatewayUnknownError,
            "The sandbox failed while processing the request.",
        )
    })?;
    match fault {
        Some((FaultMode::DropResponse, _)) => {
            tracing::warn!(
                "sandbox processed the call and is dropping the response (fault injection)"
            );
            Ok(dropped_response())
        }
        Some((FaultMode::Fail500AfterCommit, _)) => {
            tracing::warn!("sandbox processed the call and answers 500 (fault injection)");
            // No `error_type`: a provider failing after it acted says nothing usable.
            Ok((
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({ "success": false })),
            )
                .into_response())
        }
        Some((FaultMode::Garbage200AfterCommit, _)) => {
            tracing::warn!(
                "sandbox processed the call and answers a non-JSON 200 (fault injection)"
            );
            Ok(garbage_200())
        }
        _ => Ok((outcome.status, Json(outcome.body)).into_response()),
    }
}

/// A 200 that claims JSON and is not: a client must not read a success into it.
pub(crate) fn garbage_200() -> Response {
    let mut response = Response::new(Body::from("OK <not JSON: fault injection>"));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

fn key_reused() -> SandboxError {
    SandboxError::new(
        StatusCode::CONFLICT,
        ErrorCode::RequestIdempotencyKeyInvalid,
        "This idempotency key was already used with a different request body.",
    )
}

fn replay(status: StatusCode, body: Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(
        "idempotent-replayed",
        header::HeaderValue::from_static("true"),
    );
    response
}

/// A 200 whose body breaks off: the client sees a reset connection after the provider acted.
pub(crate) fn dropped_response() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("fault injection: response dropped"))
    });
    let mut response = Response::new(Body::from_stream(stream));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

/// The sandbox's own URL as the caller reached it, for customer action pages.
fn public_base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("http://{host}/sandbox")
}
