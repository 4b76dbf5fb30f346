//! A merchant's own axum app with the checkout API mounted at `/checkout`
//! ([`checkout_proxy::router`]). Configuration comes from the environment, as for the proxy:
//!
//! ```text
//! CHECKOUT_MODE=live PROCESSOUT_PROJECT_ID=... PROCESSOUT_PRIVATE_KEY=... \
//!   cargo run -p checkout-proxy --example mount -- 127.0.0.1:3000
//! ```
//!
//! It listens on the first argument, else on `CHECKOUT_LISTEN` (default 127.0.0.1:8080).
//! `proxy/tests/library.rs` runs [`merchant_app`] and [`serve`] against a real sandbox.

use std::net::SocketAddr;
use std::process::ExitCode;

use axum::routing::get;
use axum::Router;
use checkout_proxy::{Config, StartError};
use tokio::net::TcpListener;

/// The merchant's app: its own page at `/`, the widget's API under `/checkout`.
pub fn merchant_app(config: &Config) -> Result<Router, StartError> {
    Ok(Router::new()
        .route("/", get(|| async { "Welcome to the shop." }))
        .nest("/checkout", checkout_proxy::router(config)?))
}

/// Serves `app` on `listener`. With the peer's address (`ConnectInfo`): the checkout API's
/// rate limits key on it.
pub async fn serve(listener: TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

#[tokio::main]
async fn main() -> ExitCode {
    checkout_proxy::logging::init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("mount: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    let app = merchant_app(&config)?;
    let addr = match std::env::args().nth(1) {
        Some(arg) => arg.parse()?,
        None => config.listen,
    };
    let listener = TcpListener::bind(addr).await?;
    println!("shop on http://{}", listener.local_addr()?);
    serve(listener, app).await?;
    Ok(())
}
