//! Card fields from issue 7: Luhn, brand ranges and lengths, grouping and
//! caret positions while typing, expiry, security code, name, and that no
//! card number leaks into errors or `Debug` output.

use checkout_core::card::{
    caret_after_format, caret_in, detect_brand, digits_only, format_cvc, format_expiry,
    format_number, luhn_valid, parse_expiry, provider_error, validate_card, validate_cvc,
    validate_expiry, validate_name, validate_number, Brand, CardError, CardErrorKind, CardInput,
    CardNumber, MESSAGES, MESSAGE_KEYS,
};
use proptest::prelude::*;

/// Sandbox test cards and the brand each belongs to.
const TEST_CARDS: &[(&str, Brand)] = &[
    ("4242424242424242", Brand::Visa),
    ("4000000000002206", Brand::Visa),
    ("5555555555554444", Brand::Mastercard),
    ("2223003122003222", Brand::Mastercard),
    ("378282246310005", Brand::Amex),
    ("6011111111111117", Brand::Discover),
    ("3056930009020004", Brand::DinersClub),
    ("36227206271667", Brand::DinersClub),
    ("3566002020360505", Brand::Jcb),
    ("6200000000000005", Brand::UnionPay),
];

/// `prefix` padded with zeros to `len` digits, with the Luhn check digit last.
fn luhn_number(prefix: &str, len: usize) -> String {
    let body = format!("{prefix:0<width$}", width = len - 1);
    (0..=9)
        .map(|check| format!("{body}{check}"))
        .find(|candidate| luhn_valid(candidate))
        .unwrap()
}

fn kind_of<T: std::fmt::Debug>(result: Result<T, CardError>) -> CardErrorKind {
    result.unwrap_err().kind
}

#[test]
fn luhn_table() {
    for &(number, _) in TEST_CARDS {
        assert!(luhn_valid(number), "{number} should pass");
        // Any single changed digit breaks the check.
        let last = number.chars().last().unwrap().to_digit(10).unwrap();
        let changed = format!("{}{}", &number[..number.len() - 1], (last + 1) % 10);
        assert!(!luhn_valid(&changed), "{changed} should fail");
    }
    let cases: &[(&str, bool)] = &[
        ("79927398713", true),
        ("79927398710", false),
        ("4242424242424241", false),
        ("1234567812345670", true),
        ("1234567812345678", false),
        // Two swapped neighbours (a common typo) are caught here.
        ("4242424242422442", false),
        ("0", true),
        ("18", true),
        ("10", false),
        ("", false),
        ("4242 4242 4242 4242", false),
        ("4242-4242-4242-4242", false),
        ("42424242424242a2", false),
        // Arabic-Indic digits are digits to Unicode but not on a card.
        ("٤٢٤٢", false),
    ];
    for &(digits, expected) in cases {
        assert_eq!(luhn_valid(digits), expected, "luhn {digits:?}");
    }
}

