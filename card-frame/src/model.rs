//! What the card frame does, as plain Rust: each thing that happens to it (the page starting,
//! a message, the customer typing or leaving a field, the provider's answer) updates its state
//! and writes [`Commands`] for the page to carry out. No browser in here, so the tests below
//! drive the whole frame through events; `lib.rs` only moves events in and commands out.
//!
//! The frame keeps the four values as they were last typed (every `input` event passes
//! through [`Frame::handle`], autofill included), so checking and tokenizing read them here.
//! Messages are checkout-core's contract: every incoming one is [`ToFrame::decode`]d (anything
//! else changes nothing) and every outgoing one is a [`FromFrame`].

use checkout_core::card::{self, CardError, CardInput, ValidCard};
use checkout_core::frame::{self, CardSummary, Edge, Field, FrameState, FromFrame, ToFrame};

/// This month, from the browser's clock (checkout-core reads none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    /// Four-digit year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
}

/// Something that happened to the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// The page started, with the nonce of its URL (`#n=`).
    Start {
        /// The nonce as the URL gave it (not yet checked).
        nonce: &'a str,
    },
    /// A message on the window that the page found to come from the parent, from the origin
    /// of the URL (`#o=`), with exactly one port: the only way an [`frame::Init`] gets in.
    Offer {
        /// The message's text.
        text: &'a str,
    },
    /// A message on the port that an accepted `Init` brought.
    Port {
        /// The message's text.
        text: &'a str,
    },
    /// The customer (or autofill) changed a field.
    Input {
        /// The field.
        field: Field,
        /// Its value now.
        value: &'a str,
        /// The caret, in UTF-16 code units as the browser counts; `None`: at the end.
        caret: Option<usize>,
    },
    /// A field got focus.
    Arrive {
        /// The field.
        field: Field,
    },
    /// A field lost focus.
    Leave {
        /// The field.
        field: Field,
        /// Focus went to another field of the frame.
        inside: bool,
    },
    /// Enter was pressed in a field.
    Enter,
    /// The content's height changed, in CSS pixels (rounded up).
    Height(u32),
    /// The provider answered the tokenize request (or did not).
    Answer(Answer<'a>),
}

/// How the tokenize request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer<'a> {
    /// A 2xx whose JSON has `card.id`: that id.
    Token(&'a str),
    /// An error answer whose JSON has `error_type`: that type.
    Refused(&'a str),
    /// An answer with this HTTP status whose body says neither.
    Unreadable(u16),
    /// No answer: the request failed on the way.
    Network,
    /// No answer within the time allowed.
    Timeout,
}

/// The commands for the page, written as the frame decides them: each one character of
/// operation, one of index (a field's number in [`Field::ALL`], or `-`) and the rest its
/// text, ended by [`END`]; the text's parts are separated by [`PART`]. The format and what
/// each command does are in the crate docs (lib.rs).
///
/// No text can hold [`END`]: the messages separate their fields with U+001D to U+001F, and
/// the texts, values and theme values the contract admits have no control characters.
#[derive(Debug, Default)]
pub struct Commands(String);

/// Ends each command.
pub const END: char = '\u{1c}';
/// Separates the parts of a command's text.
pub const PART: char = '\u{1f}';

impl Commands {
    fn command(&mut self, op: char, index: Option<usize>, parts: &[&str]) {
        let out = &mut self.0;
        out.push(op);
        let index = index.and_then(|i| char::from_digit(u32::try_from(i).ok()?, 10));
        out.push(index.unwrap_or('-'));
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                out.push(PART);
            }
            out.push_str(part);
        }
        out.push(END);
    }

    /// `p`: post a message, to the parent (only [`FromFrame::Hello`], before the port
    /// exists) or on the port.
    fn post(&mut self, message: &FromFrame) {
        self.command('p', None, &[&message.encode()]);
    }

    /// `v`: replace a field's value (reformatted, or cleared).
    fn value(&mut self, field: Field, value: &str) {
        self.command('v', Some(index(field)), &[value]);
    }

    /// `c`: put a field's caret there (in characters; the values reformatted are ASCII).
    fn caret(&mut self, field: Field, caret: usize) {
        let mut text = String::new();
        push_decimal(&mut text, u32::try_from(caret).unwrap_or(u32::MAX));
        self.command('c', Some(index(field)), &[&text]);
    }

    /// `e`: show this text as the field's error (with `aria-invalid`); empty: none.
    fn error(&mut self, field: Field, text: &str) {
        self.command('e', Some(index(field)), &[text]);
    }

    /// `f`: focus the field.
    fn focus(&mut self, field: Field) {
        self.command('f', Some(index(field)), &[]);
    }

    /// `l`: disable every field (`1`) or enable them (empty).
    fn lock(&mut self, locked: bool) {
        self.command('l', None, &[if locked { "1" } else { "" }]);
    }

    /// `x`: the text of a label: 0 to 3 the fields', 4 the legend and the document's title.
    fn label(&mut self, slot: usize, text: &str) {
        self.command('x', Some(slot), &[text]);
    }

    /// `a`: an attribute of the root: 0 `lang`, 1 `dir`.
    fn attribute(&mut self, which: usize, value: &str) {
        self.command('a', Some(which), &[value]);
    }

    /// `s`: a theme custom property on the root.
    fn style(&mut self, name: &str, value: &str) {
        self.command('s', None, &[name, value]);
    }

    /// `k`: the `Init` just offered is accepted: keep its port, show the form.
    fn accept(&mut self) {
        self.command('k', None, &[]);
    }

    /// `q`: POST the card to `url`, Basic auth with `project_id` and an empty password.
    fn request(&mut self, url: &str, project_id: &str, body: &str) {
        self.command('q', None, &[url, project_id, body]);
    }

    /// The commands as text.
    pub fn into_text(self) -> String {
        self.0
    }
}

