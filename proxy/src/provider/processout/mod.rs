//! ProcessOut (seeds 000, 001, 002), or the ProcessOut-compatible sandbox: the widget's
//! invoices and transactions are ProcessOut's own, narrowed to what a customer may see
//! ([`transform`]).

pub mod transform;

use axum::http::StatusCode;
use checkout_core::contract::{AuthorizeResponse, Invoice, Transaction};
use checkout_core::saved::{self, SavedSource, TokensResponse, YearMonth};
use checkout_core::ErrorCode;
use serde_json::{json, Value};
use url::Url;

use super::{answer, AuthorizeRequest, Provider};
use crate::api_error::ApiError;
use crate::upstream::Upstream;

/// The ProcessOut adapter: an authenticated client for its API.
#[derive(Clone)]
pub struct ProcessOut {
    upstream: Upstream,
}

impl ProcessOut {
    /// An adapter over `upstream` (Basic auth with the project id and private key).
    pub fn new(upstream: Upstream) -> Self {
        Self { upstream }
    }

    /// The provider's base URL (no secret in it).
    pub fn base_url(&self) -> &str {
        self.upstream.base_url()
    }

    /// `{base}/invoices/{id}?expand[]=transaction`. ProcessOut's ids are sent as they are
    /// (the routes checked them: `iv_` and letters or digits), one percent-encoded segment.
    pub fn invoice_url(&self, invoice_id: &str) -> Result<Url, ApiError> {
        self.upstream
            .url(&["invoices", invoice_id], &[("expand[]", "transaction")])
    }

    /// `{base}/invoices/{id}/authorize`.
    pub fn authorize_url(&self, invoice_id: &str) -> Result<Url, ApiError> {
        self.upstream
            .url(&["invoices", invoice_id, "authorize"], &[])
    }

    /// The invoice as the widget would show it, and its customer's id (`None` without one).
    async fn invoice_and_customer(
        &self,
        invoice_id: &str,
    ) -> Result<(Invoice, Option<String>), ApiError> {
        let answer = self.upstream.get(self.invoice_url(invoice_id)?).await?;
        let customer = answer
            .body
            .pointer("/invoice/customer_id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(str::to_string);
        let invoice = transform::invoice(answer.status, answer.body)?;
        Ok((invoice, customer))
    }

    /// Refuses a customer token (`tok_...`) that is not `customer`'s: 404
    /// `resource.token.not-found`, as for a token that does not exist, so another
    /// customer's tokens cannot even be probed. Nothing is sent to pay.
    async fn check_token_owner(&self, customer: &str, token: &str) -> Result<(), ApiError> {
        let url = self
            .upstream
            .url(&["customers", customer, "tokens", token], &[])?;
        let answer = self.upstream.get(url).await?;
        if answer.status.is_success()
            && answer
                .body
                .pointer("/token/customer_id")
                .and_then(Value::as_str)
                == Some(customer)
        {
            return Ok(());
        }
        if answer.status == StatusCode::NOT_FOUND || answer.status.is_success() {
            tracing::warn!(token = %crate::secret::mask(token), "saved source refused: not the invoice's customer's");
            return Err(token_not_found());
        }
        Err(transform::provider_error(answer.status, &answer.body))
    }

    /// Turns the single-use card token into a customer token of `customer` (which spends the
    /// card token) under an idempotency key derived from the attempt's, so a retry of the
    /// attempt gets the same token back and never a second one. A failure with no stated
    /// outcome is an unknown outcome (retry with the same key), never a decline.
    async fn save_card(
        &self,
        customer: &str,
        card: &str,
        idempotency_key: &str,
    ) -> Result<String, ApiError> {
        let url = self.upstream.url(&["customers", customer, "tokens"], &[])?;
        let key = format!("save-{idempotency_key}");
        let answer = self
            .upstream
            .post_json(url, &json!({ "source": card }), &key)
            .await?;
        if !answer.status.is_success() || answer.body.get("success") != Some(&Value::Bool(true)) {
            return Err(transform::provider_error(answer.status, &answer.body));
        }
        let token = answer
            .body
            .pointer("/token/id")
            .and_then(Value::as_str)
            .filter(|id| saved::is_token_id(id))
            .ok_or_else(answer::invalid_answer)?;
        tracing::info!(token = %crate::secret::mask(token), "card saved for the invoice's customer");
        Ok(token.to_string())
    }

    /// `customer`'s tokens (`GET /customers/{id}/tokens?expand[]=card`), narrowed by
    /// checkout-core; a customer ProcessOut no longer has: an empty list.
    async fn tokens_of(&self, customer: &str) -> Result<Vec<SavedSource>, ApiError> {
        let url = self
            .upstream
            .url(&["customers", customer, "tokens"], &[("expand[]", "card")])?;
        let answer = self.upstream.get(url).await?;
        if answer.status == StatusCode::NOT_FOUND {
            tracing::warn!("the invoice's customer is unknown to the provider; no saved cards");
            return Ok(Vec::new());
        }
        if !answer.status.is_success() {
            return Err(transform::provider_error(answer.status, &answer.body));
        }
        let tokens: TokensResponse = serde_json::from_value(answer.body).map_err(|e| {
            answer::unreadable(format!(
                "the provider's token list is not ProcessOut's: {e}"
            ))
        })?;
        Ok(saved::saved_sources(
            &tokens.tokens.unwrap_or_default(),
            customer,
            current_month(),
        ))
    }

    /// `{base}/transactions/{id}`.
    pub fn transaction_url(&self, transaction_id: &str) -> Result<Url, ApiError> {
        self.upstream.url(&["transactions", transaction_id], &[])
    }
}

impl Provider for ProcessOut {
    /// `GET /invoices/{id}?expand[]=transaction`, display-safe; with a customer, that
    /// customer's saved cards too (see [`Self::saved_sources`]), so the widget asks once. A
    /// list that cannot be had leaves `saved_sources` out rather than failing the invoice:
    /// the customer can still type a card. Nothing is listed for an invoice already paid.
    async fn invoice(&self, invoice_id: &str) -> Result<Invoice, ApiError> {
        let (mut invoice, customer) = self.invoice_and_customer(invoice_id).await?;
        let payable = answer::refuse_if_paid(transform::existing_transaction(&invoice)).is_ok();
        if let (Some(customer), true) = (customer, payable) {
            match self.tokens_of(&customer).await {
                Ok(list) => invoice.saved_sources = Some(list),
                Err(e) => tracing::warn!(
                    error_type = e.code().as_str(),
                    "saved cards not listed with the invoice"
                ),
            }
        }
        Ok(invoice)
    }

