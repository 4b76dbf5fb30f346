//! Orders, as the Invoiss and orders-API adapters read them: one reader for both schemas
//! (they differ only in field names, given by an [`OrderSchema`]), amounts exact, and the
//! widget invoice for one or several orders paid together.

use std::collections::HashMap;

use checkout_core::contract::Invoice;
use checkout_core::wire::{self, InvoiceDetail, InvoiceShipping, InvoiceTax, WireDecimal};
use checkout_core::{Currency, Money};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::answer::{self, unreadable};
use crate::api_error::ApiError;

/// An order (Invoiss) or Order (orders API) as the adapters read it, amounts exact.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// The provider's id.
    pub id: String,
    /// What the customer pays for, if the provider names it.
    pub name: Option<String>,
    /// What the customer pays.
    pub total: Money,
    /// Line items, when the provider lists them.
    pub lines: Vec<OrderLine>,
    /// Tax included in the total.
    pub tax: Option<Money>,
    /// Shipping included in the total.
    pub shipping: Option<Money>,
}

/// One line item of an [`Order`].
#[derive(Debug, Clone, PartialEq)]
pub struct OrderLine {
    /// Item name.
    pub name: String,
    /// How many.
    pub quantity: u64,
    /// Price of one.
    pub unit_amount: Money,
    /// Discount on the whole line.
    pub discount: Option<Money>,
}

/// A provider's names for an order's fields (`id`, `currency`, and a line's `name` and
/// `quantity` are the same everywhere).
#[derive(Debug, Clone, Copy)]
pub struct OrderSchema {
    /// The provider, as error messages name it.
    pub provider: &'static str,
    /// Fields that may name the order, first present wins.
    pub name: &'static [&'static str],
    /// The grand total.
    pub total: &'static str,
    /// Tax included in the total.
    pub tax: &'static str,
    /// Shipping included in the total.
    pub shipping: &'static str,
    /// The list of line items.
    pub lines: &'static str,
    /// A line's unit price.
    pub line_price: &'static str,
    /// A line's discount.
    pub line_discount: &'static str,
}

/// A JSON object with each value kept as its text, so amounts are never read through a float.
pub type RawObject = HashMap<String, Box<RawValue>>;

/// Field `key` of `object` as a `T`; absent and `null` are `None`.
fn field<T: DeserializeOwned>(
    schema: &OrderSchema,
    object: &RawObject,
    path: &str,
    key: &str,
) -> Result<Option<T>, ApiError> {
    match object.get(key) {
        None => Ok(None),
        Some(raw) => serde_json::from_str::<Option<T>>(raw.get()).map_err(|_| {
            unreadable(format!(
                "{} {path}.{key} has the wrong type",
                schema.provider
            ))
        }),
    }
}

/// Reads an order with every amount exact. `default_currency` is used when the order names
/// none (Invoiss); without one the currency is required.
pub fn read_order(
    schema: &OrderSchema,
    order: &RawObject,
    default_currency: Option<Currency>,
) -> Result<Order, ApiError> {
    let provider = schema.provider;
    let id = field::<String>(schema, order, "order", "id")?.ok_or_else(answer::invalid_answer)?;
    let currency = match (
        field::<String>(schema, order, "order", "currency")?,
        default_currency,
    ) {
        (Some(code), _) => answer::currency(provider, "order.currency", &code)?,
        (None, Some(currency)) => currency,
        (None, None) => answer::currency(provider, "order.currency", "")?,
    };
    let money = |object: &RawObject, path: &str, key: &str| {
        answer::optional_money(
            provider,
            &format!("{path}.{key}"),
            object.get(key).map(|raw| &**raw),
            currency,
        )
    };
    let total = money(order, "order", schema.total)?
        .ok_or_else(|| unreadable(format!("{provider} order has no {}", schema.total)))?;
    let mut lines = Vec::new();
    let raw_lines = field::<Vec<RawObject>>(schema, order, "order", schema.lines)?;
    for (i, line) in raw_lines.unwrap_or_default().iter().enumerate() {
        let path = format!("order.{}[{i}]", schema.lines);
        let unit_amount = money(line, &path, schema.line_price)?
            .ok_or_else(|| unreadable(format!("{provider} {path} has no {}", schema.line_price)))?;
        lines.push(OrderLine {
            name: field(schema, line, &path, "name")?.unwrap_or_default(),
            quantity: field(schema, line, &path, "quantity")?.unwrap_or(1),
            unit_amount,
            discount: money(line, &path, schema.line_discount)?,
        });
    }
    let mut name = None;
    for key in schema.name {
        if name.is_none() {
            name = field::<String>(schema, order, "order", key)?;
        }
    }
    Ok(Order {
        id,
        name,
        total,
        lines,
        tax: money(order, "order", schema.tax)?,
        shipping: money(order, "order", schema.shipping)?,
    })
}

