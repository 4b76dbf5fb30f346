//! Fault injection for tests (sandbox mode only): the next N authorize calls are slow, fail
//! with 503, or are processed and then lose their response or answer something unreadable
//! (a 500 without `error_type`, a 200 that is not JSON); the next N card tokenizations are
//! refused with a given error type, as a provider's own checks would; the next N 3-D Secure
//! fingerprint pages stay silent, as a slow issuer's would; the next N widget authorize
//! answers are replaced, after the proxy did its work, by what a broken load balancer in
//! front of the proxy would send ([`crate::balancer`]).
//!
//! Setting or clearing faults takes the sandbox key (HTTP Basic, project id and private key,
//! as the sandbox's other private endpoints): without it a page on another site could switch
//! faults on with a cross-site form post.

use std::sync::Mutex;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use checkout_core::ErrorCode;
use serde::Deserialize;
use serde_json::{json, Value};

use super::Sandbox;
use crate::error::SandboxError;

/// What an injected fault does to one authorize call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultMode {
    /// Wait `delay_ms` before processing.
    Slow,
    /// Answer 503 without processing.
    #[serde(rename = "fail-503")]
    Fail503,
    /// Process (and remember for idempotency), then break the connection.
    DropResponse,
    /// Process (and remember for idempotency), then answer 500 `{"success": false}`: an
    /// error without `error_type`, whose outcome the caller cannot know.
    #[serde(rename = "fail-500-after-commit")]
    Fail500AfterCommit,
    /// Process (and remember for idempotency), then answer 200 with a body that is not JSON.
    #[serde(rename = "garbage-200-after-commit")]
    Garbage200AfterCommit,
}

/// What the load balancer in front of the proxy does to one widget authorize answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BalancerMode {
    /// A 503 `text/html` error page instead of the proxy's answer.
    #[serde(rename = "html-503")]
    Html503,
    /// A 200 whose body is not JSON instead of the proxy's answer.
    #[serde(rename = "garbage-200")]
    Garbage200,
}

/// `{"mode": "html-503" | "garbage-200", "count": N}`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalancerFault {
    /// What replaces the answer.
    pub mode: BalancerMode,
    /// How many widget authorize requests it affects.
    #[serde(default = "one")]
    pub count: u32,
}

/// One configured fault.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct AuthorizeFault {
    /// What happens.
    pub mode: FaultMode,
    /// How many calls it affects.
    #[serde(default = "one")]
    pub count: u32,
    /// Delay for `slow`.
    #[serde(default)]
    pub delay_ms: u64,
}

fn one() -> u32 {
    1
}

/// Tokenizations refused with `error_type` (a `card.*` code, e.g. `card.invalid-cvc`).
#[derive(Debug, Clone, Deserialize)]
pub struct TokenizeFault {
    /// The error type the refusal carries.
    pub error_type: String,
    /// How many calls it affects.
    #[serde(default = "one")]
    pub count: u32,
}

/// Fingerprint pages that never answer, as a slow issuer's: `{"mode": "silent", "count": N}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FingerprintFault {
    /// Only `silent`.
    pub mode: String,
    /// How many fingerprint pages it affects.
    #[serde(default = "one")]
    pub count: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    authorize: Option<AuthorizeFault>,
    tokenize: Option<TokenizeFault>,
    fingerprint: Option<FingerprintFault>,
    balancer: Option<BalancerFault>,
    customer_token: Option<AuthorizeFault>,
}

/// One kind of fault, armed for the next `count` calls; each call takes one.
struct Armed<T>(Mutex<Option<(T, u32)>>);

impl<T> Default for Armed<T> {
    fn default() -> Self {
        Self(Mutex::new(None))
    }
}

impl<T: Clone> Armed<T> {
    fn arm(&self, fault: Option<(T, u32)>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = fault.filter(|(_, count)| *count > 0);
    }

    fn take(&self) -> Option<T> {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let (fault, left) = slot.as_mut()?;
        let taken = fault.clone();
        *left = left.saturating_sub(1);
        if *left == 0 {
            *slot = None;
        }
        Some(taken)
    }
}

