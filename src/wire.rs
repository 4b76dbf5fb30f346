//! The widget-facing contract of `checkout-proxy` (docs/api.md), as the widget reads it.
//!
//! The proxy already narrows ProcessOut's objects to what a customer may see, so the widget
//! reads only those fields, through the browser's own `JSON.parse` and property access
//! (module [`read`]) rather than serde: a JSON parser and per-field deserialisers in Rust
//! cost more bundle size than the whole invoice view. Amounts stay strings (a JSON number
//! is refused) and become checkout-core money in [`InvoiceDto::into_core`].

use checkout_core::wire::{InvoiceDetail, InvoiceShipping, InvoiceTax, WireDecimal};
use checkout_core::{ErrorCode, Invoice, TransactionStatus};

/// `{"success": true, "invoice": {...}}`.
#[derive(Debug)]
pub struct InvoiceEnvelope {
    /// The display-safe invoice.
    pub invoice: Option<InvoiceDto>,
}

/// The display-safe invoice.
#[derive(Debug, Default)]
pub struct InvoiceDto {
    /// `iv_...`.
    pub id: Option<String>,
    /// What the customer pays for.
    pub name: Option<String>,
    /// Decimal string in the currency's major unit.
    pub amount: Option<String>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// Line items.
    pub details: Option<Vec<DetailDto>>,
    /// Tax included in the amount.
    pub tax: Option<TaxDto>,
    /// Shipping included in the amount.
    pub shipping: Option<ShippingDto>,
}

/// One line item.
#[derive(Debug, Default)]
pub struct DetailDto {
    /// Item name.
    pub name: Option<String>,
    /// Unit amount.
    pub amount: Option<String>,
    /// Quantity (default 1).
    pub quantity: Option<i64>,
    /// Discount on the line.
    pub discount_amount: Option<String>,
}

/// Tax, as an amount or a rate.
#[derive(Debug, Default)]
pub struct TaxDto {
    /// Tax amount.
    pub amount: Option<String>,
    /// Tax rate, percent.
    pub rate: Option<String>,
}

/// Shipping cost.
#[derive(Debug, Default)]
pub struct ShippingDto {
    /// Shipping amount.
    pub amount: Option<String>,
}

impl InvoiceDto {
    /// The same invoice as checkout-core's type, for the breakdown.
    pub fn into_core(self) -> Invoice {
        let decimal = |s: Option<String>| s.map(WireDecimal::new);
        Invoice {
            id: self.id,
            name: self.name,
            amount: decimal(self.amount),
            currency: self.currency,
            details: self
                .details
                .unwrap_or_default()
                .into_iter()
                .map(|d| InvoiceDetail {
                    name: d.name,
                    amount: decimal(d.amount),
                    quantity: d.quantity,
                    discount_amount: decimal(d.discount_amount),
                    ..InvoiceDetail::default()
                })
                .collect(),
            tax: self.tax.map(|t| InvoiceTax {
                amount: decimal(t.amount),
                rate: decimal(t.rate),
            }),
            shipping: self.shipping.map(|s| InvoiceShipping {
                amount: decimal(s.amount),
                ..InvoiceShipping::default()
            }),
            ..Invoice::default()
        }
    }
}

/// `{"success": true, "transaction": {...}}`.
#[derive(Debug)]
pub struct TransactionEnvelope {
    /// The transaction.
    pub transaction: Option<TransactionDto>,
}

/// What the widget needs of a transaction.
#[derive(Debug, Clone, Default)]
pub struct TransactionDto {
    /// `tr_...`.
    pub id: Option<String>,
    /// ProcessOut status code.
    pub status: Option<String>,
    /// Why it failed, for failed statuses.
    pub error_code: Option<String>,
    /// 3-D Secure outcome, when one ran.
    pub three_d_s_status: Option<String>,
}

impl TransactionDto {
    /// The status as checkout-core's enum (`waiting` when absent).
    pub fn status(&self) -> TransactionStatus {
        TransactionStatus::parse(self.status.as_deref().unwrap_or("waiting"))
    }

    /// The error code as checkout-core's enum.
    pub fn error_code(&self) -> Option<ErrorCode> {
        self.error_code
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(ErrorCode::parse)
    }
}

/// The authorize answer.
#[derive(Debug, Default)]
pub struct AuthorizeDto {
    /// The transaction, when the provider created one.
    pub transaction: Option<TransactionDto>,
    /// A 3-D Secure step the issuer asks for.
    pub customer_action: Option<CustomerActionDto>,
}

/// A customer action: `{type, value}` (metadata is read by the 3-D Secure code).
#[derive(Debug, Default)]
pub struct CustomerActionDto {
    /// `fingerprint`, `redirect`, `url`, ...
    pub kind: Option<String>,
    /// The URL to open.
    pub value: Option<String>,
}

/// Reads the proxy's JSON answers into the DTOs. Every field is checked for its JSON type:
/// an amount sent as a number is an error, never a float on its way to money.
pub mod read {
    use js_sys::{Array, Reflect};
    use wasm_bindgen::JsValue;

    use super::*;

    /// A field that is not what the contract says.
    pub type ReadError = String;

    /// `JSON.parse`, with the exception turned into an error.
    pub fn parse(text: &str) -> Result<JsValue, ReadError> {
        js_sys::JSON::parse(text).map_err(|_| "the answer is not JSON".to_string())
    }

    fn get(object: &JsValue, key: &str) -> JsValue {
        if object.is_object() {
            Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        }
    }

    fn absent(value: &JsValue) -> bool {
        value.is_undefined() || value.is_null()
    }

