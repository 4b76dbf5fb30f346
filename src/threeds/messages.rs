//! The issuer frame's messages: which ones count, and what they say.

use checkout_core::limits::is_three_d_s_result;
use checkout_core::ErrorCode;

use crate::error::WidgetError;

/// The `namespace` of ProcessOut's messages.
pub const NAMESPACE: &str = "processout.checkout";

/// What a message from the issuer's frame means, by ProcessOut's contract; `None` for
/// anything not in that shape (it is ignored).
pub fn interpret(
    namespace: Option<&str>,
    action: Option<&str>,
    data: Option<&str>,
    error_code: Option<&str>,
    error_message: Option<&str>,
) -> Option<Result<String, WidgetError>> {
    if namespace != Some(NAMESPACE) || action.is_none() {
        return None;
    }
    if let Some(code) = error_code.filter(|c| !c.is_empty()) {
        // The frame's code is read here, at the wire: a card's or gateway's own code, or the
        // customer's cancel, is kept; anything else is a challenge the customer did not pass.
        let code = if code == "customer.canceled"
            || code.starts_with("card.")
            || code.starts_with("gateway.")
        {
            ErrorCode::parse(code)
        } else {
            ErrorCode::CardFailed3ds
        };
        return Some(Err(WidgetError::new(
            code,
            error_message.unwrap_or("the 3-D Secure step failed"),
        )));
    }
    data.filter(|d| is_three_d_s_result(d))
        .map(|d| Ok(d.to_string()))
}

/// The origin (`scheme://host[:port]`) of an http(s) URL.
pub fn origin_of(url: &str) -> Option<&str> {
    let rest_at = url.find("://")?.checked_add(3)?;
    let rest = url.get(rest_at..)?;
    let end = rest
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| rest_at.saturating_add(i));
    let origin = url.get(..end)?;
    (!rest.is_empty()).then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_processout_shaped_messages_count() {
        let ok = interpret(
            Some(NAMESPACE),
            Some("url"),
            Some("gway_req_abc"),
            None,
            None,
        );
        assert_eq!(ok, Some(Ok("gway_req_abc".into())));
        // Wrong namespace, missing action, or a data that is not a result: ignored.
        assert_eq!(
            interpret(Some("other"), Some("url"), Some("gway_req_abc"), None, None),
            None
        );
        assert_eq!(
            interpret(None, Some("url"), Some("gway_req_abc"), None, None),
            None
        );
        assert_eq!(
            interpret(Some(NAMESPACE), None, Some("gway_req_abc"), None, None),
            None
        );
        assert_eq!(
            interpret(Some(NAMESPACE), Some("url"), Some("tok_x"), None, None),
            None
        );
        assert_eq!(
            interpret(
                Some(NAMESPACE),
                Some("url"),
                Some("gway_req_<b>"),
                None,
                None
            ),
            None
        );
        assert_eq!(
            interpret(Some(NAMESPACE), Some("url"), None, None, None),
            None
        );
        // An error from the issuer's page becomes a failed step.
        let failed = interpret(
            Some(NAMESPACE),
            Some("url"),
            None,
            Some("card.failed-3ds"),
            Some("no"),
        );
        assert_eq!(failed.unwrap().unwrap_err().code, ErrorCode::CardFailed3ds);
        let odd = interpret(Some(NAMESPACE), Some("url"), None, Some("weird"), None);
        assert_eq!(odd.unwrap().unwrap_err().code, ErrorCode::CardFailed3ds);
    }

    #[test]
    fn origins_are_scheme_host_and_port() {
        assert_eq!(
            origin_of("https://acs.example/step?x=1"),
            Some("https://acs.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:18080/sandbox/3ds/x"),
            Some("http://127.0.0.1:18080")
        );
        assert_eq!(
            origin_of("https://acs.example"),
            Some("https://acs.example")
        );
        assert_eq!(
            origin_of("https://acs.example?x"),
            Some("https://acs.example")
        );
        assert_eq!(origin_of("nope"), None);
        assert_eq!(origin_of("https://"), None);
    }
}
