//! Static files (the built widget and the demo page) with strict security headers.

use std::path::Path;

use axum::http::{header, HeaderName, HeaderValue};
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

/// Serves `dir` at `/`, every response carrying the security headers.
pub fn routes(dir: &Path) -> Router {
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-cache"),
        // Pages of other origins cannot reach this window, except popups it opens itself
        // (a payment step may need one); the widget checks every message's origin and
        // source anyway.
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin-allow-popups",
        ),
    ];
    let mut router = Router::new().fallback_service(ServeDir::new(dir));
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
}
