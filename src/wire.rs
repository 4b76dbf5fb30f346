//! The widget-facing contract of `checkout-proxy` (docs/api.md), as the widget reads it.
//!
//! The proxy already narrows ProcessOut's objects to what a customer may see, so the widget
//! reads only those fields, through the browser's own `JSON.parse` and property access
//! (module [`read`]) rather than serde: a JSON parser and per-field deserialisers in Rust
//! cost more bundle size than the whole invoice view. The breakdown (lines, tax, shipping,
//! total, and whether they reconcile) arrives computed by checkout-core in the proxy, so the
//! widget does no money arithmetic at all: amounts stay decimal strings (a JSON number is
//! refused) and go to `Intl.NumberFormat` as they are.

use checkout_core::{ErrorCode, TransactionStatus};
use wasm_bindgen::JsValue;

/// `{"success": true, "invoice": {...}}`.
#[derive(Debug)]
pub struct InvoiceEnvelope {
    /// The display-safe invoice.
    pub invoice: Option<InvoiceDto>,
}

/// The display-safe invoice.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InvoiceDto {
    /// `iv_...`.
    pub id: Option<String>,
    /// What the customer pays for.
    pub name: Option<String>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// Lines, tax, shipping and total, computed by checkout-core in the proxy; `None` when
    /// the invoice's amounts could not be read.
    pub breakdown: Option<BreakdownDto>,
    /// The invoice's transaction, once a payment was attempted.
    pub transaction: Option<TransactionDto>,
    /// The invoice names a customer, for whom a card may be saved.
    pub has_customer: bool,
    /// That customer's saved cards as the proxy wrote them (`saved_sources`, display-safe),
    /// read field by field as they are shown: an array, or `undefined` when absent or not a
    /// list.
    pub saved: JsValue,
}

/// checkout-core's breakdown, in decimal strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BreakdownDto {
    /// Line items.
    pub lines: Vec<LineDto>,
    /// Whether the invoice lists its items.
    pub itemised: bool,
    /// Sum of the lines.
    pub subtotal: String,
    /// Tax included in the total.
    pub tax: String,
    /// Shipping included in the total.
    pub shipping: String,
    /// What the customer pays: the invoice amount.
    pub total: String,
    /// Whether lines + tax + shipping equal the total.
    pub reconciles: bool,
}

/// One line item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineDto {
    /// Item name.
    pub name: String,
    /// Quantity.
    pub quantity: i64,
    /// Unit amount.
    pub unit_amount: String,
    /// Discount on the line.
    pub discount: String,
    /// Line total.
    pub total: String,
}

/// Whether a decimal string is zero ("0", "0.00"), for hiding empty tax or shipping rows.
pub fn is_zero(amount: &str) -> bool {
    amount.bytes().all(|b| b == b'0' || b == b'.')
}

/// `{"success": true, "transaction": {...}}`.
#[derive(Debug)]
pub struct TransactionEnvelope {
    /// The transaction.
    pub transaction: Option<TransactionDto>,
}

/// What the widget needs of a transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// A customer action: `{type, value, metadata: {no_iframe}}`.
#[derive(Debug, Default)]
pub struct CustomerActionDto {
    /// `fingerprint`, `redirect`, `url`, ...
    pub kind: Option<String>,
    /// The URL to open.
    pub value: Option<String>,
    /// `metadata.no_iframe` is `"true"`: open the URL in the whole page.
    pub no_iframe: bool,
}

/// A plain JS object with `fields`: request bodies and event details are built with it.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// `JSON.stringify` of [`object`]`(fields)`.
pub fn json(fields: &[(&str, JsValue)]) -> Option<String> {
    js_sys::JSON::stringify(&object(fields)).ok()?.as_string()
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

    /// A boolean field; `false` unless it is `true`.
    pub fn boolean(object: &JsValue, key: &str) -> bool {
        get(object, key).as_bool().unwrap_or(false)
    }

    fn required(object: &JsValue, key: &str) -> Result<String, ReadError> {
        string(object, key)?.ok_or_else(|| format!("breakdown.{key} is missing"))
    }

    fn breakdown(value: &JsValue) -> Result<BreakdownDto, ReadError> {
        let lines = match get(value, "lines") {
            v if Array::is_array(&v) => Array::from(&v)
                .iter()
                .map(|line| {
                    Ok(LineDto {
                        name: string(&line, "name")?.unwrap_or_default(),
                        quantity: integer(&line, "quantity")?.unwrap_or(1),
                        unit_amount: required(&line, "unit_amount")?,
                        discount: required(&line, "discount")?,
                        total: required(&line, "total")?,
                    })
                })
                .collect::<Result<Vec<_>, ReadError>>()?,
            _ => Vec::new(),
        };
        Ok(BreakdownDto {
            lines,
            itemised: boolean(value, "itemised"),
            subtotal: required(value, "subtotal")?,
            tax: required(value, "tax")?,
            shipping: required(value, "shipping")?,
            total: required(value, "total")?,
            reconciles: boolean(value, "reconciles"),
        })
    }

    /// `{"invoice": {...}}` into an [`InvoiceDto`].
    pub fn invoice_envelope(value: &JsValue) -> Result<InvoiceDto, ReadError> {
        let invoice = object(value, "invoice").ok_or("the answer has no invoice")?;
        let breakdown = match object(&invoice, "breakdown") {
            Some(b) => Some(breakdown(&b)?),
            None => None,
        };
        Ok(InvoiceDto {
            id: string(&invoice, "id")?,
            name: string(&invoice, "name")?,
            currency: string(&invoice, "currency")?,
            breakdown,
            transaction: match object(&invoice, "transaction") {
                Some(t) => Some(transaction(&t)?),
                None => None,
            },
            has_customer: boolean(&invoice, "has_customer"),
            saved: match get(&invoice, "saved_sources") {
                list if Array::is_array(&list) => list,
                _ => JsValue::UNDEFINED,
            },
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
                no_iframe: object(&a, "metadata")
                    .and_then(|m| string(&m, "no_iframe").ok().flatten())
                    .is_some_and(|v| v == "true"),
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
    fn zero_amounts_are_recognised_in_any_precision() {
        for zero in ["0", "0.00", "0.000", "00"] {
            assert!(is_zero(zero), "{zero}");
        }
        for amount in ["0.01", "10", "1.00", "0.0005"] {
            assert!(!is_zero(amount), "{amount}");
        }
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
