//! The card frame, from the checkout's side. The card number, expiry, security code and name
//! are typed in `card-frame.html`, a document of the origin that serves the widget's files,
//! which no script of the merchant's page can read. The checkout only ever receives
//! checkout-core's [`CardSummary`]: a token, the brand, the last four digits and the expiry.
//!
//! The handshake and every message follow [`checkout_core::frame`]: the frame's `hello` is
//! accepted only from the frame's own window, from its exact origin, with the nonce this
//! checkout put in its URL; the answer carries a dedicated `MessageChannel` port, and every
//! later message goes through it. Messages that do not decode are ignored; none of them can
//! make the checkout navigate or run anything (a `submit` from the frame is Enter in a field,
//! and only starts the same checks as the pay button).

use std::cell::{Cell, RefCell};

use checkout_core::frame::{self, CardSummary, Dir, Field, FromFrame, Init, ToFrame};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::dom::Kept;
use crate::error::WidgetError;
use crate::i18n::{self, Label, Lang};
use crate::machine::Machine;
use checkout_core::ErrorCode;

/// How long the frame has to answer a check (local work only), in milliseconds.
const CHECK_TIMEOUT_MS: i32 = 5_000;

/// How long the frame has to answer a tokenization; the frame itself gives up on the
/// provider after 30 s and answers `gateway.timeout`.
const TOKENIZE_TIMEOUT_MS: i32 = 40_000;

thread_local! {
    /// Requests waiting for the frame's answer: request id → the promise's `resolve`.
    static PENDING: RefCell<Vec<(u32, js_sys::Function)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// The same-origin warning is written once per page.
    static WARNED: Cell<bool> = const { Cell::new(false) };
}

/// Why the frame gave no card token.
#[derive(Debug)]
pub enum NoToken {
    /// The card was refused for a field the customer corrects (the frame shows the error).
    Field(Field, ErrorCode),
    /// Tokenizing failed for another reason.
    Error(WidgetError),
}

/// The card frame of one checkout. `Copy`, so listeners and the payment hold it as it is.
#[derive(Clone, Copy)]
pub struct CardFrame {
    iframe: Kept<web_sys::HtmlIFrameElement>,
    port: Kept<web_sys::MessagePort>,
    origin: StoredValue<String>,
    /// All four fields passed checkout-core's checks when the frame last said.
    complete: StoredValue<bool>,
}

/// Everything the frame is set up with, prepared when the checkout renders.
struct Setup {
    nonce: String,
    init: Init,
}

impl CardFrame {
    /// Whether a tokenize or check can be asked now.
    fn connected(self) -> bool {
        self.port.get().is_some()
    }

    /// Posts `message` to the frame through the port; `false` before the handshake.
    fn send(self, message: &ToFrame) -> bool {
        self.port
            .with(|port| port.post_message(&message.encode().into()).is_ok())
            .unwrap_or(false)
    }

    /// Disables (`true`) or enables the fields.
    pub fn lock(self, locked: bool) {
        self.send(&ToFrame::Lock(locked));
    }

    /// Empties number, expiry and security code for another card.
    pub fn clear_for_another_card(self) {
        self.send(&ToFrame::Clear);
    }

    /// Shows the provider's error for `field` and puts the customer there.
    pub fn show(self, field: Field, key: &str) {
        self.focus_frame();
        self.send(&ToFrame::Show {
            field,
            key: key.to_string(),
        });
    }

    /// Moves focus into the frame's document, so the frame may focus one of its fields
    /// (browsers let a cross-origin frame move focus only inside a focused frame).
    fn focus_frame(self) {
        let _ = self.iframe.with(|f| f.focus());
    }

    /// Prepares a check from a click on Pay: when the fields are not all right, focus goes
    /// to the frame now, while the click still counts as the customer's, so the frame can
    /// put the customer on the first field in error.
    pub fn before_check(self) {
        if !self.complete.get_value() {
            self.focus_frame();
        }
    }

    /// Asks the frame to check every field; `true` when all four are right. The frame shows
    /// the errors itself. `Err` when the frame is not there or does not answer.
    pub async fn check(self) -> Result<bool, WidgetError> {
        match self
            .ask(|id| ToFrame::Check { id }, CHECK_TIMEOUT_MS)
            .await?
        {
            FromFrame::Checked { invalid, .. } => Ok(invalid.is_none()),
            _ => Err(unavailable()),
        }
    }

