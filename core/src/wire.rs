//! Wire types: ProcessOut's JSON objects as they arrive, before any judgement.
//!
//! Deserialising is deliberately forgiving about shape — every field is
//! optional, `null` is the same as absent, unknown fields are ignored — because
//! the API's own examples are full of `null`s and older objects carry other
//! fields. It is strict about one thing: an amount must be a JSON *string*
//! ([`WireDecimal`]). A JSON number has already been through a binary float in
//! somebody's encoder, so it is refused rather than trusted.
//!
//! Meaning is extracted by typed accessors (`parsed_amount`, `parsed_currency`,
//! …) that validate and report the field by name, and by
//! [`crate::breakdown`]. Device data for 3-D Secure is left for a later change:
//! [`InvoiceDevice`] carries only what the reference documents for it today.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

pub use crate::contract::{ErrorBody, InvalidField};
use crate::error_code::ErrorCode;
use crate::money::{parse_decimal, Currency, Money, MoneyError};
use crate::status::TransactionStatus;

/// A decimal number as ProcessOut sends it: the raw text of a JSON string such
/// as `"4.99"`. Validation happens when it is turned into [`Money`], so that
/// the error can name the field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WireDecimal(String);

impl WireDecimal {
    /// Wraps text without validating it.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The raw text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses as money in `currency`; `field` names this value in errors.
    pub fn to_money(&self, field: &str, currency: Currency) -> Result<Money, MoneyError> {
        Money::parse(field, &self.0, currency)
    }

    /// Parses as a plain decimal (for rates); `field` names this value in errors.
    pub fn to_decimal(&self, field: &str) -> Result<rust_decimal::Decimal, MoneyError> {
        parse_decimal(field, &self.0)
    }
}

impl From<&Money> for WireDecimal {
    fn from(money: &Money) -> Self {
        Self(money.to_wire_string())
    }
}

impl Serialize for WireDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for WireDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringOnly;
        impl Visitor<'_> for StringOnly {
            type Value = WireDecimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal amount written as a JSON string, such as \"4.99\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<WireDecimal, E> {
                Ok(WireDecimal(text.to_owned()))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<WireDecimal, E> {
                Ok(WireDecimal(text))
            }
        }
        deserializer.deserialize_str(StringOnly)
    }
}

/// `null` and absent both mean "empty" for lists and maps.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Whole numbers that the API documents as integers but sometimes sends as
/// strings (a card's `exp_year` is documented as a string and shown as a number).
fn lenient_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    struct Integer;
    impl<'de> Visitor<'de> for Integer {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number, as a JSON integer or string")
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value))
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            i64::try_from(value)
                .map(Some)
                .map_err(|_| E::custom("whole number too large"))
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            text.parse::<i64>()
                .map(Some)
                .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, inner: D2) -> Result<Self::Value, D2::Error> {
            inner.deserialize_any(Integer)
        }
    }
    deserializer.deserialize_any(Integer)
}

/// Metadata: string keys to string values.
pub type Metadata = BTreeMap<String, String>;

