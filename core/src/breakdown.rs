//! Invoice breakdown: the lines, subtotal, tax, shipping and total the
//! customer is shown, and whether they add up.
//!
//! # Tax is included in the invoice amount
//!
//! ProcessOut describes `tax.amount` as "the tax included in the amount" and
//! `tax.rate` as "the rate of tax included in the amount"; its reserved
//! metadata keys say the same of taxes and shipping. So the invoice `amount`
//! is the grand total the customer pays, and it is made of:
//!
//! ```text
//! amount = subtotal + tax + shipping
//! subtotal = Σ (line amount × quantity − line discount_amount)
//! ```
//!
//! Line amounts are therefore read as prices *before* tax. When only a rate
//! is given, tax is `subtotal × rate / 100`; without lines it is the share of
//! the tax-inclusive amount, `(amount − shipping) × rate / (100 + rate)`.
//! Shipping is not taxed. Tax computed from a rate is rounded to the
//! currency's minor unit, halves away from zero. When both a tax amount and a
//! rate are sent, the amount wins and the rate is only validated.
//!
//! # Reconciliation
//!
//! The invoice amount is what will be charged, so it is always the total.
//! When the parts do not add up to it, the breakdown says so
//! ([`Breakdown::reconciles`] is false and [`Breakdown::difference`] holds the
//! gap) rather than adjusting a number to hide it. An invoice without lines
//! has nothing to itemise: its subtotal is whatever the amount leaves after
//! tax and shipping, and it fails to reconcile only when tax and shipping
//! alone exceed the amount.
//!
//! ```
//! use checkout_core::breakdown::Breakdown;
//! use checkout_core::wire::Invoice;
//!
//! let invoice: Invoice = serde_json::from_str(r#"{
//!     "amount": "26.00", "currency": "EUR",
//!     "details": [
//!         {"name": "Mug", "amount": "8.00", "quantity": 2},
//!         {"name": "Coaster", "amount": "3.00", "discount_amount": "1.00"}
//!     ],
//!     "tax": {"rate": "20"},
//!     "shipping": {"amount": "4.00"}
//! }"#).unwrap();
//! let breakdown = Breakdown::from_invoice(&invoice).unwrap();
//! assert_eq!(breakdown.subtotal.to_wire_string(), "18.00");
//! assert_eq!(breakdown.tax.to_wire_string(), "3.60");
//! assert!(!breakdown.reconciles); // 18.00 + 3.60 + 4.00 = 25.60, not 26.00
//! assert_eq!(breakdown.difference.unwrap().amount().to_wire_string(), "0.40");
//! ```

use rust_decimal::{Decimal, RoundingStrategy};

use crate::money::{Currency, Money, MoneyError};
use crate::wire::{Invoice, InvoiceDetail, InvoiceTax, WireDecimal};

/// The invoice as the customer should see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// Currency of every amount below.
    pub currency: Currency,
    /// One entry per invoice detail, in order.
    pub lines: Vec<BreakdownLine>,
    /// False when the invoice has no lines and the subtotal is implied.
    pub itemised: bool,
    /// Sum of line totals (or, without lines, amount − tax − shipping).
    pub subtotal: Money,
    /// Tax included in the total.
    pub tax: Money,
    /// Where the tax figure came from.
    pub tax_basis: TaxBasis,
    /// Shipping included in the total.
    pub shipping: Money,
    /// The invoice amount: what will be charged.
    pub total: Money,
    /// True when subtotal + tax + shipping equals the total exactly.
    pub reconciles: bool,
    /// The gap when the parts do not reconcile.
    pub difference: Option<Difference>,
}

/// One invoice line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakdownLine {
    /// The detail's identifier, if any.
    pub id: Option<String>,
    /// Item name, if any.
    pub name: Option<String>,
    /// Number of units (1 when absent).
    pub quantity: u64,
    /// Price of one unit.
    pub unit_amount: Money,
    /// Discount on the line (zero when absent).
    pub discount: Money,
    /// unit_amount × quantity − discount.
    pub total: Money,
}

/// Source of the tax figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxBasis {
    /// No tax information: tax is zero.
    None,
    /// `tax.amount` was given.
    Amount,
    /// Computed from `tax.rate` (percent).
    Rate(Decimal),
}

