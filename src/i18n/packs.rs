//! Installed language packs: each language's texts, as `embed.js` handed them over.

use super::Lang;

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
pub(super) fn text(lang: Lang, key: &str) -> Option<&'static str> {
    PACKS.with(|packs| {
        packs
            .borrow()
            .iter()
            .find(|(l, _)| *l == lang)
            .and_then(|(_, pack)| pack.iter().find(|(k, _)| k == key).map(|(_, t)| *t))
    })
}