    /// An optional string field.
    pub fn string(object: &JsValue, key: &str) -> Result<Option<String>, ReadError> {
        let value = get(object, key);
        if absent(&value) {
            return Ok(None);
        }
        value
            .as_string()
            .map(Some)
            .ok_or_else(|| format!("{key} must be a string"))
    }

    /// An optional whole-number field (quantities; never money).
    pub fn integer(object: &JsValue, key: &str) -> Result<Option<i64>, ReadError> {
        let value = get(object, key);
        if absent(&value) {
            return Ok(None);
        }
        if !js_sys::Number::is_safe_integer(&value) {
            return Err(format!("{key} must be a whole number"));
        }
        // A safe integer converts to i64 exactly.
        Ok(value.as_f64().map(|n| n as i64))
    }

    fn object(parent: &JsValue, key: &str) -> Option<JsValue> {
        let value = get(parent, key);
        value.is_object().then_some(value)
    }

    /// `{"invoice": {...}}` into an [`InvoiceDto`].
    pub fn invoice_envelope(value: &JsValue) -> Result<InvoiceDto, ReadError> {
        let invoice = object(value, "invoice").ok_or("the answer has no invoice")?;
        let details = match get(&invoice, "details") {
            v if absent(&v) => None,
            v if Array::is_array(&v) => Some(
                Array::from(&v)
                    .iter()
                    .map(|d| {
                        Ok(DetailDto {
                            name: string(&d, "name")?,
                            amount: string(&d, "amount")?,
                            quantity: integer(&d, "quantity")?,
                            discount_amount: string(&d, "discount_amount")?,
                        })
                    })
                    .collect::<Result<Vec<_>, ReadError>>()?,
            ),
            _ => return Err("details must be a list".into()),
        };
        let tax = match object(&invoice, "tax") {
            Some(t) => Some(TaxDto {
                amount: string(&t, "amount")?,
                rate: string(&t, "rate")?,
            }),
            None => None,
        };
        let shipping = match object(&invoice, "shipping") {
            Some(s) => Some(ShippingDto {
                amount: string(&s, "amount")?,
            }),
            None => None,
        };
        Ok(InvoiceDto {
            id: string(&invoice, "id")?,
            name: string(&invoice, "name")?,
            amount: string(&invoice, "amount")?,
            currency: string(&invoice, "currency")?,
            details,
            tax,
            shipping,
        })
    }

    fn transaction(value: &JsValue) -> Result<TransactionDto, ReadError> {
        Ok(TransactionDto {
            id: string(value, "id")?,
            status: string(value, "status")?,
            error_code: string(value, "error_code")?,
            three_d_s_status: string(value, "three_d_s_status")?,
        })
    }

    /// `{"transaction": {...}}` into a [`TransactionDto`].
    pub fn transaction_envelope(value: &JsValue) -> Result<TransactionDto, ReadError> {
        transaction(&object(value, "transaction").ok_or("the answer has no transaction")?)
    }

    /// The authorize answer.
    pub fn authorize(value: &JsValue) -> Result<AuthorizeDto, ReadError> {
        let transaction = match object(value, "transaction") {
            Some(t) => Some(transaction(&t)?),
            None => None,
        };
        let customer_action = match object(value, "customer_action") {
            Some(a) => Some(CustomerActionDto {
                kind: string(&a, "type")?,
                value: string(&a, "value")?,
            }),
            None => None,
        };
        Ok(AuthorizeDto {
            transaction,
            customer_action,
        })
    }

    /// `{error_type, message}` of an error answer, when readable.
    pub fn error_body(value: &JsValue) -> (Option<String>, Option<String>) {
        (
            string(value, "error_type").ok().flatten(),
            string(value, "message").ok().flatten(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxys_invoice_becomes_core_money_exactly() {
        let dto = InvoiceDto {
            id: Some("iv_1".into()),
            name: Some("Tea".into()),
            amount: Some("6550".into()),
            currency: Some("JPY".into()),
            details: Some(vec![
                DetailDto {
                    name: Some("Pot".into()),
                    amount: Some("4200".into()),
                    quantity: Some(1),
                    discount_amount: None,
                },
                DetailDto {
                    name: Some("Sencha".into()),
                    amount: Some("900".into()),
                    quantity: Some(2),
                    discount_amount: Some("300".into()),
                },
            ]),
            tax: Some(TaxDto {
                amount: Some("570".into()),
                rate: Some("10".into()),
            }),
            shipping: Some(ShippingDto {
                amount: Some("280".into()),
            }),
        };
        let breakdown = checkout_core::Breakdown::from_invoice(&dto.into_core()).unwrap();
        assert!(breakdown.reconciles);
        assert_eq!(breakdown.total.to_wire_string(), "6550");
        assert_eq!(breakdown.lines.len(), 2);
        assert_eq!(breakdown.tax.to_wire_string(), "570");
    }

    #[test]
    fn transaction_codes_map_to_core_enums() {
        let tr = TransactionDto {
            id: Some("tr_1".into()),
            status: Some("failed".into()),
            error_code: Some("card.no-money".into()),
            three_d_s_status: None,
        };
        assert_eq!(tr.status().as_str(), "failed");
        assert_eq!(
            tr.error_code().map(|c| c.as_str().to_string()).as_deref(),
            Some("card.no-money")
        );
        assert_eq!(TransactionDto::default().status().as_str(), "waiting");
        let blank = TransactionDto {
            error_code: Some(String::new()),
            ..TransactionDto::default()
        };
        assert_eq!(blank.error_code(), None);
    }
}
