//! A step in the page: the hidden fingerprint frame or the challenge dialog, the listeners
//! waiting for its end, and its clean-up.

use std::cell::RefCell;
use std::rc::Rc;

use checkout_core::ErrorCode;
use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{interpret, origin_of, Action, FINGERPRINT_TIMEOUT_MS};
use crate::dom;
use crate::error::WidgetError;
use crate::i18n::{self, Label, Lang};

/// What ended a step in the browser.
enum Ended {
    Message(Result<String, WidgetError>),
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

/// The step could not be put on the page.
fn not_shown() -> WidgetError {
    WidgetError::new(
        ErrorCode::WidgetCustomerActionInvalid,
        "the step could not be shown",
    )
}

fn dom_error(_: JsValue) -> WidgetError {
    not_shown()
}

/// Starts `action` inside `root`.
pub fn begin(
    root: &web_sys::HtmlElement,
    lang: Lang,
    action: &Action,
) -> Result<Started, WidgetError> {
    let window =
        web_sys::window().ok_or_else(|| WidgetError::new(ErrorCode::WidgetNetwork, "no window"))?;
    let (url, challenge) = match action {
        Action::Navigate(url) => {
            window.location().assign(url).map_err(dom_error)?;
            return Ok(Started::Leaving);
        }
        Action::Fingerprint(url) => (url, false),
        Action::Challenge(url) => (url, true),
    };
    let origin = origin_of(url)
        .ok_or_else(|| WidgetError::new(ErrorCode::WidgetCustomerActionInvalid, "no origin"))?
        .to_string();
    let title = i18n::label(lang, Label::ThreeDsTitle);

    let frame_attributes = [
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
        // A fingerprint runs unseen.
        (
            if challenge {
                "data-challenge"
            } else {
                "hidden"
            },
            "",
        ),
    ];
    let (frame, dialog) = if challenge {
        // Focusable itself: it takes focus when it opens, so Escape reaches it and screen
        // readers announce its title before the customer moves into the issuer's page.
        let dialog = [
            ("class", "checkout__3ds"),
            ("aria-label", title),
            ("data-testid", "threeds-dialog"),
            ("tabindex", "-1"),
        ];
        let dialog = dom::append(root, "dialog", &dialog, "").ok_or_else(not_shown)?;
        let frame = dom::append(&dialog, "iframe", &frame_attributes, "").ok_or_else(not_shown)?;
        let cancel = [
            ("class", "checkout__3ds-cancel"),
            ("type", "button"),
            ("data-testid", "threeds-cancel"),
        ];
        let cancel = dom::append(&dialog, "button", &cancel, i18n::label(lang, Label::Cancel))
            .ok_or_else(not_shown)?;
        let dialog: web_sys::HtmlDialogElement = dialog.unchecked_into();
        dialog.show_modal().map_err(dom_error)?;
        let _ = dialog.focus();
        (frame, Some((dialog, cancel)))
    } else {
        let frame = dom::append(root, "iframe", &frame_attributes, "").ok_or_else(not_shown)?;
        (frame, None)
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
    pub fn end(self) -> Result<String, WidgetError> {
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
            Some(Ended::Canceled) | None => Err(WidgetError::new(
                ErrorCode::CustomerCanceled,
                "the customer closed the 3-D Secure step",
            )),
        }
    }
}

/// The result ProcessOut's clients send when a fingerprint did not answer in time:
/// `gway_req_` + base64 of `{"url", "headers", "body": "{ \"threeDS2FingerprintTimeout\": true }"}`.
fn fingerprint_timeout_source(window: &web_sys::Window, url: &str) -> Result<String, WidgetError> {
    let failed = |_| {
        WidgetError::new(
            ErrorCode::WidgetCustomerActionInvalid,
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