/// An invoice: what the customer is asked to pay, and why.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Invoice {
    /// `iv_…` identifier.
    pub id: Option<String>,
    /// Project the invoice belongs to.
    pub project_id: Option<String>,
    /// Customer making the purchase.
    pub customer_id: Option<String>,
    /// Subscription that produced the invoice.
    pub subscription_id: Option<String>,
    /// Token used (or to be used) to pay.
    pub token_id: Option<String>,
    /// Transaction created when the invoice was authorised or captured.
    pub transaction_id: Option<String>,
    /// The transaction, when the API was asked to expand it.
    pub transaction: Option<Box<Transaction>>,
    /// Name, often the merchant's internal reference (at most 80 characters).
    pub name: Option<String>,
    /// Merchant's order identifier, used by ProcessOut to deduplicate.
    pub order_id: Option<String>,
    /// Amount to be paid, in the major unit. Required for a payable invoice.
    pub amount: Option<WireDecimal>,
    /// ISO 4217 currency code. Required for a payable invoice.
    pub currency: Option<String>,
    /// Items being purchased.
    #[serde(deserialize_with = "null_as_default")]
    pub details: Vec<InvoiceDetail>,
    /// Tax included in the amount.
    pub tax: Option<InvoiceTax>,
    /// Shipping, whose cost is included in the amount.
    pub shipping: Option<InvoiceShipping>,
    /// Device that started the purchase.
    pub device: Option<InvoiceDevice>,
    /// Risk assessment.
    pub risk: Option<InvoiceRisk>,
    /// Merchant metadata.
    #[serde(deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// Gateway-specific key–value data, passed through untouched.
    #[serde(deserialize_with = "null_as_default")]
    pub gateway_data: serde_json::Map<String, serde_json::Value>,
    /// Text on the customer's bank statement.
    pub statement_descriptor: Option<String>,
    /// Support phone number on the bank statement.
    pub statement_descriptor_phone: Option<String>,
    /// City on the bank statement.
    pub statement_descriptor_city: Option<String>,
    /// Company name on the bank statement.
    pub statement_descriptor_company: Option<String>,
    /// Support URL on the bank statement.
    pub statement_descriptor_url: Option<String>,
    /// `one-off` or `recurring` for merchant-initiated payments.
    pub merchant_initiator_type: Option<String>,
    /// Requested SCA exemption.
    pub sca_exemption_reason: Option<String>,
    /// 3-D Secure 2 challenge preference.
    pub challenge_indicator: Option<String>,
    /// `moto` or `ecommerce`.
    pub payment_type: Option<String>,
    /// Where an alternative payment method returns after success.
    pub return_url: Option<String>,
    /// Where an alternative payment method returns after cancellation.
    pub cancel_url: Option<String>,
    /// Webhook override for this invoice.
    pub webhook_url: Option<String>,
    /// Must be captured server-side.
    pub require_backend_capture: Option<bool>,
    /// Accepts incremental authorisations.
    pub incremental: Option<bool>,
    /// Created in the sandbox.
    pub sandbox: Option<bool>,
    /// ProcessOut-hosted checkout page.
    pub url: Option<String>,
    /// Creation time as sent (RFC 3339 in the examples).
    pub created_at: Option<String>,
}

impl Invoice {
    /// The validated currency (`currency` field).
    pub fn parsed_currency(&self) -> Result<Currency, MoneyError> {
        required_currency(self.currency.as_deref())
    }

    /// The validated amount to pay (`amount` field) in the invoice currency.
    ///
    /// ```
    /// use checkout_core::wire::Invoice;
    ///
    /// let invoice: Invoice = serde_json::from_str(r#"{"amount": "4.99", "currency": "AUD"}"#).unwrap();
    /// assert_eq!(invoice.parsed_amount().unwrap().to_string(), "4.99 AUD");
    ///
    /// let floaty: Result<Invoice, _> = serde_json::from_str(r#"{"amount": 4.99, "currency": "AUD"}"#);
    /// assert!(floaty.is_err(), "amounts must be strings");
    /// ```
    pub fn parsed_amount(&self) -> Result<Money, MoneyError> {
        let currency = self.parsed_currency()?;
        required_money("amount", self.amount.as_ref(), currency)
    }
}

/// One item on the invoice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceDetail {
    /// Identifier.
    pub id: Option<String>,
    /// Item name as on a receipt (at most 80 characters).
    pub name: Option<String>,
    /// Free-form item type (`type` on the wire).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Price of one unit, in the invoice currency.
    pub amount: Option<WireDecimal>,
    /// Number of units; absent means 1.
    #[serde(deserialize_with = "lenient_integer")]
    pub quantity: Option<i64>,
    /// Discount on this line, subtracted once from amount × quantity.
    pub discount_amount: Option<WireDecimal>,
    /// Item metadata.
    #[serde(deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// Category such as `technology` or `food`.
    pub category: Option<String>,
    /// Merchant reference.
    pub reference: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Brand.
    pub brand: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// `new`, `refurbished`, `used` or `other`.
    pub condition: Option<String>,
    /// Marketplace seller.
    pub marketplace_merchant: Option<String>,
    /// Marketplace seller is a business.
    pub marketplace_merchant_is_business: Option<bool>,
    /// When the marketplace seller was created.
    pub marketplace_merchant_created_at: Option<String>,
}

/// Tax included in the invoice amount: an amount, a rate in percent, or both.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceTax {
    /// Tax amount, zero or positive.
    pub amount: Option<WireDecimal>,
    /// Tax rate in percent, 0 to 100.
    pub rate: Option<WireDecimal>,
}

