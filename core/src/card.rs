//! Card fields as the customer types them: number, expiry, security code and
//! cardholder name.
//!
//! These checks only catch typos before anything leaves the browser; the
//! gateway and the issuer still have the final say. The widget shows the
//! returned [`CardError`] next to its field once the customer leaves it.
//!
//! ```
//! use checkout_core::card::{format_number, validate_expiry, validate_number, Brand};
//!
//! assert_eq!(format_number("4242-4242 4242 4242"), "4242 4242 4242 4242");
//! assert_eq!(validate_number("3782 822463 10005"), Ok(Brand::Amex));
//! let error = validate_expiry("03/26", 2026, 4).unwrap_err();
//! assert_eq!(error.message_key(), "card.expiry.past");
//! ```
//!
//! Brands are told apart by the leading digits (the issuer identification
//! number, IIN). The first matching row wins; a number shorter than a row's
//! prefix never matches it, so "3" stays [`Brand::Unknown`] until the second
//! digit arrives.
//!
//! | brand | IIN prefixes | lengths | groups | CVC |
//! |---|---|---|---|---|
//! | Visa | 4 | 13, 16, 19 | 4-4-4-4 (19: 4-4-4-4-3) | 3 |
//! | Mastercard | 51–55, 2221–2720 | 16 | 4-4-4-4 | 3 |
//! | American Express | 34, 37 | 15 | 4-6-5 | 4 |
//! | Discover | 6011, 644–649, 65 | 16–19 | 4-4-4-4 (17+: 4-4-4-4-3) | 3 |
//! | Diners Club | 300–305, 3095, 36, 38–39 | 14–19 | 4-6-4 (15+: 4-4-4-4-3) | 3 |
//! | JCB | 3528–3589 | 16–19 | 4-4-4-4 (17+: 4-4-4-4-3) | 3 |
//! | UnionPay | 62, 81 | 16–19 | 4-4-4-4 (17+: 4-4-4-4-3) | 3 |
//! | unknown | anything else | 12–19 | 4-4-4-4 (17+: 4-4-4-4-3) | 3 |
//!
//! Sources: the IIN table of the Wikipedia article "Payment card number" and
//! Discover Global Network's published IIN ranges, which also list the Diners
//! Club International, JCB and UnionPay ranges accepted on that network. The
//! 2221–2720 Mastercard range is the "2-series" added alongside 51–55.
//!
//! Discover's table also lists 622126–622925: these are UnionPay cards that
//! the Discover network accepts. They are reported as [`Brand::UnionPay`],
//! the issuing network, because the whole 62 block belongs to UnionPay and
//! both brands share lengths, grouping and CVC length, so nothing the
//! customer sees depends on the choice.
//!
//! Numbers of an unknown brand (Maestro, RuPay, Mir, …) are accepted when
//! they have 12 to 19 digits and pass the Luhn check: refusing them here
//! would turn away cards the merchant may well accept.
//!
//! The full number never appears in an error or in `Debug` output:
//! [`CardError`] holds no input at all, and [`CardNumber`] shows only its
//! last four digits.

use std::fmt;

/// A card network, as far as the leading digits tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Brand {
    /// Visa.
    Visa,
    /// Mastercard, including the 2-series.
    Mastercard,
    /// American Express.
    Amex,
    /// Discover.
    Discover,
    /// Diners Club International.
    DinersClub,
    /// JCB.
    Jcb,
    /// UnionPay, including the ranges co-branded with Discover.
    UnionPay,
    /// Not (yet) recognisable: too few digits, or a network not listed here.
    Unknown,
}

impl Brand {
    /// Every brand, in declaration order.
    pub const ALL: [Brand; 8] = [
        Brand::Visa,
        Brand::Mastercard,
        Brand::Amex,
        Brand::Discover,
        Brand::DinersClub,
        Brand::Jcb,
        Brand::UnionPay,
        Brand::Unknown,
    ];

