//! checkout-proxy: the merchant's backend for the checkout widget.
//!
//! It holds the payment provider's credentials, forwards the widget's calls to the provider
//! chosen by `CHECKOUT_PROVIDER` (ProcessOut, Invoiss or an orders payment API; see
//! [`provider`]) or, when built with the `sandbox` feature (the default), to the sandbox it
//! carries (crate checkout-sandbox), over real HTTP, and returns only what a customer may
//! see. A production build (`--no-default-features`) has no emulator code at all.

#![deny(missing_docs)]

pub mod api_error;
pub mod client_ip;
pub mod config;
pub mod device;
pub mod logging;
pub mod provider;
pub mod rate_limit;
pub mod routes;
pub mod statics;
pub mod upstream;

/// The secret type and masking live in checkout-core, shared with the sandbox; re-exported so
/// `crate::secret::...` paths keep working.
pub use checkout_core::secret;
/// The embedded sandbox (crate checkout-sandbox), only in builds with the `sandbox` feature.
#[cfg(feature = "sandbox")]
pub use checkout_sandbox as sandbox;

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use config::{Config, Mode, ProviderKind};

use crate::provider::Configured;

/// Largest request body the proxy reads; widget requests are a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 8 * 1024;

/// Shared state of the request handlers.
#[derive(Clone)]
pub struct AppState {
    /// The payment provider's adapter (or the sandbox's emulator of it).
    pub provider: Configured,
    /// Proxies whose forwarding header is believed.
    pub trusted_proxies: Arc<client_ip::TrustedProxies>,
    /// Per-client limit on authorize (and any other non-GET) calls; per-instance state.
    pub authorize_limiter: Arc<rate_limit::RateLimiter>,
    /// Per-client limit on reads (GETs); per-instance state.
    pub read_limiter: Arc<rate_limit::RateLimiter>,
    /// One overall deadline for all the upstream calls of one widget request
    /// (`CHECKOUT_UPSTREAM_TIMEOUT_MS`).
    pub upstream_deadline: Duration,
}

/// A server that failed to start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Builds the whole application for a server reachable at `addr` and, when it has a second
/// listener for the widget's files (`CHECKOUT_ASSETS_LISTEN`), at `assets_addr` too: both
/// serve this same router. `/checkout` is [`router`]'s API; around it `/healthz`, the
/// embedded sandbox at `/sandbox` in sandbox mode, and the static files.
pub fn app(
    config: &Config,
    addr: SocketAddr,
    assets_addr: Option<SocketAddr>,
) -> Result<Router, StartError> {
    refuse_missing_sandbox(config)?;
    #[allow(unused_mut)] // only the sandbox build changes it
    let mut checkout = checkout_api(config, Some(addr))?;
    #[cfg(feature = "sandbox")]
    let sandbox = (config.mode == Mode::Sandbox)
        .then(|| sandbox::Sandbox::new(&config.project_id, &config.private_key));
    // The tests' "load balancer in front of the proxy" shares the sandbox's fault store.
    #[cfg(feature = "sandbox")]
    if let Some(sandbox) = &sandbox {
        checkout = sandbox.behind_balancer(checkout);
    }
    let health = Health {
        status: "ok",
        mode: config.mode.as_str(),
        provider: config.provider.as_str(),
    };
    let mut router = Router::new()
        .route("/healthz", get(move || async move { Json(health) }))
        .nest("/checkout", checkout);
    #[cfg(feature = "sandbox")]
    if let Some(sandbox) = sandbox {
        router = router.nest("/sandbox", sandbox.routes());
    }
    if let Some(dir) = &config.static_dir {
        let assets_origin = assets_origin(config, assets_addr);
        let statics = statics::Statics {
            dir: dir.clone(),
            tokenize_origins: tokenize_origins(config, addr, assets_origin.as_deref())?,
            assets_origin,
        };
        router = router.merge(statics::routes(&statics).map_err(StartError)?);
    }
    Ok(router.layer(middleware::from_fn(log_request)))
}

