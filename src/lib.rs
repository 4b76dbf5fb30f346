//! checkout-widget: an embeddable checkout for merchant web pages.
//!
//! The merchant puts `<checkout-widget invoice-id="iv_..." proxy-url="/checkout">` in a page
//! and loads the module; [`mount_all`] turns every such element into a checkout.

#![deny(missing_docs)]

pub mod api;
pub mod device;
pub mod events;
pub mod format;
pub mod i18n;
pub mod idempotency;
pub mod machine;
pub mod options;
pub mod view;
pub mod wire;

use wasm_bindgen::JsCast;

use crate::options::WidgetOptions;

/// Tag name of the host element.
pub const TAG: &str = "checkout-widget";

/// Mounts a checkout into every `<checkout-widget>` element of the document. An element with
/// bad attributes gets a visible configuration error instead; the others still mount.
pub fn mount_all() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(nodes) = document.query_selector_all(TAG) else {
        return;
    };
    for i in 0..nodes.length() {
        if let Some(element) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            mount(element);
        }
    }
}

/// Mounts one checkout into `host`, configured from its attributes.
pub fn mount(host: web_sys::HtmlElement) {
    let options = WidgetOptions::from_attributes(|name| host.get_attribute(name));
    match options {
        Ok(options) => {
            let locale = options.locale.clone().unwrap_or_else(browser_locale);
            let parent = host.clone();
            leptos::mount::mount_to(parent, move || {
                leptos::view! { <view::Checkout options=options locale=locale host=host/> }
            })
            .forget();
        }
        Err(err) => {
            web_sys::console::error_1(&format!("checkout-widget: {}", err.0).into());
            host.set_text_content(Some("This checkout is misconfigured."));
        }
    }
}

/// The browser's preferred language, or `en`.
pub fn browser_locale() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "en".to_string())
}