    /// Asks the frame to tokenize the card.
    pub async fn tokenize(self) -> Result<CardSummary, NoToken> {
        let answer = self
            .ask(|id| ToFrame::Tokenize { id }, TOKENIZE_TIMEOUT_MS)
            .await
            .map_err(NoToken::Error)?;
        match answer {
            FromFrame::Tokenized { card, .. } => Ok(card),
            FromFrame::Failed {
                code,
                field: Some(field),
                ..
            } => Err(NoToken::Field(field, ErrorCode::parse(&code))),
            FromFrame::Failed { code, .. } => {
                let code = ErrorCode::parse(&code);
                let text = code.message_key().english().to_string();
                Err(NoToken::Error(WidgetError::new(code, text)))
            }
            _ => Err(NoToken::Error(unavailable())),
        }
    }

    /// Sends the request `make(id)` and waits for the answer with that id, up to `timeout_ms`.
    async fn ask(
        self,
        make: impl Fn(u32) -> ToFrame,
        timeout_ms: i32,
    ) -> Result<FromFrame, WidgetError> {
        if !self.connected() {
            return Err(unavailable());
        }
        let id = NEXT_ID.with(|n| {
            let id = n.get();
            n.set(id.wrapping_add(1).max(1));
            id
        });
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            PENDING.with(|p| p.borrow_mut().push((id, resolve)));
        });
        if let Some(window) = web_sys::window() {
            let expire = Closure::once_into_js(move || settle(id, &JsValue::NULL));
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                expire.unchecked_ref(),
                timeout_ms,
            );
        }
        if !self.send(&make(id)) {
            settle(id, &JsValue::NULL);
        }
        let answer = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string());
        answer
            .as_deref()
            .and_then(FromFrame::decode)
            .ok_or_else(unavailable)
    }

    /// Handles one message from the frame's port.
    fn on_message(self, text: &str) {
        let Some(message) = FromFrame::decode(text) else {
            return;
        };
        let holder = self.iframe.with(|f| f.parent_element()).flatten();
        match message {
            FromFrame::Ready => {
                holder.map(|h| h.set_attribute("data-frame", "ready"));
            }
            FromFrame::Height(px) => {
                let mut height = px.to_string();
                height.push_str("px");
                self.iframe
                    .with(|f| web_sys::HtmlElement::style(f).set_property("height", &height));
                holder.map(|h| h.set_attribute("data-frame", "ready"));
            }
            FromFrame::State(state) => {
                self.complete.set_value(state.complete);
                if let Some(h) = holder {
                    for (name, on) in [
                        ("data-focused", state.focused),
                        ("data-invalid", state.invalid),
                        ("data-complete", state.complete),
                    ] {
                        let _ = if on {
                            h.set_attribute(name, "")
                        } else {
                            h.remove_attribute(name)
                        };
                    }
                }
            }
            FromFrame::Submit => {
                // Enter in a field: the same as Enter in the checkout's own form.
                let form = self
                    .iframe
                    .with(|f| f.closest("form").ok().flatten())
                    .flatten();
                if let (Some(form), Ok(event)) = (form, submit_event()) {
                    let _ = form.dispatch_event(&event);
                }
            }
            FromFrame::Checked { id, .. }
            | FromFrame::Tokenized { id, .. }
            | FromFrame::Failed { id, .. } => settle(id, &JsValue::from_str(text)),
            // The frame moves focus across its boundary natively; a hello after the
            // handshake (or anything else) is ignored.
            FromFrame::TabOut { .. } | FromFrame::Hello { .. } => {}
        }
    }
}

fn submit_event() -> Result<web_sys::Event, JsValue> {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    web_sys::Event::new_with_event_init_dict("submit", &init)
}

/// Resolves the request `id` with `value` (the answer's text, or `null` when it timed out).
fn settle(id: u32, value: &JsValue) {
    let resolve = PENDING.with(|p| {
        let mut pending = p.borrow_mut();
        let at = pending.iter().position(|(i, _)| *i == id)?;
        Some(pending.swap_remove(at).1)
    });
    if let Some(resolve) = resolve {
        let _ = resolve.call1(&JsValue::NULL, value);
    }
}