/// How the parts miss the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// Subtotal + tax + shipping is larger than the amount charged, by this much.
    PartsExceedTotal(Money),
    /// Subtotal + tax + shipping is smaller than the amount charged, by this much.
    PartsBelowTotal(Money),
}

impl Difference {
    /// The size of the gap.
    pub fn amount(&self) -> Money {
        match self {
            Difference::PartsExceedTotal(gap) | Difference::PartsBelowTotal(gap) => *gap,
        }
    }
}

/// Why no breakdown could be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BreakdownError {
    /// An amount or the currency is missing or invalid.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// A quantity below 1.
    #[error("{field}: quantity must be at least 1, found {quantity}")]
    InvalidQuantity {
        /// e.g. `details[0].quantity`.
        field: String,
        /// The value sent.
        quantity: i64,
    },
    /// The discount is larger than the line's amount × quantity.
    #[error("{field}: discount is larger than the line amount")]
    DiscountExceedsLine {
        /// e.g. `details[0].discount_amount`.
        field: String,
    },
    /// A tax rate above 100 %.
    #[error("tax.rate: must be between 0 and 100, found {rate}")]
    TaxRateOutOfRange {
        /// The rate sent.
        rate: Decimal,
    },
}

impl Breakdown {
    /// Breaks an invoice down. Fails only on missing or invalid data; parts
    /// that merely fail to add up are reported through [`Breakdown::reconciles`].
    pub fn from_invoice(invoice: &Invoice) -> Result<Breakdown, BreakdownError> {
        let currency = invoice.parsed_currency()?;
        let total = invoice.parsed_amount()?;
        let lines = invoice
            .details
            .iter()
            .enumerate()
            .map(|(index, detail)| line(index, detail, currency))
            .collect::<Result<Vec<_>, _>>()?;
        let shipping = optional_money(
            "shipping.amount",
            invoice.shipping.as_ref().and_then(|s| s.amount.as_ref()),
            currency,
        )?;

        let itemised = !lines.is_empty();
        let mut subtotal = Money::zero(currency);
        for line in &lines {
            subtotal = subtotal.checked_add(&line.total)?;
        }
        let tax_net_of = if itemised {
            TaxBase::Subtotal(subtotal)
        } else {
            TaxBase::InclusiveAmount(
                total
                    .checked_sub(&shipping)
                    .unwrap_or(Money::zero(currency)),
            )
        };
        let (tax, tax_basis) = tax(invoice.tax.as_ref(), currency, tax_net_of)?;
        let tax_and_shipping = tax.checked_add(&shipping)?;

        let difference = if itemised {
            gap(&subtotal.checked_add(&tax_and_shipping)?, &total)?
        } else {
            match total.checked_sub(&tax_and_shipping) {
                Ok(implied) => {
                    subtotal = implied;
                    None
                }
                Err(MoneyError::NegativeResult) => gap(&tax_and_shipping, &total)?,
                Err(other) => return Err(other.into()),
            }
        };

        Ok(Breakdown {
            currency,
            lines,
            itemised,
            subtotal,
            tax,
            tax_basis,
            shipping,
            total,
            reconciles: difference.is_none(),
            difference,
        })
    }
}

/// What a tax rate applies to.
enum TaxBase {
    /// Pre-tax item total: tax = base × rate / 100.
    Subtotal(Money),
    /// Tax-inclusive amount: tax = base × rate / (100 + rate).
    InclusiveAmount(Money),
}

fn line(
    index: usize,
    detail: &InvoiceDetail,
    currency: Currency,
) -> Result<BreakdownLine, BreakdownError> {
    let field = |name: &str| format!("details[{index}].{name}");
    let unit_amount = match &detail.amount {
        Some(amount) => amount.to_money(&field("amount"), currency)?,
        None => {
            return Err(MoneyError::Missing {
                field: field("amount"),
            }
            .into())
        }
    };
    let quantity = match detail.quantity {
        None => 1,
        Some(quantity) => u64::try_from(quantity)
            .ok()
            .filter(|&q| q >= 1)
            .ok_or_else(|| BreakdownError::InvalidQuantity {
                field: field("quantity"),
                quantity,
            })?,
    };
    let discount = optional_money(
        &field("discount_amount"),
        detail.discount_amount.as_ref(),
        currency,
    )?;
    let gross = unit_amount.checked_mul_quantity(quantity)?;
    let total = gross.checked_sub(&discount).map_err(|error| match error {
        MoneyError::NegativeResult => BreakdownError::DiscountExceedsLine {
            field: field("discount_amount"),
        },
        other => other.into(),
    })?;
    Ok(BreakdownLine {
        id: detail.id.clone(),
        name: detail.name.clone(),
        quantity,
        unit_amount,
        discount,
        total,
    })
}

