//! Field limits from ProcessOut's API reference, as validation functions.
//!
//! Lengths are counted in characters (Unicode scalar values), not bytes: the
//! reference says "characters" and a name such as "Café" must not be cut short.
//!
//! The statement descriptor has two descriptions in the seeds: the Invoice
//! object allows 22 characters of letters, digits, spaces, dots and forward
//! slashes; the invoice-creation page allows 25 and adds asterisks. We enforce
//! the stricter one, which satisfies both, and only ASCII letters and digits,
//! because bank statements do not reliably print anything else.

use crate::money::{parse_decimal, MoneyError};
use crate::wire::Invoice;

/// Longest invoice (and invoice line) name.
pub const NAME_MAX_CHARS: usize = 80;
/// Longest statement descriptor.
pub const STATEMENT_DESCRIPTOR_MAX_CHARS: usize = 22;
/// Most key–value pairs in one metadata object.
pub const METADATA_MAX_PAIRS: usize = 50;
/// Longest metadata key.
pub const METADATA_KEY_MAX_CHARS: usize = 40;
/// Longest metadata value.
pub const METADATA_VALUE_MAX_CHARS: usize = 500;
/// Metadata keys ProcessOut reserves for amounts included in the invoice amount.
pub const RESERVED_METADATA_AMOUNT_KEYS: [&str; 2] = ["taxes_amount", "shipping_amount"];
/// Longest 3-D Secure result (`gway_req_...`) accepted as a payment source.
pub const THREE_D_S_RESULT_MAX_LEN: usize = 4096;

/// A 3-D Secure result usable as a payment source: `gway_req_`, then base64 or letters,
/// digits, `_` and `-`, at most [`THREE_D_S_RESULT_MAX_LEN`] in all. The result is opaque
/// (a fingerprint timeout carries a whole JSON document in base64), so this checks only
/// that it is one bounded token; it travels in JSON bodies, never in URLs.
pub fn is_three_d_s_result(source: &str) -> bool {
    source.len() <= THREE_D_S_RESULT_MAX_LEN
        && source.strip_prefix("gway_req_").is_some_and(|rest| {
            !rest.is_empty()
                && rest.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'=')
                })
        })
}

/// A field that breaks one of ProcessOut's limits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// A required text is empty or missing.
    #[error("{field}: is required")]
    Required {
        /// The field, e.g. `name`.
        field: String,
    },
    /// Too many characters.
    #[error("{field}: at most {max} characters allowed, found {actual}")]
    TooLong {
        /// The field, e.g. `metadata.order_ref`.
        field: String,
        /// The limit.
        max: usize,
        /// The length found.
        actual: usize,
    },
    /// A character outside the allowed set.
    #[error("{field}: {character:?} at position {position} is not allowed")]
    ForbiddenCharacter {
        /// The field.
        field: String,
        /// The first offending character.
        character: char,
        /// Its zero-based character position.
        position: usize,
    },
    /// Too many metadata entries.
    #[error("{field}: at most {max} entries allowed, found {actual}")]
    TooManyEntries {
        /// The field.
        field: String,
        /// The limit.
        max: usize,
        /// The count found.
        actual: usize,
    },
    /// A reserved metadata amount key whose value is not an amount.
    #[error("{0}")]
    ReservedAmount(MoneyError),
}

/// Checks a name (invoice or line item): required, at most [`NAME_MAX_CHARS`].
///
/// ```
/// use checkout_core::limits::validate_name;
///
/// assert!(validate_name("name", "Amazing item").is_ok());
/// assert!(validate_name("name", &"x".repeat(81)).is_err());
/// ```
pub fn validate_name(field: &str, name: &str) -> Result<(), LimitError> {
    if name.is_empty() {
        return Err(LimitError::Required {
            field: field.to_owned(),
        });
    }
    check_length(field, name, NAME_MAX_CHARS)
}

