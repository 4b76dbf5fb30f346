//! Invoiss (seed 003): `POST /public/payments/process` with the token in the
//! `Authorization` header, answered by `{success, message}`.
//!
//! What the seed documents is used as documented. What it does not, the adapter assumes,
//! here and in docs/providers.md (keep the two together):
//!
//! 1. **Reading an order.** The seed says orders exist (created with a client and line
//!    items) but not how to read one. Assumed: `GET /public/orders/{orderId}`, same
//!    `Authorization`, answering `{"success": true, "order": {...}}` where the order has
//!    `id`, `title`, `currency`, `lineItems` (`name`, `quantity`, `price`, `discount`),
//!    `taxTotal`, `shippingTotal` and `grandTotal`, amounts as JSON numbers.
//! 2. **Currency.** The payment request names none. The order's `currency` is used, else
//!    `INVOISS_CURRENCY` (default USD).
//! 3. **The request.** `method` `CARD`; `type` `INVOICE`; `order` `{id, grandTotal}` and
//!    `orderId` from the order; `amount` = `grandTotal` (the whole order is paid);
//!    `company` `{id: INVOISS_COMPANY_ID, metadata: {}}`; `gateway` `{id:
//!    INVOISS_GATEWAY_ID}`; `signature` = the widget's `source` (the card or customer token
//!    from the merchant's card form: the only per-payment proof the request can carry);
//!    `paymentId` = `pay_` + the widget's `Idempotency-Key`, so a retry of one attempt is
//!    the same payment to Invoiss and is never processed twice. `status` ("required for
//!    certain types") is not sent. Device data has no field and is not sent.
//! 4. **The answer.** `success: true` means the money was taken: widget status
//!    `completed`. Otherwise the free-text `message` is read with [`MESSAGE_CODES`] into an
//!    error code checkout-core knows (see [`answer_error`]).
//! 5. **No read-back.** The seed has no way to read a payment, and its answer is final, so
//!    the widget never needs to poll: `GET /checkout/transactions/{id}` answers 404.
//! 6. **A paid order.** The order read carries a `status` (`PAID`/`COMPLETED`: paid;
//!    `PROCESSING`/`PENDING`: being paid; anything else may be paid) and, once paid, the
//!    `paymentId` that paid it ([`paid`]). Before paying, the adapter reads the order (it
//!    needs its total anyway) and a paid order is refused with 409 `invoice.already-paid`
//!    and that payment as the transaction, without calling `payments/process`.

pub mod paid;
pub mod transform;

use axum::http::StatusCode;
use checkout_core::contract::{AuthorizeResponse, Invoice, Transaction};
use checkout_core::saved::SavedSource;
use checkout_core::{Currency, ErrorCode, TransactionStatus};

use super::{answer, ids, order, AuthorizeRequest, Provider};
use crate::api_error::ApiError;
use crate::config::InvoissConfig;
use crate::upstream::Upstream;
use crate::StartError;
use transform::{answer_outcome, payment_request, read_order, NAME};

/// Where the emulator is mounted under `/sandbox` (defined by the sandbox crate).
#[cfg(feature = "sandbox")]
pub use checkout_sandbox::INVOISS_MOUNT as SANDBOX_MOUNT;
/// The seed's payment endpoint, as path segments under the base URL.
pub const PROCESS_PATH: [&str; 3] = ["public", "payments", "process"];

/// Assumption 1: where an order is read, as path segments under the base URL.
pub const ORDER_PATH: [&str; 2] = ["public", "orders"];

/// The Invoiss adapter.
#[derive(Clone)]
pub struct Invoiss {
    upstream: Upstream,
    company_id: String,
    gateway_id: String,
    default_currency: Currency,
}

impl Invoiss {
    /// An adapter over `upstream` (whose `Authorization` is the bare token).
    pub fn new(upstream: Upstream, settings: &InvoissConfig) -> Result<Self, StartError> {
        let default_currency = Currency::parse("INVOISS_CURRENCY", &settings.currency)
            .map_err(|e| StartError(e.to_string()))?;
        Ok(Self {
            upstream,
            company_id: settings.company_id.clone(),
            gateway_id: settings.gateway_id.clone(),
            default_currency,
        })
    }

