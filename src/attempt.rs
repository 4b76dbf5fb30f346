//! The open payment attempt, kept in `sessionStorage` so it survives the page: a reload in
//! the middle of authorize, or the return from a full-page 3-D Secure step, resumes the
//! same attempt (same key, round, source and device data) instead of starting a second one.
//!
//! What is kept is only what a byte-identical retry needs: the invoice, the idempotency
//! key, the 3-D Secure round, the source reference of that round (a `card_`, `tok_` or
//! `gway_req_` token: never the card number or the CVC), the device snapshot and when the
//! attempt started. It is written from the first authorize until the attempt is final.
//! Serialized by hand, as a JSON object through the browser's own `JSON` (no serde in the
//! wasm; the fields are listed in [`entries`] and read back by [`restore`]); storage that is missing
//! or throws (private mode, a sandboxed frame) leaves the attempt in the widget's memory,
//! silently.

use checkout_core::device::BrowserDevice;
use wasm_bindgen::JsValue;

use crate::payment::Resume;
use crate::wire::{self, read};

/// The format's name and version, stored with every attempt.
const FORMAT: &str = "checkout-attempt/1";

/// One stored field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// A string.
    Text(&'a str),
    /// A whole number (safe in JSON: every one here is far below 2^53).
    Number(i64),
}

/// The fields kept for `invoice`'s attempt `r`, as a JSON object's entries (one-letter
/// names: `f`ormat, `i`nvoice, `k`ey, `r`ound, `s`ource, started a`t`, then the device's
/// `c`olor depth, `j`ava, `l`anguage, `h`eight, `w`idth, time`z`one and `u`ser agent).
pub fn entries<'a>(invoice: &'a str, r: &'a Resume) -> [(&'static str, Value<'a>); 13] {
    use Value::{Number, Text};
    let d = &r.device;
    [
        ("f", Text(FORMAT)),
        ("i", Text(invoice)),
        ("k", Text(&r.key)),
        ("r", Number(r.round.into())),
        ("s", Text(&r.source)),
        ("t", Number(r.started_at as i64)),
        ("c", Number(d.app_color_depth.into())),
        ("j", Number(d.app_java_enabled.into())),
        ("l", Text(&d.app_language)),
        ("h", Number(d.app_screen_height.into())),
        ("w", Number(d.app_screen_width.into())),
        ("z", Number(d.app_timezone_offset.into())),
        ("u", Text(&d.user_agent)),
    ]
}

/// Reads back an attempt of `invoice` from a stored object's `text` and `number` fields;
/// `None` for anything else (another invoice, another format, a missing, damaged or
/// out-of-range field), which is then treated as no attempt.
pub fn restore(
    invoice: &str,
    text: &dyn Fn(&str) -> Option<String>,
    number: &dyn Fn(&str) -> Option<i64>,
) -> Option<Resume> {
    fn fit<T: TryFrom<i64>>(n: Option<i64>) -> Option<T> {
        n?.try_into().ok()
    }
    // Numbers first and strings last, checked once: an early return with some strings
    // already read would need its own clean-up code for each field (bundle size).
    let (
        Some(round),
        Some(started_at),
        Some(color),
        Some(java),
        Some(height),
        Some(width),
        Some(zone),
    ) = (
        fit(number("r")),
        fit(number("t")),
        fit(number("c")),
        number("j"),
        fit(number("h")),
        fit(number("w")),
        fit(number("z")),
    )
    else {
        return None;
    };
    let text = |k| text(k).unwrap_or_default();
    let r = Resume {
        key: text("k"),
        round,
        source: text("s"),
        device: BrowserDevice {
            app_color_depth: color,
            app_java_enabled: java == 1,
            app_language: text("l"),
            app_screen_height: height,
            app_screen_width: width,
            app_timezone_offset: zone,
            user_agent: text("u"),
        },
        started_at,
    };
    let complete = [
        &r.key,
        &r.source,
        &r.device.app_language,
        &r.device.user_agent,
    ]
    .iter()
    .all(|t| !t.is_empty());
    (complete && text("f") == FORMAT && text("i") == invoice).then_some(r)
}

/// The storage key of `invoice`'s open attempt (one per invoice, so two checkouts on one
/// page do not meet).
pub fn storage_key(invoice: &str) -> String {
    let mut key = String::from("checkout-widget.attempt.");
    key.push_str(invoice);
    key
}

