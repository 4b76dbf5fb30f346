//! An Invoiss emulator (seed 003), mounted at `/sandbox/invoiss`, for the endpoints the
//! adapter (`provider::invoiss`) uses:
//!
//! - `POST /public/payments/process`: the seed's payment request and `{success, message}`
//!   answer. The `signature` is the payment token: the sandbox's test cards decide the
//!   outcome (`tok_test4242424242424242` pays, `tok_test4000000000002206` is declined for
//!   funds). One `paymentId` is one payment: repeated with the same body it replays the
//!   first answer, with another body it is refused; a paid order is never paid again.
//! - `GET /public/orders/{orderId}`: the order, in the shape the adapter assumes.
//! - `POST /public/orders` (sandbox only, for tests): creates an order from
//!   `{title, currency, grandTotal, lineItems?}`.
//!
//! Authentication is the seed's: `Authorization: {token}`, the token being
//! [`crate::SANDBOX_INVOISS_TOKEN`]. Seeded orders: the ProcessOut sandbox's demo invoices
//! under the same ids without `iv_` (`demoBooksEUR`), and the seed's own `order_123456`
//! (100.00 USD).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use checkout_core::{Currency, Money};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::cards::Behaviour;
use super::emulated::{self, DemoOrder};
use super::Sandbox;
use crate::error::SandboxError;
use crate::SANDBOX_INVOISS_TOKEN;
use checkout_core::json_money::money_from_json;

/// Id of the seed's example order.
pub const SEED_ORDER_ID: &str = "order_123456";

struct StoredOrder {
    order: DemoOrder,
    paid: bool,
}

/// A processed `paymentId`: the request and the answer, replayed for the same request.
struct Processed {
    request: Value,
    status: StatusCode,
    body: Value,
}

#[derive(Default)]
struct Store {
    orders: HashMap<String, StoredOrder>,
    payments: HashMap<String, Processed>,
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
    let mut store = Store::default();
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
        store
            .orders
            .insert(order.id.clone(), StoredOrder { order, paid: false });
    }
    let emulator = Emulator {
        sandbox: sandbox.clone(),
        store: Arc::new(Mutex::new(store)),
    };
    Router::new()
        .route("/public/orders", post(create_order))
        .route("/public/orders/{order_id}", get(get_order))
        .route("/public/payments/process", post(process))
        .with_state(emulator)
}

fn answer(status: StatusCode, success: bool, message: &str) -> (StatusCode, Value) {
    (status, json!({ "success": success, "message": message }))
}

fn respond((status, body): (StatusCode, Value)) -> Response {
    (status, Json(body)).into_response()
}

