//! The contract between the checkout (the host widget, in the merchant's page) and the card
//! frame (`card-frame.html`, served from another origin, where the customer types the card).
//!
//! One definition for both sides: the host encodes [`ToFrame`] and decodes [`FromFrame`]; the
//! frame's wasm decodes [`ToFrame`] and encodes [`FromFrame`]. Anything that does not decode
//! is ignored by the receiver, so a lookalike message from another window changes nothing.
//!
//! A message is text: fields separated by U+001F (unit separator), the first one the contract
//! version [`VERSION`], the second the message type. Lists inside a field (the theme, the
//! texts) separate entries by U+001E and a name from its value by U+001D. Text rather than
//! JSON keeps serde out of both wasm bundles; the separators are control characters that
//! [`Init`]'s validation refuses inside any value, so no value can forge a field.
//!
//! ```
//! use checkout_core::frame::{FromFrame, ToFrame};
//!
//! let ask = ToFrame::Tokenize { id: 7 };
//! assert_eq!(ToFrame::decode(&ask.encode()), Some(ask));
//! // Not ours: ignored.
//! assert_eq!(FromFrame::decode("{\"type\":\"tokenized\"}"), None);
//! ```
//!
//! The handshake: the host creates the frame with `#o=<host origin>&n=<nonce>` in its URL.
//! The frame posts [`FromFrame::Hello`] with that nonce to its parent, addressed to that
//! origin only. The host accepts it only from the frame's window, from the frame's exact
//! origin, with the nonce it made; it then creates a `MessageChannel` and posts
//! [`ToFrame::Init`] (the same nonce again) with one port to the frame's exact origin. The
//! frame accepts one `Init` only, only from its parent, only from the origin in its URL,
//! only with its nonce; every later message of either side goes through the port.

use crate::card::{Brand, ValidCard};

/// Version of this contract: the first field of every message.
pub const VERSION: &str = "ckf1";

const FIELD: char = '\u{1f}';
const ENTRY: char = '\u{1e}';
const PAIR: char = '\u{1d}';

/// Longest text a single value may have (a translated error message is the longest).
const MAX_VALUE: usize = 300;

/// The `--checkout-*` custom properties the frame takes from the host's theme. Anything else
/// the host might read is not sent, and the frame drops any other name it receives.
pub const THEME_PROPERTIES: [&str; 10] = [
    "--checkout-accent",
    "--checkout-background",
    "--checkout-border",
    "--checkout-danger",
    "--checkout-font",
    "--checkout-input-border",
    "--checkout-muted",
    "--checkout-radius",
    "--checkout-success",
    "--checkout-text",
];

/// Label keys the frame shows (the host's language pack keys).
pub const LABEL_KEYS: [&str; 5] = [
    "label.CardDetails",
    "label.CardNumber",
    "label.CardExpiry",
    "label.CardCvc",
    "label.CardName",
];

/// The English text of each of [`LABEL_KEYS`], the same as the host widget's built-in
/// English: what the frame shows when [`Init::texts`] does not carry a label.
pub const LABEL_ENGLISH: [(&str, &str); 5] = [
    ("label.CardDetails", "Card details"),
    ("label.CardNumber", "Card number"),
    ("label.CardExpiry", "Expiry date (MM/YY)"),
    ("label.CardCvc", "Security code"),
    ("label.CardName", "Name on card"),
];

/// Core's English for a text key the frame shows: a label ([`LABEL_ENGLISH`]) or a card
/// message ([`crate::card::MESSAGES`]); `None` for any other key.
pub fn english(key: &str) -> Option<&'static str> {
    LABEL_ENGLISH
        .iter()
        .chain(crate::card::MESSAGES)
        .find(|(k, _)| *k == key)
        .map(|(_, text)| *text)
}

/// A card input of the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Card number.
    Number,
    /// Expiry, MM/YY.
    Expiry,
    /// Security code.
    Cvc,
    /// Cardholder name.
    Name,
}

impl Field {
    /// The four fields in tab order.
    pub const ALL: [Field; 4] = [Field::Number, Field::Expiry, Field::Cvc, Field::Name];

