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
//!
//! The widget's files may come from another origin than the pages (`CHECKOUT_ASSETS_ORIGIN`,
//! or the second listener `CHECKOUT_ASSETS_LISTEN`), so that the card frame is isolated from
//! the merchant's page. Pages name that origin with the token [`ASSETS_TOKEN`], replaced
//! here when an HTML file is served; every file is readable cross-origin (`*`, as from a
//! CDN), and the card frame ([`CARD_FRAME_FILE`]) gets a policy of its own.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;

/// What an HTML file writes where the widget's files are: replaced, in every page served,
/// with the assets origin (`https://cdn.example`, no trailing slash), or with nothing when
/// the widget's files come from the page's own origin, so `__CHECKOUT_ASSETS__/embed.js` is
/// then `/embed.js`.
pub const ASSETS_TOKEN: &str = "__CHECKOUT_ASSETS__";

/// The file name of the card frame: a response for any path ending in it gets
/// [`card_frame_policy`] instead of the pages' policy.
pub const CARD_FRAME_FILE: &str = "card-frame.html";

/// `Cache-Control` of a file under a content-hashed directory: its content never changes.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of every other file: keep it, but ask (`If-None-Match`) before using it.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// Largest HTML file the token is replaced in; pages are a few kilobytes.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Content-Security-Policy of the served pages: no inline script or style anywhere; wasm
/// compilation is the only extra the widget needs. Trusted Types are enforced with no policy
/// allowed (`require-trusted-types-for 'script'; trusted-types 'none'`): the widget writes
/// no HTML from strings, so it runs on merchant pages that enforce them, and every browser
/// test of these pages would fail if it started to. `frame-src 'self'` admits the sandbox's
/// 3-D Secure pages; live mode would add the provider's origin there and nowhere else.
///
/// With an assets origin (the widget's files on another origin), that origin may serve the
/// scripts (embed.js, the glue, and the wasm it compiles), the stylesheet, images, what the
/// widget fetches (wasm, language packs) and the card frame: it is added to exactly
/// `script-src`, `style-src`, `img-src`, `connect-src` and `frame-src`, nothing else.
pub fn content_security_policy(assets_origin: Option<&str>) -> String {
    let extra = assets_origin.map(|o| format!(" {o}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{extra}; \
style-src 'self'{extra}; img-src 'self' data:{extra}; connect-src 'self'{extra}; \
frame-src 'self'{extra}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; \
object-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'"
    )
}

/// Content-Security-Policy of the card frame: its own files only, framed by any merchant page
/// (`frame-ancestors *`: the frame holds no secret the page could not see, and the card
/// number never leaves the frame but to the tokenizer), and `connect-src` limited to
/// `tokenize_origins`, the provider the card is posted to. That list is what stops a hostile
/// page from making the frame post a card to a URL of its choosing, so it must name origins
/// only: never `*`, `'self'` or a scheme, which this refuses.
pub fn card_frame_policy(tokenize_origins: &[String]) -> Result<String, String> {
    if tokenize_origins.is_empty() {
        return Err("the card frame needs the origin cards are tokenized at".into());
    }
    if let Some(bad) = tokenize_origins.iter().find(|o| !is_origin(o)) {
        return Err(format!(
            "the card frame's connect-src takes origins only (https://host[:port]), not {bad:?}"
        ));
    }
    Ok(format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; font-src 'self'; connect-src {}; frame-ancestors *; base-uri 'none'; \
form-action 'none'; object-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'",
        tokenize_origins.join(" ")
    ))
}

/// `http(s)://` then a host and an optional port, in the characters a serialized origin has:
/// no wildcard, quote, space, separator or path can slip into a policy through it.
fn is_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// What [`routes`] serves, and how.
#[derive(Debug, Clone)]
pub struct Statics {
    /// The directory served at `/` (`CHECKOUT_STATIC_DIR`).
    pub dir: PathBuf,
    /// The origin the pages name for the widget's files ([`ASSETS_TOKEN`]), if not their own.
    pub assets_origin: Option<String>,
    /// Where the card frame may send the card: the `connect-src` of [`card_frame_policy`].
    pub tokenize_origins: Vec<String>,
}

