//! Customers and customer tokens (seed 001): `POST /customers`, `GET /customers/{id}`,
//! `GET|POST /customers/{id}/tokens`, `GET|DELETE /customers/{id}/tokens/{token_id}`.
//!
//! A token is made from a card token (`card_…`), which that spends: the card token cannot pay
//! nor make another token afterwards, while the customer token can pay any number of times.
//! The card's number stays inside the sandbox; a token pays with that card's test behaviour,
//! 3-D Secure included. Token creation honours `Idempotency-Key` (the same key and body
//! answer the first token again, never a second one) and the `customer_token` fault. The
//! fixed test tokens `tok_test<number>` belong to every customer without being listed.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::ErrorCode;
use serde_json::{json, Value};

use super::emulator::Seen;
use super::faults::FaultMode;
use super::{cards, ids, parse_body, Resource, Sandbox, Store};
use crate::error::SandboxError;

/// A customer as the sandbox keeps it: the public object and its tokens, oldest first.
pub(crate) struct StoredCustomer {
    pub(crate) public: Value,
    pub(crate) tokens: Vec<String>,
}

/// A customer token: whose it is, the card it pays with, and the public Token object.
pub(crate) struct StoredToken {
    pub(crate) customer_id: String,
    pub(crate) card_id: String,
    pub(crate) public: Value,
}

fn customer_not_found() -> SandboxError {
    SandboxError::not_found(Resource::Customer)
}

/// A public Customer object.
pub(crate) fn customer_object(project_id: &str, id: &str, fields: &Value) -> Value {
    let text = |key: &str| fields.get(key).filter(|v| v.is_string()).cloned();
    json!({
        "id": id,
        "project_id": project_id.trim_start_matches("test-"),
        "default_token_id": null,
        "tokens": null,
        "balance": "0",
        "currency": text("currency"),
        "email": text("email"),
        "first_name": text("first_name"),
        "last_name": text("last_name"),
        "metadata": fields.get("metadata").filter(|m| m.is_object()).cloned().unwrap_or(json!({})),
        "sandbox": true,
        "created_at": ids::now_rfc3339(),
    })
}

/// A public Token object for `card` (the card's public object) of `customer_id`.
pub(crate) fn token_object(id: &str, customer_id: &str, card: &Value, is_default: bool) -> Value {
    let last4 = card
        .get("last_4_digits")
        .and_then(Value::as_str)
        .unwrap_or("");
    json!({
        "id": id,
        "customer_id": customer_id,
        "gateway_configuration_id": null,
        "card_id": card.get("id"),
        "invoice_id": null,
        "type": "card",
        "description": null,
        "verification_status": "not-requested",
        "is_default": is_default,
        "return_url": null,
        "cancel_url": null,
        "metadata": {},
        "sandbox": true,
        "created_at": ids::now_rfc3339(),
        "summary": format!("**** **** **** {last4}"),
        "is_chargeable": true,
        "manual_invoice_cancellation": false,
        "can_get_balance": false,
    })
}

/// Adds `token` to the store and to its customer's list (the customer must exist).
pub(crate) fn add_token(store: &mut Store, token_id: &str, token: StoredToken, pinned: bool) {
    if let Some(customer) = store.customers.get_mut(&token.customer_id) {
        customer.tokens.push(token_id.to_string());
        if customer.tokens.len() == 1 {
            super::records::set(&mut customer.public, "default_token_id", json!(token_id));
        }
    }
    if pinned {
        store.tokens.pin(token_id.to_string(), token);
    } else {
        store.tokens.insert(token_id.to_string(), token);
    }
}

/// `true` when `expand`/`expand[]` asks for `what`.
fn expands(query: &[(String, String)], what: &str) -> bool {
    query
        .iter()
        .any(|(k, v)| (k == "expand" || k == "expand[]") && v == what)
}

/// The public token `token_id`, with its card when `with_card`.
fn token_json(store: &Store, token: &StoredToken, with_card: bool) -> Value {
    let mut public = token.public.clone();
    if with_card {
        let card = store
            .cards
            .get(&token.card_id)
            .map(|c| c.public.clone())
            .unwrap_or(Value::Null);
        super::records::set(&mut public, "card", card);
    }
    public
}

