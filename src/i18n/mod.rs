//! Customer-facing texts. Status and error messages are keyed by checkout-core's
//! [`MessageKey`], card-field errors by the keys of [`checkout_core::card::MESSAGES`], and the
//! widget's own labels by [`Label`]. A language without a text falls back to English, so a
//! missing translation never shows a blank.
//!
//! English is compiled in. The other languages are packs, `www/i18n/<code>.json` (one flat
//! object from key to text), which `embed.js` fetches beside the wasm only for the language
//! the page needs and hands to [`install`]; the wasm stays smaller for everyone.
//!
//! Languages: English, French, Spanish, German, Portuguese (Brazilian) and Arabic (Modern
//! Standard Arabic, right to left). Customers are addressed formally (vous, usted, Sie, você);
//! Arabic uses impersonal "يُرجى" requests so the texts are not gendered.

mod labels;
mod packs;
#[cfg(test)]
mod tests;

use checkout_core::MessageKey;

pub use labels::Label;
use packs::text;
pub use packs::{install, is_installed};

/// Languages the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// German.
    De,
    /// Portuguese (Brazilian).
    Pt,
    /// Arabic (Modern Standard Arabic), written right to left.
    Ar,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Fr, Lang::Es, Lang::De, Lang::Pt, Lang::Ar];

    /// Picks the language for a BCP 47 tag (or a POSIX-style `pt_BR`) by its primary subtag,
    /// ignoring case; English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        let primary = locale.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL
            .iter()
            .copied()
            .find(|lang| primary.eq_ignore_ascii_case(lang.code()))
            .unwrap_or(Lang::En)
    }

    /// The ISO 639-1 code, e.g. `"fr"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::Pt => "pt",
            Lang::Ar => "ar",
        }
    }

    /// Text direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }
}

/// The text of a status or error message; English when the language has none for `key`.
pub fn message(lang: Lang, key: MessageKey) -> &'static str {
    text(lang, key.as_str()).unwrap_or_else(|| key.english())
}

/// The installed pack's text of a card-field error key (see
/// [`checkout_core::card::CardError::message_key`]); `None` in English or without a pack.
/// Only the card frame shows these, and it falls back to checkout-core's English itself, so
/// the checkout's bundle carries no second copy of those texts.
pub fn pack_text(lang: Lang, key: &str) -> Option<&'static str> {
    text(lang, key)
}

/// The text of a label.
pub fn label(lang: Lang, label: Label) -> &'static str {
    text(lang, label.key()).unwrap_or_else(|| label.english())
}
