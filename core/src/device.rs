//! Browser data for a frictionless 3-D Secure 2 flow: what the issuer's risk
//! engine gets to see about the cardholder's browser.
//!
//! The widget reads raw values from the browser into [`RawBrowserData`];
//! [`normalise`] turns them into a [`BrowserDevice`] that a 3DS server
//! accepts, whatever the browser reported. The proxy checks what arrives with
//! [`validate`] (or [`parse_device`], which also names the field when the JSON
//! has the wrong type), so that a tampered or buggy client gets a 400 rather
//! than a confusing refusal from the issuer.
//!
//! Defaults, used when the browser reports nothing usable:
//!
//! | field | rule | default |
//! |---|---|---|
//! | `app_color_depth` | rounded down to [`ALLOWED_COLOR_DEPTHS`]; above 48 gives 48 | 24 when missing or below 1 |
//! | `app_language` | BCP 47 tag cut at a subtag boundary to 8 characters, extensions dropped | `"en"` when missing or not tag-shaped |
//! | `app_screen_width`, `app_screen_height` | clamped into 1..=999999 | 1 when missing |
//! | `app_timezone_offset` | `Date.getTimezoneOffset()` unchanged, clamped into -840..=720 | 0 when missing |
//! | `app_java_enabled` | always `false` | — |
//! | `user_agent` | cut to 2048 characters | empty when missing |
//!
//! A missing screen size becomes 1, not a typical size such as 1920: the
//! issuer should see that the size is unknown rather than a made-up screen.
//!
//! JavaScript-enabled has no field here: ProcessOut's card reference lists no
//! such field (the EMV value is implied by the browser channel, and the widget
//! itself only runs with JavaScript).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// Colour depths (bits per pixel) that EMV 3DS accepts, ascending.
pub const ALLOWED_COLOR_DEPTHS: [u8; 8] = [1, 4, 8, 15, 16, 24, 32, 48];
/// Colour depth sent when the browser's value is missing or below 1.
pub const DEFAULT_COLOR_DEPTH: u8 = 24;
/// Language sent when the browser's value is missing or unusable.
pub const DEFAULT_LANGUAGE: &str = "en";
/// Longest language tag, in characters.
pub const LANGUAGE_MAX_CHARS: usize = 8;
/// Smallest screen dimension, in pixels.
pub const SCREEN_MIN: u32 = 1;
/// Largest screen dimension (six digits), in pixels.
pub const SCREEN_MAX: u32 = 999_999;
/// Easternmost offset: UTC+14 as `getTimezoneOffset` reports it.
pub const TIMEZONE_OFFSET_MIN: i16 = -840;
/// Westernmost offset: UTC-12 as `getTimezoneOffset` reports it.
pub const TIMEZONE_OFFSET_MAX: i16 = 720;
/// Longest user agent, in characters (Unicode scalar values).
pub const USER_AGENT_MAX_CHARS: usize = 2048;

/// Browser data in ProcessOut's field names, ready for the authorize body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserDevice {
    /// Bits per pixel, one of [`ALLOWED_COLOR_DEPTHS`]. ProcessOut documents
    /// this as a string, so reading also accepts `"24"`.
    #[serde(deserialize_with = "number_or_numeric_text")]
    pub app_color_depth: u8,
    /// Whether Java applets can run; browsers no longer support them.
    pub app_java_enabled: bool,
    /// BCP 47 language tag of at most 8 characters.
    pub app_language: String,
    /// Screen height in pixels, 1..=999999.
    pub app_screen_height: u32,
    /// Screen width in pixels, 1..=999999.
    pub app_screen_width: u32,
    /// Minutes to add to local time to get UTC (UTC+2 is -120), -840..=720.
    pub app_timezone_offset: i16,
    /// The browser's `navigator.userAgent`, at most 2048 characters.
    pub user_agent: String,
}

/// What the browser reported, before any checking; `None` where an API was
/// missing or failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawBrowserData {
    /// `screen.colorDepth`.
    pub color_depth: Option<i64>,
    /// `navigator.language`, or the first of `navigator.languages`.
    pub language: Option<String>,
    /// `screen.width`.
    pub screen_width: Option<i64>,
    /// `screen.height`.
    pub screen_height: Option<i64>,
    /// `new Date().getTimezoneOffset()` at submit time.
    pub timezone_offset: Option<i64>,
    /// `navigator.userAgent`.
    pub user_agent: Option<String>,
}

