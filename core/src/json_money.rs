//! Amounts written as JSON numbers, converted to and from checkout-core's decimal money
//! without binary floating point.
//!
//! Invoiss (seed 003) and the orders payment API (seed 004) send amounts as JSON numbers
//! (`"amount": 100.00`). A JSON parser that reads numbers into `f64` has already changed
//! most of them (0.1 has no exact binary form), so the amount is read from the number's
//! own text, kept by serde_json's [`RawValue`], and parsed as a decimal by checkout-core.
//! Going out, the decimal's text is written as the number.
//!
//! Refused, with an error naming the field:
//! - a number with an exponent (`1e2`), a negative number, a string, `null`;
//! - more decimals than the currency's minor unit (`10.555` USD), after dropping
//!   trailing zeros (`4.990` USD is 4.99 and is fine);
//! - going out, more than [`MAX_FLOAT_SAFE_DIGITS`] significant digits: both APIs document
//!   their amounts as floats, and only numbers of up to 15 significant digits survive a
//!   round trip through an IEEE 754 double unchanged.

use std::fmt;

use crate::money::parse_decimal;
use crate::{Currency, Money};
use rust_decimal::Decimal;
use serde_json::value::RawValue;

/// Most significant digits an amount may have and still come back unchanged from the
/// provider's floating-point parse (an IEEE 754 double holds any 15-digit decimal).
pub const MAX_FLOAT_SAFE_DIGITS: u32 = 15;

/// An amount that cannot be converted exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountError {
    /// The field, e.g. `order.grandTotal`.
    pub field: String,
    /// What is wrong, in words.
    pub problem: String,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for AmountError {}

fn error(field: &str, problem: impl Into<String>) -> AmountError {
    AmountError {
        field: field.to_string(),
        problem: problem.into(),
    }
}

/// Longest number text quoted back in an error.
const MAX_QUOTED: usize = 40;

fn quoted(text: &str) -> String {
    let mut q: String = text.chars().take(MAX_QUOTED).collect();
    if text.chars().count() > MAX_QUOTED {
        q.push('…');
    }
    q
}

/// Reads a JSON number's text as an exact, non-negative decimal.
pub fn decimal_from_json(field: &str, raw: &RawValue) -> Result<Decimal, AmountError> {
    let text = raw.get().trim();
    match text.bytes().next() {
        Some(b'0'..=b'9') => {}
        Some(b'-') => return Err(error(field, format!("{} is negative", quoted(text)))),
        Some(b'"') => {
            return Err(error(
                field,
                format!(
                    "{} is a string; the API sends amounts as JSON numbers",
                    quoted(text)
                ),
            ))
        }
        Some(b'n') => return Err(error(field, "is null")),
        _ => return Err(error(field, format!("{} is not a number", quoted(text)))),
    }
    if text.contains(['e', 'E']) {
        return Err(error(
            field,
            format!(
                "{} uses an exponent, which cannot be read as an exact amount",
                quoted(text)
            ),
        ));
    }
    // Trailing zeros carry no value: 4.990 is 4.99.
    let normalised = match text.split_once('.') {
        Some((integer, fraction)) => {
            let fraction = fraction.trim_end_matches('0');
            if fraction.is_empty() {
                integer.to_string()
            } else {
                format!("{integer}.{fraction}")
            }
        }
        None => text.to_string(),
    };
    parse_decimal(field, &normalised).map_err(|e| error(field, format!("{} {e}", quoted(text))))
}

/// Reads a JSON number as money in `currency`, refusing anything finer than its minor unit.
/// The result carries the currency's decimals ("100.00" for 100 USD).
pub fn money_from_json(
    field: &str,
    raw: &RawValue,
    currency: Currency,
) -> Result<Money, AmountError> {
    let mut amount = decimal_from_json(field, raw)?;
    let minor_units = currency.minor_units();
    if amount.scale() > minor_units {
        return Err(error(
            field,
            format!(
                "{} has more decimals than {} allows ({minor_units}), so it cannot be charged exactly",
                quoted(raw.get().trim()),
                currency.code()
            ),
        ));
    }
    amount.rescale(minor_units);
    Money::from_decimal(field, amount, currency).map_err(|e| error(field, e.to_string()))
}

/// Writes money as a JSON number with the currency's decimals (`100.00`), refusing an
/// amount that a floating-point reader could not get back exactly.
pub fn money_to_json(field: &str, money: &Money) -> Result<Box<RawValue>, AmountError> {
    if money.to_minor_units().is_err() {
        return Err(error(
            field,
            format!(
                "{} {} is not a whole number of minor units",
                money.to_wire_string(),
                money.currency().code()
            ),
        ));
    }
    let text = money.to_display_string();
    let digits = significant_digits(money.amount());
    if digits > MAX_FLOAT_SAFE_DIGITS {
        return Err(error(
            field,
            format!(
                "{text} has {digits} significant digits; a JSON number read as a float keeps only {MAX_FLOAT_SAFE_DIGITS} exactly"
            ),
        ));
    }
    RawValue::from_string(text).map_err(|e| error(field, format!("not a JSON number: {e}")))
}