/// The widget invoice for one or several orders paid together: written as a ProcessOut
/// invoice, then narrowed by the same display-safe conversion and checkout-core breakdown
/// as a ProcessOut invoice, so the widget cannot tell the difference.
pub fn widget_invoice(widget_id: &str, orders: &[Order]) -> Result<Invoice, ApiError> {
    let first = orders.first().ok_or_else(answer::invalid_answer)?;
    let currency = first.total.currency();
    let mut total = Money::zero(currency);
    let mut tax: Option<Money> = None;
    let mut shipping: Option<Money> = None;
    let mut names = Vec::new();
    let itemised = orders.iter().all(|o| !o.lines.is_empty());
    let mut details = Vec::new();
    let add = |sum: Option<Money>, more: &Option<Money>| -> Result<Option<Money>, ApiError> {
        match (sum, more) {
            (Some(a), Some(b)) => a.checked_add(b).map(Some).map_err(money_error),
            (None, Some(b)) => Ok(Some(*b)),
            (a, None) => Ok(a),
        }
    };
    for order in orders {
        if order.total.currency() != currency {
            return Err(ApiError::validation(format!(
                "orders paid together must share one currency: {} is in {}, {} in {}",
                first.id,
                currency.code(),
                order.id,
                order.total.currency().code()
            )));
        }
        total = total.checked_add(&order.total).map_err(money_error)?;
        tax = add(tax, &order.tax)?;
        shipping = add(shipping, &order.shipping)?;
        names.push(
            order
                .name
                .clone()
                .unwrap_or_else(|| format!("Order {}", order.id)),
        );
        if itemised {
            for line in &order.lines {
                details.push(InvoiceDetail {
                    name: Some(line.name.clone()),
                    kind: Some("product".into()),
                    amount: Some(WireDecimal::from(&line.unit_amount)),
                    quantity: Some(i64::try_from(line.quantity).map_err(|_| {
                        unreadable(format!("the quantity of {} is too large", line.name))
                    })?),
                    discount_amount: line.discount.as_ref().map(WireDecimal::from),
                    ..InvoiceDetail::default()
                });
            }
        }
    }
    let invoice = wire::Invoice {
        id: Some(widget_id.to_string()),
        name: Some(names.join(" + ")),
        amount: Some(WireDecimal::from(&total)),
        currency: Some(currency.code().to_string()),
        details,
        tax: tax.map(|t| InvoiceTax {
            amount: Some(WireDecimal::from(&t)),
            ..InvoiceTax::default()
        }),
        shipping: shipping.map(|s| InvoiceShipping {
            amount: Some(WireDecimal::from(&s)),
            ..InvoiceShipping::default()
        }),
        ..wire::Invoice::default()
    };
    Ok(Invoice::from(&invoice))
}

fn money_error(err: checkout_core::MoneyError) -> ApiError {
    unreadable(format!(
        "the orders' amounts cannot be added exactly: {err}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(amount: &str, currency: &str) -> Money {
        Money::parse(
            "amount",
            amount,
            Currency::parse("currency", currency).unwrap(),
        )
        .unwrap()
    }

    fn order(id: &str, total: &str, currency: &str, lines: Vec<OrderLine>) -> Order {
        Order {
            id: id.into(),
            name: Some(format!("Order {id}")),
            total: money(total, currency),
            lines,
            tax: None,
            shipping: None,
        }
    }

    #[test]
    fn orders_become_a_widget_invoice_with_a_core_breakdown() {
        let mut a = order(
            "a",
            "12.00",
            "EUR",
            vec![OrderLine {
                name: "Book".into(),
                quantity: 2,
                unit_amount: money("5.00", "EUR"),
                discount: None,
            }],
        );
        a.tax = Some(money("2.00", "EUR"));
        let b = order(
            "b",
            "3.50",
            "EUR",
            vec![OrderLine {
                name: "Pen".into(),
                quantity: 1,
                unit_amount: money("4.00", "EUR"),
                discount: Some(money("0.50", "EUR")),
            }],
        );
        let invoice = serde_json::to_value(widget_invoice("iv_aZpb", &[a, b]).unwrap()).unwrap();
        assert_eq!(invoice["id"], "iv_aZpb");
        assert_eq!(invoice["amount"], "15.50");
        assert_eq!(invoice["currency"], "EUR");
        assert_eq!(invoice["name"], "Order a + Order b");
        assert_eq!(invoice["breakdown"]["total"], "15.50");
        assert_eq!(invoice["breakdown"]["subtotal"], "13.50");
        assert_eq!(invoice["breakdown"]["tax"], "2.00");
        assert_eq!(invoice["breakdown"]["reconciles"], true);
        assert_eq!(invoice["breakdown"]["lines"][1]["total"], "3.50");
    }

    #[test]
    fn orders_in_different_currencies_cannot_be_paid_together() {
        let err = widget_invoice(
            "iv_aZpb",
            &[
                order("a", "1.00", "EUR", vec![]),
                order("b", "1.00", "USD", vec![]),
            ],
        )
        .unwrap_err();
        assert_eq!(err.code().as_str(), "request.validation.error");
        assert!(err.message().contains("one currency"), "{}", err.message());
    }

    #[test]
    fn an_order_without_lines_shows_its_total_only() {
        let invoice = serde_json::to_value(
            widget_invoice("iv_a", &[order("a", "7.00", "USD", vec![])]).unwrap(),
        )
        .unwrap();
        assert_eq!(invoice["breakdown"]["total"], "7.00");
        assert_eq!(invoice["breakdown"]["itemised"], false);
    }
}
