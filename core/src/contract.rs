//! The widget contract: the JSON the proxy and the widget exchange under `/checkout`
//! (docs/api.md, docs/openapi.yaml), as serde types.
//!
//! The proxy writes its answers with these types, whatever provider is behind it; the
//! widget reads the same JSON by hand (it keeps serde out of its WebAssembly for size), and
//! golden files written by these types hold the two readers together.

use serde::{Deserialize, Deserializer, Serialize};
use serde_with::skip_serializing_none;

use crate::breakdown::Breakdown;
use crate::error_code::ErrorCode;
use crate::status::TransactionStatus;
use crate::wire::{self, CustomerActionKind, WireDecimal};

/// `null` and absent both mean "empty" for lists.
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// A field a request was refused for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvalidField {
    /// Field name.
    pub name: Option<String>,
    /// Why it was rejected.
    pub message: Option<String>,
}

/// The one error body of the product, ProcessOut's shape:
/// `{"success": false, "error_type": "...", "message": "...", "invalid_fields"?: [...]}`.
///
/// Written by the proxy and the sandbox for every error they answer, and read (forgivingly:
/// every field may be missing) from providers that speak ProcessOut's dialect.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    /// Always `false` for errors.
    pub success: bool,
    /// The error code; a body without one reads as [`ErrorCode::Other`] of `""`.
    pub error_type: ErrorCode,
    /// Developer-facing explanation (never shown to customers, never secrets or card data).
    pub message: String,
    /// Fields that failed validation.
    #[serde(
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub invalid_fields: Vec<InvalidField>,
    /// With `invoice.already-paid`: the invoice's existing transaction, display-safe, so the
    /// widget shows the payment that was made instead of an error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction: Option<Box<Transaction>>,
}

impl ErrorBody {
    /// An error body for `code` with a developer-facing `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            success: false,
            error_type: code,
            message: message.into(),
            invalid_fields: Vec::new(),
            transaction: None,
        }
    }

    /// The error code.
    pub fn code(&self) -> ErrorCode {
        self.error_type.clone()
    }
}

/// `GET /checkout/invoices/{id}`: `{"success": true, "invoice": {...}}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceEnvelope {
    /// Always `true`.
    pub success: bool,
    /// The display-safe invoice.
    pub invoice: Invoice,
}

/// An invoice as a customer may see it. An allowlist: metadata, gateway data, customer,
/// risk and addresses have no field here, so they cannot reach the widget.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Invoice {
    /// `iv_…` id (for other providers, the widget id that names their orders).
    pub id: Option<String>,
    /// What the customer pays for.
    pub name: Option<String>,
    /// The total, a decimal string.
    pub amount: Option<WireDecimal>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// Line items; absent when the provider lists none.
    pub details: Option<Vec<InvoiceLine>>,
    /// Tax included in the amount.
    pub tax: Option<Tax>,
    /// Shipping included in the amount.
    pub shipping: Option<Shipping>,
    /// The text on the customer's statement.
    pub statement_descriptor: Option<String>,
    /// A sandbox invoice.
    pub sandbox: Option<bool>,
    /// Where a full-page 3-D Secure step returns to.
    pub return_url: Option<String>,
    /// Where a canceled payment returns to.
    pub cancel_url: Option<String>,
    /// The invoice's transaction, when one exists.
    pub transaction_id: Option<String>,
    /// That transaction's status, when the provider expanded it.
    pub transaction_status: Option<TransactionStatus>,
    /// That transaction, display-safe, so a customer who comes back to a paid invoice sees
    /// its status rather than a Pay button.
    pub transaction: Option<Transaction>,
    /// `true` when the invoice names a customer (never who): the widget may then offer to
    /// save the card. Absent otherwise.
    pub has_customer: Option<bool>,
    /// That customer's saved cards, display-safe, sent with the invoice so the widget needs
    /// no second request. Absent without a customer, or when the provider could not list
    /// them (the customer then types a card; `/saved-sources` says why).
    pub saved_sources: Option<Vec<crate::saved::SavedSource>>,
    /// checkout-core's reading of the amounts; `null` when they cannot be read.
    #[serialize_always]
    pub breakdown: Option<BreakdownBody>,
}

/// One line of an [`Invoice`].
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceLine {
    /// Item name.
    pub name: Option<String>,
    /// `product`, `shipping`, ...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Price of one, a decimal string.
    pub amount: Option<WireDecimal>,
    /// How many.
    pub quantity: Option<i64>,
    /// Discount on the line, a decimal string.
    pub discount_amount: Option<WireDecimal>,
    /// Description.
    pub description: Option<String>,
}

/// The tax of an [`Invoice`].
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Tax {
    /// Amount, a decimal string.
    pub amount: Option<WireDecimal>,
    /// Rate in percent, a decimal string.
    pub rate: Option<WireDecimal>,
}

/// The shipping of an [`Invoice`] (never its address).
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Shipping {
    /// Amount, a decimal string.
    pub amount: Option<WireDecimal>,
    /// Shipping method.
    pub method: Option<String>,
    /// Carrier.
    pub provider: Option<String>,
    /// Delivery delay.
    pub delay: Option<String>,
}

