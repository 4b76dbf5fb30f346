//! 3-D Secure customer actions: what the issuer asks for when authorize answers with a
//! `customer_action`, carried out in the browser.
//!
//! - `fingerprint`: a hidden iframe on the action's URL; its result comes back as a message.
//!   After [`FINGERPRINT_TIMEOUT_MS`] without one, the widget goes on with the timeout result
//!   ProcessOut's own clients send.
//! - `redirect` (the challenge), and `url` unless `metadata.no_iframe` is `"true"`: an
//!   iframe in a native `<dialog>` opened with `showModal()`, so it sits in the top layer
//!   above anything the page shows and keeps focus inside; Escape or Cancel give
//!   `customer.canceled`.
//! - `url` with `no_iframe`: the whole page goes to the URL; the invoice's return URL
//!   brings the customer back.
//! - `fingerprint-mobile`, `challenge-mobile`: app-based steps a browser cannot perform.
//!
//! Messages are accepted only from the action URL's origin and from the frame the widget
//! opened, and only in ProcessOut's shape `{namespace: "processout.checkout", action, data,
//! errorCode, errorMessage}`; anything else is ignored. The rules are plain functions,
//! tested natively; the DOM part stays small.

use std::cell::RefCell;
use std::rc::Rc;

use checkout_core::limits::is_three_d_s_result;
use checkout_core::ErrorCode;
use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::{self, Label, Lang};

/// Most 3-D Secure steps one payment attempt may take before the widget gives up.
pub const MAX_ROUNDS: u32 = 5;
/// How long the widget waits for a fingerprint's result.
pub const FINGERPRINT_TIMEOUT_MS: i32 = 10_000;
/// The `namespace` of ProcessOut's messages.
pub const NAMESPACE: &str = "processout.checkout";

/// A customer action, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Load the URL in a hidden frame and wait for its result.
    Fingerprint(String),
    /// Show the URL to the customer in a modal dialog.
    Challenge(String),
    /// Send the whole page to the URL.
    Navigate(String),
}

/// Why a customer action did not produce a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError {
    /// Error code for the state machine.
    pub code: ErrorCode,
    /// Detail for developers.
    pub message: String,
}

impl StepError {
    fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::parse(code),
            message: message.into(),
        }
    }
}

impl Action {
    /// Reads a customer action's `type`, `value` and `metadata.no_iframe`.
    pub fn parse(kind: &str, url: &str, no_iframe: bool) -> Result<Action, StepError> {
        let web = url.starts_with("https://") || url.starts_with("http://");
        match kind {
            "fingerprint-mobile" | "challenge-mobile" => Err(StepError::new(
                "widget.customer-action-unsupported",
                "the issuer asked for an app-based step, which a browser cannot perform",
            )),
            _ if !web => Err(StepError::new(
                "widget.customer-action-invalid",
                "the customer action's URL is not an http(s) URL",
            )),
            "fingerprint" => Ok(Action::Fingerprint(url.to_string())),
            "redirect" => Ok(Action::Challenge(url.to_string())),
            "url" if no_iframe => Ok(Action::Navigate(url.to_string())),
            "url" => Ok(Action::Challenge(url.to_string())),
            _ => Err(StepError::new(
                "widget.customer-action-invalid",
                "unknown customer action type",
            )),
        }
    }
}

/// The idempotency key of a round: the attempt's own key first, then `key-1`, `key-2`, ...
/// so each authorize call of one attempt can be replayed on its own.
pub fn round_key(key: &str, round: u32) -> String {
    if round == 0 {
        key.to_string()
    } else {
        format!("{key}-{round}")
    }
}

/// What a message from the issuer's frame means, by ProcessOut's contract; `None` for
/// anything not in that shape (it is ignored).
pub fn interpret(
    namespace: Option<&str>,
    action: Option<&str>,
    data: Option<&str>,
    error_code: Option<&str>,
    error_message: Option<&str>,
) -> Option<Result<String, StepError>> {
    if namespace != Some(NAMESPACE) || action.is_none() {
        return None;
    }
    if let Some(code) = error_code.filter(|c| !c.is_empty()) {
        let code = match code {
            // A challenge the customer did not pass.
            "card.failed-3ds" | "customer.canceled" => code,
            c if c.starts_with("card.") || c.starts_with("gateway.") => c,
            _ => "card.failed-3ds",
        };
        return Some(Err(StepError::new(
            code,
            error_message.unwrap_or("the 3-D Secure step failed"),
        )));
    }
    data.filter(|d| is_three_d_s_result(d))
        .map(|d| Ok(d.to_string()))
}

