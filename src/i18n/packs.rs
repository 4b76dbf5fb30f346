//! Installed language packs: each language's texts, as `embed.js` handed them over.

use super::Lang;

/// A pack's own key naming its writing direction, `"rtl"` or `"ltr"`.
pub const DIR_KEY: &str = "dir";

/// One installed language pack: key to text. The texts live as long as the page, so they
/// are leaked once per checkout rather than copied on every render.
type Pack = Vec<(String, &'static str)>;

thread_local! {
    static PACKS: std::cell::RefCell<Vec<Pack>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Installs a pack (pairs of key and text, as read from its file) and returns its language.
/// Empty texts are dropped, so they fall back to English. Each checkout installs its own
/// pack: two checkouts in different languages on one page each keep theirs.
pub fn install(entries: impl IntoIterator<Item = (String, String)>) -> Lang {
    let pack: Pack = entries
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(key, text)| {
            let text: &'static str = Box::leak(text.into_boxed_str());
            (key, text)
        })
        .collect();
    PACKS.with(|packs| {
        let mut packs = packs.borrow_mut();
        packs.push(pack);
        Lang(Some(packs.len() - 1))
    })
}

/// The installed text of `key` in `lang`.
pub(super) fn text(lang: Lang, key: &str) -> Option<&'static str> {
    let index = lang.0?;
    PACKS.with(|packs| {
        packs
            .borrow()
            .get(index)
            .and_then(|pack| pack.iter().find(|(k, _)| k == key).map(|(_, t)| *t))
    })
}