/// `POST /customers`, form-encoded or JSON (`email`, `first_name`, `last_name`, ...).
pub async fn create(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let fields = Value::Object(parse_body(&headers, &body)?);
    for key in ["email", "first_name", "last_name", "currency"] {
        match fields.get(key) {
            None | Some(Value::Null) | Some(Value::String(_)) => {}
            Some(_) => return Err(SandboxError::validation(format!("{key}: must be text"))),
        }
    }
    if fields
        .get("metadata")
        .is_some_and(|m| !m.is_object() && !m.is_null())
    {
        return Err(SandboxError::validation("metadata: must be an object"));
    }
    let id = ids::new_id("cust");
    let public = customer_object(&sandbox.inner.project_id, &id, &fields);
    let stored = StoredCustomer {
        public: public.clone(),
        tokens: Vec::new(),
    };
    sandbox.store().customers.insert(id, stored);
    Ok(Json(json!({ "success": true, "customer": public })))
}

/// `GET /customers/{id}`.
pub async fn get(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let store = sandbox.store();
    let customer = store
        .customers
        .get(&customer_id)
        .ok_or_else(customer_not_found)?;
    Ok(Json(
        json!({ "success": true, "customer": customer.public }),
    ))
}

/// `GET /customers/{id}/tokens`; `expand[]=card` embeds each token's card.
pub async fn list_tokens(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let with_card = expands(&query, "card");
    let store = sandbox.store();
    let customer = store
        .customers
        .get(&customer_id)
        .ok_or_else(customer_not_found)?;
    let tokens: Vec<Value> = customer
        .tokens
        .iter()
        .filter_map(|id| store.tokens.get(id))
        .map(|token| token_json(&store, token, with_card))
        .collect();
    Ok(Json(json!({ "success": true, "tokens": tokens })))
}

/// The token `token_id` of `customer_id`; a token of another customer is not found.
fn owned<'a>(
    store: &'a Store,
    customer_id: &str,
    token_id: &str,
) -> Result<&'a StoredToken, SandboxError> {
    if !store.customers.contains_key(customer_id) {
        return Err(customer_not_found());
    }
    store
        .tokens
        .get(token_id)
        .filter(|t| t.customer_id == customer_id)
        .ok_or_else(|| SandboxError::not_found(Resource::Token))
}

/// `GET /customers/{id}/tokens/{token_id}`; `expand[]=card` embeds the card.
pub async fn get_token(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path((customer_id, token_id)): Path<(String, String)>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let store = sandbox.store();
    if let (Some(number), true, None) = (
        cards::saved_token_number(&token_id),
        store.customers.contains_key(&customer_id),
        store.tokens.get(&token_id),
    ) {
        // The fixed test tokens (`tok_test<number>`) belong to every customer, unlisted.
        let (_, card) = cards::saved_test_card(&sandbox.inner.project_id, number);
        let mut public = token_object(&token_id, &customer_id, &card, false);
        if expands(&query, "card") {
            super::records::set(&mut public, "card", card);
        }
        return Ok(Json(json!({ "success": true, "token": public })));
    }
    let token = owned(&store, &customer_id, &token_id)?;
    let public = token_json(&store, token, expands(&query, "card"));
    Ok(Json(json!({ "success": true, "token": public })))
}

/// `DELETE /customers/{id}/tokens/{token_id}`: the token can no longer be listed nor pay.
pub async fn delete_token(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path((customer_id, token_id)): Path<(String, String)>,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let mut store = sandbox.store();
    owned(&store, &customer_id, &token_id)?;
    store.tokens.remove(&token_id);
    if let Some(customer) = store.customers.get_mut(&customer_id) {
        customer.tokens.retain(|id| *id != token_id);
        let default = customer.tokens.first().cloned();
        super::records::set(&mut customer.public, "default_token_id", json!(default));
    }
    Ok(Json(json!({ "success": true })))
}

