//! ProcessOut's JSON ↔ the widget contract. The display-safe narrowing itself is
//! checkout-core's (`From<&wire::Invoice> for contract::Invoice` and friends): a field
//! ProcessOut adds tomorrow has no place in the contract, so it stays private.

use axum::http::StatusCode;
use checkout_core::contract::{AuthorizeResponse, CustomerAction, Invoice, Operation, Transaction};
use checkout_core::wire::{self, InvoiceResponse, TransactionResponse};
use checkout_core::{ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api_error::ApiError;
use crate::provider::answer::{self, unreadable};

/// `{"invoice": {...}}` as the widget's invoice.
pub fn invoice(status: StatusCode, body: Value) -> Result<Invoice, ApiError> {
    if !status.is_success() {
        return Err(provider_error(status, &body));
    }
    let invoice = read::<InvoiceResponse>(body)?
        .invoice
        .ok_or_else(|| unreadable("the payment provider's answer has no invoice"))?;
    Ok(Invoice::from(&invoice))
}

/// The invoice's transaction as the already-paid check reads it: the expanded one, else
/// (a provider that did not expand it) its id and status alone.
pub fn existing_transaction(invoice: &Invoice) -> Option<Transaction> {
    invoice.transaction.clone().or_else(|| {
        invoice
            .transaction_status
            .clone()
            .map(|status| Transaction {
                id: invoice.transaction_id.clone(),
                invoice_id: invoice.id.clone(),
                status: Some(status),
                ..Transaction::default()
            })
    })
}

/// An authorization answer as the widget's, or the provider's refusal.
pub fn authorization(status: StatusCode, body: Value) -> Result<AuthorizeResponse, ApiError> {
    if !status.is_success() || body.get("success") != Some(&Value::Bool(true)) {
        return Err(provider_error(status, &body));
    }
    let answer = read::<wire::AuthorizeResponse>(body)?;
    let transaction = answer.transaction.ok_or_else(answer::invalid_answer)?;
    Ok(AuthorizeResponse {
        success: true,
        transaction: Some(Transaction::from(&transaction)),
        customer_action: answer.customer_action.as_ref().map(CustomerAction::from),
    })
}

/// `{"transaction": {...}}` as the widget's transaction, with its operations: every
/// authorization attempt is one, so counting them proves a payment was made once.
pub fn transaction(status: StatusCode, body: Value) -> Result<Transaction, ApiError> {
    if !status.is_success() {
        return Err(provider_error(status, &body));
    }
    let operations = body
        .pointer("/transaction/operations")
        .cloned()
        .map(read::<Vec<Operation>>)
        .transpose()?
        .unwrap_or_default();
    let wire = read::<TransactionResponse>(body)?
        .transaction
        .ok_or_else(answer::invalid_answer)?;
    Ok(Transaction {
        operations_count: Some(operations.len()),
        operations: Some(operations),
        ..Transaction::from(&wire)
    })
}

fn read<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    serde_json::from_value(body).map_err(|e| {
        unreadable(format!(
            "the payment provider's answer is not what ProcessOut sends: {e}"
        ))
    })
}

/// Passes the provider's error through, except for authentication failures, which are the
/// merchant's misconfiguration and must not look like the customer's fault.
pub fn provider_error(status: StatusCode, body: &Value) -> ApiError {
    let error = serde_json::from_value::<ErrorBody>(body.clone()).unwrap_or_default();
    let code = match error.error_type {
        ErrorCode::Other(text) if text.is_empty() => ErrorCode::GatewayDeclined,
        code => code,
    };
    let message = if error.message.is_empty() {
        "the payment provider refused the request".to_string()
    } else {
        error.message
    };
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        return answer::misconfigured(status, code.as_str());
    }
    if status.is_server_error() {
        return answer::unavailable(status, code.as_str());
    }
    let status = if status.is_client_error() {
        status
    } else {
        StatusCode::BAD_GATEWAY
    };
    ApiError::new(status, code, message)
}