    /// `{base}/public/orders/{orderId}` (assumption 1), the id one percent-encoded segment.
    pub fn order_url(&self, order_id: &str) -> Result<url::Url, ApiError> {
        let [public, orders] = ORDER_PATH;
        self.upstream.url(&[public, orders, order_id], &[])
    }

    /// The one order a widget invoice id stands for; 400 when the id does not decode to
    /// one order id that is safe in a URL path (see [`ids::from_widget`]).
    pub fn order_id(invoice_id: &str) -> Result<String, ApiError> {
        let mut ids = ids::from_widget("iv", invoice_id)?;
        if ids.len() != 1 {
            return Err(ApiError::validation(
                "Invoiss pays one order at a time: the invoice id must name a single order",
            ));
        }
        ids.pop().ok_or_else(not_found)
    }

    /// The order, and what it says about being paid (assumption 6).
    async fn order(&self, order_id: &str) -> Result<(order::Order, paid::OrderState), ApiError> {
        let answer = self.upstream.get_raw(self.order_url(order_id)?).await?;
        match answer.status {
            s if s.is_success() => Ok((
                read_order(&answer.bytes, s, self.default_currency)?,
                paid::order_state(&answer.bytes),
            )),
            StatusCode::NOT_FOUND => Err(not_found()),
            s => Err(transform::order_error(s, &answer.bytes)),
        }
    }
}

impl Provider for Invoiss {
    /// The widget invoice for the order.
    async fn invoice(&self, invoice_id: &str) -> Result<Invoice, ApiError> {
        let (order, _) = self.order(&Self::order_id(invoice_id)?).await?;
        order::widget_invoice(invoice_id, &[order])
    }

    /// Pays the whole order with `POST /public/payments/process`, unless the order is paid
    /// or being paid (assumption 6): then 409 `invoice.already-paid`, nothing sent.
    async fn authorize(
        &self,
        invoice_id: &str,
        request: &AuthorizeRequest<'_>,
    ) -> Result<AuthorizeResponse, ApiError> {
        answer::card_or_token_source(NAME, request.source)?;
        let (order, state) = self.order(&Self::order_id(invoice_id)?).await?;
        answer::refuse_if_paid(paid::existing_transaction(&state, &order, invoice_id))?;
        let body = payment_request(
            &order,
            &self.company_id,
            &self.gateway_id,
            request.source,
            request.idempotency_key,
        )?;
        let url = self.upstream.url(&PROCESS_PATH, &[])?;
        let answer = self
            .upstream
            .post_raw(url, &body, Some(request.idempotency_key))
            .await?;
        answer_outcome(answer.status, &answer.bytes)?;
        Ok(AuthorizeResponse {
            success: true,
            transaction: Some(Transaction {
                id: ids::to_widget("tr", &[body.payment_id.as_str()]),
                invoice_id: Some(invoice_id.to_string()),
                status: Some(TransactionStatus::Completed),
                amount: Some((&order.total).into()),
                currency: Some(order.total.currency().code().to_string()),
                ..Transaction::default()
            }),
            customer_action: None,
        })
    }

    /// No saved cards: the provider's orders have no customer (docs/providers.md).
    async fn saved_sources(&self, _invoice_id: &str) -> Result<Vec<SavedSource>, ApiError> {
        Ok(Vec::new())
    }

    /// Invoiss documents no way to read a payment back (assumption 5). An id that is not
    /// one of the widget's transaction ids is still refused as such (400).
    async fn transaction(&self, transaction_id: &str) -> Result<Transaction, ApiError> {
        ids::from_widget("tr", transaction_id)?;
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::ResourceTransactionNotFound,
            "Invoiss has no API to read a payment back; the answer to the payment itself is final",
        ))
    }
}

fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::ResourceInvoiceNotFound,
        "Invoiss has no order with this id",
    )
}
