//! The skeleton every emulator shares, so that one piece of code serves where the logic is
//! the same: the store behind a lock, the credentials check, idempotent replay, and the
//! sandbox-only `POST .../orders` that creates an order for tests. Each emulator (Invoiss,
//! orders API) supplies only its dialect: its token, its JSON shapes and its error wording.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use checkout_core::json_money::money_from_json;
use checkout_core::{Currency, Money};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::bounded::Bounded;
use crate::emulated::{self, DemoOrder};
use crate::Sandbox;

/// What one emulator says and how: everything the shared handlers need from it.
pub trait Dialect: Default + Send + 'static {
    /// The whole `Authorization` header that unlocks the emulator.
    fn credentials() -> String;

    /// The 401 answer for missing or wrong credentials.
    fn unauthorized() -> Response;

    /// A 400 answer with `message`, in the emulator's error shape.
    fn bad_request(message: &str) -> Response;

    /// How the emulator's create-order request names its fields.
    fn order_wording() -> OrderWording;

    /// Reads the create-order body into the common form; `None` if it is not one.
    fn new_order(body: &[u8]) -> Option<NewOrder>;

    /// Keeps a created order and answers it as `GET` would.
    fn add_order(&mut self, order: DemoOrder) -> Response;
}

/// One emulator's state: the sandbox (whose tokenized cards it accepts) and its own store.
pub struct Emulator<D> {
    /// The ProcessOut sandbox, for `card_...` tokens and the seeded orders.
    pub sandbox: Sandbox,
    store: Arc<Mutex<D>>,
}

// Not derived: a derive would require `D: Clone`, and the store is shared, not copied.
impl<D> Clone for Emulator<D> {
    fn clone(&self) -> Self {
        Self {
            sandbox: self.sandbox.clone(),
            store: Arc::clone(&self.store),
        }
    }
}

impl<D: Dialect> Emulator<D> {
    /// An emulator over `store`, sharing `sandbox`'s cards.
    pub fn new(sandbox: &Sandbox, store: D) -> Self {
        Self {
            sandbox: sandbox.clone(),
            store: Arc::new(Mutex::new(store)),
        }
    }

    /// The store, recovering from poisoning: a panicked handler must not take it down.
    pub fn store(&self) -> MutexGuard<'_, D> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `answer` from the store if `headers` carry the emulator's credentials, else its 401.
    /// The store stays locked while `answer` runs, so a request is processed whole.
    pub fn with(&self, headers: &HeaderMap, answer: impl FnOnce(&mut D) -> Response) -> Response {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if given == Some(D::credentials().as_str()) {
            answer(&mut self.store())
        } else {
            D::unauthorized()
        }
    }
}

/// The `Idempotency-Key` header, if any.
pub fn idempotency_key(headers: &HeaderMap) -> Option<String> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// A request kept under its key, and its answer once there is one.
struct Kept<B> {
    request: Value,
    answer: Option<(StatusCode, B)>,
}

/// What a key says about a request.
pub enum Seen<B> {
    /// The key is new: process the request.
    New,
    /// The same request was answered: send this again.
    Answered(StatusCode, B),
    /// The same request is still being processed.
    InFlight,
    /// The key was used with another request.
    Conflict,
}

/// Answers kept per key (an `Idempotency-Key`, Invoiss's `paymentId`): the same request gets
/// the first answer again, and another request under a used key is refused, as providers do.
/// Bounded like every sandbox store: the oldest key is forgotten first.
pub struct Replays<B>(Bounded<Kept<B>>);

impl<B> Default for Replays<B> {
    fn default() -> Self {
        Self(Bounded::default())
    }
}

impl<B> Replays<B> {
    /// No key yet, at most `capacity` kept.
    pub fn with_capacity(capacity: usize) -> Self {
        Self(Bounded::with_capacity(capacity))
    }
}

impl<B: Clone> Replays<B> {
    /// What `key` says about `request`.
    pub fn seen(&self, key: &str, request: &Value) -> Seen<B> {
        match self.0.get(key) {
            None => Seen::New,
            Some(kept) if kept.request != *request => Seen::Conflict,
            Some(Kept {
                answer: Some((status, body)),
                ..
            }) => Seen::Answered(*status, body.clone()),
            Some(_) => Seen::InFlight,
        }
    }

    /// Marks `request` as being processed under `key`.
    pub fn start(&mut self, key: String, request: Value) {
        self.0.insert(
            key,
            Kept {
                request,
                answer: None,
            },
        );
    }

