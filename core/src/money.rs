//! Money: a non-negative decimal amount that always carries its ISO 4217 currency.
//!
//! ProcessOut sends amounts as decimal strings in the major unit ("4.99" AUD),
//! with at most [`MAX_DECIMAL_PLACES`] decimal places. Parsing here is strict on
//! purpose: a lenient parser is how "4.99" becomes 4.98999… in one place and
//! 4.99 in another, and the widget and the proxy must agree to the last digit.
//! Binary floating point never touches an amount; everything is
//! [`rust_decimal::Decimal`] and every operation is checked.

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most decimal places an amount may have (ProcessOut's invoice-creation rule).
pub const MAX_DECIMAL_PLACES: u32 = 4;

/// Longest integer part accepted; `Decimal` holds 28–29 significant digits and
/// the fraction may need four of them.
const MAX_INTEGER_DIGITS: usize = 24;

/// Longest currency code quoted back in an error, so hostile input cannot bloat logs.
const MAX_QUOTED_CODE_CHARS: usize = 8;

/// An ISO 4217 currency that has a minor unit, so that it can be paid in.
///
/// The table comes from the `iso_currency` crate rather than a hand-typed list.
/// Codes without a minor unit (precious metals, `XXX`, `XDR`, …) are rejected
/// because no payment can be expressed in them; superseded codes such as `HRK`
/// are accepted so historic transactions still parse.
///
/// ```
/// use checkout_core::Currency;
///
/// let jpy = Currency::parse("currency", "JPY").unwrap();
/// assert_eq!(jpy.minor_units(), 0);
/// assert!(Currency::parse("currency", "ABC").is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// Parses an upper-case ISO 4217 alphabetic code; `field` names the input in errors.
    pub fn parse(field: &str, code: &str) -> Result<Self, MoneyError> {
        let iso =
            iso_currency::Currency::from_code(code).ok_or_else(|| MoneyError::UnknownCurrency {
                field: field.to_owned(),
                code: quote_code(code),
            })?;
        Self::from_iso(iso).ok_or_else(|| MoneyError::CurrencyWithoutMinorUnit {
            field: field.to_owned(),
            code: iso.code().to_owned(),
        })
    }

    /// Wraps an `iso_currency` value, or `None` when it has no minor unit.
    pub fn from_iso(iso: iso_currency::Currency) -> Option<Self> {
        iso.exponent().map(|_| Self(iso))
    }

    /// The three-letter code, e.g. `"USD"`.
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Number of decimal places of the minor unit: 2 for USD, 0 for JPY, 3 for KWD.
    pub fn minor_units(self) -> u32 {
        // `from_iso` only admits currencies with an exponent.
        self.0.exponent().map_or(0, u32::from)
    }

    /// The ISO 4217 numeric code, e.g. 840 for USD.
    pub fn numeric(self) -> u16 {
        self.0.numeric()
    }

    /// The currency's English name from the ISO table.
    pub fn name(&self) -> &str {
        self.0.name()
    }

    /// The underlying `iso_currency` value, for callers that need more of the table.
    pub fn iso(self) -> iso_currency::Currency {
        self.0
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    /// Same as [`Currency::parse`] with the field named `currency`.
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Self::parse("currency", code)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

/// What is wrong with an amount's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountProblem {
    /// The text is empty.
    #[error("is empty")]
    Empty,
    /// The text is not a plain decimal number such as `4.99`.
    #[error("is not a decimal number like 4.99")]
    NotNumeric,
    /// Scientific notation such as `1e3`; amounts must be written out.
    #[error("uses an exponent; write the amount out in full, like 1000")]
    Exponent,
    /// A minus sign: amounts are never negative.
    #[error("is negative")]
    Negative,
    /// More than [`MAX_DECIMAL_PLACES`] digits after the point.
    #[error("has more than 4 decimal places")]
    TooManyDecimals,
    /// Too many digits to hold exactly.
    #[error("is too large")]
    TooLarge,
}

/// Why a money value could not be built or combined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// A required amount or currency is absent or `null`.
    #[error("{field}: is missing")]
    Missing {
        /// The input that was missing, e.g. `amount`.
        field: String,
    },
    /// The amount's text is not an acceptable amount.
    #[error("{field}: {problem}")]
    InvalidAmount {
        /// The input that was rejected, e.g. `details[0].amount`.
        field: String,
        /// What is wrong with it.
        problem: AmountProblem,
    },
    /// The code is not in the ISO 4217 table.
    #[error("{field}: {code:?} is not an ISO 4217 currency code")]
    UnknownCurrency {
        /// The input that was rejected, e.g. `currency`.
        field: String,
        /// The offending code (shortened if long).
        code: String,
    },
    /// The code is in ISO 4217 but has no minor unit (e.g. `XAU`), so nobody can pay in it.
    #[error("{field}: {code} has no minor unit and cannot be used for payments")]
    CurrencyWithoutMinorUnit {
        /// The input that was rejected.
        field: String,
        /// The ISO code.
        code: String,
    },
    /// Two amounts in different currencies were combined.
    #[error("cannot combine {left} with {right}")]
    CurrencyMismatch {
        /// Currency of the left-hand operand.
        left: Currency,
        /// Currency of the right-hand operand.
        right: Currency,
    },
    /// The result does not fit with all of its decimals.
    #[error("amount too large to compute exactly")]
    Overflow,
    /// A subtraction would go below zero.
    #[error("result would be negative")]
    NegativeResult,
    /// The amount has more decimals than the currency's minor unit, e.g. 4.995 USD.
    #[error("{amount} {currency} is not a whole number of minor units")]
    FractionalMinorUnits {
        /// The amount as text.
        amount: String,
        /// Its currency.
        currency: Currency,
    },
}