#[test]
fn brand_table_covers_every_range_edge() {
    let cases: &[(&str, Brand)] = &[
        ("", Brand::Unknown),
        ("0", Brand::Unknown),
        ("1", Brand::Unknown),
        ("4", Brand::Visa),
        ("49", Brand::Visa),
        // Mastercard 2-series.
        ("2", Brand::Unknown),
        ("222", Brand::Unknown),
        ("2220", Brand::Unknown),
        ("2221", Brand::Mastercard),
        ("2500", Brand::Mastercard),
        ("2720", Brand::Mastercard),
        ("2721", Brand::Unknown),
        ("2221000000000009", Brand::Mastercard),
        ("2721000000000004", Brand::Unknown),
        // Mastercard 51-55.
        ("5", Brand::Unknown),
        ("50", Brand::Unknown),
        ("51", Brand::Mastercard),
        ("55", Brand::Mastercard),
        ("56", Brand::Unknown),
        // Amex.
        ("3", Brand::Unknown),
        ("33", Brand::Unknown),
        ("34", Brand::Amex),
        ("35", Brand::Unknown),
        ("37", Brand::Amex),
        // Discover.
        ("6", Brand::Unknown),
        ("601", Brand::Unknown),
        ("6010", Brand::Unknown),
        ("6011", Brand::Discover),
        ("6012", Brand::Unknown),
        ("643", Brand::Unknown),
        ("644", Brand::Discover),
        ("649", Brand::Discover),
        ("650", Brand::Discover),
        ("65", Brand::Discover),
        ("66", Brand::Unknown),
        // UnionPay, including the block co-branded with Discover.
        ("61", Brand::Unknown),
        ("62", Brand::UnionPay),
        ("622125", Brand::UnionPay),
        ("622126", Brand::UnionPay),
        ("622925", Brand::UnionPay),
        ("63", Brand::Unknown),
        ("80", Brand::Unknown),
        ("81", Brand::UnionPay),
        ("82", Brand::Unknown),
        // JCB.
        ("3527", Brand::Unknown),
        ("3528", Brand::Jcb),
        ("3589", Brand::Jcb),
        ("3590", Brand::Unknown),
        // Diners Club.
        ("30", Brand::Unknown),
        ("299", Brand::Unknown),
        ("300", Brand::DinersClub),
        ("305", Brand::DinersClub),
        ("306", Brand::Unknown),
        ("3094", Brand::Unknown),
        ("3095", Brand::DinersClub),
        ("3096", Brand::Unknown),
        ("36", Brand::DinersClub),
        ("38", Brand::DinersClub),
        ("39", Brand::DinersClub),
        // Formatted input is read by its digits.
        ("2 2 2 1", Brand::Mastercard),
        ("3782 822463 10005", Brand::Amex),
    ];
    for &(digits, expected) in cases {
        assert_eq!(detect_brand(digits), expected, "brand of {digits:?}");
    }
}

#[test]
fn test_cards_validate_to_their_brand() {
    for &(number, brand) in TEST_CARDS {
        assert_eq!(validate_number(number), Ok(brand), "{number}");
        let parsed = CardNumber::parse(number).unwrap();
        assert_eq!(parsed.digits(), number);
        assert_eq!(parsed.brand(), brand);
    }
}

#[test]
fn brand_facts_table() {
    let cases: &[(Brand, &str, &[usize], usize)] = &[
        (Brand::Visa, "visa", &[13, 16, 19], 3),
        (Brand::Mastercard, "mastercard", &[16], 3),
        (Brand::Amex, "amex", &[15], 4),
        (Brand::Discover, "discover", &[16, 17, 18, 19], 3),
        (Brand::DinersClub, "diners", &[14, 15, 16, 17, 18, 19], 3),
        (Brand::Jcb, "jcb", &[16, 17, 18, 19], 3),
        (Brand::UnionPay, "unionpay", &[16, 17, 18, 19], 3),
        (
            Brand::Unknown,
            "unknown",
            &[12, 13, 14, 15, 16, 17, 18, 19],
            3,
        ),
    ];
    assert_eq!(cases.len(), Brand::ALL.len());
    for &(brand, id, lengths, cvc) in cases {
        assert_eq!(brand.as_str(), id);
        assert_eq!(brand.valid_lengths(), lengths, "{id}");
        assert_eq!(brand.max_length(), *lengths.last().unwrap(), "{id}");
        assert_eq!(brand.cvc_length(), cvc, "{id}");
    }
}

#[test]
fn groups_table() {
    let cases: &[(Brand, usize, &[usize])] = &[
        (Brand::Visa, 16, &[4, 4, 4, 4]),
        (Brand::Visa, 13, &[4, 4, 4, 4]),
        (Brand::Visa, 19, &[4, 4, 4, 4, 3]),
        (Brand::Mastercard, 16, &[4, 4, 4, 4]),
        (Brand::Amex, 15, &[4, 6, 5]),
        (Brand::Amex, 3, &[4, 6, 5]),
        (Brand::DinersClub, 14, &[4, 6, 4]),
        (Brand::DinersClub, 16, &[4, 4, 4, 4]),
        (Brand::DinersClub, 19, &[4, 4, 4, 4, 3]),
        (Brand::Discover, 17, &[4, 4, 4, 4, 3]),
        (Brand::Unknown, 0, &[4, 4, 4, 4]),
    ];
    for &(brand, count, expected) in cases {
        assert_eq!(
            brand.groups(count),
            expected,
            "{brand:?} with {count} digits"
        );
    }
}

