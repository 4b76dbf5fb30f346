//! Idempotency keys: one per payment attempt, reused for every retry of that attempt, so a
//! retry after a lost response can never authorize twice.

/// Formats 16 random bytes as a UUID version 4 (RFC 9562): version nibble 4, variant 10.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A fresh key from the browser's `crypto.getRandomValues`; `None` where no secure random
/// source exists (the widget then refuses to pay rather than risk a colliding key).
pub fn new_key() -> Option<String> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(uuid_v4(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_and_variant_bits_are_set_whatever_the_random_bytes() {
        for fill in [0x00u8, 0xff, 0x5a] {
            let key = uuid_v4([fill; 16]);
            assert_eq!(key.len(), 36);
            assert_eq!(&key[14..15], "4", "{key}");
            assert!(matches!(&key[19..20], "8" | "9" | "a" | "b"), "{key}");
            assert_eq!(key.matches('-').count(), 4);
        }
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn keys_fit_the_proxys_idempotency_key_pattern() {
        let key = uuid_v4([0xab; 16]);
        assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        assert!((1..=128).contains(&key.len()));
    }
}