    /// A stable lowercase identifier, e.g. for an icon's file name.
    pub fn as_str(self) -> &'static str {
        match self {
            Brand::Visa => "visa",
            Brand::Mastercard => "mastercard",
            Brand::Amex => "amex",
            Brand::Discover => "discover",
            Brand::DinersClub => "diners",
            Brand::Jcb => "jcb",
            Brand::UnionPay => "unionpay",
            Brand::Unknown => "unknown",
        }
    }

    /// The number lengths this brand issues, ascending.
    pub fn valid_lengths(self) -> &'static [usize] {
        match self {
            Brand::Visa => &[13, 16, 19],
            Brand::Mastercard => &[16],
            Brand::Amex => &[15],
            Brand::Discover | Brand::Jcb | Brand::UnionPay => &[16, 17, 18, 19],
            Brand::DinersClub => &[14, 15, 16, 17, 18, 19],
            // ISO/IEC 7812 allows up to 19 digits; below 12 is not a payment card.
            Brand::Unknown => &[12, 13, 14, 15, 16, 17, 18, 19],
        }
    }

    /// The longest valid length: where typing stops.
    pub fn max_length(self) -> usize {
        self.valid_lengths().last().copied().unwrap_or(MAX_DIGITS)
    }

    /// Digits in the security code: 4 for American Express, 3 otherwise.
    pub fn cvc_length(self) -> usize {
        match self {
            Brand::Amex => 4,
            _ => 3,
        }
    }

    /// Group sizes for showing a number of this brand with `digit_count`
    /// digits so far.
    ///
    /// The count matters because Diners Club prints 14-digit numbers as
    /// 4-6-4 but longer ones in fours, and 17 to 19 digits need a fifth group.
    pub fn groups(self, digit_count: usize) -> &'static [usize] {
        match self {
            Brand::Amex => &[4, 6, 5],
            Brand::DinersClub if digit_count <= 14 => &[4, 6, 4],
            _ if digit_count <= 16 => &[4, 4, 4, 4],
            _ => &[4, 4, 4, 4, 3],
        }
    }
}

/// Longest card number of any brand (ISO/IEC 7812).
pub const MAX_DIGITS: usize = 19;

/// Longest cardholder name, in characters. Embossed names are far shorter;
/// the limit only stops pasted junk.
pub const NAME_MAX_CHARS: usize = 80;

/// How many years ahead an expiry may be. Cards are issued for a few years,
/// so a date further out is a typo.
pub const EXPIRY_MAX_YEARS_AHEAD: u16 = 20;

/// One IIN rule: numbers whose first `prefix_len` digits lie in `low..=high`.
struct IinRange {
    brand: Brand,
    prefix_len: usize,
    low: u32,
    high: u32,
}

const fn iin(brand: Brand, prefix_len: usize, low: u32, high: u32) -> IinRange {
    IinRange {
        brand,
        prefix_len,
        low,
        high,
    }
}

/// The table in the module documentation. No two rows overlap, so the order
/// only matters for readability; the Discover/UnionPay co-branded block is
/// left to UnionPay's 62 row on purpose.
const IIN_RANGES: &[IinRange] = &[
    iin(Brand::Visa, 1, 4, 4),
    iin(Brand::Mastercard, 2, 51, 55),
    iin(Brand::Mastercard, 4, 2221, 2720),
    iin(Brand::Amex, 2, 34, 34),
    iin(Brand::Amex, 2, 37, 37),
    iin(Brand::Discover, 4, 6011, 6011),
    iin(Brand::Discover, 3, 644, 649),
    iin(Brand::Discover, 2, 65, 65),
    iin(Brand::DinersClub, 3, 300, 305),
    iin(Brand::DinersClub, 4, 3095, 3095),
    iin(Brand::DinersClub, 2, 36, 36),
    iin(Brand::DinersClub, 2, 38, 39),
    iin(Brand::Jcb, 4, 3528, 3589),
    iin(Brand::UnionPay, 2, 62, 62),
    iin(Brand::UnionPay, 2, 81, 81),
];

