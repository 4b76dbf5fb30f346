//! Fault injection for tests (sandbox mode only): the next N authorize calls are slow, fail
//! with 503, or are processed and then lose their response.

use std::sync::Mutex;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::Sandbox;
use crate::api_error::ApiError;

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

#[derive(Debug, Deserialize)]
struct FaultRequest {
    authorize: AuthorizeFault,
}

/// The faults waiting to happen.
#[derive(Default)]
pub struct Faults(Mutex<Option<AuthorizeFault>>);

impl Faults {
    /// Takes one fault for an authorize call, if any remain.
    pub fn take(&self) -> Option<(FaultMode, Duration)> {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let fault = slot.as_mut()?;
        let taken = (fault.mode, Duration::from_millis(fault.delay_ms));
        fault.count = fault.count.saturating_sub(1);
        if fault.count == 0 {
            *slot = None;
        }
        Some(taken)
    }

    fn set(&self, fault: Option<AuthorizeFault>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = fault;
    }
}

/// `POST /_faults` with `{"authorize": {"mode": ..., "count": N, "delay_ms": M}}`.
pub async fn set(
    State(sandbox): State<Sandbox>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let request: FaultRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::validation(format!(
            "expected {{\"authorize\": {{\"mode\": \"slow\"|\"fail-503\"|\"drop-response\", \"count\": N, \"delay_ms\": M}}}}: {e}"
        ))
    })?;
    if request.authorize.delay_ms > 120_000 {
        return Err(ApiError::validation(
            "authorize.delay_ms must be at most 120000",
        ));
    }
    tracing::warn!(fault = ?request.authorize, "sandbox fault injected");
    sandbox.inner.faults.set(Some(request.authorize));
    Ok(Json(json!({ "success": true })))
}

/// `DELETE /_faults`: no more faults.
pub async fn clear(State(sandbox): State<Sandbox>) -> (StatusCode, Json<Value>) {
    sandbox.inner.faults.set(None);
    (StatusCode::OK, Json(json!({ "success": true })))
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
    fn modes_use_the_documented_names() {
        for (name, mode) in [
            ("slow", FaultMode::Slow),
            ("fail-503", FaultMode::Fail503),
            ("drop-response", FaultMode::DropResponse),
        ] {
            let parsed: FaultMode = serde_json::from_value(json!(name)).unwrap();
            assert_eq!(parsed, mode);
        }
    }
}
