//! Event listeners attached straight to the DOM. The checkout listens on its root element
//! and acts on what bubbles up from its own markup (`data-action` on buttons, the pay form,
//! the card inputs): a handful of listeners instead of one framework handler per element,
//! which keeps the wasm small.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `handler` for every `event` that reaches `target`, for as long as the page lives.
pub fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // The root outlives every handler attached to it; there is nothing to detach.
    closure.forget();
}

/// The `data-action` of the element an event started in, or of its nearest ancestor.
pub fn action(event: &web_sys::Event) -> Option<String> {
    event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("[data-action]")
        .ok()??
        .get_attribute("data-action")
}