#[test]
fn every_brand_accepts_exactly_its_lengths() {
    let prefixes: &[(Brand, &str)] = &[
        (Brand::Visa, "4"),
        (Brand::Mastercard, "51"),
        (Brand::Mastercard, "2720"),
        (Brand::Amex, "37"),
        (Brand::Discover, "6011"),
        (Brand::Discover, "65"),
        (Brand::DinersClub, "36"),
        (Brand::Jcb, "3528"),
        (Brand::UnionPay, "62"),
        (Brand::Unknown, "9"),
    ];
    for &(brand, prefix) in prefixes {
        for len in 8..=22 {
            let number = luhn_number(prefix, len);
            let result = validate_number(&number);
            if brand.valid_lengths().contains(&len) {
                assert_eq!(result, Ok(brand), "{brand:?} with {len} digits");
            } else if len > brand.max_length() {
                assert_eq!(kind_of(result), CardErrorKind::TooLong, "{number}");
            } else {
                assert_eq!(kind_of(result), CardErrorKind::Incomplete, "{number}");
            }
        }
    }
}

#[test]
fn number_error_table() {
    let cases: &[(&str, CardErrorKind, &str)] = &[
        ("", CardErrorKind::Missing, "card.number.missing"),
        (" - ", CardErrorKind::Missing, "card.number.missing"),
        (
            "4242 4242",
            CardErrorKind::Incomplete,
            "card.number.incomplete",
        ),
        // 14 digits: Visa has no such length and 16 is still to come.
        (
            "42424242424242",
            CardErrorKind::Incomplete,
            "card.number.incomplete",
        ),
        (
            "4242424242424241",
            CardErrorKind::Checksum,
            "card.number.invalid",
        ),
        (
            "37828224631000",
            CardErrorKind::Incomplete,
            "card.number.incomplete",
        ),
        (
            "3782822463100050",
            CardErrorKind::TooLong,
            "card.number.invalid",
        ),
        (
            "55555555555544440",
            CardErrorKind::TooLong,
            "card.number.invalid",
        ),
        (
            "4242 4242 4242 424x",
            CardErrorKind::InvalidCharacter,
            "card.number.invalid",
        ),
        (
            "4242.4242.4242.4242",
            CardErrorKind::InvalidCharacter,
            "card.number.invalid",
        ),
        // Unknown brand: 12 to 19 digits with a valid check digit.
        (
            "12345678903",
            CardErrorKind::Incomplete,
            "card.number.incomplete",
        ),
        (
            "1234567812345678",
            CardErrorKind::Checksum,
            "card.number.invalid",
        ),
    ];
    for &(input, kind, key) in cases {
        let error = validate_number(input).unwrap_err();
        assert_eq!((error.field, error.kind), ("number", kind), "{input:?}");
        assert_eq!(error.message_key(), key, "{input:?}");
    }
}

#[test]
fn pasted_numbers_with_separators_validate() {
    let cases: &[(&str, Brand)] = &[
        ("4242-4242 4242 4242", Brand::Visa),
        ("4242-4242-4242-4242", Brand::Visa),
        (" 4242 4242 4242 4242\n", Brand::Visa),
        ("4242\u{a0}4242\u{a0}4242\u{a0}4242", Brand::Visa),
        ("3782 822463 10005", Brand::Amex),
        ("1234 5678 1234 5670", Brand::Unknown),
        ("123456789015", Brand::Unknown),
    ];
    for &(input, brand) in cases {
        assert_eq!(validate_number(input), Ok(brand), "{input:?}");
    }
}

#[test]
fn digits_only_table() {
    let cases: &[(&str, &str)] = &[
        ("4242-4242 4242 4242", "4242424242424242"),
        ("", ""),
        ("abc", ""),
        ("4a2b", "42"),
        ("٤٢", ""),
        (" 1 2 3 ", "123"),
    ];
    for &(input, expected) in cases {
        assert_eq!(digits_only(input), expected, "{input:?}");
    }
}