/// `POST /customers/{id}/tokens` with `source` = a card token (`card_…`), which it spends.
pub async fn create_token(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
    body: Bytes,
) -> Response {
    match create_token_inner(&sandbox, &headers, &customer_id, &body).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn create_token_inner(
    sandbox: &Sandbox,
    headers: &HeaderMap,
    customer_id: &str,
    body: &[u8],
) -> Result<Response, SandboxError> {
    sandbox.authenticate(headers)?;
    let fault = sandbox.inner.faults.take_customer_token();
    match fault {
        Some((FaultMode::Fail503, _)) => {
            return Err(SandboxError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::GatewayUnknownError,
                "The sandbox was told to fail this call (fault injection); nothing was processed.",
            ))
        }
        Some((FaultMode::Slow, delay)) => tokio::time::sleep(delay).await,
        _ => {}
    }
    let request = Value::Object(parse_body(headers, body)?);
    let key = super::emulator::idempotency_key(headers)
        .map(|k| format!("customer-token:{customer_id}:{k}"));
    let (status, answer) = {
        let mut store = sandbox.store();
        let seen = key
            .as_ref()
            .map(|key| store.idempotency.seen(key, &request));
        match seen {
            Some(Seen::Answered(status, body)) => {
                tracing::info!("sandbox replayed a customer token creation");
                (status, body)
            }
            Some(Seen::Conflict) => {
                return Err(SandboxError::new(
                    StatusCode::CONFLICT,
                    ErrorCode::RequestIdempotencyKeyInvalid,
                    "This idempotency key was already used with a different request body.",
                ))
            }
            // Processed under the lock: no second request can be in flight meanwhile.
            Some(Seen::InFlight) | Some(Seen::New) | None => {
                let outcome = new_token(&mut store, customer_id, &request);
                let (status, body) = match outcome {
                    Ok(token) => (StatusCode::OK, json!({ "success": true, "token": token })),
                    Err(error) => (error.status, error.body_json()),
                };
                if let Some(key) = key {
                    store.idempotency.keep(key, request, status, body.clone());
                }
                (status, body)
            }
        }
    };
    match fault {
        Some((FaultMode::DropResponse, _)) => Ok(super::payments::dropped_response()),
        Some((FaultMode::Fail500AfterCommit, _)) => Ok((
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "success": false })),
        )
            .into_response()),
        Some((FaultMode::Garbage200AfterCommit, _)) => Ok(super::payments::garbage_200()),
        _ => Ok((status, Json(answer)).into_response()),
    }
}

/// Makes the token: checks the customer and the card token, spends the card token.
fn new_token(store: &mut Store, customer_id: &str, request: &Value) -> Result<Value, SandboxError> {
    if !store.customers.contains_key(customer_id) {
        return Err(customer_not_found());
    }
    let source = request
        .get("source")
        .and_then(Value::as_str)
        .filter(|s| s.starts_with("card_"))
        .ok_or_else(|| SandboxError::validation("source must be a card token (card_...)"))?;
    let card = store
        .cards
        .get_mut(source)
        .ok_or_else(|| SandboxError::not_found(Resource::Card))?;
    if card.used || !card.single_use {
        return Err(SandboxError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::RequestSourceCardAlreadyUsed,
            "This card token was already used; card tokens are single-use. Tokenize the card again.",
        ));
    }
    // Spent as a card token (it can no longer pay by itself); kept as the card the customer
    // token pays with.
    card.used = true;
    let public_card = card.public.clone();
    let token_id = ids::new_id("tok");
    let is_default = store
        .customers
        .get(customer_id)
        .is_some_and(|c| c.tokens.is_empty());
    let public = token_object(&token_id, customer_id, &public_card, is_default);
    add_token(
        store,
        &token_id,
        StoredToken {
            customer_id: customer_id.to_string(),
            card_id: source.to_string(),
            public: public.clone(),
        },
        false,
    );
    tracing::info!(customer_id, "sandbox created a customer token");
    Ok(public)
}
