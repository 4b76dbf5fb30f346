//! Transactions and their operations: creating, capturing, voiding, completing later.

use checkout_core::ErrorCode;
use serde_json::{json, Value};

use super::authorize::{authorize_invoice, Source};
use super::payments::{Call, Outcome};
use super::{cards, ids, Resource, Store};
use crate::error::SandboxError;

/// A fresh `waiting` transaction for `invoice`.
pub(crate) fn new_transaction(invoice: &Value, transaction_id: &str) -> Value {
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

/// Adds an operation (an attempt, a capture...) to the transaction's `operations`.
pub(crate) fn push_operation(
    transaction: &mut Value,
    kind: &str,
    source: Option<&Source>,
    failed: Option<&ErrorCode>,
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
        "error_code": failed.map(ErrorCode::as_str),
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

/// Sets `key` of a JSON object (nothing for another value).
pub(crate) fn set(value: &mut Value, key: &str, to: Value) {
    if let Some(obj) = value.as_object_mut() {
        obj.insert(key.to_string(), to);
    }
}

/// The text of `key`, if it is text.
pub(crate) fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// Captures the whole amount, as one `capture` operation.
fn capture(transaction: &mut Value) {
    push_operation(transaction, "capture", None, None);
    set(transaction, "status", json!("completed"));
    set(transaction, "captured", json!(true));
    let amount = transaction.get("amount").cloned().unwrap_or(Value::Null);
    set(transaction, "captured_amount", amount.clone());
    set(transaction, "available_amount", amount);
}

/// The id of the invoice's transaction, if it has one yet.
fn transaction_of(store: &Store, invoice_id: &str) -> Result<Option<String>, SandboxError> {
    let invoice = store
        .invoices
        .get(invoice_id)
        .ok_or_else(|| SandboxError::not_found(Resource::Invoice))?;
    Ok(str_field(invoice, "transaction_id").map(str::to_string))
}

/// Captures the invoice's authorized transaction, or authorizes and captures with a source.
pub(crate) fn capture_invoice(call: &Call<'_>, store: &mut Store) -> Result<Outcome, SandboxError> {
    let (invoice_id, request) = (call.invoice_id, call.request);
    let transaction_id = transaction_of(store, invoice_id)?;
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
        let outcome = authorize_invoice(call, store)?;
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
    capture(transaction);
    Ok(Outcome::ok(
        json!({ "success": true, "transaction": transaction }),
    ))
}

/// Voids the invoice's authorized transaction.
pub(crate) fn void_invoice(store: &mut Store, invoice_id: &str) -> Result<Outcome, SandboxError> {
    let transaction_id = transaction_of(store, invoice_id)?.unwrap_or_default();
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

/// Completes a `pending` transaction, as the processor does a little later.
pub(crate) fn complete_pending(store: &mut Store, transaction_id: &str) {
    if let Some(transaction) = store.transactions.get_mut(transaction_id) {
        if str_field(transaction, "status") == Some("pending") {
            capture(transaction);
        }
    }
}