fn unavailable() -> WidgetError {
    let text = ErrorCode::WidgetCardFrameUnavailable
        .message_key()
        .english();
    WidgetError::new(ErrorCode::WidgetCardFrameUnavailable, text.to_string())
}

/// 16 random bytes as 32 hex digits, from the browser's `crypto.getRandomValues`.
fn nonce() -> Option<String> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(32);
    for b in bytes {
        for digit in [b >> 4, b & 15] {
            text.push(char::from(
                HEX.get(usize::from(digit)).copied().unwrap_or(b'0'),
            ));
        }
    }
    Some(text)
}

/// `url` made absolute against the page's address.
fn absolute(url: &str) -> Option<web_sys::Url> {
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    web_sys::Url::new_with_base(url, &base).ok()
}

/// The `--checkout-*` properties of the checkout's theme the frame takes, as computed on
/// `root`, each passing [`frame::theme_value`].
fn theme(root: &web_sys::HtmlElement) -> Vec<(String, String)> {
    let Some(style) = web_sys::window().and_then(|w| w.get_computed_style(root).ok().flatten())
    else {
        return Vec::new();
    };
    frame::THEME_PROPERTIES
        .iter()
        .filter_map(|name| {
            let value = style.get_property_value(name).ok()?;
            let value = value.trim();
            frame::theme_value(name, value).then(|| (name.to_string(), value.to_string()))
        })
        .collect()
}

/// The texts the frame shows, in the checkout's language.
fn texts(lang: Lang) -> Vec<(String, String)> {
    let labels = [
        Label::CardDetails,
        Label::CardNumber,
        Label::CardExpiry,
        Label::CardCvc,
        Label::CardName,
    ];
    let mut texts: Vec<(String, String)> = frame::LABEL_KEYS
        .iter()
        .zip(labels)
        .map(|(key, label)| (key.to_string(), i18n::label(lang, label).to_string()))
        .collect();
    // The card messages of the language's pack; the frame has the English ones.
    texts.extend(checkout_core::card::MESSAGE_KEYS.iter().filter_map(|key| {
        i18n::pack_text(lang, key).map(|text| (key.to_string(), text.to_string()))
    }));
    texts.retain(|(key, value)| frame::text_value(key, value));
    texts
}

/// The frame's set-up for this checkout, or why there can be none (a misconfiguration the
/// merchant's developer reads in the console).
fn setup(
    options: &crate::options::WidgetOptions,
    locale: &str,
    lang: Lang,
) -> Result<Setup, String> {
    let api = absolute(&options.api_url).ok_or("api-url is not a URL")?;
    let api_url = api.href().trim_end_matches('/').to_string();
    if frame::check_api_url(&api_url).is_none() {
        return Err(format!(
            "api-url must be https (or http on this machine), got {api_url}"
        ));
    }
    let nonce = nonce().ok_or("the browser offers no secure random numbers")?;
    let init = Init {
        nonce: nonce.clone(),
        lang: lang.tag(locale).to_string(),
        dir: if lang.dir() == "rtl" {
            Dir::Rtl
        } else {
            Dir::Ltr
        },
        api_url,
        project_id: options.project_id.clone().unwrap_or_default(),
        theme: Vec::new(),
        texts: texts(lang),
        locked: false,
    };
    Ok(Setup { nonce, init })
}

