//! The texts of every language, as the packs `embed.js` serves give them. The packs are read
//! from `www/i18n/` when the tests run, so a new file is checked without being listed here.

use std::collections::BTreeSet;
use std::fmt;

use checkout_core::card;
use checkout_core::MessageKey;

use super::packs::{self, LEN};
use super::*;

/// A pack's key for its writing direction.
const DIR_KEY: &str = "dir";

/// Every pack `embed.js` may fetch, as the issue lists them (English is compiled in).
const CODES: &[&str] = &[
    "ar", "cs", "da", "de", "es", "fi", "fr", "he", "hi", "id", "it", "ja", "ko", "nb", "nl", "pl",
    "pt", "ru", "sv", "tr", "uk", "zh-Hans", "zh-Hant",
];
/// The packs written right to left.
const RTL: &[&str] = &["ar", "he"];

/// A pack's entries in file order, duplicates kept (a JSON object read into a map would
/// silently keep only the last of two equal keys).
struct Entries(Vec<(String, String)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("one flat object of strings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// Every pack in `www/i18n/`: its file's code and its entries.
fn pack_files() -> Vec<(String, Vec<(String, String)>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/i18n");
    let mut packs: Vec<(String, Vec<(String, String)>)> = std::fs::read_dir(&dir)
        .expect("www/i18n")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path
                .file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            let json = std::fs::read_to_string(&path).expect("a readable pack");
            let entries: Entries = serde_json::from_str(&json)
                .unwrap_or_else(|err| panic!("{name}.json is not one object of strings: {err}"));
            (name, entries.0)
        })
        .collect();
    packs.sort();
    packs
}

/// Every key of a pack, in the order of the array the build serves: the direction,
/// checkout-core's messages, the card messages, the labels (see `packs.rs`).
fn keys() -> Vec<&'static str> {
    std::iter::once(DIR_KEY)
        .chain(MessageKey::ALL.iter().map(|k| k.as_str()))
        .chain(card::MESSAGE_KEYS.iter().copied())
        .chain(Label::ALL.iter().map(|l| l.key()))
        .collect()
}

/// A keyed pack as the build serves it (`scripts/packs.cjs`): its texts in [`keys`] order,
/// empty where it has none.
fn served(entries: &[(String, String)]) -> Vec<String> {
    keys()
        .into_iter()
        .map(|key| {
            entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, text)| text.clone())
                .unwrap_or_default()
        })
        .collect()
}

/// Installs a keyed pack as the widget receives it.
fn install_keyed(entries: &[(String, String)]) -> Lang {
    install(served(entries))
}

/// The installed text of `key` in `lang`.
fn text(lang: Lang, key: &str) -> Option<&'static str> {
    packs::text(lang, keys().iter().position(|k| *k == key)?)
}

/// Installs every pack on this test's thread and returns each language by its code.
fn installed() -> Vec<(String, Lang)> {
    pack_files()
        .into_iter()
        .map(|(name, entries)| {
            let lang = install_keyed(&entries);
            (name, lang)
        })
        .collect()
}

#[test]
fn embed_js_reads_the_direction_and_total_where_packs_hold_them() {
    // embed.js shows the invoice's total before the wasm arrives, labelled from the pack by
    // position: its TOTAL_AT must be where "Total" is, and the direction comes first.
    let embed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/embed.js"),
    )
    .unwrap();
    let at = embed
        .lines()
        .find_map(|line| line.strip_prefix("const TOTAL_AT = "))
        .and_then(|rest| rest.strip_suffix(';'))
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("embed.js has no `const TOTAL_AT = <n>;`"));
    assert_eq!(keys()[at], Label::Total.key());
    assert_eq!(keys()[0], DIR_KEY);
    assert!(
        embed.contains("texts?.[0]"),
        "embed.js reads the direction at 0"
    );
}

#[test]
fn keys_json_is_the_order_of_the_served_packs() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n/keys.json");
    if std::env::var_os("CHECKOUT_WRITE_KEYS").is_some() {
        let json = serde_json::to_string_pretty(&keys()).unwrap();
        std::fs::write(&path, json + "\n").unwrap();
    }
    let file: Vec<String> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        file,
        keys(),
        "src/i18n/keys.json is out of date: run this test with CHECKOUT_WRITE_KEYS=1"
    );
    assert_eq!(keys().len(), LEN);
    let unique: BTreeSet<&str> = keys().into_iter().collect();
    assert_eq!(unique.len(), LEN, "a key twice");
}