/// A device value a 3DS server would refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct DeviceError {
    /// The JSON path of the field, e.g. `device.app_color_depth`.
    pub field: &'static str,
    /// Why it was refused, in English.
    pub message: String,
}

impl DeviceError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Turns what the browser reported into values a 3DS server accepts. Never
/// fails: unusable values get the defaults documented on this module.
pub fn normalise(raw: &RawBrowserData) -> BrowserDevice {
    BrowserDevice {
        app_color_depth: color_depth(raw.color_depth),
        app_java_enabled: false,
        app_language: language_tag(raw.language.as_deref()),
        app_screen_height: screen_dimension(raw.screen_height),
        app_screen_width: screen_dimension(raw.screen_width),
        app_timezone_offset: timezone_offset(raw.timezone_offset),
        user_agent: user_agent(raw.user_agent.as_deref()),
    }
}

/// Rounds down to the nearest allowed depth, so a 30-bit display (10 bits per
/// channel) is sent as 24 rather than a value the 3DS server rejects.
pub fn color_depth(raw: Option<i64>) -> u8 {
    let Some(bits) = raw else {
        return DEFAULT_COLOR_DEPTH;
    };
    ALLOWED_COLOR_DEPTHS
        .iter()
        .rev()
        .copied()
        .find(|&allowed| i64::from(allowed) <= bits)
        .unwrap_or(DEFAULT_COLOR_DEPTH)
}

/// Shortens a BCP 47 tag at a subtag boundary to at most 8 characters.
///
/// Extensions and private use (from the first one-letter subtag on) are
/// dropped, because a cut inside them would leave a singleton without its
/// value. `_` is read as `-`; case is kept. A tag whose primary language
/// subtag is not 2 to 8 ASCII letters gives `"en"`.
pub fn language_tag(raw: Option<&str>) -> String {
    let Some(text) = raw else {
        return DEFAULT_LANGUAGE.to_owned();
    };
    let mut subtags = text.trim().split(['-', '_']);
    let Some(primary) = subtags.next().filter(|s| is_primary_subtag(s)) else {
        return DEFAULT_LANGUAGE.to_owned();
    };
    let mut tag = primary.to_owned();
    for subtag in subtags {
        if !is_later_subtag(subtag) {
            break;
        }
        let longer = tag.len().saturating_add(1).saturating_add(subtag.len());
        if longer > LANGUAGE_MAX_CHARS {
            break;
        }
        tag.push('-');
        tag.push_str(subtag);
    }
    tag
}

/// Clamps into 1..=999999; missing gives 1 (see the module notes).
pub fn screen_dimension(raw: Option<i64>) -> u32 {
    raw.map_or(SCREEN_MIN, |pixels| {
        let clamped = pixels.clamp(i64::from(SCREEN_MIN), i64::from(SCREEN_MAX));
        u32::try_from(clamped).unwrap_or(SCREEN_MIN)
    })
}

/// Keeps `getTimezoneOffset`'s sign (UTC+2 is -120) and clamps into
/// -840..=720; missing gives 0, i.e. UTC.
pub fn timezone_offset(raw: Option<i64>) -> i16 {
    raw.map_or(0, |minutes| {
        let clamped = minutes.clamp(
            i64::from(TIMEZONE_OFFSET_MIN),
            i64::from(TIMEZONE_OFFSET_MAX),
        );
        i16::try_from(clamped).unwrap_or(0)
    })
}

/// Cuts to 2048 characters; counting characters, not bytes, never splits one.
pub fn user_agent(raw: Option<&str>) -> String {
    raw.map_or_else(String::new, |text| {
        text.chars().take(USER_AGENT_MAX_CHARS).collect()
    })
}

/// Refuses any value [`normalise`] would never produce, naming the field.
/// Java may be either value: it is not range-checked, only obsolete.
pub fn validate(device: &BrowserDevice) -> Result<(), DeviceError> {
    if !ALLOWED_COLOR_DEPTHS.contains(&device.app_color_depth) {
        return Err(DeviceError::new(
            "device.app_color_depth",
            format!(
                "{} is not one of 1, 4, 8, 15, 16, 24, 32, 48",
                device.app_color_depth
            ),
        ));
    }
    validate_language(&device.app_language)?;
    validate_screen("device.app_screen_height", device.app_screen_height)?;
    validate_screen("device.app_screen_width", device.app_screen_width)?;
    if !(TIMEZONE_OFFSET_MIN..=TIMEZONE_OFFSET_MAX).contains(&device.app_timezone_offset) {
        return Err(DeviceError::new(
            "device.app_timezone_offset",
            format!(
                "{} minutes is outside -840..=720",
                device.app_timezone_offset
            ),
        ));
    }
    let agent_chars = device.user_agent.chars().count();
    if agent_chars > USER_AGENT_MAX_CHARS {
        return Err(DeviceError::new(
            "device.user_agent",
            format!("at most 2048 characters allowed, found {agent_chars}"),
        ));
    }
    Ok(())
}