/// Shipping details; the shipping cost is part of the invoice amount.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceShipping {
    /// Shipping cost.
    pub amount: Option<WireDecimal>,
    /// Delivery method, e.g. `home` or `relay`.
    pub method: Option<String>,
    /// Carrier.
    pub provider: Option<String>,
    /// `express`, `priority`, `standard` or `other`.
    pub delay: Option<String>,
    /// Address line 1.
    pub address1: Option<String>,
    /// Address line 2.
    pub address2: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or county.
    pub state: Option<String>,
    /// ISO 3166 alpha-2 country.
    pub country_code: Option<String>,
    /// Postcode.
    pub zip: Option<String>,
    /// Recipient's phone number.
    pub phone_number: Option<String>,
    /// Expected delivery date.
    pub expects_shipping_at: Option<String>,
    /// Pick-up store name.
    pub relay_store_name: Option<String>,
}

/// The device that started the purchase.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceDevice {
    /// Device identifier, often from an anti-fraud tool.
    pub id: Option<String>,
    /// `web`, `ios`, `android` or `other`.
    pub channel: Option<String>,
    /// Device IP address.
    pub ip_address: Option<String>,
}

/// Risk information forwarded to payment providers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceRisk {
    /// Score, passed through unvalidated.
    pub score: Option<String>,
    /// The invoice is considered legitimate.
    pub is_legit: Option<bool>,
    /// Skip the gateway's own fraud rules.
    pub skip_gateway_rules: Option<bool>,
}

/// A payment attempt on an invoice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Transaction {
    /// `tr_…` identifier.
    pub id: Option<String>,
    /// Project.
    pub project_id: Option<String>,
    /// Invoice the transaction pays.
    pub invoice_id: Option<String>,
    /// The invoice, when expanded (events expand it).
    pub invoice: Option<Box<Invoice>>,
    /// Customer.
    pub customer_id: Option<String>,
    /// Token used.
    pub token_id: Option<String>,
    /// Card used.
    pub card_id: Option<String>,
    /// The card, when expanded.
    pub card: Option<Card>,
    /// Gateway configuration used.
    pub gateway_configuration_id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Amount requested.
    pub amount: Option<WireDecimal>,
    /// Amount authorised.
    pub authorized_amount: Option<WireDecimal>,
    /// Amount captured.
    pub captured_amount: Option<WireDecimal>,
    /// Amount refunded.
    pub refunded_amount: Option<WireDecimal>,
    /// Captured minus refunded.
    pub available_amount: Option<WireDecimal>,
    /// ISO 4217 currency of the amounts above.
    pub currency: Option<String>,
    /// Was authorised.
    pub authorized: Option<bool>,
    /// Was captured.
    pub captured: Option<bool>,
    /// Was refunded.
    pub refunded: Option<bool>,
    /// Was voided.
    pub voided: Option<bool>,
    /// Was charged back.
    pub chargedback: Option<bool>,
    /// Current status.
    pub status: Option<TransactionStatus>,
    /// 3-D Secure outcome, `null` when none was performed.
    pub three_d_s_status: Option<String>,
    /// Last gateway tried.
    pub gateway_name: Option<String>,
    /// Acquirer, when known.
    pub acquirer_name: Option<String>,
    /// Why the transaction failed; `null` on success.
    pub error_code: Option<ErrorCode>,
    /// Human-readable failure text from ProcessOut (not for customers).
    pub error_message: Option<String>,
    /// Metadata copied from the invoice.
    #[serde(deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// Created in the sandbox.
    pub sandbox: Option<bool>,
    /// Creation time as sent.
    pub created_at: Option<String>,
}

impl Transaction {
    /// The validated currency (`currency` field).
    pub fn parsed_currency(&self) -> Result<Currency, MoneyError> {
        required_currency(self.currency.as_deref())
    }

    /// The validated requested amount (`amount` field).
    pub fn parsed_amount(&self) -> Result<Money, MoneyError> {
        required_money("amount", self.amount.as_ref(), self.parsed_currency()?)
    }

    /// The authorised amount, if sent.
    pub fn authorized_money(&self) -> Result<Option<Money>, MoneyError> {
        self.optional_money("authorized_amount", self.authorized_amount.as_ref())
    }

    /// The captured amount, if sent.
    pub fn captured_money(&self) -> Result<Option<Money>, MoneyError> {
        self.optional_money("captured_amount", self.captured_amount.as_ref())
    }

