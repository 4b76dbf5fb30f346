//! The widget contract: the JSON the proxy and the widget exchange under `/checkout`
//! (docs/api.md, docs/openapi.yaml), as serde types.
//!
//! The proxy writes its answers with these types, whatever provider is behind it; the
//! widget reads the same JSON by hand (it keeps serde out of its WebAssembly for size), and
//! golden files written by these types hold the two readers together.

use serde::{Deserialize, Deserializer, Serialize};

use crate::error_code::ErrorCode;

/// `null` and absent both mean "empty" for lists.
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// A field a request was refused for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvalidField {
    /// Field name.
    pub name: Option<String>,
    /// Why it was rejected.
    pub message: Option<String>,
}

/// The one error body of the product, ProcessOut's shape:
/// `{"success": false, "error_type": "...", "message": "...", "invalid_fields"?: [...]}`.
///
/// Written by the proxy and the sandbox for every error they answer, and read (forgivingly:
/// every field may be missing) from providers that speak ProcessOut's dialect.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    /// Always `false` for errors.
    pub success: bool,
    /// The error code; a body without one reads as [`ErrorCode::Other`] of `""`.
    pub error_type: ErrorCode,
    /// Developer-facing explanation (never shown to customers, never secrets or card data).
    pub message: String,
    /// Fields that failed validation.
    #[serde(
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub invalid_fields: Vec<InvalidField>,
}

impl ErrorBody {
    /// An error body for `code` with a developer-facing `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            success: false,
            error_type: code,
            message: message.into(),
            invalid_fields: Vec::new(),
        }
    }

    /// The error code.
    pub fn code(&self) -> ErrorCode {
        self.error_type.clone()
    }
}