#[test]
fn a_texts_position_is_its_enums_discriminant() {
    // The lookups index by `as usize`; `ALL` must list the variants in declaration order.
    for (index, key) in MessageKey::ALL.iter().enumerate() {
        assert_eq!(*key as usize, index, "{key:?}");
    }
    for (index, label) in Label::ALL.iter().enumerate() {
        assert_eq!(*label as usize, index, "{label:?}");
    }
    let fr = lang("fr");
    let at = |key: &str| keys().iter().position(|k| *k == key).unwrap();
    assert_eq!(
        Some(message(fr, MessageKey::ALL[0])),
        text(fr, MessageKey::ALL[0].as_str())
    );
    assert_eq!(Some(label(fr, Label::Pay)), text(fr, "label.Pay"));
    assert_eq!(pack_text(fr, "card.invalid"), text(fr, "card.invalid"));
    assert_eq!(packs::text(fr, at(DIR_KEY)), Some("ltr"));
}

#[test]
fn a_short_or_foreign_pack_falls_back_to_english_and_a_long_one_is_cut() {
    std::thread::spawn(|| {
        // Only the direction: every text is English.
        let short = install(["rtl".to_string()]);
        assert_eq!(short.dir(), "rtl");
        assert_eq!(label(short, Label::Pay), "Pay");
        assert_eq!(
            message(short, MessageKey::ALL[0]),
            MessageKey::ALL[0].english()
        );
        assert_eq!(pack_text(short, "card.invalid"), None);
        // Texts past the known ones are dropped, not kept.
        let long = install((0..LEN + 5).map(|i| format!("t{i}")));
        assert_eq!(packs::text(long, LEN - 1), Some(&*format!("t{}", LEN - 1)));
        assert_eq!(packs::text(long, LEN), None);
        assert_eq!(pack_text(long, "no.such.key"), None);
    })
    .join()
    .unwrap();
}

fn lang(code: &str) -> Lang {
    installed()
        .into_iter()
        .find(|(name, _)| name == code)
        .map(|(_, lang)| lang)
        .unwrap_or_else(|| panic!("no pack {code}"))
}

/// Every text key with its English text.
fn english() -> Vec<(&'static str, &'static str)> {
    let messages = MessageKey::ALL.iter().map(|k| (k.as_str(), k.english()));
    let labels = Label::ALL.iter().map(|l| (l.key(), l.english()));
    messages
        .chain(labels)
        .chain(card::MESSAGES.iter().copied())
        .collect()
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.match_indices('{')
        .filter_map(|(start, _)| {
            let end = text[start..].find('}')?;
            Some(&text[start..=start + end])
        })
        .collect()
}

#[test]
fn the_packs_are_the_languages_of_the_issue() {
    let names: Vec<String> = pack_files().into_iter().map(|(name, _)| name).collect();
    assert_eq!(names, CODES);
    assert!(
        CODES.len() + 1 >= 20,
        "at least twenty languages with English"
    );
}

#[test]
fn embed_js_knows_exactly_the_packs() {
    let embed = include_str!("../../www/embed.js");
    let list = embed
        .lines()
        .find_map(|line| line.strip_prefix("const PACKS = '"))
        .and_then(|rest| rest.split('\'').next())
        .expect("embed.js lists its packs on one line: const PACKS = '...'");
    let mut listed: Vec<&str> = list.split(' ').collect();
    listed.sort();
    assert_eq!(listed, CODES);
}

#[test]
fn every_pack_names_its_direction() {
    for (name, entries) in pack_files() {
        let dirs: Vec<&str> = entries
            .iter()
            .filter(|(k, _)| k == DIR_KEY)
            .map(|(_, v)| v.as_str())
            .collect();
        let dir = if RTL.contains(&name.as_str()) {
            "rtl"
        } else {
            "ltr"
        };
        assert_eq!(dirs, [dir], "{name}");
    }
}

