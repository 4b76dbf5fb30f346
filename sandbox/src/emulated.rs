//! Shared by the Invoiss and orders-API emulators: the seeded demo orders (the ProcessOut
//! sandbox's demo invoices, so the demo page's invoice ids work with every provider), and
//! what paying with a token does.

use axum::http::StatusCode;
use checkout_core::{Currency, ErrorCode, Money};
use serde_json::value::RawValue;
use serde_json::Value;

use super::cards::{self, Behaviour};
use super::{seed, Sandbox};
use crate::error::SandboxError;
use checkout_core::json_money::money_to_json;

/// An order as an emulator keeps it, amounts exact.
#[derive(Debug, Clone)]
pub struct DemoOrder {
    /// The provider's id.
    pub id: String,
    /// What is bought.
    pub name: String,
    /// What the customer pays.
    pub total: Money,
    /// `(name, quantity, unit amount, line discount)`.
    pub lines: Vec<(String, u64, Money, Option<Money>)>,
    /// Tax included in the total.
    pub tax: Money,
    /// Shipping included in the total.
    pub shipping: Money,
}

impl DemoOrder {
    /// The currency of the order.
    pub fn currency(&self) -> Currency {
        self.total.currency()
    }
}

/// The seeded ProcessOut demo invoices as orders, under the same ids without `iv_`
/// (`demoBooksEUR`), so the widget's `iv_demoBooksEUR` names them with every provider.
pub fn demo_orders(project_id: &str) -> Vec<DemoOrder> {
    seed::invoices(project_id)
        .iter()
        .filter_map(demo_order)
        .collect()
}

fn demo_order(invoice: &Value) -> Option<DemoOrder> {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    let currency = Currency::parse("currency", &text(invoice, "currency")?).ok()?;
    let money = |v: &Value, key: &str| -> Option<Money> {
        Money::parse(key, v.get(key)?.as_str()?, currency).ok()
    };
    let lines = invoice
        .get("details")
        .and_then(Value::as_array)
        .map(|details| {
            details
                .iter()
                .filter_map(|d| {
                    Some((
                        text(d, "name")?,
                        d.get("quantity").and_then(Value::as_u64).unwrap_or(1),
                        money(d, "amount")?,
                        money(d, "discount_amount"),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let part = |key: &str| {
        invoice
            .get(key)
            .and_then(|p| money(p, "amount"))
            .unwrap_or_else(|| Money::zero(currency))
    };
    Some(DemoOrder {
        id: text(invoice, "id")?.strip_prefix("iv_")?.to_string(),
        name: text(invoice, "name")?,
        total: money(invoice, "amount")?,
        lines,
        tax: part("tax"),
        shipping: part("shipping"),
    })
}

/// Money as an exact JSON number (`45.10`).
pub fn number(money: &Money) -> Result<Box<RawValue>, SandboxError> {
    money_to_json("amount", money).map_err(|e| {
        SandboxError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::GatewayUnknownError,
            format!("the emulator cannot write {e}"),
        )
    })
}

/// What paying with `token` does: the test card's behaviour for a saved test token
/// (`tok_test4242424242424242`) or a card tokenized by the ProcessOut sandbox (`card_...`,
/// single use, consumed here). `None` for a token the sandbox does not know.
pub fn token_behaviour(sandbox: &Sandbox, token: &str) -> Result<Behaviour, &'static str> {
    if let Some(number) = cards::saved_token_number(token) {
        return Ok(cards::behaviour(number));
    }
    if token.starts_with("card_") {
        let mut store = sandbox.store();
        let card = store
            .cards
            .get_mut(token)
            .ok_or("the card token is unknown")?;
        if card.single_use && card.used {
            return Err("the card token was already used; card tokens are single-use");
        }
        card.used = true;
        return Ok(cards::behaviour(&card.number));
    }
    Err("the payment method is unknown")
}

/// A `{prefix}_` id with 12 random letters or digits (about 71 bits): short enough that
/// several orders still fit in one widget invoice id (64 characters).
pub fn short_id(prefix: &str) -> String {
    let random: String = super::new_id("x").chars().skip(2).take(12).collect();
    format!("{prefix}_{random}")
}

/// A short human-readable id, like seed 004's six-character `human_id`.
pub fn human_id() -> String {
    super::new_id("h")
        .chars()
        .skip(2)
        .take(6)
        .collect::<String>()
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_invoice_is_a_demo_order() {
        let orders = demo_orders("test-proj_x");
        assert_eq!(orders.len(), seed::SEEDED_INVOICE_IDS.len());
        let books = orders.iter().find(|o| o.id == "demoBooksEUR").unwrap();
        assert_eq!(books.total.to_wire_string(), "45.10");
        assert_eq!(books.lines.len(), 2);
        assert_eq!(books.tax.to_wire_string(), "2.20");
        assert_eq!(number(&books.total).unwrap().get(), "45.10");
    }
}