/// checkout-core's [`Breakdown`] in decimal strings, computed once in the proxy so the
/// widget shows exactly what core decided without carrying decimal arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BreakdownBody {
    /// ISO 4217 code.
    pub currency: String,
    /// The lines, each with its total.
    pub lines: Vec<BreakdownLineBody>,
    /// Whether the invoice lists its items.
    pub itemised: bool,
    /// Sum of the lines.
    pub subtotal: String,
    /// Tax included in the total.
    pub tax: String,
    /// Shipping included in the total.
    pub shipping: String,
    /// The invoice amount.
    pub total: String,
    /// Whether lines, tax and shipping add up to the total.
    pub reconciles: bool,
    /// By how much they do not, when they do not.
    pub difference: Option<String>,
}

/// One line of a [`BreakdownBody`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BreakdownLineBody {
    /// Item name.
    pub name: Option<String>,
    /// How many.
    pub quantity: u64,
    /// Price of one.
    pub unit_amount: String,
    /// Discount on the line.
    pub discount: String,
    /// What the line costs.
    pub total: String,
}

impl From<&Breakdown> for BreakdownBody {
    fn from(b: &Breakdown) -> Self {
        Self {
            currency: b.currency.code().to_owned(),
            lines: b
                .lines
                .iter()
                .map(|line| BreakdownLineBody {
                    name: line.name.clone(),
                    quantity: line.quantity,
                    unit_amount: line.unit_amount.to_wire_string(),
                    discount: line.discount.to_wire_string(),
                    total: line.total.to_wire_string(),
                })
                .collect(),
            itemised: b.itemised,
            subtotal: b.subtotal.to_wire_string(),
            tax: b.tax.to_wire_string(),
            shipping: b.shipping.to_wire_string(),
            total: b.total.to_wire_string(),
            reconciles: b.reconciles,
            difference: b.difference.map(|d| d.amount().to_wire_string()),
        }
    }
}

/// `GET /checkout/transactions/{id}`: `{"success": true, "transaction": {...}}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TransactionEnvelope {
    /// Always `true`.
    pub success: bool,
    /// The display-safe transaction.
    pub transaction: Transaction,
}

/// A transaction as a customer may see it: gateway and card details have no field here.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Transaction {
    /// `tr_…` id.
    pub id: Option<String>,
    /// The invoice it pays.
    pub invoice_id: Option<String>,
    /// One of ProcessOut's transaction statuses, whatever the provider.
    pub status: Option<TransactionStatus>,
    /// Why it failed, a code checkout-core knows.
    pub error_code: Option<ErrorCode>,
    /// The provider's explanation of the failure.
    pub error_message: Option<String>,
    /// The 3-D Secure outcome (`success`, `failed`, ...).
    pub three_d_s_status: Option<String>,
    /// Amount, a decimal string.
    pub amount: Option<WireDecimal>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// The orders API's own status code, passed through as it came.
    pub status_code: Option<String>,
    /// How many operations [`Transaction::operations`] holds (transaction reads only).
    pub operations_count: Option<usize>,
    /// What happened to the transaction, one entry per authorization, capture, ...
    pub operations: Option<Vec<Operation>>,
}

/// One operation of a [`Transaction`].
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Operation {
    /// Operation id.
    pub id: Option<String>,
    /// `authorization`, `capture`, `three_d_s_check`, `void`, ...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Amount, a decimal string.
    pub amount: Option<WireDecimal>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// Whether it failed.
    pub has_failed: Option<bool>,
    /// Why it failed.
    pub error_code: Option<ErrorCode>,
    /// When, as the provider wrote it.
    pub created_at: Option<String>,
}

/// `POST /checkout/invoices/{id}/authorize`'s body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorizeRequest {
    /// `card_…`, `tok_…` or a `gway_req_…` 3-D Secure result.
    pub source: String,
    /// The browser's 3-D Secure data; checked field by field with [`crate::device`].
    pub device: Option<serde_json::Value>,
}

/// `POST /checkout/invoices/{id}/authorize`'s answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorizeResponse {
    /// Always `true`.
    pub success: bool,
    /// The transaction, display-safe.
    pub transaction: Option<Transaction>,
    /// A step the customer must complete (3-D Secure), `null` when none.
    pub customer_action: Option<CustomerAction>,
}

/// A step the customer must complete before the payment can go on.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerAction {
    /// `fingerprint`, `redirect`, `url`, `fingerprint-mobile`, `challenge-mobile`.
    #[serde(rename = "type")]
    pub kind: Option<CustomerActionKind>,
    /// The URL to open.
    pub value: Option<String>,
    /// Extra data, e.g. `{"no_iframe": "true"}`.
    pub metadata: Option<serde_json::Value>,
}

