//! `CHECKOUT_MODE` over the real binary, started as a merchant would with nothing else in its
//! environment: no mode, an incomplete live configuration, live credentials in sandbox mode
//! and a clear-text provider URL in live mode each stop it with a non-zero exit and one line
//! naming what to set; a good configuration answers `/healthz` with its mode and provider.
//! Runs with and without the `sandbox` feature (a production build refuses sandbox mode).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The binary cargo built for this test, or `CHECKOUT_PROXY_BIN` (a private copy, for when
/// several checkouts share one target directory and may overwrite the uplifted binary).
fn binary() -> String {
    std::env::var("CHECKOUT_PROXY_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_checkout-proxy").to_string())
}

const PROVIDERS: [&str; 3] = ["processout", "invoiss", "orders"];

/// The binary with exactly `vars` in its environment, listening on a free port.
fn spawn(vars: &[(&str, &str)]) -> Child {
    Command::new(binary())
        .env_clear()
        .env("CHECKOUT_LISTEN", "127.0.0.1:0")
        .env("NO_COLOR", "1")
        .envs(vars.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Starts the binary with `vars`, expects it to stop by itself: its exit code and stderr.
fn refused(vars: &[(&str, &str)]) -> (i32, String) {
    let mut child = spawn(vars);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the proxy started with {vars:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status.code().unwrap_or(-1), stderr)
}

/// A live configuration of `provider` with every credential, the provider on loopback.
fn live_vars(provider: &'static str) -> Vec<(&'static str, &'static str)> {
    let url = "http://127.0.0.1:9";
    let mut vars = vec![("CHECKOUT_MODE", "live"), ("CHECKOUT_PROVIDER", provider)];
    vars.extend(match provider {
        "processout" => vec![
            ("PROCESSOUT_PROJECT_ID", "proj_live"),
            ("PROCESSOUT_PRIVATE_KEY", "key_live_secret"),
            ("PROCESSOUT_API_URL", url),
        ],
        "invoiss" => vec![
            ("INVOISS_TOKEN", "invoiss_live_secret"),
            ("INVOISS_COMPANY_ID", "comp_live"),
            ("INVOISS_GATEWAY_ID", "gateway_live"),
            ("INVOISS_API_URL", url),
        ],
        _ => vec![
            ("ORDERS_API_TOKEN", "orders_live_secret"),
            ("ORDERS_API_URL", url),
        ],
    });
    vars
}

/// The one line a refusal prints, checked to be one line.
fn one_line(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    lines[0]
}

#[test]
fn without_a_mode_the_proxy_refuses_to_start() {
    for vars in [
        vec![],
        // Complete live credentials do not make a mode either.
        live_vars("processout")[1..].to_vec(),
        vec![("CHECKOUT_MODE", "prod")],
    ] {
        let (code, stderr) = refused(&vars);
        assert_eq!(code, 2, "{stderr}");
        assert!(one_line(&stderr).contains("CHECKOUT_MODE"), "{stderr}");
    }
    let (_, stderr) = refused(&[]);
    assert!(stderr.contains("CHECKOUT_MODE=sandbox"), "{stderr}");
    assert!(stderr.contains("CHECKOUT_MODE=live"), "{stderr}");
}

#[test]
fn live_mode_refuses_each_missing_credential_by_name() {
    let mut checked = 0;
    for provider in PROVIDERS {
        let all = live_vars(provider);
        for (missing, _) in all.iter().filter(|(k, _)| !k.starts_with("CHECKOUT_")) {
            if missing.ends_with("_API_URL") && *missing != "ORDERS_API_URL" {
                continue; // ProcessOut and Invoiss have a default API URL
            }
            let vars: Vec<_> = all.iter().filter(|(k, _)| k != missing).copied().collect();
            let (code, stderr) = refused(&vars);
            assert_eq!(code, 2, "{provider} without {missing}: {stderr}");
            let line = one_line(&stderr);
            assert!(line.contains(&format!("missing: {missing}")), "{line}");
            // Naming a variable never shows another's secret value.
            assert!(!line.contains("secret"), "{line}");
            checked += 1;
        }
    }
    assert_eq!(checked, 2 + 3 + 2);
}

#[test]
fn sandbox_mode_refuses_live_credentials() {
    for provider in PROVIDERS {
        for (name, value) in live_vars(provider) {
            if name.starts_with("CHECKOUT_") || name.ends_with("_API_URL") {
                continue;
            }
            let (code, stderr) = refused(&[
                ("CHECKOUT_MODE", "sandbox"),
                ("CHECKOUT_PROVIDER", "processout"),
                (name, value),
            ]);
            assert_eq!(code, 2, "{stderr}");
            let line = one_line(&stderr);
            assert!(line.contains(&format!("{name} is set")), "{line}");
            assert!(!line.contains(value), "{line}");
        }
    }
}

/// Live mode talks to a provider in clear text only on loopback: anything else refuses to
/// start (proxy/src/upstream.rs `check_live_url`), naming the variable.
#[test]
fn live_mode_refuses_a_clear_text_provider_url() {
    for (provider, variable) in [
        ("processout", "PROCESSOUT_API_URL"),
        ("invoiss", "INVOISS_API_URL"),
        ("orders", "ORDERS_API_URL"),
    ] {
        let mut vars = live_vars(provider);
        for (name, value) in vars.iter_mut() {
            if *name == variable {
                *value = "http://api.provider.example/v1";
            }
        }
        let (code, stderr) = refused(&vars);
        assert_ne!(code, 0, "{stderr}");
        let line = one_line(&stderr);
        assert!(line.contains(variable), "{line}");
        assert!(line.contains("https://"), "{line}");
    }
}

/// A started proxy: killed when the test ends.
struct Running {
    child: Child,
    url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary with `vars` and waits for its "listening on" line.
fn start(vars: &[(&str, &str)]) -> Running {
    let mut child = spawn(vars);
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = loop {
        let Some(Ok(line)) = lines.next() else {
            let status = child.wait().unwrap();
            panic!("the proxy stopped ({status}) with {vars:?}");
        };
        if let Some((_, rest)) = line.split_once("listening on ") {
            let end = rest.find(|c: char| c.is_whitespace() || c == '\x1b');
            break rest[..end.unwrap_or(rest.len())].to_string();
        }
    };
    // Keep draining its log so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Running { child, url }
}

async fn health(running: &Running) -> Value {
    let response = reqwest::get(format!("{}/healthz", running.url))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_live_proxy_says_so_on_healthz() {
    for provider in PROVIDERS {
        let running = start(&live_vars(provider));
        let health = health(&running).await;
        assert_eq!(
            health,
            serde_json::json!({"status": "ok", "mode": "live", "provider": provider})
        );
    }
}

#[cfg(feature = "sandbox")]
#[tokio::test]
async fn a_sandbox_proxy_says_so_on_healthz() {
    for provider in PROVIDERS {
        let running = start(&[
            ("CHECKOUT_MODE", "sandbox"),
            ("CHECKOUT_PROVIDER", provider),
        ]);
        let health = health(&running).await;
        assert_eq!(
            health,
            serde_json::json!({"status": "ok", "mode": "sandbox", "provider": provider})
        );
    }
}

/// The production build has no sandbox to serve: sandbox mode stops it, saying how to
/// configure live mode instead.
#[cfg(not(feature = "sandbox"))]
#[test]
fn a_production_build_refuses_sandbox_mode() {
    let (code, stderr) = refused(&[("CHECKOUT_MODE", "sandbox")]);
    assert_ne!(code, 0, "{stderr}");
    let line = one_line(&stderr);
    assert!(line.contains("built without the sandbox"), "{line}");
    assert!(line.contains("PROCESSOUT_PRIVATE_KEY"), "{line}");
}
