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

/// Appends a new `tag` element to `parent`, with `attributes` and then `text` as a text node
/// (never markup: pages that enforce Trusted Types refuse HTML from strings). The attributes
/// are set before the element joins the document, so an iframe's `src` adds no history
/// entry and a `hidden` element never shows.
pub fn append(
    parent: &web_sys::Node,
    tag: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> Option<web_sys::Element> {
    let element = parent.owner_document()?.create_element(tag).ok()?;
    for (name, value) in attributes {
        element.set_attribute(name, value).ok()?;
    }
    if !text.is_empty() {
        element.append_with_str_1(text).ok()?;
    }
    parent.append_child(&element).ok()?;
    Some(element)
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

thread_local! {
    static KEPT: std::cell::RefCell<Vec<Option<wasm_bindgen::JsValue>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// A JS object (an element, a promise) kept for the life of the page and named by a
/// copyable handle that components and tasks can hold. Cheaper in wasm than Leptos'
/// thread-checked local storage, and just as safe: the wasm runs on one thread.
pub struct Kept<T> {
    index: usize,
    kind: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for Kept<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Kept<T> {}

impl<T: JsCast> Kept<T> {
    /// Keeps `value`.
    pub fn new(value: T) -> Self {
        let index = KEPT.with(|kept| {
            let mut kept = kept.borrow_mut();
            kept.push(Some(value.unchecked_into()));
            kept.len().saturating_sub(1)
        });
        Self {
            index,
            kind: std::marker::PhantomData,
        }
    }

    /// A slot for an object that comes later ([`Kept::put`]).
    pub fn empty() -> Self {
        let index = KEPT.with(|kept| {
            let mut kept = kept.borrow_mut();
            kept.push(None);
            kept.len().saturating_sub(1)
        });
        Self {
            index,
            kind: std::marker::PhantomData,
        }
    }

    /// Keeps `value` in this slot, replacing what it held.
    pub fn put(self, value: T) {
        KEPT.with(|kept| {
            if let Some(slot) = kept.borrow_mut().get_mut(self.index) {
                *slot = Some(value.unchecked_into());
            }
        });
    }

    /// The kept object; `None` once taken.
    pub fn get(self) -> Option<T> {
        KEPT.with(|kept| kept.borrow().get(self.index).cloned().flatten())
            .map(JsCast::unchecked_into)
    }

    /// Calls `f` with the kept object, if there still is one.
    pub fn with<R>(self, f: impl FnOnce(&T) -> R) -> Option<R> {
        self.get().map(|value| f(&value))
    }

    /// Takes the object out, so it is used once.
    pub fn take(self) -> Option<T> {
        KEPT.with(|kept| kept.borrow_mut().get_mut(self.index).and_then(Option::take))
            .map(JsCast::unchecked_into)
    }
}
