//! Reading a customer action: which step the browser performs for it, and each round's key.

use checkout_core::ErrorCode;

use crate::error::WidgetError;

/// A customer action, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Load the URL in a hidden frame and wait for its result.
    Fingerprint(String),
    /// Show the URL to the customer in a modal dialog.
    Challenge(String),
    /// Send the whole page to the URL.
    Navigate(String),
}

impl Action {
    /// Reads a customer action's `type`, `value` and `metadata.no_iframe`.
    pub fn parse(kind: &str, url: &str, no_iframe: bool) -> Result<Action, WidgetError> {
        let web = url.starts_with("https://") || url.starts_with("http://");
        match kind {
            "fingerprint-mobile" | "challenge-mobile" => Err(WidgetError::new(
                ErrorCode::WidgetCustomerActionUnsupported,
                "the issuer asked for an app-based step, which a browser cannot perform",
            )),
            _ if !web => Err(WidgetError::new(
                ErrorCode::WidgetCustomerActionInvalid,
                "the customer action's URL is not an http(s) URL",
            )),
            "fingerprint" => Ok(Action::Fingerprint(url.to_string())),
            "redirect" => Ok(Action::Challenge(url.to_string())),
            "url" if no_iframe => Ok(Action::Navigate(url.to_string())),
            "url" => Ok(Action::Challenge(url.to_string())),
            _ => Err(WidgetError::new(
                ErrorCode::WidgetCustomerActionInvalid,
                "unknown customer action type",
            )),
        }
    }
}

/// The idempotency key of a round: the attempt's own key first, then `key-1`, `key-2`, ...
/// so each authorize call of one attempt can be replayed on its own.
pub fn round_key(key: &str, round: u32) -> String {
    if round == 0 {
        key.to_string()
    } else {
        format!("{key}-{round}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::MAX_ROUNDS;
    use super::*;

    #[test]
    fn action_types_map_to_what_the_browser_does() {
        let url = "https://acs.example/step?x=1";
        assert_eq!(
            Action::parse("fingerprint", url, false),
            Ok(Action::Fingerprint(url.into()))
        );
        assert_eq!(
            Action::parse("redirect", url, false),
            Ok(Action::Challenge(url.into()))
        );
        assert_eq!(
            Action::parse("url", url, false),
            Ok(Action::Challenge(url.into()))
        );
        assert_eq!(
            Action::parse("url", url, true),
            Ok(Action::Navigate(url.into()))
        );
        for mobile in ["fingerprint-mobile", "challenge-mobile"] {
            let err = Action::parse(mobile, "app://x", false).unwrap_err();
            assert_eq!(err.code, ErrorCode::WidgetCustomerActionUnsupported);
            assert!(err.code.advice().use_another_card);
        }
        for (kind, bad) in [
            ("redirect", "javascript:alert(1)"),
            ("fingerprint", "data:text/html,x"),
            ("redirect", "/relative"),
            ("teleport", url),
        ] {
            let err = Action::parse(kind, bad, false).unwrap_err();
            assert_eq!(
                err.code,
                ErrorCode::WidgetCustomerActionInvalid,
                "{kind} {bad}"
            );
        }
    }

    #[test]
    fn each_round_has_its_own_key_derived_from_the_attempts() {
        assert_eq!(round_key("k", 0), "k");
        assert_eq!(round_key("k", 1), "k-1");
        assert_eq!(round_key("k", MAX_ROUNDS), "k-5");
    }
}