/// The faults waiting to happen.
#[derive(Default)]
pub struct Faults {
    authorize: Armed<(FaultMode, Duration)>,
    /// Read from the request's text once, checked to be a `card.*` code.
    tokenize: Armed<ErrorCode>,
    silent_fingerprint: Armed<()>,
    balancer: Armed<BalancerMode>,
    /// Faults for `POST /customers/{id}/tokens`, with the modes of authorize's.
    customer_token: Armed<(FaultMode, Duration)>,
}

impl Faults {
    /// Takes one silent fingerprint, if any remain.
    pub fn take_silent_fingerprint(&self) -> bool {
        self.silent_fingerprint.take().is_some()
    }

    fn set_silent_fingerprints(&self, count: u32) {
        self.silent_fingerprint.arm(Some(((), count)));
    }

    /// Takes one balancer fault for a widget authorize request, if any remain.
    pub fn take_balancer(&self) -> Option<BalancerMode> {
        self.balancer.take()
    }

    fn set_balancer(&self, fault: Option<BalancerFault>) {
        self.balancer.arm(fault.map(|f| (f.mode, f.count)));
    }

    /// Takes one refusal for a tokenization, if any remain: its error type.
    pub fn take_tokenize(&self) -> Option<ErrorCode> {
        self.tokenize.take()
    }

    /// Takes one fault for a customer token creation, if any remain.
    pub fn take_customer_token(&self) -> Option<(FaultMode, Duration)> {
        self.customer_token.take()
    }

    fn set_customer_token(&self, fault: Option<AuthorizeFault>) {
        self.customer_token
            .arm(fault.map(|f| ((f.mode, Duration::from_millis(f.delay_ms)), f.count)));
    }

    /// Takes one fault for an authorize call, if any remain.
    pub fn take(&self) -> Option<(FaultMode, Duration)> {
        self.authorize.take()
    }

    fn set(&self, fault: Option<AuthorizeFault>) {
        self.authorize
            .arm(fault.map(|f| ((f.mode, Duration::from_millis(f.delay_ms)), f.count)));
    }

    fn set_tokenize(&self, fault: Option<TokenizeFault>) {
        self.tokenize
            .arm(fault.map(|f| (ErrorCode::parse(&f.error_type), f.count)));
    }
}

/// What `POST /_faults` accepts, for the error message of a request it cannot read.
const FAULT_SHAPES: &str = "expected {\"authorize\": {\"mode\": \"slow\"|\"fail-503\"|\"drop-response\"|\"fail-500-after-commit\"|\"garbage-200-after-commit\", \"count\": N, \"delay_ms\": M}} or {\"tokenize\": {\"error_type\": \"card.invalid-cvc\", \"count\": N}} or {\"fingerprint\": {\"mode\": \"silent\", \"count\": N}} or {\"balancer\": {\"mode\": \"html-503\"|\"garbage-200\", \"count\": N}} or {\"customer_token\": (as authorize)}";

/// `POST /_faults` with `{"authorize": {"mode": ..., "count": N, "delay_ms": M}}`,
/// `{"tokenize": {"error_type": "card.…", "count": N}}`, `{"fingerprint": {"mode":
/// "silent", "count": N}}` and/or `{"balancer": {"mode": ..., "count": N}}`. Needs the
/// sandbox key.
pub async fn set(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Value>, SandboxError> {
    sandbox.authenticate(&headers)?;
    let request: FaultRequest = serde_json::from_slice(&body)
        .map_err(|e| SandboxError::validation(format!("{FAULT_SHAPES}: {e}")))?;
    if request.authorize.is_none()
        && request.tokenize.is_none()
        && request.fingerprint.is_none()
        && request.balancer.is_none()
        && request.customer_token.is_none()
    {
        return Err(SandboxError::validation(
            "name a fault: authorize, tokenize, fingerprint, balancer or customer_token",
        ));
    }
    if request
        .fingerprint
        .as_ref()
        .is_some_and(|f| f.mode != "silent")
    {
        return Err(SandboxError::validation("fingerprint.mode must be silent"));
    }
    if let Some(authorize) = request.authorize {
        if authorize.delay_ms > 120_000 {
            return Err(SandboxError::validation(
                "authorize.delay_ms must be at most 120000",
            ));
        }
        tracing::warn!(fault = ?authorize, "sandbox fault injected");
        sandbox.inner.faults.set(Some(authorize));
    }
    if let Some(fault) = request.customer_token {
        if fault.delay_ms > 120_000 {
            return Err(SandboxError::validation(
                "customer_token.delay_ms must be at most 120000",
            ));
        }
        tracing::warn!(fault = ?fault, "sandbox customer token fault injected");
        sandbox.inner.faults.set_customer_token(Some(fault));
    }
    if let Some(tokenize) = request.tokenize {
        let valid = tokenize.error_type.starts_with("card.")
            && tokenize.error_type.len() <= 64
            && tokenize
                .error_type
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'-');
        if !valid {
            return Err(SandboxError::validation(
                "tokenize.error_type must be a card error type such as card.invalid-cvc",
            ));
        }
        tracing::warn!(fault = ?tokenize, "sandbox tokenization fault injected");
        sandbox.inner.faults.set_tokenize(Some(tokenize));
    }
    if let Some(fingerprint) = request.fingerprint {
        tracing::warn!(
            count = fingerprint.count,
            "sandbox silent fingerprint injected"
        );
        sandbox
            .inner
            .faults
            .set_silent_fingerprints(fingerprint.count);
    }
    if let Some(balancer) = request.balancer {
        tracing::warn!(fault = ?balancer, "sandbox balancer fault injected");
        sandbox.inner.faults.set_balancer(Some(balancer));
    }
    Ok(Json(json!({ "success": true })))
}

