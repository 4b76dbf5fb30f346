//! Money for display, through the browser's `Intl.NumberFormat`.

/// Formats a decimal amount string in `currency` for `locale`, e.g. ("4.99", "EUR", "fr-FR")
/// -> "4,99 €". The amount goes to `Intl` as a string, which formats it exactly (no float on
/// the way) with the currency's own number of decimals. Outside a browser, or if `Intl`
/// rejects the locale or currency, it falls back to "4.99 EUR".
pub fn format_money(amount: &str, currency: &str, locale: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(text) = intl::format(&amount.into(), Some(currency), locale) {
        return text;
    }
    let _ = locale;
    format!("{amount} {currency}")
}

/// Formats a count (a line's quantity) for `locale`, in its digits: "2" in `en`, "٢" in
/// `ar`. Outside a browser, or if `Intl` rejects the locale, the plain number.
pub fn format_count(count: i64, locale: &str) -> String {
    // As a JS number: exact for any real quantity (below 2^53), and no integer formatting
    // code in the wasm for it.
    #[cfg(target_arch = "wasm32")]
    if let Some(text) = intl::format(&(count as f64).into(), None, locale) {
        return text;
    }
    let _ = locale;
    count.to_string()
}

#[cfg(target_arch = "wasm32")]
mod intl {
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    /// `number` (a JS number, or decimal text, which Intl formats exactly) through
    /// `Intl.NumberFormat(locale)`, as money in `currency` when one is given.
    pub fn format(number: &JsValue, currency: Option<&str>, locale: &str) -> Option<String> {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let ctor: Function = Reflect::get(&intl, &"NumberFormat".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let options = Object::new();
        if let Some(currency) = currency {
            Reflect::set(&options, &"style".into(), &"currency".into()).ok()?;
            Reflect::set(&options, &"currency".into(), &currency.into()).ok()?;
        }
        let args = Array::of2(&JsValue::from_str(locale), &options);
        // Reflect.construct reports a RangeError (bad locale or currency) as Err, not a panic.
        let formatter = Reflect::construct(&ctor, &args).ok()?;
        let format: Function = Reflect::get(&formatter, &"format".into())
            .ok()?
            .dyn_into()
            .ok()?;
        format.call1(&formatter, number).ok()?.as_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_browser_the_amount_is_shown_unchanged_with_its_code() {
        assert_eq!(format_money("4.99", "AUD", "en-AU"), "4.99 AUD");
    }

    #[test]
    fn outside_a_browser_a_count_is_the_plain_number() {
        assert_eq!(format_count(2, "ar-KW"), "2");
    }
}
