//! The kept payment attempt in real headless Chromium: it round-trips through the tab's
//! `sessionStorage` as JSON, holds no card data, is cleared when final, and a storage that
//! throws (private mode, storage disabled) degrades silently.
#![cfg(target_arch = "wasm32")]

use checkout_widget::attempt::{clear, load, save, storage_key};
use checkout_widget::payment::Resume;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn resume() -> Resume {
    Resume {
        key: "6f1c0a52-8b7e-4d2a-9c3e-1f2a3b4c5d6e".into(),
        round: 2,
        source: "gway_req_eyJ1cmwiOiJ4In0=".into(),
        save: false,
        device: checkout_widget::device::snapshot().unwrap(),
        started_at: "1764647000000".into(),
    }
}

/// What the page's own `sessionStorage` holds for `invoice`, read outside any Rust binding.
fn stored(invoice: &str) -> Option<String> {
    js_sys::eval(&format!(
        "sessionStorage.getItem('{}')",
        storage_key(invoice)
    ))
    .unwrap()
    .as_string()
}

#[wasm_bindgen_test]
fn an_attempt_round_trips_through_session_storage_and_is_cleared() {
    let r = resume();
    save("iv_browserRoundTrip", &r);
    let text = stored("iv_browserRoundTrip").expect("kept in sessionStorage");
    assert!(text.contains("gway_req_eyJ1cmwiOiJ4In0="), "{text}");
    assert_eq!(load("iv_browserRoundTrip"), Some(r));
    // Another invoice's checkout does not see it.
    assert_eq!(load("iv_browserOther"), None);
    clear("iv_browserRoundTrip");
    assert_eq!(stored("iv_browserRoundTrip"), None);
    assert_eq!(load("iv_browserRoundTrip"), None);
}

#[wasm_bindgen_test]
fn the_device_snapshot_is_the_json_object_sent() {
    let device = resume().device;
    let parsed = js_sys::JSON::parse(&device).unwrap();
    for field in [
        "app_color_depth",
        "app_language",
        "user_agent",
        "app_timezone_offset",
    ] {
        assert!(
            js_sys::Reflect::has(&parsed, &field.into()).unwrap(),
            "{field} in {device}"
        );
    }
}

#[wasm_bindgen_test]
fn a_storage_that_throws_degrades_to_memory_without_an_error() {
    // The page's sessionStorage getter throws, as in a sandboxed frame or with storage off.
    js_sys::eval(
        "window.__kept = Object.getOwnPropertyDescriptor(window, 'sessionStorage') \
         || Object.getOwnPropertyDescriptor(Window.prototype, 'sessionStorage'); \
         Object.defineProperty(window, 'sessionStorage', { configurable: true, \
         get() { throw new DOMException('denied', 'SecurityError'); } })",
    )
    .unwrap();
    save("iv_browserNoStorage", &resume());
    let found = load("iv_browserNoStorage");
    clear("iv_browserNoStorage");
    // The browser's own storage again, for the other tests of this page.
    js_sys::eval("Object.defineProperty(window, 'sessionStorage', window.__kept)").unwrap();
    assert_eq!(found, None);
    assert_eq!(stored("iv_browserNoStorage"), None);
}