fn tax(
    tax: Option<&InvoiceTax>,
    currency: Currency,
    base: TaxBase,
) -> Result<(Money, TaxBasis), BreakdownError> {
    let Some(tax) = tax else {
        return Ok((Money::zero(currency), TaxBasis::None));
    };
    let rate = match &tax.rate {
        Some(rate) => {
            let rate = rate.to_decimal("tax.rate")?;
            if rate > Decimal::ONE_HUNDRED {
                return Err(BreakdownError::TaxRateOutOfRange { rate });
            }
            Some(rate)
        }
        None => None,
    };
    if let Some(amount) = &tax.amount {
        return Ok((amount.to_money("tax.amount", currency)?, TaxBasis::Amount));
    }
    let Some(rate) = rate else {
        return Ok((Money::zero(currency), TaxBasis::None));
    };
    let (base, divisor) = match base {
        TaxBase::Subtotal(net) => (net, Decimal::ONE_HUNDRED),
        TaxBase::InclusiveAmount(gross) => (
            gross,
            Decimal::ONE_HUNDRED
                .checked_add(rate)
                .ok_or(MoneyError::Overflow)?,
        ),
    };
    let quotient = rate_share(base.amount(), rate, divisor, currency.minor_units())?;
    let rounded = quotient.round_dp_with_strategy(
        currency.minor_units(),
        RoundingStrategy::MidpointAwayFromZero,
    );
    Ok((
        Money::from_decimal("tax.rate", rounded, currency)?,
        TaxBasis::Rate(rate),
    ))
}

/// Digits kept beyond the minor unit before rounding; enough that a quotient
/// rounded to 28 significant digits cannot be pushed across a rounding midpoint.
const GUARD_DIGITS: u32 = 6;

/// `base × rate / divisor`, refusing inputs so large that `rust_decimal` would
/// have to drop the digits the final rounding depends on.
fn rate_share(
    base: Decimal,
    rate: Decimal,
    divisor: Decimal,
    minor_units: u32,
) -> Result<Decimal, MoneyError> {
    let product = base.checked_mul(rate).ok_or(MoneyError::Overflow)?;
    let product_is_exact =
        product.is_zero() || product.scale() == base.scale().saturating_add(rate.scale());
    let quotient = product.checked_div(divisor).ok_or(MoneyError::Overflow)?;
    let division_is_exact = quotient.checked_mul(divisor) == Some(product);
    let enough_digits = quotient.scale() >= minor_units.saturating_add(GUARD_DIGITS);
    if product_is_exact && (division_is_exact || enough_digits) {
        Ok(quotient)
    } else {
        Err(MoneyError::Overflow)
    }
}

fn optional_money(
    field: &str,
    value: Option<&WireDecimal>,
    currency: Currency,
) -> Result<Money, MoneyError> {
    match value {
        Some(value) => value.to_money(field, currency),
        None => Ok(Money::zero(currency)),
    }
}

