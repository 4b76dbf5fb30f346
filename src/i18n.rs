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

use checkout_core::card;
use checkout_core::MessageKey;

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

/// The widget's own labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Heading of the items list.
    Items,
    /// "Subtotal".
    Subtotal,
    /// "Tax".
    Tax,
    /// "Shipping".
    Shipping,
    /// "Total".
    Total,
    /// Quantity prefix, as in "× 2".
    Quantity,
    /// "Discount".
    Discount,
    /// Loading the invoice.
    Loading,
    /// A payment is being processed.
    Processing,
    /// Pay button, followed by the formatted total.
    Pay,
    /// Retry button.
    TryAgain,
    /// The items, tax and shipping do not add up to the total.
    DoesNotReconcile,
    /// Transaction reference label.
    Reference,
    /// The invoice could not be found.
    InvoiceNotFound,
    /// The checkout service is unreachable.
    ServiceUnavailable,
    /// The invoice could not be read.
    InvoiceUnreadable,
    /// Legend of the card fields.
    CardDetails,
    /// Card number field.
    CardNumber,
    /// Expiry field, with its format.
    CardExpiry,
    /// Security code field.
    CardCvc,
    /// Cardholder name field.
    CardName,
    /// Title of the 3-D Secure dialog and frames.
    ThreeDsTitle,
    /// Cancel button (of the 3-D Secure dialog).
    Cancel,
    /// The issuer verified the payment with 3-D Secure.
    ThreeDsPassed,
    /// The issuer did not verify the payment.
    ThreeDsFailed,
}

impl Label {
    /// Every label, in declaration order.
    pub const ALL: &'static [Label] = &[
        Label::Items,
        Label::Subtotal,
        Label::Tax,
        Label::Shipping,
        Label::Total,
        Label::Quantity,
        Label::Discount,
        Label::Loading,
        Label::Processing,
        Label::Pay,
        Label::TryAgain,
        Label::DoesNotReconcile,
        Label::Reference,
        Label::InvoiceNotFound,
        Label::ServiceUnavailable,
        Label::InvoiceUnreadable,
        Label::CardDetails,
        Label::CardNumber,
        Label::CardExpiry,
        Label::CardCvc,
        Label::CardName,
        Label::ThreeDsTitle,
        Label::Cancel,
        Label::ThreeDsPassed,
        Label::ThreeDsFailed,
    ];
}

impl Label {
    /// The label's key in a language pack, e.g. `label.Items`.
    pub fn key(self) -> &'static str {
        match self {
            Label::Items => "label.Items",
            Label::Subtotal => "label.Subtotal",
            Label::Tax => "label.Tax",
            Label::Shipping => "label.Shipping",
            Label::Total => "label.Total",
            Label::Quantity => "label.Quantity",
            Label::Discount => "label.Discount",
            Label::Loading => "label.Loading",
            Label::Processing => "label.Processing",
            Label::Pay => "label.Pay",
            Label::TryAgain => "label.TryAgain",
            Label::DoesNotReconcile => "label.DoesNotReconcile",
            Label::Reference => "label.Reference",
            Label::InvoiceNotFound => "label.InvoiceNotFound",
            Label::ServiceUnavailable => "label.ServiceUnavailable",
            Label::InvoiceUnreadable => "label.InvoiceUnreadable",
            Label::CardDetails => "label.CardDetails",
            Label::CardNumber => "label.CardNumber",
            Label::CardExpiry => "label.CardExpiry",
            Label::CardCvc => "label.CardCvc",
            Label::CardName => "label.CardName",
            Label::ThreeDsTitle => "label.ThreeDsTitle",
            Label::Cancel => "label.Cancel",
            Label::ThreeDsPassed => "label.ThreeDsPassed",
            Label::ThreeDsFailed => "label.ThreeDsFailed",
        }
    }
}

/// One installed language pack: key to text. The texts live as long as the page, so they
/// are leaked once per language rather than copied on every render.
type Pack = Vec<(String, &'static str)>;

thread_local! {
    static PACKS: std::cell::RefCell<Vec<(Lang, Pack)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Installs the texts of `lang` (pairs of key and text, as read from its pack). Installing
/// a language twice keeps the first pack; English needs none.
pub fn install(lang: Lang, entries: impl IntoIterator<Item = (String, String)>) {
    if lang == Lang::En || is_installed(lang) {
        return;
    }
    let pack: Pack = entries
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(key, text)| {
            let text: &'static str = Box::leak(text.into_boxed_str());
            (key, text)
        })
        .collect();
    PACKS.with(|packs| packs.borrow_mut().push((lang, pack)));
}

/// Whether a pack for `lang` is installed.
pub fn is_installed(lang: Lang) -> bool {
    PACKS.with(|packs| packs.borrow().iter().any(|(l, _)| *l == lang))
}

/// The installed text of `key` in `lang`.
fn text(lang: Lang, key: &str) -> Option<&'static str> {
    PACKS.with(|packs| {
        packs
            .borrow()
            .iter()
            .find(|(l, _)| *l == lang)
            .and_then(|(_, pack)| pack.iter().find(|(k, _)| k == key).map(|(_, t)| *t))
    })
}

