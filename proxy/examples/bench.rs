//! Added latency of the proxy: get-invoice and authorize through `/checkout` versus directly
//! against `/sandbox`, at fixed request rates (open loop: requests start on schedule whether
//! or not earlier ones finished), on loopback. Run:
//! `cargo run --release -p checkout-proxy --example bench`

use std::time::{Duration, Instant};

use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
use checkout_proxy::{Config, RunningServer};
use serde_json::{json, Value};

const RATES: [u32; 2] = [200, 500];
const SECONDS: u64 = 5;

#[derive(Clone, Copy, PartialEq)]
enum Call {
    Invoice,
    Authorize,
}

fn device() -> Value {
    json!({"app_color_depth": 24, "app_java_enabled": false, "app_language": "en",
           "app_screen_height": 900, "app_screen_width": 1440, "app_timezone_offset": 0,
           "user_agent": "bench"})
}

async fn new_invoices(client: &reqwest::Client, base: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let body: Value = client
            .post(format!("{base}/sandbox/invoices"))
            .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
            .form(&[("name", "bench"), ("amount", "1.00"), ("currency", "EUR")])
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("create invoice")
            .json()
            .await
            .expect("invoice json");
        ids.push(
            body["invoice"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    ids
}

/// Fires `rate` requests per second for SECONDS; returns sorted latencies and elapsed time.
async fn run(
    client: &reqwest::Client,
    base: &str,
    call: Call,
    via_proxy: bool,
    rate: u32,
) -> (Vec<Duration>, Duration, usize) {
    let total = (rate as u64 * SECONDS) as usize;
    let invoices = if call == Call::Authorize {
        new_invoices(client, base, total).await
    } else {
        Vec::new()
    };
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for i in 0..total {
        let due = start + interval * i as u32;
        tokio::time::sleep_until(due.into()).await;
        let client = client.clone();
        let request = match (call, via_proxy) {
            (Call::Invoice, true) => {
                client.get(format!("{base}/checkout/invoices/iv_demoAmazingItemAUD"))
            }
            (Call::Invoice, false) => client
                .get(format!(
                    "{base}/sandbox/invoices/iv_demoAmazingItemAUD?expand[]=transaction"
                ))
                .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY)),
            (Call::Authorize, true) => client
                .post(format!(
                    "{base}/checkout/invoices/{}/authorize",
                    invoices[i]
                ))
                .header("Idempotency-Key", format!("bench-{i}"))
                .json(&json!({"source": "tok_test4242424242424242", "device": device()})),
            (Call::Authorize, false) => client
                .post(format!(
                    "{base}/sandbox/invoices/{}/authorize",
                    invoice(&invoices, i)
                ))
                .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
                .header("Idempotency-Key", format!("bench-{i}"))
                .json(
                    &json!({"source": "tok_test4242424242424242", "enable_three_d_s_2": true,
                              "device": device()}),
                ),
        };
        tasks.push(tokio::spawn(async move {
            // Timed from the moment the request leaves, not from its slot: the load stays
            // open-loop (requests go out on schedule whether or not earlier ones finished,
            // so server queueing still shows), but the generator's own timer lag, up to a
            // millisecond with tokio's timer wheel, does not land in either column.
            let sent = Instant::now();
            let ok = match request.send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            };
            (sent.elapsed(), ok)
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    let mut failures = 0;
    for task in tasks {
        if let Ok((latency, ok)) = task.await {
            latencies.push(latency);
            failures += usize::from(!ok);
        }
    }
    let elapsed = start.elapsed();
    latencies.sort();
    (latencies, elapsed, failures)
}

fn invoice(invoices: &[String], i: usize) -> &str {
    invoices.get(i).map(String::as_str).unwrap_or_default()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let mut config = Config::sandbox("127.0.0.1:0".parse().expect("address"));
    config.authorize_rate_per_minute = 0;
    config.read_rate_per_minute = 0;
    // The server gets its own runtime and threads, as it would as its own process, so the
    // load generator's work is not counted as latency the proxy added.
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let server = RunningServer::start(config).await.expect("server");
            let _ = url_tx.send(server.url());
            std::future::pending::<()>().await;
        });
    });
    let base = url_rx.recv().expect("server address");
    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    client_runtime.block_on(load(base));
}

async fn load(base: String) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .expect("client");
    // Warm up connections and code paths.
    let _ = run(&client, &base, Call::Invoice, true, 200).await;
    println!(
        "{:<10} {:>5} | {:>9} {:>9} | {:>9} {:>9} | {:>8} {:>8} | {:>7} | fail",
        "call", "rps", "dir p50", "dir p99", "prx p50", "prx p99", "add p50", "add p99", "thr"
    );
    for (name, call) in [("invoice", Call::Invoice), ("authorize", Call::Authorize)] {
        for rate in RATES {
            let (direct, d_time, d_fail) = run(&client, &base, call, false, rate).await;
            let (proxied, p_time, p_fail) = run(&client, &base, call, true, rate).await;
            let d_tput = direct.len() as f64 / d_time.as_secs_f64();
            let p_tput = proxied.len() as f64 / p_time.as_secs_f64();
            let (d50, d99) = (percentile(&direct, 0.5), percentile(&direct, 0.99));
            let (p50, p99) = (percentile(&proxied, 0.5), percentile(&proxied, 0.99));
            println!(
                "{name:<10} {rate:>5} | {:>8.3}ms {:>8.3}ms | {:>8.3}ms {:>8.3}ms | {:>7.3}ms {:>7.3}ms | {:>7.3} | {}",
                ms(d50), ms(d99), ms(p50), ms(p99),
                ms(p50) - ms(d50), ms(p99) - ms(d99),
                p_tput / d_tput,
                d_fail + p_fail,
            );
        }
    }
}