    /// The name checkout-core's [`crate::card::CardError::field`] uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Expiry => "expiry",
            Field::Cvc => "cvc",
            Field::Name => "name",
        }
    }

    /// The field named `name` ([`Field::as_str`]).
    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Which end of the frame's fields to focus (Tab arriving from before or Shift+Tab from
/// after).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The card number.
    First,
    /// The name.
    Last,
}

/// Text direction of the checkout's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Hebrew).
    Rtl,
}

impl Dir {
    /// The HTML `dir` attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// Everything the frame needs to show the card form and tokenize: sent once, with the port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Init {
    /// The nonce of the frame's URL, proving this comes from the window that made the frame.
    pub nonce: String,
    /// The checkout's language tag (`fr-FR`).
    pub lang: String,
    /// Its direction.
    pub dir: Dir,
    /// The provider API base URL; the frame posts the card to `{api_url}/cards`
    /// ([`tokenize_url`]). Absolute: the frame's origin is not the page's.
    pub api_url: String,
    /// The provider's public project id.
    pub project_id: String,
    /// Theme properties (names from [`THEME_PROPERTIES`]) and their values.
    pub theme: Vec<(String, String)>,
    /// The translated texts the frame shows, by key: [`LABEL_KEYS`] and the card error keys
    /// of [`crate::card::MESSAGES`]. A key not sent shows core's English.
    pub texts: Vec<(String, String)>,
    /// Whether the fields start disabled (an attempt is open).
    pub locked: bool,
}

/// A message from the host to the frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToFrame {
    /// Set-up, sent with the port (see the module docs).
    Init(Init),
    /// Check every field, show each error, focus the first one wrong; answered by
    /// [`FromFrame::Checked`].
    Check {
        /// Request id, echoed in the answer.
        id: u32,
    },
    /// Check and tokenize the card; answered by [`FromFrame::Tokenized`] or
    /// [`FromFrame::Failed`]. A `Tokenize` that arrives while the frame still waits for the
    /// provider's answer to an earlier one is ignored (never answered): the earlier one's
    /// answer is the card's, and the host sends one at a time.
    Tokenize {
        /// Request id, echoed in the answer.
        id: u32,
    },
    /// Disable (`true`) or enable the fields.
    Lock(bool),
    /// Empty number, expiry and CVC (the name stays) for another card.
    Clear,
    /// Show the provider's error for a field and put the customer there.
    Show {
        /// The field.
        field: Field,
        /// The message key (`card.number.invalid`).
        key: String,
    },
    /// Focus the first or last field.
    Focus(Edge),
}

/// The card as the host receives it: never the number or the security code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSummary {
    /// The provider's single-use card token (`card_...`).
    pub token: String,
    /// The brand the number showed.
    pub brand: Brand,
    /// The number's last four digits.
    pub last4: String,
    /// Expiry month, 1 to 12.
    pub exp_month: u8,
    /// Expiry year, four digits.
    pub exp_year: u16,
}

/// The frame's state, mirrored by the host on its container for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FrameState {
    /// A field of the frame has focus.
    pub focused: bool,
    /// A field shows an error.
    pub invalid: bool,
    /// All four fields pass checkout-core's checks.
    pub complete: bool,
}

/// A message from the frame to the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromFrame {
    /// The frame is loaded and asks for its port; carries the nonce of its URL.
    Hello {
        /// The nonce.
        nonce: String,
    },
    /// The fields are shown.
    Ready,
    /// The height the frame's content needs, in CSS pixels.
    Height(u32),
    /// Focus, error and completeness changed.
    State(FrameState),
    /// Enter was pressed in a field: the host pays.
    Submit,
    /// Tab left the last field forward (`false`) or Shift+Tab the first one backward
    /// (`true`): the host moves focus on from the frame.
    TabOut {
        /// Backward.
        back: bool,
    },
    /// Answer to [`ToFrame::Check`]: the first field in error, or none.
    Checked {
        /// The request's id.
        id: u32,
        /// The first field in error.
        invalid: Option<Field>,
    },
    /// Answer to [`ToFrame::Tokenize`]: the card was tokenized.
    Tokenized {
        /// The request's id.
        id: u32,
        /// What the host may know of the card.
        card: CardSummary,
    },
    /// Answer to [`ToFrame::Tokenize`]: no token. With a `field` the frame shows the error
    /// there (the customer corrects it); without, `code` is the error (`widget.network`,
    /// `gateway.timeout`, a provider code) the host reports.
    Failed {
        /// The request's id.
        id: u32,
        /// An error code (checkout-core's [`crate::ErrorCode`] wire string).
        code: String,
        /// The field to correct, when the card itself was refused.
        field: Option<Field>,
    },
}