#[test]
fn format_table() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("abc", ""),
        ("4", "4"),
        ("4242", "4242"),
        ("4242 ", "4242"),
        ("42424", "4242 4"),
        ("4242424242424242", "4242 4242 4242 4242"),
        ("4242-4242 4242 4242", "4242 4242 4242 4242"),
        ("4242424242424", "4242 4242 4242 4"),
        ("4242424242424242424", "4242 4242 4242 4242 424"),
        // Cut at the brand's longest length.
        ("42424242424242424242", "4242 4242 4242 4242 424"),
        ("55555555555544441", "5555 5555 5555 4444"),
        ("378282246310005", "3782 822463 10005"),
        ("3782822463", "3782 822463"),
        ("37828224631", "3782 822463 1"),
        ("3782822463100059", "3782 822463 10005"),
        ("36227206271667", "3622 720627 1667"),
        ("3622720627", "3622 720627"),
        ("3056930009020004", "3056 9300 0902 0004"),
        ("6200000000000005", "6200 0000 0000 0005"),
        ("1234567890123456789012", "1234 5678 9012 3456 789"),
    ];
    for &(input, expected) in cases {
        assert_eq!(format_number(input), expected, "{input:?}");
    }
}

#[test]
fn caret_table() {
    // (raw input after the keystroke, caret in it, caret in the formatted text)
    let cases: &[(&str, usize, usize)] = &[
        ("", 0, 0),
        ("4", 1, 1),
        ("4242", 0, 0),
        ("4242", 4, 4),
        // The fifth digit starts a new group: the caret jumps the space.
        ("42424", 5, 6),
        // A 9 typed into the middle of "4242 4242" at position 5.
        ("4242 94242", 6, 6),
        // A 9 typed before the space of "4242 4242".
        ("424294242", 5, 6),
        // The space deleted with backspace: the caret stays after the 4th digit.
        ("42424242", 4, 4),
        // A caret just after a space sits after the digit before it.
        ("4242 4242", 5, 4),
        ("4242-4242 4242 4242", 19, 19),
        ("4242-4242", 6, 6),
        ("3782822463", 10, 11),
        ("37828224631", 11, 13),
        // Past the end of the input.
        ("4242", 99, 4),
        // Digits beyond the brand's longest length are cut; so is the caret.
        ("55555555555544441", 17, 19),
        ("4a2", 2, 1),
        ("é4", 1, 0),
        ("é4", 2, 1),
    ];
    for &(input, caret, expected) in cases {
        assert_eq!(
            caret_after_format(input, caret),
            expected,
            "{input:?} caret {caret} -> {:?}",
            format_number(input)
        );
    }
}

#[test]
fn expiry_table() {
    // Today is April 2026.
    let accepted: &[(&str, (u8, u16))] = &[
        ("04/26", (4, 2026)),
        ("4/26", (4, 2026)),
        ("04 / 26", (4, 2026)),
        ("0426", (4, 2026)),
        ("04/2026", (4, 2026)),
        ("042026", (4, 2026)),
        ("04-26", (4, 2026)),
        ("04 26", (4, 2026)),
        (" 12/30 ", (12, 2030)),
        ("1/30", (1, 2030)),
        ("05/26", (5, 2026)),
        ("01/27", (1, 2027)),
        ("12/46", (12, 2046)),
    ];
    for &(input, expected) in accepted {
        assert_eq!(validate_expiry(input, 2026, 4), Ok(expected), "{input:?}");
    }
    let refused: &[(&str, CardErrorKind, &str)] = &[
        ("03/26", CardErrorKind::Expired, "card.expiry.past"),
        ("12/25", CardErrorKind::Expired, "card.expiry.past"),
        ("04/1999", CardErrorKind::Expired, "card.expiry.past"),
        ("01/47", CardErrorKind::TooFarAhead, "card.expiry.invalid"),
        ("13/30", CardErrorKind::InvalidMonth, "card.expiry.invalid"),
        ("00/30", CardErrorKind::InvalidMonth, "card.expiry.invalid"),
        ("0/30", CardErrorKind::InvalidMonth, "card.expiry.invalid"),
        ("", CardErrorKind::Missing, "card.expiry.missing"),
        ("   ", CardErrorKind::Missing, "card.expiry.missing"),
        ("1", CardErrorKind::Incomplete, "card.expiry.incomplete"),
        ("12", CardErrorKind::Incomplete, "card.expiry.incomplete"),
        // Without a separator three digits are ambiguous: 1/30 or 13/0?
        ("130", CardErrorKind::Incomplete, "card.expiry.incomplete"),
        ("12/", CardErrorKind::Incomplete, "card.expiry.incomplete"),
        ("12/3", CardErrorKind::Incomplete, "card.expiry.incomplete"),
        ("/30", CardErrorKind::Incomplete, "card.expiry.incomplete"),
        ("12/300", CardErrorKind::Malformed, "card.expiry.invalid"),
        ("12/20300", CardErrorKind::Malformed, "card.expiry.invalid"),
        ("12345", CardErrorKind::Malformed, "card.expiry.invalid"),
        ("1234567", CardErrorKind::Malformed, "card.expiry.invalid"),
        ("123/30", CardErrorKind::Malformed, "card.expiry.invalid"),
        ("ab/cd", CardErrorKind::Malformed, "card.expiry.invalid"),
        ("12/30/30", CardErrorKind::Malformed, "card.expiry.invalid"),
        ("12.30", CardErrorKind::Malformed, "card.expiry.invalid"),
        ("１２/３０", CardErrorKind::Malformed, "card.expiry.invalid"),
    ];
    for &(input, kind, key) in refused {
        let error = validate_expiry(input, 2026, 4).unwrap_err();
        assert_eq!((error.field, error.kind), ("expiry", kind), "{input:?}");
        assert_eq!(error.message_key(), key, "{input:?}");
    }
}