/// The card frame: an `<iframe>` of `card-frame.html` in a holder that mirrors the frame's
/// state (`data-focused`, `data-invalid`, `data-complete`) for styling, and keeps a minimum
/// height until the frame says how tall it is.
pub fn view(
    options: &crate::options::WidgetOptions,
    locale: &str,
    lang: Lang,
    machine: RwSignal<Machine>,
    root: Kept<web_sys::HtmlElement>,
) -> (Option<CardFrame>, impl IntoView) {
    let page_origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let frame_url = options
        .card_frame_url
        .clone()
        .unwrap_or_else(|| "card-frame.html".to_string());
    let prepared = absolute(&frame_url)
        .filter(|u| matches!(u.protocol().as_str(), "https:" | "http:"))
        .ok_or_else(|| format!("card-frame-url is not an http(s) URL: {frame_url}"))
        .and_then(|url| setup(options, locale, lang).map(|s| (url, s)));
    let (url, setup) = match prepared {
        Ok(ok) => ok,
        Err(problem) => {
            web_sys::console::error_1(&format!("checkout-widget: {problem}").into());
            let view = view! {
                <p class="checkout__field-error" role="alert" data-testid="card-frame-error">
                    {i18n::message(lang, ErrorCode::WidgetCardFrameUnavailable.message_key())}
                </p>
            };
            return (None, leptos::either::Either::Left(view));
        }
    };
    let origin = url.origin();
    if origin == page_origin {
        warn_same_origin(&origin);
    }
    url.set_hash(&format!(
        "o={}&n={}",
        String::from(js_sys::encode_uri_component(&page_origin)),
        setup.nonce
    ));
    let src = url.href();
    let card = CardFrame {
        iframe: Kept::empty(),
        port: Kept::empty(),
        origin: StoredValue::new(origin),
        complete: StoredValue::new(false),
    };
    listen_for_hello(card, setup.init, machine, root);
    let view = view! {
        <div class="checkout__card-frame" data-frame="loading" data-testid="card-frame-box">
            <iframe
                src=src
                title=i18n::label(lang, Label::CardDetails)
                data-testid="card-frame"
            ></iframe>
        </div>
    };
    (Some(card), leptos::either::Either::Right(view))
}

/// Waits for the frame's `hello` and answers it with `init` and a port of a new channel.
fn listen_for_hello(
    card: CardFrame,
    init: Init,
    machine: RwSignal<Machine>,
    root: Kept<web_sys::HtmlElement>,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut init = Some(init);
    let handler =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            // This checkout's iframe, found in its own root: it exists by the time its
            // document can say hello.
            let Some(iframe) = root
                .with(|r| {
                    r.query_selector("iframe[data-testid=card-frame]")
                        .ok()
                        .flatten()
                })
                .flatten()
                .and_then(|f| f.dyn_into::<web_sys::HtmlIFrameElement>().ok())
            else {
                return;
            };
            let Some(frame_window) = iframe.content_window() else {
                return;
            };
            let from_frame = event
                .source()
                .is_some_and(|s| js_sys::Object::is(&s, &frame_window));
            let expected = card.origin.with_value(|o| *o == event.origin());
            let Some(pending) = init.as_ref() else {
                return;
            };
            let hello = event
                .data()
                .as_string()
                .and_then(|t| FromFrame::decode(&t))
                .is_some_and(|m| {
                    m == FromFrame::Hello {
                        nonce: pending.nonce.clone(),
                    }
                });
            if !(from_frame && expected && hello) {
                return;
            }
            let Some(init) = init.take() else {
                return;
            };
            card.iframe.put(iframe);
            connect(card, &frame_window, init, machine, root);
        });
    let _ = window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    // One per checkout, for the life of the page; it does nothing after the handshake.
    handler.forget();
}

/// Creates the channel, listens on one port and hands the other to the frame with `init`.
fn connect(
    card: CardFrame,
    frame_window: &web_sys::Window,
    mut init: Init,
    machine: RwSignal<Machine>,
    root: Kept<web_sys::HtmlElement>,
) {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let port = channel.port1();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(text) = event.data().as_string() {
                card.on_message(&text);
            }
        });
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Read now rather than at render: by the time the frame has loaded, so has the
    // checkout's stylesheet.
    init.theme = root.with(theme).unwrap_or_default();
    // An attempt may have opened (a reload mid-payment) before the frame was there.
    init.locked = machine.with_untracked(Machine::card_locked);
    let transfer = js_sys::Array::of1(&channel.port2());
    let origin = card.origin.get_value();
    if frame_window
        .post_message_with_transfer(&ToFrame::Init(init).encode().into(), &origin, &transfer)
        .is_ok()
    {
        card.port.put(port);
    }
}

/// Says once per page that the card is typed in a frame of the page's own origin, which the
/// page's scripts can read.
fn warn_same_origin(origin: &str) {
    if WARNED.with(|w| w.replace(true)) {
        return;
    }
    web_sys::console::warn_1(
        &format!(
            "checkout-widget: the card frame is served from this page's own origin ({origin}), \
             so the page's scripts can read the card. Serve the widget's files from another \
             origin (see docs/card-frame.md)."
        )
        .into(),
    );
}
