//! DOM events the widget dispatches on its host element, so the merchant's page can react.
//! They bubble and cross shadow roots (`composed`).

use wasm_bindgen::JsValue;

/// `checkout:ready`: the invoice is shown.
pub const READY: &str = "checkout:ready";
/// `checkout:submit`: the customer asked to pay; a request is on its way.
pub const SUBMIT: &str = "checkout:submit";
/// `checkout:status`: a transaction status arrived.
pub const STATUS: &str = "checkout:status";
/// `checkout:error`: something failed; `retryable` says whether Retry is offered.
pub const ERROR: &str = "checkout:error";

/// Builds an event's `detail` object from its fields.
pub fn detail(fields: &[(&str, JsValue)]) -> JsValue {
    crate::wire::object(fields)
}

/// Dispatches `name` with `detail` on `host`. Failures are ignored: an event the page cannot
/// receive must not stop the payment.
pub fn dispatch(host: &web_sys::EventTarget, name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