impl ToFrame {
    /// The message as text.
    pub fn encode(&self) -> String {
        match self {
            ToFrame::Init(init) => join(&[
                "init",
                &init.nonce,
                &init.lang,
                init.dir.as_str(),
                &init.api_url,
                &init.project_id,
                &pairs(&init.theme),
                &pairs(&init.texts),
                flag(init.locked),
            ]),
            ToFrame::Check { id } => join(&["check", &decimal(*id)]),
            ToFrame::Tokenize { id } => join(&["tokenize", &decimal(*id)]),
            ToFrame::Lock(locked) => join(&["lock", flag(*locked)]),
            ToFrame::Clear => join(&["clear"]),
            ToFrame::Show { field, key } => join(&["show", field.as_str(), key]),
            ToFrame::Focus(edge) => join(&[
                "focus",
                match edge {
                    Edge::First => "first",
                    Edge::Last => "last",
                },
            ]),
        }
    }

    /// The message `text` encodes, when it is a well-formed message of this version with
    /// valid values; `None` for anything else.
    pub fn decode(text: &str) -> Option<ToFrame> {
        let fields = split(text)?;
        let message = match fields.as_slice() {
            ["init", nonce, lang, dir, api_url, project_id, theme, texts, locked] => {
                ToFrame::Init(Init {
                    nonce: valid_nonce(nonce)?.to_string(),
                    lang: valid_lang(lang)?.to_string(),
                    dir: match *dir {
                        "ltr" => Dir::Ltr,
                        "rtl" => Dir::Rtl,
                        _ => return None,
                    },
                    api_url: check_api_url(api_url)?.to_string(),
                    project_id: valid_id(project_id)?.to_string(),
                    theme: unpairs(theme, theme_value)?,
                    texts: unpairs(texts, text_value)?,
                    locked: parse_flag(locked)?,
                })
            }
            ["check", id] => ToFrame::Check {
                id: id.parse().ok()?,
            },
            ["tokenize", id] => ToFrame::Tokenize {
                id: id.parse().ok()?,
            },
            ["lock", locked] => ToFrame::Lock(parse_flag(locked)?),
            ["clear"] => ToFrame::Clear,
            ["show", field, key] => ToFrame::Show {
                field: Field::parse(field)?,
                key: valid_key(key)?.to_string(),
            },
            ["focus", "first"] => ToFrame::Focus(Edge::First),
            ["focus", "last"] => ToFrame::Focus(Edge::Last),
            _ => return None,
        };
        Some(message)
    }
}

impl FromFrame {
    /// The message as text.
    pub fn encode(&self) -> String {
        match self {
            FromFrame::Hello { nonce } => join(&["hello", nonce]),
            FromFrame::Ready => join(&["ready"]),
            FromFrame::Height(px) => join(&["height", &decimal(*px)]),
            FromFrame::State(s) => {
                join(&["state", flag(s.focused), flag(s.invalid), flag(s.complete)])
            }
            FromFrame::Submit => join(&["submit"]),
            FromFrame::TabOut { back } => join(&["tabout", flag(*back)]),
            FromFrame::Checked { id, invalid } => join(&[
                "checked",
                &decimal(*id),
                invalid.map(Field::as_str).unwrap_or_default(),
            ]),
            FromFrame::Tokenized { id, card } => join(&[
                "tokenized",
                &decimal(*id),
                &card.token,
                card.brand.as_str(),
                &card.last4,
                &decimal(card.exp_month.into()),
                &decimal(card.exp_year.into()),
            ]),
            FromFrame::Failed { id, code, field } => join(&[
                "failed",
                &decimal(*id),
                code,
                field.map(Field::as_str).unwrap_or_default(),
            ]),
        }
    }

