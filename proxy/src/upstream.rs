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

use url::Url;

use crate::api_error::ApiError;
use crate::provider::ids::segment_problem;
use crate::secret::Secret;

/// ProcessOut API version sent with every request.
pub const API_VERSION: &str = "1.4.0.0";

/// A configured client for the provider's API.
#[derive(Clone)]
pub struct Upstream {
    http: reqwest::Client,
    /// Parsed and checked once, at construction; every request URL is this plus segments.
    base: Url,
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
    /// `Authorization` header (e.g. Invoiss's bare token, or `Bearer ...`). The base URL is
    /// parsed here, once (see [`parse_base_url`]).
    pub fn with_authorization(
        base_url: &str,
        authorization: Secret,
        timeout: Duration,
    ) -> Result<Self, String> {
        let base = parse_base_url(base_url)?;
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
            base,
            authorization,
            api_version: None,
        })
    }

    /// The provider's base URL (no secret in it), without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    /// The URL of `segments` under the base URL, with `query` pairs. Each segment is pushed
    /// on its own with [`url::PathSegmentsMut`], which percent-encodes it, so an id can never
    /// add a segment, a query or a fragment; a segment with a
    /// [`segment_problem`] (empty, dots only, `/ ? # % \`, control characters) is refused
    /// with 400 `request.validation.error` rather than sent. Paths are never built by
    /// joining strings.
    pub fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, ApiError> {
        if let Some((segment, problem)) = segments
            .iter()
            .find_map(|s| segment_problem(s).map(|p| (s, p)))
        {
            tracing::warn!(segment = ?segment, problem, "upstream path segment refused");
            return Err(ApiError::validation(format!(
                "the id {segment:?} {problem}"
            )));
        }
        let mut url = self.base.clone();
        {
            let mut path = url.path_segments_mut().map_err(|()| {
                // `parse_base_url` refuses a base URL that cannot take segments.
                ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    ErrorCode::ProxyMisconfigured,
                    "the provider URL cannot take a path",
                )
            })?;
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// `GET url`.
    pub async fn get(&self, url: Url) -> Result<UpstreamResponse, ApiError> {
        self.send(self.http.get(url)).await
    }

    /// `POST url` with a JSON body and the widget's `Idempotency-Key`, so a retry is
    /// recognised by the provider itself and never charges twice.
    pub async fn post_json(
        &self,
        url: Url,
        body: &Value,
        idempotency_key: &str,
    ) -> Result<UpstreamResponse, ApiError> {
        let request = self
            .http
            .post(url)
            .header("Idempotency-Key", idempotency_key)
            .json(body);
        self.send(request).await
    }

    /// `GET url`, the body left unparsed.
    pub async fn get_raw(&self, url: Url) -> Result<RawResponse, ApiError> {
        self.send_raw(self.http.get(url)).await
    }

    /// `POST url` with a typed JSON body (so that amounts held as raw JSON numbers go out as
    /// written) and, when given, an `Idempotency-Key`; the answer left unparsed.
    pub async fn post_raw(
        &self,
        url: Url,
        body: &impl Serialize,
        idempotency_key: Option<&str>,
    ) -> Result<RawResponse, ApiError> {
        let mut request = self.http.post(url).json(body);
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

/// A provider base URL as every request starts from it: `http` or `https`, with a host, a
/// path that can take segments, and no query or fragment (both would end up in the middle
/// of every request URL). A trailing slash is dropped. `Err` is one line.
pub fn parse_base_url(base_url: &str) -> Result<Url, String> {
    let mut url = Url::parse(base_url)
        .map_err(|e| format!("the provider URL is not a URL ({e}): {base_url:?}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!(
            "the provider URL must be http:// or https:// with a host: {base_url:?}"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "the provider URL must have no query or fragment: {base_url:?}"
        ));
    }
    url.path_segments_mut()
        .map_err(|()| format!("the provider URL cannot take a path: {base_url:?}"))?
        .pop_if_empty();
    Ok(url)
}

/// In live mode a provider URL must be `https`, except on a loopback host (127.0.0.0/8,
/// `::1`, `localhost`), so that a live-mode proxy can be tested against another instance's
/// sandbox. `Err` is one line naming `variable`.
pub fn check_live_url(variable: &str, url: &str) -> Result<(), String> {
    let parsed = Url::parse(url).map_err(|e| format!("{variable} is not a URL ({e}): {url:?}"))?;
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

    fn upstream(base: &str) -> Upstream {
        Upstream::with_authorization(base, Secret::new("t"), Duration::from_secs(1)).unwrap()
    }

    #[test]
    fn urls_are_built_segment_by_segment() {
        let api = upstream("http://127.0.0.1:9/sandbox/orders/");
        assert_eq!(api.base_url(), "http://127.0.0.1:9/sandbox/orders");
        let url = api.url(&["orders", "a b", "é"], &[]).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/sandbox/orders/orders/a%20b/%C3%A9"
        );
        let url = api
            .url(&["payments"], &[("subject", "a&b=c"), ("size", "100")])
            .unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/sandbox/orders/payments?subject=a%26b%3Dc&size=100"
        );
        let root = upstream("https://api.example");
        assert_eq!(
            root.url(&["invoices", "iv_1"], &[]).unwrap().as_str(),
            "https://api.example/invoices/iv_1"
        );
        for bad in ["", ".", "..", "a/b", "a?b", "a#b", "a%2e", "a\\b", "a\rb"] {
            let err = api.url(&["orders", bad], &[]).unwrap_err();
            assert_eq!(err.status, StatusCode::BAD_REQUEST, "{bad:?}");
            assert_eq!(err.code(), &ErrorCode::RequestValidationError, "{bad:?}");
        }
    }

    #[test]
    fn a_base_url_is_checked_once_at_construction() {
        for bad in [
            "not a url",
            "ftp://api.example",
            "mailto:me@example.com",
            "https://api.example/v1?x=1",
            "https://api.example/v1#top",
        ] {
            let err = parse_base_url(bad).unwrap_err();
            assert!(!err.contains('\n'), "{err}");
            assert!(
                Upstream::with_authorization(bad, Secret::new("t"), Duration::from_secs(1))
                    .is_err(),
                "{bad}"
            );
        }
    }

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