/// Error codes the frame reports (checkout-core's `ErrorCode` wire strings; a test holds them
/// to it). Written out rather than read from `ErrorCode` so its table stays out of the wasm.
pub mod codes {
    /// Tokenize found the card wrong before sending it.
    pub const CARD_INVALID: &str = "card.invalid";
    /// The request did not reach the provider or its answer was cut.
    pub const NETWORK: &str = "widget.network";
    /// No answer in time (what the widget's own tokenize reported).
    pub const TIMEOUT: &str = "gateway.timeout";
    /// An answer without a card id or an error type.
    pub const UNREADABLE: &str = "widget.invalid-response";
    /// An error status without an error type.
    pub const HTTP_ERROR: &str = "widget.http-error";
    /// A 502 without an error type.
    pub const UPSTREAM_UNAVAILABLE: &str = "proxy.upstream-unavailable";
}

/// The message for a key core does not know; core has its English, so [`Frame::text`] ends.
const FALLBACK_KEY: &str = "card.invalid";

/// What an accepted `Init` set up.
#[derive(Debug)]
struct Setup {
    tokenize_url: String,
    project_id: String,
    texts: Vec<(String, String)>,
}

/// A tokenize request on its way: the card it sends, for the summary of the answer.
#[derive(Debug)]
struct Pending {
    id: u32,
    card: ValidCard,
}

/// The card frame.
#[derive(Debug, Default)]
pub struct Frame {
    /// The nonce of the URL, once the page started with a valid one.
    nonce: Option<String>,
    setup: Option<Setup>,
    values: [String; 4],
    /// Whether each field shows an error.
    errors: [bool; 4],
    focused: bool,
    /// The state last posted.
    state: FrameState,
    /// The height last posted.
    height: u32,
    pending: Option<Pending>,
}

impl Frame {
    /// Handles one event; the commands come in the order the page must carry them out.
    pub fn handle(&mut self, event: Event<'_>, today: Today) -> String {
        let mut out = Commands::default();
        match event {
            Event::Start { nonce } => self.start(nonce, &mut out),
            Event::Offer { text } => self.offer(text, &mut out),
            // Nothing but the port an accepted Init brought reaches this, and only messages
            // of the contract count.
            Event::Port { text } if self.setup.is_some() => {
                if let Some(message) = ToFrame::decode(text) {
                    self.message(message, today, &mut out);
                }
            }
            Event::Port { .. } => {}
            _ if self.setup.is_none() => {}
            Event::Input {
                field,
                value,
                caret,
            } => self.input(field, value, caret, today, &mut out),
            Event::Arrive { .. } => self.focused = true,
            Event::Leave { field, inside } => {
                if !self.value(field).trim().is_empty() {
                    let key = self.check(field, today).err().map(|e| e.message_key());
                    self.set_error(field, key, &mut out);
                }
                self.focused = inside;
            }
            Event::Enter => out.post(&FromFrame::Submit),
            Event::Height(px) => {
                if px != self.height {
                    self.height = px;
                    out.post(&FromFrame::Height(px));
                }
            }
            Event::Answer(answer) => self.answer(answer, &mut out),
        }
        if self.setup.is_some() {
            let state = FrameState {
                focused: self.focused,
                invalid: self.errors.contains(&true),
                complete: self.validate(today).is_ok(),
            };
            if state != self.state {
                self.state = state;
                out.post(&FromFrame::State(state));
            }
        }
        out.into_text()
    }

    /// The first start with a valid nonce says hello; anything else does nothing.
    fn start(&mut self, nonce: &str, out: &mut Commands) {
        if self.nonce.is_none() && frame::is_nonce(nonce) {
            self.nonce = Some(nonce.to_string());
            out.post(&FromFrame::Hello {
                nonce: nonce.to_string(),
            });
        }
    }