#[test]
fn expiry_around_the_turn_of_the_year() {
    let cases: &[(&str, u16, u8, bool)] = &[
        ("12/26", 2026, 12, true),
        ("11/26", 2026, 12, false),
        ("01/27", 2026, 12, true),
        ("12/26", 2027, 1, false),
        ("01/27", 2027, 1, true),
        ("12/46", 2026, 12, true),
        ("01/47", 2026, 12, false),
    ];
    for &(input, year, month, ok) in cases {
        assert_eq!(
            validate_expiry(input, year, month).is_ok(),
            ok,
            "{input} in {month}/{year}"
        );
    }
}

#[test]
fn parse_expiry_reads_two_digit_years_in_this_century() {
    assert_eq!(parse_expiry("01/00"), Ok((1, 2000)));
    assert_eq!(parse_expiry("01/99"), Ok((1, 2099)));
    assert_eq!(parse_expiry("01/2100"), Ok((1, 2100)));
}

#[test]
fn cvc_table() {
    let cases: &[(&str, Brand, Option<CardErrorKind>)] = &[
        ("123", Brand::Visa, None),
        (" 123 ", Brand::Visa, None),
        ("123", Brand::Unknown, None),
        ("1234", Brand::Amex, None),
        ("1234", Brand::Visa, Some(CardErrorKind::TooLong)),
        ("123", Brand::Amex, Some(CardErrorKind::Incomplete)),
        ("12", Brand::Mastercard, Some(CardErrorKind::Incomplete)),
        ("", Brand::Visa, Some(CardErrorKind::Missing)),
        ("  ", Brand::Amex, Some(CardErrorKind::Missing)),
        ("12a", Brand::Visa, Some(CardErrorKind::InvalidCharacter)),
        ("1 23", Brand::Visa, Some(CardErrorKind::InvalidCharacter)),
        ("١٢٣", Brand::Visa, Some(CardErrorKind::InvalidCharacter)),
    ];
    for &(input, brand, expected) in cases {
        let result = validate_cvc(input, brand);
        assert_eq!(
            result.err().map(|e| e.kind),
            expected,
            "{input:?} {brand:?}"
        );
        if let Err(error) = result {
            assert_eq!(error.field, "cvc");
        }
    }
}

#[test]
fn name_table() {
    let cases: &[(&str, Option<CardErrorKind>)] = &[
        ("Jane Doe", None),
        ("  Jane Doe  ", None),
        ("J", None),
        ("Zoë O'Brien-Müller", None),
        ("李小龍", None),
        ("John Smith 3rd", None),
        ("", Some(CardErrorKind::Missing)),
        ("   ", Some(CardErrorKind::Missing)),
        ("4242 4242 4242 4242", Some(CardErrorKind::NoLetters)),
        ("-.'", Some(CardErrorKind::NoLetters)),
        ("Jane\u{0}Doe", Some(CardErrorKind::InvalidCharacter)),
        ("Jane\nDoe", Some(CardErrorKind::InvalidCharacter)),
        ("Jane\u{85}Doe", Some(CardErrorKind::InvalidCharacter)),
        ("\u{a0}\u{3000}12", Some(CardErrorKind::NoLetters)),
        ("Ω", None),
    ];
    for &(input, expected) in cases {
        let result = validate_name(input);
        assert_eq!(result.err().map(|e| e.kind), expected, "{input:?}");
        if let Err(error) = result {
            assert_eq!(error.field, "name");
        }
    }
}

