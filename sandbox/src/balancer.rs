//! "A load balancer in front of the proxy", for the widget's end-to-end tests: an axum
//! middleware the proxy adds to its `/checkout` routes in sandbox mode. For the next N
//! `POST .../invoices/{id}/authorize` requests (armed with `{"balancer": {"mode": ..., "count":
//! N}}` at `POST /sandbox/_faults`), the proxy handles the request as usual, so the payment
//! really happens, and the answer the browser gets is then replaced by a 503 HTML page or by
//! a 200 that is not JSON: the widget must treat both as "outcome unknown".

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;

use super::faults::BalancerMode;
use super::Sandbox;

/// The error page a balancer shows when its backend did not answer in time.
pub const HTML_503: &str = "<html><head><title>503 Service Unavailable</title></head><body>\
<h1>503 Service Unavailable</h1><p>No server is available to handle this request.</p>\
</body></html>";

/// What a balancer that mangled the proxy's answer sends with a 200.
pub const GARBAGE_200: &str = "OK <not JSON: the balancer replaced this answer>";

impl Sandbox {
    /// `router` behind the fault-injected balancer, sharing this sandbox's fault store.
    pub fn behind_balancer(&self, router: Router) -> Router {
        router.layer(middleware::from_fn_with_state(self.clone(), balance))
    }
}

/// Runs the request, then replaces the answer when a balancer fault is armed.
async fn balance(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    // A nested router sees the path with or without its prefix: only its end is checked.
    let is_authorize = request.method() == Method::POST
        && request.uri().path().ends_with("/authorize")
        && request.uri().path().contains("/invoices/");
    let fault = if is_authorize {
        sandbox.inner.faults.take_balancer()
    } else {
        None
    };
    let response = next.run(request).await;
    let Some(mode) = fault else {
        return response;
    };
    tracing::warn!(
        ?mode,
        status = response.status().as_u16(),
        "sandbox balancer replaced the proxy's answer (fault injection)"
    );
    let (status, content_type, body) = match mode {
        BalancerMode::Html503 => (
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            HTML_503,
        ),
        BalancerMode::Garbage200 => (StatusCode::OK, "application/json", GARBAGE_200),
    };
    let mut replaced = Response::new(Body::from(body));
    *replaced.status_mut() = status;
    replaced
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    replaced
}
