//! An emulator of the orders payment API (seed 004), mounted at `/sandbox/orders`, for the
//! endpoints the adapter (`provider::orders`) uses, in the shapes it assumes:
//!
//! - `POST /payments/orders` `{orders, payment_method}`: pays the orders with one Payment.
//!   The payment method is a payment token: the sandbox's test cards decide the outcome
//!   (`tok_test4242424242424242` `succeeded`, `tok_test4000000000002206` `failed` with
//!   `status_code` `insufficient_funds`, `tok_test4000000000000309` `processing`, then
//!   `succeeded` after `PENDING_DELAY`). The same `Idempotency-Key` replays the first
//!   answer (another body with it is refused), and an order with a live payment is never
//!   paid again: the same orders get that payment back, others a 409 `order_already_paid`.
//! - `GET /payments/{payment-id}` and `GET /payments` (seed 004's list, with `size`,
//!   `page` and `status`).
//! - `GET /orders/{order-id}`, and `POST /orders` (sandbox only, for tests) from
//!   `{name, currency, amount, line_items?}`.
//!
//! Authentication: `Authorization: Bearer {SANDBOX_ORDERS_TOKEN}`. Seeded orders:
//! the ProcessOut sandbox's demo invoices under the same ids without `iv_` (`demoBooksEUR`).

mod payments;

use std::collections::VecDeque;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use serde_json::value::RawValue;

use super::emulated::{self, DemoOrder};
use super::Sandbox;
use crate::bounded::Bounded;
use crate::emulator::{self, Dialect, NewOrder, OrderWording, Replays};
use crate::error::SandboxError;
use crate::SANDBOX_ORDERS_TOKEN;
use payments::StoredPayment;

pub use payments::status_code;

#[derive(Default)]
struct Store {
    orders: Bounded<DemoOrder>,
    /// Oldest first, at most `orders.capacity()` ([`crate::bounded`]).
    payments: VecDeque<StoredPayment>,
    /// Answers per `Idempotency-Key`: the request and the exact bytes sent.
    idempotency: Replays<String>,
}

type Emulator = emulator::Emulator<Store>;

impl Dialect for Store {
    fn credentials() -> String {
        format!("Bearer {SANDBOX_ORDERS_TOKEN}")
    }

    fn unauthorized() -> Response {
        error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "The bearer token is missing or invalid.",
        )
    }

    fn bad_request(message: &str) -> Response {
        error(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    fn new_order(body: &[u8]) -> Option<NewOrder> {
        let new: NewOrderIn = serde_json::from_slice(body).ok()?;
        let lines = new.line_items.unwrap_or_default().into_iter();
        let lines = lines.map(|l| (l.name, l.quantity, l.unit_price)).collect();
        Some(NewOrder::new(new.name, new.currency, new.amount, lines))
    }

    fn add_order(&mut self, order: DemoOrder) -> Response {
        let response = match order_json(&order) {
            Ok(json) => Json(json).into_response(),
            Err(e) => return internal(e),
        };
        self.orders.insert(order.id.clone(), order);
        response
    }

    fn order_wording() -> OrderWording {
        OrderWording {
            total: "amount",
            line_price: |i| format!("line_items[{i}].unit_price"),
            stop: ".",
            default_currency: None,
            id_prefix: "ord",
        }
    }
}

/// The emulator's routes, sharing `sandbox`'s tokenized cards.
pub fn routes<S: Clone + Send + Sync + 'static>(sandbox: &Sandbox) -> Router<S> {
    let capacity = sandbox.inner.capacity;
    let mut store = Store {
        orders: Bounded::with_capacity(capacity),
        payments: VecDeque::new(),
        idempotency: Replays::with_capacity(capacity),
    };
    for order in emulated::demo_orders(&sandbox.inner.project_id) {
        store.orders.pin(order.id.clone(), order);
    }
    Router::new()
        .route("/orders", post(emulator::create_order::<Store>))
        .route("/orders/{order_id}", get(get_order))
        .route("/payments/orders", post(payments::pay))
        .route("/payments", get(payments::list_payments))
        .route("/payments/{payment_id}", get(payments::get_payment))
        .with_state(Emulator::new(sandbox, store))
}

fn error(status: StatusCode, status_code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({ "status_code": status_code, "error_message": message })),
    )
        .into_response()
}

fn internal(e: SandboxError) -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        e.message(),
    )
}

#[derive(Serialize)]
struct OrderJson<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    currency: &'a str,
    amount: Box<RawValue>,
    tax_amount: Box<RawValue>,
    shipping_amount: Box<RawValue>,
    line_items: Vec<LineJson<'a>>,
}

#[derive(Serialize)]
struct LineJson<'a> {
    name: &'a str,
    quantity: u64,
    unit_price: Box<RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount_amount: Option<Box<RawValue>>,
}

fn order_json(order: &DemoOrder) -> Result<OrderJson<'_>, SandboxError> {
    let line_items = emulator::lines_json(order, |name, quantity, price, discount| LineJson {
        name,
        quantity,
        unit_price: price,
        discount_amount: discount,
    })?;
    Ok(OrderJson {
        id: &order.id,
        name: &order.name,
        description: None,
        currency: order.currency().code(),
        amount: emulated::number(&order.total)?,
        tax_amount: emulated::number(&order.tax)?,
        shipping_amount: emulated::number(&order.shipping)?,
        line_items,
    })
}

fn json_text(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The answer for an object looked up by id: it, a 404 naming `what`, or a 500.
fn found<T>(
    object: Option<Result<T, SandboxError>>,
    what: &str,
    answer: impl FnOnce(T) -> Response,
) -> Response {
    match object {
        Some(Ok(object)) => answer(object),
        Some(Err(e)) => internal(e),
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("The {what} does not exist."),
        ),
    }
}

async fn get_order(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(order_id): Path<String>,
) -> Response {
    emulator.with(&headers, |store| {
        let order = store.orders.get(&order_id).map(order_json);
        found(order, "order", |order| Json(order).into_response())
    })
}

/// `POST /orders`'s body.
#[derive(Deserialize)]
struct NewOrderIn {
    name: Option<String>,
    currency: Option<String>,
    amount: Option<Box<RawValue>>,
    line_items: Option<Vec<NewLine>>,
}

#[derive(Deserialize)]
struct NewLine {
    name: Option<String>,
    quantity: Option<u64>,
    unit_price: Option<Box<RawValue>>,
}
