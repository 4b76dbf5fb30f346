//! Transactions and their operations: creating, capturing, voiding, completing later.

use serde_json::{json, Value};

use super::authorize::authorize_invoice;
use super::call::{Call, Outcome};
use super::records::{push_operation, set, str_field};
use super::{Resource, Store};
use crate::error::SandboxError;

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
