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
    exact_amounts(&invoice)?;
    Ok(Invoice::from(&invoice))
}

/// ProcessOut takes amounts as strings and keeps whatever decimals it was given, so an
/// invoice of `4.995` USD exists; it cannot be shown or charged without rounding, so it is
/// refused, as the other adapters refuse such amounts. Amounts that do not parse, or an
/// unknown currency, are left to checkout-core's breakdown (`null`, which the widget
/// explains) as before.
fn exact_amounts(invoice: &wire::Invoice) -> Result<(), ApiError> {
    let Ok(currency) = invoice.parsed_currency() else {
        return Ok(());
    };
    let mut amounts = vec![("invoice.amount".to_string(), invoice.amount.as_ref())];
    for (i, detail) in invoice.details.iter().enumerate() {
        amounts.push((
            format!("invoice.details[{i}].amount"),
            detail.amount.as_ref(),
        ));
        amounts.push((
            format!("invoice.details[{i}].discount_amount"),
            detail.discount_amount.as_ref(),
        ));
    }
    amounts.push((
        "invoice.tax.amount".into(),
        invoice.tax.as_ref().and_then(|t| t.amount.as_ref()),
    ));
    amounts.push((
        "invoice.shipping.amount".into(),
        invoice.shipping.as_ref().and_then(|s| s.amount.as_ref()),
    ));
    let amounts = amounts
        .into_iter()
        .filter_map(|(field, value)| value.map(|v| (field, v)));
    for (field, value) in amounts {
        if let Ok(money) = value.to_money(&field, currency) {
            answer::exact_money(NAME, &field, money)?;
        }
    }
    Ok(())
}

/// The provider's name in errors and logs.
pub const NAME: &str = "ProcessOut";

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

/// Passes the provider's stated error through, except for authentication failures, which
/// are the merchant's misconfiguration and must not look like the customer's fault.
///
/// Only a 4xx whose body names an `error_type` states an outcome. Anything else (a 2xx
/// without `success: true`, a 3xx, a 4xx without `error_type`, such as a WAF's page) is an
/// unknown outcome, 502 `proxy.upstream-invalid-response`, never a decline: the money may
/// have moved.
pub fn provider_error(status: StatusCode, body: &Value) -> ApiError {
    let error = serde_json::from_value::<ErrorBody>(body.clone()).unwrap_or_default();
    let stated = !matches!(&error.error_type, ErrorCode::Other(text) if text.is_empty());
    let code = error.error_type;
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        return answer::misconfigured(status, code.as_str());
    }
    if status.is_server_error() {
        return answer::unavailable(status, code.as_str());
    }
    if !status.is_client_error() || !stated {
        tracing::warn!(%status, stated, "provider answer states no outcome");
        return unreadable(format!(
            "the payment provider answered {status} without a stated outcome; the payment may have happened: look it up, or retry with the same idempotency key"
        ));
    }
    let message = if error.message.is_empty() {
        "the payment provider refused the request".to_string()
    } else {
        error.message
    };
    ApiError::new(status, code, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_amount_finer_than_the_minor_unit_is_refused_never_rounded() {
        let invoice = |amount: &str, currency: &str, extra: Value| {
            let mut body = json!({"success": true, "invoice": {
                "id": "iv_a", "amount": amount, "currency": currency}});
            if let (Some(i), Some(e)) = (body["invoice"].as_object_mut(), extra.as_object()) {
                i.extend(e.clone());
            }
            super::invoice(StatusCode::OK, body)
        };
        for (amount, currency, extra, field) in [
            ("4.995", "USD", json!({}), "invoice.amount"),
            ("10.5", "JPY", json!({}), "invoice.amount"),
            ("1.2345", "KWD", json!({}), "invoice.amount"),
            (
                "4.99",
                "USD",
                json!({"tax": {"amount": "0.001"}}),
                "invoice.tax.amount",
            ),
            (
                "4.99",
                "USD",
                json!({"details": [{"name": "a", "amount": "4.985", "quantity": 1}]}),
                "invoice.details[0].amount",
            ),
        ] {
            let err = invoice(amount, currency, extra).unwrap_err();
            assert_eq!(err.status, StatusCode::BAD_GATEWAY, "{amount} {currency}");
            assert_eq!(err.code(), &ErrorCode::ProxyUpstreamInvalidResponse);
            assert!(err.message().contains(field), "{}", err.message());
            assert!(
                err.message().contains("cannot be charged exactly"),
                "{}",
                err.message()
            );
        }
        for (amount, currency) in [
            ("4.99", "USD"),
            ("4.990", "USD"),
            ("10", "JPY"),
            ("1.234", "KWD"),
        ] {
            let shown = invoice(amount, currency, json!({})).unwrap();
            assert_eq!(shown.amount.unwrap().as_str(), amount);
        }
    }

    fn code(status: u16, body: Value) -> (u16, String) {
        let err = provider_error(StatusCode::from_u16(status).unwrap(), &body);
        (err.status.as_u16(), err.code().as_str().to_string())
    }

    #[test]
    fn only_a_stated_client_error_passes_through() {
        let declined = json!({"success": false, "error_type": "card.no-money", "message": "m"});
        assert_eq!(code(402, declined), (402, "card.no-money".into()));
        let conflict = json!({"success": false, "error_type": "request.idempotency-key.invalid"});
        assert_eq!(
            code(409, conflict),
            (409, "request.idempotency-key.invalid".into())
        );
        assert_eq!(code(401, json!({})), (502, "proxy.misconfigured".into()));
        assert_eq!(
            code(500, json!({"success": false})),
            (502, "proxy.upstream-unavailable".into())
        );
    }

    #[test]
    fn an_answer_without_a_stated_outcome_is_unknown_never_a_decline() {
        for (status, body) in [
            (200, json!({"success": false})),
            (200, json!({})),
            (302, json!({})),
            (400, json!({"success": false})),
            (402, json!({"message": "no error_type"})),
            (429, json!("Too Many Requests")),
        ] {
            assert_eq!(
                code(status, body.clone()),
                (502, "proxy.upstream-invalid-response".into()),
                "{status} {body}"
            );
        }
        let err = authorization(StatusCode::OK, json!({"success": false})).unwrap_err();
        assert_eq!(err.code(), &ErrorCode::ProxyUpstreamInvalidResponse);
    }
}
