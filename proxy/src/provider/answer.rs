//! Reading a provider's answer: the errors every adapter gives the widget when an answer is
//! missing, refused, failed or not exact, and the exact readers of bodies, amounts and
//! currencies they share.

use axum::http::StatusCode;
use checkout_core::contract::Transaction;
use checkout_core::{Currency, ErrorCode, Money, MoneyError};
use serde::de::DeserializeOwned;

use super::json_money::{self, AmountError};
use crate::api_error::ApiError;

/// 502 `proxy.upstream-invalid-response` with `message`: the provider's answer cannot be
/// read, so the outcome is unknown.
pub fn unreadable(message: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        ErrorCode::ProxyUpstreamInvalidResponse,
        message,
    )
}

/// A provider answer without the object the adapter needs.
pub fn invalid_answer() -> ApiError {
    unreadable("the payment provider's answer is missing the expected object")
}

/// The provider refused the proxy's credentials: the merchant's misconfiguration, which
/// must not look like the customer's fault.
pub fn misconfigured(status: StatusCode, code: &str) -> ApiError {
    tracing::error!(%status, error_type = code, "provider refused the proxy's credentials");
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        ErrorCode::ProxyMisconfigured,
        "the merchant's payment configuration was refused by the provider",
    )
}

/// The provider failed (5xx): the widget may retry with the same idempotency key.
pub fn unavailable(status: StatusCode, code: &str) -> ApiError {
    tracing::warn!(%status, error_type = code, "provider failed");
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        ErrorCode::ProxyUpstreamUnavailable,
        "the payment provider failed to process the request; retrying with the same idempotency key is safe",
    )
}

/// An amount the proxy cannot convert exactly: refused, never rounded.
pub fn amount_error(provider: &str, err: AmountError) -> ApiError {
    tracing::warn!(provider, field = %err.field, problem = %err.problem, "amount refused");
    unreadable(format!(
        "{provider} amount {err}; nothing is charged for an amount that is not exact"
    ))
}

/// `money` as read from a provider, refused (never rounded) when it is finer than its
/// currency's minor unit (`4.995` USD, `10.5` JPY): the same refusal, 502
/// `proxy.upstream-invalid-response` through [`amount_error`], as
/// [`json_money::money_from_json`] gives the adapters that read JSON numbers.
pub fn exact_money(provider: &str, field: &str, money: Money) -> Result<Money, ApiError> {
    match money.to_minor_units() {
        Err(MoneyError::FractionalMinorUnits { amount, currency }) => Err(amount_error(
            provider,
            AmountError {
                field: field.to_string(),
                problem: format!(
                    "{amount} has more decimals than {} allows ({}), so it cannot be charged exactly",
                    currency.code(),
                    currency.minor_units()
                ),
            },
        )),
        _ => Ok(money),
    }
}

/// Parses a provider's JSON body into `T` straight from its bytes (so amounts can be read
/// from their text). The error says where, never what: bodies may hold payment data.
pub fn parse_body<T: DeserializeOwned>(
    provider: &str,
    status: StatusCode,
    bytes: &[u8],
) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        tracing::warn!(provider, %status, line = e.line(), column = e.column(), "unreadable answer");
        unreadable(format!(
            "{provider} answered {status} with a body that is not what the adapter expects (line {}, column {})",
            e.line(),
            e.column()
        ))
    })
}

/// An optional amount field read exactly in `currency`.
pub fn optional_money(
    provider: &str,
    field: &str,
    raw: Option<&serde_json::value::RawValue>,
    currency: Currency,
) -> Result<Option<Money>, ApiError> {
    raw.map(|raw| json_money::money_from_json(field, raw, currency))
        .transpose()
        .map_err(|e| amount_error(provider, e))
}

/// Card and customer tokens only: a `gway_req_` 3-D Secure result is ProcessOut's.
pub fn card_or_token_source(provider: &str, source: &str) -> Result<(), ApiError> {
    if source.starts_with("card_") || source.starts_with("tok_") {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "source: {provider} takes a card_ or tok_ payment method; 3-D Secure results (gway_req_) are ProcessOut's"
        )))
    }
}

/// A currency code from a provider, which must be ISO 4217 with a minor unit.
pub fn currency(provider: &str, field: &str, code: &str) -> Result<Currency, ApiError> {
    Currency::parse(field, code).map_err(|e| unreadable(format!("{provider} {e}")))
}

/// 409 `invoice.already-paid` with the invoice's existing `transaction` (display-safe) in
/// the error body, so the widget shows the payment that was made instead of an error.
pub fn already_paid(transaction: Transaction) -> ApiError {
    let mut error = ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::InvoiceAlreadyPaid,
        "this invoice is already paid or being paid; nothing new was sent to the payment provider",
    );
    error.body.transaction = Some(Box::new(transaction));
    error
}

/// The already-paid check every adapter runs before it asks its provider to pay: `Err`
/// (409, see [`already_paid`]) when the `existing` transaction, as the provider reports it
/// now, [`blocks_new_payment`](checkout_core::TransactionStatus::blocks_new_payment). It
/// reads nothing but that answer, so any number of proxy instances decide alike. A
/// `waiting` transaction (3-D Secure round 2) does not block.
pub fn refuse_if_paid(existing: Option<Transaction>) -> Result<(), ApiError> {
    match existing {
        Some(transaction)
            if transaction
                .status
                .as_ref()
                .is_some_and(|s| s.blocks_new_payment()) =>
        {
            tracing::info!(
                status = ?transaction.status,
                "invoice already paid; nothing sent to the provider"
            );
            Err(already_paid(transaction))
        }
        _ => Ok(()),
    }
}
