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

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::{Currency, ErrorCode, Money};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::cards::{self, Behaviour};
use super::emulated::{self, DemoOrder};
use super::Sandbox;
use crate::error::SandboxError;
use crate::SANDBOX_ORDERS_TOKEN;
use checkout_core::json_money::money_from_json;

/// States in which a payment still holds (or may still take) the customer's money: an
/// order with such a payment is not paid again.
const LIVE_STATES: [&str; 8] = [
    "created",
    "processing",
    "on_retry",
    "reserved",
    "captured",
    "succeeded",
    "partial_refund",
    "refund_failed",
];

/// The backend `status_code` the emulator gives for a test card's decline.
pub fn status_code(core_code: &str) -> &'static str {
    match core_code {
        "card.no-money" => "insufficient_funds",
        "card.expired" => "expired_card",
        "card.do-not-honor" => "do_not_honor",
        "card.possible-fraud" => "fraudulent",
        "card.stolen" => "stolen_card",
        "card.failed-cvc" => "incorrect_cvc",
        "card.failed-avs" => "address_verification_failed",
        "card.not-authorized" => "transaction_not_allowed",
        _ => "card_declined",
    }
}

struct StoredPayment {
    id: String,
    orders: Vec<String>,
    total: Money,
    human_id: String,
    payment_method: String,
    state: &'static str,
    status_code: Option<&'static str>,
    error_message: Option<&'static str>,
}

/// An answer kept for an idempotency key: the request and the exact bytes sent.
struct Replay {
    request: Value,
    status: StatusCode,
    body: String,
}

#[derive(Default)]
struct Store {
    orders: HashMap<String, DemoOrder>,
    payments: Vec<StoredPayment>,
    idempotency: HashMap<String, Replay>,
}

#[derive(Clone)]
struct Emulator {
    sandbox: Sandbox,
    store: Arc<Mutex<Store>>,
}

impl Emulator {
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The emulator's routes, sharing `sandbox`'s tokenized cards.
pub fn routes<S: Clone + Send + Sync + 'static>(sandbox: &Sandbox) -> Router<S> {
    let orders = emulated::demo_orders(&sandbox.inner.project_id)
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect();
    let emulator = Emulator {
        sandbox: sandbox.clone(),
        store: Arc::new(Mutex::new(Store {
            orders,
            ..Store::default()
        })),
    };
    Router::new()
        .route("/orders", post(create_order))
        .route("/orders/{order_id}", get(get_order))
        .route("/payments/orders", post(pay))
        .route("/payments", get(list_payments))
        .route("/payments/{payment_id}", get(get_payment))
        .with_state(emulator)
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

/// `None` when the credentials are the emulator's, else the 401 answer.
fn denied(headers: &HeaderMap) -> Option<Response> {
    let expected = format!("Bearer {SANDBOX_ORDERS_TOKEN}");
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if given == Some(expected.as_str()) {
        None
    } else {
        Some(error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "The bearer token is missing or invalid.",
        ))
    }
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
    let mut line_items = Vec::new();
    for (name, quantity, price, discount) in &order.lines {
        line_items.push(LineJson {
            name,
            quantity: *quantity,
            unit_price: emulated::number(price)?,
            discount_amount: discount.as_ref().map(emulated::number).transpose()?,
        });
    }
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

#[derive(Serialize)]
struct User {
    id: &'static str,
}

/// Seed 004's Payment object, every attribute, amounts as exact JSON numbers.
#[derive(Serialize)]
struct PaymentJson<'a> {
    id: &'a str,
    user: User,
    amount: Box<RawValue>,
    amount_paid: Box<RawValue>,
    amount_reserved: Box<RawValue>,
    currency: &'a str,
    human_id: &'a str,
    subject: &'a str,
    current_state: &'a str,
    active: bool,
    payment_date: Option<i64>,
    payment_method: &'a str,
    billing_address: Option<Value>,
    description: Option<&'a str>,
    metadata: Vec<Value>,
    status_code: Option<&'a str>,
    error_message: Option<&'a str>,
}

fn payment_json(p: &StoredPayment) -> Result<PaymentJson<'_>, SandboxError> {
    let zero = Money::zero(p.total.currency());
    let paid = matches!(
        p.state,
        "captured" | "succeeded" | "partial_refund" | "refund_failed"
    );
    Ok(PaymentJson {
        id: &p.id,
        user: User {
            id: "user_checkoutSandbox",
        },
        amount: emulated::number(&p.total)?,
        amount_paid: emulated::number(if paid { &p.total } else { &zero })?,
        amount_reserved: emulated::number(if p.state == "reserved" {
            &p.total
        } else {
            &zero
        })?,
        currency: p.total.currency().code(),
        human_id: &p.human_id,
        subject: p.orders.first().map(String::as_str).unwrap_or(""),
        current_state: p.state,
        active: true,
        payment_date: None,
        payment_method: &p.payment_method,
        billing_address: None,
        description: None,
        metadata: Vec::new(),
        status_code: p.status_code,
        error_message: p.error_message,
    })
}

