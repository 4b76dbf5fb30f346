//! The HTTP client that talks to the payment provider (or the sandbox) with its credentials.

use checkout_core::ErrorCode;
use std::future::Future;
use std::net::IpAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::StatusCode;
use base64::Engine;
use serde::Serialize;
use serde_json::Value;

use crate::api_error::ApiError;
use crate::secret::Secret;

/// ProcessOut API version sent with every request.
pub const API_VERSION: &str = "1.4.0.0";

/// A configured client for the provider's API.
#[derive(Clone)]
pub struct Upstream {
    http: reqwest::Client,
    base_url: String,
    authorization: Secret,
    /// ProcessOut's `API-Version` header; other providers have none.
    api_version: Option<&'static str>,
}

/// What the provider answered: its status and JSON body.
#[derive(Debug)]
pub struct UpstreamResponse {
    /// HTTP status from the provider.
    pub status: StatusCode,
    /// Parsed JSON body.
    pub body: Value,
}

/// What the provider answered, before any JSON parsing: amounts in it are read from their
/// text (see `provider::json_money`), never through a `Value`'s `f64`.
#[derive(Debug)]
pub struct RawResponse {
    /// HTTP status from the provider.
    pub status: StatusCode,
    /// The body as sent.
    pub bytes: Bytes,
}

impl Upstream {
    /// Builds a client for `base_url` that authenticates as `project_id`:`private_key`.
    pub fn new(
        base_url: &str,
        project_id: &str,
        private_key: &Secret,
        timeout: Duration,
    ) -> Result<Self, String> {
        let credentials = base64::engine::general_purpose::STANDARD
            .encode(format!("{project_id}:{}", private_key.expose()));
        let mut upstream = Self::with_authorization(
            base_url,
            Secret::new(format!("Basic {credentials}")),
            timeout,
        )?;
        upstream.api_version = Some(API_VERSION);
        Ok(upstream)
    }

    /// Builds a client for `base_url` that sends `authorization` as the whole value of the
    /// `Authorization` header (e.g. Invoiss's bare token, or `Bearer ...`).
    pub fn with_authorization(
        base_url: &str,
        authorization: Secret,
        timeout: Duration,
    ) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            // A redirect is not followed: a POST's outcome behind a 3xx is unknown, and the
            // credentials must never follow the request to another host. The adapters
            // answer a 3xx with 502 `proxy.upstream-invalid-response`.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            authorization,
            api_version: None,
        })
    }

    /// The provider's base URL (no secret in it).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `GET {base}{path}`.
    pub async fn get(&self, path: &str) -> Result<UpstreamResponse, ApiError> {
        let request = self.http.get(format!("{}{path}", self.base_url));
        self.send(request).await
    }

    /// `POST {base}{path}` with a JSON body and the widget's `Idempotency-Key`, so a retry
    /// is recognised by the provider itself and never charges twice.
    pub async fn post_json(
        &self,
        path: &str,
        body: &Value,
        idempotency_key: &str,
    ) -> Result<UpstreamResponse, ApiError> {
        let request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .header("Idempotency-Key", idempotency_key)
            .json(body);
        self.send(request).await
    }

    /// `GET {base}{path}`, the body left unparsed.
    pub async fn get_raw(&self, path: &str) -> Result<RawResponse, ApiError> {
        let request = self.http.get(format!("{}{path}", self.base_url));
        self.send_raw(request).await
    }

    /// `POST {base}{path}` with a typed JSON body (so that amounts held as raw JSON numbers
    /// go out as written) and, when given, an `Idempotency-Key`; the answer left unparsed.
    pub async fn post_raw(
        &self,
        path: &str,
        body: &impl Serialize,
        idempotency_key: Option<&str>,
    ) -> Result<RawResponse, ApiError> {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .json(body);
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        self.send_raw(request).await
    }

    async fn send_raw(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, ApiError> {
        let mut request = request
            .header("Authorization", self.authorization.expose())
            .header("Accept", "application/json");
        if let Some(version) = self.api_version {
            request = request.header("API-Version", version);
        }
        let response = request.send().await.map_err(transport_error)?;
        let status =
            StatusCode::from_u16(response.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
        let bytes = response.bytes().await.map_err(transport_error)?;
        Ok(RawResponse { status, bytes })
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<UpstreamResponse, ApiError> {
        let RawResponse { status, bytes } = self.send_raw(request).await?;
        let body = serde_json::from_slice(&bytes).map_err(|_| {
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                ErrorCode::ProxyUpstreamInvalidResponse,
                format!("the payment provider answered {status} with a body that is not JSON"),
            )
        })?;
        Ok(UpstreamResponse { status, body })
    }
}

/// Runs every upstream call of one widget request (e.g. the already-paid read and the
/// authorization) within one overall `deadline` (`CHECKOUT_UPSTREAM_TIMEOUT_MS`, below the
/// widget's own 20 s), else 504 `gateway.timeout`.
pub async fn within<T>(
    deadline: Duration,
    calls: impl Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    tokio::time::timeout(deadline, calls)
        .await
        .unwrap_or_else(|_| {
            tracing::warn!(
                deadline_ms = deadline.as_millis() as u64,
                "upstream deadline reached"
            );
            Err(timeout_error())
        })
}

fn timeout_error() -> ApiError {
    ApiError::new(
        StatusCode::GATEWAY_TIMEOUT,
        ErrorCode::GatewayTimeout,
        "the payment provider did not answer in time; retrying with the same idempotency key is safe",
    )
}

/// In live mode a provider URL must be `https`, except on a loopback host (127.0.0.0/8,
/// `::1`, `localhost`), so that a live-mode proxy can be tested against another instance's
/// sandbox. `Err` is one line naming `variable`.
pub fn check_live_url(variable: &str, url: &str) -> Result<(), String> {
    let parsed =
        reqwest::Url::parse(url).map_err(|e| format!("{variable} is not a URL ({e}): {url:?}"))?;
    // The host as the URL parser normalised it (IPv6 in brackets, `127.1` as `127.0.0.1`).
    let host = parsed.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(format!(
            "{variable} must be an https:// URL in live mode (http:// only for a loopback host such as 127.0.0.1): {url:?}"
        )),
    }
}

/// Slow or unreachable provider: tell the widget it may retry with the same idempotency key.
fn transport_error(err: reqwest::Error) -> ApiError {
    if err.is_timeout() {
        timeout_error()
    } else {
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            ErrorCode::ProxyUpstreamUnavailable,
            "the payment provider could not be reached; retrying with the same idempotency key is safe",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_urls_are_https_except_on_loopback() {
        for ok in [
            "https://api.processout.com",
            "http://127.0.0.1:8080/sandbox",
            "http://127.1.2.3/sandbox",
            "http://[::1]:9000",
            "http://localhost:8080",
            "http://LOCALHOST",
        ] {
            assert_eq!(check_live_url("PROCESSOUT_API_URL", ok), Ok(()), "{ok}");
        }
        for refused in [
            "http://api.processout.com",
            "http://10.0.0.1",
            "http://localhost.evil.example",
            "ftp://127.0.0.1",
            "not a url",
        ] {
            let err = check_live_url("PROCESSOUT_API_URL", refused).unwrap_err();
            assert!(err.starts_with("PROCESSOUT_API_URL "), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }
}