// The field names the widget gives its inputs.
const NUMBER: &str = "number";
const EXPIRY: &str = "expiry";
const CVC: &str = "cvc";
const NAME: &str = "name";

/// What is wrong with a card field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardErrorKind {
    /// Nothing was entered.
    Missing,
    /// Too short: the customer probably stopped typing too early.
    Incomplete,
    /// Longer than the field can be.
    TooLong,
    /// A character the field never contains, such as a letter in the number.
    InvalidCharacter,
    /// The number's check digit (Luhn) is wrong, which is what a typo gives.
    Checksum,
    /// The expiry is not shaped like MM/YY.
    Malformed,
    /// The expiry month is not 1 to 12.
    InvalidMonth,
    /// The expiry month is over.
    Expired,
    /// The expiry is more than [`EXPIRY_MAX_YEARS_AHEAD`] years away.
    TooFarAhead,
    /// The name has no letter in it.
    NoLetters,
}

/// A card field the customer has to correct. Holds no input, so logging it
/// cannot leak a card number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CardError {
    /// `"number"`, `"expiry"`, `"cvc"` or `"name"`.
    pub field: &'static str,
    /// What is wrong.
    pub kind: CardErrorKind,
}

impl CardError {
    fn new(field: &'static str, kind: CardErrorKind) -> Self {
        Self { field, kind }
    }

    /// The stable key the widget translates, e.g. `card.number.invalid`.
    ///
    /// Keys are coarser than [`CardErrorKind`]: the customer fixes a
    /// checksum failure and a stray letter the same way. An error built by
    /// hand with another field name gets `card.invalid`.
    pub fn message_key(&self) -> &'static str {
        use CardErrorKind as K;
        match (self.field, self.kind) {
            (NUMBER, K::Missing) => "card.number.missing",
            (NUMBER, K::Incomplete) => "card.number.incomplete",
            (NUMBER, _) => "card.number.invalid",
            (EXPIRY, K::Missing) => "card.expiry.missing",
            (EXPIRY, K::Incomplete) => "card.expiry.incomplete",
            (EXPIRY, K::Expired) => "card.expiry.past",
            (EXPIRY, _) => "card.expiry.invalid",
            (CVC, K::Missing) => "card.cvc.missing",
            (CVC, K::Incomplete) => "card.cvc.incomplete",
            (CVC, _) => "card.cvc.invalid",
            (NAME, K::Missing) => "card.name.missing",
            (NAME, _) => "card.name.invalid",
            _ => "card.invalid",
        }
    }

    /// English text to show until a translation of [`Self::message_key`] exists.
    pub fn english(&self) -> &'static str {
        english_for(self.message_key())
    }
}

/// Every key [`CardError::message_key`] can return, with its English text.
pub const MESSAGES: &[(&str, &str)] = &[
    ("card.number.missing", "Enter your card number."),
    ("card.number.incomplete", "Your card number is incomplete."),
    ("card.number.invalid", "Your card number is not valid."),
    ("card.expiry.missing", "Enter your card's expiry date."),
    (
        "card.expiry.incomplete",
        "Your card's expiry date is incomplete.",
    ),
    (
        "card.expiry.past",
        "Your card's expiry date is in the past.",
    ),
    (
        "card.expiry.invalid",
        "Your card's expiry date is not valid.",
    ),
    ("card.cvc.missing", "Enter your card's security code."),
    (
        "card.cvc.incomplete",
        "Your card's security code is incomplete.",
    ),
    (
        "card.cvc.invalid",
        "Your card's security code is not valid.",
    ),
    ("card.name.missing", "Enter the name on your card."),
    (
        "card.name.invalid",
        "Enter the name as it is written on your card.",
    ),
    ("card.invalid", "Please check your card details."),
];

/// The keys of [`MESSAGES`] alone, in the same order: what the checkout needs to pass the
/// card frame its language's texts, without carrying the English ones (the frame has them).
pub const MESSAGE_KEYS: &[&str] = &[
    "card.number.missing",
    "card.number.incomplete",
    "card.number.invalid",
    "card.expiry.missing",
    "card.expiry.incomplete",
    "card.expiry.past",
    "card.expiry.invalid",
    "card.cvc.missing",
    "card.cvc.incomplete",
    "card.cvc.invalid",
    "card.name.missing",
    "card.name.invalid",
    "card.invalid",
];

