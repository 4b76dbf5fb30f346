//! The orders payment API (seed 004): users pay one or several Orders with a Payment
//! Method; a Payment moves through `current_state`.
//!
//! What the seed documents is used as documented: the Payment object's fields, "Payment
//! for Orders" with `orders` and `payment_method`, "Retrieve a Payment" by id, and the
//! twelve `current_state` values. What it does not, the adapter assumes, here and in
//! docs/providers.md (keep the two together):
//!
//! 1. **Authentication.** `Authorization: Bearer {ORDERS_API_TOKEN}`.
//! 2. **Paths.** Pay: `POST /payments/orders` with `{"orders": ["<order id>", ...],
//!    "payment_method": "<id>"}`; retrieve: `GET /payments/{payment-id}`; read an order
//!    (for its lines and total, which the seed does not describe): `GET /orders/{order-id}`.
//! 3. **Shapes.** Answers are the bare object. A Payment has an `id` (the seed's
//!    "payment-id"). An Order has `id`, `name`, `description`, `currency`, `amount`,
//!    `tax_amount`, `shipping_amount` and `line_items` (`name`, `quantity`, `unit_price`,
//!    `discount_amount`); amounts are JSON numbers, like the Payment's. An error is a
//!    non-2xx status with `{"status_code", "error_message"}`, the Payment's own fields.
//! 4. **Payment method.** The widget's `source` (card or customer token from the merchant's
//!    card form) is the Payment Method id. Device data has no field and is not sent.
//! 5. **Idempotency.** The widget's `Idempotency-Key` is sent as a header. The seed does
//!    not mention one; an API that ignores it still refuses to pay an order twice only if
//!    it checks the order itself (the emulator does both).
//! 6. **Several orders.** A widget invoice id may name several orders (see
//!    [`super::ids`]); they are paid with one Payment. A Payment's `subject` names one
//!    Order, so a transaction read back links to that order only.
//! 7. **A paid order.** The seed's "List all Payments" has no order filter; assumed:
//!    `GET /payments?subject={order-id}&size=100` lists that Order's payments (as the
//!    usual `{items, page, size, total}` page, newest first). Before paying, the adapter
//!    lists each order's payments; a payment whose `subject` is another order is ignored,
//!    and one whose state blocks a new payment (`processing`, `on_retry`, `reserved`,
//!    `captured`, `succeeded`, `refund_failed`, ...) is answered 409 `invoice.already-paid`
//!    with it as the transaction, without calling "Payment for Orders".

pub mod codes;
pub mod transform;

use axum::http::StatusCode;
use checkout_core::contract::{AuthorizeResponse, Invoice, Transaction};
use checkout_core::saved::SavedSource;
use checkout_core::TransactionStatus;
use url::Url;

use super::{answer, ids, order, AuthorizeRequest, Provider};
use crate::api_error::ApiError;
use crate::upstream::Upstream;
use transform::{
    decline, error_answer, error_from_body, read_order, widget_transaction, Call, PayRequest,
    Payment, NAME,
};

/// Where the emulator is mounted under `/sandbox` (defined by the sandbox crate).
#[cfg(feature = "sandbox")]
pub use checkout_sandbox::ORDERS_MOUNT as SANDBOX_MOUNT;
/// Assumption 2: "Payment for Orders", as path segments under the base URL.
pub const PAY_PATH: [&str; 2] = ["payments", "orders"];

/// Assumption 7: a page of "List all Payments".
#[derive(Debug, serde::Deserialize)]
pub struct PaymentPage {
    /// The payments.
    #[serde(default)]
    pub items: Vec<Payment>,
}

/// The orders payment API adapter.
#[derive(Clone)]
pub struct Orders {
    upstream: Upstream,
}

impl Orders {
    /// An adapter over `upstream` (whose `Authorization` is `Bearer ...`).
    pub fn new(upstream: Upstream) -> Self {
        Self { upstream }
    }

    /// Assumption 2, "Retrieve a Payment": `{base}/payments/{payment-id}`.
    pub fn payment_url(&self, payment_id: &str) -> Result<Url, ApiError> {
        self.upstream.url(&["payments", payment_id], &[])
    }

    /// Assumption 7: an Order's payments, newest first (one page is enough: any blocking
    /// payment is refused, and an order rarely has a hundred failed attempts):
    /// `{base}/payments?subject={order-id}&size=100`, the id an encoded query value.
    pub fn order_payments_url(&self, order_id: &str) -> Result<Url, ApiError> {
        if let Some(problem) = ids::segment_problem(order_id) {
            return Err(ApiError::validation(format!(
                "the order id {order_id:?} {problem}"
            )));
        }
        self.upstream
            .url(&["payments"], &[("subject", order_id), ("size", "100")])
    }

