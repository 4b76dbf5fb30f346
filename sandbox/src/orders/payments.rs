//! The orders API's payments: paying orders, one payment, the list.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::{ErrorCode, Money};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::{error, found, internal, json_text, Emulator, Store};
use crate::cards::{self, Behaviour};
use crate::emulated;
use crate::emulator::{self, Seen};
use crate::error::SandboxError;

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
pub fn status_code(core_code: &ErrorCode) -> &'static str {
    match core_code {
        ErrorCode::CardNoMoney => "insufficient_funds",
        ErrorCode::CardExpired => "expired_card",
        ErrorCode::CardDoNotHonor => "do_not_honor",
        ErrorCode::CardPossibleFraud => "fraudulent",
        ErrorCode::CardStolen => "stolen_card",
        ErrorCode::CardFailedCvc => "incorrect_cvc",
        ErrorCode::CardFailedAvs => "address_verification_failed",
        ErrorCode::CardNotAuthorized => "transaction_not_allowed",
        _ => "card_declined",
    }
}

pub(super) struct StoredPayment {
    id: String,
    orders: Vec<String>,
    total: Money,
    human_id: String,
    payment_method: String,
    state: &'static str,
    status_code: Option<&'static str>,
    error_message: Option<&'static str>,
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

#[derive(Deserialize)]
struct PayIn {
    orders: Option<Vec<String>>,
    payment_method: Option<String>,
}

/// `POST /payments/orders`.
pub(super) async fn pay(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    emulator.with(&headers, |store| {
        pay_answer(&emulator, store, &headers, &body)
    })
}

fn pay_answer(
    emulator: &Emulator,
    store: &mut Store,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let (Ok(request), Ok(parsed)) = (
        serde_json::from_slice::<Value>(body),
        serde_json::from_slice::<PayIn>(body),
    ) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The body must be {\"orders\": [...], \"payment_method\": \"...\"}.",
        );
    };
    let key = emulator::idempotency_key(headers);
    match key
        .as_ref()
        .map(|key| store.idempotency.seen(key, &request))
    {
        None | Some(Seen::New) => {}
        Some(Seen::Answered(status, body)) => {
            tracing::info!("orders emulator replayed an idempotent answer");
            return json_text(status, body);
        }
        // A payment is answered under the store's lock, so none is ever seen in flight.
        Some(Seen::Conflict | Seen::InFlight) => {
            return error(
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                "This Idempotency-Key was already used with a different request.",
            )
        }
    }
    let (status, body) = match pay_orders(emulator, store, parsed) {
        Ok(answer) => answer,
        Err(refusal) => return refusal.response(),
    };
    if let Some(key) = key {
        store.idempotency.keep(key, request, status, body.clone());
    }
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
        id: crate::new_id("pay"),
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
            tokio::time::sleep(crate::PENDING_DELAY).await;
            let mut store = later.store();
            if let Some(p) = store.payments.iter_mut().find(|p| p.id == id) {
                if p.state == "processing" {
                    p.state = "succeeded";
                }
            }
        });
    }
    let capacity = store.orders.capacity();
    crate::bounded::push_bounded(&mut store.payments, capacity, payment);
    Ok((StatusCode::OK, text))
}

pub(super) async fn get_payment(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Path(payment_id): Path<String>,
) -> Response {
    emulator.with(&headers, |store| {
        let payment = store.payments.iter().find(|p| p.id == payment_id);
        found(payment.map(payment_text), "payment", |text| {
            json_text(StatusCode::OK, text)
        })
    })
}

#[derive(Deserialize)]
pub(super) struct ListQuery {
    size: Option<usize>,
    page: Option<usize>,
    status: Option<String>,
    /// Only the payments of this Order (an assumption of the adapter; the seed lists no
    /// such filter): a payment of several orders is listed under each.
    subject: Option<String>,
}

/// `GET /payments`: newest first, `size` (default 10) per `page` (default 0), optionally
/// only one `status` (a `current_state`) and only one Order's (`subject`).
pub(super) async fn list_payments(
    State(emulator): State<Emulator>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    emulator.with(&headers, |store| list_page(store, &query))
}

fn list_page(store: &Store, query: &ListQuery) -> Response {
    let size = query.size.unwrap_or(10).clamp(1, 100);
    let page = query.page.unwrap_or(0);
    let matching: Vec<&StoredPayment> = store
        .payments
        .iter()
        .rev()
        .filter(|p| query.status.as_deref().is_none_or(|s| s == p.state))
        .filter(|p| {
            query
                .subject
                .as_deref()
                .is_none_or(|s| p.orders.iter().any(|o| o == s))
        })
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
