//! The shim in a real browser (the browser tier): what `server_fn` would send and read
//! arrives intact, in order, and an error reaches the reader instead of being lost.
#![cfg(target_arch = "wasm32")]

use futures_util::stream::{self, StreamExt};
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_streams::ReadableStream;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn chunks_go_through_a_browser_stream_in_order_and_it_ends() {
    let chunks = ["one", "two", "three"].map(|c| Ok(JsValue::from_str(c)));
    let raw = ReadableStream::from_stream(stream::iter(chunks)).into_raw();
    let read: Vec<_> = ReadableStream::from_raw(raw).into_stream().collect().await;
    let read: Vec<_> = read
        .into_iter()
        .map(|c| c.ok().and_then(|c| c.as_string()))
        .collect();
    assert_eq!(
        read,
        [Some("one".into()), Some("two".into()), Some("three".into())]
    );
}

#[wasm_bindgen_test]
async fn an_error_in_the_source_reaches_the_reader_once() {
    let items = vec![
        Ok(JsValue::from_str("first")),
        Err(JsValue::from_str("boom")),
    ];
    let raw = ReadableStream::from_stream(stream::iter(items)).into_raw();
    let read: Vec<_> = ReadableStream::from_raw(raw).into_stream().collect().await;
    assert_eq!(read.len(), 2, "one chunk, then the error, then the end");
    assert_eq!(
        read[0].as_ref().ok().and_then(|c| c.as_string()),
        Some("first".into())
    );
    assert_eq!(
        read[1].as_ref().err().and_then(|e| e.as_string()),
        Some("boom".into())
    );
}

#[wasm_bindgen_test]
async fn a_response_body_is_read_as_its_bytes() {
    let response = web_sys::Response::new_with_opt_str(Some("héllo")).expect("a Response");
    let body = response.body().expect("a body");
    let mut bytes = Vec::new();
    let mut chunks = ReadableStream::from_raw(body).into_stream();
    while let Some(chunk) = chunks.next().await {
        bytes.extend(Uint8Array::new(&chunk.expect("a chunk")).to_vec());
    }
    assert_eq!(String::from_utf8(bytes).as_deref(), Ok("héllo"));
}
