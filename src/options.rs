//! What a merchant configures on `<checkout-widget>`: attributes in, validated options out.

/// Validated options of one widget instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetOptions {
    /// ProcessOut invoice id, `iv_...`.
    pub invoice_id: String,
    /// Base URL of the merchant's proxy API, without a trailing slash (default `/checkout`).
    pub proxy_url: String,
    /// BCP 47 locale for texts and number formatting; `None` means the browser's.
    pub locale: Option<String>,
    /// A saved payment source (`tok_...`) to pay with, when the page provides one. Without
    /// one, the customer types a card.
    pub source: Option<String>,
    /// Public project id the card is tokenized with (`project-id`); needed without `source`.
    pub project_id: Option<String>,
    /// Provider API base URL the browser tokenizes cards at (`api-url`), without a trailing
    /// slash; ProcessOut's own API by default.
    pub api_url: String,
    /// URL of the card frame (`card-frame-url`); `embed.js` passes the `card-frame.html`
    /// beside itself. `None`: `card-frame.html` relative to the page.
    pub card_frame_url: Option<String>,
    /// `save-cards`: offer "save this card for next time" when the invoice has a customer
    /// (present and not `false`).
    pub save_cards: bool,
}

/// Where cards are tokenized when `api-url` is absent.
pub const DEFAULT_API_URL: &str = "https://api.processout.com";

/// A configuration mistake, worded for the merchant's developer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsError(pub String);

/// Default proxy base path when `proxy-url` is absent.
pub const DEFAULT_PROXY_URL: &str = "/checkout";

impl WidgetOptions {
    /// Reads options through `attr` (an element's `getAttribute`), validating each.
    pub fn from_attributes(attr: impl Fn(&str) -> Option<String>) -> Result<Self, OptionsError> {
        let invoice_id = attr("invoice-id")
            .map(|v| v.trim().to_string())
            .unwrap_or_default();
        if !is_invoice_id(&invoice_id) {
            return Err(OptionsError(format!(
                "invoice-id must be a ProcessOut invoice id like iv_abc123, got \"{invoice_id}\""
            )));
        }
        let proxy_url = attr("proxy-url")
            .map(|v| v.trim().trim_end_matches('/').to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| DEFAULT_PROXY_URL.to_string());
        let locale = attr("locale")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        let source = attr("source")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        if let Some(source) = &source {
            if !is_source(source) {
                return Err(OptionsError(
                    "source must be a payment source id like tok_abc123 (letters, digits, _ and -)"
                        .into(),
                ));
            }
        }
        let project_id = attr("project-id")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        match (&source, &project_id) {
            (_, Some(id)) if !is_project_id(id) => {
                return Err(OptionsError(format!(
                    "project-id must be a public project id like proj_abc123, got \"{id}\""
                )))
            }
            (None, None) => {
                return Err(OptionsError(
                    "set project-id (the public project id) so customers can type a card, or \
                     source to pay with a saved payment source"
                        .into(),
                ))
            }
            _ => {}
        }
        let api_url = attr("api-url")
            .map(|v| v.trim().trim_end_matches('/').to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| DEFAULT_API_URL.to_string());
        let card_frame_url = attr("card-frame-url")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        let save_cards = attr("save-cards").is_some_and(|v| v.trim() != "false");
        Ok(Self {
            invoice_id,
            proxy_url,
            locale,
            source,
            project_id,
            api_url,
            card_frame_url,
            save_cards,
        })
    }

    /// URL of this invoice on the proxy.
    pub fn invoice_url(&self) -> String {
        format!("{}/invoices/{}", self.proxy_url, self.invoice_id)
    }
}

/// `iv_` followed by 1 to 64 ASCII letters or digits (the proxy checks the same).
pub fn is_invoice_id(id: &str) -> bool {
    id.strip_prefix("iv_").is_some_and(|rest| {
        (1..=64).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// A public project id: 1 to 128 ASCII letters, digits, `_` or `-` (it goes into the
/// tokenization request's Basic credentials, so nothing else is allowed).
pub fn is_project_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A provider source id: `tok_`, `card_` or `gway_req_` style, at most 256 characters.
pub fn is_source(source: &str) -> bool {
    (4..=256).contains(&source.len())
        && source.contains('_')
        && source
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> Result<WidgetOptions, OptionsError> {
        WidgetOptions::from_attributes(|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_apply_when_only_the_invoice_and_project_are_given() {
        let o = opts(&[("invoice-id", "iv_abc123"), ("project-id", "proj_x")]).unwrap();
        assert_eq!(o.proxy_url, "/checkout");
        assert_eq!(o.locale, None);
        assert_eq!(o.source, None);
        assert_eq!(o.project_id.as_deref(), Some("proj_x"));
        assert_eq!(o.api_url, "https://api.processout.com");
        assert_eq!(o.invoice_url(), "/checkout/invoices/iv_abc123");
        assert!(!o.save_cards);
    }

    #[test]
    fn save_cards_is_on_when_present_and_not_false() {
        let base = [("invoice-id", "iv_abc123"), ("project-id", "proj_x")];
        for (value, on) in [
            ("", true),
            ("save-cards", true),
            ("true", true),
            ("false", false),
        ] {
            let mut pairs = base.to_vec();
            pairs.push(("save-cards", value));
            assert_eq!(opts(&pairs).unwrap().save_cards, on, "{value:?}");
        }
    }

    #[test]
    fn a_card_form_needs_a_well_formed_project_id() {
        let err = opts(&[("invoice-id", "iv_x")]).unwrap_err();
        assert!(
            err.0.contains("project-id") && err.0.contains("source"),
            "{err:?}"
        );
        let err = opts(&[("invoice-id", "iv_x"), ("project-id", "p:x")]).unwrap_err();
        assert!(err.0.contains("project-id"), "{err:?}");
        let o = opts(&[
            ("invoice-id", "iv_x"),
            ("project-id", "test-proj_checkoutSandbox"),
            ("api-url", " /sandbox/ "),
        ])
        .unwrap();
        assert_eq!(o.api_url, "/sandbox");
    }

    #[test]
    fn proxy_url_loses_its_trailing_slash() {
        let o = opts(&[
            ("invoice-id", " iv_x "),
            ("proxy-url", "https://shop.example/pay/"),
            ("locale", "fr-FR"),
            ("source", "tok_x"),
        ])
        .unwrap();
        assert_eq!(o.invoice_url(), "https://shop.example/pay/invoices/iv_x");
        assert_eq!(o.locale.as_deref(), Some("fr-FR"));
    }

    #[test]
    fn a_missing_or_crafted_invoice_id_is_a_clear_error() {
        for bad in ["", "iv_", "tr_abc", "iv_../../admin", "iv_a?b=c"] {
            let err = opts(&[("invoice-id", bad)]).unwrap_err();
            assert!(err.0.contains("invoice-id"), "{bad}: {err:?}");
        }
        assert!(opts(&[]).is_err());
    }

    #[test]
    fn a_saved_source_is_taken_when_well_formed() {
        let o = opts(&[
            ("invoice-id", "iv_x"),
            ("source", "tok_test4242424242424242"),
        ])
        .unwrap();
        assert_eq!(o.source.as_deref(), Some("tok_test4242424242424242"));
        let err = opts(&[("invoice-id", "iv_x"), ("source", "tok_<script>")]).unwrap_err();
        assert!(err.0.contains("source"), "{err:?}");
    }
}
