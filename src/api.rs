//! Calls to the merchant's proxy, through the browser's `fetch`. Every failure becomes a
//! [`WidgetError`] with an error code checkout-core knows, so the UI can say whether retrying
//! is safe. Non-2xx answers become errors explicitly.

use std::cell::Cell;
use std::rc::Rc;

use checkout_core::ErrorCode;
use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::WidgetError;
use crate::wire::{self, read, AuthorizeDto, InvoiceDto, TransactionDto};

/// How long an authorization may take before the widget stops waiting. The request may
/// still succeed at the provider, which is why Retry reuses the idempotency key.
pub const AUTHORIZE_TIMEOUT_MS: i32 = 20_000;

/// `GET {proxy}/invoices/{id}`.
pub async fn fetch_invoice(url: &str) -> Result<InvoiceDto, WidgetError> {
    let answer = send("GET", url, &[], None, None).await?;
    read::invoice_envelope(&answer).map_err(WidgetError::unreadable)
}

/// The invoice from the request `embed.js` started while the wasm module was still loading:
/// a promise of `{status, text}`. Saves one round trip before the invoice shows.
pub async fn prefetched_invoice(promise: js_sys::Promise) -> Result<InvoiceDto, WidgetError> {
    let network = |_| {
        WidgetError::new(
            ErrorCode::WidgetNetwork,
            "the checkout service could not be reached",
        )
    };
    let value = JsFuture::from(promise).await.map_err(network)?;
    let status = Reflect::get(&value, &"status".into())
        .ok()
        .and_then(|s| s.as_f64())
        .filter(|s| (100.0..=599.0).contains(s))
        .map_or(0, |s| s as u16);
    let text = Reflect::get(&value, &"text".into())
        .ok()
        .and_then(|t| t.as_string());
    let (Some(text), true) = (text, status > 0) else {
        return Err(WidgetError::new(
            ErrorCode::WidgetNetwork,
            "the early invoice request failed",
        ));
    };
    read::invoice_envelope(&answer(status, &text)?).map_err(WidgetError::unreadable)
}

/// `GET {proxy}/transactions/{id}`, for polling a pending payment.
pub async fn fetch_transaction(proxy_url: &str, id: &str) -> Result<TransactionDto, WidgetError> {
    let url = format!("{proxy_url}/transactions/{id}");
    let answer = send("GET", &url, &[], None, None).await?;
    read::transaction_envelope(&answer).map_err(WidgetError::unreadable)
}

/// `POST {proxy}/invoices/{id}/authorize` with the attempt's idempotency key, `source`, and
/// the attempt's device snapshot (`device`, the JSON object [`crate::device::snapshot`]
/// made).
pub async fn authorize(
    proxy_url: &str,
    invoice_id: &str,
    idempotency_key: &str,
    source: &str,
    device: &str,
    save: bool,
) -> Result<AuthorizeDto, WidgetError> {
    let url = format!("{proxy_url}/invoices/{invoice_id}/authorize");
    let body = authorize_body(source, device, save)?;
    let answer = send(
        "POST",
        &url,
        &[("Idempotency-Key", idempotency_key)],
        Some(&body),
        Some(AUTHORIZE_TIMEOUT_MS),
    )
    .await?;
    read::authorize(&answer).map_err(WidgetError::unreadable)
}

/// `{"source": ..., "device": {...}, "save"?: true}`: the device snapshot goes in as it was
/// taken, so every request of the attempt carries the same bytes.
fn authorize_body(source: &str, device: &str, save: bool) -> Result<String, WidgetError> {
    let device = read::parse(device).unwrap_or(JsValue::NULL);
    let mut fields = vec![("source", source.into()), ("device", device)];
    if save {
        fields.push(("save", JsValue::TRUE));
    }
    wire::json(&fields).ok_or_else(|| {
        WidgetError::new(
            ErrorCode::WidgetInvalidRequest,
            "the request could not be encoded",
        )
    })
}

/// One request; the parsed JSON answer of a 2xx, or an error.
async fn send(
    method: &str,
    url: &str,
    extra_headers: &[(&str, &str)],
    body: Option<&str>,
    timeout_ms: Option<i32>,
) -> Result<JsValue, WidgetError> {
    let network = |_| {
        WidgetError::new(
            ErrorCode::WidgetNetwork,
            "the checkout service could not be reached",
        )
    };
    let window =
        web_sys::window().ok_or_else(|| WidgetError::new(ErrorCode::WidgetNetwork, "no window"))?;
    let headers = web_sys::Headers::new().map_err(network)?;
    headers.set("Accept", "application/json").map_err(network)?;
    for (name, value) in extra_headers {
        headers.set(name, value).map_err(network)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(network)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let timer = timeout_ms.and_then(Timeout::start);
    if let Some(t) = &timer {
        init.set_signal(Some(&t.controller.signal()));
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(network)?;
    let result = JsFuture::from(window.fetch_with_request(&request)).await;
    let timed_out = timer.as_ref().is_some_and(|t| t.fired.get());
    drop(timer);
    let response: web_sys::Response = match result {
        Ok(value) => value.dyn_into().map_err(network)?,
        Err(_) if timed_out => {
            return Err(WidgetError::new(
                ErrorCode::GatewayTimeout,
                "no answer in time; retrying with the same key is safe",
            ))
        }
        Err(e) => return Err(network(e)),
    };
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string()),
        Err(_) => None,
    }
    .ok_or_else(|| WidgetError::new(ErrorCode::WidgetNetwork, "the answer was cut off"))?;
    answer(status, &text)
}

/// An HTTP answer's status and body as the parsed JSON of a 2xx, or an error.
fn answer(status: u16, text: &str) -> Result<JsValue, WidgetError> {
    let parsed = read::parse(text);
    if !(200..300).contains(&status) {
        let (code, message) = parsed.as_ref().map(read::error_body).unwrap_or_default();
        let fallback = match status {
            502 => ErrorCode::ProxyUpstreamUnavailable,
            504 => ErrorCode::GatewayTimeout,
            _ => ErrorCode::WidgetHttpError,
        };
        return Err(WidgetError {
            // The wire's `error_type` becomes the enum here, once.
            code: code.map_or(fallback, |c| ErrorCode::parse(&c)),
            message: message.unwrap_or_else(|| format!("the checkout service answered {status}")),
            declined: status == 402,
            status: Some(status),
        });
    }
    parsed.map_err(|message| WidgetError {
        status: Some(status),
        ..WidgetError::unreadable(message)
    })
}

/// Aborts a fetch after a delay; cancels its timer when dropped.
struct Timeout {
    controller: web_sys::AbortController,
    fired: Rc<Cell<bool>>,
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    fn start(ms: i32) -> Option<Self> {
        let window = web_sys::window()?;
        let controller = web_sys::AbortController::new().ok()?;
        let fired = Rc::new(Cell::new(false));
        let callback = {
            let controller = controller.clone();
            let fired = fired.clone();
            Closure::<dyn FnMut()>::new(move || {
                fired.set(true);
                controller.abort();
            })
        };
        let handle = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                ms,
            )
            .ok()?;
        Some(Self {
            controller,
            fired,
            handle,
            _callback: callback,
        })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Waits `ms` milliseconds (for polling backoff).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