/// The tab's `sessionStorage`; `None` where there is none or it throws (private mode, a
/// sandboxed frame, storage disabled). The attempt then lives in the widget's memory only
/// (the payment's `resume`): it survives a retry, not a reload, and nobody sees an error.
fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Keeps `r` as `invoice`'s open attempt.
pub fn save(invoice: &str, r: &Resume) {
    let fields = entries(invoice, r).map(|(k, v)| {
        let v = match v {
            Value::Text(t) => JsValue::from_str(t),
            Value::Number(n) => JsValue::from_f64(n as f64),
        };
        (k, v)
    });
    if let (Some(text), Some(storage)) = (wire::json(&fields), session()) {
        let _ = storage.set_item(&storage_key(invoice), &text);
    }
}

/// `invoice`'s open attempt, if there is one.
pub fn load(invoice: &str) -> Option<Resume> {
    let text = session()?.get_item(&storage_key(invoice)).ok()??;
    let value = read::parse(&text).ok()?;
    restore(invoice, &|k| read::string(&value, k).ok().flatten(), &|k| {
        read::integer(&value, k).ok().flatten()
    })
}

/// Forgets `invoice`'s attempt: it is final.
pub fn clear(invoice: &str) {
    if let Some(storage) = session() {
        let _ = storage.remove_item(&storage_key(invoice));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn resume() -> Resume {
        Resume {
            key: "6f1c0a52-8b7e-4d2a-9c3e-1f2a3b4c5d6e".into(),
            round: 1,
            source: "gway_req_eyJ1cmwiOiJ4In0=".into(),
            device: BrowserDevice {
                app_color_depth: 24,
                app_java_enabled: false,
                app_language: "fr-FR".into(),
                app_screen_height: 1080,
                app_screen_width: 1920,
                app_timezone_offset: -120,
                user_agent: "Mozilla/5.0 (X11; Linux x86_64)".into(),
            },
            started_at: 1_700_000_000_000,
        }
    }

    /// The stored object, as the browser's JSON would give it back.
    type Stored = HashMap<&'static str, Value<'static>>;

    fn store(invoice: &str, r: &Resume) -> Stored {
        entries(invoice, r)
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Text(t) => Value::Text(Box::leak(t.to_string().into_boxed_str())),
                    Value::Number(n) => Value::Number(n),
                };
                (k, v)
            })
            .collect()
    }

    fn read_back(stored: &Stored, invoice: &str) -> Option<Resume> {
        restore(
            invoice,
            &|k| match stored.get(k) {
                Some(Value::Text(t)) => Some(t.to_string()),
                _ => None,
            },
            &|k| match stored.get(k) {
                Some(Value::Number(n)) => Some(*n),
                _ => None,
            },
        )
    }

    #[test]
    fn an_attempt_is_restored_exactly() {
        let r = resume();
        assert_eq!(read_back(&store("iv_abc", &r), "iv_abc"), Some(r.clone()));
        let java = Resume {
            device: BrowserDevice {
                app_java_enabled: true,
                ..r.device.clone()
            },
            ..r
        };
        assert_eq!(read_back(&store("iv_abc", &java), "iv_abc"), Some(java));
    }

    #[test]
    fn only_the_token_is_kept_never_card_data() {
        let keys: Vec<_> = entries("iv_abc", &resume()).map(|(k, _)| k).to_vec();
        assert_eq!(
            keys,
            ["f", "i", "k", "r", "s", "t", "c", "j", "l", "h", "w", "z", "u"]
        );
        let r = resume();
        let texts: Vec<_> = entries("iv_abc", &r)
            .into_iter()
            .filter_map(|(_, v)| match v {
                Value::Text(t) => Some(t),
                Value::Number(_) => None,
            })
            .collect();
        assert!(texts.contains(&"gway_req_eyJ1cmwiOiJ4In0="));
    }

    #[test]
    fn another_invoice_a_damaged_entry_or_an_old_format_is_no_attempt() {
        let stored = store("iv_abc", &resume());
        assert_eq!(read_back(&stored, "iv_other"), None);
        let with = |key, value| {
            let mut s = stored.clone();
            s.insert(key, value);
            s
        };
        assert_eq!(
            read_back(&with("f", Value::Text("checkout-attempt/0")), "iv_abc"),
            None
        );
        assert_eq!(read_back(&with("r", Value::Text("1")), "iv_abc"), None);
        assert_eq!(read_back(&with("c", Value::Number(999)), "iv_abc"), None);
        assert_eq!(read_back(&with("r", Value::Number(-1)), "iv_abc"), None);
        assert_eq!(read_back(&with("k", Value::Text("")), "iv_abc"), None);
        let mut missing = stored.clone();
        missing.remove("s");
        assert_eq!(read_back(&missing, "iv_abc"), None);
        assert_eq!(read_back(&Stored::new(), "iv_abc"), None);
    }

    #[test]
    fn each_invoice_has_its_own_key() {
        assert_eq!(storage_key("iv_1"), "checkout-widget.attempt.iv_1");
        assert_ne!(storage_key("iv_1"), storage_key("iv_2"));
    }
}