#[test]
fn name_limit_counts_characters_not_bytes() {
    assert!(validate_name(&"é".repeat(80)).is_ok());
    assert_eq!(
        kind_of(validate_name(&"é".repeat(81))),
        CardErrorKind::TooLong
    );
    // Surrounding spaces do not count.
    assert!(validate_name(&format!("  {}  ", "a".repeat(80))).is_ok());
}

#[test]
fn every_key_has_english_text_and_matches_its_field() {
    let kinds = [
        CardErrorKind::Missing,
        CardErrorKind::Incomplete,
        CardErrorKind::TooLong,
        CardErrorKind::InvalidCharacter,
        CardErrorKind::Checksum,
        CardErrorKind::Malformed,
        CardErrorKind::InvalidMonth,
        CardErrorKind::Expired,
        CardErrorKind::TooFarAhead,
        CardErrorKind::NoLetters,
    ];
    let mut used = Vec::new();
    for field in ["number", "expiry", "cvc", "name"] {
        for kind in kinds {
            let error = CardError { field, kind };
            let key = error.message_key();
            assert!(key.starts_with(&format!("card.{field}.")), "{key}");
            let listed = MESSAGES.iter().find(|(k, _)| *k == key);
            assert_eq!(
                listed.map(|(_, text)| *text),
                Some(error.english()),
                "{key}"
            );
            assert_eq!(error.to_string(), format!("{field}: {}", error.english()));
            used.push(key);
        }
    }
    let stray = CardError {
        field: "postcode",
        kind: CardErrorKind::Missing,
    };
    assert_eq!(stray.message_key(), "card.invalid");
    used.push(stray.message_key());
    // The keys alone (what the checkout passes to the card frame) are the same list.
    let keys: Vec<&str> = MESSAGES.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, MESSAGE_KEYS);
    // No listed message is unreachable, and no two keys share a text.
    for (key, text) in MESSAGES {
        assert!(used.contains(key), "{key} is never returned");
        assert_eq!(
            MESSAGES.iter().filter(|(_, t)| t == text).count(),
            1,
            "{key}"
        );
    }
    assert_eq!(
        CardError {
            field: "expiry",
            kind: CardErrorKind::Expired
        }
        .english(),
        "Your card's expiry date is in the past."
    );
}

/// Every 5-digit window of `digits`: showing any of them would reveal more
/// than the last four.
fn windows(digits: &str) -> Vec<&str> {
    (0..digits.len().saturating_sub(4))
        .map(|start| &digits[start..start + 5])
        .collect()
}

#[test]
fn card_number_debug_and_errors_are_masked() {
    for &(number, brand) in TEST_CARDS {
        let parsed = CardNumber::parse(number).unwrap();
        let debug = format!("{parsed:?}");
        let pretty = format!("{parsed:#?}");
        let last4 = &number[number.len() - 4..];
        assert_eq!(parsed.last4(), last4);
        assert_eq!(parsed.masked(), format!("•••• {last4}"));
        assert!(debug.contains(last4), "{debug}");
        assert!(debug.contains(&format!("{brand:?}")), "{debug}");
        for window in windows(number) {
            assert!(!debug.contains(window), "{debug} shows {window}");
            assert!(!pretty.contains(window), "{pretty} shows {window}");
            assert!(!parsed.masked().contains(window));
        }
    }
    // A typo'd number: the error says what is wrong, never which digits.
    let typo = "4242 4242 4242 4241";
    let error = CardNumber::parse(typo).unwrap_err();
    for shown in [format!("{error:?}"), format!("{error}")] {
        assert!(!shown.chars().any(|c| c.is_ascii_digit()), "{shown}");
    }
}