/// Per-server values the middleware reads.
struct Served {
    assets_origin: Vec<u8>,
    page_policy: HeaderValue,
    card_frame_policy: HeaderValue,
    /// When this server started: a substituted page may differ from its file since then
    /// (the origin is configuration), so its `Last-Modified` is never older.
    started: SystemTime,
}

/// Serves `statics.dir` at `/`, every response carrying the security headers and readable
/// from any origin; a browser that accepts brotli or gzip gets the `.br`/`.gz` companion of a
/// file when the build wrote one, and an HTML page, whose bytes depend on the configuration,
/// compressed on the fly. Fails when a policy cannot be written (an origin that is not one).
pub fn routes(statics: &Statics) -> Result<Router, String> {
    let header_value = |policy: String| {
        HeaderValue::from_str(&policy).map_err(|_| format!("not a header value: {policy:?}"))
    };
    let assets_origin = statics.assets_origin.as_deref();
    if let Some(bad) = assets_origin.filter(|o| !is_origin(o)) {
        return Err(format!("the assets origin is not an origin: {bad:?}"));
    }
    let served = Arc::new(Served {
        assets_origin: assets_origin.unwrap_or_default().as_bytes().to_vec(),
        page_policy: header_value(content_security_policy(assets_origin))?,
        card_frame_policy: header_value(card_frame_policy(&statics.tokenize_origins)?)?,
        started: SystemTime::now(),
    });
    let files = ServeDir::new(&statics.dir)
        .precompressed_br()
        .precompressed_gzip();
    // Only pages are compressed here: every other file has its precompressed companions, and
    // compressing it again on the fly would send bytes its ETag does not describe.
    let pages_only = DefaultPredicate::new().and(
        |_: StatusCode, _: axum::http::Version, headers: &HeaderMap, _: &axum::http::Extensions| {
            is_html(headers)
        },
    );
    Ok(Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(served.clone(), pages))
        .layer(middleware::from_fn(caching))
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(4))
                .compress_when(pages_only),
        )
        .layer(middleware::from_fn_with_state(served, security_headers)))
}

/// The headers of every static answer: the policy (the card frame's for the card frame),
/// `nosniff`, no referrer, COOP, and the cross-origin ones.
async fn security_headers(
    State(served): State<Arc<Served>>,
    request: Request,
    next: Next,
) -> Response {
    let card_frame = is_card_frame(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let policy = if card_frame {
        &served.card_frame_policy
    } else {
        &served.page_policy
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, policy.clone());
    // The card frame must be framable by merchant pages: `frame-ancestors *` says so, and an
    // X-Frame-Options (which browsers would also obey) must not contradict it.
    headers.remove(header::X_FRAME_OPTIONS);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // Pages of other origins cannot reach this window, except popups it opens itself (a
    // payment step may need one); the widget checks every message's origin and source anyway.
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin-allow-popups"),
    );
    // Public files, loaded by pages of other origins as module scripts, fetched (the wasm, the
    // language packs) and linked (the stylesheet), as from a CDN: readable by anyone. `*`
    // never varies with the request's Origin, so `Vary` stays `accept-encoding`, and it does
    // not allow credentials, which nothing here needs.
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
    response
}

/// True when the path names the card frame: its last segment is [`CARD_FRAME_FILE`], as
/// written (an encoded spelling gets the pages' policy, whose `frame-ancestors 'none'` only
/// keeps the frame from showing: it fails closed).
fn is_card_frame(path: &str) -> bool {
    path.rsplit('/').next() == Some(CARD_FRAME_FILE)
}

/// True for a request that would be answered with an HTML file: `*.html` (or `.htm`), or a
/// directory's `index.html`.
fn is_page_request(path: &str) -> bool {
    let last = path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    last.is_empty() || last.ends_with(".html") || last.ends_with(".htm")
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
}

