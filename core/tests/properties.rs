//! Property tests: amount text round-trips exactly, and nothing built from
//! hostile input can panic (a panic would kill the WebAssembly widget).

use checkout_core::money::parse_decimal;
use checkout_core::wire::{decode_reply, ErrorBody, Invoice, InvoiceResponse};
use checkout_core::{Breakdown, Currency, Difference, Money};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A currency whose minor unit has `exponent` digits (ISO has none with 1).
fn currency_with_exponent(exponent: u32) -> Option<Currency> {
    let code = match exponent {
        0 => "JPY",
        2 => "USD",
        3 => "KWD",
        4 => "CLF",
        _ => return None,
    };
    Some(Currency::parse("currency", code).unwrap())
}

/// `minor` written with exactly `exponent` decimals, as ProcessOut would.
fn amount_text(minor: u64, exponent: u32) -> String {
    let factor = 10_u64.pow(exponent);
    if exponent == 0 {
        minor.to_string()
    } else {
        format!(
            "{}.{:0width$}",
            minor / factor,
            minor % factor,
            width = exponent as usize
        )
    }
}

proptest! {
    #[test]
    fn amount_text_round_trips_for_every_exponent(minor in any::<u64>(), exponent in 0_u32..=4) {
        let text = amount_text(minor, exponent);
        let usd = Currency::parse("currency", "USD").unwrap();
        let money = Money::parse("amount", &text, usd).unwrap();
        prop_assert_eq!(money.to_wire_string(), text.clone());
        prop_assert_eq!(money.amount().scale(), exponent);

        if let Some(currency) = currency_with_exponent(exponent) {
            let money = Money::parse("amount", &text, currency).unwrap();
            let as_minor = money.to_minor_units();
            if let Ok(minor_i64) = i64::try_from(minor) {
                prop_assert_eq!(as_minor, Ok(minor_i64));
                let back = Money::from_minor_units(minor_i64, currency).unwrap();
                prop_assert_eq!(back.to_wire_string(), text);
            } else {
                prop_assert!(as_minor.is_err());
            }
        }
    }

    #[test]
    fn parse_decimal_never_panics_and_accepts_only_canonical_shapes(text in ".{0,40}") {
        if let Ok(value) = parse_decimal("amount", &text) {
            prop_assert!(value.scale() <= 4);
            prop_assert!(!value.is_sign_negative() || value.is_zero());
            prop_assert!(text.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
            // The canonical form parses back to the same value and scale.
            let again = parse_decimal("amount", &value.to_string()).unwrap();
            prop_assert_eq!(again, value);
            prop_assert_eq!(again.scale(), value.scale());
        }
    }

    #[test]
    fn numeric_looking_text_never_panics(text in "[-+]?[0-9]{0,30}(\\.[0-9]{0,8})?([eE][-+]?[0-9]{0,3})?") {
        let _ = parse_decimal("amount", &text);
    }

    #[test]
    fn arbitrary_bytes_never_panic_as_invoice_or_error_body(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<Invoice>(&bytes);
        let _ = serde_json::from_slice::<ErrorBody>(&bytes);
        let _ = decode_reply::<InvoiceResponse>(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics_as_invoice_or_error_body(value in json_value()) {
        let text = value.to_string();
        if let Ok(invoice) = serde_json::from_str::<Invoice>(&text) {
            let _ = Breakdown::from_invoice(&invoice);
            let _ = checkout_core::limits::invoice_limit_violations(&invoice);
        }
        if let Ok(error) = serde_json::from_str::<ErrorBody>(&text) {
            let _ = error.code().advice();
        }
        let _ = decode_reply::<InvoiceResponse>(text.as_bytes());
    }

    #[test]
    fn breakdown_never_panics_and_its_flag_tells_the_truth(invoice in invoice_json()) {
        // Out-of-range quantities are refused while deserialising; that is a fine outcome too.
        let Ok(invoice) = serde_json::from_value::<Invoice>(invoice) else { return Ok(()) };
        let Ok(b) = Breakdown::from_invoice(&invoice) else { return Ok(()) };

        prop_assert_eq!(b.reconciles, b.difference.is_none());
        prop_assert_eq!(b.itemised, !b.lines.is_empty());
        let mut sum = Money::zero(b.currency);
        for line in &b.lines {
            let gross = line.unit_amount.checked_mul_quantity(line.quantity).unwrap();
            prop_assert_eq!(line.total.checked_add(&line.discount).unwrap(), gross);
            sum = sum.checked_add(&line.total).unwrap();
        }
        let parts = b.subtotal.checked_add(&b.tax).unwrap().checked_add(&b.shipping).unwrap();
        match b.difference {
            None => prop_assert_eq!(parts, b.total),
            Some(Difference::PartsExceedTotal(gap)) => {
                prop_assert!(!gap.is_zero());
                prop_assert_eq!(b.total.checked_add(&gap).unwrap(), parts);
            }
            Some(Difference::PartsBelowTotal(gap)) => {
                prop_assert!(!gap.is_zero());
                prop_assert_eq!(parts.checked_add(&gap).unwrap(), b.total);
            }
        }
        if b.itemised {
            prop_assert_eq!(sum, b.subtotal);
        }
        prop_assert_eq!(b.total, invoice.parsed_amount().unwrap());
    }
}

/// Amount texts: mostly valid, sometimes hostile.
fn amount() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (0_u64..100_000_000, 0_u32..=4).prop_map(|(m, e)| json!(amount_text(m, e))),
        1 => Just(json!(format!("{}.9999", "9".repeat(24)))),
        1 => Just(Value::Null),
        1 => "[-0-9.eE ]{0,12}".prop_map(Value::String),
    ]
}

fn quantity() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (1_i64..20).prop_map(|q| json!(q)),
        1 => any::<i64>().prop_map(|q| json!(q)),
        1 => Just(json!(u64::MAX)),
        1 => Just(Value::Null),
        1 => Just(json!("3")),
    ]
}

