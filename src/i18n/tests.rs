//! The texts of every language, as the packs `embed.js` serves give them.

use checkout_core::card;
use checkout_core::MessageKey;

use super::packs::text;
use super::*;

const TRANSLATED: &[Lang] = &[Lang::Fr, Lang::Es, Lang::De, Lang::Pt, Lang::Ar];

/// The packs `embed.js` serves, read as the widget reads them.
const PACK_FILES: &[(Lang, &str)] = &[
    (Lang::Fr, include_str!("../../www/i18n/fr.json")),
    (Lang::Es, include_str!("../../www/i18n/es.json")),
    (Lang::De, include_str!("../../www/i18n/de.json")),
    (Lang::Pt, include_str!("../../www/i18n/pt.json")),
    (Lang::Ar, include_str!("../../www/i18n/ar.json")),
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
    let embed = include_str!("../../www/embed.js");
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
        .map(|(key, english)| ((*key).to_owned(), pack_text(lang, key).unwrap_or(english)));
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
            Label::Checking => 9,
            Label::Pay => 10,
            Label::TryAgain => 11,
            Label::DoesNotReconcile => 12,
            Label::Reference => 13,
            Label::InvoiceNotFound => 14,
            Label::ServiceUnavailable => 15,
            Label::InvoiceUnreadable => 16,
            Label::CardDetails => 17,
            Label::CardNumber => 18,
            Label::CardExpiry => 19,
            Label::CardCvc => 20,
            Label::CardName => 21,
            Label::ThreeDsTitle => 22,
            Label::Cancel => 23,
            Label::ThreeDsPassed => 24,
            Label::ThreeDsFailed => 25,
        }
    }
    assert_eq!(Label::ALL.len(), 26);
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
    for (key, _) in card::MESSAGES {
        // English comes from checkout-core, in the card frame itself.
        assert_eq!(pack_text(Lang::En, key), None);
        for lang in TRANSLATED {
            let text = pack_text(*lang, key);
            assert!(text.is_some_and(|t| !t.trim().is_empty()), "{lang:?} {key}");
        }
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
