//! Saved payment sources: a customer's tokens as the widget may show them.
//!
//! ProcessOut keeps a customer's reusable payment details as customer tokens (`tok_…`, seed
//! 001), each made from one card. The proxy lists the tokens of an invoice's own customer
//! with their card expanded ([`Token`], [`TokensResponse`]) and narrows each to a
//! [`SavedSource`]: the token id, the card's scheme, last four digits and expiry, and
//! whether it can pay now. Nothing else of the card or the customer reaches the widget.
//!
//! Pure logic: the current month comes from the caller ([`YearMonth`]), as this crate has
//! no clock.

use serde::{Deserialize, Serialize};

use crate::wire::Card;

/// A calendar month, e.g. the current one or a card's expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    /// Four-digit year.
    pub year: i64,
    /// 1 to 12.
    pub month: i64,
}

/// Why a saved source cannot pay (wire text in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnusableReason {
    /// `expired`: the card's expiry month is before the current month.
    Expired,
    /// `unusable`: the provider says the token cannot be charged, or its card is unreadable.
    Unusable,
}

impl UnusableReason {
    /// The wire text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::Unusable => "unusable",
        }
    }

    /// The wire text read back; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "expired" => Some(Self::Expired),
            "unusable" => Some(Self::Unusable),
            _ => None,
        }
    }
}

/// One saved source as the widget may show it: never more than this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSource {
    /// The customer token (`tok_…`) to pay with.
    pub id: String,
    /// The card's scheme in lower case, e.g. `visa`, `mastercard`; `card` when unknown.
    pub brand: String,
    /// The card's last four digits.
    pub last4: String,
    /// Expiry month, 1 to 12.
    pub exp_month: i64,
    /// Expiry year, four digits.
    pub exp_year: i64,
    /// The expiry as printed on the card, `MM/YY`: the widget shows it as it is.
    pub expiry: String,
    /// `true` when it can pay now.
    pub usable: bool,
    /// Why not, when `usable` is `false`; `null` otherwise.
    pub reason: Option<UnusableReason>,
}

/// `GET /checkout/invoices/{id}/saved-sources`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SavedSourcesEnvelope {
    /// Always `true`.
    pub success: bool,
    /// The invoice's customer's saved sources; empty when the invoice has no customer.
    pub saved_sources: Vec<SavedSource>,
}

/// A ProcessOut customer token (seed 001, "Token attributes"), the fields read here.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Token {
    /// `tok_…` identifier.
    pub id: Option<String>,
    /// The customer it belongs to.
    pub customer_id: Option<String>,
    /// The card it was made from.
    pub card_id: Option<String>,
    /// That card, when expanded (`expand[]=card`).
    pub card: Option<Card>,
    /// Source kind, usually `card`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Whether the token can be charged.
    pub is_chargeable: Option<bool>,
}

/// `GET /customers/{id}/tokens`'s answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TokensResponse {
    /// `true` on success.
    pub success: bool,
    /// The customer's tokens.
    pub tokens: Option<Vec<Token>>,
}

/// `true` when a card expiring at the end of `exp` can no longer pay in `now`.
pub fn is_expired(exp: YearMonth, now: YearMonth) -> bool {
    exp < now
}

/// The display-safe reading of `token` in month `now`; `None` when it has no usable id, or
/// its card is not shown (no card, no last four digits, or an expiry that is not a month):
/// a source the customer could not recognise is left out rather than guessed.
pub fn saved_source(token: &Token, now: YearMonth) -> Option<SavedSource> {
    let id = token.id.as_deref().filter(|id| is_token_id(id))?;
    let card = token.card.as_ref()?;
    let last4 = card
        .last_4_digits
        .as_deref()
        .filter(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))?;
    let exp_month = card.exp_month.filter(|m| (1..=12).contains(m))?;
    let exp_year = card.exp_year.filter(|y| (1000..=9999).contains(y))?;
    let brand = card
        .scheme
        .as_deref()
        .map(str::trim)
        .filter(|s| {
            !s.is_empty()
                && s.len() <= 32
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        })
        .map_or_else(|| "card".to_string(), str::to_ascii_lowercase);
    let reason = if token.is_chargeable == Some(false) {
        Some(UnusableReason::Unusable)
    } else if is_expired(
        YearMonth {
            year: exp_year,
            month: exp_month,
        },
        now,
    ) {
        Some(UnusableReason::Expired)
    } else {
        None
    };
    Some(SavedSource {
        id: id.to_string(),
        brand,
        last4: last4.to_string(),
        exp_month,
        exp_year,
        expiry: expiry_text(exp_month, exp_year),
        usable: reason.is_none(),
        reason,
    })
}

/// The saved sources of `tokens` that belong to `customer_id`, in the provider's order.
/// A token naming another customer is dropped even if the provider listed it.
pub fn saved_sources(tokens: &[Token], customer_id: &str, now: YearMonth) -> Vec<SavedSource> {
    tokens
        .iter()
        .filter(|t| t.customer_id.as_deref() == Some(customer_id))
        .filter_map(|t| saved_source(t, now))
        .collect()
}

/// `MM/YY`, as cards print their expiry (`3`, `2030` → `03/30`).
pub fn expiry_text(month: i64, year: i64) -> String {
    format!("{month:02}/{:02}", year.rem_euclid(100))
}

