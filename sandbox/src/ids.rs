//! Identifiers and timestamps for sandbox objects.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A fresh `<prefix>_<32 letters or digits>` id. `RandomState` is seeded from the OS, so ids
/// are not guessable from one another, which matters for single-use card tokens.
pub fn new_id(prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 33);
    out.push_str(prefix);
    out.push('_');
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    for round in 0..4u64 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(n);
        hasher.write_u64(round);
        let mut word = hasher.finish();
        for _ in 0..8 {
            out.push(char::from(ALPHABET[(word % 62) as usize]));
            word /= 62;
        }
    }
    out
}

/// The current time as RFC 3339 UTC, e.g. `2026-11-23T10:04:05Z`.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_and_well_formed() {
        let a = new_id("card");
        let b = new_id("card");
        assert_ne!(a, b);
        // The proxy's own `checkout::valid_id` accepts them too: proxy/tests/sandbox_codes.rs.
        let random = a.strip_prefix("card_").unwrap();
        assert_eq!(random.len(), 32, "{a}");
        assert!(random.bytes().all(|b| b.is_ascii_alphanumeric()), "{a}");
    }

    #[test]
    fn timestamps_look_like_rfc3339() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z'), "{t}");
    }
}
