//! Browser data for 3-D Secure 2, read from the browser when the customer
//! submits and sent as `device` in the authorize body.
//!
//! Reading happens at call time, not at mount, because the customer may have
//! moved the window to another screen or crossed a daylight-saving change
//! since the page loaded. Any API that is missing, throws or returns nonsense
//! becomes `None`, and [`checkout_core::device::normalise`] then substitutes
//! its documented default: a panic here would take the whole widget down.

use checkout_core::device::{normalise, BrowserDevice, RawBrowserData};
use wasm_bindgen::JsValue;

/// The browser's values, normalised for a 3DS server. Call it when the
/// customer submits.
pub fn collect() -> BrowserDevice {
    normalise(&raw())
}

/// The device snapshot of a payment attempt: [`collect`] as the JSON object sent in the
/// authorize body, with ProcessOut's field names. Taken once per attempt and sent as it is
/// with every request of the attempt (retries and 3-D Secure rounds), so a retry is
/// byte-identical; `None` only if the browser's `JSON` fails.
pub fn snapshot() -> Option<String> {
    let device = collect();
    crate::wire::json(&[
        ("app_color_depth", device.app_color_depth.into()),
        ("app_java_enabled", device.app_java_enabled.into()),
        ("app_language", device.app_language.as_str().into()),
        ("app_screen_height", device.app_screen_height.into()),
        ("app_screen_width", device.app_screen_width.into()),
        ("app_timezone_offset", device.app_timezone_offset.into()),
        ("user_agent", device.user_agent.as_str().into()),
    ])
}

/// What the browser reports right now, before normalising.
pub fn raw() -> RawBrowserData {
    let window = web_sys::window();
    let screen = window.as_ref().and_then(|w| w.screen().ok());
    let navigator = window.as_ref().map(web_sys::Window::navigator);
    RawBrowserData {
        color_depth: screen
            .as_ref()
            .and_then(|s| s.color_depth().ok())
            .map(i64::from),
        language: navigator.as_ref().and_then(language),
        screen_width: screen.as_ref().and_then(|s| s.width().ok()).map(i64::from),
        screen_height: screen.as_ref().and_then(|s| s.height().ok()).map(i64::from),
        timezone_offset: whole_minutes(js_sys::Date::new_0().get_timezone_offset()),
        user_agent: navigator.as_ref().and_then(|n| n.user_agent().ok()),
    }
}

/// `navigator.language`, else the first of `navigator.languages`. The list
/// is read through `Reflect` so that a missing one is an error, not a trap.
fn language(navigator: &web_sys::Navigator) -> Option<String> {
    let preferred = navigator.language().filter(|tag| !tag.trim().is_empty());
    preferred.or_else(|| {
        let list = js_sys::Reflect::get(navigator, &JsValue::from_str("languages")).ok()?;
        js_sys::Reflect::get(&list, &JsValue::from(0_u32))
            .ok()?
            .as_string()
            .filter(|tag| !tag.trim().is_empty())
    })
}

/// `getTimezoneOffset` returns a double: always whole minutes for today's
/// date, but NaN for an invalid date. Non-finite values are `None` (a plain
/// `as` cast would silently make NaN 0, i.e. UTC); others are rounded and
/// saturate at the `i64` bounds, which `normalise` clamps anyway.
fn whole_minutes(offset: f64) -> Option<i64> {
    if offset.is_finite() {
        Some(offset.round() as i64)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::whole_minutes;

    #[test]
    fn whole_minutes_keep_their_sign_and_value() {
        assert_eq!(whole_minutes(-120.0), Some(-120));
        assert_eq!(whole_minutes(300.0), Some(300));
        assert_eq!(whole_minutes(-330.0), Some(-330));
        assert_eq!(whole_minutes(0.0), Some(0));
        assert_eq!(whole_minutes(-0.0), Some(0));
    }

    #[test]
    fn odd_doubles_do_not_become_utc_or_panic() {
        assert_eq!(whole_minutes(f64::NAN), None);
        assert_eq!(whole_minutes(f64::INFINITY), None);
        assert_eq!(whole_minutes(f64::NEG_INFINITY), None);
        assert_eq!(whole_minutes(-9.4), Some(-9));
        assert_eq!(whole_minutes(1e300), Some(i64::MAX));
        assert_eq!(whole_minutes(-1e300), Some(i64::MIN));
    }
}