proptest! {
    #[test]
    fn format_keeps_a_prefix_of_the_digits(input in ".{0,40}") {
        let formatted = format_number(&input);
        let kept = digits_only(&formatted);
        prop_assert!(digits_only(&input).starts_with(&kept));
        prop_assert!(kept.len() <= 19);
        prop_assert!(formatted.bytes().all(|b| b.is_ascii_digit() || b == b' '));
        prop_assert!(!formatted.starts_with(' ') && !formatted.ends_with(' '));
        prop_assert!(!formatted.contains("  "));
        // Formatting is stable: the widget may format its own output again.
        prop_assert_eq!(format_number(&formatted), formatted.clone());
        prop_assert_eq!(detect_brand(&formatted), detect_brand(&input));
    }

    #[test]
    fn pasted_digit_runs_format_and_keep_the_caret_on_its_digit(
        input in "[0-9 -]{0,30}",
        caret in 0_usize..40,
    ) {
        let formatted = format_number(&input);
        let position = caret_after_format(&input, caret);
        prop_assert!(position <= formatted.chars().count());
        let digits_before_caret = input.chars().take(caret).filter(char::is_ascii_digit).count();
        let digits_before_position = formatted.chars().take(position).filter(char::is_ascii_digit).count();
        prop_assert_eq!(digits_before_position, digits_before_caret.min(digits_only(&formatted).len()));
        // The caret never lands after a space.
        prop_assert!(position == 0 || formatted.chars().nth(position - 1) != Some(' '));
    }

    #[test]
    fn caret_never_panics(input in ".{0,40}", caret in any::<usize>()) {
        let position = caret_after_format(&input, caret);
        prop_assert!(position <= format_number(&input).chars().count());
    }

    #[test]
    fn validators_never_panic(input in ".{0,40}", year in any::<u16>(), month in any::<u8>()) {
        let _ = validate_number(&input);
        let _ = parse_expiry(&input);
        let _ = validate_expiry(&input, year, month);
        let _ = validate_name(&input);
        for brand in Brand::ALL {
            let _ = validate_cvc(&input, brand);
        }
        let _ = luhn_valid(&input);
        let _ = detect_brand(&input);
    }

    #[test]
    fn expiry_shaped_text_never_panics(input in "[0-9]{0,5}[/ -]{0,3}[0-9]{0,6}", year in any::<u16>(), month in any::<u8>()) {
        if let Ok((m, y)) = validate_expiry(&input, year, month) {
            prop_assert!((1..=12).contains(&m));
            prop_assert!((y, m) >= (year, month));
        }
    }

    #[test]
    fn no_number_error_reveals_more_than_four_digits(digits in "[0-9]{5,25}") {
        match CardNumber::parse(&digits) {
            Ok(number) => {
                let debug = format!("{number:?}");
                for window in windows(&digits) {
                    prop_assert!(!debug.contains(window));
                }
            }
            Err(error) => {
                let shown = format!("{error:?} {error}");
                prop_assert!(!shown.chars().any(|c| c.is_ascii_digit()));
            }
        }
    }

    #[test]
    fn every_valid_number_survives_formatting(
        brand_prefix in prop::sample::select(vec!["4", "51", "2221", "34", "6011", "644", "305", "3095", "36", "3589", "62", "81", "9"]),
        len in 12_usize..=19,
    ) {
        let number = luhn_number(brand_prefix, len);
        if let Ok(brand) = validate_number(&number) {
            let formatted = format_number(&number);
            prop_assert_eq!(digits_only(&formatted), number.clone());
            prop_assert_eq!(validate_number(&formatted), Ok(brand));
            prop_assert_eq!(caret_after_format(&number, len), formatted.len());
        }
    }
}

#[test]
fn expiry_format_table() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("1", "1"),
        ("4", "04"),
        ("12", "12"),
        ("123", "12/3"),
        ("1230", "12/30"),
        ("12300", "12/30"),
        ("12/", "12"),
        ("12/3", "12/3"),
        ("1/30", "01/30"),
        ("12/2030", "12/30"),
        ("12 / 30", "12/30"),
        ("12-30", "12/30"),
        ("ab12cd30", "12/30"),
        ("930", "09/30"),
    ];
    for &(input, expected) in cases {
        assert_eq!(format_expiry(input), expected, "{input:?}");
    }
    // Whatever the formatter produces for a complete date reads back as that date.
    assert_eq!(parse_expiry(&format_expiry("1/2031")), Ok((1, 2031)));
    assert_eq!(parse_expiry(&format_expiry("1231")), Ok((12, 2031)));
}

