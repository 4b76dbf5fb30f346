//! Authorize, capture and void an invoice; fetch a transaction with its operations.
//!
//! One transaction per invoice, as at ProcessOut: every attempt on the invoice adds an
//! operation to it, so a test can count authorizations.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use checkout_core::ErrorCode;
use serde_json::{json, Value};

use super::cards::{self, Behaviour};
use super::faults::FaultMode;
use super::{ids, parse_body, Idempotent, Resource, Sandbox, Store, StoredCard, ThreeDs};
use crate::error::SandboxError;
use checkout_core::secret::mask;

/// Statuses meaning the invoice is already paid or being paid: a new authorization would
/// charge the customer twice.
const PAID_STATUSES: [&str; 4] = ["authorized", "pending", "pending-capture", "completed"];

/// The Card attributes the sandbox records from an authorization's `device`.
pub const DEVICE_CARD_FIELDS: [&str; 9] = [
    "app_color_depth",
    "app_java_enabled",
    "app_language",
    "app_screen_height",
    "app_screen_width",
    "app_timezone_offset",
    "user_agent",
    "header_accept",
    "ip_address",
];

/// What a payment call produced: status, body, and a transaction to complete later.
struct Outcome {
    status: StatusCode,
    body: Value,
    complete_later: Option<String>,
}

impl Outcome {
    fn ok(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body,
            complete_later: None,
        }
    }

    fn error(error: SandboxError) -> Self {
        Self {
            status: error.status,
            body: error.body_json(),
            complete_later: None,
        }
    }
}

/// The source of an authorization once resolved.
struct Source {
    card_id: String,
    number: String,
    token_id: Option<String>,
    /// Set when the source is the result of a 3-D Secure step: (challenge?, passed?).
    three_ds: Option<(bool, bool)>,
}

