//! Assumption 6 of [`super`]: what an Invoiss order says about being paid. The seed is silent
//! (it only sends a payment `status`, "COMPLETED" in its example), so the adapter assumes the
//! order read (`GET /public/orders/{orderId}`) carries a `status` and, once paid, the
//! `paymentId` that paid it:
//!
//! | order `status` (any case) | widget transaction status |
//! |---|---|
//! | `PAID`, `COMPLETED` | `completed` |
//! | `PROCESSING`, `PENDING` | `pending` |
//! | anything else, or none (`UNPAID`, `DRAFT`, `SENT`, ...) | no transaction: the order may be paid |
//!
//! A status not in the table does not block a payment: Invoiss's own rule (a paid order
//! answers 409 "has already been paid") stays the last guard.

use checkout_core::contract::Transaction;
use checkout_core::TransactionStatus;
use serde::Deserialize;

use crate::provider::ids;
use crate::provider::order::Order;

/// The order fields the already-paid check reads.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderState {
    /// The order's status (assumed).
    pub status: Option<String>,
    /// The payment that paid it (assumed).
    pub payment_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Envelope {
    #[serde(default)]
    order: OrderState,
}

/// The state of the order in a `{"order": {...}}` answer already read by
/// [`super::transform::read_order`]; fields it cannot read count as absent.
pub fn order_state(bytes: &[u8]) -> OrderState {
    serde_json::from_slice::<Envelope>(bytes)
        .map(|e| e.order)
        .unwrap_or_default()
}

/// The widget status an order `status` stands for, if it is paid or being paid.
pub fn paid_status(status: &str) -> Option<TransactionStatus> {
    match status.to_ascii_uppercase().as_str() {
        "PAID" | "COMPLETED" => Some(TransactionStatus::Completed),
        "PROCESSING" | "PENDING" => Some(TransactionStatus::Pending),
        _ => None,
    }
}

/// The display-safe transaction of a paid (or being paid) order, for the already-paid
/// answer; `None` when the order may be paid.
pub fn existing_transaction(
    state: &OrderState,
    order: &Order,
    invoice_id: &str,
) -> Option<Transaction> {
    let status = paid_status(state.status.as_deref()?)?;
    Some(Transaction {
        id: state
            .payment_id
            .as_deref()
            .and_then(|id| ids::to_widget("tr", &[id])),
        invoice_id: Some(invoice_id.to_string()),
        status: Some(status),
        amount: Some((&order.total).into()),
        currency: Some(order.total.currency().code().to_string()),
        ..Transaction::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;
    use checkout_core::Currency;

    const PAID: &str = r#"{"success": true, "order": {"id": "order_123456", "title": "Consulting",
        "status": "PAID", "paymentId": "pay_123456789", "grandTotal": 100.00}}"#;

    fn order(body: &str) -> Order {
        let usd = Currency::parse("currency", "USD").unwrap();
        super::super::transform::read_order(body.as_bytes(), StatusCode::OK, usd).unwrap()
    }

    #[test]
    fn a_paid_order_has_its_payment_as_a_completed_transaction() {
        let state = order_state(PAID.as_bytes());
        let transaction = existing_transaction(&state, &order(PAID), "iv_orderZu123456").unwrap();
        assert_eq!(transaction.status, Some(TransactionStatus::Completed));
        assert_eq!(transaction.id.as_deref(), Some("tr_payZu123456789"));
        assert_eq!(transaction.invoice_id.as_deref(), Some("iv_orderZu123456"));
        let json = serde_json::to_value(&transaction).unwrap();
        assert_eq!(json["amount"], "100.00");
        assert_eq!(json["currency"], "USD");
    }

    #[test]
    fn an_unpaid_or_unknown_status_does_not_block() {
        for status in ["UNPAID", "DRAFT", "sent", ""] {
            let body = PAID.replace("\"PAID\"", &format!("\"{status}\""));
            let state = order_state(body.as_bytes());
            assert!(
                existing_transaction(&state, &order(&body), "iv_x").is_none(),
                "{status}"
            );
        }
        let body = PAID.replace("\"status\": \"PAID\",", "");
        assert!(
            existing_transaction(&order_state(body.as_bytes()), &order(&body), "iv_x").is_none()
        );
        assert_eq!(paid_status("processing"), Some(TransactionStatus::Pending));
        assert_eq!(paid_status("Completed"), Some(TransactionStatus::Completed));
    }
}
