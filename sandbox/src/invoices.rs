//! `POST /invoices` and `GET /invoices/{id}`.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use checkout_core::{limits, Currency, Money};
use serde_json::{json, Value};

use super::{ids, parse_body, Resource, Sandbox};
use crate::error::SandboxError;

/// A text field of the new invoice: `None` when absent or null. Another JSON type is refused
/// rather than read as absent, so `"customer_id": 5` is not silently an invoice without one.
fn text(body: &serde_json::Map<String, Value>, name: &str) -> Result<Option<String>, SandboxError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(SandboxError::validation(format!("{name}: must be text"))),
    }
}

/// `POST /invoices`, form-encoded as in the seed's curl example or JSON.
pub async fn create(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let body = parse_body(&headers, &body)?;
    let [name, currency_code, amount, descriptor, customer_id, order_id, return_url, cancel_url] =
        [
            "name",
            "currency",
            "amount",
            "statement_descriptor",
            "customer_id",
            "order_id",
            "return_url",
            "cancel_url",
        ]
        .map(|field| text(&body, field));
    let name = name?.unwrap_or_default();
    limits::validate_name("name", &name).map_err(|e| SandboxError::validation(e.to_string()))?;
    let currency_code = currency_code?.unwrap_or_default();
    let currency = Currency::parse("currency", &currency_code)
        .map_err(|e| SandboxError::validation(e.to_string()))?;
    let amount = amount?.unwrap_or_default();
    let amount = Money::parse("amount", &amount, currency)
        .map_err(|e| SandboxError::validation(e.to_string()))?;
    let (descriptor, customer_id, order_id) = (descriptor?, customer_id?, order_id?);
    let (return_url, cancel_url) = (return_url?, cancel_url?);
    if let Some(descriptor) = &descriptor {
        limits::validate_statement_descriptor(descriptor)
            .map_err(|e| SandboxError::validation(e.to_string()))?;
    }
    let id = ids::new_id("iv");
    let invoice = json!({
        "id": id,
        "project_id": sandbox.inner.project_id.trim_start_matches("test-"),
        "customer_id": customer_id,
        "subscription_id": null,
        "token_id": null,
        "transaction_id": null,
        "name": name,
        "order_id": order_id,
        "amount": amount.to_wire_string(),
        "currency": currency.code(),
        "details": body.get("details").cloned().unwrap_or(Value::Null),
        "tax": body.get("tax").cloned().unwrap_or(Value::Null),
        "shipping": body.get("shipping").cloned().unwrap_or(Value::Null),
        "device": null,
        "statement_descriptor": descriptor,
        "metadata": body.get("metadata").filter(|m| m.is_object()).cloned().unwrap_or(json!({})),
        "gateway_data": {},
        "return_url": return_url,
        "cancel_url": cancel_url,
        "sandbox": true,
        "exemption_reason_3ds2": null,
        "challenge_indicator": null,
        "created_at": ids::now_rfc3339(),
    });
    // A typed read-back catches a details/tax/shipping shape checkout-core could not price.
    if let Err(e) = serde_json::from_value::<checkout_core::Invoice>(invoice.clone()) {
        return Err(SandboxError::validation(format!("invoice: {e}")));
    }
    sandbox.store().invoices.insert(id, invoice.clone());
    Ok(Json(json!({ "success": true, "invoice": invoice })))
}

/// `GET /invoices/{id}`; `expand[]=transaction` (or `expand=transaction`) embeds the transaction.
pub async fn get(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(invoice_id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let expand_transaction = query
        .iter()
        .any(|(k, v)| (k == "expand" || k == "expand[]") && v == "transaction");
    let store = sandbox.store();
    let mut invoice = store
        .invoices
        .get(&invoice_id)
        .cloned()
        .ok_or_else(|| SandboxError::not_found(Resource::Invoice))?;
    if expand_transaction {
        let transaction = invoice
            .get("transaction_id")
            .and_then(Value::as_str)
            .and_then(|id| store.transactions.get(id))
            .cloned()
            .unwrap_or(Value::Null);
        if let Some(obj) = invoice.as_object_mut() {
            obj.insert("transaction".into(), transaction);
        }
    }
    Ok(Json(json!({ "success": true, "invoice": invoice })))
}
