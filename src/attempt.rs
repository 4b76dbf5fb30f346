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

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::payment::Resume;
use crate::wire::{self, read};

/// The format's name and version, stored with every attempt.
const FORMAT: &str = "checkout-attempt/1";

/// The fields kept for `invoice`'s attempt `r`, all strings, as a JSON object's entries
/// (one-letter names: `f`ormat, `i`nvoice, `k`ey, `r`ound, `s`ource, started a`t`,
/// `d`evice snapshot, sa`v`e the card). `None` past the rounds one digit can say (the widget takes at most
/// [`crate::threeds::MAX_ROUNDS`], fewer than 10).
pub fn entries<'a>(invoice: &'a str, r: &'a Resume) -> Option<[(&'static str, &'a str); 8]> {
    let at = r.round as usize;
    let round = DIGITS.get(at..at + 1)?;
    Some([
        ("f", FORMAT),
        ("i", invoice),
        ("k", &r.key),
        ("r", round),
        ("s", &r.source),
        ("t", &r.started_at),
        ("d", &r.device),
        ("v", if r.save { "1" } else { "0" }),
    ])
}

/// The rounds as stored: one digit each.
const DIGITS: &str = "0123456789";

/// Reads back an attempt of `invoice` from a stored object's string fields (`text`);
/// `None` for anything else (another invoice, another format, a missing or damaged field),
/// which is then treated as no attempt.
pub fn restore(invoice: &str, text: &dyn Fn(&str) -> Option<String>) -> Option<Resume> {
    let text = |k| text(k).unwrap_or_default();
    // One digit, read by hand: a number parser costs more bundle size than the rest.
    let round = match text("r").as_bytes() {
        [digit @ b'0'..=b'9'] => u32::from(digit - b'0'),
        _ => return None,
    };
    let r = Resume {
        key: text("k"),
        round,
        source: text("s"),
        save: text("v") == "1",
        device: text("d"),
        started_at: text("t"),
    };
    // Strings checked once at the end: an early return with some strings already read
    // would need clean-up code of its own for each field (bundle size).
    let complete = !(r.key.is_empty() || r.source.is_empty() || r.device.is_empty());
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
/// Items are read and written as the storage's properties, through `Reflect`, which the
/// widget already imports (a `Storage` binding adds glue to the bundle).
fn session() -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &"sessionStorage".into())
        .ok()
        .filter(JsValue::is_object)
}

/// Keeps `r` as `invoice`'s open attempt.
pub fn save(invoice: &str, r: &Resume) {
    let Some(fields) = entries(invoice, r) else {
        return;
    };
    let fields = fields.map(|(k, v)| (k, JsValue::from_str(v)));
    if let (Some(text), Some(storage)) = (wire::json(&fields), session()) {
        // A full or refused storage throws: the attempt stays in memory only.
        let _ = Reflect::set(&storage, &storage_key(invoice).into(), &text.into());
    }
}

/// `invoice`'s open attempt, if there is one.
pub fn load(invoice: &str) -> Option<Resume> {
    let text = Reflect::get(&session()?, &storage_key(invoice).into())
        .ok()?
        .as_string()?;
    let value = read::parse(&text).ok()?;
    restore(invoice, &|k| read::string(&value, k).ok().flatten())
}

/// Forgets `invoice`'s attempt: it is final.
pub fn clear(invoice: &str) {
    if let Some(storage) = session() {
        let _ = Reflect::delete_property(&storage.into(), &storage_key(invoice).into());
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
            save: true,
            device: r#"{"app_color_depth":24,"app_language":"fr-FR"}"#.into(),
            started_at: "2026-12-02T04:00:00.000Z".into(),
        }
    }

    /// The stored object, as the browser's JSON would give it back.
    type Stored = HashMap<&'static str, String>;

    fn store(invoice: &str, r: &Resume) -> Stored {
        entries(invoice, r)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k, v.to_string()))
            .collect()
    }

    fn read_back(stored: &Stored, invoice: &str) -> Option<Resume> {
        restore(invoice, &|k| stored.get(k).cloned())
    }

    #[test]
    fn an_attempt_is_restored_exactly() {
        let r = resume();
        assert_eq!(read_back(&store("iv_abc", &r), "iv_abc"), Some(r.clone()));
        for round in [0, 5, 9] {
            let at = Resume { round, ..r.clone() };
            assert_eq!(read_back(&store("iv_abc", &at), "iv_abc"), Some(at));
        }
        // More rounds than one digit says are not kept (the widget stops at 5).
        assert_eq!(entries("iv_abc", &Resume { round: 10, ..r }), None);
    }

    #[test]
    fn only_the_token_is_kept_never_card_data() {
        let r = resume();
        let fields = entries("iv_abc", &r).unwrap_or_else(|| panic!("kept"));
        assert_eq!(
            fields.map(|(k, _)| k),
            ["f", "i", "k", "r", "s", "t", "d", "v"]
        );
        assert_eq!(fields[4].1, "gway_req_eyJ1cmwiOiJ4In0=");
    }

    #[test]
    fn another_invoice_a_damaged_entry_or_an_old_format_is_no_attempt() {
        let stored = store("iv_abc", &resume());
        assert!(read_back(&stored, "iv_abc").is_some());
        assert_eq!(read_back(&stored, "iv_other"), None);
        let with = |key, value: &str| {
            let mut s = stored.clone();
            s.insert(key, value.to_string());
            s
        };
        assert_eq!(read_back(&with("f", "checkout-attempt/0"), "iv_abc"), None);
        for round in ["x", "12", "", "-1", "01"] {
            assert_eq!(read_back(&with("r", round), "iv_abc"), None, "{round}");
        }
        assert_eq!(read_back(&with("k", ""), "iv_abc"), None);
        assert_eq!(read_back(&with("d", ""), "iv_abc"), None);
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
