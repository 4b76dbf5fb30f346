//! Static files (the built widget and the demo page) with strict security headers, served as
//! a CDN would: precompressed, cached for a year when the name carries a content hash,
//! revalidated otherwise.
//!
//! A release build (scripts/hash-assets.cjs) puts the widget's files in a directory named by
//! their hash (`/<8 hex digits>/checkout-widget_bg.wasm`) and writes `.br` and `.gz`
//! companions beside each compressible file. Such a path never changes content, so it is
//! `immutable`; everything else (`embed.js`, the stable entry merchants include, and the demo
//! pages) is `no-cache` with an `ETag` and `Last-Modified`, and a matching conditional request
//! gets `304 Not Modified`.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Content-Security-Policy of the served pages: no inline script or style anywhere; wasm
/// compilation is the only extra the widget needs. `frame-src 'self'` admits the sandbox's
/// 3-D Secure pages only; live mode would add the provider's origin there and nowhere else.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; \
base-uri 'none'; form-action 'self'; object-src 'none'";

/// `Cache-Control` of a file under a content-hashed directory: its content never changes.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of every other file: keep it, but ask (`If-None-Match`) before using it.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// Serves `dir` at `/`, every response carrying the security headers; a browser that accepts
/// brotli or gzip gets the `.br`/`.gz` companion of a file when the build wrote one.
pub fn routes(dir: &Path) -> Router {
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        // Pages of other origins cannot reach this window, except popups it opens itself
        // (a payment step may need one); the widget checks every message's origin and
        // source anyway.
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin-allow-popups",
        ),
    ];
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let mut router = Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(caching));
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
}

/// True for a path under a content-hashed directory of a release build: `/<8 hex digits>/...`.
pub fn is_hashed(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    first.len() == 8
        && first
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && segments.next().is_some_and(|rest| !rest.is_empty())
}

/// Cache headers, `ETag`, `Vary` and the conditional requests, around `ServeDir`.
///
/// The conditions are taken off the request and answered here, from the headers of the
/// response `ServeDir` would send, so the `ETag` is that of the very bytes (and encoding) the
/// client holds, and `If-None-Match` wins over `If-Modified-Since` as HTTP requires.
async fn caching(mut request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let conditional = matches!(*request.method(), Method::GET | Method::HEAD);
    let if_none_match = request.headers_mut().remove(header::IF_NONE_MATCH);
    let if_modified_since = request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    let mut response = next.run(request).await;

    let ok = response.status() == StatusCode::OK;
    let found = ok || response.status() == StatusCode::PARTIAL_CONTENT;
    let headers = response.headers_mut();
    // Which file is sent depends on Accept-Encoding, so a shared cache must key on it.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    // Only a file that exists is immutable: a 404 during a deploy must not stick for a year.
    let cache = if hashed && found {
        CACHE_IMMUTABLE
    } else {
        CACHE_REVALIDATE
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if !ok {
        return response;
    }
    let Some(etag) = etag(headers) else {
        return response;
    };
    let not_modified = conditional
        && match (&if_none_match, &if_modified_since) {
            (Some(wanted), _) => etag_matches(wanted, &etag),
            (None, Some(since)) => unmodified_since(headers, since),
            (None, None) => false,
        };
    headers.insert(header::ETAG, etag);
    if not_modified {
        return not_modified_response(response);
    }
    response
}

/// A weak validator from what `ServeDir` already read: the length and modification time of
/// the file sent, and its encoding, since the `.br` and `.gz` companions are other bytes.
fn etag(headers: &HeaderMap) -> Option<HeaderValue> {
    let length = headers.get(header::CONTENT_LENGTH)?.to_str().ok()?;
    let modified = headers.get(header::LAST_MODIFIED)?.to_str().ok()?;
    let seconds = httpdate::parse_http_date(modified)
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_secs();
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("identity");
    HeaderValue::from_str(&format!("W/\"{length}-{seconds:x}-{encoding}\"")).ok()
}

/// `If-None-Match` with the weak comparison (RFC 9110 13.1.2): a list of tags, or `*`.
fn etag_matches(wanted: &HeaderValue, etag: &HeaderValue) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    let Ok(wanted) = wanted.to_str() else {
        return false;
    };
    let ours = etag.to_str().map(opaque).unwrap_or_default();
    wanted
        .split(',')
        .any(|tag| tag.trim() == "*" || opaque(tag) == ours)
}

/// `If-Modified-Since`: not modified when the file is no newer than the date (HTTP dates
/// have whole seconds, like `Last-Modified`). An unreadable date is ignored, as HTTP says.
fn unmodified_since(headers: &HeaderMap, since: &HeaderValue) -> bool {
    let modified = headers
        .get(header::LAST_MODIFIED)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    let since = since
        .to_str()
        .ok()
        .and_then(|v| httpdate::parse_http_date(v).ok());
    match (modified, since) {
        (Some(modified), Some(since)) => seconds(modified) <= seconds(since),
        _ => false,
    }
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The 304 for `response`: its validators and cache headers, no body.
fn not_modified_response(response: Response) -> Response {
    let (mut parts, _body) = response.into_parts();
    parts.status = StatusCode::NOT_MODIFIED;
    for name in [
        header::CONTENT_LENGTH,
        header::CONTENT_TYPE,
        header::CONTENT_ENCODING,
        header::ACCEPT_RANGES,
    ] {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, Body::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_under_a_hash_directory_are_hashed() {
        assert!(is_hashed("/65440152/checkout-widget.js"));
        assert!(is_hashed("/0feff681/i18n/de.json"));
        for path in [
            "/embed.js",
            "/",
            "/index.html",
            "/65440152/",
            "/65440152",
            "/6544015/x.js",
            "/654401520/x.js",
            "/6544015G/x.js",
            "/ABCDEF12/x.js",
            "/examples/two.html",
        ] {
            assert!(!is_hashed(path), "{path}");
        }
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        let ours = HeaderValue::from_static("W/\"10-5-br\"");
        for wanted in ["W/\"10-5-br\"", "\"10-5-br\"", "\"x\", W/\"10-5-br\"", "*"] {
            assert!(
                etag_matches(&HeaderValue::from_static(wanted), &ours),
                "{wanted}"
            );
        }
        for wanted in ["W/\"10-5-gzip\"", "W/\"10-5-identity\"", "\"\""] {
            assert!(
                !etag_matches(&HeaderValue::from_static(wanted), &ours),
                "{wanted}"
            );
        }
    }
}