/// Digits of the amount without leading zeros or trailing fractional zeros.
fn significant_digits(amount: Decimal) -> u32 {
    let normalised = amount.normalize();
    let mantissa = normalised.mantissa().unsigned_abs();
    if mantissa == 0 {
        1
    } else {
        mantissa.ilog10().saturating_add(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_string()).unwrap()
    }

    fn usd() -> Currency {
        Currency::parse("currency", "USD").unwrap()
    }

    #[test]
    fn the_seeds_amounts_are_read_exactly() {
        // Seed 003: "grandTotal": 100.00; seed 004: "Example: 10.23 USD".
        let m = money_from_json("amount", &raw("100.00"), usd()).unwrap();
        assert_eq!(m.to_wire_string(), "100.00");
        let m = money_from_json("amount", &raw("10.23"), usd()).unwrap();
        assert_eq!(m.to_wire_string(), "10.23");
        // 0.1 + 0.2 is not 0.3 in binary floating point; here the text is the value.
        let m = money_from_json("amount", &raw("0.3"), usd()).unwrap();
        assert_eq!(m.to_minor_units().unwrap(), 30);
        let m = money_from_json("amount", &raw("4.990"), usd()).unwrap();
        assert_eq!(m.to_wire_string(), "4.99");
        let jpy = Currency::parse("currency", "JPY").unwrap();
        let m = money_from_json("amount", &raw("6550"), jpy).unwrap();
        assert_eq!(m.to_wire_string(), "6550");
        let kwd = Currency::parse("currency", "KWD").unwrap();
        let m = money_from_json("amount", &raw("27.505"), kwd).unwrap();
        assert_eq!(m.to_wire_string(), "27.505");
    }

    #[test]
    fn amounts_that_cannot_be_represented_exactly_are_refused_by_name() {
        for (text, needle) in [
            ("10.555", "more decimals than USD allows (2)"),
            ("0.001", "more decimals"),
            ("1e2", "exponent"),
            ("1.5E-1", "exponent"),
            ("-1.00", "negative"),
            ("\"10.00\"", "string"),
            ("null", "null"),
            ("true", "not a number"),
            ("123456789012345678901234567.5", "too large"),
        ] {
            let err = money_from_json("order.grandTotal", &raw(text), usd()).unwrap_err();
            assert_eq!(err.field, "order.grandTotal");
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
        let jpy = Currency::parse("currency", "JPY").unwrap();
        let err = money_from_json("amount", &raw("100.5"), jpy).unwrap_err();
        assert!(err.problem.contains("JPY"), "{err}");
        // 100.0 JPY is a whole number of yen.
        assert!(money_from_json("amount", &raw("100.0"), jpy).is_ok());
    }

    #[test]
    fn money_is_written_as_a_json_number_with_its_decimals() {
        let m = Money::parse("amount", "100", usd()).unwrap();
        let json = money_to_json("amount", &m).unwrap();
        assert_eq!(json.get(), "100.00");
        // Through a serde_json::Value the number becomes an f64 again and loses its text:
        // that is why request bodies are typed structs.
        let through_value = serde_json::to_value(&json).unwrap();
        assert_eq!(through_value.to_string(), "100.0");
        // Inside a typed body the text goes out verbatim.
        #[derive(serde::Serialize)]
        struct Body {
            amount: Box<RawValue>,
        }
        let text = serde_json::to_string(&Body {
            amount: money_to_json("amount", &Money::parse("a", "0.10", usd()).unwrap()).unwrap(),
        })
        .unwrap();
        assert_eq!(text, r#"{"amount":0.10}"#);
        let kwd = Currency::parse("currency", "KWD").unwrap();
        let m = Money::parse("amount", "27.505", kwd).unwrap();
        assert_eq!(money_to_json("amount", &m).unwrap().get(), "27.505");
    }

    #[test]
    fn an_amount_a_float_cannot_hold_is_not_sent() {
        let ok = Money::parse("amount", "9999999999999.99", usd()).unwrap();
        assert!(money_to_json("amount", &ok).is_ok());
        let too_precise = Money::parse("amount", "99999999999999.99", usd()).unwrap();
        let err = money_to_json("amount", &too_precise).unwrap_err();
        assert!(err.problem.contains("16 significant digits"), "{err}");
        let fractional = Money::parse("amount", "4.995", usd()).unwrap();
        let err = money_to_json("amount", &fractional).unwrap_err();
        assert!(err.problem.contains("minor units"), "{err}");
    }

    #[test]
    fn reading_and_writing_round_trip_to_the_last_digit() {
        for text in [
            "0.01",
            "0.10",
            "1.00",
            "19.99",
            "1234567.89",
            "9999999999999.99",
        ] {
            let m = money_from_json("amount", &raw(text), usd()).unwrap();
            assert_eq!(money_to_json("amount", &m).unwrap().get(), text);
        }
    }
}