/// `None` when `parts` equals `total`, otherwise which way and by how much they differ.
fn gap(parts: &Money, total: &Money) -> Result<Option<Difference>, MoneyError> {
    match parts.checked_sub(total) {
        Ok(excess) if excess.is_zero() => Ok(None),
        Ok(excess) => Ok(Some(Difference::PartsExceedTotal(excess))),
        Err(MoneyError::NegativeResult) => {
            Ok(Some(Difference::PartsBelowTotal(total.checked_sub(parts)?)))
        }
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breakdown(json: &str) -> Result<Breakdown, BreakdownError> {
        Breakdown::from_invoice(&serde_json::from_str::<Invoice>(json).unwrap())
    }

    fn s(money: &Money) -> String {
        money.to_wire_string()
    }

    #[test]
    fn itemised_invoice_that_adds_up() {
        let b = breakdown(
            r#"{"amount": "25.60", "currency": "EUR",
                "details": [
                    {"id": "d1", "name": "Mug", "amount": "8.00", "quantity": 2},
                    {"name": "Coaster", "amount": "3.00", "discount_amount": "1.00"}
                ],
                "tax": {"rate": "20"}, "shipping": {"amount": "4.00"}}"#,
        )
        .unwrap();
        assert!(b.itemised);
        assert_eq!(b.lines.len(), 2);
        assert_eq!(b.lines[0].id.as_deref(), Some("d1"));
        assert_eq!(b.lines[0].quantity, 2);
        assert_eq!(s(&b.lines[0].total), "16.00");
        assert_eq!(b.lines[1].quantity, 1);
        assert_eq!(s(&b.lines[1].discount), "1.00");
        assert_eq!(s(&b.lines[1].total), "2.00");
        assert_eq!(s(&b.subtotal), "18.00");
        assert_eq!(s(&b.tax), "3.60");
        assert_eq!(b.tax_basis, TaxBasis::Rate(Decimal::from(20)));
        assert_eq!(s(&b.shipping), "4.00");
        assert_eq!(s(&b.total), "25.60");
        assert!(b.reconciles);
        assert_eq!(b.difference, None);
    }

    #[test]
    fn parts_below_total_are_flagged_not_hidden() {
        let b = breakdown(
            r#"{"amount": "10.00", "currency": "USD",
                "details": [{"amount": "9.00"}], "tax": {"amount": "0.50"}}"#,
        )
        .unwrap();
        assert!(!b.reconciles);
        assert_eq!(s(&b.total), "10.00");
        match b.difference {
            Some(Difference::PartsBelowTotal(gap)) => assert_eq!(s(&gap), "0.50"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn parts_above_total_are_flagged() {
        let b = breakdown(
            r#"{"amount": "10.00", "currency": "USD",
                "details": [{"amount": "10.00"}], "shipping": {"amount": "2.00"}}"#,
        )
        .unwrap();
        assert_eq!(
            b.difference
                .map(|d| (matches!(d, Difference::PartsExceedTotal(_)), s(&d.amount()))),
            Some((true, "2.00".to_string()))
        );
    }

    #[test]
    fn tax_amount_is_part_of_the_total_not_added_on_top() {
        let b = breakdown(
            r#"{"amount": "12.00", "currency": "GBP",
                "details": [{"amount": "10.00"}], "tax": {"amount": "2.00", "rate": "20"}}"#,
        )
        .unwrap();
        assert_eq!(b.tax_basis, TaxBasis::Amount);
        assert!(b.reconciles);
        assert_eq!(s(&b.total), "12.00");
    }

    #[test]
    fn seed_style_invoice_without_lines_reconciles() {
        let b = breakdown(
            r#"{"amount": "4.99", "currency": "AUD", "details": null,
                "shipping": {"amount": "0"}, "tax": {"rate": null, "amount": null}}"#,
        )
        .unwrap();
        assert!(!b.itemised);
        assert!(b.reconciles);
        assert_eq!(s(&b.subtotal), "4.99");
        assert!(b.tax.is_zero() && b.shipping.is_zero());
        assert_eq!(b.tax_basis, TaxBasis::None);
    }

    #[test]
    fn rate_without_lines_extracts_the_included_tax() {
        let b = breakdown(
            r#"{"amount": "125.00", "currency": "EUR", "tax": {"rate": "25"},
                "shipping": {"amount": "5.00"}}"#,
        )
        .unwrap();
        // (125 − 5) × 25 / 125 = 24
        assert_eq!(s(&b.tax), "24.00");
        assert_eq!(s(&b.subtotal), "96.00");
        assert!(b.reconciles);
    }

    #[test]
    fn rate_tax_rounds_half_away_from_zero_to_the_minor_unit() {
        // 0.10 × 25 % = 0.025 → 0.03
        let b = breakdown(
            r#"{"amount": "0.13", "currency": "USD", "details": [{"amount": "0.10"}], "tax": {"rate": "25"}}"#,
        )
        .unwrap();
        assert_eq!(s(&b.tax), "0.03");
        assert!(b.reconciles);
        // JPY has no minor unit: 101 × 10 % = 10.1 → 10
        let b = breakdown(
            r#"{"amount": "111", "currency": "JPY", "details": [{"amount": "101"}], "tax": {"rate": "10"}}"#,
        )
        .unwrap();
        assert_eq!(s(&b.tax), "10");
        assert!(b.reconciles);
    }

    #[test]
    fn tax_and_shipping_larger_than_amount_without_lines() {
        let b = breakdown(
            r#"{"amount": "5.00", "currency": "USD", "tax": {"amount": "3.00"}, "shipping": {"amount": "4.00"}}"#,
        )
        .unwrap();
        assert!(!b.reconciles);
        assert!(b.subtotal.is_zero());
        assert_eq!(
            b.difference,
            Some(Difference::PartsExceedTotal(
                Money::parse("x", "2.00", b.currency).unwrap()
            ))
        );
    }

    #[test]
    fn three_decimal_currency_keeps_every_digit() {
        let b = breakdown(
            r#"{"amount": "3.705", "currency": "KWD",
                "details": [{"amount": "1.235", "quantity": "3"}]}"#,
        )
        .unwrap();
        assert_eq!(s(&b.subtotal), "3.705");
        assert!(b.reconciles);
        assert_eq!(b.total.to_minor_units(), Ok(3705));
    }

    #[test]
    fn errors_name_the_offending_line() {
        let cases = [
            (
                r#"{"amount": "1", "currency": "USD", "details": [{"amount": "1"}, {"name": "x"}]}"#,
                BreakdownError::Money(MoneyError::Missing {
                    field: "details[1].amount".into(),
                }),
            ),
            (
                r#"{"amount": "1", "currency": "USD", "details": [{"amount": "1", "quantity": 0}]}"#,
                BreakdownError::InvalidQuantity {
                    field: "details[0].quantity".into(),
                    quantity: 0,
                },
            ),
            (
                r#"{"amount": "1", "currency": "USD", "details": [{"amount": "1", "quantity": -2}]}"#,
                BreakdownError::InvalidQuantity {
                    field: "details[0].quantity".into(),
                    quantity: -2,
                },
            ),
            (
                r#"{"amount": "1", "currency": "USD", "details": [{"amount": "1", "discount_amount": "1.01"}]}"#,
                BreakdownError::DiscountExceedsLine {
                    field: "details[0].discount_amount".into(),
                },
            ),
            (
                r#"{"amount": "1", "currency": "USD", "tax": {"rate": "100.01"}}"#,
                BreakdownError::TaxRateOutOfRange {
                    rate: Decimal::new(10001, 2),
                },
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(breakdown(json), Err(expected), "{json}");
        }
        let err = breakdown(r#"{"amount": "1", "currency": "USD", "shipping": {"amount": "-1"}}"#)
            .unwrap_err();
        assert_eq!(err.to_string(), "shipping.amount: is negative");
        let err =
            breakdown(r#"{"amount": "1", "currency": "USD", "tax": {"amount": "1", "rate": "x"}}"#)
                .unwrap_err();
        assert_eq!(
            err.to_string(),
            "tax.rate: is not a decimal number like 4.99"
        );
    }

    #[test]
    fn missing_amount_or_currency_is_an_error() {
        assert_eq!(
            breakdown(r#"{"currency": "USD"}"#),
            Err(BreakdownError::Money(MoneyError::Missing {
                field: "amount".into()
            }))
        );
        assert_eq!(
            breakdown(r#"{"amount": "1"}"#),
            Err(BreakdownError::Money(MoneyError::Missing {
                field: "currency".into()
            }))
        );
    }

    #[test]
    fn rate_tax_on_huge_amounts_refuses_rather_than_misrounds() {
        // 24-digit subtotal × 1/3 % leaves no room below the cent to round correctly.
        let big = "9".repeat(24);
        let json = format!(
            r#"{{"amount": "1", "currency": "USD", "details": [{{"amount": "{big}.99"}}], "tax": {{"rate": "33.3333"}}}}"#
        );
        assert_eq!(
            breakdown(&json),
            Err(BreakdownError::Money(MoneyError::Overflow))
        );
        // An everyday rate that does not divide evenly still works.
        let b = breakdown(
            r#"{"amount": "10.33", "currency": "USD", "details": [{"amount": "10.00"}], "tax": {"rate": "3.3333"}}"#,
        )
        .unwrap();
        assert_eq!(s(&b.tax), "0.33");
        assert!(b.reconciles);
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let big = "9".repeat(24);
        let json = format!(
            r#"{{"amount": "1", "currency": "USD", "details": [{{"amount": "{big}", "quantity": 9223372036854775807}}]}}"#
        );
        assert_eq!(
            breakdown(&json),
            Err(BreakdownError::Money(MoneyError::Overflow))
        );
    }
}