#[test]
fn caret_in_keeps_the_caret_after_the_same_digit() {
    // (input, caret, formatted, expected caret)
    let cases: &[(&str, usize, &str, usize)] = &[
        ("123", 3, "12/3", 4),
        ("1230", 1, "12/30", 1),
        ("1230", 2, "12/30", 2),
        ("12/30", 4, "12/30", 4),
        ("", 0, "", 0),
    ];
    for &(input, caret, formatted, expected) in cases {
        assert_eq!(
            caret_in(input, caret, formatted),
            expected,
            "{input:?}@{caret}"
        );
    }
}

#[test]
fn cvc_format_caps_digits_by_brand() {
    assert_eq!(format_cvc("12a34", Brand::Visa), "123");
    assert_eq!(format_cvc("12345", Brand::Amex), "1234");
    assert_eq!(format_cvc("12345", Brand::Unknown), "1234");
    assert_eq!(format_cvc(" 9 ", Brand::Mastercard), "9");
}

fn card<'a>(number: &'a str, expiry: &'a str, cvc: &'a str, name: &'a str) -> CardInput<'a> {
    CardInput {
        number,
        expiry,
        cvc,
        name,
    }
}

#[test]
fn a_whole_valid_card_is_ready_to_tokenize() {
    let valid = validate_card(
        card("4242 4242 4242 4242", "12/30", "123", "  Ada Lovelace "),
        2026,
        11,
    )
    .unwrap();
    assert_eq!(valid.number.digits(), "4242424242424242");
    assert_eq!((valid.exp_month, valid.exp_year), (12, 2030));
    assert_eq!(valid.cvc, "123");
    assert_eq!(valid.name, "Ada Lovelace");
    let debug = format!("{valid:?}");
    assert!(
        !debug.contains("42424242") && !debug.contains("123"),
        "{debug}"
    );
    assert!(debug.contains("4242"), "{debug}");
    // Amex wants four digits.
    let amex = validate_card(card("3782 822463 10005", "11/26", "1234", "A B"), 2026, 11);
    assert_eq!(amex.map(|c| c.number.brand()), Ok(Brand::Amex));
}

#[test]
fn every_bad_field_is_reported_in_field_order() {
    let errors =
        validate_card(card("4242 4242 4242 4241", "10/26", "12", ""), 2026, 11).unwrap_err();
    let keys: Vec<_> = errors.iter().map(CardError::message_key).collect();
    assert_eq!(
        keys,
        [
            "card.number.invalid",
            "card.expiry.past",
            "card.cvc.incomplete",
            "card.name.missing"
        ]
    );
    // A three-digit code is short for Amex, so the CVC is judged by the number's brand.
    let errors =
        validate_card(card("378282246310005", "12/30", "123", "Ada"), 2026, 11).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message_key(), "card.cvc.incomplete");
    let input = card("4242424242424242", "12/30", "123", "Ada");
    assert_eq!(format!("{input:?}"), "CardInput { .. }");
}

#[test]
fn provider_tokenization_errors_land_on_their_field() {
    let cases: &[(&str, Option<&str>)] = &[
        ("card.invalid-number", Some("card.number.invalid")),
        ("card.missing-number", Some("card.number.missing")),
        ("card.invalid-expiry-month", Some("card.expiry.invalid")),
        ("card.invalid-expiry-year", Some("card.expiry.invalid")),
        ("card.invalid-expiry-date", Some("card.expiry.invalid")),
        ("card.missing-expiry", Some("card.expiry.missing")),
        ("card.expired", Some("card.expiry.past")),
        ("card.invalid-cvc", Some("card.cvc.invalid")),
        ("card.missing-cvc", Some("card.cvc.missing")),
        ("card.invalid-name", Some("card.name.invalid")),
        ("card.declined", None),
        ("request.authentication.invalid", None),
    ];
    for &(code, key) in cases {
        assert_eq!(provider_error(code).map(|e| e.message_key()), key, "{code}");
    }
}