    /// Keeps the answer to `request` under `key`.
    pub fn keep(&mut self, key: String, request: Value, status: StatusCode, body: B) {
        let answer = Some((status, body));
        self.0.insert(key, Kept { request, answer });
    }
}

/// How an emulator's create-order request names its fields and ends its sentences.
pub struct OrderWording {
    /// The total's field, e.g. `grandTotal`.
    pub total: &'static str,
    /// A line's price field, given the line's index, e.g. `lineItems[0].price`.
    pub line_price: fn(usize) -> String,
    /// Appended to every message (`.` for an API that writes sentences).
    pub stop: &'static str,
    /// The currency of an order that names none; `None`: the currency is required.
    pub default_currency: Option<&'static str>,
    /// The prefix of the new order's id.
    pub id_prefix: &'static str,
}

/// A line of a create-order request: name, quantity (default 1), unit price.
pub type NewLine = (Option<String>, Option<u64>, Option<Box<RawValue>>);

/// A create-order request in the emulators' common form.
pub struct NewOrder {
    /// What is bought.
    pub name: Option<String>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// The total, as the JSON number's text.
    pub total: Option<Box<RawValue>>,
    /// The order's lines.
    pub lines: Vec<NewLine>,
}

impl NewOrder {
    /// A request naming `name`, `currency`, `total` and `lines`.
    pub fn new(
        name: Option<String>,
        currency: Option<String>,
        total: Option<Box<RawValue>>,
        lines: Vec<NewLine>,
    ) -> Self {
        Self {
            name,
            currency,
            total,
            lines,
        }
    }

    /// The order it describes, amounts exact, or why it cannot be one.
    fn build(self, wording: &OrderWording) -> Result<DemoOrder, String> {
        let stop = wording.stop;
        let code = self.currency.as_deref().or(wording.default_currency);
        let currency = Currency::parse("currency", code.unwrap_or(""))
            .map_err(|_| format!("currency must be an ISO 4217 code{stop}"))?;
        let amount = |field: &str, raw: Option<Box<RawValue>>| match raw {
            Some(raw) => money_from_json(field, &raw, currency).map_err(|e| e.to_string()),
            None => Err(format!("{field} is required{stop}")),
        };
        let total = amount(wording.total, self.total)?;
        let mut lines = Vec::new();
        for (i, (name, quantity, price)) in self.lines.into_iter().enumerate() {
            let price = amount(&(wording.line_price)(i), price)?;
            lines.push((name.unwrap_or_default(), quantity.unwrap_or(1), price, None));
        }
        Ok(DemoOrder {
            id: emulated::short_id(wording.id_prefix),
            name: self.name.unwrap_or_else(|| "Order".into()),
            total,
            lines,
            tax: Money::zero(currency),
            shipping: Money::zero(currency),
        })
    }
}

/// `POST .../orders` (sandbox only): a fresh unpaid order, for tests.
pub async fn create_order<D: Dialect>(
    State(emulator): State<Emulator<D>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    emulator.with(&headers, |store| {
        let wording = D::order_wording();
        let Some(new) = D::new_order(&body) else {
            return D::bad_request(&format!("The body must be a JSON order{}", wording.stop));
        };
        match new.build(&wording) {
            Ok(order) => store.add_order(order),
            Err(message) => D::bad_request(&message),
        }
    })
}

/// The lines of `order` in an emulator's shape, amounts as exact JSON numbers.
pub fn lines_json<'a, L>(
    order: &'a DemoOrder,
    line: impl Fn(&'a str, u64, Box<RawValue>, Option<Box<RawValue>>) -> L,
) -> Result<Vec<L>, crate::SandboxError> {
    let mut lines = Vec::new();
    for (name, quantity, price, discount) in &order.lines {
        let discount = discount.as_ref().map(emulated::number).transpose()?;
        lines.push(line(name, *quantity, emulated::number(price)?, discount));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_replays_its_answer_and_refuses_another_request() {
        let mut replays = Replays::default();
        let first = serde_json::json!({"amount": 1});
        assert!(matches!(replays.seen("k", &first), Seen::New));
        replays.start("k".into(), first.clone());
        assert!(matches!(replays.seen("k", &first), Seen::InFlight));
        replays.keep("k".into(), first.clone(), StatusCode::OK, "done");
        assert!(matches!(
            replays.seen("k", &first),
            Seen::Answered(StatusCode::OK, "done")
        ));
        let other = serde_json::json!({"amount": 2});
        assert!(matches!(replays.seen("k", &other), Seen::Conflict));
    }
}