fn english_for(key: &str) -> &'static str {
    MESSAGES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("Please check your card details.", |(_, text)| text)
}

impl fmt::Display for CardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.english())
    }
}

impl std::error::Error for CardError {}

/// A card number that passed [`CardNumber::parse`].
///
/// `Debug` shows the brand and last four digits only, so the number can sit
/// in state that gets logged.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber {
    digits: String,
    brand: Brand,
}

impl CardNumber {
    /// Checks a number as typed or pasted: spaces and dashes are ignored,
    /// any other non-digit is refused, then length for the brand and Luhn.
    pub fn parse(input: &str) -> Result<Self, CardError> {
        let error = |kind| CardError::new(NUMBER, kind);
        if input
            .chars()
            .any(|c| !(c.is_ascii_digit() || is_separator(c)))
        {
            return Err(error(CardErrorKind::InvalidCharacter));
        }
        let digits = digits_only(input);
        if digits.is_empty() {
            return Err(error(CardErrorKind::Missing));
        }
        let brand = detect_brand(&digits);
        let count = digits.len();
        if count > brand.max_length() {
            return Err(error(CardErrorKind::TooLong));
        }
        if !brand.valid_lengths().contains(&count) {
            return Err(error(CardErrorKind::Incomplete));
        }
        if !luhn_valid(&digits) {
            return Err(error(CardErrorKind::Checksum));
        }
        Ok(Self { digits, brand })
    }

    /// The digits, for the tokenisation request and nothing else.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The brand the number belongs to.
    pub fn brand(&self) -> Brand {
        self.brand
    }

    /// The last four digits, which may be shown and logged.
    pub fn last4(&self) -> &str {
        let start = self.digits.len().saturating_sub(4);
        self.digits.get(start..).unwrap_or("")
    }

    /// The number as the customer may see it in a summary, e.g. `•••• 4242`.
    pub fn masked(&self) -> String {
        format!("•••• {}", self.last4())
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardNumber")
            .field("brand", &self.brand)
            .field("last4", &self.last4())
            .finish()
    }
}

/// Characters a pasted number may be split with.
fn is_separator(c: char) -> bool {
    c == '-' || c.is_whitespace()
}

/// The ASCII digits of `input`, in order; everything else is dropped, so a
/// pasted "4242-4242 4242 4242" becomes 16 digits.
pub fn digits_only(input: &str) -> String {
    input.chars().filter(char::is_ascii_digit).collect()
}

/// The brand whose IIN range `digits` starts with (see the module table).
///
/// Characters other than ASCII digits are skipped, so a formatted number
/// gives the same answer as its digits.
pub fn detect_brand(digits: &str) -> Brand {
    let leading: Vec<u32> = digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .take(6)
        .collect();
    IIN_RANGES
        .iter()
        .find(|range| {
            prefix_value(&leading, range.prefix_len)
                .is_some_and(|value| (range.low..=range.high).contains(&value))
        })
        .map_or(Brand::Unknown, |range| range.brand)
}

/// The first `len` digits read as a number, or `None` if there are fewer.
fn prefix_value(digits: &[u32], len: usize) -> Option<u32> {
    digits.get(..len)?.iter().try_fold(0_u32, |value, &digit| {
        value.checked_mul(10)?.checked_add(digit)
    })
}