#[test]
fn every_pack_has_every_key_once_and_no_other() {
    let known: BTreeSet<&str> = english().iter().map(|(key, _)| *key).collect();
    assert_eq!(known.len(), english().len(), "English keys are unique");
    for (name, entries) in pack_files() {
        let mut seen = BTreeSet::new();
        for (key, _) in &entries {
            assert!(seen.insert(key.as_str()), "{name}: \"{key}\" twice");
        }
        seen.remove(DIR_KEY);
        let missing: Vec<&&str> = known.difference(&seen).collect();
        let extra: Vec<&&str> = seen.difference(&known).collect();
        assert!(missing.is_empty(), "{name}: missing {missing:?}");
        assert!(extra.is_empty(), "{name}: unknown keys {extra:?}");
        assert_eq!(entries.len(), known.len() + 1, "{name}");
    }
}

#[test]
fn every_text_is_non_empty_plain_and_keeps_the_placeholders() {
    let english = english();
    for (name, entries) in pack_files() {
        for (key, value) in entries.iter().filter(|(k, _)| k != DIR_KEY) {
            assert!(!value.trim().is_empty(), "{name} {key}: empty");
            assert_eq!(value.trim(), value, "{name} {key}: stray spaces");
            assert!(!value.chars().any(char::is_control), "{name} {key}");
            assert!(!value.contains('<'), "{name} {key}: markup");
            let en = english.iter().find(|(k, _)| k == key).map(|(_, t)| *t);
            let en = en.unwrap_or_default();
            assert_eq!(
                placeholders(value),
                placeholders(en),
                "{name} {key}: placeholders"
            );
        }
    }
}

#[test]
fn the_placeholder_check_sees_a_broken_placeholder() {
    assert_eq!(
        placeholders("Pay {amount} now"),
        BTreeSet::from(["{amount}"])
    );
    assert_ne!(placeholders("Payer {montant"), placeholders("Pay {amount}"));
    assert_ne!(placeholders("Payer {amont}"), placeholders("Pay {amount}"));
    assert!(placeholders("Pay").is_empty());
}