fn payment_text(p: &StoredPayment) -> Result<String, SandboxError> {
    serde_json::to_string(&payment_json(p)?).map_err(|e| {
        SandboxError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::GatewayUnknownError,
            e.to_string(),
        )
    })
}

fn json_text(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn get_order(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(order_id): Path<String>,
) -> Response {
    if let Some(denied) = denied(&headers) {
        return denied;
    }
    let store = emulator.store();
    let Some(order) = store.orders.get(&order_id) else {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            "The order does not exist.",
        );
    };
    match order_json(order) {
        Ok(order) => Json(order).into_response(),
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
struct NewOrder {
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

/// `POST /orders` (sandbox only): a fresh unpaid order, for tests.
async fn create_order(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(denied) = denied(&headers) {
        return denied;
    }
    let bad = |message: &str| error(StatusCode::BAD_REQUEST, "invalid_request", message);
    let Ok(new) = serde_json::from_slice::<NewOrder>(&body) else {
        return bad("The body must be a JSON order.");
    };
    let Ok(currency) = Currency::parse("currency", new.currency.as_deref().unwrap_or("")) else {
        return bad("currency must be an ISO 4217 code.");
    };
    let total = match new.amount.map(|a| money_from_json("amount", &a, currency)) {
        Some(Ok(total)) => total,
        Some(Err(e)) => return bad(&e.to_string()),
        None => return bad("amount is required."),
    };
    let mut lines = Vec::new();
    for (i, line) in new.line_items.unwrap_or_default().into_iter().enumerate() {
        let field = format!("line_items[{i}].unit_price");
        let price = match line
            .unit_price
            .map(|p| money_from_json(&field, &p, currency))
        {
            Some(Ok(price)) => price,
            Some(Err(e)) => return bad(&e.to_string()),
            None => return bad(&format!("{field} is required.")),
        };
        lines.push((
            line.name.unwrap_or_default(),
            line.quantity.unwrap_or(1),
            price,
            None,
        ));
    }
    let order = DemoOrder {
        id: emulated::short_id("ord"),
        name: new.name.unwrap_or_else(|| "Order".into()),
        total,
        lines,
        tax: Money::zero(currency),
        shipping: Money::zero(currency),
    };
    let response = match order_json(&order) {
        Ok(json) => Json(json).into_response(),
        Err(e) => return internal(e),
    };
    emulator.store().orders.insert(order.id.clone(), order);
    response
}

#[derive(Deserialize)]
struct PayIn {
    orders: Option<Vec<String>>,
    payment_method: Option<String>,
}

/// `POST /payments/orders`.
async fn pay(State(emulator): State<Emulator>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(denied) = denied(&headers) {
        return denied;
    }
    let (Ok(request), Ok(parsed)) = (
        serde_json::from_slice::<Value>(&body),
        serde_json::from_slice::<PayIn>(&body),
    ) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be {\"orders\": [...], \"payment_method\": \"...\"}.",
        );
    };
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut store = emulator.store();
    if let Some(key) = &key {
        if let Some(replay) = store.idempotency.get(key) {
            if replay.request != request {
                return error(
                    StatusCode::CONFLICT,
                    "idempotency_key_reused",
                    "This Idempotency-Key was already used with a different request.",
                );
            }
            tracing::info!("orders emulator replayed an idempotent answer");
            return json_text(replay.status, replay.body.clone());
        }
    }
    let (status, body) = match pay_orders(&emulator, &mut store, parsed) {
        Ok(answer) => answer,
        Err(refusal) => return refusal.response(),
    };
    if let Some(key) = key {
        store.idempotency.insert(
            key,
            Replay {
                request,
                status,
                body: body.clone(),
            },
        );
    }
    drop(store);
    json_text(status, body)
}

/// An error answer: HTTP status, `status_code`, `error_message`.
struct Refusal(StatusCode, &'static str, String);

impl Refusal {
    fn internal(e: SandboxError) -> Self {
        Self(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            e.message().to_string(),
        )
    }

    fn response(self) -> Response {
        error(self.0, self.1, &self.2)
    }
}

fn pay_orders(
    emulator: &Emulator,
    store: &mut Store,
    request: PayIn,
) -> Result<(StatusCode, String), Refusal> {
    let bad = |message: &str| Refusal(StatusCode::BAD_REQUEST, "invalid_request", message.into());
    let orders = request
        .orders
        .filter(|o| !o.is_empty())
        .ok_or_else(|| bad("orders is required."))?;
    let method = request
        .payment_method
        .filter(|m| !m.is_empty())
        .ok_or_else(|| bad("payment_method is required."))?;
    let mut sorted = orders.clone();
    sorted.sort();
    sorted.dedup();
    if sorted.len() != orders.len() {
        return Err(bad("orders lists an order twice."));
    }
    let mut total: Option<Money> = None;
    for id in &orders {
        let order = store.orders.get(id).ok_or_else(|| {
            Refusal(
                StatusCode::NOT_FOUND,
                "order_not_found",
                "An order does not exist.".into(),
            )
        })?;
        total = Some(match total {
            None => order.total,
            Some(sum) => sum
                .checked_add(&order.total)
                .map_err(|_| bad("orders paid together must share one currency."))?,
        });
    }
    let total = total.ok_or_else(|| bad("orders is required."))?;
    let live = store
        .payments
        .iter()
        .find(|p| LIVE_STATES.contains(&p.state) && p.orders.iter().any(|o| orders.contains(o)));
    if let Some(existing) = live {
        if existing.orders == orders {
            tracing::info!("orders emulator answered an already-paid order with its payment");
            return Ok((
                StatusCode::OK,
                payment_text(existing).map_err(Refusal::internal)?,
            ));
        }
        return Err(Refusal(
            StatusCode::CONFLICT,
            "order_already_paid",
            "An order in this request already has a payment.".into(),
        ));
    }
    let behaviour = emulated::token_behaviour(&emulator.sandbox, &method).map_err(|e| {
        Refusal(
            StatusCode::BAD_REQUEST,
            "payment_method_not_found",
            e.into(),
        )
    })?;
    let (state, status_code, error_message) = match behaviour {
        Behaviour::Decline(code) => (
            "failed",
            Some(status_code(code)),
            Some(cards::decline_message(code)),
        ),
        Behaviour::Challenge | Behaviour::FingerprintThenFail => (
            "failed",
            Some("authentication_required"),
            Some("The card requires authentication, which this payment method does not offer."),
        ),
        Behaviour::PendingThenComplete => ("processing", None, None),
        _ => ("succeeded", None, None),
    };
    let payment = StoredPayment {
        id: super::new_id("pay"),
        orders,
        total,
        human_id: emulated::human_id(),
        payment_method: method,
        state,
        status_code,
        error_message,
    };
    tracing::info!(
        state,
        payment_method = %checkout_core::secret::mask(&payment.payment_method),
        "orders emulator created a payment"
    );
    let text = payment_text(&payment).map_err(Refusal::internal)?;
    if state == "processing" {
        let later = emulator.clone();
        let id = payment.id.clone();
        tokio::spawn(async move {
            tokio::time::sleep(super::PENDING_DELAY).await;
            let mut store = later.store();
            if let Some(p) = store.payments.iter_mut().find(|p| p.id == id) {
                if p.state == "processing" {
                    p.state = "succeeded";
                }
            }
        });
    }
    store.payments.push(payment);
    Ok((StatusCode::OK, text))
}

async fn get_payment(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(payment_id): Path<String>,
) -> Response {
    if let Some(denied) = denied(&headers) {
        return denied;
    }
    let store = emulator.store();
    let Some(payment) = store.payments.iter().find(|p| p.id == payment_id) else {
        return error(
            StatusCode::NOT_FOUND,
            "not_found",
            "The payment does not exist.",
        );
    };
    match payment_text(payment) {
        Ok(text) => json_text(StatusCode::OK, text),
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    size: Option<usize>,
    page: Option<usize>,
    status: Option<String>,
}

/// `GET /payments`: newest first, `size` (default 10) per `page` (default 0), optionally
/// only one `status` (a `current_state`).
async fn list_payments(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    if let Some(denied) = denied(&headers) {
        return denied;
    }
    let size = query.size.unwrap_or(10).clamp(1, 100);
    let page = query.page.unwrap_or(0);
    let store = emulator.store();
    let matching: Vec<&StoredPayment> = store
        .payments
        .iter()
        .rev()
        .filter(|p| query.status.as_deref().is_none_or(|s| s == p.state))
        .collect();
    let mut items = Vec::new();
    for p in matching.iter().skip(page.saturating_mul(size)).take(size) {
        match payment_json(p) {
            Ok(json) => items.push(json),
            Err(e) => return internal(e),
        }
    }
    #[derive(Serialize)]
    struct Page<'a> {
        items: Vec<PaymentJson<'a>>,
        page: usize,
        size: usize,
        total: usize,
    }
    Json(Page {
        items,
        page,
        size,
        total: matching.len(),
    })
    .into_response()
}