    /// Accepts one `Init`, with the nonce of the URL; every other offer changes nothing.
    fn offer(&mut self, text: &str, out: &mut Commands) {
        if self.setup.is_some() {
            return;
        }
        let Some(ToFrame::Init(init)) = ToFrame::decode(text) else {
            return;
        };
        if self.nonce.as_deref() != Some(init.nonce.as_str()) {
            return;
        }
        let Some(tokenize_url) = frame::tokenize_url(&init.api_url) else {
            return;
        };
        self.setup = Some(Setup {
            tokenize_url,
            project_id: init.project_id,
            texts: init.texts,
        });
        out.attribute(0, &init.lang);
        out.attribute(1, init.dir.as_str());
        for (index, key) in frame::LABEL_KEYS.iter().enumerate() {
            // LABEL_KEYS starts with the legend; the fields' labels follow in field order.
            let slot = index.checked_sub(1).unwrap_or(Field::ALL.len());
            out.label(slot, &self.text(key));
        }
        // Decoding kept only the allowlisted properties with inert values.
        for (name, value) in &init.theme {
            out.style(name, value);
        }
        out.lock(init.locked);
        out.accept();
        out.post(&FromFrame::Ready);
    }

    fn message(&mut self, message: ToFrame, today: Today, out: &mut Commands) {
        match message {
            // One Init only: the first one set the frame up for good.
            ToFrame::Init(_) => {}
            ToFrame::Check { id } => {
                let invalid = self.show_all(today, out);
                out.post(&FromFrame::Checked { id, invalid });
            }
            ToFrame::Tokenize { id } => self.tokenize(id, today, out),
            ToFrame::Lock(locked) => out.lock(locked),
            ToFrame::Clear => {
                for field in [Field::Number, Field::Expiry, Field::Cvc] {
                    if let Some(value) = self.values.get_mut(index(field)) {
                        value.clear();
                    }
                    out.value(field, "");
                    self.set_error(field, None, out);
                }
            }
            ToFrame::Show { field, key } => {
                self.set_error(field, Some(&key), out);
                out.focus(field);
            }
            ToFrame::Focus(edge) => out.focus(match edge {
                Edge::First => Field::Number,
                Edge::Last => Field::Name,
            }),
        }
    }

    /// Checks the card and, when it is right, asks the page to send it; a Tokenize while
    /// another is on its way is ignored (documented on `ToFrame::Tokenize`).
    fn tokenize(&mut self, id: u32, today: Today, out: &mut Commands) {
        if self.pending.is_some() {
            return;
        }
        let Some(setup) = &self.setup else {
            return;
        };
        match self.validate(today) {
            Ok(card) => {
                out.request(&setup.tokenize_url, &setup.project_id, &card_body(&card));
                self.pending = Some(Pending { id, card });
            }
            Err(_) => {
                let field = self.show_all(today, out);
                out.post(&FromFrame::Failed {
                    id,
                    code: codes::CARD_INVALID.to_string(),
                    field,
                });
            }
        }
    }

    fn answer(&mut self, answer: Answer<'_>, out: &mut Commands) {
        let Some(Pending { id, card }) = self.pending.take() else {
            return;
        };
        let failed = |code: &str, field| FromFrame::Failed {
            id,
            code: code.to_string(),
            field,
        };
        let message = match answer {
            Answer::Token(token) => match CardSummary::of(token, &card) {
                Some(card) => FromFrame::Tokenized { id, card },
                None => failed(codes::UNREADABLE, None),
            },
            Answer::Refused(error_type) => {
                // A code the contract cannot carry is no code the host could act on.
                if !frame::is_key(error_type) {
                    failed(codes::UNREADABLE, None)
                } else if let Some(error) = card::provider_error(error_type) {
                    let field = field_of(&error);
                    self.set_error(field, Some(error.message_key()), out);
                    out.focus(field);
                    failed(error_type, Some(field))
                } else {
                    failed(error_type, None)
                }
            }
            Answer::Unreadable(status) => failed(
                match status {
                    200..=299 => codes::UNREADABLE,
                    502 => codes::UPSTREAM_UNAVAILABLE,
                    504 => codes::TIMEOUT,
                    _ => codes::HTTP_ERROR,
                },
                None,
            ),
            Answer::Network => failed(codes::NETWORK, None),
            Answer::Timeout => failed(codes::TIMEOUT, None),
        };
        out.post(&message);
    }

    /// Reformats the field in place, keeping the caret after the same digit, and clears its
    /// error once the value is right (src/card_form.rs did the same in the host).
    fn input(
        &mut self,
        field: Field,
        value: &str,
        caret: Option<usize>,
        today: Today,
        out: &mut Commands,
    ) {
        let formatted = match field {
            Field::Number => card::format_number(value),
            Field::Expiry => card::format_expiry(value),
            Field::Cvc => card::format_cvc(value, card::detect_brand(self.value(Field::Number))),
            Field::Name => value.to_string(),
        };
        if formatted != value {
            let caret = caret.map_or(usize::MAX, |units| char_index(value, units));
            let caret = card::caret_in(value, caret, &formatted);
            out.value(field, &formatted);
            out.caret(field, caret);
        }
        if let Some(slot) = self.values.get_mut(index(field)) {
            *slot = formatted;
        }
        if self.has_error(field) && self.check(field, today).is_ok() {
            self.set_error(field, None, out);
        }
    }

