//! checkout-widget: an embeddable checkout for merchant web pages.
//!
//! The merchant puts `<checkout-widget invoice-id="iv_..." proxy-url="/checkout">` in a page
//! and loads `embed.js`, which defines the custom element; each element then calls
//! [`mount_with_options`], which the module publishes for it ([`publish_mount`]). The checkout renders into the
//! element's own shadow root with its stylesheet (`embed.js` attaches it), so it looks the
//! same on any page, including inside the merchant's own shadow trees.

#![deny(missing_docs)]

pub mod api;
pub mod attempt;
pub mod card_frame;
pub mod device;
pub mod dom;
pub mod error;
pub mod events;
pub mod format;
pub mod i18n;
pub mod idempotency;
pub mod machine;
pub mod options;
pub mod payment;
pub mod threeds;
pub mod view;
pub mod wire;

use wasm_bindgen::JsCast;

use crate::options::WidgetOptions;

/// Global `Symbol.for` key under which the module publishes `mount` for `embed.js`. Not a
/// wasm export: the widget is a bin target, whose exports the linker strips, and as a cdylib
/// it would also export (and so keep alive) JS classes of its dependencies, ~14 KB gzip.
pub const MOUNT_KEY: &str = "checkout-widget.mount";

/// Publishes [`mount_with_options`] as `globalThis[Symbol.for(MOUNT_KEY)]`.
pub fn publish_mount() {
    let mount =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::HtmlElement, wasm_bindgen::JsValue)>::new(
            mount_with_options,
        );
    let _ = js_sys::Reflect::set(
        &js_sys::global(),
        &js_sys::Symbol::for_(MOUNT_KEY),
        mount.as_ref(),
    );
    // Lives as long as the page: it is the module's entry point.
    mount.forget();
}

/// `mount(element, options)` as `embed.js` calls it, once per element, after writing the
/// page's options to the element's attributes (so attributes and options mean the same
/// thing): mounts a checkout configured from those attributes. `options.root` is the element
/// to render into (`embed.js` makes it in the host's own shadow root, beside `checkout.css`);
/// `options.prefetched`, the invoice request `embed.js` started early;
/// `options.translations`, the language pack of the checkout's language.
pub fn mount_with_options(element: web_sys::HtmlElement, options: wasm_bindgen::JsValue) {
    let get = |key: &str| js_sys::Reflect::get(&options, &key.into()).ok();
    mount(
        element,
        get("root").and_then(|r| r.dyn_into().ok()),
        get("prefetched").and_then(|p| p.dyn_into().ok()),
        get("translations").and_then(|t| t.dyn_into().ok()),
    );
}

/// Installs a language pack (its texts in order, see [`i18n`]) and returns its language; an
/// entry that is not a string counts as missing (English shows there).
fn install_pack(pack: &js_sys::Array) -> i18n::Lang {
    i18n::install(pack.iter().map(|text| text.as_string().unwrap_or_default()))
}

/// Mounts one checkout into `host`, configured from its attributes: into `root` when given,
/// else into the host itself. Without `translations` the checkout speaks
/// English.
pub fn mount(
    host: web_sys::HtmlElement,
    root: Option<web_sys::HtmlElement>,
    prefetched: Option<js_sys::Promise>,
    translations: Option<js_sys::Array>,
) {
    let root = root.unwrap_or_else(|| host.clone());
    match WidgetOptions::from_attributes(|name| host.get_attribute(name)) {
        Ok(options) => {
            let locale = options.locale.clone().unwrap_or_else(browser_locale);
            let lang = translations.as_ref().map_or(i18n::Lang::EN, install_pack);
            let parent = root.clone();
            leptos::mount::mount_to(parent, move || {
                leptos::view! { <view::Checkout options=options locale=locale lang=lang host=host root=root prefetched=prefetched/> }
            })
            .forget();
        }
        Err(err) => {
            web_sys::console::error_1(&format!("checkout-widget: {}", err.0).into());
            root.set_text_content(Some("This checkout is misconfigured."));
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