    /// The refunded amount, if sent.
    pub fn refunded_money(&self) -> Result<Option<Money>, MoneyError> {
        self.optional_money("refunded_amount", self.refunded_amount.as_ref())
    }

    /// The available (captured minus refunded) amount, if sent.
    pub fn available_money(&self) -> Result<Option<Money>, MoneyError> {
        self.optional_money("available_amount", self.available_amount.as_ref())
    }

    fn optional_money(
        &self,
        field: &str,
        value: Option<&WireDecimal>,
    ) -> Result<Option<Money>, MoneyError> {
        match value {
            None => Ok(None),
            Some(value) => value.to_money(field, self.parsed_currency()?).map(Some),
        }
    }
}

/// A payment card as ProcessOut describes it (never the full number or CVC).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Card {
    /// `card_…` identifier.
    pub id: Option<String>,
    /// Project.
    pub project_id: Option<String>,
    /// Scheme, e.g. `visa`.
    pub scheme: Option<String>,
    /// Co-scheme, e.g. Carte Bancaire.
    pub co_scheme: Option<String>,
    /// Scheme preferred by the customer.
    pub preferred_scheme: Option<String>,
    /// `debit` or `credit` (`type` on the wire).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Issuing bank.
    pub bank_name: Option<String>,
    /// Brand, e.g. Classic or Gold.
    pub brand: Option<String>,
    /// `consumer` or `commercial`.
    pub category: Option<String>,
    /// First 6 or 8 digits.
    pub iin: Option<String>,
    /// Last 4 digits.
    pub last_4_digits: Option<String>,
    /// Per-project card fingerprint.
    pub fingerprint: Option<String>,
    /// Expiry month.
    #[serde(deserialize_with = "lenient_integer")]
    pub exp_month: Option<i64>,
    /// Expiry year (documented as a string, sent as a number in examples).
    #[serde(deserialize_with = "lenient_integer")]
    pub exp_year: Option<i64>,
    /// CVC check: `pending`, `unavailable`, `unknown`, `failed` or `passed`.
    pub cvc_check: Option<String>,
    /// Address check, e.g. `passed` or `failed-postal`.
    pub avs_check: Option<String>,
    /// Third-party tokenisation method such as `applepay`.
    pub token_type: Option<String>,
    /// Cardholder name.
    pub name: Option<String>,
    /// Address line 1.
    pub address1: Option<String>,
    /// Address line 2.
    pub address2: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State or county.
    pub state: Option<String>,
    /// ISO 3166 alpha-2 country.
    pub country_code: Option<String>,
    /// Postcode.
    pub zip: Option<String>,
    /// Expires soon.
    pub expires_soon: Option<bool>,
    /// Metadata.
    #[serde(deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// Created in the sandbox.
    pub sandbox: Option<bool>,
    /// Creation time as sent.
    pub created_at: Option<String>,
}

crate::string_enum::string_enum! {
    /// What the customer must do next to finish an authorisation.
    pub enum CustomerActionKind / Unknown {
        /// `url`: send the customer to `value`.
        Url = "url",
        /// `redirect`: send the customer to `value`.
        Redirect = "redirect",
        /// `fingerprint`: load `value` to collect the 3-D Secure browser fingerprint.
        Fingerprint = "fingerprint",
        /// `fingerprint-mobile`: in-app 3-D Secure fingerprint.
        FingerprintMobile = "fingerprint-mobile",
        /// `challenge-mobile`: in-app 3-D Secure challenge.
        ChallengeMobile = "challenge-mobile",
    }
}

/// The `customer_action` of an authorisation response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerAction {
    /// What to do (`type` on the wire).
    #[serde(rename = "type")]
    pub kind: Option<CustomerActionKind>,
    /// A URL or an encoded 3-D Secure payload, depending on `kind`.
    pub value: Option<String>,
    /// Extra data for the action, passed through untouched.
    pub metadata: Option<serde_json::Value>,
}

/// Response to authorising an invoice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorizeResponse {
    /// `true` when the request was accepted.
    pub success: Option<bool>,
    /// The resulting transaction.
    pub transaction: Option<Transaction>,
    /// A step the customer must complete (3-D Secure, redirect), if any.
    pub customer_action: Option<CustomerAction>,
}