    /// Assumption 2, reading an Order: `{base}/orders/{order-id}`.
    pub fn order_url(&self, order_id: &str) -> Result<Url, ApiError> {
        self.upstream.url(&["orders", order_id], &[])
    }

    /// 409 `invoice.already-paid` when one of `orders` has a payment that blocks a new one
    /// (assumption 7). Reads the API only, so any number of proxies decide alike.
    async fn refuse_if_paid(&self, invoice_id: &str, orders: &[String]) -> Result<(), ApiError> {
        for id in orders {
            let answer = self.upstream.get_raw(self.order_payments_url(id)?).await?;
            if !answer.status.is_success() {
                return Err(error_from_body(answer.status, &answer.bytes, Call::Order));
            }
            let page: PaymentPage = answer::parse_body(NAME, answer.status, &answer.bytes)?;
            let ours = |p: &&Payment| {
                p.subject
                    .as_deref()
                    .is_none_or(|s| orders.iter().any(|o| o == s))
            };
            for payment in page.items.iter().filter(ours) {
                answer::refuse_if_paid(Some(widget_transaction(payment, Some(invoice_id))?))?;
            }
        }
        Ok(())
    }

    /// The order ids a widget invoice id stands for; 400 when the id does not decode to
    /// order ids that are safe in a URL path (see [`ids::from_widget`]).
    pub fn order_ids(invoice_id: &str) -> Result<Vec<String>, ApiError> {
        Ok(ids::from_widget("iv", invoice_id)?)
    }
}

impl Provider for Orders {
    /// The widget invoice for the order(s) the id names.
    async fn invoice(&self, invoice_id: &str) -> Result<Invoice, ApiError> {
        let mut orders = Vec::new();
        for id in Self::order_ids(invoice_id)? {
            let answer = self.upstream.get_raw(self.order_url(&id)?).await?;
            if !answer.status.is_success() {
                return Err(error_from_body(answer.status, &answer.bytes, Call::Order));
            }
            orders.push(read_order(&answer.bytes, answer.status)?);
        }
        order::widget_invoice(invoice_id, &orders)
    }

    /// Pays the order(s) with the widget's source as the Payment Method, unless one of them
    /// is paid or being paid (assumption 7).
    async fn authorize(
        &self,
        invoice_id: &str,
        request: &AuthorizeRequest<'_>,
    ) -> Result<AuthorizeResponse, ApiError> {
        answer::card_or_token_source(NAME, request.source)?;
        let orders = Self::order_ids(invoice_id)?;
        self.refuse_if_paid(invoice_id, &orders).await?;
        let body = PayRequest {
            orders: &orders,
            payment_method: request.source,
        };
        let url = self.upstream.url(&PAY_PATH, &[])?;
        let answer = self
            .upstream
            .post_raw(url, &body, Some(request.idempotency_key))
            .await?;
        if !answer.status.is_success() {
            return Err(error_from_body(answer.status, &answer.bytes, Call::Pay));
        }
        let payment: Payment = answer::parse_body(NAME, answer.status, &answer.bytes)?;
        let transaction = widget_transaction(&payment, Some(invoice_id))?;
        if transaction.status == Some(TransactionStatus::Failed) {
            tracing::info!(
                status_code = payment.status_code.as_deref().unwrap_or(""),
                "the orders API refused the payment"
            );
            return Err(decline(&payment));
        }
        Ok(AuthorizeResponse {
            success: true,
            transaction: Some(transaction),
            customer_action: None,
        })
    }

    /// No saved cards: the provider's orders have no customer (docs/providers.md).
    async fn saved_sources(&self, _invoice_id: &str) -> Result<Vec<SavedSource>, ApiError> {
        Ok(Vec::new())
    }

    /// Retrieves the payment the widget transaction id stands for.
    async fn transaction(&self, transaction_id: &str) -> Result<Transaction, ApiError> {
        let mut ids = ids::from_widget("tr", transaction_id)?;
        let payment_id = ids
            .pop()
            .filter(|_| ids.is_empty())
            .ok_or_else(|| error_answer(StatusCode::NOT_FOUND, None, Call::Payment))?;
        let answer = self
            .upstream
            .get_raw(self.payment_url(&payment_id)?)
            .await?;
        if !answer.status.is_success() {
            return Err(error_from_body(answer.status, &answer.bytes, Call::Payment));
        }
        let payment: Payment = answer::parse_body(NAME, answer.status, &answer.bytes)?;
        widget_transaction(&payment, None)
    }
}
