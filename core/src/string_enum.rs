//! One definition for the product's string enums (error codes, transaction statuses,
//! customer actions): the known values as variants, anything else kept verbatim in a
//! catch-all variant, and the wire text in one table.
//!
//! `parse` searches the table rather than matching on strings: in the widget's
//! WebAssembly a string `match` over dozens of arms costs kilobytes, a table a few bytes
//! per entry.

/// `pub enum Name / Other { Variant = "text", ... }` declares `enum Name { Variant..., Other(String) }` with `KNOWN`, `parse`, `as_str`,
/// `Display`, `From<&str>`, `Default` (the empty catch-all) and string serde.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident / $other:ident {
            $( $(#[$doc:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$doc])* $variant, )*
            /// A value this version does not know (a provider may add more later), kept
            /// verbatim.
            $other(String),
        }

        impl $name {
            /// Every value this version knows, in table order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The wire text of each of [`Self::KNOWN`], in the same order.
            const TEXTS: &'static [&'static str] = &[$($text),*];

            /// The position of a known value in [`Self::KNOWN`]; `None` for the catch-all.
            /// One position, then tables: smaller in the wasm than one `match` per question.
            fn index(&self) -> Option<usize> {
                // Counts up to this value's variant: the compiler folds this to the
                // discriminant, with no table of values to scan.
                let mut at = 0usize;
                $(
                    if matches!(self, Self::$variant) {
                        return Some(at);
                    }
                    at = at.saturating_add(1);
                )*
                let _ = at;
                None
            }

            /// The known value at position `i` of [`Self::KNOWN`]. Built like [`Self::index`]
            /// so the compiler folds it to arithmetic on the discriminant: cloning a known
            /// value through it costs a few bytes where a derived `Clone` costs one arm per
            /// variant (1.4 KB of wasm for the error codes).
            fn nth(i: usize) -> Option<Self> {
                let mut at = 0usize;
                $(
                    if i == at {
                        return Some(Self::$variant);
                    }
                    at = at.saturating_add(1);
                )*
                let _ = at;
                None
            }

            /// Reads the wire text; anything unrecognised is kept verbatim.
            pub fn parse(text: &str) -> Self {
                Self::TEXTS
                    .iter()
                    .position(|known| *known == text)
                    .and_then(Self::nth)
                    .unwrap_or_else(|| Self::$other(text.to_owned()))
            }

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::$other(text) => text,
                    known => known
                        .index()
                        .and_then(|i| Self::TEXTS.get(i))
                        .copied()
                        .unwrap_or_default(),
                }
            }
        }

        impl Clone for $name {
            fn clone(&self) -> Self {
                match self {
                    Self::$other(text) => Self::$other(text.clone()),
                    known => known
                        .index()
                        .and_then(Self::nth)
                        .unwrap_or_else(|| Self::$other(String::new())),
                }
            }
        }

        impl Default for $name {
            /// The empty value: what a body that names none carries.
            fn default() -> Self {
                Self::$other(String::new())
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::parse(text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::parse(&text))
            }
        }
    };
}

pub(crate) use string_enum;
