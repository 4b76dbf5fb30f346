//! The HTTP client that talks to the payment provider (or the sandbox) with its credentials.

use checkout_core::ErrorCode;
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

/// Slow or unreachable provider: tell the widget it may retry with the same idempotency key.
fn transport_error(err: reqwest::Error) -> ApiError {
    if err.is_timeout() {
        ApiError::new(
            StatusCode::GATEWAY_TIMEOUT,
            ErrorCode::GatewayTimeout,
            "the payment provider did not answer in time; retrying with the same idempotency key is safe",
        )
    } else {
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            ErrorCode::ProxyUpstreamUnavailable,
            "the payment provider could not be reached; retrying with the same idempotency key is safe",
        )
    }
}