/// Checks a statement descriptor: at most [`STATEMENT_DESCRIPTOR_MAX_CHARS`]
/// characters, only ASCII letters, digits, spaces, dots and forward slashes.
/// An empty descriptor means "none" and is accepted.
///
/// ```
/// use checkout_core::limits::validate_statement_descriptor;
///
/// assert!(validate_statement_descriptor("amazing item").is_ok());
/// assert!(validate_statement_descriptor("AMAZING*ITEM").is_err());
/// ```
pub fn validate_statement_descriptor(descriptor: &str) -> Result<(), LimitError> {
    const FIELD: &str = "statement_descriptor";
    check_length(FIELD, descriptor, STATEMENT_DESCRIPTOR_MAX_CHARS)?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '/');
    match descriptor.chars().enumerate().find(|&(_, c)| !allowed(c)) {
        Some((position, character)) => Err(LimitError::ForbiddenCharacter {
            field: FIELD.to_owned(),
            character,
            position,
        }),
        None => Ok(()),
    }
}

/// Checks a metadata object: at most [`METADATA_MAX_PAIRS`] pairs, keys of at
/// most [`METADATA_KEY_MAX_CHARS`] and values of at most
/// [`METADATA_VALUE_MAX_CHARS`] characters. The reserved keys
/// [`RESERVED_METADATA_AMOUNT_KEYS`] must hold non-negative amounts.
///
/// Errors name the entry as `field.key`.
///
/// ```
/// use std::collections::BTreeMap;
/// use checkout_core::limits::validate_metadata;
///
/// let mut metadata = BTreeMap::new();
/// metadata.insert("order_ref".to_string(), "A-1".to_string());
/// assert!(validate_metadata("metadata", &metadata).is_ok());
/// metadata.insert("taxes_amount".to_string(), "lots".to_string());
/// assert!(validate_metadata("metadata", &metadata).is_err());
/// ```
pub fn validate_metadata<I, K, V>(field: &str, metadata: I) -> Result<(), LimitError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut count = 0_usize;
    for (key, value) in metadata {
        count = count.saturating_add(1);
        if count > METADATA_MAX_PAIRS {
            // Keep counting so the error reports the real size.
            continue;
        }
        let (key, value) = (key.as_ref(), value.as_ref());
        if key.is_empty() {
            return Err(LimitError::Required {
                field: format!("{field} key"),
            });
        }
        // A hostile key could be megabytes long; the error only needs its start.
        let shown: String = key.chars().take(METADATA_KEY_MAX_CHARS).collect();
        let entry = format!("{field}.{shown}");
        check_length(&entry, key, METADATA_KEY_MAX_CHARS)?;
        check_length(&entry, value, METADATA_VALUE_MAX_CHARS)?;
        if RESERVED_METADATA_AMOUNT_KEYS.contains(&key) {
            parse_decimal(&entry, value).map_err(LimitError::ReservedAmount)?;
        }
    }
    if count > METADATA_MAX_PAIRS {
        return Err(LimitError::TooManyEntries {
            field: field.to_owned(),
            max: METADATA_MAX_PAIRS,
            actual: count,
        });
    }
    Ok(())
}

/// Every limit an invoice breaks: its name, statement descriptor, metadata,
/// and each line's name and metadata. Empty when the invoice is within limits.
pub fn invoice_limit_violations(invoice: &Invoice) -> Vec<LimitError> {
    let mut violations = Vec::new();
    let mut record = |result: Result<(), LimitError>| {
        if let Err(error) = result {
            violations.push(error);
        }
    };
    record(validate_name("name", invoice.name.as_deref().unwrap_or("")));
    if let Some(descriptor) = &invoice.statement_descriptor {
        record(validate_statement_descriptor(descriptor));
    }
    record(validate_metadata("metadata", &invoice.metadata));
    for (index, detail) in invoice.details.iter().enumerate() {
        record(validate_name(
            &format!("details[{index}].name"),
            detail.name.as_deref().unwrap_or(""),
        ));
        record(validate_metadata(
            &format!("details[{index}].metadata"),
            &detail.metadata,
        ));
    }
    violations
}

