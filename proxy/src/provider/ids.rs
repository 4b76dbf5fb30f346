//! Provider ids inside the widget's ids.
//!
//! The widget only accepts `iv_` and `tr_` followed by 1 to 64 letters or digits (and the
//! proxy checks the same before any upstream call). Invoiss and the orders API have ids of
//! their own (`order_123456`, UUIDs with hyphens), so the proxy writes them into the
//! widget's alphabet with a reversible escape, `Z` being the escape letter:
//!
//! | provider id has | widget id has |
//! |-----------------|---------------|
//! | a letter or digit other than `Z` | the same |
//! | `Z` | `ZZ` |
//! | `_` | `Zu` |
//! | `-` | `Zh` |
//! | `.` | `Zd` |
//! | (between two orders paid together) | `Zp` |
//!
//! So Invoiss's `order_123456` is the widget's `iv_orderZu123456`, and the orders API's
//! orders `ord_a` and `ord_b` paid together are `iv_ordZuaZpordZub`. An id that is plain
//! letters and digits is unchanged: order `demoBooksEUR` is `iv_demoBooksEUR`. Any other
//! character cannot be carried, and such an order cannot be paid through the widget.

/// The escape letter.
const ESCAPE: char = 'Z';

/// Most orders one widget invoice may stand for.
pub const MAX_ORDERS: usize = 10;

/// Longest part after the widget prefix (`iv_`, `tr_`), as the widget and proxy check it.
pub const MAX_WIDGET_ID_CHARS: usize = 64;

fn encode_into(out: &mut String, id: &str) -> Option<()> {
    for c in id.chars() {
        match c {
            ESCAPE => out.push_str("ZZ"),
            '_' => out.push_str("Zu"),
            '-' => out.push_str("Zh"),
            '.' => out.push_str("Zd"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => return None,
        }
    }
    Some(())
}

/// The widget id (`{prefix}_...`) for one or several provider ids, or `None` when an id is
/// empty, has a character the widget cannot carry, or the result is too long.
pub fn to_widget(prefix: &str, provider_ids: &[&str]) -> Option<String> {
    if provider_ids.is_empty() || provider_ids.len() > MAX_ORDERS {
        return None;
    }
    let mut encoded = String::new();
    for (i, id) in provider_ids.iter().enumerate() {
        if id.is_empty() {
            return None;
        }
        if i > 0 {
            encoded.push_str("Zp");
        }
        encode_into(&mut encoded, id)?;
    }
    (encoded.len() <= MAX_WIDGET_ID_CHARS).then(|| format!("{prefix}_{encoded}"))
}

/// Why a provider id cannot be one segment of an upstream URL path, or `None` when it can.
///
/// The `url` crate percent-encodes what it must when a segment is pushed, but a segment
/// that is empty or made of dots (`.`, `..`) would still change which resource the path
/// names (`url` even drops dot segments, so the path would lose one), and `/ ? # % \`
/// or a control character are refused outright rather than trusted to encoding: no
/// provider id in the seeds has one, so such an id is a crafted one.
pub fn segment_problem(segment: &str) -> Option<&'static str> {
    if segment.is_empty() {
        Some("is empty")
    } else if segment.bytes().all(|b| b == b'.') {
        Some("is made of dots only, which a URL reads as a relative path")
    } else if segment.contains(['/', '?', '#', '%', '\\']) {
        Some("contains one of / ? # % \\, which would change the provider's URL")
    } else if segment.chars().any(char::is_control) {
        Some("contains a control character")
    } else {
        None
    }
}

/// A widget id that does not stand for provider ids the proxy may send upstream: answered
/// 400 `request.validation.error` before any upstream call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdError(String);

impl IdError {
    /// What is wrong, for the error body.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl From<IdError> for crate::api_error::ApiError {
    fn from(err: IdError) -> Self {
        Self::validation(err.0)
    }
}

