//! The browser's device data for 3-D Secure, checked with `checkout_core::device` before it
//! reaches the provider. `user_agent`, `header_accept`, `ip_address` and `request_origin`
//! are never trusted from the browser: the proxy sets them from the HTTP request itself.

use checkout_core::device::{parse_device, USER_AGENT_MAX_CHARS};
use serde_json::{json, Value};

use crate::api_error::ApiError;

/// What the server adds from the request itself.
#[derive(Debug, Clone)]
pub struct RequestFacts {
    /// The customer's IP address.
    pub ip_address: String,
    /// The real `User-Agent` header.
    pub user_agent: Option<String>,
    /// The real `Accept` header.
    pub header_accept: Option<String>,
}

/// Validates the browser's `device` object (every field required, ranges as in
/// checkout-core) and builds the one sent to the provider. Unknown fields are dropped.
pub fn build(browser: Option<&Value>, facts: &RequestFacts) -> Result<Value, ApiError> {
    let device = parse_device(browser.unwrap_or(&Value::Null))
        .map_err(|e| ApiError::validation(e.to_string()))?;
    let mut out = serde_json::to_value(&device)
        .map_err(|_| ApiError::validation("device could not be encoded"))?;
    if let Some(obj) = out.as_object_mut() {
        // A header longer than a 3DS server accepts is cut, not blamed on the customer.
        let user_agent: Option<String> = facts
            .user_agent
            .as_ref()
            .map(|ua| ua.chars().take(USER_AGENT_MAX_CHARS).collect());
        obj.insert("user_agent".into(), json!(user_agent));
        obj.insert("header_accept".into(), json!(facts.header_accept));
        obj.insert("ip_address".into(), json!(facts.ip_address));
        obj.insert("request_origin".into(), json!("backend"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> Value {
        json!({
            "app_color_depth": 24, "app_java_enabled": false, "app_language": "en-GB",
            "app_screen_height": 900, "app_screen_width": 1440, "app_timezone_offset": 0,
            "user_agent": "Browser/1"
        })
    }

    fn facts() -> RequestFacts {
        RequestFacts {
            ip_address: "203.0.113.9".into(),
            user_agent: Some("RealBrowser/1.0".into()),
            header_accept: Some("application/json".into()),
        }
    }

    #[test]
    fn browser_fields_pass_and_server_fields_are_overwritten() {
        let browser = json!({
            "app_color_depth": 24, "app_java_enabled": false, "app_language": "fr-FR",
            "app_screen_height": 900, "app_screen_width": 1440, "app_timezone_offset": -60,
            "user_agent": "Forged/0", "ip_address": "10.9.9.9", "request_origin": "browser",
            "extra": "dropped"
        });
        let device = build(Some(&browser), &facts()).unwrap();
        assert_eq!(device["app_color_depth"], 24);
        assert_eq!(device["app_screen_width"], 1440);
        assert_eq!(device["user_agent"], "RealBrowser/1.0");
        assert_eq!(device["ip_address"], "203.0.113.9");
        assert_eq!(device["request_origin"], "backend");
        assert!(device.get("extra").is_none());
    }

    #[test]
    fn out_of_range_values_name_their_field() {
        for (field, value) in [
            ("app_color_depth", json!(23)),
            ("app_timezone_offset", json!(721)),
            ("app_timezone_offset", json!(-841)),
            ("app_screen_width", json!(0)),
            ("app_screen_height", json!(1_000_000)),
            ("app_language", json!("")),
            ("app_language", json!("fr-FR-x-long")),
            ("app_java_enabled", json!("yes")),
            ("app_color_depth", json!(24.5)),
        ] {
            let mut device = valid();
            device[field] = value;
            let err = build(Some(&device), &facts()).unwrap_err();
            assert_eq!(err.code().as_str(), "request.validation.error");
            assert!(
                err.message().contains(&format!("device.{field}")),
                "{err:?}"
            );
        }
    }

    #[test]
    fn boundaries_are_accepted() {
        for (field, value) in [
            ("app_timezone_offset", json!(-840)),
            ("app_timezone_offset", json!(720)),
            ("app_color_depth", json!(48)),
            ("app_screen_width", json!(999_999)),
            ("app_language", json!("en")),
        ] {
            let mut device = valid();
            device[field] = value;
            assert!(build(Some(&device), &facts()).is_ok(), "{device}");
        }
        assert!(build(None, &facts()).is_err());
    }
}
