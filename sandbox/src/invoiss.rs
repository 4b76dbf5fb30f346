//! An Invoiss emulator (seed 003), mounted at `/sandbox/invoiss`, for the endpoints the
//! adapter (`provider::invoiss`) uses:
//!
//! - `POST /public/payments/process`: the seed's payment request and `{success, message}`
//!   answer. The `signature` is the payment token: the sandbox's test cards decide the
//!   outcome (`tok_test4242424242424242` pays, `tok_test4000000000002206` is declined for
//!   funds). One `paymentId` is one payment: repeated with the same body it replays the
//!   first answer, with another body it is refused; a paid order is never paid again.
//! - `GET /public/orders/{orderId}`: the order, in the shape the adapter assumes; `status`
//!   `PAID` (with the `paymentId` that paid it) or `UNPAID`.
//! - `GET /_orders/{orderId}/payments` (sandbox only, for tests): the `paymentId`s processed
//!   for the order.
//! - `POST /public/orders` (sandbox only, for tests): creates an order from
//!   `{title, currency, grandTotal, lineItems?}`.
//!
//! Authentication is the seed's: `Authorization: {token}`, the token being
//! [`crate::SANDBOX_INVOISS_TOKEN`]. Seeded orders: the ProcessOut sandbox's demo invoices
//! under the same ids without `iv_` (`demoBooksEUR`), and the seed's own `order_123456`
//! (100.00 USD).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::{Currency, ErrorCode, Money};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::cards::Behaviour;
use super::emulated::{self, DemoOrder};
use super::Sandbox;
use crate::bounded::Bounded;
use crate::emulator::{self, Dialect, NewOrder, OrderWording, Replays, Seen};
use crate::error::SandboxError;
use crate::SANDBOX_INVOISS_TOKEN;
use checkout_core::json_money::money_from_json;

/// Id of the seed's example order.
pub const SEED_ORDER_ID: &str = "order_123456";

struct StoredOrder {
    order: DemoOrder,
    /// The `paymentId` that paid the order, shown as the order's `paymentId`.
    paid_by: Option<String>,
    /// Every `paymentId` processed for the order (replays excluded), success or not, for
    /// tests: `GET /_orders/{id}/payments`.
    processed: Vec<String>,
}

impl StoredOrder {
    fn new(order: DemoOrder) -> Self {
        Self {
            order,
            paid_by: None,
            processed: Vec::new(),
        }
    }
}

#[derive(Default)]
struct Store {
    orders: Bounded<StoredOrder>,
    /// Answers per `paymentId`, replayed for the same request.
    payments: Replays<Value>,
}

type Emulator = emulator::Emulator<Store>;

impl Dialect for Store {
    fn credentials() -> String {
        SANDBOX_INVOISS_TOKEN.to_string()
    }

    fn unauthorized() -> Response {
        respond(answer(
            StatusCode::UNAUTHORIZED,
            false,
            "Unauthorized: invalid token",
        ))
    }

    fn bad_request(message: &str) -> Response {
        respond(answer(StatusCode::BAD_REQUEST, false, message))
    }

    fn order_wording() -> OrderWording {
        OrderWording {
            total: "grandTotal",
            line_price: |i| format!("lineItems[{i}].price"),
            stop: "",
            default_currency: Some("USD"),
            id_prefix: "order",
        }
    }

    fn new_order(body: &[u8]) -> Option<NewOrder> {
        let new: NewOrderIn = serde_json::from_slice(body).ok()?;
        let lines = new.line_items.unwrap_or_default().into_iter();
        let lines = lines.map(|l| (l.name, l.quantity, l.price)).collect();
        Some(NewOrder::new(
            new.title,
            new.currency,
            new.grand_total,
            lines,
        ))
    }

    fn add_order(&mut self, order: DemoOrder) -> Response {
        let stored = StoredOrder::new(order);
        let response = order_response(&stored);
        if response.status().is_success() {
            self.orders.insert(stored.order.id.clone(), stored);
        }
        response
    }
}

/// The emulator's routes, sharing `sandbox`'s tokenized cards.
pub fn routes<S: Clone + Send + Sync + 'static>(sandbox: &Sandbox) -> Router<S> {
    let capacity = sandbox.inner.capacity;
    let mut store = Store {
        orders: Bounded::with_capacity(capacity),
        payments: Replays::with_capacity(capacity),
    };
    let mut seeded = emulated::demo_orders(&sandbox.inner.project_id);
    if let Ok(usd) = Currency::parse("currency", "USD") {
        if let Ok(total) = Money::parse("amount", "100.00", usd) {
            seeded.push(DemoOrder {
                id: SEED_ORDER_ID.to_string(),
                name: "Seed example order".to_string(),
                total,
                lines: Vec::new(),
                tax: Money::zero(usd),
                shipping: Money::zero(usd),
            });
        }
    }
    for order in seeded {
        store.orders.pin(order.id.clone(), StoredOrder::new(order));
    }
    Router::new()
        .route("/public/orders", post(emulator::create_order::<Store>))
        .route("/public/orders/{order_id}", get(get_order))
        .route("/public/payments/process", post(process))
        .route("/_orders/{order_id}/payments", get(order_payments))
        .with_state(Emulator::new(sandbox, store))
}