/// `tok_` followed by 1 to 64 letters or digits.
pub fn is_token_id(id: &str) -> bool {
    id.strip_prefix("tok_").is_some_and(|rest| {
        (1..=64).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: YearMonth = YearMonth {
        year: 2026,
        month: 12,
    };

    fn token(value: serde_json::Value) -> Token {
        serde_json::from_value(value).unwrap()
    }

    fn visa(exp_month: i64, exp_year: serde_json::Value) -> serde_json::Value {
        json!({
            "id": "tok_abc1", "customer_id": "cust_a", "card_id": "card_x", "type": "card",
            "is_chargeable": true,
            "card": {"id": "card_x", "scheme": "visa", "last_4_digits": "4242", "iin": "424242",
                     "exp_month": exp_month, "exp_year": exp_year, "name": "Jane Doe",
                     "fingerprint": "f00"}
        })
    }

    #[test]
    fn a_card_is_expired_only_after_its_expiry_month() {
        let at = |year, month| YearMonth { year, month };
        assert!(!is_expired(at(2026, 12), NOW), "valid through its month");
        assert!(!is_expired(at(2027, 1), NOW));
        assert!(is_expired(at(2026, 11), NOW));
        assert!(is_expired(at(2025, 12), NOW));
    }

    #[test]
    fn the_expiry_reads_as_printed_on_the_card() {
        assert_eq!(expiry_text(3, 2030), "03/30");
        assert_eq!(expiry_text(12, 2009), "12/09");
        assert_eq!(expiry_text(1, 2100), "01/00");
    }

    #[test]
    fn a_token_becomes_brand_last4_and_expiry_and_nothing_else() {
        let source = saved_source(&token(visa(12, json!("2030"))), NOW).unwrap();
        assert_eq!(
            source,
            SavedSource {
                id: "tok_abc1".into(),
                brand: "visa".into(),
                last4: "4242".into(),
                exp_month: 12,
                exp_year: 2030,
                expiry: "12/30".into(),
                usable: true,
                reason: None,
            }
        );
        let wire = serde_json::to_value(&source).unwrap();
        assert_eq!(
            wire,
            json!({"id": "tok_abc1", "brand": "visa", "last4": "4242", "exp_month": 12,
                   "exp_year": 2030, "expiry": "12/30", "usable": true, "reason": null})
        );
        let text = wire.to_string();
        for secret in ["424242", "Jane", "card_x", "f00", "cust_a"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }

    #[test]
    fn expired_and_unchargeable_tokens_are_shown_disabled_with_the_reason() {
        let expired = saved_source(&token(visa(11, json!(2026))), NOW).unwrap();
        assert!(!expired.usable);
        assert_eq!(expired.reason, Some(UnusableReason::Expired));
        let mut raw = visa(12, json!(2030));
        raw["is_chargeable"] = json!(false);
        let unusable = saved_source(&token(raw), NOW).unwrap();
        assert_eq!(
            (unusable.usable, unusable.reason),
            (false, Some(UnusableReason::Unusable))
        );
        assert_eq!(
            serde_json::to_value(unusable.reason).unwrap(),
            json!("unusable")
        );
        for reason in [UnusableReason::Expired, UnusableReason::Unusable] {
            assert_eq!(UnusableReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(UnusableReason::parse("other"), None);
    }

    #[test]
    fn a_token_the_customer_could_not_recognise_is_left_out() {
        let mut cases = Vec::new();
        for (path, bad) in [
            ("id", json!("card_abc")),
            ("id", json!("tok_a/b")),
            ("id", json!(null)),
            ("card", json!(null)),
        ] {
            let mut raw = visa(12, json!(2030));
            raw[path] = bad;
            cases.push(raw);
        }
        for (field, bad) in [
            ("last_4_digits", json!("424")),
            ("last_4_digits", json!("42a2")),
            ("last_4_digits", json!(null)),
            ("exp_month", json!(13)),
            ("exp_month", json!(0)),
            ("exp_year", json!(30)),
            ("exp_year", json!(null)),
        ] {
            let mut raw = visa(12, json!(2030));
            raw["card"][field] = bad;
            cases.push(raw);
        }
        for raw in cases {
            assert_eq!(saved_source(&token(raw.clone()), NOW), None, "{raw}");
        }
    }

    #[test]
    fn an_odd_scheme_is_shown_as_a_card() {
        for (scheme, shown) in [
            (json!("Visa"), "visa"),
            (json!("american express"), "american express"),
            (json!("<img src=x>"), "card"),
            (json!(""), "card"),
            (json!(null), "card"),
        ] {
            let mut raw = visa(12, json!(2030));
            raw["card"]["scheme"] = scheme;
            assert_eq!(saved_source(&token(raw), NOW).unwrap().brand, shown);
        }
    }

    #[test]
    fn only_the_customers_own_tokens_are_listed() {
        let mut other = visa(12, json!(2030));
        other["customer_id"] = json!("cust_b");
        other["id"] = json!("tok_other");
        let mine = visa(1, json!(2020));
        let tokens: TokensResponse =
            serde_json::from_value(json!({"success": true, "tokens": [other, mine]})).unwrap();
        let list = saved_sources(&tokens.tokens.unwrap(), "cust_a", NOW);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].id, "tok_abc1");
        assert_eq!(list[0].reason, Some(UnusableReason::Expired));
        assert!(saved_sources(&[], "cust_a", NOW).is_empty());
    }
}