impl From<&wire::Transaction> for Transaction {
    /// The display-safe part of a ProcessOut transaction.
    fn from(t: &wire::Transaction) -> Self {
        Self {
            id: t.id.clone(),
            invoice_id: t.invoice_id.clone(),
            status: t.status.clone(),
            error_code: t.error_code.clone(),
            error_message: t.error_message.clone(),
            three_d_s_status: t.three_d_s_status.clone(),
            amount: t.amount.clone(),
            currency: t.currency.clone(),
            ..Self::default()
        }
    }
}

impl From<&wire::CustomerAction> for CustomerAction {
    fn from(a: &wire::CustomerAction) -> Self {
        Self {
            kind: a.kind.clone(),
            value: a.value.clone(),
            metadata: a.metadata.clone(),
        }
    }
}

impl From<&wire::Invoice> for Invoice {
    /// The display-safe part of a ProcessOut invoice, with core's breakdown.
    fn from(invoice: &wire::Invoice) -> Self {
        let details = (!invoice.details.is_empty()).then(|| {
            invoice
                .details
                .iter()
                .map(|d| InvoiceLine {
                    name: d.name.clone(),
                    kind: d.kind.clone(),
                    amount: d.amount.clone(),
                    quantity: d.quantity,
                    discount_amount: d.discount_amount.clone(),
                    description: d.description.clone(),
                })
                .collect()
        });
        let transaction = invoice.transaction.as_deref().map(Transaction::from);
        Self {
            id: invoice.id.clone(),
            name: invoice.name.clone(),
            amount: invoice.amount.clone(),
            currency: invoice.currency.clone(),
            details,
            tax: invoice.tax.as_ref().map(|t| Tax {
                amount: t.amount.clone(),
                rate: t.rate.clone(),
            }),
            shipping: invoice.shipping.as_ref().map(|s| Shipping {
                amount: s.amount.clone(),
                method: s.method.clone(),
                provider: s.provider.clone(),
                delay: s.delay.clone(),
            }),
            statement_descriptor: invoice.statement_descriptor.clone(),
            sandbox: invoice.sandbox,
            return_url: invoice.return_url.clone(),
            cancel_url: invoice.cancel_url.clone(),
            transaction_id: invoice.transaction_id.clone(),
            transaction_status: transaction.as_ref().and_then(|t| t.status.clone()),
            transaction,
            has_customer: invoice
                .customer_id
                .as_deref()
                .is_some_and(|c| !c.is_empty())
                .then_some(true),
            // The provider adds them: listing them is a request of its own.
            saved_sources: None,
            breakdown: Breakdown::from_invoice(invoice)
                .ok()
                .map(|b| BreakdownBody::from(&b)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// What the proxy writes for a ProcessOut invoice: the display-safe conversion, as JSON.
    fn display_safe_invoice(invoice: &Value) -> Value {
        let wire: wire::Invoice = serde_json::from_value(invoice.clone()).unwrap();
        serde_json::to_value(Invoice::from(&wire)).unwrap()
    }

    #[test]
    fn private_invoice_fields_never_reach_the_widget() {
        let invoice = json!({
            "id": "iv_1", "name": "n", "amount": "4.99", "currency": "AUD",
            "metadata": {"internal": "x"}, "gateway_data": {"k": "v"},
            "customer_id": "cust_1", "risk": {"score": "9"},
            "details": [{"name": "a", "amount": "1.00", "metadata": {"m": "1"}, "marketplace_merchant": "mm"}],
            "shipping": {"amount": "2.00", "address1": "1 Main St", "phone_number": "0600"},
            "tax": {"amount": "0.50", "rate": "10"},
            "transaction": {"id": "tr_1", "status": "completed", "three_d_s_status": "success", "gateway_data": {"acs": "x"}, "card_id": "card_secretish"}
        });
        let safe = display_safe_invoice(&invoice).to_string();
        for secret in [
            "metadata",
            "gateway_data",
            "cust_1",
            "risk",
            "marketplace_merchant",
            "1 Main St",
            "0600",
        ] {
            assert!(!safe.contains(secret), "{secret} leaked: {safe}");
        }
        let safe = display_safe_invoice(&invoice);
        assert_eq!(safe["amount"], "4.99");
        assert_eq!(safe["details"][0]["name"], "a");
        assert_eq!(safe["shipping"]["amount"], "2.00");
        assert_eq!(safe["tax"]["rate"], "10");
        assert_eq!(safe["transaction_status"], "completed");
        // The expanded transaction comes along, display-safe only.
        assert_eq!(safe["transaction"]["id"], "tr_1");
        assert_eq!(safe["transaction"]["three_d_s_status"], "success");
        assert!(safe["transaction"].get("gateway_data").is_none());
        assert!(safe["transaction"].get("card_id").is_none());
        // 1.00 line + 0.50 tax + 2.00 shipping is not 4.99: core's flag reaches the widget.
        assert_eq!(safe["breakdown"]["total"], "4.99");
        assert_eq!(safe["breakdown"]["reconciles"], false);
        assert_eq!(safe["breakdown"]["difference"], "1.49");
        assert_eq!(safe["breakdown"]["lines"][0]["total"], "1.00");
    }
}