/// The provider ids inside a widget id. Refused (never guessed at): anything but
/// `{prefix}_` followed by a valid encoding, more than [`MAX_ORDERS`] ids, and any decoded
/// id with a [`segment_problem`] (`iv_ZdZd` is `..`, `iv_aZp` has an empty second id).
/// What comes out is therefore safe as one segment of a URL path.
pub fn from_widget(prefix: &str, widget_id: &str) -> Result<Vec<String>, IdError> {
    let malformed = || {
        IdError(format!(
            "{prefix} id {}: not {prefix}_ followed by a provider id in the widget's encoding (docs/providers.md)",
            shown(widget_id)
        ))
    };
    let encoded = widget_id
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('_'))
        .filter(|encoded| (1..=MAX_WIDGET_ID_CHARS).contains(&encoded.len()))
        .ok_or_else(malformed)?;
    let mut ids = vec![String::new()];
    let mut chars = encoded.chars();
    while let Some(c) = chars.next() {
        let current = ids.last_mut().ok_or_else(malformed)?;
        match c {
            ESCAPE => match chars.next().ok_or_else(malformed)? {
                'Z' => current.push('Z'),
                'u' => current.push('_'),
                'h' => current.push('-'),
                'd' => current.push('.'),
                'p' => ids.push(String::new()),
                _ => return Err(malformed()),
            },
            c if c.is_ascii_alphanumeric() => current.push(c),
            _ => return Err(malformed()),
        }
    }
    if ids.len() > MAX_ORDERS {
        return Err(IdError(format!(
            "{prefix} id {}: names more than {MAX_ORDERS} orders",
            shown(widget_id)
        )));
    }
    for id in &ids {
        if let Some(problem) = segment_problem(id) {
            return Err(IdError(format!(
                "{prefix} id {}: a provider id in it {problem}",
                shown(widget_id)
            )));
        }
    }
    Ok(ids)
}

/// The id as quoted in an error: at most a widget id's length, debug-escaped.
fn shown(id: &str) -> String {
    let short: String = id.chars().take(MAX_WIDGET_ID_CHARS + 4).collect();
    format!("{short:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::valid_id;

    #[test]
    fn dot_segments_never_come_out_of_a_widget_id() {
        // Regression: `iv_ZdZd` decoded to `..`, which walked up the upstream URL.
        for id in [
            "iv_Zd",
            "iv_ZdZd",
            "iv_ZdZdZd",
            "iv_orderZpZdZd",
            "iv_ZdZdZpa",
        ] {
            let err = from_widget("iv", id).unwrap_err();
            assert!(err.message().contains("dots only"), "{id}: {err:?}");
        }
        assert_eq!(from_widget("iv", "iv_aZdb").unwrap(), ["a.b"]);
        assert_eq!(from_widget("iv", "iv_ZdZdx").unwrap(), ["..x"]);
    }

    #[test]
    fn only_ids_that_are_one_plain_path_segment_pass() {
        for bad in [
            "", ".", "..", "...", "a/b", "a?b", "a#b", "a%2Fb", "a\\b", "a\nb", "\u{7f}",
        ] {
            assert!(segment_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["a", "a.b", "..x", "order_1", "3f2b-0000", "é"] {
            assert_eq!(segment_problem(good), None, "{good:?}");
        }
        let err = from_widget("iv", "iv_aZp").unwrap_err();
        assert!(err.message().contains("is empty"), "{err:?}");
    }

    #[test]
    fn the_seeds_ids_round_trip_through_valid_widget_ids() {
        for (provider, widget) in [
            ("order_123456", "iv_orderZu123456"),
            ("demoBooksEUR", "iv_demoBooksEUR"),
            ("ZZTop", "iv_ZZZZTop"),
            (
                "3f2b1c4d-0000-4a5b-8c9d-0123456789ab",
                "iv_3f2b1c4dZh0000Zh4a5bZh8c9dZh0123456789ab",
            ),
            ("v1.2", "iv_v1Zd2"),
        ] {
            let encoded = to_widget("iv", &[provider]).unwrap();
            assert_eq!(encoded, widget);
            assert!(valid_id(&encoded, "iv"), "{encoded}");
            assert_eq!(from_widget("iv", &encoded).unwrap(), [provider]);
        }
    }

    #[test]
    fn several_orders_make_one_widget_invoice() {
        let id = to_widget("iv", &["ord_a", "ord_b"]).unwrap();
        assert_eq!(id, "iv_ordZuaZpordZub");
        assert_eq!(from_widget("iv", &id).unwrap(), ["ord_a", "ord_b"]);
    }

    #[test]
    fn what_cannot_be_carried_is_refused() {
        assert_eq!(to_widget("iv", &["a/b"]), None);
        assert_eq!(to_widget("iv", &["é"]), None);
        assert_eq!(to_widget("iv", &[""]), None);
        assert_eq!(to_widget("iv", &[]), None);
        assert_eq!(to_widget("iv", &["a".repeat(65).as_str()]), None);
        for bad in [
            "iv_", "iv_Z", "iv_Zq", "iv_aZp", "iv_Zpa", "tr_abc", "iv_a-b", "iv_a_b",
        ] {
            assert!(from_widget("iv", bad).is_err(), "{bad}");
        }
        let eleven = vec!["a"; MAX_ORDERS + 1];
        assert_eq!(to_widget("iv", &eleven), None);
    }
}