/// HTML pages, with [`ASSETS_TOKEN`] replaced. The file is read whole, as identity (its
/// `.br`/`.gz` companions hold the token, not the origin, so they are not used) and in full
/// (a range of the file would not be a range of the page); the page's `ETag` is that of the
/// bytes sent, so a change of origin is a change of validator.
async fn pages(State(served): State<Arc<Served>>, mut request: Request, next: Next) -> Response {
    if !is_page_request(request.uri().path()) {
        return next.run(request).await;
    }
    let headers = request.headers_mut();
    for name in [header::ACCEPT_ENCODING, header::RANGE, header::IF_RANGE] {
        headers.remove(name);
    }
    // ServeDir answers HEAD without the body this needs; the server sends no body for HEAD.
    if request.method() == Method::HEAD {
        *request.method_mut() = Method::GET;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK
        || !is_html(response.headers())
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(file) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        tracing::error!(max = MAX_PAGE_BYTES, "a page is too large or unreadable");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let page = replace_all(&file, ASSETS_TOKEN.as_bytes(), &served.assets_origin);
    let substituted = page.as_slice() != file.as_ref();
    let headers = &mut parts.headers;
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(page.len()));
    // A Range on a page is answered with the whole page (above), so none is offered.
    headers.remove(header::ACCEPT_RANGES);
    if substituted {
        let modified = headers
            .get(header::LAST_MODIFIED)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .map_or(served.started, |m| m.max(served.started));
        if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(modified)) {
            headers.insert(header::LAST_MODIFIED, value);
        }
    }
    let tag = format!("W/\"{}-{:016x}\"", page.len(), fnv1a(&page));
    if let Ok(value) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, value);
    }
    Response::from_parts(parts, Body::from(page))
}

/// `haystack` with every `needle` replaced by `with` (byte strings: a page need not be UTF-8).
fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(with);
        rest = &rest[at + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// FNV-1a, 64 bits: a stable digest for a validator (not a security boundary), the same in
/// every build and instance, so instances behind one balancer agree on a page's `ETag`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
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
    // A page's validator was made from the bytes sent (`pages`); a file's from what ServeDir read.
    let Some(etag) = headers.get(header::ETAG).cloned().or_else(|| etag(headers)) else {
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
    fn the_token_is_replaced_everywhere_and_only_the_token() {
        let token = ASSETS_TOKEN.as_bytes();
        let page = b"<script src=\"__CHECKOUT_ASSETS__/embed.js\"></script>__CHECKOUT_ASSETS__/a __CHECKOUT_ASSETS";
        assert_eq!(
            replace_all(page, token, b"https://cdn.example"),
            b"<script src=\"https://cdn.example/embed.js\"></script>https://cdn.example/a __CHECKOUT_ASSETS"
        );
        assert_eq!(
            replace_all(page, token, b""),
            b"<script src=\"/embed.js\"></script>/a __CHECKOUT_ASSETS"
        );
        assert_eq!(replace_all(b"\xff\xfe", token, b"x"), b"\xff\xfe");
        assert_eq!(replace_all(b"", token, b"x"), b"");
    }

    #[test]
    fn pages_and_the_card_frame_are_told_by_their_path() {
        for page in [
            "/",
            "/index.html",
            "/examples/",
            "/examples/Two.HTML",
            "/a.htm",
        ] {
            assert!(is_page_request(page), "{page}");
        }
        for other in ["/embed.js", "/examples", "/x.html.br", "/i18n/de.json"] {
            assert!(!is_page_request(other), "{other}");
        }
        for frame in [
            "/card-frame.html",
            "/card-frame/card-frame.html",
            "/0123abcd/card-frame.html",
        ] {
            assert!(is_card_frame(frame), "{frame}");
        }
        for other in [
            "/card-frame/",
            "/card-frame.html/",
            "/my-card-frame.html",
            "/card-frame.htm",
        ] {
            assert!(!is_card_frame(other), "{other}");
        }
    }

    #[test]
    fn only_origins_go_into_a_policy() {
        for origin in [
            "https://cdn.example",
            "http://127.0.0.1:8081",
            "http://[::1]:8081",
        ] {
            assert!(is_origin(origin), "{origin}");
        }
        for bad in [
            "*",
            "'self'",
            "https:",
            "https://",
            "https://a/b",
            "https://*.a",
            "https://a b",
            "https://a;",
            "data:",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn without_an_assets_origin_the_page_policy_is_the_strict_one() {
        assert_eq!(
            content_security_policy(None),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; \
base-uri 'none'; form-action 'self'; object-src 'none'; require-trusted-types-for 'script'; \
trusted-types 'none'"
        );
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