/// Response carrying one invoice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceResponse {
    /// `true` when the request was accepted.
    pub success: Option<bool>,
    /// The invoice.
    pub invoice: Option<Invoice>,
}

/// Response carrying one transaction.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TransactionResponse {
    /// `true` when the request was accepted.
    pub success: Option<bool>,
    /// The transaction.
    pub transaction: Option<Transaction>,
}

/// The `data` of a webhook event, e.g. `transaction.captured`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EventData {
    /// Event name.
    pub name: Option<String>,
    /// Fired in the sandbox.
    pub sandbox: Option<bool>,
    /// The transaction concerned, for transaction events.
    pub transaction: Option<Transaction>,
    /// The invoice concerned, for invoice events.
    pub invoice: Option<Invoice>,
}

/// A decoded API reply: the expected body, or the API's error body.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    /// `success` was `true` or absent.
    Success(T),
    /// `success` was `false`.
    Failure(Box<ErrorBody>),
}

/// The body is not JSON of the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed response body: {0}")]
pub struct WireError(String);

impl From<serde_json::Error> for WireError {
    fn from(error: serde_json::Error) -> Self {
        Self(error.to_string())
    }
}

/// Decodes an API response body, choosing between `T` and [`ErrorBody`] by its
/// `success` flag. Never panics, whatever the bytes.
///
/// ```
/// use checkout_core::wire::{decode_reply, InvoiceResponse, Reply};
///
/// let body = br#"{"success": false, "error_type": "resource.invoice.not-found", "message": "nope"}"#;
/// match decode_reply::<InvoiceResponse>(body).unwrap() {
///     Reply::Failure(error) => assert_eq!(error.code().as_str(), "resource.invoice.not-found"),
///     Reply::Success(_) => panic!("expected an error body"),
/// }
/// ```
pub fn decode_reply<T: DeserializeOwned>(body: &[u8]) -> Result<Reply<T>, WireError> {
    let value: serde_json::Value = serde_json::from_slice(body)?;
    // serde would happily read `[]` as a struct of defaults; a reply is always an object.
    let Some(object) = value.as_object() else {
        return Err(WireError("expected a JSON object".to_owned()));
    };
    if object.get("success") == Some(&serde_json::Value::Bool(false)) {
        Ok(Reply::Failure(Box::new(serde_json::from_value(value)?)))
    } else {
        Ok(Reply::Success(serde_json::from_value(value)?))
    }
}

fn required_currency(code: Option<&str>) -> Result<Currency, MoneyError> {
    match code {
        Some(code) => Currency::parse("currency", code),
        None => Err(MoneyError::Missing {
            field: "currency".to_owned(),
        }),
    }
}