/// The text of a status or error message; English when the language has none for `key`.
pub fn message(lang: Lang, key: MessageKey) -> &'static str {
    text(lang, key.as_str()).unwrap_or_else(|| key.english())
}

/// The text of a card-field error key (see [`checkout_core::card::CardError::message_key`]).
/// Falls back to the English text of the key, then to the language's generic
/// "check your card details".
pub fn card_message(lang: Lang, key: &str) -> &'static str {
    text(lang, key)
        .or_else(|| {
            card::MESSAGES
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, text)| *text)
        })
        .or_else(|| text(lang, "card.invalid"))
        .unwrap_or("Please check your card details.")
}

/// The text of a label.
pub fn label(lang: Lang, label: Label) -> &'static str {
    text(lang, label.key()).unwrap_or_else(|| label_en(label))
}

fn label_en(label: Label) -> &'static str {
    match label {
        Label::Items => "Items",
        Label::Subtotal => "Subtotal",
        Label::Tax => "Tax",
        Label::Shipping => "Shipping",
        Label::Total => "Total",
        Label::Quantity => "×",
        Label::Discount => "Discount",
        Label::Loading => "Loading your invoice…",
        Label::Processing => "Processing your payment…",
        Label::Pay => "Pay",
        Label::TryAgain => "Try again",
        Label::DoesNotReconcile => {
            "The items, tax and shipping listed do not add up to the total. The total is the amount you will pay."
        }
        Label::Reference => "Reference",
        Label::InvoiceNotFound => "This invoice could not be found.",
        Label::ServiceUnavailable => "The checkout service is not reachable right now.",
        Label::InvoiceUnreadable => "This invoice could not be read.",
        Label::CardDetails => "Card details",
        Label::CardNumber => "Card number",
        Label::CardExpiry => "Expiry date (MM/YY)",
        Label::CardCvc => "Security code",
        Label::CardName => "Name on card",
        Label::ThreeDsTitle => "Confirm the payment with your bank",
        Label::Cancel => "Cancel",
        Label::ThreeDsPassed => "Verified by your bank (3-D Secure).",
        Label::ThreeDsFailed => "Not verified by your bank (3-D Secure).",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRANSLATED: &[Lang] = &[Lang::Fr, Lang::Es, Lang::De, Lang::Pt, Lang::Ar];

    /// The packs `embed.js` serves, read as the widget reads them.
    const PACK_FILES: &[(Lang, &str)] = &[
        (Lang::Fr, include_str!("../www/i18n/fr.json")),
        (Lang::Es, include_str!("../www/i18n/es.json")),
        (Lang::De, include_str!("../www/i18n/de.json")),
        (Lang::Pt, include_str!("../www/i18n/pt.json")),
        (Lang::Ar, include_str!("../www/i18n/ar.json")),
    ];

    fn pack_entries(json: &str) -> Vec<(String, String)> {
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(json).expect("a pack is one JSON object");
        map.into_iter()
            .map(|(key, value)| {
                let text = value.as_str().expect("every text is a string").to_owned();
                (key, text)
            })
            .collect()
    }

    /// Installs every pack on this test's thread.
    fn install_all() {
        for (lang, json) in PACK_FILES {
            install(*lang, pack_entries(json));
        }
    }

    #[test]
    fn every_language_but_english_has_a_pack() {
        let with_pack: Vec<Lang> = PACK_FILES.iter().map(|(lang, _)| *lang).collect();
        assert_eq!(with_pack, TRANSLATED);
        // embed.js fetches exactly these.
        let embed = include_str!("../www/embed.js");
        for lang in TRANSLATED {
            assert!(embed.contains(&format!("'{}'", lang.code())), "{lang:?}");
        }
    }

    #[test]
    fn packs_hold_only_known_keys() {
        let mut known: Vec<&str> = MessageKey::ALL.iter().map(|k| k.as_str()).collect();
        known.extend(Label::ALL.iter().map(|l| l.key()));
        known.extend(card::MESSAGES.iter().map(|(k, _)| *k));
        for (lang, json) in PACK_FILES {
            let entries = pack_entries(json);
            for (key, _) in &entries {
                assert!(known.contains(&key.as_str()), "{lang:?}: unknown key {key}");
            }
            assert_eq!(entries.len(), known.len(), "{lang:?}: every key once");
        }
    }

    #[test]
    fn without_a_pack_a_language_speaks_english() {
        // A fresh thread has no pack installed, as a page whose pack failed to load.
        std::thread::spawn(|| {
            assert!(!is_installed(Lang::De));
            assert_eq!(label(Lang::De, Label::Pay), "Pay");
            let key = MessageKey::ALL[0];
            assert_eq!(message(Lang::De, key), key.english());
            install(
                Lang::De,
                [("label.Pay".to_string(), "Bezahlen".to_string())],
            );
            assert_eq!(label(Lang::De, Label::Pay), "Bezahlen");
            // A second install of the same language keeps the first.
            install(Lang::De, [("label.Pay".to_string(), "Zahlen".to_string())]);
            assert_eq!(label(Lang::De, Label::Pay), "Bezahlen");
            assert_eq!(label(Lang::De, Label::Total), "Total");
        })
        .join()
        .unwrap();
    }

    /// Every text of a language, named for failure output, in a fixed order. `×` is left out:
    /// it is a symbol, the same in every language.
    fn texts(lang: Lang) -> Vec<(String, &'static str)> {
        install_all();
        let messages = MessageKey::ALL
            .iter()
            .map(|key| (key.as_str().to_owned(), message(lang, *key)));
        let cards = card::MESSAGES
            .iter()
            .map(|(key, _)| ((*key).to_owned(), card_message(lang, key)));
        let labels = Label::ALL
            .iter()
            .filter(|l| **l != Label::Quantity)
            .map(|l| (l.key().to_owned(), label(lang, *l)));
        messages.chain(cards).chain(labels).collect()
    }

    fn is_arabic(c: char) -> bool {
        ('\u{0600}'..='\u{06FF}').contains(&c)
    }

    #[test]
    fn label_all_lists_every_variant_once() {
        // Exhaustive: a new variant does not compile here until it gets a position.
        fn position(label: Label) -> usize {
            match label {
                Label::Items => 0,
                Label::Subtotal => 1,
                Label::Tax => 2,
                Label::Shipping => 3,
                Label::Total => 4,
                Label::Quantity => 5,
                Label::Discount => 6,
                Label::Loading => 7,
                Label::Processing => 8,
                Label::Pay => 9,
                Label::TryAgain => 10,
                Label::DoesNotReconcile => 11,
                Label::Reference => 12,
                Label::InvoiceNotFound => 13,
                Label::ServiceUnavailable => 14,
                Label::InvoiceUnreadable => 15,
                Label::CardDetails => 16,
                Label::CardNumber => 17,
                Label::CardExpiry => 18,
                Label::CardCvc => 19,
                Label::CardName => 20,
                Label::ThreeDsTitle => 21,
                Label::Cancel => 22,
                Label::ThreeDsPassed => 23,
                Label::ThreeDsFailed => 24,
            }
        }
        assert_eq!(Label::ALL.len(), 25);
        for (index, label) in Label::ALL.iter().enumerate() {
            assert_eq!(position(*label), index, "{label:?}");
        }
    }

    #[test]
    fn every_message_key_is_translated_in_every_language() {
        install_all();
        for lang in TRANSLATED {
            for key in MessageKey::ALL {
                let translated = text(*lang, key.as_str());
                assert!(
                    translated.is_some_and(|t| !t.trim().is_empty()),
                    "{lang:?} {key}"
                );
                assert_eq!(Some(message(*lang, *key)), translated);
            }
        }
        for key in MessageKey::ALL {
            assert_eq!(message(Lang::En, *key), key.english());
        }
    }

    #[test]
    fn messages_end_a_sentence() {
        install_all();
        for lang in Lang::ALL {
            for key in MessageKey::ALL {
                let text = message(*lang, *key);
                assert!(
                    text.ends_with('.') || text.ends_with('!'),
                    "{lang:?} {key}: {text}"
                );
            }
        }
    }

    #[test]
    fn every_label_has_text_in_every_language() {
        install_all();
        for lang in Lang::ALL {
            for l in Label::ALL {
                assert!(!label(*lang, *l).trim().is_empty(), "{lang:?} {l:?}");
            }
            assert_eq!(label(*lang, Label::Quantity), "×", "{lang:?}");
        }
    }

    #[test]
    fn every_card_message_is_translated_in_every_language() {
        install_all();
        for (key, english) in card::MESSAGES {
            assert_eq!(card_message(Lang::En, key), *english);
            for lang in TRANSLATED {
                let text = text(*lang, key);
                assert!(text.is_some_and(|t| !t.trim().is_empty()), "{lang:?} {key}");
                assert_eq!(Some(card_message(*lang, key)), text);
            }
        }
    }

    #[test]
    fn card_message_falls_back_for_unknown_keys() {
        install_all();
        assert_eq!(
            card_message(Lang::En, "card.nope"),
            "Please check your card details."
        );
        for lang in TRANSLATED {
            assert_eq!(
                card_message(*lang, "card.nope"),
                card_message(*lang, "card.invalid")
            );
        }
    }

    #[test]
    fn translations_are_not_copies_of_english() {
        let english = texts(Lang::En);
        for lang in TRANSLATED {
            let same: Vec<String> = texts(*lang)
                .into_iter()
                .zip(&english)
                .filter(|((_, text), (_, en))| text == en)
                .map(|((key, _), _)| key)
                .collect();
            assert!(
                same.len() <= 3,
                "{lang:?}: {} texts identical to English: {same:?}",
                same.len()
            );
        }
    }

    #[test]
    fn languages_do_not_share_sentences() {
        // Catches an arm pasted into the wrong language; short labels ("Total") may coincide.
        for (i, a) in TRANSLATED.iter().enumerate() {
            for b in TRANSLATED.iter().skip(i + 1) {
                let shared: Vec<String> = texts(*a)
                    .into_iter()
                    .zip(texts(*b))
                    .filter(|((_, x), (_, y))| x == y && x.chars().count() > 12)
                    .map(|((key, _), _)| key)
                    .collect();
                assert!(shared.is_empty(), "{a:?} and {b:?} share {shared:?}");
            }
        }
    }

    #[test]
    fn arabic_texts_are_in_arabic_script_and_others_are_not() {
        for (key, text) in texts(Lang::Ar) {
            assert!(text.chars().any(is_arabic), "ar {key}: {text}");
        }
        for lang in [Lang::En, Lang::Fr, Lang::Es, Lang::De, Lang::Pt] {
            for (key, text) in texts(lang) {
                assert!(!text.chars().any(is_arabic), "{lang:?} {key}: {text}");
            }
        }
    }

    #[test]
    fn declines_never_reveal_fraud_suspicion() {
        // Core's rule for the English texts, applied to the translations.
        let words = [
            "fraud",
            "stolen",
            "lost",
            "volé",
            "perdu",
            "robad",
            "perdid",
            "betrug",
            "gestohlen",
            "verloren",
            "roubad",
            "extraviad",
            "احتيال",
            "مسروق",
            "مفقود",
        ];
        for lang in Lang::ALL {
            for (key, text) in texts(*lang) {
                let text = text.to_lowercase();
                for word in words {
                    assert!(!text.contains(word), "{lang:?} {key} mentions {word}");
                }
            }
        }
    }

    #[test]
    fn french_typography() {
        for (key, text) in texts(Lang::Fr) {
            assert!(!text.contains('\''), "fr {key}: use ’ for apostrophes");
            let chars: Vec<char> = text.chars().collect();
            for pair in chars.windows(2) {
                if let [before, mark @ ('!' | '?' | ':' | ';')] = pair {
                    assert!(
                        *before == '\u{a0}' || *before == '\u{202f}',
                        "fr {key}: no-break space before {mark}"
                    );
                }
            }
        }
    }

    #[test]
    fn from_locale_picks_the_primary_subtag() {
        let cases = [
            ("en", Lang::En),
            ("en-US", Lang::En),
            ("fr", Lang::Fr),
            ("FR", Lang::Fr),
            ("fr-CA", Lang::Fr),
            ("es-419", Lang::Es),
            ("es_MX", Lang::Es),
            ("de-DE", Lang::De),
            ("De-at", Lang::De),
            ("pt-BR", Lang::Pt),
            ("pt_PT", Lang::Pt),
            ("ar", Lang::Ar),
            ("ar-KW", Lang::Ar),
            ("AR_eg", Lang::Ar),
            (" ar-SA ", Lang::Ar),
            ("zh", Lang::En),
            ("zh-Hant-TW", Lang::En),
            ("", Lang::En),
            ("-", Lang::En),
            ("f", Lang::En),
            ("fra", Lang::En),
            ("french", Lang::En),
            ("x-fr", Lang::En),
        ];
        for (tag, lang) in cases {
            assert_eq!(Lang::from_locale(tag), lang, "{tag:?}");
        }
        for lang in Lang::ALL {
            assert_eq!(Lang::from_locale(lang.code()), *lang);
        }
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        for lang in Lang::ALL {
            let expected = if *lang == Lang::Ar { "rtl" } else { "ltr" };
            assert_eq!(lang.dir(), expected, "{lang:?}");
        }
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(codes, ["en", "fr", "es", "de", "pt", "ar"]);
    }
}