    /// The message `text` encodes, when it is a well-formed message of this version with
    /// valid values; `None` for anything else, including a card summary carrying more than
    /// the last four digits.
    pub fn decode(text: &str) -> Option<FromFrame> {
        let fields = split(text)?;
        let message = match fields.as_slice() {
            ["hello", nonce] => FromFrame::Hello {
                nonce: valid_nonce(nonce)?.to_string(),
            },
            ["ready"] => FromFrame::Ready,
            ["height", px] => FromFrame::Height(px.parse().ok().filter(|px| *px <= 10_000)?),
            ["state", focused, invalid, complete] => FromFrame::State(FrameState {
                focused: parse_flag(focused)?,
                invalid: parse_flag(invalid)?,
                complete: parse_flag(complete)?,
            }),
            ["submit"] => FromFrame::Submit,
            ["tabout", back] => FromFrame::TabOut {
                back: parse_flag(back)?,
            },
            ["checked", id, invalid] => FromFrame::Checked {
                id: id.parse().ok()?,
                invalid: optional_field(invalid)?,
            },
            ["tokenized", id, token, brand, last4, month, year] => FromFrame::Tokenized {
                id: id.parse().ok()?,
                card: CardSummary::new(token, brand, last4, month, year)?,
            },
            ["failed", id, code, field] => FromFrame::Failed {
                id: id.parse().ok()?,
                code: valid_key(code)?.to_string(),
                field: optional_field(field)?,
            },
            _ => return None,
        };
        Some(message)
    }
}

impl CardSummary {
    /// The summary of a card that passed checkout-core's checks, tokenized as `token`: only
    /// its brand, last four digits and expiry go in, so it cannot carry the number or the
    /// security code. `None` when `token` is not of the provider's shape.
    pub fn of(token: &str, card: &ValidCard) -> Option<Self> {
        Some(CardSummary {
            token: valid_token(token)?.to_string(),
            brand: card.number.brand(),
            last4: card.number.last4().to_string(),
            exp_month: card.exp_month,
            exp_year: card.exp_year,
        })
    }

    /// A summary from its text fields, when each is what it claims: a token of the provider's
    /// shape, a known brand, exactly four digits, a month and a four-digit year.
    pub fn new(token: &str, brand: &str, last4: &str, month: &str, year: &str) -> Option<Self> {
        let token = valid_token(token)?;
        let brand = Brand::ALL.into_iter().find(|b| b.as_str() == brand)?;
        let last4_ok = last4.len() == 4 && last4.bytes().all(|b| b.is_ascii_digit());
        let exp_month = month.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?;
        let exp_year = year
            .parse::<u16>()
            .ok()
            .filter(|y| (2000..=2199).contains(y))?;
        last4_ok.then(|| CardSummary {
            token: token.to_string(),
            brand,
            last4: last4.to_string(),
            exp_month,
            exp_year,
        })
    }
}

/// Where the frame posts the card: `{api_url}/cards`, for an `api_url` that passes
/// [`check_api_url`].
pub fn tokenize_url(api_url: &str) -> Option<String> {
    check_api_url(api_url).map(|base| base.trim_end_matches('/').to_string() + "/cards")
}

/// `url` when it can be the provider's API base: `https://`, or `http://` on a loopback host
/// (the sandbox on the developer's machine); no credentials, query, fragment, whitespace or
/// backslash. The frame's Content-Security-Policy (`connect-src`) is what finally decides
/// where a card may go; this refuses the obviously wrong early, with a clear error.
pub fn check_api_url(url: &str) -> Option<&str> {
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else {
        let rest = url.strip_prefix("http://")?;
        let host = rest.split(['/', ':']).next().unwrap_or_default();
        let loopback = matches!(host, "127.0.0.1" | "localhost") || rest.starts_with("[::1]");
        if !loopback {
            return None;
        }
        rest
    };
    let clean = !rest.is_empty()
        && url.len() <= 512
        && !rest.starts_with('/')
        && !rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '\\' | '@' | '?' | '#'));
    clean.then_some(url)
}

