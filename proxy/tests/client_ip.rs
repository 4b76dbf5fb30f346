//! Which address the provider is told for 3-D Secure and fraud checks, over real HTTP: a
//! table of forwarding chains, honest and spoofed, sent through a trusted loopback "balancer",
//! each read back from what the emulator recorded. This binary installs its own log capture.

mod common;

use std::sync::OnceLock;

use checkout_proxy::client_ip::TrustedProxies;
use checkout_proxy::{Config, RunningServer};
use common::*;

fn capture() -> &'static LogCapture {
    static CAPTURE: OnceLock<LogCapture> = OnceLock::new();
    CAPTURE.get_or_init(LogCapture::install)
}

async fn server(trusted: &str, header: Option<&str>) -> RunningServer {
    capture();
    let mut config = Config::sandbox("127.0.0.1:0".parse().unwrap());
    config.trusted_proxies = TrustedProxies::parse(Some(trusted), header).unwrap();
    RunningServer::start(config).await.unwrap()
}

/// Pays a fresh invoice with `headers` added and returns the address the emulator received.
async fn address_seen(server: &RunningServer, headers: &[(&str, &str)]) -> String {
    let invoice = new_invoice(server, "3.00", "EUR").await;
    let mut request = client()
        .post(format!(
            "{}/checkout/invoices/{invoice}/authorize",
            server.url()
        ))
        .header("Idempotency-Key", "ip")
        .json(&serde_json::json!({ "source": "tok_test4242424242424242", "device": device() }));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let (status, body) = status_and_json(request.send().await.unwrap()).await;
    assert_eq!(status, 200, "{headers:?}: {body}");
    let invoice = sandbox_get(server, &format!("/invoices/{invoice}")).await;
    invoice["invoice"]["device"]["ip_address"]
        .as_str()
        .unwrap()
        .to_string()
}

const XFF: &str = "X-Forwarded-For";

#[tokio::test]
async fn spoofing_attempts_through_a_trusted_balancer() {
    // The balancer is this machine (127.0.0.1); 10.0.0.0/8 are inner trusted proxies.
    let server = server("127.0.0.1, 10.0.0.0/8", None).await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[], "127.0.0.1"),
        (&[(XFF, "203.0.113.7")], "203.0.113.7"),
        // The client prepends fake hops; the balancer appends the real address.
        (&[(XFF, "6.6.6.6, 203.0.113.7")], "203.0.113.7"),
        (&[(XFF, "10.1.1.1, 203.0.113.7")], "203.0.113.7"),
        // A client's own header line comes first, the balancer's last.
        (&[(XFF, "6.6.6.6"), (XFF, "203.0.113.7")], "203.0.113.7"),
        // Trusted inner proxies are stepped over; ports and brackets are read.
        (
            &[(XFF, "6.6.6.6, 203.0.113.7:4711, 10.0.0.2")],
            "203.0.113.7",
        ),
        (&[(XFF, "6.6.6.6, [2001:db8::7]:4711")], "2001:db8::7"),
        (&[(XFF, "::ffff:203.0.113.9")], "203.0.113.9"),
        // What cannot be read stops the walk at the balancer instead of being skipped over.
        (&[(XFF, "6.6.6.6, unknown")], "127.0.0.1"),
        (&[(XFF, "6.6.6.6, not-an-ip, 10.0.0.2")], "127.0.0.1"),
        (&[(XFF, "6.6.6.6"), (XFF, "_hidden")], "127.0.0.1"),
        // The edge of the trusted /8: 11.0.0.0 is a client.
        (&[(XFF, "6.6.6.6, 11.0.0.0, 10.255.255.255")], "11.0.0.0"),
        // Not the configured header: whatever the client sent, ignored.
        (&[("Forwarded", "for=6.6.6.6")], "127.0.0.1"),
    ];
    for (headers, expected) in cases {
        assert_eq!(
            address_seen(&server, headers).await,
            *expected,
            "{headers:?}"
        );
    }
}

#[tokio::test]
async fn the_forwarded_header_when_configured() {
    let server = server("127.0.0.1", Some("forwarded")).await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("Forwarded", "for=6.6.6.6, for=203.0.113.7;proto=https")],
            "203.0.113.7",
        ),
        (
            &[("Forwarded", r#"for="[2001:db8::7]:4711""#)],
            "2001:db8::7",
        ),
        (&[("Forwarded", "for=6.6.6.6, for=unknown")], "127.0.0.1"),
        (&[("Forwarded", "for=6.6.6.6, for=_hidden")], "127.0.0.1"),
        // X-Forwarded-For is then the client's own: ignored.
        (&[(XFF, "6.6.6.6")], "127.0.0.1"),
    ];
    for (headers, expected) in cases {
        assert_eq!(
            address_seen(&server, headers).await,
            *expected,
            "{headers:?}"
        );
    }
}

#[tokio::test]
async fn forwarding_headers_without_trusted_proxies_warn_once() {
    let capture = capture();
    let server = server("", None).await;
    for xff in ["203.0.113.7", "203.0.113.8"] {
        assert_eq!(address_seen(&server, &[(XFF, xff)]).await, "127.0.0.1");
    }
    let response = client()
        .get(format!(
            "{}/checkout/invoices/iv_demoAmazingItemAUD",
            server.url()
        ))
        .header("Forwarded", "for=203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let logs = capture.text();
    let warnings: Vec<&str> = logs
        .lines()
        .filter(|line| line.contains("CHECKOUT_TRUSTED_PROXIES is not set"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("WARN"), "{}", warnings[0]);
    assert!(
        warnings[0].contains("shares one rate-limit bucket"),
        "{}",
        warnings[0]
    );
}
