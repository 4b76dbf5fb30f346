//! Identifiers and timestamps for sandbox objects.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A fresh `<prefix>_<32 letters or digits>` id from the operating system's CSPRNG
/// (`getrandom`), so ids are not guessable from one another or across servers, which matters
/// for single-use card tokens and 3-D Secure references.
pub fn new_id(prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 33);
    out.push_str(prefix);
    out.push('_');
    // 32 characters of 62 each: about 190 bits. Rejection sampling keeps them uniform.
    let mut filled = 0;
    while filled < 32 {
        for byte in random_bytes::<48>() {
            // 248 = 4 * 62: bytes from 248 up would favour the first letters.
            if byte < 248 && filled < 32 {
                out.push(char::from(ALPHABET[usize::from(byte % 62)]));
                filled += 1;
            }
        }
    }
    out
}

/// `N` bytes from the CSPRNG. The OS source does not fail on the systems the sandbox runs on;
/// if it ever did, the bytes come from the OS-seeded hasher instead of stopping the demo,
/// and the error is logged.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if let Err(err) = getrandom::getrandom(&mut bytes) {
        tracing::error!(%err, "the OS random source failed; sandbox ids fall back to the hasher");
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut hasher = RandomState::new().build_hasher();
            hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
            hasher.write_usize(i);
            let word = hasher.finish().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
    bytes
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

    /// Every letter and digit turns up, none far more often than the others: the ids use
    /// the whole alphabet, uniformly (a biased or truncated mapping would fail this).
    #[test]
    fn ids_use_the_whole_alphabet_uniformly() {
        let mut counts = [0u32; 128];
        for _ in 0..2000 {
            for b in new_id("x").bytes().skip(2) {
                counts[usize::from(b)] += 1;
            }
        }
        let used: Vec<u32> = ALPHABET.iter().map(|&c| counts[usize::from(c)]).collect();
        // 64,000 characters over 62: about 1,032 each.
        assert!(used.iter().all(|&n| (800..1300).contains(&n)), "{used:?}");
    }

    #[test]
    fn timestamps_look_like_rfc3339() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.starts_with("20") && t.ends_with('Z'), "{t}");
    }
}