fn required_money(
    field: &str,
    value: Option<&WireDecimal>,
    currency: Currency,
) -> Result<Money, MoneyError> {
    match value {
        Some(value) => value.to_money(field, currency),
        None => Err(MoneyError::Missing {
            field: field.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_must_be_strings() {
        let err = serde_json::from_str::<Invoice>(r#"{"amount": 4.99}"#).unwrap_err();
        assert!(err.to_string().contains("JSON string"), "{err}");
        assert!(serde_json::from_str::<Invoice>(r#"{"amount": 5}"#).is_err());
        let ok: Invoice = serde_json::from_str(r#"{"amount": "4.99"}"#).unwrap();
        assert_eq!(ok.amount, Some(WireDecimal::new("4.99")));
    }

    #[test]
    fn nulls_and_unknown_fields_are_tolerated() {
        let invoice: Invoice = serde_json::from_str(
            r#"{"details": null, "metadata": null, "gateway_data": null, "tax": null,
                "shipping": {"amount": null}, "brand_new_field": [1, 2, 3]}"#,
        )
        .unwrap();
        assert!(invoice.details.is_empty());
        assert!(invoice.metadata.is_empty());
        assert_eq!(invoice.shipping.unwrap().amount, None);
    }

    #[test]
    fn typed_accessors_name_the_field() {
        let invoice: Invoice = serde_json::from_str(r#"{"currency": "AUD"}"#).unwrap();
        assert_eq!(
            invoice.parsed_amount(),
            Err(MoneyError::Missing {
                field: "amount".into()
            })
        );
        let invoice: Invoice =
            serde_json::from_str(r#"{"amount": "1e3", "currency": "AUD"}"#).unwrap();
        assert_eq!(
            invoice.parsed_amount().unwrap_err().to_string(),
            "amount: uses an exponent; write the amount out in full, like 1000"
        );
        let invoice: Invoice = serde_json::from_str(r#"{"amount": "1"}"#).unwrap();
        assert_eq!(
            invoice.parsed_amount(),
            Err(MoneyError::Missing {
                field: "currency".into()
            })
        );
    }

    #[test]
    fn quantity_and_expiry_accept_integers_and_digit_strings_only() {
        let d: InvoiceDetail = serde_json::from_str(r#"{"quantity": 3}"#).unwrap();
        assert_eq!(d.quantity, Some(3));
        let d: InvoiceDetail = serde_json::from_str(r#"{"quantity": "3"}"#).unwrap();
        assert_eq!(d.quantity, Some(3));
        let d: InvoiceDetail = serde_json::from_str(r#"{"quantity": null}"#).unwrap();
        assert_eq!(d.quantity, None);
        assert!(serde_json::from_str::<InvoiceDetail>(r#"{"quantity": 1.5}"#).is_err());
        assert!(serde_json::from_str::<InvoiceDetail>(r#"{"quantity": "two"}"#).is_err());
        assert!(
            serde_json::from_str::<InvoiceDetail>(r#"{"quantity": 18446744073709551615}"#).is_err()
        );
        let card: Card = serde_json::from_str(r#"{"exp_month": 10, "exp_year": "2030"}"#).unwrap();
        assert_eq!((card.exp_month, card.exp_year), (Some(10), Some(2030)));
    }

    #[test]
    fn transaction_amounts_use_the_transaction_currency() {
        let t: Transaction = serde_json::from_str(
            r#"{"amount": "10.00", "captured_amount": "10", "refunded_amount": null, "currency": "EUR",
                "status": "completed", "error_code": null}"#,
        )
        .unwrap();
        assert_eq!(t.parsed_amount().unwrap().to_string(), "10.00 EUR");
        assert_eq!(
            t.captured_money().unwrap().unwrap().to_minor_units(),
            Ok(1000)
        );
        assert_eq!(t.refunded_money(), Ok(None));
        assert_eq!(t.status, Some(TransactionStatus::Completed));
        assert_eq!(t.error_code, None);
    }

    #[test]
    fn customer_action_kinds() {
        for kind in [
            "url",
            "redirect",
            "fingerprint",
            "fingerprint-mobile",
            "challenge-mobile",
        ] {
            let parsed = CustomerActionKind::parse(kind);
            assert!(!matches!(parsed, CustomerActionKind::Unknown(_)), "{kind}");
            assert_eq!(parsed.as_str(), kind);
        }
        assert_eq!(
            CustomerActionKind::parse("hologram"),
            CustomerActionKind::Unknown("hologram".into())
        );
    }

    #[test]
    fn decode_reply_picks_the_body_by_success_flag() {
        let ok =
            decode_reply::<InvoiceResponse>(br#"{"success": true, "invoice": {"id": "iv_1"}}"#)
                .unwrap();
        match ok {
            Reply::Success(body) => assert_eq!(body.invoice.unwrap().id.as_deref(), Some("iv_1")),
            Reply::Failure(e) => panic!("unexpected failure {e:?}"),
        }
        let missing_flag = decode_reply::<InvoiceResponse>(br#"{"invoice": null}"#).unwrap();
        assert!(matches!(missing_flag, Reply::Success(_)));
        assert!(decode_reply::<InvoiceResponse>(b"not json").is_err());
        assert!(decode_reply::<InvoiceResponse>(b"[]").is_err());
        let no_type = decode_reply::<InvoiceResponse>(br#"{"success": false}"#).unwrap();
        match no_type {
            Reply::Failure(e) => assert_eq!(e.code(), ErrorCode::Other(String::new())),
            Reply::Success(_) => panic!("expected failure"),
        }
    }

    #[test]
    fn serialising_keeps_amounts_as_strings() {
        let invoice: Invoice =
            serde_json::from_str(r#"{"amount": "4.990", "currency": "AUD"}"#).unwrap();
        let json = serde_json::to_value(&invoice).unwrap();
        assert_eq!(json["amount"], serde_json::json!("4.990"));
        let back: Invoice = serde_json::from_value(json).unwrap();
        assert_eq!(back, invoice);
    }
}