/// The widget's API alone (what [`app`] serves under `/checkout`), for a Rust merchant to
/// mount in their own axum app: `merchant_app.nest("/checkout", router(&config)?)`.
///
/// It carries what the proxy's own server does around those routes: CORS
/// (`allowed_origins`), compression, a log line and `X-Request-Id` per request, the
/// per-client rate limits, the body limit and the upstream deadline. No `/healthz`, no
/// `/sandbox`, no static files. Serve the merchant app with
/// `into_make_service_with_connect_info::<SocketAddr>()`: the rate limits key on the client's
/// address, and a request without it is answered 500.
///
/// Live mode works as in the proxy. Sandbox mode works only when the provider's URL
/// (`PROCESSOUT_API_URL`, `INVOISS_API_URL` or `ORDERS_API_URL`) points at a running sandbox,
/// such as another proxy's `/sandbox`: the embedded sandbox is reached over HTTP at the
/// server's own address, which a mounted router does not know. Without one this returns an
/// error saying so; as everywhere, the mode is never guessed.
///
/// ```no_run
/// # async fn shop() -> Result<(), Box<dyn std::error::Error>> {
/// let config = checkout_proxy::Config::from_env()?;
/// let app = axum::Router::new().nest("/checkout", checkout_proxy::router(&config)?);
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
/// let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
/// axum::serve(listener, service).await?;
/// # Ok(())
/// # }
/// ```
pub fn router(config: &Config) -> Result<Router, StartError> {
    refuse_missing_sandbox(config)?;
    Ok(checkout_api(config, None)?.layer(middleware::from_fn(log_request)))
}