/// `None` when the credentials are the emulator's, else the 401 answer.
fn denied(headers: &HeaderMap) -> Option<Response> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if given == Some(SANDBOX_INVOISS_TOKEN) {
        None
    } else {
        Some(respond(answer(
            StatusCode::UNAUTHORIZED,
            false,
            "Unauthorized: invalid token",
        )))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OrderJson<'a> {
    id: &'a str,
    title: &'a str,
    client_id: &'a str,
    currency: &'a str,
    status: &'a str,
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
    let mut line_items = Vec::new();
    for (name, quantity, price, discount) in &order.lines {
        line_items.push(LineJson {
            name,
            quantity: *quantity,
            price: emulated::number(price)?,
            discount: discount.as_ref().map(emulated::number).transpose()?,
        });
    }
    Ok(OrderJson {
        id: &order.id,
        title: &order.name,
        client_id: "client_checkoutSandbox",
        currency: order.currency().code(),
        status: if stored.paid { "PAID" } else { "UNPAID" },
        line_items,
        tax_total: emulated::number(&order.tax)?,
        shipping_total: emulated::number(&order.shipping)?,
        grand_total: emulated::number(&order.total)?,
    })
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
    let Some(stored) = store.orders.get(&order_id) else {
        return respond(answer(StatusCode::NOT_FOUND, false, "Order not found"));
    };
    match order_json(stored) {
        Ok(order) => Json(OrderEnvelope {
            success: true,
            order,
        })
        .into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewOrder {
    title: Option<String>,
    currency: Option<String>,
    grand_total: Option<Box<RawValue>>,
    line_items: Option<Vec<NewLine>>,
}

#[derive(Deserialize)]
struct NewLine {
    name: Option<String>,
    quantity: Option<u64>,
    price: Option<Box<RawValue>>,
}

/// `POST /public/orders` (sandbox only): a fresh unpaid order, for tests.
async fn create_order(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(denied) = denied(&headers) {
        return denied;
    }
    let bad = |message: String| respond(answer(StatusCode::BAD_REQUEST, false, &message));
    let Ok(new) = serde_json::from_slice::<NewOrder>(&body) else {
        return bad("The body must be a JSON order".into());
    };
    let Ok(currency) = Currency::parse("currency", new.currency.as_deref().unwrap_or("USD")) else {
        return bad("currency must be an ISO 4217 code".into());
    };
    let Some(raw_total) = new.grand_total else {
        return bad("grandTotal is required".into());
    };
    let total = match money_from_json("grandTotal", &raw_total, currency) {
        Ok(total) => total,
        Err(e) => return bad(e.to_string()),
    };
    let mut lines = Vec::new();
    for (i, line) in new.line_items.unwrap_or_default().into_iter().enumerate() {
        let field = format!("lineItems[{i}].price");
        let price = match line.price.map(|p| money_from_json(&field, &p, currency)) {
            Some(Ok(price)) => price,
            Some(Err(e)) => return bad(e.to_string()),
            None => return bad(format!("{field} is required")),
        };
        lines.push((
            line.name.unwrap_or_default(),
            line.quantity.unwrap_or(1),
            price,
            None,
        ));
    }
    let order = DemoOrder {
        id: emulated::short_id("order"),
        name: new.title.unwrap_or_else(|| "Order".into()),
        total,
        lines,
        tax: Money::zero(currency),
        shipping: Money::zero(currency),
    };
    let stored = StoredOrder { order, paid: false };
    let response = match order_json(&stored) {
        Ok(order) => Json(OrderEnvelope {
            success: true,
            order,
        })
        .into_response(),
        Err(e) => return e.into_response(),
    };
    emulator
        .store()
        .orders
        .insert(stored.order.id.clone(), stored);
    response
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
pub fn decline_message(code: &str) -> &'static str {
    match code {
        "card.no-money" => "Payment declined: insufficient funds",
        "card.expired" => "Payment declined: card expired",
        "card.do-not-honor" => "Payment declined: do not honor",
        "card.possible-fraud" => "Payment declined: suspected fraud",
        "card.stolen" => "Payment declined: card reported stolen",
        "card.failed-cvc" => "Payment declined: CVV check failed",
        "card.failed-avs" => "Payment declined: address verification failed",
        "card.not-authorized" => "Payment declined: transaction not permitted for this card",
        _ => "Payment declined by the card issuer",
    }
}

fn present(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// `POST /public/payments/process`.
async fn process(State(emulator): State<Emulator>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(denied) = denied(&headers) {
        return denied;
    }
    let (Ok(request), Ok(parsed)) = (
        serde_json::from_slice::<Value>(&body),
        serde_json::from_slice::<ProcessIn>(&body),
    ) else {
        return respond(answer(
            StatusCode::BAD_REQUEST,
            false,
            "The request body must be a JSON payment",
        ));
    };
    respond(process_payment(&emulator, request, parsed))
}

fn process_payment(emulator: &Emulator, request: Value, p: ProcessIn) -> (StatusCode, Value) {
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
    let mut store = emulator.store();
    if let Some(done) = store.payments.get(&payment_id) {
        if done.request == request {
            tracing::info!("invoiss emulator replayed a paymentId");
            return (done.status, done.body.clone());
        }
        return answer(
            StatusCode::CONFLICT,
            false,
            "paymentId already used for a different payment",
        );
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
    let outcome = if stored.paid {
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
    if outcome.0 == StatusCode::OK {
        if let Some(stored) = store.orders.get_mut(&order_id) {
            stored.paid = true;
        }
    }
    tracing::info!(
        status = outcome.0.as_u16(),
        signature = %checkout_core::secret::mask(&signature),
        "invoiss emulator processed a payment"
    );
    store.payments.insert(
        payment_id,
        Processed {
            request,
            status: outcome.0,
            body: outcome.1.clone(),
        },
    );
    outcome
}