/// Half arbitrary invoices, half invoices whose parts add up by construction
/// (or miss by one minor unit either way).
fn invoice_json() -> impl Strategy<Value = Value> {
    prop_oneof![arbitrary_invoice_json(), consistent_invoice_json()]
}

fn consistent_invoice_json() -> impl Strategy<Value = Value> {
    let line =
        (0_u64..1_000_000, 1_u64..10, 0_u64..=100).prop_map(|(unit, quantity, percent_off)| {
            let discount = unit * quantity * percent_off / 100;
            (unit, quantity, discount)
        });
    (
        prop_oneof![
            Just(("JPY", 0)),
            Just(("USD", 2)),
            Just(("KWD", 3)),
            Just(("CLF", 4))
        ],
        proptest::collection::vec(line, 0..5),
        0_u64..100_000,
        0_u64..100_000,
        any::<bool>(),
        prop_oneof![3 => Just(0_i8), 1 => Just(1), 1 => Just(-1)],
    )
        .prop_map(
            |((code, exponent), lines, tax, shipping, tax_as_amount, nudge)| {
                let net: u64 = lines.iter().map(|(u, q, d)| u * q - d).sum();
                let total = net + tax + shipping;
                let details: Vec<Value> = lines
                    .iter()
                    .map(|(u, q, d)| {
                        json!({"amount": amount_text(*u, exponent), "quantity": q,
                           "discount_amount": amount_text(*d, exponent)})
                    })
                    .collect();
                // A zero rate keeps the rate path reachable without rounding noise.
                let tax_json = if tax_as_amount {
                    json!({"amount": amount_text(tax, exponent)})
                } else {
                    json!({"rate": "0"})
                };
                let total = if tax_as_amount { total } else { total - tax };
                let total = match nudge {
                    1 => total + 1,
                    -1 => total.saturating_sub(1),
                    _ => total,
                };
                json!({
                    "amount": amount_text(total, exponent),
                    "currency": code,
                    "details": details,
                    "tax": tax_json,
                    "shipping": {"amount": amount_text(shipping, exponent)},
                })
            },
        )
}

fn arbitrary_invoice_json() -> impl Strategy<Value = Value> {
    let detail = (amount(), quantity(), amount()).prop_map(|(amount, quantity, discount)| {
        json!({"name": "item", "amount": amount, "quantity": quantity, "discount_amount": discount})
    });
    let currency = prop_oneof![
        Just(json!("USD")),
        Just(json!("JPY")),
        Just(json!("KWD")),
        Just(json!("CLF")),
        Just(json!("XAU")),
        Just(json!("???")),
        Just(Value::Null),
    ];
    let rate = prop_oneof![
        Just(Value::Null),
        (0_u32..=10_000).prop_map(|r| json!(amount_text(u64::from(r), 2))),
        Just(json!("100.0001")),
    ];
    (
        amount(),
        currency,
        proptest::collection::vec(detail, 0..5),
        amount(),
        rate,
        amount(),
    )
        .prop_map(
            |(amount, currency, details, tax_amount, tax_rate, shipping)| {
                json!({
                    "amount": amount,
                    "currency": currency,
                    "details": details,
                    "tax": {"amount": tax_amount, "rate": tax_rate},
                    "shipping": {"amount": shipping},
                })
            },
        )
}

/// JSON values whose keys are often the invoice's own field names, so that
/// generated documents reach deep into the wire types.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("amount".to_string()),
        Just("currency".to_string()),
        Just("details".to_string()),
        Just("quantity".to_string()),
        Just("discount_amount".to_string()),
        Just("tax".to_string()),
        Just("rate".to_string()),
        Just("shipping".to_string()),
        Just("metadata".to_string()),
        Just("success".to_string()),
        Just("error_type".to_string()),
        Just("invalid_fields".to_string()),
        Just("transaction".to_string()),
        Just("status".to_string()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (0_u64..1_000_000, 0_u32..=6).prop_map(|(m, e)| json!(amount_text(m, e))),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Guards the property above against passing vacuously: the generator must
/// produce plenty of invoices that break down, both reconciling and not.
#[test]
fn invoice_generator_reaches_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = invoice_json();
    let (mut reconciling, mut not_reconciling, mut failing) = (0, 0, 0);
    for _ in 0..500 {
        let value = strategy.new_tree(&mut runner).unwrap().current();
        match serde_json::from_value::<Invoice>(value).map(|i| Breakdown::from_invoice(&i)) {
            Ok(Ok(b)) if b.reconciles => reconciling += 1,
            Ok(Ok(_)) => not_reconciling += 1,
            _ => failing += 1,
        }
    }
    assert!(reconciling >= 25, "reconciling: {reconciling}");
    assert!(not_reconciling >= 25, "not reconciling: {not_reconciling}");
    assert!(failing >= 25, "failing: {failing}");
}