/// Whether `text` can be a handshake nonce: 16 to 64 letters, digits, `-` or `_` (what
/// [`FromFrame::Hello`] and [`Init::nonce`] accept).
pub fn is_nonce(text: &str) -> bool {
    valid_nonce(text).is_some()
}

/// Whether `text` can be a message key or error code in a message ([`ToFrame::Show`],
/// [`FromFrame::Failed`]): 1 to 64 letters, digits, `-`, `_` or `.`.
pub fn is_key(text: &str) -> bool {
    valid_key(text).is_some()
}

/// Whether `value` may be given to the theme property `name`: a listed name, and a value
/// that cannot leave its declaration or load anything (no `;{}<>\`, no `url(`, no `@`).
pub fn theme_value(name: &str, value: &str) -> bool {
    // url(), image(), image-set() and expression() load or run something; compared on
    // bytes rather than by searching lowercased text, which keeps the widget's wasm small.
    let has = |needle: &[u8]| {
        value
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    let loads = has(b"url(") || has(b"image") || has(b"expression");
    THEME_PROPERTIES.contains(&name)
        && !value.trim().is_empty()
        && value.len() <= 200
        && !loads
        && !value
            .chars()
            .any(|c| c.is_control() || matches!(c, ';' | '{' | '}' | '<' | '>' | '\\' | '@'))
}

/// `n` in decimal digits, without `core::fmt` (which `to_string` would bring into the card
/// frame's wasm for this alone).
fn decimal(n: u32) -> String {
    let mut text = String::new();
    push_decimal(&mut text, n);
    text
}

fn push_decimal(text: &mut String, n: u32) {
    if n >= 10 {
        push_decimal(text, n / 10);
    }
    text.push(char::from_digit(n % 10, 10).unwrap_or('0'));
}

/// Whether `value` may be shown for the text `key`: a label or card message key, plain text
/// of reasonable length.
pub fn text_value(key: &str, value: &str) -> bool {
    let known = LABEL_KEYS.contains(&key) || crate::card::MESSAGE_KEYS.contains(&key);
    known && value.chars().count() <= MAX_VALUE && !value.chars().any(char::is_control)
}

fn join(parts: &[&str]) -> String {
    let mut text = String::from(VERSION);
    for part in parts {
        text.push(FIELD);
        text.push_str(part);
    }
    text
}

fn split(text: &str) -> Option<Vec<&str>> {
    let mut fields = text.split(FIELD);
    (fields.next()? == VERSION).then(|| fields.collect())
}

fn flag(on: bool) -> &'static str {
    if on {
        "1"
    } else {
        "0"
    }
}

fn parse_flag(text: &str) -> Option<bool> {
    match text {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

fn pairs(list: &[(String, String)]) -> String {
    let mut text = String::new();
    for (name, value) in list {
        if !text.is_empty() {
            text.push(ENTRY);
        }
        text.push_str(name);
        text.push(PAIR);
        text.push_str(value);
    }
    text
}

/// The list in `text`, when every entry passes `valid`.
fn unpairs(text: &str, valid: impl Fn(&str, &str) -> bool) -> Option<Vec<(String, String)>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    text.split(ENTRY)
        .map(|entry| {
            let (name, value) = entry.split_once(PAIR)?;
            valid(name, value).then(|| (name.to_string(), value.to_string()))
        })
        .collect()
}

fn optional_field(text: &str) -> Option<Option<Field>> {
    if text.is_empty() {
        Some(None)
    } else {
        Field::parse(text).map(Some)
    }
}

fn word<'a>(text: &'a str, min: usize, max: usize, extra: &[u8]) -> Option<&'a str> {
    let ok = (min..=max).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b));
    ok.then_some(text)
}

fn valid_nonce(text: &str) -> Option<&str> {
    word(text, 16, 64, b"-_")
}

fn valid_lang(text: &str) -> Option<&str> {
    word(text, 2, 35, b"-_")
}

fn valid_id(text: &str) -> Option<&str> {
    word(text, 1, 128, b"-_")
}

fn valid_key(text: &str) -> Option<&str> {
    word(text, 1, 64, b"-_.")
}

