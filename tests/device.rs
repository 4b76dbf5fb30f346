//! 3DS2 browser data in real headless Chromium: what the widget collects must
//! be what the browser itself reports, read here independently through JS.
#![cfg(target_arch = "wasm32")]

use checkout_core::device::{language_tag, validate};
use checkout_widget::device::{collect, raw};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Evaluates `expression` in the page, outside any Rust binding.
fn js(expression: &str) -> wasm_bindgen::JsValue {
    js_sys::eval(expression).unwrap()
}

fn js_integer(expression: &str) -> i64 {
    let value = js(expression).as_f64().unwrap();
    assert_eq!(value.fract(), 0.0, "{expression} = {value}");
    value as i64
}

fn js_text(expression: &str) -> String {
    js(expression).as_string().unwrap()
}

#[wasm_bindgen_test]
fn screen_size_is_the_browsers_own() {
    let device = collect();
    assert_eq!(
        i64::from(device.app_screen_width),
        js_integer("screen.width")
    );
    assert_eq!(
        i64::from(device.app_screen_height),
        js_integer("screen.height")
    );
    assert!(
        device.app_screen_width > 1,
        "a real screen, not the default"
    );
}

#[wasm_bindgen_test]
fn colour_depth_is_the_browsers_own_after_rounding() {
    let reported = js_integer("screen.colorDepth");
    assert_eq!(raw().color_depth, Some(reported));
    let device = collect();
    assert_eq!(
        device.app_color_depth,
        checkout_core::device::color_depth(Some(reported))
    );
    // Headless Chromium reports 24, which is already allowed.
    assert_eq!(reported, 24);
    assert_eq!(device.app_color_depth, 24);
}

#[wasm_bindgen_test]
fn language_is_navigator_language_shortened() {
    let reported = js_text("navigator.language");
    assert!(!reported.is_empty());
    assert_eq!(raw().language.as_deref(), Some(reported.as_str()));
    let device = collect();
    assert_eq!(device.app_language, language_tag(Some(&reported)));
    assert!(reported.starts_with(&device.app_language));
}

#[wasm_bindgen_test]
fn timezone_offset_is_get_timezone_offset_with_its_sign() {
    let reported = js_integer("new Date().getTimezoneOffset()");
    assert_eq!(raw().timezone_offset, Some(reported));
    assert_eq!(i64::from(collect().app_timezone_offset), reported);
}

#[wasm_bindgen_test]
fn java_is_off_and_the_user_agent_is_navigators() {
    let device = collect();
    assert!(!device.app_java_enabled);
    let reported = js_text("navigator.userAgent");
    assert!(reported.contains("Chrome"), "{reported}");
    assert_eq!(device.user_agent, reported);
}

#[wasm_bindgen_test]
fn the_collected_device_passes_the_proxys_validation() {
    assert_eq!(validate(&collect()), Ok(()));
}

#[wasm_bindgen_test]
fn the_body_has_exactly_processouts_seven_field_names() {
    let value = serde_json::to_value(collect()).unwrap();
    let mut names: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "app_color_depth",
            "app_java_enabled",
            "app_language",
            "app_screen_height",
            "app_screen_width",
            "app_timezone_offset",
            "user_agent",
        ]
    );
    assert_eq!(value["app_java_enabled"], serde_json::json!(false));
    assert_eq!(
        value["app_screen_width"],
        serde_json::json!(js_integer("screen.width"))
    );
}

/// Runs `body` with `statement` applied to the page, then `undo`, so that a
/// failing assertion cannot leave the page broken for the other tests.
fn with_page_changed<T>(statement: &str, undo: &str, body: impl FnOnce() -> T) -> T {
    js(statement);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body));
    js(undo);
    result.unwrap_or_else(|cause| std::panic::resume_unwind(cause))
}

#[wasm_bindgen_test]
fn an_empty_navigator_language_falls_back_to_the_first_of_navigator_languages() {
    let raw = with_page_changed(
        "Object.defineProperty(navigator, 'language', {value: '', configurable: true});\
         Object.defineProperty(navigator, 'languages', {value: ['pt-BR-x-test', 'en'], configurable: true});",
        "delete navigator.language; delete navigator.languages;",
        raw,
    );
    assert_eq!(raw.language.as_deref(), Some("pt-BR-x-test"));
    assert_eq!(
        js_text("navigator.language"),
        js_text("navigator.languages[0]")
    );
}

#[wasm_bindgen_test]
fn no_language_and_no_screen_give_the_documented_defaults_without_panicking() {
    let device = with_page_changed(
        "Object.defineProperty(navigator, 'language', {value: undefined, configurable: true});\
         Object.defineProperty(navigator, 'languages', {value: undefined, configurable: true});\
         window.savedScreen = Object.getOwnPropertyDescriptor(window, 'screen');\
         Object.defineProperty(window, 'screen', {value: undefined, configurable: true});",
        // `screen` lives on the window itself, so deleting it would lose it for good.
        "delete navigator.language; delete navigator.languages;\
         Object.defineProperty(window, 'screen', window.savedScreen); delete window.savedScreen;",
        collect,
    );
    assert_eq!(device.app_language, "en");
    assert_eq!(device.app_color_depth, 24);
    assert_eq!(device.app_screen_width, 1);
    assert_eq!(device.app_screen_height, 1);
    // The page is whole again for the other tests.
    assert!(js_integer("screen.width") > 1);
}
