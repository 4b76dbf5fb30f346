//! The sandbox's transaction records: a new transaction, its operations, and the small
//! JSON helpers the payment calls share.

use checkout_core::ErrorCode;
use serde_json::{json, Value};

use super::{cards, ids};

/// The source of an authorization once resolved.
pub(crate) struct Source {
    pub(crate) card_id: String,
    pub(crate) number: String,
    pub(crate) token_id: Option<String>,
    /// Set when the source is the result of a 3-D Secure step: (challenge?, passed?).
    pub(crate) three_ds: Option<(bool, bool)>,
}

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