/// The origin (`scheme://host[:port]`) of an http(s) URL.
pub fn origin_of(url: &str) -> Option<&str> {
    let rest_at = url.find("://")?.checked_add(3)?;
    let rest = url.get(rest_at..)?;
    let end = rest
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| rest_at.saturating_add(i));
    let origin = url.get(..end)?;
    (!rest.is_empty()).then_some(origin)
}

/// What ended a step in the browser.
enum Ended {
    Message(Result<String, StepError>),
    TimedOut,
    Canceled,
}

/// A step under way in the page: its frame (in a dialog for a challenge), the listeners
/// waiting for its end, and a promise that settles when it ends. Written as plain
/// functions around one promise rather than an `async fn`, which keeps the wasm small.
pub struct Step {
    promise: js_sys::Promise,
    window: web_sys::Window,
    url: String,
    frame: web_sys::Element,
    dialog: Option<(web_sys::HtmlDialogElement, web_sys::Element)>,
    ended: Rc<RefCell<Option<Ended>>>,
    on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    on_cancel: Closure<dyn FnMut(web_sys::Event)>,
    _on_timeout: Closure<dyn FnMut()>,
    timer: Option<i32>,
}

/// How a step starts.
pub enum Started {
    /// Shown (or hidden, for a fingerprint): await [`Step::promise`], then [`Step::end`].
    Waiting(Step),
    /// The page is leaving for the issuer; the invoice's return URL brings the customer back.
    Leaving,
}

fn dom_error(_: JsValue) -> StepError {
    StepError::new(
        "widget.customer-action-invalid",
        "the step could not be shown",
    )
}