fn valid_token(text: &str) -> Option<&str> {
    text.strip_prefix("card_")
        .and_then(|rest| word(rest, 1, 120, b"-_"))
        .map(|_| text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn init() -> Init {
        Init {
            nonce: "n0nce_0123456789abcdef".into(),
            lang: "ar-KW".into(),
            dir: Dir::Rtl,
            api_url: "http://127.0.0.1:8080/sandbox".into(),
            project_id: "test-proj_checkoutSandbox".into(),
            theme: vec![
                ("--checkout-accent".into(), "#0a7".into()),
                ("--checkout-font".into(), "\"Noto Sans\", system-ui".into()),
            ],
            texts: vec![
                ("label.CardNumber".into(), "رقم البطاقة".into()),
                ("card.number.invalid".into(), "Numéro invalide.".into()),
            ],
            locked: false,
        }
    }

    fn summary() -> CardSummary {
        CardSummary {
            token: "card_Zx81".into(),
            brand: Brand::Visa,
            last4: "4242".into(),
            exp_month: 12,
            exp_year: 2030,
        }
    }

    #[test]
    fn every_message_round_trips() {
        let to = [
            ToFrame::Init(init()),
            ToFrame::Check { id: 1 },
            ToFrame::Tokenize { id: u32::MAX },
            ToFrame::Lock(true),
            ToFrame::Clear,
            ToFrame::Show {
                field: Field::Cvc,
                key: "card.cvc.invalid".into(),
            },
            ToFrame::Focus(Edge::Last),
        ];
        for message in to {
            assert_eq!(ToFrame::decode(&message.encode()), Some(message));
        }
        let from = [
            FromFrame::Hello {
                nonce: "n0nce_0123456789abcdef".into(),
            },
            FromFrame::Ready,
            FromFrame::Height(212),
            FromFrame::State(FrameState {
                focused: true,
                invalid: false,
                complete: true,
            }),
            FromFrame::Submit,
            FromFrame::TabOut { back: true },
            FromFrame::Checked {
                id: 3,
                invalid: Some(Field::Expiry),
            },
            FromFrame::Checked {
                id: 4,
                invalid: None,
            },
            FromFrame::Tokenized {
                id: 5,
                card: summary(),
            },
            FromFrame::Failed {
                id: 6,
                code: "widget.network".into(),
                field: None,
            },
            FromFrame::Failed {
                id: 7,
                code: "card.invalid-number".into(),
                field: Some(Field::Number),
            },
        ];
        for message in from {
            assert_eq!(FromFrame::decode(&message.encode()), Some(message));
        }
    }

    #[test]
    fn lookalikes_and_other_versions_are_ignored() {
        for text in [
            "",
            "ckf1",
            "ckf2\u{1f}ready",
            "{\"type\":\"ready\"}",
            "ckf1\u{1f}ready\u{1f}extra",
            "ckf1\u{1f}tokenize\u{1f}-1",
            "ckf1\u{1f}tokenize\u{1f}1.5",
            "ckf1\u{1f}lock\u{1f}yes",
            "ckf1\u{1f}navigate\u{1f}https://evil.example",
        ] {
            assert_eq!(ToFrame::decode(text), None, "{text:?}");
            assert_eq!(FromFrame::decode(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_summary_never_carries_more_than_the_last_four_digits() {
        let with = |last4: &str| {
            FromFrame::Tokenized {
                id: 1,
                card: CardSummary {
                    last4: last4.into(),
                    ..summary()
                },
            }
            .encode()
        };
        assert!(FromFrame::decode(&with("4242")).is_some());
        for bad in ["4242424242424242", "42424", "424", "42a2", ""] {
            assert_eq!(FromFrame::decode(&with(bad)), None, "{bad}");
        }
        // A token that is not a card token, or smuggles a field, is refused.
        assert!(CardSummary::new("4242424242424242", "visa", "4242", "1", "2030").is_none());
        assert!(CardSummary::new("card_a b", "visa", "4242", "1", "2030").is_none());
        assert!(CardSummary::new("card_ab", "visa", "4242", "13", "2030").is_none());
        assert!(CardSummary::new("card_ab", "vista", "4242", "1", "2030").is_none());
    }

    #[test]
    fn the_theme_takes_only_listed_properties_with_inert_values() {
        assert!(theme_value("--checkout-accent", "#0a7"));
        assert!(theme_value("--checkout-radius", "calc(4px + 0.2rem)"));
        assert!(theme_value("--checkout-font", "\"Noto Sans\", system-ui"));
        for (name, value) in [
            ("color", "red"),
            ("--checkout-accent", "red; background: url(https://x)"),
            ("--checkout-background", "url(https://evil.example/track)"),
            ("--checkout-background", "image(\"x\")"),
            ("--checkout-text", "red}body{display:none"),
            ("--checkout-text", "@import 'x'"),
            ("--checkout-text", "  "),
        ] {
            assert!(!theme_value(name, value), "{name}: {value}");
        }
        let mut bad = init();
        bad.theme.push(("--checkout-text".into(), "url(x)".into()));
        assert_eq!(ToFrame::decode(&ToFrame::Init(bad).encode()), None);
    }

    #[test]
    fn a_value_cannot_forge_a_field() {
        let mut forged = init();
        forged.project_id = "p\u{1f}1".into();
        assert_eq!(ToFrame::decode(&ToFrame::Init(forged).encode()), None);
        assert!(text_value("label.CardNumber", "Numéro"));
        assert!(!text_value("label.CardNumber", "a\u{7}b"));
        assert!(!text_value("label.Other", "x"));
    }

    #[test]
    fn only_provider_shaped_api_urls_are_accepted() {
        for good in [
            "https://api.processout.com",
            "http://127.0.0.1:8080/sandbox",
            "http://localhost:18080/sandbox",
            "http://[::1]:8080/sandbox",
        ] {
            assert_eq!(check_api_url(good), Some(good));
        }
        for bad in [
            "/sandbox",
            "http://evil.example/sandbox",
            "http://127.0.0.1.evil.example/x",
            "https://user@api.processout.com",
            "https://api.processout.com/?next=x",
            "https://api.processout.com/#x",
            "https://api.processout.com\\@evil",
            "javascript:alert(1)",
            "https://",
            "https:///x",
        ] {
            assert_eq!(check_api_url(bad), None, "{bad}");
        }
        assert_eq!(
            tokenize_url("http://127.0.0.1:8080/sandbox/").as_deref(),
            Some("http://127.0.0.1:8080/sandbox/cards")
        );
    }

    #[test]
    fn a_summary_of_a_valid_card_holds_its_last_four_digits_only() {
        let input = crate::card::CardInput {
            number: "4242 4242 4242 4242",
            expiry: "12/30",
            cvc: "123",
            name: "Ada Lovelace",
        };
        let card = crate::card::validate_card(input, 2026, 1).unwrap();
        let summary = CardSummary::of("card_Zx81", &card).unwrap();
        assert_eq!(summary, self::summary());
        let text = FromFrame::Tokenized {
            id: 1,
            card: summary,
        }
        .encode();
        assert!(
            !text.contains("42424242") && !text.contains("123"),
            "{text:?}"
        );
        assert!(CardSummary::of("tok_4242424242424242", &card).is_none());
        assert!(CardSummary::of("card_a\u{1f}b", &card).is_none());
    }

    #[test]
    fn every_text_key_has_core_english() {
        for key in LABEL_KEYS {
            assert!(english(key).is_some_and(|t| !t.is_empty()), "{key}");
            assert!(text_value(key, english(key).unwrap_or_default()));
        }
        for (key, text) in crate::card::MESSAGES {
            assert_eq!(english(key), Some(*text));
        }
        assert_eq!(english("label.Pay"), None);
    }

    #[test]
    fn a_nonce_must_be_long_and_plain() {
        assert!(FromFrame::decode("ckf1\u{1f}hello\u{1f}short").is_none());
        assert!(FromFrame::decode("ckf1\u{1f}hello\u{1f}0123456789abcdef0123").is_some());
        assert!(FromFrame::decode("ckf1\u{1f}hello\u{1f}0123456789abcdef 0123").is_none());
        assert!(is_nonce("0123456789abcdef0123") && !is_nonce("0123456789abcdef 0123"));
        assert!(is_key("card.invalid-number") && !is_key("card invalid") && !is_key(""));
    }
}