    /// Checks every field, shows each one's error (or none) and focuses the first one wrong,
    /// which it returns.
    fn show_all(&mut self, today: Today, out: &mut Commands) -> Option<Field> {
        let errors = self.validate(today).err().unwrap_or_default();
        for field in Field::ALL {
            let key = errors
                .iter()
                .find(|e| field_of(e) == field)
                .map(CardError::message_key);
            self.set_error(field, key, out);
        }
        let first = errors.first().map(field_of);
        if let Some(field) = first {
            out.focus(field);
        }
        first
    }

    fn validate(&self, today: Today) -> Result<ValidCard, Vec<CardError>> {
        let input = CardInput {
            number: self.value(Field::Number),
            expiry: self.value(Field::Expiry),
            cvc: self.value(Field::Cvc),
            name: self.value(Field::Name),
        };
        card::validate_card(input, today.year, today.month)
    }

    fn check(&self, field: Field, today: Today) -> Result<(), CardError> {
        let value = self.value(field);
        match field {
            Field::Number => card::validate_number(value).map(drop),
            Field::Expiry => card::validate_expiry(value, today.year, today.month).map(drop),
            Field::Cvc => card::validate_cvc(value, card::detect_brand(self.value(Field::Number))),
            Field::Name => card::validate_name(value),
        }
    }

    fn set_error(&mut self, field: Field, key: Option<&str>, out: &mut Commands) {
        if let Some(shown) = self.errors.get_mut(index(field)) {
            *shown = key.is_some();
        }
        let text = key.map(|key| self.text(key)).unwrap_or_default();
        out.error(field, &text);
    }

    fn has_error(&self, field: Field) -> bool {
        self.errors.get(index(field)).copied().unwrap_or(false)
    }

    fn value(&self, field: Field) -> &str {
        self.values.get(index(field)).map_or("", String::as_str)
    }

    /// The text for `key`: the host's translation from `Init`, else core's English. A key
    /// core does not know (only `Show` can bring one) reads as "check your card details".
    fn text(&self, key: &str) -> String {
        let sent = self
            .setup
            .as_ref()
            .and_then(|setup| setup.texts.iter().find(|(k, _)| k == key));
        match (sent, frame::english(key)) {
            (Some((_, text)), _) => text.clone(),
            (None, Some(english)) => english.to_string(),
            (None, None) => self.text(FALLBACK_KEY),
        }
    }
}

/// The position of `field` in [`Field::ALL`].
fn index(field: Field) -> usize {
    match field {
        Field::Number => 0,
        Field::Expiry => 1,
        Field::Cvc => 2,
        Field::Name => 3,
    }
}

/// The field a checkout-core card error names.
fn field_of(error: &CardError) -> Field {
    Field::parse(error.field).unwrap_or(Field::Name)
}

/// The character a caret `units` UTF-16 code units into `text` stands before.
fn char_index(text: &str, units: usize) -> usize {
    let mut seen = 0_usize;
    for (at, c) in text.chars().enumerate() {
        if seen >= units {
            return at;
        }
        seen = seen.saturating_add(c.len_utf16());
    }
    text.chars().count()
}

/// The tokenize request's body, as the widget's own tokenize sent it: ProcessOut's field
/// names, the month and year as JSON numbers, the number and the code as strings (a leading
/// zero of a code must survive).
pub fn card_body(card: &ValidCard) -> String {
    let mut body = String::from("{\"number\":");
    push_json_string(&mut body, card.number.digits());
    body.push_str(",\"exp_month\":");
    push_decimal(&mut body, card.exp_month.into());
    body.push_str(",\"exp_year\":");
    push_decimal(&mut body, card.exp_year.into());
    body.push_str(",\"cvc2\":");
    push_json_string(&mut body, &card.cvc);
    body.push_str(",\"name\":");
    push_json_string(&mut body, &card.name);
    body.push('}');
    body
}

