//! checkout-sandbox: a ProcessOut-compatible sandbox, plus Invoiss and orders-API emulators,
//! with the same paths, JSON shapes and error types as the seeds describe, so the proxy talks
//! to it over real HTTP exactly as to a provider. See docs/api.md for the test cards, saved
//! tokens, idempotency rule and fault injection.
//!
//! A crate of its own so that a production proxy (checkout-proxy without its `sandbox`
//! feature) carries none of this code. It depends on checkout-core only, never on the proxy.

#![deny(missing_docs)]
// Requests come from the network: a bad one gets an error answer, never a crash.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod authorize;
pub mod balancer;
pub mod bounded;
mod call;
pub mod cards;
mod customers;
mod emulated;
mod emulator;
pub mod error;
pub mod faults;
mod ids;
mod invoices;
pub mod invoiss;
pub mod orders;
mod payments;
mod records;
mod seed;
mod threeds;
mod transactions;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use bounded::Bounded;
use serde_json::{Map, Value};

use checkout_core::secret::Secret;
use checkout_core::ErrorCode;

pub use error::{Resource, SandboxError};

pub use bounded::STORE_CAPACITY;
pub use ids::new_id;
pub use seed::{
    RETURNING_CUSTOMER_ID, RETURNING_EXPIRED_TOKEN_ID, RETURNING_INVOICE_ID, RETURNING_TOKEN_ID,
    SEEDED_INVOICE_IDS,
};

/// Where the Invoiss emulator is mounted under the sandbox's own mount (`/sandbox`).
pub const INVOISS_MOUNT: &str = "/invoiss";
/// Where the orders-API emulator is mounted under the sandbox's own mount (`/sandbox`).
pub const ORDERS_MOUNT: &str = "/orders";
/// Token of the Invoiss emulator. Public on purpose: it only unlocks the sandbox.
pub const SANDBOX_INVOISS_TOKEN: &str = "invoiss_sandbox_checkoutWidgetDemoToken0001";
/// Token of the orders-API emulator. Public on purpose: it only unlocks the sandbox.
pub const SANDBOX_ORDERS_TOKEN: &str = "orders_sandbox_checkoutWidgetDemoToken0001";

/// How long the pending test card stays `pending` before it becomes `completed`.
pub const PENDING_DELAY: Duration = Duration::from_secs(2);

/// A tokenized card as the sandbox keeps it: the number stays inside the sandbox.
pub(crate) struct StoredCard {
    number: String,
    single_use: bool,
    used: bool,
    public: Value,
}

/// A 3-D Secure step waiting for the customer.
pub(crate) struct ThreeDs {
    invoice_id: String,
    card_id: String,
    token_id: Option<String>,
    challenge: bool,
    outcome: Option<bool>,
    consumed: bool,
}

/// The ProcessOut sandbox's objects, each kind bounded ([`bounded`]).
pub(crate) struct Store {
    invoices: Bounded<Value>,
    transactions: Bounded<Value>,
    cards: Bounded<StoredCard>,
    /// Payment calls per `{action}:{invoice}:{Idempotency-Key}`, in flight or answered.
    idempotency: emulator::Replays<Value>,
    three_ds: Bounded<ThreeDs>,
    customers: Bounded<customers::StoredCustomer>,
    tokens: Bounded<customers::StoredToken>,
}

impl Store {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            invoices: Bounded::with_capacity(capacity),
            transactions: Bounded::with_capacity(capacity),
            cards: Bounded::with_capacity(capacity),
            idempotency: emulator::Replays::with_capacity(capacity),
            three_ds: Bounded::with_capacity(capacity),
            customers: Bounded::with_capacity(capacity),
            tokens: Bounded::with_capacity(capacity),
        }
    }
}

struct Inner {
    project_id: String,
    private_key: Secret,
    store: Mutex<Store>,
    faults: faults::Faults,
    /// Entries per store, for the emulators' stores too.
    capacity: usize,
}

/// The sandbox's state: its credentials and the objects created so far. Cheap to clone.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

impl Sandbox {
    /// A sandbox with the seeded demo invoices, accepting `project_id`:`private_key`, each
    /// store bounded to [`STORE_CAPACITY`] entries.
    pub fn new(project_id: &str, private_key: &Secret) -> Self {
        Self::with_capacity(project_id, private_key, STORE_CAPACITY)
    }