/// Parses a decimal amount the way ProcessOut writes it: digits, optionally a
/// point and 1 to 4 digits. No sign, no exponent, no spaces, no grouping.
///
/// `field` names the input in the error. Leading zeros are accepted and dropped.
///
/// ```
/// use checkout_core::money::{parse_decimal, AmountProblem, MoneyError};
///
/// assert_eq!(parse_decimal("amount", "4.99").unwrap().to_string(), "4.99");
/// assert_eq!(
///     parse_decimal("amount", "1e3"),
///     Err(MoneyError::InvalidAmount { field: "amount".into(), problem: AmountProblem::Exponent }),
/// );
/// ```
pub fn parse_decimal(field: &str, text: &str) -> Result<Decimal, MoneyError> {
    let fail = |problem| MoneyError::InvalidAmount {
        field: field.to_owned(),
        problem,
    };
    if text.is_empty() {
        return Err(fail(AmountProblem::Empty));
    }
    if let Some(rest) = text.strip_prefix('-') {
        return Err(fail(if is_plain_decimal(rest) {
            AmountProblem::Negative
        } else {
            AmountProblem::NotNumeric
        }));
    }
    if looks_like_exponent(text) {
        return Err(fail(AmountProblem::Exponent));
    }
    let (integer, fraction) = match text.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (text, None),
    };
    if !is_digits(integer) || fraction.is_some_and(|f| !is_digits(f)) {
        return Err(fail(AmountProblem::NotNumeric));
    }
    let fraction = fraction.unwrap_or("");
    if fraction.len() > MAX_DECIMAL_PLACES as usize {
        return Err(fail(AmountProblem::TooManyDecimals));
    }
    let integer = integer.trim_start_matches('0');
    if integer.len() > MAX_INTEGER_DIGITS {
        return Err(fail(AmountProblem::TooLarge));
    }
    let integer = if integer.is_empty() { "0" } else { integer };
    let normalised = if fraction.is_empty() {
        integer.to_owned()
    } else {
        format!("{integer}.{fraction}")
    };
    Decimal::from_str_exact(&normalised).map_err(|_| fail(AmountProblem::TooLarge))
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_plain_decimal(text: &str) -> bool {
    match text.split_once('.') {
        Some((integer, fraction)) => is_digits(integer) && is_digits(fraction),
        None => is_digits(text),
    }
}

/// True for `1e5`, `4.99E-2` and the like: worth a specific error because
/// JSON encoders produce them when an amount was a float somewhere upstream.
fn looks_like_exponent(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    is_plain_decimal(mantissa) && is_digits(exponent)
}

