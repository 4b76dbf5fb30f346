//! Installed language packs: each language's texts, as `embed.js` handed them over.
//!
//! A pack as served is a JSON array of texts in one fixed order (`src/i18n/keys.json`,
//! which `scripts/packs.cjs` writes the served packs from the keyed `www/i18n/<code>.json`):
//! the direction first, then checkout-core's messages, the card messages and the labels.
//! Looking a text up is indexing, so the wasm carries none of the keys' strings, and each
//! pack is about 550 B brotli smaller than with its keys.

use checkout_core::{card, MessageKey};

use super::{Label, Lang};

/// Where the pack's writing direction is, `"rtl"` or `"ltr"`.
pub const DIR_AT: usize = 0;
/// Where checkout-core's messages start, in [`MessageKey::ALL`] order.
pub const MESSAGES_AT: usize = DIR_AT + 1;
/// Where the card messages start, in [`card::MESSAGE_KEYS`] order.
pub const CARDS_AT: usize = MESSAGES_AT + MessageKey::ALL.len();
/// Where the labels start, in [`Label::ALL`] order.
pub const LABELS_AT: usize = CARDS_AT + card::MESSAGE_KEYS.len();
/// How many texts a pack has.
pub const LEN: usize = LABELS_AT + Label::ALL.len();

/// One installed language pack, texts by position (empty where the pack has none). The
/// texts live as long as the page, so they are leaked once per checkout rather than copied
/// on every render.
type Pack = Vec<&'static str>;

thread_local! {
    static PACKS: std::cell::RefCell<Vec<Pack>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Installs a pack (its texts in order, as read from its file) and returns its language.
/// Blank texts are kept empty, so they fall back to English; texts past [`LEN`] are
/// ignored. Each checkout installs its own pack: two checkouts in different languages on
/// one page each keep theirs.
pub fn install(texts: impl IntoIterator<Item = String>) -> Lang {
    let pack: Pack = texts
        .into_iter()
        .take(LEN)
        .map(|text| -> &'static str {
            if text.trim().is_empty() {
                ""
            } else {
                Box::leak(text.into_boxed_str())
            }
        })
        .collect();
    PACKS.with(|packs| {
        let mut packs = packs.borrow_mut();
        packs.push(pack);
        Lang(Some(packs.len() - 1))
    })
}

/// The installed text at position `at` in `lang`'s pack; `None` in English, past the
/// pack's end, or where it is empty.
pub(super) fn text(lang: Lang, at: usize) -> Option<&'static str> {
    let index = lang.0?;
    PACKS.with(|packs| {
        packs
            .borrow()
            .get(index)
            .and_then(|pack| pack.get(at).copied())
            .filter(|text| !text.is_empty())
    })
}