    /// [`Sandbox::new`] with at most `capacity` created entries per store (the oldest is
    /// evicted; seeded objects always stay), so tests can see the bound without 10,000 calls.
    pub fn with_capacity(project_id: &str, private_key: &Secret, capacity: usize) -> Self {
        let mut store = Store::with_capacity(capacity);
        for invoice in seed::invoices(project_id) {
            if let Some(id) = invoice.get("id").and_then(Value::as_str) {
                store.invoices.pin(id.to_string(), invoice.clone());
            }
        }
        seed::customers(project_id, &mut store);
        Self {
            inner: Arc::new(Inner {
                project_id: project_id.to_string(),
                private_key: private_key.clone(),
                store: Mutex::new(store),
                faults: faults::Faults::default(),
                capacity: capacity.max(1),
            }),
        }
    }

    /// Routes mounted at `/sandbox`.
    pub fn routes(self) -> Router {
        Router::new()
            .route("/invoices", post(invoices::create))
            .route("/invoices/{invoice_id}", get(invoices::get))
            .route("/invoices/{invoice_id}/authorize", post(payments::call))
            .route("/invoices/{invoice_id}/capture", post(payments::call))
            .route("/invoices/{invoice_id}/void", post(payments::call))
            .route(
                "/transactions/{transaction_id}",
                get(payments::get_transaction),
            )
            // Browsers post cards here from pages and card frames of any origin (ProcessOut.js
            // does the same with ProcessOut's API): this route alone is open to them.
            .route(
                "/cards",
                post(cards::tokenize)
                    .options(cards::preflight)
                    .layer(axum::middleware::from_fn(cards::open_to_any_origin)),
            )
            .route("/cards/{card_id}", get(cards::get_card))
            .route("/customers", post(customers::create))
            .route("/customers/{customer_id}", get(customers::get))
            .route(
                "/customers/{customer_id}/tokens",
                get(customers::list_tokens).post(customers::create_token),
            )
            .route(
                "/customers/{customer_id}/tokens/{token_id}",
                get(customers::get_token).delete(customers::delete_token),
            )
            .route("/3ds/issuer.js", get(threeds::script))
            .route("/3ds/{kind}/{reference}", get(threeds::page))
            .route("/3ds/{reference}/complete", post(threeds::complete))
            .route("/_faults", post(faults::set).delete(faults::clear))
            .nest(INVOISS_MOUNT, invoiss::routes(&self))
            .nest(ORDERS_MOUNT, orders::routes(&self))
            .with_state(self)
    }

    /// The store, recovering from poisoning: a panicked handler must not take the sandbox down.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.inner
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
        let raw = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
            .and_then(|raw| String::from_utf8(raw).ok())?;
        let (user, password) = raw.split_once(':').unwrap_or((raw.as_str(), ""));
        Some((user.to_string(), password.to_string()))
    }

    /// Checks HTTP Basic credentials as ProcessOut does: project id and private key.
    fn authenticate(&self, headers: &HeaderMap) -> Result<(), SandboxError> {
        match Self::basic_credentials(headers) {
            Some((user, key))
                if user == self.inner.project_id && key == self.inner.private_key.expose() =>
            {
                Ok(())
            }
            _ => Err(authentication_error()),
        }
    }

    /// The public (browser) credentials: the project id with no key, or the private key.
    fn authenticate_public(&self, headers: &HeaderMap) -> Result<(), SandboxError> {
        match Self::basic_credentials(headers) {
            Some((user, key))
                if user == self.inner.project_id
                    && (key.is_empty() || key == self.inner.private_key.expose()) =>
            {
                Ok(())
            }
            _ => Err(authentication_error()),
        }
    }
}

fn authentication_error() -> SandboxError {
    SandboxError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::RequestAuthenticationInvalid,
        "The API credentials could not be verified.",
    )
}

/// Reads a request body sent as JSON or, like the seeds' curl examples, form-encoded.
fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, SandboxError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if is_json {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(SandboxError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::RequestBadFormat,
                "The request body is not a JSON object.",
            )),
        }
    } else {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|_| {
            SandboxError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::RequestBadFormat,
                "The request body is not valid form data.",
            )
        })?;
        Ok(pairs
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect())
    }
}