/// Accepts an arithmetic result only if it kept every digit.
///
/// `rust_decimal` does not fail when a result needs more than its 28–29
/// significant digits: it quietly drops decimals instead. For money that is a
/// wrong answer, so a result whose scale shrank is treated as an overflow.
/// Zero is exact at any scale; it is given the expected one so that it prints
/// with the expected decimals.
fn exact(result: Option<Decimal>, expected_scale: u32) -> Result<Decimal, MoneyError> {
    match result {
        Some(mut zero) if zero.is_zero() => {
            zero.rescale(expected_scale);
            Ok(zero)
        }
        Some(value) if value.scale() == expected_scale => Ok(value),
        _ => Err(MoneyError::Overflow),
    }
}

/// Adds or subtracts after bringing both operands to the larger scale, so that
/// the result's scale can be checked (and `rust_decimal`'s shortcuts for zero
/// operands cannot hand back a value at a different scale).
fn exact_at_common_scale(
    left: Decimal,
    right: Decimal,
    operation: fn(Decimal, Decimal) -> Option<Decimal>,
) -> Result<Decimal, MoneyError> {
    let scale = left.scale().max(right.scale());
    let left = exact(Some(rescaled(left, scale)), scale)?;
    let right = exact(Some(rescaled(right, scale)), scale)?;
    exact(operation(left, right), scale)
}

fn rescaled(mut value: Decimal, scale: u32) -> Decimal {
    value.rescale(scale);
    value
}

fn quote_code(code: &str) -> String {
    let mut quoted: String = code.chars().take(MAX_QUOTED_CODE_CHARS).collect();
    if code.chars().nth(MAX_QUOTED_CODE_CHARS).is_some() {
        quoted.push('…');
    }
    quoted
}