fn check_length(field: &str, text: &str, max: usize) -> Result<(), LimitError> {
    let actual = text.chars().count();
    if actual > max {
        Err(LimitError::TooLong {
            field: field.to_owned(),
            max,
            actual,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn three_d_s_results_are_bounded_opaque_tokens() {
        assert!(is_three_d_s_result("gway_req_eyJib2R5Ijoie30="));
        assert!(is_three_d_s_result("gway_req_abc-_/+="));
        assert!(is_three_d_s_result("gway_req_x1"));
        for bad in [
            "gway_req_",
            "card_abc",
            "tok_x",
            "gway_req_a b",
            "gway_req_../",
            "gway_req_<b>",
        ] {
            assert!(!is_three_d_s_result(bad), "{bad}");
        }
        let longest = format!("gway_req_{}", "a".repeat(THREE_D_S_RESULT_MAX_LEN - 9));
        assert!(is_three_d_s_result(&longest));
        assert!(!is_three_d_s_result(&format!("{longest}a")));
    }
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn name_limit_is_80_characters_not_bytes() {
        assert!(validate_name("name", &"é".repeat(80)).is_ok());
        assert_eq!(
            validate_name("name", &"é".repeat(81)),
            Err(LimitError::TooLong {
                field: "name".into(),
                max: 80,
                actual: 81
            })
        );
        assert_eq!(
            validate_name("name", ""),
            Err(LimitError::Required {
                field: "name".into()
            })
        );
    }

    #[test]
    fn statement_descriptor_length_and_character_set() {
        assert!(validate_statement_descriptor("ACME Ltd. order 12/34").is_ok());
        assert!(validate_statement_descriptor(&"A".repeat(22)).is_ok());
        assert!(matches!(
            validate_statement_descriptor(&"A".repeat(23)),
            Err(LimitError::TooLong {
                max: 22,
                actual: 23,
                ..
            })
        ));
        assert!(validate_statement_descriptor("").is_ok());
        for (text, bad, position) in [
            ("ACME*SHOP", '*', 4),
            ("caf\u{e9}", '\u{e9}', 3),
            ("a-b", '-', 1),
            ("tab\there", '\t', 3),
        ] {
            assert_eq!(
                validate_statement_descriptor(text),
                Err(LimitError::ForbiddenCharacter {
                    field: "statement_descriptor".into(),
                    character: bad,
                    position
                }),
                "{text:?}"
            );
        }
    }

    fn metadata(pairs: usize) -> BTreeMap<String, String> {
        (0..pairs)
            .map(|i| (format!("k{i}"), "v".to_string()))
            .collect()
    }

    #[test]
    fn metadata_pair_count() {
        assert!(validate_metadata("metadata", &metadata(50)).is_ok());
        assert_eq!(
            validate_metadata("metadata", &metadata(51)),
            Err(LimitError::TooManyEntries {
                field: "metadata".into(),
                max: 50,
                actual: 51
            })
        );
    }

    #[test]
    fn metadata_key_and_value_lengths() {
        let mut m = BTreeMap::new();
        m.insert("k".repeat(40), "v".repeat(500));
        assert!(validate_metadata("metadata", &m).is_ok());

        let mut long_key = BTreeMap::new();
        long_key.insert("k".repeat(41), "v".to_string());
        assert!(matches!(
            validate_metadata("metadata", &long_key),
            Err(LimitError::TooLong {
                max: 40,
                actual: 41,
                ..
            })
        ));

        let mut long_value = BTreeMap::new();
        long_value.insert("ref".to_string(), "v".repeat(501));
        assert_eq!(
            validate_metadata("metadata", &long_value),
            Err(LimitError::TooLong {
                field: "metadata.ref".into(),
                max: 500,
                actual: 501
            })
        );

        let mut empty_key = BTreeMap::new();
        empty_key.insert(String::new(), "v".to_string());
        assert!(matches!(
            validate_metadata("metadata", &empty_key),
            Err(LimitError::Required { .. })
        ));
    }

    #[test]
    fn reserved_amount_keys_must_hold_amounts() {
        let mut m = BTreeMap::new();
        m.insert("shipping_amount".to_string(), "5.00".to_string());
        m.insert("taxes_amount".to_string(), "0".to_string());
        assert!(validate_metadata("metadata", &m).is_ok());
        m.insert("taxes_amount".to_string(), "-1".to_string());
        let err = validate_metadata("metadata", &m).unwrap_err();
        assert_eq!(err.to_string(), "metadata.taxes_amount: is negative");
    }

    #[test]
    fn invoice_violations_collects_everything() {
        let invoice: Invoice = serde_json::from_str(
            r#"{
                "name": "",
                "statement_descriptor": "BAD*DESCRIPTOR",
                "details": [{"name": "ok", "amount": "1"}, {"amount": "1"}]
            }"#,
        )
        .unwrap();
        let violations = invoice_limit_violations(&invoice);
        assert_eq!(violations.len(), 3, "{violations:?}");
        assert!(violations.contains(&LimitError::Required {
            field: "details[1].name".into()
        }));
    }
}