/// Whether `digits` passes the Luhn check. Anything but ASCII digits, or an
/// empty string, fails; lengths are [`validate_number`]'s business.
pub fn luhn_valid(digits: &str) -> bool {
    // Each digit doubled, with the two digits of the product added.
    const DOUBLED: [u32; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    if digits.is_empty() {
        return false;
    }
    let sum = digits
        .chars()
        .rev()
        .enumerate()
        .try_fold(0_u32, |sum, (position, c)| {
            let digit = c.to_digit(10)?;
            let value = if position % 2 == 1 {
                DOUBLED.get(usize::try_from(digit).ok()?).copied()?
            } else {
                digit
            };
            // Only the last digit of the sum matters, and keeping it below 10
            // means no input is long enough to overflow.
            Some(sum.checked_add(value)? % 10)
        });
    sum == Some(0)
}

/// The number grouped for display while typing, e.g. "4242 4242 4242 4242"
/// or "3782 822463 10005", cut at the brand's longest length.
pub fn format_number(input: &str) -> String {
    let digits = digits_only(input);
    let brand = detect_brand(&digits);
    let count = digits.len().min(brand.max_length());
    let groups = brand.groups(count);
    let mut formatted = String::with_capacity(count.saturating_add(groups.len()));
    let mut group_starts = groups.iter().scan(0_usize, |end, &size| {
        *end = end.saturating_add(size);
        Some(*end)
    });
    let mut next_start = group_starts.next();
    for (index, digit) in digits.chars().take(count).enumerate() {
        if Some(index) == next_start {
            formatted.push(' ');
            next_start = group_starts.next();
        }
        formatted.push(digit);
    }
    formatted
}

/// Where the caret belongs in [`format_number`]'s output, given its position
/// in the raw input (both counted in characters).
///
/// The caret stays after the same digit, so typing or pasting in the middle
/// does not throw it to the end; a caret after a trailing space or past the
/// brand's longest length lands after the last digit kept.
pub fn caret_after_format(input: &str, caret: usize) -> usize {
    caret_in(input, caret, &format_number(input))
}

/// Where a caret at `caret` (in characters) of `input` belongs in `formatted`,
/// the same text reformatted: after the same count of digits, or at the end
/// when it was at the end of the input.
pub fn caret_in(input: &str, caret: usize, formatted: &str) -> usize {
    if caret >= input.chars().count() {
        return formatted.chars().count();
    }
    let digits_before = input
        .chars()
        .take(caret)
        .filter(char::is_ascii_digit)
        .count();
    if digits_before == 0 {
        return 0;
    }
    let mut seen = 0_usize;
    for (c, end) in formatted.chars().zip(1_usize..) {
        if c.is_ascii_digit() {
            seen = seen.saturating_add(1);
            if seen == digits_before {
                return end;
            }
        }
    }
    formatted.chars().count()
}

/// The expiry shaped as MM/YY while the customer types: digits only, a
/// leading 0 for a month that cannot have two digits ("4" gives "04"), and
/// the slash once the year starts, so deleting back over it never sticks.
/// An autofilled "12/2030" or "1/30" becomes "12/30" or "01/30".
pub fn format_expiry(input: &str) -> String {
    let (month, year) = match input.split_once(['/', '-']) {
        Some((month, year)) => {
            let month = digits_only(month);
            let month = if month.len() == 1 {
                "0".to_string() + &month
            } else {
                month
            };
            let year = digits_only(year);
            // A four-digit year typed or autofilled after the separator: keep YY.
            let year = match year.len() {
                4 => year.get(2..).unwrap_or_default().to_string(),
                _ => year,
            };
            (month, year)
        }
        None => {
            let digits = digits_only(input);
            let digits = match digits.chars().next() {
                Some(first) if first > '1' => "0".to_string() + &digits,
                _ => digits,
            };
            let year = digits.get(2..).unwrap_or_default().to_string();
            (digits.chars().take(2).collect(), year)
        }
    };
    let month: String = month.chars().take(2).collect();
    let year: String = year.chars().take(2).collect();
    if year.is_empty() {
        month
    } else {
        month + "/" + &year
    }
}

/// The security code while the customer types: digits only, at most the
/// brand's length (4 while the brand is not known yet).
pub fn format_cvc(input: &str, brand: Brand) -> String {
    let max = match brand {
        Brand::Unknown => 4,
        known => known.cvc_length(),
    };
    digits_only(input).chars().take(max).collect()
}

/// The four card fields as typed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CardInput<'a> {
    /// Card number, with or without spaces.
    pub number: &'a str,
    /// Expiry, e.g. "12/30".
    pub expiry: &'a str,
    /// Security code.
    pub cvc: &'a str,
    /// Cardholder name.
    pub name: &'a str,
}