/// A non-negative amount in a given currency.
///
/// Equality compares values (`4.99 == 4.990`); the original number of decimal
/// places is kept so that formatting gives back exactly what was parsed.
///
/// ```
/// use checkout_core::{Currency, Money};
///
/// let aud = Currency::parse("currency", "AUD").unwrap();
/// let price = Money::parse("amount", "4.99", aud).unwrap();
/// assert_eq!(price.to_wire_string(), "4.99");
/// assert_eq!(price.to_minor_units().unwrap(), 499);
///
/// let two = price.checked_mul_quantity(2).unwrap();
/// assert_eq!(two.to_string(), "9.98 AUD");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// Parses a decimal string (see [`parse_decimal`]) in `currency`.
    pub fn parse(field: &str, amount: &str, currency: Currency) -> Result<Self, MoneyError> {
        parse_decimal(field, amount).map(|amount| Self::from_parts(amount, currency))
    }

    /// Builds money from a decimal that is already known to be valid.
    ///
    /// Fails when `amount` is negative or has more than [`MAX_DECIMAL_PLACES`] decimals.
    pub fn from_decimal(
        field: &str,
        amount: Decimal,
        currency: Currency,
    ) -> Result<Self, MoneyError> {
        let problem = if amount.is_sign_negative() && !amount.is_zero() {
            Some(AmountProblem::Negative)
        } else if amount.scale() > MAX_DECIMAL_PLACES {
            Some(AmountProblem::TooManyDecimals)
        } else {
            None
        };
        match problem {
            Some(problem) => Err(MoneyError::InvalidAmount {
                field: field.to_owned(),
                problem,
            }),
            None => Ok(Self::from_parts(amount, currency)),
        }
    }

    /// Zero, written with the currency's usual decimals ("0.00" for USD).
    pub fn zero(currency: Currency) -> Self {
        Self::from_parts(Decimal::new(0, currency.minor_units()), currency)
    }

    /// Converts an integer count of minor units (cents for USD) to money.
    pub fn from_minor_units(minor_units: i64, currency: Currency) -> Result<Self, MoneyError> {
        if minor_units < 0 {
            return Err(MoneyError::InvalidAmount {
                field: "minor_units".to_owned(),
                problem: AmountProblem::Negative,
            });
        }
        let amount = Decimal::try_new(minor_units, currency.minor_units())
            .map_err(|_| MoneyError::Overflow)?;
        Ok(Self::from_parts(amount, currency))
    }

    /// The amount as an integer count of minor units (cents for USD, yen for JPY).
    ///
    /// Fails rather than rounds when the amount has finer precision than the
    /// currency (4.995 USD): silently rounding would charge a different amount.
    pub fn to_minor_units(&self) -> Result<i64, MoneyError> {
        let factor = 10_i64
            .checked_pow(self.currency.minor_units())
            .ok_or(MoneyError::Overflow)?;
        let scaled = exact(
            self.amount.checked_mul(Decimal::from(factor)),
            self.amount.scale(),
        )?;
        if !scaled.fract().is_zero() {
            return Err(MoneyError::FractionalMinorUnits {
                amount: self.to_wire_string(),
                currency: self.currency,
            });
        }
        scaled.trunc().to_i64().ok_or(MoneyError::Overflow)
    }

    /// The decimal amount in the major unit.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// True when the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// The amount as ProcessOut writes it, with the decimals it was given: "4.99", "500".
    pub fn to_wire_string(&self) -> String {
        self.amount.to_string()
    }

    /// The amount padded to the currency's minor unit for display: "5.00" for 5 USD,
    /// "500" for 500 JPY. Extra precision (4.995 USD) is kept, never rounded away.
    pub fn to_display_string(&self) -> String {
        let minor_units = self.currency.minor_units();
        let mut padded = self.amount;
        if padded.scale() < minor_units {
            padded.rescale(minor_units);
        }
        padded.to_string()
    }

    /// Adds two amounts of the same currency.
    pub fn checked_add(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let sum = exact_at_common_scale(self.amount, other.amount, Decimal::checked_add)?;
        Ok(Self::from_parts(sum, self.currency))
    }

    /// Subtracts `other`; fails with [`MoneyError::NegativeResult`] below zero.
    pub fn checked_sub(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let difference = exact_at_common_scale(self.amount, other.amount, Decimal::checked_sub)?;
        if difference.is_sign_negative() && !difference.is_zero() {
            return Err(MoneyError::NegativeResult);
        }
        Ok(Self::from_parts(difference, self.currency))
    }

    /// Multiplies by an item count.
    pub fn checked_mul_quantity(&self, quantity: u64) -> Result<Money, MoneyError> {
        let product = exact(
            self.amount.checked_mul(Decimal::from(quantity)),
            self.amount.scale(),
        )?;
        Ok(Self::from_parts(product, self.currency))
    }

    /// Rounds to the currency's minor unit, halves away from zero (0.125 USD → 0.13).
    pub fn round_to_minor_units(&self) -> Money {
        let rounded = self.amount.round_dp_with_strategy(
            self.currency.minor_units(),
            RoundingStrategy::MidpointAwayFromZero,
        );
        Self::from_parts(rounded, self.currency)
    }

    /// Builds without validation; callers guarantee a non-negative amount.
    /// A zero result of arithmetic may carry a minus sign, which would print as "-0".
    pub(crate) fn from_parts(mut amount: Decimal, currency: Currency) -> Self {
        if amount.is_zero() {
            amount.set_sign_positive(true);
        }
        Self { amount, currency }
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }
}