/// `POST /invoices/{id}/authorize`.
pub async fn authorize(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(invoice_id): Path<String>,
    body: Bytes,
) -> Response {
    let fault = sandbox.inner.faults.take();
    handle(sandbox, headers, "authorize", invoice_id, body, fault)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// `POST /invoices/{id}/capture`: captures the authorized transaction, or authorizes and
/// captures when a `source` is given.
pub async fn capture(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(invoice_id): Path<String>,
    body: Bytes,
) -> Response {
    handle(sandbox, headers, "capture", invoice_id, body, None)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// `POST /invoices/{id}/void`: voids the authorized transaction.
pub async fn void(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(invoice_id): Path<String>,
    body: Bytes,
) -> Response {
    handle(sandbox, headers, "void", invoice_id, body, None)
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
    action: &'static str,
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
        .map(|k| format!("{action}:{invoice_id}:{k}"));
    if let Some(key) = &key {
        let mut store = sandbox.store();
        match store.idempotency.get(key) {
            Some(Idempotent::Done {
                request: first,
                status,
                body,
            }) => {
                if *first != request {
                    return Err(key_reused());
                }
                tracing::info!(action, "sandbox replayed an idempotent answer");
                return Ok(replay(*status, body.clone()));
            }
            Some(Idempotent::InFlight(first)) => {
                if *first != request {
                    return Err(key_reused());
                }
                return Err(SandboxError::new(
                    StatusCode::CONFLICT,
                    ErrorCode::RequestStillProcessing,
                    "A request with this idempotency key is still being processed; retry shortly with the same key.",
                ));
            }
            None => {
                store
                    .idempotency
                    .insert(key.clone(), Idempotent::InFlight(request.clone()));
            }
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
            let outcome = match action {
                "authorize" => authorize_invoice(&worker, &mut store, &invoice_id, &request, &base),
                "capture" => capture_invoice(&worker, &mut store, &invoice_id, &request, &base),
                _ => void_invoice(&mut store, &invoice_id),
            };
            let outcome = outcome.unwrap_or_else(Outcome::error);
            if let Some(key) = key {
                store.idempotency.insert(
                    key,
                    Idempotent::Done {
                        request,
                        status: outcome.status,
                        body: outcome.body.clone(),
                    },
                );
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
    if let Some((FaultMode::DropResponse, _)) = fault {
        tracing::warn!("sandbox processed the call and is dropping the response (fault injection)");
        return Ok(dropped_response());
    }
    Ok((outcome.status, Json(outcome.body)).into_response())
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
fn dropped_response() -> Response {
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

fn new_transaction(invoice: &Value, transaction_id: &str) -> Value {
    json!({
        "id": transaction_id,
        "project_id": invoice.get("project_id"),
        "invoice_id": invoice.get("id"),
        "customer_id": invoice.get("customer_id"),
        "token_id": null,
        "card_id": null,
        "gateway_configuration_id": "gway_conf_sandbox",
        "name": invoice.get("name"),
        "amount": invoice.get("amount"),
        "authorized_amount": "0",
        "captured_amount": "0",
        "refunded_amount": "0",
        "available_amount": "0",
        "currency": invoice.get("currency"),
        "authorized": false,
        "captured": false,
        "refunded": false,
        "voided": false,
        "chargedback": false,
        "status": "waiting",
        "three_d_s_status": null,
        "gateway_name": "sandbox",
        "acquirer_name": null,
        "error_code": null,
        "error_message": null,
        "metadata": invoice.get("metadata").cloned().unwrap_or(json!({})),
        "sandbox": true,
        "created_at": ids::now_rfc3339(),
        "operations": [],
    })
}

fn push_operation(
    transaction: &mut Value,
    kind: &str,
    source: Option<&Source>,
    failed: Option<&str>,
) {
    let operation = json!({
        "id": ids::new_id("op"),
        "transaction_id": transaction.get("id"),
        "gateway_configuration_id": "gway_conf_sandbox",
        "token_id": source.and_then(|s| s.token_id.clone()),
        "card_id": source.map(|s| s.card_id.clone()),
        "amount": transaction.get("amount"),
        "currency": transaction.get("currency"),
        "type": kind,
        "is_attempt": false,
        "has_failed": failed.is_some(),
        "is_accountable": failed.is_none() && kind != "three_d_s_check",
        "error_code": failed,
        "error_message": failed.map(cards::decline_message),
        "arn": null,
        "gateway_operation_id": ids::new_id("gwop"),
        "metadata": {},
        "created_at": ids::now_rfc3339(),
    });
    if let Some(list) = transaction
        .get_mut("operations")
        .and_then(Value::as_array_mut)
    {
        list.push(operation);
    }
}

fn set(value: &mut Value, key: &str, to: Value) {
    if let Some(obj) = value.as_object_mut() {
        obj.insert(key.to_string(), to);
    }
}

fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// Resolves `source` to a card, enforcing single use of `card_` tokens.
fn resolve_source(
    sandbox: &Sandbox,
    store: &mut Store,
    invoice_id: &str,
    source: &str,
) -> Result<Source, SandboxError> {
    if source.starts_with("card_") {
        let card = store
            .cards
            .get_mut(source)
            .ok_or_else(|| SandboxError::not_found(Resource::Card))?;
        if card.single_use && card.used {
            return Err(SandboxError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::RequestSourceCardAlreadyUsed,
                "This card token was already used; card tokens are single-use. Tokenize the card again.",
            ));
        }
        card.used = true;
        return Ok(Source {
            card_id: source.to_string(),
            number: card.number.clone(),
            token_id: None,
            three_ds: None,
        });
    }
    if source.starts_with("tok_") {
        let number = cards::saved_token_number(source)
            .ok_or_else(|| SandboxError::not_found(Resource::Token))?;
        let card_id = format!("card_savedTest{number}");
        store
            .cards
            .entry(card_id.clone())
            .or_insert_with(|| StoredCard {
                number: number.to_string(),
                single_use: false,
                used: false,
                public: cards::card_object(
                    &sandbox.inner.project_id,
                    &card_id,
                    number,
                    12,
                    2030,
                    Some("Saved test card"),
                    true,
                ),
            });
        return Ok(Source {
            card_id,
            number: number.to_string(),
            token_id: Some(source.to_string()),
            three_ds: None,
        });
    }
    if let Some(token) = source.strip_prefix("gway_req_") {
        let timed_out = fingerprint_timeout_reference(token);
        let reference = timed_out.as_deref().unwrap_or(token);
        let step = store
            .three_ds
            .get_mut(reference)
            .filter(|step| step.invoice_id == invoice_id)
            .ok_or_else(|| {
                SandboxError::validation("source: unknown 3-D Secure result for this invoice")
            })?;
        if step.consumed {
            return Err(SandboxError::validation(
                "source: this 3-D Secure result was already used",
            ));
        }
        // A fingerprint that timed out counts as taken; any other step must be completed.
        let passed = match (step.outcome, &timed_out) {
            (Some(passed), _) => passed,
            (None, Some(_)) if !step.challenge => true,
            (None, _) => {
                return Err(SandboxError::validation(
                    "source: the 3-D Secure step has not been completed yet",
                ))
            }
        };
        step.consumed = true;
        let (card_id, token_id, challenge) =
            (step.card_id.clone(), step.token_id.clone(), step.challenge);
        let number = store
            .cards
            .get(&card_id)
            .map(|c| c.number.clone())
            .ok_or_else(|| SandboxError::not_found(Resource::Card))?;
        return Ok(Source {
            card_id,
            number,
            token_id,
            three_ds: Some((challenge, passed)),
        });
    }
    Err(SandboxError::validation(
        "source must be a card token (card_...), a customer token (tok_...) or a 3-D Secure result (gway_req_...)",
    ))
}

/// Authorizes `invoice_id` with a completed 3-D Secure step, as the gateway does itself
/// after a full-page redirect; the outcome is recorded on the invoice's transaction.
pub(super) fn authorize_after_redirect(
    sandbox: &Sandbox,
    invoice_id: &str,
    reference: &str,
) -> Result<(), SandboxError> {
    let mut store = sandbox.store();
    let request = json!({ "source": format!("gway_req_{reference}") });
    authorize_invoice(sandbox, &mut store, invoice_id, &request, "").map(drop)
}

/// The step a fingerprint-timeout result names. A client whose fingerprint page did not
/// answer in time sends `gway_req_` + base64 of `{"url": <the action's URL>, "body":
/// "{ \"threeDS2FingerprintTimeout\": true }", ...}`; the sandbox reads the step's reference
/// from the URL and goes on as if the fingerprint had been taken.
fn fingerprint_timeout_reference(token: &str) -> Option<String> {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(token)
        .ok()?;
    let result: Value = serde_json::from_slice(&raw).ok()?;
    let body = result.get("body")?.as_str()?;
    let timed_out = serde_json::from_str::<Value>(body)
        .ok()?
        .get("threeDS2FingerprintTimeout")
        .and_then(Value::as_bool)?;
    let url = result.get("url")?.as_str()?;
    let (_, reference) = url.rsplit_once("/3ds/fingerprint/")?;
    (timed_out && !reference.is_empty()).then(|| reference.to_string())
}

/// Writes the browser and request data the merchant sent onto the card and the invoice.
fn record_device(store: &mut Store, card_id: &str, invoice_id: &str, device: &Value) {
    if !device.is_object() {
        return;
    }
    if let Some(card) = store.cards.get_mut(card_id) {
        for field in DEVICE_CARD_FIELDS {
            if let Some(value) = device.get(field) {
                set(&mut card.public, field, value.clone());
            }
        }
    }
    if let Some(invoice) = store.invoices.get_mut(invoice_id) {
        set(
            invoice,
            "device",
            json!({
                "id": null,
                "channel": "web",
                "ip_address": device.get("ip_address"),
            }),
        );
    }
}

fn authorize_invoice(
    sandbox: &Sandbox,
    store: &mut Store,
    invoice_id: &str,
    request: &Value,
    base: &str,
) -> Result<Outcome, SandboxError> {
    let invoice = store
        .invoices
        .get(invoice_id)
        .cloned()
        .ok_or_else(|| SandboxError::not_found(Resource::Invoice))?;
    let source = str_field(request, "source")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| SandboxError::validation("source is required"))?;
    let existing = str_field(&invoice, "transaction_id")
        .and_then(|id| store.transactions.get(id))
        .cloned();
    if let Some(transaction) = &existing {
        if PAID_STATUSES.contains(&str_field(transaction, "status").unwrap_or("")) {
            tracing::info!(
                invoice_id,
                "sandbox refused a second authorization of a paid invoice"
            );
            return Ok(Outcome::ok(json!({
                "success": true,
                "transaction": transaction,
                "customer_action": null,
            })));
        }
    }
    let source = resolve_source(sandbox, store, invoice_id, source)?;
    tracing::info!(invoice_id, card = %mask(&source.card_id), "sandbox authorizing");
    record_device(
        store,
        &source.card_id,
        invoice_id,
        request.get("device").unwrap_or(&Value::Null),
    );
    let mut transaction = existing.unwrap_or_else(|| new_transaction(&invoice, &ids::new_id("tr")));
    let transaction_id = str_field(&transaction, "id")
        .unwrap_or_default()
        .to_string();
    if let Some(invoice) = store.invoices.get_mut(invoice_id) {
        set(invoice, "transaction_id", json!(transaction_id));
    }
    set(&mut transaction, "card_id", json!(source.card_id));
    set(&mut transaction, "token_id", json!(source.token_id));

    let behaviour = cards::behaviour(&source.number);
    let mut customer_action = Value::Null;
    let mut complete_later = None;
    let result: Result<&str, &str> = match (source.three_ds, behaviour) {
        (Some((challenge, passed)), _) => {
            // A fingerprint has no customer decision: its result is the card's.
            let passed = if challenge {
                passed
            } else {
                behaviour != Behaviour::FingerprintThenFail
            };
            let failed = (!passed).then_some("card.failed-3ds");
            push_operation(&mut transaction, "three_d_s_check", Some(&source), failed);
            set(
                &mut transaction,
                "three_d_s_status",
                json!(if passed { "success" } else { "failed" }),
            );
            if passed {
                Ok("authorized")
            } else {
                Err("card.failed-3ds")
            }
        }
        (None, Behaviour::MobileChallenge) => {
            customer_action = json!({
                "type": "challenge-mobile",
                "value": format!("sandbox-mobile-challenge-{}", ids::new_id("3ds")),
                "metadata": {},
            });
            push_operation(&mut transaction, "three_d_s_check", Some(&source), None);
            set(&mut transaction, "three_d_s_status", json!("pending"));
            Ok("waiting")
        }
        (None, Behaviour::Challenge)
        | (None, Behaviour::UrlChallenge)
        | (None, Behaviour::UrlChallengeNoIframe)
        | (None, Behaviour::FingerprintThenAuthorize)
        | (None, Behaviour::FingerprintThenFail) => {
            let challenge = matches!(
                behaviour,
                Behaviour::Challenge | Behaviour::UrlChallenge | Behaviour::UrlChallengeNoIframe
            );
            let reference = ids::new_id("3ds");
            let reference = reference.trim_start_matches("3ds_").to_string();
            store.three_ds.insert(
                reference.clone(),
                ThreeDs {
                    invoice_id: invoice_id.to_string(),
                    card_id: source.card_id.clone(),
                    token_id: source.token_id.clone(),
                    challenge,
                    outcome: None,
                    consumed: false,
                },
            );
            let (kind, page) = match behaviour {
                Behaviour::UrlChallenge | Behaviour::UrlChallengeNoIframe => ("url", "challenge"),
                _ if challenge => ("redirect", "challenge"),
                _ => ("fingerprint", "fingerprint"),
            };
            customer_action = json!({
                "type": kind,
                "value": format!("{base}/3ds/{page}/{reference}"),
                "metadata": {
                    "reference": reference,
                    "complete_url": format!("{base}/3ds/{reference}/complete"),
                },
            });
            if behaviour == Behaviour::UrlChallengeNoIframe {
                set(&mut customer_action["metadata"], "no_iframe", json!("true"));
            }
            push_operation(&mut transaction, "three_d_s_check", Some(&source), None);
            set(&mut transaction, "three_d_s_status", json!("pending"));
            Ok("waiting")
        }
        (None, Behaviour::Decline(code)) => Err(code),
        (None, Behaviour::Frictionless) => {
            push_operation(&mut transaction, "three_d_s_check", Some(&source), None);
            set(&mut transaction, "three_d_s_status", json!("success"));
            Ok("authorized")
        }
        (None, Behaviour::PendingThenComplete) => {
            complete_later = Some(transaction_id.clone());
            Ok("pending")
        }
        (None, Behaviour::Authorize) => Ok("authorized"),
    };
    let outcome = match result {
        Ok("waiting") => {
            set(&mut transaction, "status", json!("waiting"));
            Outcome::ok(json!({
                "success": true,
                "transaction": transaction,
                "customer_action": customer_action,
            }))
        }
        Ok(status) => {
            push_operation(&mut transaction, "authorization", Some(&source), None);
            set(&mut transaction, "status", json!(status));
            set(&mut transaction, "authorized", json!(true));
            let amount = transaction.get("amount").cloned().unwrap_or(Value::Null);
            set(&mut transaction, "authorized_amount", amount);
            set(&mut transaction, "error_code", Value::Null);
            set(&mut transaction, "error_message", Value::Null);
            Outcome {
                complete_later,
                ..Outcome::ok(json!({
                    "success": true,
                    "transaction": transaction,
                    "customer_action": null,
                }))
            }
        }
        Err(code) => {
            push_operation(&mut transaction, "authorization", Some(&source), Some(code));
            set(&mut transaction, "status", json!("failed"));
            set(&mut transaction, "error_code", json!(code));
            set(
                &mut transaction,
                "error_message",
                json!(cards::decline_message(code)),
            );
            Outcome::error(SandboxError::new(
                StatusCode::PAYMENT_REQUIRED,
                ErrorCode::parse(code),
                cards::decline_message(code),
            ))
        }
    };
    store.transactions.insert(transaction_id, transaction);
    Ok(outcome)
}

fn capture_invoice(
    sandbox: &Sandbox,
    store: &mut Store,
    invoice_id: &str,
    request: &Value,
    base: &str,
) -> Result<Outcome, SandboxError> {
    let transaction_id = store
        .invoices
        .get(invoice_id)
        .ok_or_else(|| SandboxError::not_found(Resource::Invoice))?
        .get("transaction_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let authorized = transaction_id
        .as_ref()
        .and_then(|id| store.transactions.get(id))
        .is_some_and(|t| str_field(t, "status") == Some("authorized"));
    if !authorized {
        if request.get("source").is_none() {
            return Err(SandboxError::validation(
                "the invoice has no authorized transaction; send a source to authorize and capture",
            ));
        }
        let outcome = authorize_invoice(sandbox, store, invoice_id, request, base)?;
        let status = outcome
            .body
            .pointer("/transaction/status")
            .and_then(Value::as_str);
        if status != Some("authorized") {
            return Ok(outcome);
        }
    }
    let transaction_id = store
        .invoices
        .get(invoice_id)
        .and_then(|iv| str_field(iv, "transaction_id"))
        .map(str::to_string)
        .unwrap_or_default();
    let transaction = store
        .transactions
        .get_mut(&transaction_id)
        .ok_or_else(|| SandboxError::not_found(Resource::Transaction))?;
    push_operation(transaction, "capture", None, None);
    set(transaction, "status", json!("completed"));
    set(transaction, "captured", json!(true));
    let amount = transaction.get("amount").cloned().unwrap_or(Value::Null);
    set(transaction, "captured_amount", amount.clone());
    set(transaction, "available_amount", amount);
    Ok(Outcome::ok(
        json!({ "success": true, "transaction": transaction }),
    ))
}

fn void_invoice(store: &mut Store, invoice_id: &str) -> Result<Outcome, SandboxError> {
    let transaction_id = store
        .invoices
        .get(invoice_id)
        .ok_or_else(|| SandboxError::not_found(Resource::Invoice))?
        .get("transaction_id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_default();
    let transaction = store
        .transactions
        .get_mut(&transaction_id)
        .filter(|t| str_field(t, "status") == Some("authorized"))
        .ok_or_else(|| SandboxError::validation("only an authorized transaction can be voided"))?;
    push_operation(transaction, "void", None, None);
    set(transaction, "status", json!("voided"));
    set(transaction, "voided", json!(true));
    Ok(Outcome::ok(
        json!({ "success": true, "transaction": transaction }),
    ))
}

fn complete_pending(store: &mut Store, transaction_id: &str) {
    if let Some(transaction) = store.transactions.get_mut(transaction_id) {
        if str_field(transaction, "status") == Some("pending") {
            push_operation(transaction, "capture", None, None);
            set(transaction, "status", json!("completed"));
            set(transaction, "captured", json!(true));
            let amount = transaction.get("amount").cloned().unwrap_or(Value::Null);
            set(transaction, "captured_amount", amount.clone());
            set(transaction, "available_amount", amount);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_timeout_result_names_its_step() {
        let body = r#"{ "threeDS2FingerprintTimeout": true }"#;
        let result = json!({
            "url": "http://127.0.0.1:1/sandbox/3ds/fingerprint/abc123",
            "headers": {"Content-Type": "application/json"},
            "body": body,
        });
        let token = base64::engine::general_purpose::STANDARD.encode(result.to_string());
        assert_eq!(
            fingerprint_timeout_reference(&token).as_deref(),
            Some("abc123")
        );
        let other = json!({"url": "http://x/sandbox/3ds/fingerprint/abc123", "body": "{}"});
        let token = base64::engine::general_purpose::STANDARD.encode(other.to_string());
        assert_eq!(fingerprint_timeout_reference(&token), None);
        assert_eq!(fingerprint_timeout_reference("abc123"), None);
    }
}