fn answer(status: StatusCode, success: bool, message: &str) -> (StatusCode, Value) {
    (status, json!({ "success": success, "message": message }))
}

fn respond((status, body): (StatusCode, Value)) -> Response {
    (status, Json(body)).into_response()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OrderJson<'a> {
    id: &'a str,
    title: &'a str,
    client_id: &'a str,
    currency: &'a str,
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_id: Option<&'a str>,
    line_items: Vec<LineJson<'a>>,
    tax_total: Box<RawValue>,
    shipping_total: Box<RawValue>,
    grand_total: Box<RawValue>,
}

#[derive(Serialize)]
struct LineJson<'a> {
    name: &'a str,
    quantity: u64,
    price: Box<RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount: Option<Box<RawValue>>,
}

#[derive(Serialize)]
struct OrderEnvelope<'a> {
    success: bool,
    order: OrderJson<'a>,
}

fn order_json(stored: &StoredOrder) -> Result<OrderJson<'_>, SandboxError> {
    let order = &stored.order;
    let line_items = emulator::lines_json(order, |name, quantity, price, discount| LineJson {
        name,
        quantity,
        price,
        discount,
    })?;
    Ok(OrderJson {
        id: &order.id,
        title: &order.name,
        client_id: "client_checkoutSandbox",
        currency: order.currency().code(),
        status: if stored.paid_by.is_some() {
            "PAID"
        } else {
            "UNPAID"
        },
        payment_id: stored.paid_by.as_deref(),
        line_items,
        tax_total: emulated::number(&order.tax)?,
        shipping_total: emulated::number(&order.shipping)?,
        grand_total: emulated::number(&order.total)?,
    })
}

/// The order with `success: true`, as `GET` answers it.
fn order_response(stored: &StoredOrder) -> Response {
    match order_json(stored) {
        Ok(order) => Json(OrderEnvelope {
            success: true,
            order,
        })
        .into_response(),
        Err(e) => e.into_response(),
    }
}

async fn get_order(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(order_id): Path<String>,
) -> Response {
    emulator.with(&headers, |store| match store.orders.get(&order_id) {
        Some(stored) => order_response(stored),
        None => respond(answer(StatusCode::NOT_FOUND, false, "Order not found")),
    })
}

/// `GET /_orders/{id}/payments` (sandbox only, for tests): every `paymentId` processed for
/// the order, replays excluded, so a test proves that nothing new was sent.
async fn order_payments(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(order_id): Path<String>,
) -> Response {
    emulator.with(&headers, |store| match store.orders.get(&order_id) {
        Some(stored) => Json(json!({
            "success": true,
            "payments": stored.processed,
            "paymentId": stored.paid_by,
        }))
        .into_response(),
        None => respond(answer(StatusCode::NOT_FOUND, false, "Order not found")),
    })
}

/// A line of `POST /public/orders`.
#[derive(Deserialize)]
struct NewLine {
    name: Option<String>,
    quantity: Option<u64>,
    price: Option<Box<RawValue>>,
}