/// Starts `action` inside `root`.
pub fn begin(
    root: &web_sys::HtmlElement,
    lang: Lang,
    action: &Action,
) -> Result<Started, StepError> {
    let window = web_sys::window().ok_or_else(|| StepError::new("widget.network", "no window"))?;
    let document = window
        .document()
        .ok_or_else(|| StepError::new("widget.network", "no document"))?;
    let (url, challenge) = match action {
        Action::Navigate(url) => {
            window.location().assign(url).map_err(dom_error)?;
            return Ok(Started::Leaving);
        }
        Action::Fingerprint(url) => (url, false),
        Action::Challenge(url) => (url, true),
    };
    let origin = origin_of(url)
        .ok_or_else(|| StepError::new("widget.customer-action-invalid", "no origin"))?
        .to_string();
    let title = i18n::label(lang, Label::ThreeDsTitle);

    let frame = document.create_element("iframe").map_err(dom_error)?;
    for (name, value) in [
        ("title", title),
        (
            "data-testid",
            if challenge {
                "threeds-frame"
            } else {
                "threeds-fingerprint"
            },
        ),
        // Scripts and forms for the issuer's page, never the top page's navigation.
        ("sandbox", "allow-scripts allow-forms allow-same-origin"),
        // Set before the frame joins the document: its first load then adds no history entry.
        ("src", url.as_str()),
    ] {
        frame.set_attribute(name, value).map_err(dom_error)?;
    }
    let dialog = if challenge {
        let dialog = document.create_element("dialog").map_err(dom_error)?;
        dialog.set_class_name("checkout__3ds");
        // Focusable itself: it takes focus when it opens, so Escape reaches it and screen
        // readers announce its title before the customer moves into the issuer's page.
        for (name, value) in [
            ("aria-label", title),
            ("data-testid", "threeds-dialog"),
            ("tabindex", "-1"),
        ] {
            dialog.set_attribute(name, value).map_err(dom_error)?;
        }
        let cancel = document.create_element("button").map_err(dom_error)?;
        cancel.set_class_name("checkout__3ds-cancel");
        for (name, value) in [("type", "button"), ("data-testid", "threeds-cancel")] {
            cancel.set_attribute(name, value).map_err(dom_error)?;
        }
        cancel.set_text_content(Some(i18n::label(lang, Label::Cancel)));
        dialog.append_child(&frame).map_err(dom_error)?;
        dialog.append_child(&cancel).map_err(dom_error)?;
        root.append_child(&dialog).map_err(dom_error)?;
        let dialog: web_sys::HtmlDialogElement = dialog.unchecked_into();
        dialog.show_modal().map_err(dom_error)?;
        let _ = dialog.focus();
        Some((dialog, cancel))
    } else {
        frame.set_attribute("hidden", "").map_err(dom_error)?;
        root.append_child(&frame).map_err(dom_error)?;
        None
    };

    let ended: Rc<RefCell<Option<Ended>>> = Rc::new(RefCell::new(None));
    let resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
    let promise = js_sys::Promise::new(&mut |done, _| {
        *resolve.borrow_mut() = Some(done);
    });
    let finish = {
        let ended = ended.clone();
        move |how: Ended| {
            let mut slot = ended.borrow_mut();
            if slot.is_none() {
                *slot = Some(how);
                if let Some(done) = resolve.borrow_mut().take() {
                    let _ = done.call0(&JsValue::UNDEFINED);
                }
            }
        }
    };
    let frame_window = frame
        .clone()
        .unchecked_into::<web_sys::HtmlIFrameElement>()
        .content_window();
    let on_message = {
        let finish = finish.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            // Only the issuer's origin, and only the frame the widget opened.
            let from_frame = match (event.source(), &frame_window) {
                (Some(source), Some(expected)) => {
                    JsValue::from(source) == JsValue::from(expected.clone())
                }
                _ => false,
            };
            if event.origin() != origin || !from_frame {
                return;
            }
            let data = event.data();
            let field = |name: &str| {
                data.is_object()
                    .then(|| Reflect::get(&data, &name.into()).ok()?.as_string())
                    .flatten()
            };
            let (namespace, action, source, code, message) = (
                field("namespace"),
                field("action"),
                field("data"),
                field("errorCode"),
                field("errorMessage"),
            );
            if let Some(result) = interpret(
                namespace.as_deref(),
                action.as_deref(),
                source.as_deref(),
                code.as_deref(),
                message.as_deref(),
            ) {
                finish(Ended::Message(result));
            }
        })
    };
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    let on_cancel = {
        let finish = finish.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            finish(Ended::Canceled);
        })
    };
    if let Some((dialog, cancel)) = &dialog {
        // `cancel` is the dialog's Escape; the button is the visible way out.
        let _ =
            dialog.add_event_listener_with_callback("cancel", on_cancel.as_ref().unchecked_ref());
        let _ =
            cancel.add_event_listener_with_callback("click", on_cancel.as_ref().unchecked_ref());
    }
    let on_timeout = Closure::<dyn FnMut()>::new(move || finish(Ended::TimedOut));
    let timer = if challenge {
        None
    } else {
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                FINGERPRINT_TIMEOUT_MS,
            )
            .ok()
    };
    Ok(Started::Waiting(Step {
        promise,
        window,
        url: url.clone(),
        frame,
        dialog,
        ended,
        on_message,
        on_cancel,
        _on_timeout: on_timeout,
        timer,
    }))
}

impl Step {
    /// Settles when the step ends.
    pub fn promise(&self) -> js_sys::Promise {
        self.promise.clone()
    }

    /// Removes the frame and every listener, and says what the step gave: the next source
    /// to authorize with, or why there is none.
    pub fn end(self) -> Result<String, StepError> {
        let window = &self.window;
        let _ = window.remove_event_listener_with_callback(
            "message",
            self.on_message.as_ref().unchecked_ref(),
        );
        if let Some(timer) = self.timer {
            window.clear_timeout_with_handle(timer);
        }
        if let Some((dialog, cancel)) = &self.dialog {
            let listener = self.on_cancel.as_ref().unchecked_ref();
            let _ = dialog.remove_event_listener_with_callback("cancel", listener);
            let _ = cancel.remove_event_listener_with_callback("click", listener);
            dialog.close();
            dialog.remove();
        } else {
            self.frame.remove();
        }
        let ended = self.ended.borrow_mut().take();
        match ended {
            Some(Ended::Message(result)) => result,
            Some(Ended::TimedOut) => fingerprint_timeout_source(window, &self.url),
            Some(Ended::Canceled) | None => Err(StepError::new(
                "customer.canceled",
                "the customer closed the 3-D Secure step",
            )),
        }
    }
}

