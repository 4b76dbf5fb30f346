//! The part of `wasm-streams` that `server_fn`'s browser client calls, and nothing else.
//!
//! Leptos depends on `server_fn` with its `browser` feature whatever features the widget
//! picks, and that pulls in `wasm-streams`. The real crate defines `#[wasm_bindgen]` classes
//! (`IntoUnderlyingSource` and others); wasm-bindgen exports every such class, so the linker
//! keeps their code and the data it points at (std's `io::ErrorKind` texts among it) even
//! though the widget has no server functions and never builds a stream. This crate has the
//! same four calls, built on closures instead of exported classes, so an unused stream
//! costs nothing. It is patched in for the whole workspace (`[patch.crates-io]`).
#![no_std]

extern crate alloc;

use alloc::boxed::Box;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::pin::Pin;
use futures_util::stream::{self, Stream, StreamExt};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{ReadableStreamDefaultController, ReadableStreamDefaultReader};

type Source = Pin<Box<dyn Stream<Item = Result<JsValue, JsValue>>>>;

/// A JavaScript `ReadableStream` seen from Rust.
#[derive(Debug)]
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a stream the browser made (a response body, say).
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// The JavaScript stream itself.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// A JavaScript stream whose chunks are pulled from `stream` one at a time; an `Err`
    /// item errors the stream.
    pub fn from_stream<St>(stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        let source: Rc<RefCell<Option<Source>>> = Rc::new(RefCell::new(Some(Box::pin(stream))));
        let pull = Closure::<dyn FnMut(ReadableStreamDefaultController) -> Promise>::new(
            move |controller: ReadableStreamDefaultController| {
                let source = Rc::clone(&source);
                future_to_promise(async move {
                    // Taken out while awaited: the browser does not pull again before the
                    // promise settles, and a RefCell borrow must not live across the await.
                    let taken = source.borrow_mut().take();
                    let Some(mut body) = taken else {
                        return Ok(JsValue::UNDEFINED);
                    };
                    match body.next().await {
                        Some(Ok(chunk)) => {
                            controller.enqueue_with_chunk(&chunk)?;
                            *source.borrow_mut() = Some(body);
                        }
                        Some(Err(error)) => controller.error_with_e(&error),
                        None => controller.close()?,
                    }
                    Ok(JsValue::UNDEFINED)
                })
            },
        );
        let underlying = Object::new();
        let raw = Reflect::set(&underlying, &JsValue::from_str("pull"), pull.as_ref())
            .and_then(|_| web_sys::ReadableStream::new_with_underlying_source(&underlying));
        // The closure lives as long as the stream may pull; a stream is made once per
        // streaming request, so this is one small allocation per such request.
        pull.forget();
        let raw = raw.unwrap_or_else(|error| {
            // No ReadableStream constructor: a stream that is already errored says so to
            // whoever reads it, where a panic would stop the whole module.
            errored(error)
        });
        Self { raw }
    }

    /// The stream's chunks as a Rust stream; it ends when the JavaScript stream closes and
    /// yields the error once if it errors.
    pub fn into_stream(self) -> impl Stream<Item = Result<JsValue, JsValue>> + Unpin {
        let reader: Option<ReadableStreamDefaultReader> = self.raw.get_reader().dyn_into().ok();
        Box::pin(stream::unfold(reader, |reader| async move {
            let reader = reader?;
            let read = match JsFuture::from(reader.read()).await {
                Ok(read) => read,
                Err(error) => return Some((Err(error), None)),
            };
            let done = Reflect::get(&read, &JsValue::from_str("done"))
                .map(|done| done.is_truthy())
                .unwrap_or(true);
            if done {
                return None;
            }
            let value =
                Reflect::get(&read, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
            Some((Ok(value), Some(reader)))
        }))
    }
}

/// A stream that is errored from the start with `error`.
fn errored(error: JsValue) -> web_sys::ReadableStream {
    let start = Closure::once_into_js(move |controller: ReadableStreamDefaultController| {
        controller.error_with_e(&error);
    });
    let underlying = Object::new();
    let _ = Reflect::set(&underlying, &JsValue::from_str("start"), &start);
    web_sys::ReadableStream::new_with_underlying_source(&underlying)
        .unwrap_or_else(|_| JsValue::UNDEFINED.unchecked_into())
}