/// `POST /public/orders`'s body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewOrderIn {
    title: Option<String>,
    currency: Option<String>,
    grand_total: Option<Box<RawValue>>,
    line_items: Option<Vec<NewLine>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProcessIn {
    method: Option<String>,
    order: Option<OrderIn>,
    company: Option<IdOnly>,
    signature: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    amount: Option<Box<RawValue>>,
    gateway: Option<IdOnly>,
    payment_id: Option<String>,
    order_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderIn {
    id: Option<String>,
    grand_total: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct IdOnly {
    id: Option<String>,
}

/// The customer-facing text Invoiss's emulator gives for a test card's decline.
pub fn decline_message(code: &ErrorCode) -> &'static str {
    match code {
        ErrorCode::CardNoMoney => "Payment declined: insufficient funds",
        ErrorCode::CardExpired => "Payment declined: card expired",
        ErrorCode::CardDoNotHonor => "Payment declined: do not honor",
        ErrorCode::CardPossibleFraud => "Payment declined: suspected fraud",
        ErrorCode::CardStolen => "Payment declined: card reported stolen",
        ErrorCode::CardFailedCvc => "Payment declined: CVV check failed",
        ErrorCode::CardFailedAvs => "Payment declined: address verification failed",
        ErrorCode::CardNotAuthorized => "Payment declined: transaction not permitted for this card",
        _ => "Payment declined by the card issuer",
    }
}

fn present(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// `POST /public/payments/process`.
async fn process(State(emulator): State<Emulator>, headers: HeaderMap, body: Bytes) -> Response {
    emulator.with(&headers, |store| {
        let (Ok(request), Ok(parsed)) = (
            serde_json::from_slice::<Value>(&body),
            serde_json::from_slice::<ProcessIn>(&body),
        ) else {
            return Store::bad_request("The request body must be a JSON payment");
        };
        respond(process_payment(&emulator, store, request, parsed))
    })
}

fn process_payment(
    emulator: &Emulator,
    store: &mut Store,
    request: Value,
    p: ProcessIn,
) -> (StatusCode, Value) {
    let bad = |message: &str| answer(StatusCode::BAD_REQUEST, false, message);
    let order_ref = p.order.as_ref();
    for (name, given) in [
        ("method", present(&p.method)),
        ("order", order_ref.is_some_and(|o| present(&o.id))),
        (
            "order.grandTotal",
            order_ref.is_some_and(|o| o.grand_total.is_some()),
        ),
        (
            "company",
            p.company.as_ref().is_some_and(|c| present(&c.id)),
        ),
        ("signature", present(&p.signature)),
        ("type", present(&p.kind)),
        ("amount", p.amount.is_some()),
        (
            "gateway",
            p.gateway.as_ref().is_some_and(|g| present(&g.id)),
        ),
        ("paymentId", present(&p.payment_id)),
        ("orderId", present(&p.order_id)),
    ] {
        if !given {
            return bad(&format!("{name} is required"));
        }
    }
    let (Some(order_ref), Some(payment_id), Some(order_id), Some(signature), Some(amount)) =
        (p.order, p.payment_id, p.order_id, p.signature, p.amount)
    else {
        return bad("the payment is incomplete");
    };
    if p.method.as_deref() != Some("CARD") {
        return bad("method: only CARD payments are emulated");
    }
    if p.kind.as_deref() != Some("INVOICE") {
        return bad("type: only INVOICE payments are emulated");
    }
    if order_ref.id.as_deref() != Some(order_id.as_str()) {
        return bad("order.id and orderId name different orders");
    }
    match store.payments.seen(&payment_id, &request) {
        Seen::New => {}
        Seen::Answered(status, body) => {
            tracing::info!("invoiss emulator replayed a paymentId");
            return (status, body);
        }
        // A payment is answered under the store's lock, so none is ever seen in flight.
        Seen::Conflict | Seen::InFlight => {
            return answer(
                StatusCode::CONFLICT,
                false,
                "paymentId already used for a different payment",
            )
        }
    }
    let Some(stored) = store.orders.get(&order_id) else {
        return answer(StatusCode::NOT_FOUND, false, "Order not found");
    };
    let currency = stored.order.currency();
    let total = stored.order.total;
    for (field, raw) in [
        ("amount", &amount),
        (
            "order.grandTotal",
            order_ref.grand_total.as_ref().unwrap_or(&amount),
        ),
    ] {
        match money_from_json(field, raw, currency) {
            Ok(m) if m == total => {}
            Ok(_) => return bad(&format!("{field} does not match the order's grand total")),
            Err(e) => return bad(&e.to_string()),
        }
    }
    let outcome = if stored.paid_by.is_some() {
        answer(
            StatusCode::CONFLICT,
            false,
            &format!("Order {order_id} has already been paid"),
        )
    } else {
        match emulated::token_behaviour(&emulator.sandbox, &signature) {
            Err(_) => bad("Invalid payment signature"),
            Ok(Behaviour::Decline(code)) => {
                answer(StatusCode::PAYMENT_REQUIRED, false, decline_message(code))
            }
            Ok(Behaviour::Challenge | Behaviour::FingerprintThenFail) => answer(
                StatusCode::PAYMENT_REQUIRED,
                false,
                "Payment declined: card authentication required",
            ),
            Ok(_) => answer(StatusCode::OK, true, "Payment processed successfully"),
        }
    };
    if let Some(stored) = store.orders.get_mut(&order_id) {
        stored.processed.push(payment_id.clone());
        if outcome.0 == StatusCode::OK {
            stored.paid_by = Some(payment_id.clone());
        }
    }
    tracing::info!(
        status = outcome.0.as_u16(),
        signature = %checkout_core::secret::mask(&signature),
        "invoiss emulator processed a payment"
    );
    store
        .payments
        .keep(payment_id, request, outcome.0, outcome.1.clone());
    outcome
}