/// The result ProcessOut's clients send when a fingerprint did not answer in time:
/// `gway_req_` + base64 of `{"url", "headers", "body": "{ \"threeDS2FingerprintTimeout\": true }"}`.
fn fingerprint_timeout_source(window: &web_sys::Window, url: &str) -> Result<String, StepError> {
    let failed = |_| {
        StepError::new(
            "widget.customer-action-invalid",
            "the timeout result could not be encoded",
        )
    };
    let headers = crate::wire::object(&[("Content-Type", "application/json".into())]);
    let json = crate::wire::json(&[
        ("url", url.into()),
        ("headers", headers),
        ("body", r#"{ "threeDS2FingerprintTimeout": true }"#.into()),
    ])
    .ok_or_else(|| failed(JsValue::NULL))?;
    let encoded = window.btoa(&json).map_err(failed)?;
    Ok(format!("gway_req_{encoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_types_map_to_what_the_browser_does() {
        let url = "https://acs.example/step?x=1";
        assert_eq!(
            Action::parse("fingerprint", url, false),
            Ok(Action::Fingerprint(url.into()))
        );
        assert_eq!(
            Action::parse("redirect", url, false),
            Ok(Action::Challenge(url.into()))
        );
        assert_eq!(
            Action::parse("url", url, false),
            Ok(Action::Challenge(url.into()))
        );
        assert_eq!(
            Action::parse("url", url, true),
            Ok(Action::Navigate(url.into()))
        );
        for mobile in ["fingerprint-mobile", "challenge-mobile"] {
            let err = Action::parse(mobile, "app://x", false).unwrap_err();
            assert_eq!(err.code.as_str(), "widget.customer-action-unsupported");
            assert!(err.code.advice().use_another_card);
        }
        for (kind, bad) in [
            ("redirect", "javascript:alert(1)"),
            ("fingerprint", "data:text/html,x"),
            ("redirect", "/relative"),
            ("teleport", url),
        ] {
            let err = Action::parse(kind, bad, false).unwrap_err();
            assert_eq!(
                err.code.as_str(),
                "widget.customer-action-invalid",
                "{kind} {bad}"
            );
        }
    }

    #[test]
    fn each_round_has_its_own_key_derived_from_the_attempts() {
        assert_eq!(round_key("k", 0), "k");
        assert_eq!(round_key("k", 1), "k-1");
        assert_eq!(round_key("k", MAX_ROUNDS), "k-5");
    }

    #[test]
    fn only_processout_shaped_messages_count() {
        let ok = interpret(
            Some(NAMESPACE),
            Some("url"),
            Some("gway_req_abc"),
            None,
            None,
        );
        assert_eq!(ok, Some(Ok("gway_req_abc".into())));
        // Wrong namespace, missing action, or a data that is not a result: ignored.
        assert_eq!(
            interpret(Some("other"), Some("url"), Some("gway_req_abc"), None, None),
            None
        );
        assert_eq!(
            interpret(None, Some("url"), Some("gway_req_abc"), None, None),
            None
        );
        assert_eq!(
            interpret(Some(NAMESPACE), None, Some("gway_req_abc"), None, None),
            None
        );
        assert_eq!(
            interpret(Some(NAMESPACE), Some("url"), Some("tok_x"), None, None),
            None
        );
        assert_eq!(
            interpret(
                Some(NAMESPACE),
                Some("url"),
                Some("gway_req_<b>"),
                None,
                None
            ),
            None
        );
        assert_eq!(
            interpret(Some(NAMESPACE), Some("url"), None, None, None),
            None
        );
        // An error from the issuer's page becomes a failed step.
        let failed = interpret(
            Some(NAMESPACE),
            Some("url"),
            None,
            Some("card.failed-3ds"),
            Some("no"),
        );
        assert_eq!(
            failed.unwrap().unwrap_err().code.as_str(),
            "card.failed-3ds"
        );
        let odd = interpret(Some(NAMESPACE), Some("url"), None, Some("weird"), None);
        assert_eq!(odd.unwrap().unwrap_err().code.as_str(), "card.failed-3ds");
    }

    #[test]
    fn origins_are_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://acs.example/step?x=1"),
            Some("https://acs.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:18080/sandbox/3ds/x"),
            Some("http://127.0.0.1:18080")
        );
        assert_eq!(
            origin_of("https://acs.example"),
            Some("https://acs.example")
        );
        assert_eq!(
            origin_of("https://acs.example?x"),
            Some("https://acs.example")
        );
        assert_eq!(origin_of("nope"), None);
        assert_eq!(origin_of("https://"), None);
    }
}