impl fmt::Display for Money {
    /// "4.99 AUD": the wire amount followed by the currency code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// Serialised shape of [`Money`]: `{"amount": "4.99", "currency": "AUD"}`.
#[derive(Serialize, Deserialize)]
struct MoneyJson {
    amount: String,
    currency: String,
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        MoneyJson {
            amount: self.to_wire_string(),
            currency: self.currency.code().to_owned(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = MoneyJson::deserialize(deserializer)?;
        let currency =
            Currency::parse("currency", &json.currency).map_err(serde::de::Error::custom)?;
        Money::parse("amount", &json.amount, currency).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn currency(code: &str) -> Currency {
        Currency::parse("currency", code).unwrap()
    }

    fn problem(text: &str) -> AmountProblem {
        match parse_decimal("amount", text) {
            Err(MoneyError::InvalidAmount { problem, .. }) => problem,
            other => panic!("{text:?} should be rejected, got {other:?}"),
        }
    }

    #[test]
    fn minor_units_come_from_the_iso_table() {
        for (code, expected) in [
            ("JPY", 0),
            ("KRW", 0),
            ("USD", 2),
            ("EUR", 2),
            ("KWD", 3),
            ("BHD", 3),
            ("TND", 3),
            ("CLF", 4),
            ("UYW", 4),
        ] {
            assert_eq!(currency(code).minor_units(), expected, "{code}");
        }
    }

    #[test]
    fn unknown_and_unpayable_currencies_are_rejected_with_the_field_name() {
        assert_eq!(
            Currency::parse("invoice.currency", "ABC"),
            Err(MoneyError::UnknownCurrency {
                field: "invoice.currency".into(),
                code: "ABC".into()
            })
        );
        assert!(matches!(
            Currency::parse("currency", "usd"),
            Err(MoneyError::UnknownCurrency { .. })
        ));
        assert!(matches!(
            Currency::parse("currency", "XAU"),
            Err(MoneyError::CurrencyWithoutMinorUnit { .. })
        ));
        let long = "X".repeat(1000);
        match Currency::parse("currency", &long) {
            Err(MoneyError::UnknownCurrency { code, .. }) => assert!(code.chars().count() <= 9),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn accepts_plain_decimals_up_to_four_places() {
        for text in ["0", "4.99", "4.9999", "1000", "0.0001", "007.50"] {
            assert!(parse_decimal("amount", text).is_ok(), "{text}");
        }
        assert_eq!(
            parse_decimal("amount", "007.50").unwrap().to_string(),
            "7.50"
        );
    }

    #[test]
    fn rejects_each_malformed_shape_with_its_own_problem() {
        assert_eq!(problem(""), AmountProblem::Empty);
        assert_eq!(problem("-1"), AmountProblem::Negative);
        assert_eq!(problem("-0.50"), AmountProblem::Negative);
        assert_eq!(problem("1e3"), AmountProblem::Exponent);
        assert_eq!(problem("4.99E-2"), AmountProblem::Exponent);
        assert_eq!(problem("4.99999"), AmountProblem::TooManyDecimals);
        assert_eq!(problem("4.99000"), AmountProblem::TooManyDecimals);
        assert_eq!(problem(&"9".repeat(25)), AmountProblem::TooLarge);
        for text in [
            "abc", "4,99", " 4.99", "4.99 ", "+4.99", ".5", "5.", "4..9", "NaN", "inf", "١٢",
            "0x10", "-", "e5", "hello",
        ] {
            assert_eq!(problem(text), AmountProblem::NotNumeric, "{text:?}");
        }
    }

    #[test]
    fn error_message_names_the_field() {
        let err = parse_decimal("details[2].amount", "4.999999").unwrap_err();
        assert_eq!(
            err.to_string(),
            "details[2].amount: has more than 4 decimal places"
        );
    }

    #[test]
    fn four_ninety_nine_round_trips_exactly() {
        let m = Money::parse("amount", "4.99", currency("AUD")).unwrap();
        assert_eq!(m.to_wire_string(), "4.99");
        assert_eq!(m.to_minor_units().unwrap(), 499);
        assert_eq!(Money::from_minor_units(499, currency("AUD")).unwrap(), m);
    }

    #[test]
    fn minor_units_respect_each_exponent() {
        assert_eq!(
            Money::parse("a", "500", currency("JPY"))
                .unwrap()
                .to_minor_units(),
            Ok(500)
        );
        assert_eq!(
            Money::parse("a", "1.234", currency("KWD"))
                .unwrap()
                .to_minor_units(),
            Ok(1234)
        );
        assert_eq!(
            Money::parse("a", "1.2345", currency("CLF"))
                .unwrap()
                .to_minor_units(),
            Ok(12345)
        );
        assert_eq!(
            Money::from_minor_units(12345, currency("CLF"))
                .unwrap()
                .to_wire_string(),
            "1.2345"
        );
    }

    #[test]
    fn finer_than_minor_unit_is_an_error_not_a_rounding() {
        let m = Money::parse("amount", "4.995", currency("USD")).unwrap();
        assert!(matches!(
            m.to_minor_units(),
            Err(MoneyError::FractionalMinorUnits { .. })
        ));
        assert_eq!(m.round_to_minor_units().to_wire_string(), "5.00");
        let yen = Money::parse("amount", "0.5", currency("JPY")).unwrap();
        assert!(yen.to_minor_units().is_err());
    }

    #[test]
    fn display_pads_to_the_currency_without_dropping_precision() {
        assert_eq!(
            Money::parse("a", "5", currency("USD"))
                .unwrap()
                .to_display_string(),
            "5.00"
        );
        assert_eq!(
            Money::parse("a", "4.995", currency("USD"))
                .unwrap()
                .to_display_string(),
            "4.995"
        );
        assert_eq!(
            Money::parse("a", "500", currency("JPY"))
                .unwrap()
                .to_display_string(),
            "500"
        );
        assert_eq!(Money::zero(currency("KWD")).to_display_string(), "0.000");
    }

    #[test]
    fn arithmetic_is_checked() {
        let usd = currency("USD");
        let eur = currency("EUR");
        let a = Money::parse("a", "10.00", usd).unwrap();
        let b = Money::parse("b", "0.01", usd).unwrap();
        assert_eq!(a.checked_sub(&b).unwrap().to_wire_string(), "9.99");
        assert_eq!(b.checked_sub(&a), Err(MoneyError::NegativeResult));
        assert_eq!(
            a.checked_add(&Money::zero(eur)),
            Err(MoneyError::CurrencyMismatch {
                left: usd,
                right: eur
            })
        );
        let huge = Money::parse("a", &"9".repeat(24), usd).unwrap();
        assert_eq!(
            huge.checked_mul_quantity(u64::MAX),
            Err(MoneyError::Overflow)
        );
        assert_eq!(huge.to_minor_units(), Err(MoneyError::Overflow));
    }

    #[test]
    fn regression_addition_near_28_digits_silently_dropped_a_cent() {
        // Found by the breakdown property test: rust_decimal answered
        // 79228162514264337608298405.46 + 0.005 with a rounded sum instead of failing.
        let usd = currency("USD");
        let big = Money::parse("a", "17285705", usd)
            .unwrap()
            .checked_mul_quantity(4_583_449_880_364_401_545)
            .unwrap()
            .checked_sub(&Money::parse("b", "215186.47", usd).unwrap())
            .unwrap();
        assert_eq!(big.to_wire_string(), "79228162514264337608199038.53");
        let small = Money::parse("c", "0.005", usd).unwrap();
        assert_eq!(big.checked_add(&small), Err(MoneyError::Overflow));
        assert_eq!(big.checked_sub(&small), Err(MoneyError::Overflow));
        let wide = Money::parse("d", "9999999999.9999", usd).unwrap();
        assert_eq!(
            wide.checked_mul_quantity(1_000_000_000_000_000_000),
            Err(MoneyError::Overflow)
        );
        // Well inside the range nothing changes.
        assert_eq!(
            Money::parse("a", "1.10", usd)
                .unwrap()
                .checked_add(&small)
                .unwrap()
                .to_wire_string(),
            "1.105"
        );
    }

    #[test]
    fn zero_result_never_prints_a_minus_sign() {
        let usd = currency("USD");
        let a = Money::parse("a", "1.10", usd).unwrap();
        assert_eq!(a.checked_sub(&a).unwrap().to_wire_string(), "0.00");
    }

    #[test]
    fn from_decimal_enforces_the_invariants() {
        let usd = currency("USD");
        assert!(Money::from_decimal("x", Decimal::new(-1, 0), usd).is_err());
        assert!(Money::from_decimal("x", Decimal::new(1, 5), usd).is_err());
        assert!(Money::from_decimal("x", Decimal::new(1, 4), usd).is_ok());
    }

    #[test]
    fn serde_shape_is_string_amount_and_code() {
        let m = Money::parse("a", "4.99", currency("AUD")).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":"4.99","currency":"AUD"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        assert!(serde_json::from_str::<Money>(r#"{"amount":4.99,"currency":"AUD"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount":"-1","currency":"AUD"}"#).is_err());
    }
}