impl fmt::Debug for CardInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardInput { .. }")
    }
}

/// A card that passed every check, ready to tokenize. `Debug` shows the
/// brand and last four digits only.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidCard {
    /// The number.
    pub number: CardNumber,
    /// Expiry month, 1 to 12.
    pub exp_month: u8,
    /// Four-digit expiry year.
    pub exp_year: u16,
    /// Security code, digits only.
    pub cvc: String,
    /// Name as on the card, trimmed.
    pub name: String,
}

impl fmt::Debug for ValidCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidCard")
            .field("number", &self.number)
            .field("exp_month", &self.exp_month)
            .field("exp_year", &self.exp_year)
            .finish_non_exhaustive()
    }
}

/// Checks all four fields at once, so the customer sees every problem after
/// one press of Pay. Errors come in field order (number, expiry, CVC, name);
/// the CVC is checked against the number's brand.
pub fn validate_card(
    input: CardInput<'_>,
    today_year: u16,
    today_month: u8,
) -> Result<ValidCard, Vec<CardError>> {
    let number = CardNumber::parse(input.number);
    let brand = detect_brand(input.number);
    let expiry = validate_expiry(input.expiry, today_year, today_month);
    let cvc = validate_cvc(input.cvc, brand);
    let name = validate_name(input.name);
    match (number, expiry, cvc, name) {
        (Ok(number), Ok((exp_month, exp_year)), Ok(()), Ok(())) => Ok(ValidCard {
            number,
            exp_month,
            exp_year,
            cvc: input.cvc.trim().to_string(),
            name: input.name.trim().to_string(),
        }),
        (number, expiry, cvc, name) => Err([number.err(), expiry.err(), cvc.err(), name.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// The field a tokenization error from the provider belongs to, as the
/// [`CardError`] to show there; `None` for errors about the card as a whole.
pub fn provider_error(error_type: &str) -> Option<CardError> {
    use CardErrorKind as K;
    let (field, kind) = match error_type {
        "card.missing-number" => (NUMBER, K::Missing),
        "card.invalid-number" => (NUMBER, K::Checksum),
        "card.missing-expiry" => (EXPIRY, K::Missing),
        "card.invalid-expiry-date" | "card.invalid-expiry-month" | "card.invalid-expiry-year" => {
            (EXPIRY, K::Malformed)
        }
        "card.expired" => (EXPIRY, K::Expired),
        "card.missing-cvc" => (CVC, K::Missing),
        "card.invalid-cvc" => (CVC, K::InvalidCharacter),
        "card.invalid-name" => (NAME, K::InvalidCharacter),
        _ => return None,
    };
    Some(CardError::new(field, kind))
}

/// Checks a card number and returns its brand; see [`CardNumber::parse`].
pub fn validate_number(input: &str) -> Result<Brand, CardError> {
    CardNumber::parse(input).map(|number| number.brand())
}

/// Reads an expiry as `(month, four-digit year)`.
///
/// Accepted: "MM/YY", "MM / YY", "MM-YY", "MM YY", "MMYY", "MM/YYYY" and
/// "MMYYYY". With a separator the month may have one digit ("1/30"), which
/// is unambiguous; without one it must have two. Two-digit years are in
/// 2000–2099.
pub fn parse_expiry(input: &str) -> Result<(u8, u16), CardError> {
    let error = |kind| CardError::new(EXPIRY, kind);
    let text = input.trim();
    if text.is_empty() {
        return Err(error(CardErrorKind::Missing));
    }
    let (month_text, year_text) = match text
        .split_once(['/', '-'])
        .or_else(|| text.split_once(char::is_whitespace))
    {
        Some((month, year)) => (month.trim(), year.trim()),
        None if !all_digits(text) => return Err(error(CardErrorKind::Malformed)),
        None => match text.len() {
            0..=3 => return Err(error(CardErrorKind::Incomplete)),
            4 | 6 => text
                .split_at_checked(2)
                .ok_or(error(CardErrorKind::Malformed))?,
            _ => return Err(error(CardErrorKind::Malformed)),
        },
    };
    if !all_digits(month_text) || !all_digits(year_text) || month_text.len() > 2 {
        return Err(error(CardErrorKind::Malformed));
    }
    let month = match month_text.parse::<u8>() {
        Ok(month @ 1..=12) => month,
        Ok(_) => return Err(error(CardErrorKind::InvalidMonth)),
        Err(_) => return Err(error(CardErrorKind::Incomplete)),
    };
    let year = match year_text.len() {
        0 | 1 => return Err(error(CardErrorKind::Incomplete)),
        2 => year_text
            .parse::<u16>()
            .ok()
            .and_then(|short| short.checked_add(2000)),
        4 => year_text.parse::<u16>().ok(),
        _ => None,
    }
    .ok_or(error(CardErrorKind::Malformed))?;
    Ok((month, year))
}

/// Parses an expiry and checks it against today's month: the current month
/// is still valid (cards expire at its end), an earlier one is not, and more
/// than [`EXPIRY_MAX_YEARS_AHEAD`] years ahead is refused as a typo.
///
/// `today_year` and `today_month` come from the caller because this crate
/// reads no clock.
pub fn validate_expiry(
    input: &str,
    today_year: u16,
    today_month: u8,
) -> Result<(u8, u16), CardError> {
    let (month, year) = parse_expiry(input)?;
    if (year, month) < (today_year, today_month) {
        return Err(CardError::new(EXPIRY, CardErrorKind::Expired));
    }
    if year > today_year.saturating_add(EXPIRY_MAX_YEARS_AHEAD) {
        return Err(CardError::new(EXPIRY, CardErrorKind::TooFarAhead));
    }
    Ok((month, year))
}

/// Checks a security code: exactly [`Brand::cvc_length`] ASCII digits,
/// ignoring spaces around it.
pub fn validate_cvc(input: &str, brand: Brand) -> Result<(), CardError> {
    let error = |kind| Err(CardError::new(CVC, kind));
    let code = input.trim();
    if code.is_empty() {
        return error(CardErrorKind::Missing);
    }
    if !all_digits(code) {
        return error(CardErrorKind::InvalidCharacter);
    }
    match code.len().cmp(&brand.cvc_length()) {
        std::cmp::Ordering::Less => error(CardErrorKind::Incomplete),
        std::cmp::Ordering::Greater => error(CardErrorKind::TooLong),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

/// Checks a cardholder name: something besides spaces, at most
/// [`NAME_MAX_CHARS`] characters, no control characters, and at least one
/// letter (so a card number typed into the wrong field is caught). Any
/// script is fine; digits and punctuation may appear beside letters.
pub fn validate_name(input: &str) -> Result<(), CardError> {
    let error = |kind| Err(CardError::new(NAME, kind));
    let name = input.trim();
    if name.is_empty() {
        return error(CardErrorKind::Missing);
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return error(CardErrorKind::TooLong);
    }
    if name.chars().any(is_control) {
        return error(CardErrorKind::InvalidCharacter);
    }
    if !name.chars().any(is_letter_like) {
        return error(CardErrorKind::NoLetters);
    }
    Ok(())
}

/// Unicode's control characters (general category Cc), without `char::is_control`'s table.
fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}')
}

/// An ASCII letter, or any non-ASCII character that is not a space or a control. Close
/// enough to "a letter" to catch a number typed into the name field, without carrying
/// Unicode's alphabetic table (about 4 KB) into the widget's wasm.
fn is_letter_like(c: char) -> bool {
    c.is_ascii_alphabetic() || (!c.is_ascii() && !c.is_whitespace() && !is_control(c))
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}
