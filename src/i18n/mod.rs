//! Customer-facing texts. Status and error messages are keyed by checkout-core's
//! [`MessageKey`], card-field errors by the keys of [`checkout_core::card::MESSAGES`], and the
//! widget's own labels by [`Label`]. A language without a text falls back to English, so a
//! missing translation never shows a blank.
//!
//! English is compiled in. Every other language is a pack, `www/i18n/<code>.json`: one flat
//! object from key to text, plus the pack's own `"dir"` (`"ltr"` or `"rtl"`); the build
//! serves it as an array of texts in the order of `keys.json` (see `packs.rs`). `embed.js`
//! alone maps the page's locale to a pack (`pt-BR` -> `pt`, `zh-TW` -> `zh-Hant`, `zh-CN`
//! -> `zh-Hans`, `nn`/`no` -> `nb`, `iw` -> `he`, `in` -> `id`, an unknown language -> no
//! pack), fetches it beside the wasm and hands it to [`install`]. The wasm keeps no table of
//! languages: what it knows of one (its texts and direction) comes with its pack, and
//! without a pack the checkout speaks English (`lang="en"`). The page's locale still
//! formats numbers and dates, and is the `lang` of a checkout that has its pack.
//!
//! Languages: English; French, Spanish, German, Portuguese (Brazilian), Italian, Dutch,
//! Polish, Swedish, Danish, Norwegian (Bokmål), Finnish, Turkish, Czech, Russian, Ukrainian,
//! Japanese, Chinese (Simplified and Traditional), Korean, Hindi, Indonesian; Arabic (Modern
//! Standard) and Hebrew, right to left. Customers are addressed formally where commerce
//! does (vous, usted, Sie, você, Lei, u, Вы, ви, siz, Anda, आप, 您, です/ます, 합니다);
//! Swedish, Danish, Norwegian and Finnish use the plain address their shops use. Where a
//! language genders the reader, the texts are impersonal: Arabic "يُرجى", Hebrew "נא" with
//! an infinitive, Polish "Proszę" with an infinitive, passive past tenses in Polish, Czech,
//! Russian and Ukrainian.

mod labels;
mod packs;
#[cfg(test)]
mod tests;

use checkout_core::MessageKey;

pub use labels::Label;
pub use packs::install;
use packs::{text, CARDS_AT, DIR_AT, LABELS_AT, MESSAGES_AT};

/// The language a checkout speaks: English (compiled in) or an installed pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(Option<usize>);

impl Lang {
    /// English, which needs no pack.
    pub const EN: Lang = Lang(None);

    /// Text direction for the `dir` attribute, as the pack says.
    pub fn dir(self) -> &'static str {
        if text(self, DIR_AT) == Some("rtl") {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The `lang` attribute for a checkout on a page in `locale`: the locale itself when a
    /// pack speaks it (`embed.js` picked the pack from that locale), else `"en"`, the
    /// language of the compiled-in texts (also for an English locale such as `en-GB`).
    pub fn tag(self, locale: &str) -> &str {
        if self != Lang::EN {
            locale
        } else {
            "en"
        }
    }
}

/// The text of a status or error message; English when the language has none for `key`.
pub fn message(lang: Lang, key: MessageKey) -> &'static str {
    // A fieldless enum's discriminant is its position in `ALL` (tested).
    text(lang, MESSAGES_AT + key as usize).unwrap_or_else(|| key.english())
}

/// The installed pack's text of a card-field error key (see
/// [`checkout_core::card::CardError::message_key`]); `None` in English or without a pack.
/// Only the card frame shows these, and it falls back to checkout-core's English itself, so
/// the checkout's bundle carries no second copy of those texts.
pub fn pack_text(lang: Lang, key: &str) -> Option<&'static str> {
    let at = checkout_core::card::MESSAGE_KEYS
        .iter()
        .position(|k| *k == key)?;
    text(lang, CARDS_AT + at)
}

/// The text of a label.
pub fn label(lang: Lang, label: Label) -> &'static str {
    text(lang, LABELS_AT + label as usize).unwrap_or_else(|| label.english())
}