/// Reads the `device` object of a request body and validates it, naming the
/// field when a value has the wrong JSON type or does not fit its Rust type
/// (which plain serde would report without the field name).
pub fn parse_device(value: &Value) -> Result<BrowserDevice, DeviceError> {
    let Some(object) = value.as_object() else {
        return Err(DeviceError::new("device", "must be a JSON object"));
    };
    let field = |name: &str| object.get(name).unwrap_or(&Value::Null);

    let depth_field = "device.app_color_depth";
    let depth = match field("app_color_depth") {
        Value::String(text) => text.trim().parse::<i64>().ok(),
        other => other.as_i64(),
    }
    .ok_or_else(|| DeviceError::new(depth_field, "must be a whole number"))?;
    let app_color_depth = u8::try_from(depth)
        .map_err(|_| DeviceError::new(depth_field, format!("{depth} is not an allowed depth")))?;

    let device = BrowserDevice {
        app_color_depth,
        app_java_enabled: field("app_java_enabled")
            .as_bool()
            .ok_or_else(|| DeviceError::new("device.app_java_enabled", "must be true or false"))?,
        app_language: text_field(field("app_language"), "device.app_language")?,
        app_screen_height: integer_field(field("app_screen_height"), "device.app_screen_height")?,
        app_screen_width: integer_field(field("app_screen_width"), "device.app_screen_width")?,
        app_timezone_offset: integer_field(
            field("app_timezone_offset"),
            "device.app_timezone_offset",
        )?,
        user_agent: text_field(field("user_agent"), "device.user_agent")?,
    };
    validate(&device)?;
    Ok(device)
}

fn text_field(value: &Value, name: &'static str) -> Result<String, DeviceError> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| DeviceError::new(name, "must be a string"))
}

fn integer_field<T: TryFrom<i64>>(value: &Value, name: &'static str) -> Result<T, DeviceError> {
    let number = value
        .as_i64()
        .ok_or_else(|| DeviceError::new(name, "must be a whole number"))?;
    T::try_from(number).map_err(|_| DeviceError::new(name, format!("{number} is out of range")))
}

fn validate_language(tag: &str) -> Result<(), DeviceError> {
    let field = "device.app_language";
    if tag.is_empty() {
        return Err(DeviceError::new(field, "must not be empty"));
    }
    let chars = tag.chars().count();
    if chars > LANGUAGE_MAX_CHARS {
        return Err(DeviceError::new(
            field,
            format!("at most 8 characters allowed, found {chars}"),
        ));
    }
    let mut subtags = tag.split('-');
    let shaped = subtags.next().is_some_and(is_primary_subtag) && subtags.all(is_later_subtag);
    if !shaped {
        return Err(DeviceError::new(
            field,
            format!("{tag:?} is not a BCP 47 language tag without extensions"),
        ));
    }
    Ok(())
}

fn validate_screen(field: &'static str, pixels: u32) -> Result<(), DeviceError> {
    if (SCREEN_MIN..=SCREEN_MAX).contains(&pixels) {
        Ok(())
    } else {
        Err(DeviceError::new(
            field,
            format!("{pixels} pixels is outside 1..=999999"),
        ))
    }
}

/// A language subtag: 2 to 8 ASCII letters (one letter would be `x` or `i`,
/// private use or grandfathered, which say nothing about the language).
fn is_primary_subtag(subtag: &str) -> bool {
    (2..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphabetic())
}

/// A script, region or variant subtag: 2 to 8 ASCII letters or digits. One
/// character would start an extension, which we drop.
fn is_later_subtag(subtag: &str) -> bool {
    (2..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn number_or_numeric_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Depth {
        Number(u8),
        Text(String),
    }
    match Depth::deserialize(deserializer)? {
        Depth::Number(bits) => Ok(bits),
        Depth::Text(text) => text.trim().parse().map_err(|_| {
            serde::de::Error::custom(format!("colour depth {text:?} is not a number"))
        }),
    }
}