/// `DELETE /_faults`: no more faults. Needs the sandbox key.
pub async fn clear(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
) -> Result<(StatusCode, Json<Value>), SandboxError> {
    sandbox.authenticate(&headers)?;
    sandbox.inner.faults.set(None);
    sandbox.inner.faults.set_tokenize(None);
    sandbox.inner.faults.set_silent_fingerprints(0);
    sandbox.inner.faults.set_balancer(None);
    sandbox.inner.faults.set_customer_token(None);
    Ok((StatusCode::OK, Json(json!({ "success": true }))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_is_used_up_after_count_calls() {
        let faults = Faults::default();
        faults.set(Some(AuthorizeFault {
            mode: FaultMode::Fail503,
            count: 2,
            delay_ms: 0,
        }));
        assert!(faults.take().is_some());
        assert!(faults.take().is_some());
        assert!(faults.take().is_none());
    }

    #[test]
    fn a_tokenize_fault_is_used_up_after_count_calls() {
        let faults = Faults::default();
        faults.set_tokenize(Some(TokenizeFault {
            error_type: "card.invalid-cvc".into(),
            count: 1,
        }));
        assert_eq!(faults.take_tokenize(), Some(ErrorCode::CardInvalidCvc));
        assert_eq!(faults.take_tokenize(), None);
        assert!(faults.take().is_none(), "authorize calls are not affected");
    }

    #[test]
    fn silent_fingerprints_are_counted_down() {
        let faults = Faults::default();
        assert!(!faults.take_silent_fingerprint());
        faults.set_silent_fingerprints(2);
        assert!(faults.take_silent_fingerprint());
        assert!(faults.take_silent_fingerprint());
        assert!(!faults.take_silent_fingerprint());
    }

    #[test]
    fn modes_use_the_documented_names() {
        for (name, mode) in [
            ("slow", FaultMode::Slow),
            ("fail-503", FaultMode::Fail503),
            ("drop-response", FaultMode::DropResponse),
            ("fail-500-after-commit", FaultMode::Fail500AfterCommit),
            ("garbage-200-after-commit", FaultMode::Garbage200AfterCommit),
        ] {
            let parsed: FaultMode = serde_json::from_value(json!(name)).unwrap();
            assert_eq!(parsed, mode);
        }
        for (name, mode) in [
            ("html-503", BalancerMode::Html503),
            ("garbage-200", BalancerMode::Garbage200),
        ] {
            let parsed: BalancerMode = serde_json::from_value(json!(name)).unwrap();
            assert_eq!(parsed, mode);
        }
    }

    #[test]
    fn a_balancer_fault_is_used_up_after_count_calls() {
        let faults = Faults::default();
        faults.set_balancer(Some(BalancerFault {
            mode: BalancerMode::Html503,
            count: 2,
        }));
        assert_eq!(faults.take_balancer(), Some(BalancerMode::Html503));
        assert_eq!(faults.take_balancer(), Some(BalancerMode::Html503));
        assert_eq!(faults.take_balancer(), None);
        assert!(faults.take().is_none(), "authorize calls are not affected");
    }
}