/// `text` as a JSON string: quotes, backslashes and control characters escaped.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                out.push_str("\\u00");
                for shift in [4, 0] {
                    let nibble = (u32::from(c) >> shift) & 0xf;
                    out.push(char::from_digit(nibble, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `n` in decimal, without `core::fmt`.
pub fn push_decimal(out: &mut String, n: u32) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from_digit(n % 10, 10).unwrap_or('0'));
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_core::frame::{Dir, Init};
    use checkout_core::ErrorCode;

    /// A command of [`Commands`], read back for the tests' assertions.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Effect {
        Post(FromFrame),
        Value(Field, String),
        Caret(Field, usize),
        Error(Field, String),
        Focus(Field),
        Lock(bool),
        Label(usize, String),
        Lang(String),
        Dir(String),
        Style(String, String),
        Accept,
        Request {
            url: String,
            project_id: String,
            body: String,
        },
    }

    /// Reads the commands as the page does, failing on anything it would not understand.
    fn effects(text: &str) -> Vec<Effect> {
        let mut list = text.split(END).collect::<Vec<_>>();
        assert_eq!(
            list.pop(),
            Some(""),
            "every command ends with END: {text:?}"
        );
        list.into_iter()
            .map(|command| {
                let mut chars = command.chars();
                let (op, at) = (chars.next().unwrap(), chars.next().unwrap());
                let rest = chars.as_str().to_string();
                let slot = at.to_digit(10).map(|d| d as usize);
                let field = || Field::ALL[slot.unwrap()];
                let parts = rest.split(PART).map(str::to_string).collect::<Vec<_>>();
                match op {
                    'p' => Effect::Post(FromFrame::decode(&rest).expect("a message")),
                    'v' => Effect::Value(field(), rest),
                    'c' => Effect::Caret(field(), rest.parse().unwrap()),
                    'e' => Effect::Error(field(), rest),
                    'f' => Effect::Focus(field()),
                    'l' => Effect::Lock(rest == "1"),
                    'x' => Effect::Label(slot.unwrap(), rest),
                    'a' if slot == Some(0) => Effect::Lang(rest),
                    'a' => Effect::Dir(rest),
                    's' => Effect::Style(parts[0].clone(), parts[1].clone()),
                    'k' => Effect::Accept,
                    'q' => Effect::Request {
                        url: parts[0].clone(),
                        project_id: parts[1].clone(),
                        body: parts[2].clone(),
                    },
                    _ => panic!("unknown command {command:?}"),
                }
            })
            .collect()
    }

    /// [`Frame::handle`], its commands read back.
    trait Effects {
        fn effects(&mut self, event: Event<'_>, today: Today) -> Vec<Effect>;
    }

    impl Effects for Frame {
        fn effects(&mut self, event: Event<'_>, today: Today) -> Vec<Effect> {
            effects(&self.handle(event, today))
        }
    }

    const NONCE: &str = "n0nce_0123456789abcdef";
    const TODAY: Today = Today {
        year: 2026,
        month: 5,
    };

    fn init() -> Init {
        Init {
            nonce: NONCE.into(),
            lang: "fr-FR".into(),
            dir: Dir::Ltr,
            api_url: "http://127.0.0.1:8080/sandbox".into(),
            project_id: "test-proj_checkoutSandbox".into(),
            theme: vec![("--checkout-accent".into(), "#0a7".into())],
            texts: vec![
                ("label.CardNumber".into(), "Numéro de carte".into()),
                ("card.number.missing".into(), "Saisissez le numéro.".into()),
            ],
            locked: false,
        }
    }

    /// A frame that said hello and accepted `init()`.
    fn ready() -> Frame {
        let mut frame = Frame::default();
        frame.effects(Event::Start { nonce: NONCE }, TODAY);
        let accepted = frame.effects(
            Event::Offer {
                text: &ToFrame::Init(init()).encode(),
            },
            TODAY,
        );
        assert!(accepted.contains(&Effect::Accept));
        frame
    }

    fn port(frame: &mut Frame, message: ToFrame) -> Vec<Effect> {
        frame.effects(
            Event::Port {
                text: &message.encode(),
            },
            TODAY,
        )
    }

    fn type_in(frame: &mut Frame, field: Field, value: &str) -> Vec<Effect> {
        frame.effects(
            Event::Input {
                field,
                value,
                caret: None,
            },
            TODAY,
        )
    }

    fn fill(frame: &mut Frame, number: &str) {
        for (field, value) in [
            (Field::Number, number),
            (Field::Expiry, "12/30"),
            (Field::Cvc, "123"),
            (Field::Name, "Ada Lovelace"),
        ] {
            type_in(frame, field, value);
        }
    }

    fn posts(effects: &[Effect]) -> Vec<FromFrame> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Post(message) => Some(message.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_frame_says_hello_once_and_only_with_a_valid_nonce() {
        let mut frame = Frame::default();
        assert_eq!(
            frame.effects(Event::Start { nonce: "short" }, TODAY),
            vec![]
        );
        let hello = frame.effects(Event::Start { nonce: NONCE }, TODAY);
        assert_eq!(
            hello,
            vec![Effect::Post(FromFrame::Hello {
                nonce: NONCE.into()
            })]
        );
        let again = "another_nonce_0123456789";
        assert_eq!(frame.effects(Event::Start { nonce: again }, TODAY), vec![]);
    }

    #[test]
    fn init_sets_the_frame_up_with_the_hosts_texts_and_cores_english() {
        let mut frame = Frame::default();
        frame.effects(Event::Start { nonce: NONCE }, TODAY);
        let effects = frame.effects(
            Event::Offer {
                text: &ToFrame::Init(init()).encode(),
            },
            TODAY,
        );
        assert_eq!(
            effects,
            vec![
                Effect::Lang("fr-FR".into()),
                Effect::Dir("ltr".into()),
                Effect::Label(4, "Card details".into()),
                Effect::Label(0, "Numéro de carte".into()),
                Effect::Label(1, "Expiry date (MM/YY)".into()),
                Effect::Label(2, "Security code".into()),
                Effect::Label(3, "Name on card".into()),
                Effect::Style("--checkout-accent".into(), "#0a7".into()),
                Effect::Lock(false),
                Effect::Accept,
                Effect::Post(FromFrame::Ready),
            ]
        );
    }

    #[test]
    fn only_one_init_with_the_urls_nonce_is_accepted() {
        let offer = |frame: &mut Frame, init: Init| {
            frame.effects(
                Event::Offer {
                    text: &ToFrame::Init(init).encode(),
                },
                TODAY,
            )
        };
        // Before the page started (no nonce), nothing is accepted.
        assert_eq!(offer(&mut Frame::default(), init()), vec![]);
        let mut frame = Frame::default();
        frame.effects(Event::Start { nonce: NONCE }, TODAY);
        let wrong = Init {
            nonce: "someone_elses_nonce_0000".into(),
            ..init()
        };
        assert_eq!(offer(&mut frame, wrong), vec![]);
        for text in ["{\"type\":\"init\"}", &ToFrame::Tokenize { id: 1 }.encode()] {
            assert_eq!(frame.effects(Event::Offer { text }, TODAY), vec![]);
        }
        assert!(offer(&mut frame, init()).contains(&Effect::Accept));
        let second = Init {
            lang: "ar".into(),
            ..init()
        };
        assert_eq!(offer(&mut frame, second.clone()), vec![]);
        // Not on the port either.
        assert_eq!(port(&mut frame, ToFrame::Init(second)), vec![]);
    }

    #[test]
    fn nothing_but_an_init_does_anything_before_it() {
        let mut frame = Frame::default();
        frame.effects(Event::Start { nonce: NONCE }, TODAY);
        assert_eq!(port(&mut frame, ToFrame::Tokenize { id: 1 }), vec![]);
        assert_eq!(type_in(&mut frame, Field::Number, "4242"), vec![]);
        assert_eq!(frame.effects(Event::Enter, TODAY), vec![]);
        assert_eq!(frame.effects(Event::Height(100), TODAY), vec![]);
    }

    #[test]
    fn typing_formats_and_keeps_the_caret_after_the_same_digit() {
        let mut frame = ready();
        let effects = frame.effects(
            Event::Input {
                field: Field::Number,
                value: "42424",
                caret: Some(5),
            },
            TODAY,
        );
        assert_eq!(
            effects,
            vec![
                Effect::Value(Field::Number, "4242 4".into()),
                Effect::Caret(Field::Number, 6),
            ]
        );
        // A digit typed in the middle: the caret stays after it.
        let effects = frame.effects(
            Event::Input {
                field: Field::Number,
                value: "42142 4",
                caret: Some(3),
            },
            TODAY,
        );
        assert_eq!(
            effects,
            vec![
                Effect::Value(Field::Number, "4214 24".into()),
                Effect::Caret(Field::Number, 3),
            ]
        );
        assert_eq!(
            type_in(&mut frame, Field::Expiry, "4"),
            vec![
                Effect::Value(Field::Expiry, "04".into()),
                Effect::Caret(Field::Expiry, 2)
            ]
        );
        // Already formatted: nothing to replace.
        assert_eq!(type_in(&mut frame, Field::Cvc, "12"), vec![]);
        assert_eq!(type_in(&mut frame, Field::Name, " Ada "), vec![]);
    }

    #[test]
    fn autofill_ends_formatted_and_complete() {
        let mut frame = ready();
        let mut effects = Vec::new();
        for (field, value) in [
            (Field::Number, "4242424242424242"),
            (Field::Expiry, "12/2030"),
            (Field::Cvc, "123"),
            (Field::Name, "Ada Lovelace"),
        ] {
            effects.extend(type_in(&mut frame, field, value));
        }
        assert!(effects.contains(&Effect::Value(Field::Number, "4242 4242 4242 4242".into())));
        assert!(effects.contains(&Effect::Value(Field::Expiry, "12/30".into())));
        assert_eq!(
            posts(&effects),
            vec![FromFrame::State(FrameState {
                focused: false,
                invalid: false,
                complete: true
            })]
        );
        let checked = port(&mut frame, ToFrame::Check { id: 9 });
        assert_eq!(
            posts(&checked),
            vec![FromFrame::Checked {
                id: 9,
                invalid: None
            }]
        );
    }

    #[test]
    fn errors_show_on_leaving_a_typed_field_and_clear_once_it_is_right() {
        let mut frame = ready();
        frame.effects(
            Event::Arrive {
                field: Field::Number,
            },
            TODAY,
        );
        // An empty field left alone is judged on Check, not on leaving it.
        let left = frame.effects(
            Event::Leave {
                field: Field::Number,
                inside: true,
            },
            TODAY,
        );
        assert!(!left.iter().any(|e| matches!(e, Effect::Error(..))));
        type_in(&mut frame, Field::Number, "4242 4242");
        let left = frame.effects(
            Event::Leave {
                field: Field::Number,
                inside: false,
            },
            TODAY,
        );
        assert_eq!(
            left,
            vec![
                Effect::Error(Field::Number, "Your card number is incomplete.".into()),
                Effect::Post(FromFrame::State(FrameState {
                    focused: false,
                    invalid: true,
                    complete: false
                })),
            ]
        );
        // Still wrong while typing: the error stays.
        assert_eq!(type_in(&mut frame, Field::Number, "4242 4242 4242"), vec![]);
        let fixed = type_in(&mut frame, Field::Number, "4242 4242 4242 4242");
        assert_eq!(
            fixed,
            vec![
                Effect::Error(Field::Number, String::new()),
                Effect::Post(FromFrame::State(FrameState::default())),
            ]
        );
    }

    #[test]
    fn focus_moving_between_fields_posts_no_state() {
        let mut frame = ready();
        let arrive = frame.effects(
            Event::Arrive {
                field: Field::Number,
            },
            TODAY,
        );
        assert_eq!(posts(&arrive).len(), 1);
        let leave = frame.effects(
            Event::Leave {
                field: Field::Number,
                inside: true,
            },
            TODAY,
        );
        let arrive = frame.effects(
            Event::Arrive {
                field: Field::Expiry,
            },
            TODAY,
        );
        assert_eq!((leave, arrive), (vec![], vec![]));
    }

    #[test]
    fn check_shows_every_error_in_the_hosts_words_and_focuses_the_first() {
        let mut frame = ready();
        type_in(&mut frame, Field::Name, "Ada");
        let effects = port(&mut frame, ToFrame::Check { id: 3 });
        assert_eq!(
            effects,
            vec![
                Effect::Error(Field::Number, "Saisissez le numéro.".into()),
                Effect::Error(Field::Expiry, "Enter your card's expiry date.".into()),
                Effect::Error(Field::Cvc, "Enter your card's security code.".into()),
                Effect::Error(Field::Name, String::new()),
                Effect::Focus(Field::Number),
                Effect::Post(FromFrame::Checked {
                    id: 3,
                    invalid: Some(Field::Number)
                }),
                Effect::Post(FromFrame::State(FrameState {
                    focused: false,
                    invalid: true,
                    complete: false
                })),
            ]
        );
    }

    #[test]
    fn a_wrong_card_is_not_sent() {
        let mut frame = ready();
        fill(&mut frame, "4242 4242 4242 4241");
        let effects = port(&mut frame, ToFrame::Tokenize { id: 4 });
        assert!(!effects.iter().any(|e| matches!(e, Effect::Request { .. })));
        assert!(posts(&effects).contains(&FromFrame::Failed {
            id: 4,
            code: "card.invalid".into(),
            field: Some(Field::Number)
        }));
        assert!(effects.contains(&Effect::Focus(Field::Number)));
    }

    #[test]
    fn tokenize_sends_the_card_and_answers_with_its_summary_only() {
        let mut frame = ready();
        fill(&mut frame, "4242 4242 4242 4242");
        let effects = port(&mut frame, ToFrame::Tokenize { id: 5 });
        assert_eq!(
            effects,
            vec![Effect::Request {
                url: "http://127.0.0.1:8080/sandbox/cards".into(),
                project_id: "test-proj_checkoutSandbox".into(),
                body: r#"{"number":"4242424242424242","exp_month":12,"exp_year":2030,"cvc2":"123","name":"Ada Lovelace"}"#.into(),
            }]
        );
        // A second Tokenize while the first is on its way is ignored.
        assert_eq!(port(&mut frame, ToFrame::Tokenize { id: 6 }), vec![]);
        let effects = frame.effects(Event::Answer(Answer::Token("card_Zx81")), TODAY);
        let tokenized = FromFrame::Tokenized {
            id: 5,
            card: CardSummary {
                token: "card_Zx81".into(),
                brand: card::Brand::Visa,
                last4: "4242".into(),
                exp_month: 12,
                exp_year: 2030,
            },
        };
        assert_eq!(effects, vec![Effect::Post(tokenized)]);
        // The answer was the request's: a late duplicate changes nothing.
        assert_eq!(
            frame.effects(Event::Answer(Answer::Token("card_Other")), TODAY),
            vec![]
        );
    }

    fn answered(answer: Answer<'_>) -> Vec<Effect> {
        let mut frame = ready();
        fill(&mut frame, "4242 4242 4242 4242");
        port(&mut frame, ToFrame::Tokenize { id: 7 });
        frame.effects(Event::Answer(answer), TODAY)
    }

    fn failed(code: &str, field: Option<Field>) -> FromFrame {
        FromFrame::Failed {
            id: 7,
            code: code.into(),
            field,
        }
    }

    #[test]
    fn a_card_refused_for_a_field_shows_the_error_there() {
        let effects = answered(Answer::Refused("card.invalid-cvc"));
        assert_eq!(
            effects,
            vec![
                Effect::Error(Field::Cvc, "Your card's security code is not valid.".into()),
                Effect::Focus(Field::Cvc),
                Effect::Post(failed("card.invalid-cvc", Some(Field::Cvc))),
                Effect::Post(FromFrame::State(FrameState {
                    focused: false,
                    invalid: true,
                    complete: true
                })),
            ]
        );
    }

    #[test]
    fn other_failures_are_the_hosts_to_report() {
        for (answer, code) in [
            (Answer::Refused("card.declined"), "card.declined"),
            (Answer::Refused("not a code!"), "widget.invalid-response"),
            (
                Answer::Token("tok_4242424242424242"),
                "widget.invalid-response",
            ),
            (Answer::Unreadable(200), "widget.invalid-response"),
            (Answer::Unreadable(500), "widget.http-error"),
            (Answer::Unreadable(502), "proxy.upstream-unavailable"),
            (Answer::Unreadable(504), "gateway.timeout"),
            (Answer::Network, "widget.network"),
            (Answer::Timeout, "gateway.timeout"),
        ] {
            assert_eq!(
                answered(answer),
                vec![Effect::Post(failed(code, None))],
                "{answer:?}"
            );
        }
    }

    #[test]
    fn the_codes_are_checkout_cores() {
        for code in [
            codes::CARD_INVALID,
            codes::NETWORK,
            codes::TIMEOUT,
            codes::UNREADABLE,
            codes::HTTP_ERROR,
            codes::UPSTREAM_UNAVAILABLE,
        ] {
            assert!(
                !matches!(ErrorCode::parse(code), ErrorCode::Other(_)),
                "{code}"
            );
        }
    }

    #[test]
    fn lock_clear_show_and_focus_do_what_the_host_asks() {
        let mut frame = ready();
        fill(&mut frame, "4242 4242 4242 4242");
        assert_eq!(
            port(&mut frame, ToFrame::Lock(true)),
            vec![Effect::Lock(true)]
        );
        let cleared = port(&mut frame, ToFrame::Clear);
        assert_eq!(
            cleared,
            vec![
                Effect::Value(Field::Number, String::new()),
                Effect::Error(Field::Number, String::new()),
                Effect::Value(Field::Expiry, String::new()),
                Effect::Error(Field::Expiry, String::new()),
                Effect::Value(Field::Cvc, String::new()),
                Effect::Error(Field::Cvc, String::new()),
                Effect::Post(FromFrame::State(FrameState::default())),
            ]
        );
        // The name stays for the next card.
        assert_eq!(frame.value(Field::Name), "Ada Lovelace");
        let shown = port(
            &mut frame,
            ToFrame::Show {
                field: Field::Expiry,
                key: "card.expiry.past".into(),
            },
        );
        assert_eq!(
            shown[..2],
            [
                Effect::Error(
                    Field::Expiry,
                    "Your card's expiry date is in the past.".into()
                ),
                Effect::Focus(Field::Expiry),
            ]
        );
        let unknown = port(
            &mut frame,
            ToFrame::Show {
                field: Field::Name,
                key: "card.something-new".into(),
            },
        );
        assert_eq!(
            unknown[0],
            Effect::Error(Field::Name, "Please check your card details.".into())
        );
        assert_eq!(
            port(&mut frame, ToFrame::Focus(Edge::Last)),
            vec![Effect::Focus(Field::Name)]
        );
    }

    #[test]
    fn enter_submits_and_height_is_posted_when_it_changes() {
        let mut frame = ready();
        assert_eq!(
            frame.effects(Event::Enter, TODAY),
            vec![Effect::Post(FromFrame::Submit)]
        );
        assert_eq!(
            frame.effects(Event::Height(212), TODAY),
            vec![Effect::Post(FromFrame::Height(212))]
        );
        assert_eq!(frame.effects(Event::Height(212), TODAY), vec![]);
    }

    #[test]
    fn the_body_escapes_what_json_needs() {
        let mut text = String::new();
        push_json_string(&mut text, "O\"Brien \\ \u{1}");
        assert_eq!(text, r#""O\"Brien \\ \u0001""#);
        let mut n = String::new();
        push_decimal(&mut n, 2030);
        assert_eq!(n, "2030");
    }

    #[test]
    fn a_caret_counts_utf16_units() {
        assert_eq!(char_index("a😀b", 3), 2);
        assert_eq!(char_index("abc", 1), 1);
        assert_eq!(char_index("abc", 9), 3);
    }
}