/// The `/checkout` routes with their state and layers, shared by [`app`] and [`router`] (both
/// call [`refuse_missing_sandbox`] first). The request log is left to them: each wraps it
/// around everything it serves. `addr` is the server's own address, where sandbox mode finds
/// the embedded sandbox; `None` for a mounted router.
fn checkout_api(config: &Config, addr: Option<SocketAddr>) -> Result<Router, StartError> {
    let provider = Configured::from_config(config, addr)?;
    let state = AppState {
        provider,
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        authorize_limiter: Arc::new(rate_limit::RateLimiter::new(
            config.authorize_rate_per_minute,
        )),
        read_limiter: Arc::new(rate_limit::RateLimiter::new(config.read_rate_per_minute)),
        upstream_deadline: config.upstream_timeout,
    };
    Ok(routes::routes()
        .with_state(state)
        .layer(cors(&config.allowed_origins)?)
        // JSON answers in brotli or gzip for clients that ask (none is streamed; bodies under
        // 32 B stay as they are); quality 4 costs well under a millisecond per answer.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4))))
}

/// The origin the pages name for the widget's files: `CHECKOUT_ASSETS_ORIGIN`, else the
/// second listener's own address, else none (the pages' own origin).
pub fn assets_origin(config: &Config, assets_addr: Option<SocketAddr>) -> Option<String> {
    config
        .assets_origin
        .clone()
        .or_else(|| assets_addr.map(|addr| format!("http://{addr}")))
}

/// Where the card frame may post the card (its `connect-src`). Live mode: the origin of the
/// ProcessOut API, which tokenizes cards (`PROCESSOUT_API_URL`, default
/// `https://api.processout.com`). Sandbox mode: the sandbox is this server's own `/sandbox`,
/// reached at whichever origin of this server the page uses, so both (and the ProcessOut URL
/// when one is configured: another instance's sandbox).
fn tokenize_origins(
    config: &Config,
    addr: SocketAddr,
    assets_origin: Option<&str>,
) -> Result<Vec<String>, StartError> {
    let api_origin = |url: &str| {
        url::Url::parse(url)
            .ok()
            .map(|u| u.origin())
            .filter(|o| o.is_tuple())
            .map(|o| o.ascii_serialization())
            .ok_or_else(|| StartError(format!("PROCESSOUT_API_URL has no origin: {url:?}")))
    };
    let origins = match config.mode {
        Mode::Live => vec![api_origin(
            config.api_url.as_deref().unwrap_or(config::DEFAULT_API_URL),
        )?],
        Mode::Sandbox => {
            let mut origins = vec![format!("http://{addr}")];
            let configured = config.api_url.as_deref().map(api_origin).transpose()?;
            for origin in assets_origin
                .map(str::to_string)
                .into_iter()
                .chain(configured)
            {
                if !origins.contains(&origin) {
                    origins.push(origin);
                }
            }
            origins
        }
    };
    Ok(origins)
}

/// `GET /healthz`: up, and in which mode against which provider, so a monitor (or a person)
/// sees at once that a production instance is not in sandbox mode.
#[derive(Clone, Copy, serde::Serialize)]
struct Health {
    status: &'static str,
    mode: &'static str,
    provider: &'static str,
}

/// Sandbox mode needs the emulator this build may not carry: without it the proxy would
/// send payments to a `/sandbox` that does not exist, so it refuses to start instead.
fn refuse_missing_sandbox(config: &Config) -> Result<(), StartError> {
    if cfg!(feature = "sandbox") || config.mode == Mode::Live {
        return Ok(());
    }
    Err(StartError(format!(
        "CHECKOUT_MODE=sandbox but this proxy was built without the sandbox (cargo feature \
         `sandbox`): set CHECKOUT_MODE=live with {}, or build with the default features for \
         the demo sandbox",
        config.provider.live_vars().join(", ")
    )))
}

/// CORS for `/checkout`: only the configured origins get `Access-Control-Allow-Origin`;
/// any other origin's request carries no CORS header, so its browser refuses the answer.
fn cors(origins: &[String]) -> Result<CorsLayer, StartError> {
    let origins = origins
        .iter()
        .map(|o| {
            HeaderValue::from_str(o)
                .map_err(|_| StartError(format!("CHECKOUT_ALLOWED_ORIGINS: bad origin {o:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .max_age(Duration::from_secs(600)))
}

/// A fresh request id: `req_` and 16 hex digits (64 bits) from the OS CSPRNG, so ids from
/// several instances (or restarts) behind one balancer do not collide, and an id says
/// nothing about how many requests an instance served.
pub fn new_request_id() -> String {
    let mut bytes = [0u8; 8];
    if getrandom::getrandom(&mut bytes).is_err() {
        // Not expected on any supported OS. The id only correlates log lines, so the
        // OS-seeded hasher over the clock is good enough, and better than failing the request.
        use std::hash::{BuildHasher, Hasher};
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(nanos);
        bytes = hasher.finish().to_le_bytes();
    }
    format!("req_{:016x}", u64::from_le_bytes(bytes))
}

/// `path` with its payment source segments (`tok_...`, `card_...`: a saved card's token is
/// in the sandbox's customer token paths) masked like every token the proxy logs.
fn masked_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with("tok_") || segment.starts_with("card_") {
                crate::secret::mask(segment)
            } else {
                segment.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// One structured log line per request, with a request id also returned as `X-Request-Id`.
/// Only the path is logged: query strings and bodies may carry tokens. Under a nest (a
/// merchant's `/checkout`) it is the path the client asked for, not the nested rest.
async fn log_request(request: Request, next: Next) -> Response {
    let id = new_request_id();
    let method = request.method().clone();
    let path = match request.extensions().get::<OriginalUri>() {
        Some(OriginalUri(uri)) => masked_path(uri.path()),
        None => masked_path(request.uri().path()),
    };
    let started = Instant::now();
    let mut response = next.run(request).await;
    let status = response.status().as_u16();
    let micros = started.elapsed().as_micros() as u64;
    tracing::info!(request_id = %id, %method, %path, status, micros, "request");
    if let Ok(value) = axum::http::HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// One bound listener and its address.
struct Listener {
    socket: tokio::net::TcpListener,
    addr: SocketAddr,
}

async fn listen(addr: SocketAddr) -> Result<Listener, StartError> {
    let socket = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| StartError(format!("cannot listen on {addr}: {e}")))?;
    let addr = socket
        .local_addr()
        .map_err(|e| StartError(format!("no local address: {e}")))?;
    Ok(Listener { socket, addr })
}

/// The bound listeners (the main one, and the widget files' one when configured) and the app.
struct Bound {
    main: Listener,
    assets: Option<Listener>,
    router: Router,
}

/// Binds the listeners first, because the app needs their addresses: in sandbox mode the
/// proxy reaches the sandbox over HTTP at `http://{addr}/sandbox`, and the pages name the
/// second listener's origin.
async fn bind(config: &Config) -> Result<Bound, StartError> {
    let main = listen(config.listen).await?;
    let assets = match config.assets_listen {
        Some(addr) => Some(listen(addr).await?),
        None => None,
    };
    let router = app(config, main.addr, assets.as_ref().map(|l| l.addr))?;
    Ok(Bound {
        main,
        assets,
        router,
    })
}

/// A running server, for tests and embedding: its addresses and the tasks serving them.
pub struct RunningServer {
    /// The bound address (useful with port 0).
    pub addr: SocketAddr,
    /// The bound address of the second listener (`CHECKOUT_ASSETS_LISTEN`), which serves the
    /// same router; `None` without one.
    pub assets_addr: Option<SocketAddr>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl RunningServer {
    /// Binds and starts serving in the background.
    pub async fn start(config: Config) -> Result<Self, StartError> {
        let Bound {
            main,
            assets,
            router,
        } = bind(&config).await?;
        let (addr, assets_addr) = (main.addr, assets.as_ref().map(|l| l.addr));
        let tasks = std::iter::once(main)
            .chain(assets)
            .map(|listener| {
                let service = router
                    .clone()
                    .into_make_service_with_connect_info::<SocketAddr>();
                tokio::spawn(async move {
                    if let Err(err) = axum::serve(listener.socket, service).await {
                        tracing::error!(%err, "server stopped");
                    }
                })
            })
            .collect();
        Ok(Self {
            addr,
            assets_addr,
            tasks,
        })
    }

    /// The server's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The second listener's base URL, e.g. `http://127.0.0.1:41235`, if there is one.
    pub fn assets_url(&self) -> Option<String> {
        self.assets_addr.map(|addr| format!("http://{addr}"))
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Runs the proxy until `shutdown` completes.
pub async fn serve(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let Bound {
        main,
        assets,
        router,
    } = bind(&config).await?;
    let addr = main.addr;
    let provider = config.provider.as_str();
    match (config.mode, config.provider) {
        (Mode::Sandbox, ProviderKind::ProcessOut) => tracing::warn!(
            provider,
            "SANDBOX MODE (CHECKOUT_MODE=sandbox): payments go to the embedded sandbox at \
             http://{addr}/sandbox and no money moves"
        ),
        (Mode::Sandbox, _) => tracing::warn!(
            provider,
            "SANDBOX MODE (CHECKOUT_MODE=sandbox): payments go to the embedded {provider} \
             emulator at http://{addr}/sandbox/{provider} and no money moves"
        ),
        (Mode::Live, ProviderKind::ProcessOut) => {
            tracing::info!(provider, project_id = %config.project_id, "live mode")
        }
        (Mode::Live, _) => tracing::info!(provider, "live mode"),
    }
    if let Some(dir) = &config.static_dir {
        tracing::info!(dir = %dir.display(), "serving static files");
    }
    tracing::info!("checkout-proxy listening on http://{addr}");
    if let Some(assets) = &assets {
        let origin = assets_origin(&config, Some(assets.addr)).unwrap_or_default();
        tracing::info!(
            origin,
            "checkout-proxy also listening on http://{} (CHECKOUT_ASSETS_LISTEN): the same \
             routes; the pages load the widget's files from {origin}",
            assets.addr
        );
    } else if let Some(origin) = &config.assets_origin {
        tracing::info!(origin, "the pages load the widget's files from {origin}");
    }
    // One shutdown for both listeners: the signal is watched, each server waits for it.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop.send(true);
    });
    let until_stopped = |mut stopped: tokio::sync::watch::Receiver<bool>| async move {
        // An error means the sender is gone, which happens only after it sent: stop too.
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    let server = |listener: Listener| {
        let service = router
            .clone()
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener.socket, service)
            .with_graceful_shutdown(until_stopped(stopped.clone()))
            .into_future()
    };
    let result = match assets {
        Some(assets) => tokio::try_join!(server(main), server(assets)).map(|_| ()),
        None => server(main).await,
    };
    result.map_err(|e| StartError(format!("server error: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A build without the sandbox refuses sandbox mode by name instead of mounting nothing.
    #[test]
    fn sandbox_mode_needs_the_sandbox_feature() {
        let config = Config::sandbox(SocketAddr::from(([127, 0, 0, 1], 0)));
        let result = app(&config, SocketAddr::from(([127, 0, 0, 1], 1)), None);
        if cfg!(feature = "sandbox") {
            assert!(result.is_ok());
        } else {
            let message = result.err().map(|e| e.0).unwrap_or_default();
            assert!(message.contains("built without the sandbox"), "{message}");
            assert!(message.contains("CHECKOUT_MODE=live"), "{message}");
            assert!(message.contains("PROCESSOUT_PROJECT_ID"), "{message}");
        }
    }

    /// A mounted router has no embedded sandbox: sandbox mode needs the provider's URL, named
    /// in the refusal; a build without the sandbox refuses sandbox mode even with one.
    #[test]
    fn a_mounted_router_in_sandbox_mode_needs_a_sandbox_url() {
        let listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let refusal = |config: &Config| router(config).err().map(|e| e.0).unwrap_or_default();
        for (provider, variable) in [
            (ProviderKind::ProcessOut, "PROCESSOUT_API_URL"),
            (ProviderKind::Invoiss, "INVOISS_API_URL"),
            (ProviderKind::Orders, "ORDERS_API_URL"),
        ] {
            let mut config = Config::sandbox_with(listen, provider);
            let message = refusal(&config);
            let url = Some("http://127.0.0.1:1/sandbox".to_string());
            config.api_url = url.clone();
            config.invoiss.api_url = url.clone();
            config.orders.api_url = url;
            if cfg!(feature = "sandbox") {
                assert!(message.contains(variable), "{message}");
                assert!(message.contains("CHECKOUT_MODE=live"), "{message}");
                assert!(router(&config).is_ok());
            } else {
                assert!(message.contains("built without the sandbox"), "{message}");
                let message = refusal(&config);
                assert!(message.contains("built without the sandbox"), "{message}");
            }
        }
    }
}