    /// `POST /invoices/{id}/authorize` with the source, 3-D Secure 2 and the device data,
    /// unless the invoice (read first with `expand[]=transaction`) is already paid or being
    /// paid: then 409 `invoice.already-paid` with that transaction, and nothing is sent.
    async fn authorize(
        &self,
        invoice_id: &str,
        request: &AuthorizeRequest<'_>,
    ) -> Result<AuthorizeResponse, ApiError> {
        let url = self.authorize_url(invoice_id)?;
        // The invoice as the widget would show it: an amount that is not exact is refused
        // here too, before anything is sent to pay.
        let (invoice, customer) = self.invoice_and_customer(invoice_id).await?;
        answer::refuse_if_paid(transform::existing_transaction(&invoice))?;
        let saved_token;
        let source = match (request.save, customer.as_deref()) {
            (true, Some(customer)) if request.source.starts_with("card_") => {
                saved_token = self
                    .save_card(customer, request.source, request.idempotency_key)
                    .await?;
                saved_token.as_str()
            }
            // Nothing to save: a saved card, a 3-D Secure result, or no customer to save for.
            (_, Some(customer)) if request.source.starts_with("tok_") => {
                self.check_token_owner(customer, request.source).await?;
                request.source
            }
            _ => request.source,
        };
        let upstream_body = json!({
            "source": source,
            "enable_three_d_s_2": true,
            "device": request.device,
        });
        let answer = self
            .upstream
            .post_json(url, &upstream_body, request.idempotency_key)
            .await?;
        transform::authorization(answer.status, answer.body)
    }

    /// The invoice's customer's tokens (`GET /customers/{id}/tokens?expand[]=card`),
    /// narrowed by checkout-core to brand, last four digits and expiry. No customer, or a
    /// customer ProcessOut no longer has: an empty list.
    async fn saved_sources(&self, invoice_id: &str) -> Result<Vec<SavedSource>, ApiError> {
        let (_, customer) = self.invoice_and_customer(invoice_id).await?;
        match customer {
            Some(customer) => self.tokens_of(&customer).await,
            None => Ok(Vec::new()),
        }
    }

    /// `GET /transactions/{id}`, display-safe, with its operations.
    async fn transaction(&self, transaction_id: &str) -> Result<Transaction, ApiError> {
        let answer = self
            .upstream
            .get(self.transaction_url(transaction_id)?)
            .await?;
        transform::transaction(answer.status, answer.body)
    }
}

/// 404 `resource.token.not-found`.
fn token_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::ResourceTokenNotFound,
        "no such saved payment source for this invoice's customer",
    )
}

/// The current month in UTC, for telling expired saved cards apart.
fn current_month() -> YearMonth {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    month_of_day(days)
}

/// The month of the `days`-th day after 1970-01-01 (proleptic Gregorian calendar): days are
/// counted in 400-year eras of 146,097 days, with years starting on 1 March so that the
/// leap day comes last.
fn month_of_day(days: i64) -> YearMonth {
    let shifted = days + 719_468; // days from 0000-03-01
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let month = if march_based_month < 10 {
        march_based_month + 3
    } else {
        march_based_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    YearMonth { year, month }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_their_calendar_month() {
        let month = |year, month| YearMonth { year, month };
        assert_eq!(month_of_day(0), month(1970, 1));
        assert_eq!(month_of_day(30), month(1970, 1));
        assert_eq!(month_of_day(31), month(1970, 2));
        // 2024-02-29 and 2024-03-01.
        assert_eq!(month_of_day(19_782), month(2024, 2));
        assert_eq!(month_of_day(19_783), month(2024, 3));
        // 2026-12-31 and 2027-01-01.
        assert_eq!(month_of_day(20_818), month(2026, 12));
        assert_eq!(month_of_day(20_819), month(2027, 1));
        assert!(current_month().year >= 2026);
    }
}
