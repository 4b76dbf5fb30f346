//! Values that must never be printed in full: the private key, card and payment tokens.

use std::fmt;

/// A string whose `Debug` and `Display` show only a masked form, so it cannot leak through
/// a log line or an error message by accident. Read the real value with [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The real value, for the one place that must send it (an `Authorization` header).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Masks a token for logs: keeps the type prefix (`card_`, `tok_`, `key_sandbox_`) and the
/// last four characters, enough to correlate log lines without making the value usable.
pub fn mask(value: &str) -> String {
    // '_' is one byte, so the index after it is a character boundary.
    let prefix_end = value.rfind('_').map_or(0, |i| i.saturating_add(1));
    let (prefix, rest) = value.split_at(prefix_end);
    let tail: String = if rest.chars().count() > 8 {
        let skip = rest.chars().count().saturating_sub(4);
        rest.chars().skip(skip).collect()
    } else {
        String::new()
    };
    format!("{prefix}****{tail}")
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", mask(&self.0))
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let key = Secret::new("key_sandbox_mah31RDFqcDxmaS7MvhDbJfDJvjtsFTB");
        let shown = format!("{key:?} {key}");
        assert!(!shown.contains("mah31RDFqcDxmaS7MvhDbJfDJvjts"), "{shown}");
        assert!(shown.contains("key_sandbox_****sFTB"), "{shown}");
        assert_eq!(key.expose(), "key_sandbox_mah31RDFqcDxmaS7MvhDbJfDJvjtsFTB");
    }

    #[test]
    fn short_values_are_fully_masked() {
        assert_eq!(mask("tok_abc"), "tok_****");
        assert_eq!(mask("secret"), "****");
    }
}
