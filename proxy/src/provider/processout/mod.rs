//! ProcessOut (seeds 000, 001, 002), or the ProcessOut-compatible sandbox: the widget's
//! invoices and transactions are ProcessOut's own, narrowed to what a customer may see
//! ([`transform`]).

pub mod transform;

use checkout_core::contract::{AuthorizeResponse, Invoice, Transaction};
use serde_json::json;
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

    /// `{base}/transactions/{id}`.
    pub fn transaction_url(&self, transaction_id: &str) -> Result<Url, ApiError> {
        self.upstream.url(&["transactions", transaction_id], &[])
    }
}

impl Provider for ProcessOut {
    /// `GET /invoices/{id}?expand[]=transaction`, display-safe.
    async fn invoice(&self, invoice_id: &str) -> Result<Invoice, ApiError> {
        let answer = self.upstream.get(self.invoice_url(invoice_id)?).await?;
        transform::invoice(answer.status, answer.body)
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
        let invoice = self.invoice(invoice_id).await?;
        answer::refuse_if_paid(transform::existing_transaction(&invoice))?;
        let upstream_body = json!({
            "source": request.source,
            "enable_three_d_s_2": true,
            "device": request.device,
        });
        let answer = self
            .upstream
            .post_json(url, &upstream_body, request.idempotency_key)
            .await?;
        transform::authorization(answer.status, answer.body)
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