#[test]
fn a_duplicate_key_is_seen() {
    let entries: Entries = serde_json::from_str(r#"{"a": "x", "a": "y"}"#).unwrap();
    assert_eq!(entries.0.len(), 2);
    assert!(serde_json::from_str::<Entries>(r#"{"a": 1}"#).is_err());
}

#[test]
fn install_takes_the_direction_from_the_pack() {
    // A fresh thread: no pack installed yet.
    std::thread::spawn(|| {
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        let install = |entries: &[(String, String)]| install_keyed(entries);
        assert_eq!(Lang::EN.dir(), "ltr");
        assert_eq!(label(Lang::EN, Label::Pay), "Pay");
        let he = install(&[pair("dir", "rtl"), pair("label.Pay", "תשלום")]);
        assert_ne!(he, Lang::EN);
        assert_eq!(he.dir(), "rtl");
        assert_eq!(label(he, Label::Pay), "תשלום");
        // A text the pack lacks (or leaves empty) falls back to English.
        assert_eq!(label(he, Label::Total), "Total");
        let de = install(&[pair("label.Pay", "Bezahlen"), pair("label.Total", " ")]);
        assert_eq!(de.dir(), "ltr", "ltr unless the pack says rtl");
        assert_eq!(label(de, Label::Total), "Total");
        // Two checkouts in two languages on one page keep their own.
        assert_eq!(label(he, Label::Pay), "תשלום");
        assert_eq!(label(de, Label::Pay), "Bezahlen");
        assert_eq!(label(Lang::EN, Label::Pay), "Pay");
        assert_eq!(install(&[pair("dir", "ltr")]).dir(), "ltr");
    })
    .join()
    .unwrap();
}

#[test]
fn the_lang_attribute_is_the_locale_when_a_pack_speaks_it_else_english() {
    assert_eq!(lang("fr").tag("fr-CA"), "fr-CA");
    assert_eq!(lang("zh-Hant").tag("zh-TW"), "zh-TW");
    // No pack (English, an unknown language, or a pack that failed to load): English texts.
    assert_eq!(Lang::EN.tag("en-GB"), "en");
    assert_eq!(Lang::EN.tag("xx-YY"), "en");
    assert_eq!(Lang::EN.tag("de-DE"), "en");
    assert_eq!(Lang::EN.tag(""), "en");
}

#[test]
fn the_direction_comes_from_the_pack() {
    for (name, lang) in installed() {
        let expected = if RTL.contains(&name.as_str()) {
            "rtl"
        } else {
            "ltr"
        };
        assert_eq!(lang.dir(), expected, "{name}");
    }
}

/// Every text of a language, named for failure output, in a fixed order. `×` is left out:
/// it is a symbol, the same in every language.
fn texts(lang: Lang) -> Vec<(String, &'static str)> {
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

/// Every language, English first.
fn all() -> Vec<(String, Lang)> {
    let mut all = vec![("en".to_string(), Lang::EN)];
    all.extend(installed());
    all
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
            Label::SavedCards => 26,
            Label::NewCard => 27,
            Label::SaveCard => 28,
            Label::Expires => 29,
            Label::Expired => 30,
            Label::Unusable => 31,
        }
    }
    assert_eq!(Label::ALL.len(), 32);
    for (index, label) in Label::ALL.iter().enumerate() {
        assert_eq!(position(*label), index, "{label:?}");
    }
}

#[test]
fn every_message_key_is_translated_in_every_language() {
    for (name, lang) in installed() {
        for key in MessageKey::ALL {
            let translated = text(lang, key.as_str());
            assert!(
                translated.is_some_and(|t| !t.trim().is_empty()),
                "{name} {key}"
            );
            assert_eq!(Some(message(lang, *key)), translated);
        }
    }
    for key in MessageKey::ALL {
        assert_eq!(message(Lang::EN, *key), key.english());
    }
}

#[test]
fn messages_end_a_sentence() {
    // The full stop of each script: Latin and most others . or !, Chinese and Japanese 。 or
    // ！, Hindi । (or !).
    for (name, lang) in all() {
        let ends: &[char] = match name.as_str() {
            "ja" | "zh-Hans" | "zh-Hant" => &['。', '！'],
            "hi" => &['।', '!'],
            _ => &['.', '!'],
        };
        for key in MessageKey::ALL {
            let text = message(lang, *key);
            assert!(text.ends_with(ends), "{name} {key}: {text}");
        }
    }
}

#[test]
fn every_label_has_text_in_every_language() {
    for (name, lang) in all() {
        for l in Label::ALL {
            assert!(!label(lang, *l).trim().is_empty(), "{name} {l:?}");
        }
        assert_eq!(label(lang, Label::Quantity), "×", "{name}");
    }
}

#[test]
fn every_card_message_is_translated_in_every_language() {
    let installed = installed();
    for (key, _) in card::MESSAGES {
        // English comes from checkout-core, in the card frame itself.
        assert_eq!(pack_text(Lang::EN, key), None);
        for (name, lang) in &installed {
            let text = pack_text(*lang, key);
            assert!(text.is_some_and(|t| !t.trim().is_empty()), "{name} {key}");
        }
    }
}

#[test]
fn translations_are_not_copies_of_english() {
    let english = texts(Lang::EN);
    for (name, lang) in installed() {
        let same: Vec<String> = texts(lang)
            .into_iter()
            .zip(&english)
            .filter(|((_, text), (_, en))| text == en)
            .map(|((key, _), _)| key)
            .collect();
        assert!(
            same.len() <= 3,
            "{name}: {} texts identical to English: {same:?}",
            same.len()
        );
    }
}

#[test]
fn languages_do_not_share_sentences() {
    // Catches a text pasted into the wrong pack; short labels ("Total") may coincide.
    let installed = installed();
    for (i, (a, lang_a)) in installed.iter().enumerate() {
        for (b, lang_b) in installed.iter().skip(i + 1) {
            let shared: Vec<String> = texts(*lang_a)
                .into_iter()
                .zip(texts(*lang_b))
                .filter(|((_, x), (_, y))| x == y && x.chars().count() > 12)
                .map(|((key, _), _)| key)
                .collect();
            assert!(shared.is_empty(), "{a} and {b} share {shared:?}");
        }
    }
}

/// The scripts whose letters mark a language's own writing.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Script {
    Arabic,
    Hebrew,
    Cyrillic,
    Devanagari,
    Han,
    Kana,
    Hangul,
}

impl Script {
    const ALL: [Script; 7] = [
        Script::Arabic,
        Script::Hebrew,
        Script::Cyrillic,
        Script::Devanagari,
        Script::Han,
        Script::Kana,
        Script::Hangul,
    ];

    fn has(self, c: char) -> bool {
        match self {
            Script::Arabic => ('\u{0600}'..='\u{06FF}').contains(&c),
            Script::Hebrew => ('\u{05D0}'..='\u{05EA}').contains(&c),
            Script::Cyrillic => ('\u{0400}'..='\u{04FF}').contains(&c),
            Script::Devanagari => ('\u{0900}'..='\u{097F}').contains(&c),
            Script::Han => ('\u{4E00}'..='\u{9FFF}').contains(&c),
            Script::Kana => ('\u{3041}'..='\u{30FF}').contains(&c),
            Script::Hangul => ('\u{AC00}'..='\u{D7A3}').contains(&c),
        }
    }

    /// The script every text of a pack is written in; `None` for the Latin ones.
    fn of(code: &str) -> Option<Script> {
        match code {
            "ar" => Some(Script::Arabic),
            "he" => Some(Script::Hebrew),
            "ru" | "uk" => Some(Script::Cyrillic),
            "hi" => Some(Script::Devanagari),
            "zh-Hans" | "zh-Hant" => Some(Script::Han),
            "ja" => Some(Script::Kana),
            "ko" => Some(Script::Hangul),
            _ => None,
        }
    }
}

#[test]
fn every_text_is_in_its_languages_script_and_no_other() {
    for (name, lang) in all() {
        let own = Script::of(&name);
        for (key, text) in texts(lang) {
            if let Some(script) = own {
                // Japanese labels may be all kanji (合計), or all katakana.
                let written = text
                    .chars()
                    .any(|c| script.has(c) || (script == Script::Kana && Script::Han.has(c)));
                assert!(written, "{name} {key}: not in {script:?}: {text}");
            }
            for other in Script::ALL {
                let allowed =
                    Some(other) == own || (own == Some(Script::Kana) && other == Script::Han);
                assert!(
                    allowed || !text.chars().any(|c| other.has(c)),
                    "{name} {key}: {other:?} letters in {text}"
                );
            }
        }
    }
}

#[test]
fn chinese_packs_keep_to_their_script() {
    // Pairs of simplified and traditional forms of characters these packs use.
    let pairs = [
        ('请', '請'),
        ('码', '碼'),
        ('银', '銀'),
        ('确', '確'),
        ('试', '試'),
        ('费', '費'),
        ('处', '處'),
        ('过', '過'),
        ('无', '無'),
        ('张', '張'),
    ];
    let all_text =
        |code: &str| -> String { texts(lang(code)).into_iter().map(|(_, t)| t).collect() };
    let (hans, hant) = (all_text("zh-Hans"), all_text("zh-Hant"));
    for (simplified, traditional) in pairs {
        assert!(!hans.contains(traditional), "zh-Hans uses {traditional}");
        assert!(!hant.contains(simplified), "zh-Hant uses {simplified}");
    }
    assert!(hans.contains('请') && hant.contains('請'));
}

#[test]
fn russian_and_ukrainian_keep_to_their_alphabets() {
    let all_text =
        |code: &str| -> String { texts(lang(code)).into_iter().map(|(_, t)| t).collect() };
    let (ru, uk) = (all_text("ru"), all_text("uk"));
    for c in ['і', 'ї', 'є', 'ґ'] {
        assert!(!ru.contains(c), "ru uses Ukrainian {c}");
    }
    for c in ['ы', 'э', 'ъ', 'ё'] {
        assert!(!uk.contains(c), "uk uses Russian {c}");
    }
    assert!(uk.contains('і') && ru.contains('ы'));
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
        "frode",
        "rubat",
        "fraude",
        "gestolen",
        "oszust",
        "kradzion",
        "bedrägeri",
        "stulen",
        "svindel",
        "stjålet",
        "petos",
        "varastettu",
        "dolandırıcılık",
        "çalıntı",
        "podvod",
        "ukraden",
        "мошен",
        "украден",
        "шахрай",
        "вкраден",
        "הונאה",
        "גנוב",
        "धोखाधड़ी",
        "चोरी",
        "penipuan",
        "dicuri",
        "不正利用",
        "盗難",
        "欺诈",
        "被盗",
        "詐欺",
        "被盜",
        "사기",
        "도난",
    ];
    for (name, lang) in all() {
        for (key, text) in texts(lang) {
            let text = text.to_lowercase();
            for word in words {
                assert!(!text.contains(word), "{name} {key} mentions {word}");
            }
        }
    }
}

#[test]
fn french_typography() {
    for (key, text) in texts(lang("fr")) {
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
