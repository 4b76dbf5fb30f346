//! The widget's files from a second origin (issue 17), over real HTTP: the second listener
//! (`CHECKOUT_ASSETS_LISTEN`) serving the same router, pages naming the assets origin
//! (`__CHECKOUT_ASSETS__`) with validators of the bytes sent, static files readable
//! cross-origin and the API not, the pages' and the card frame's Content-Security-Policy, the
//! sandbox's tokenize route open to any origin, and the binary refusing a bad origin.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use checkout_proxy::config::{SANDBOX_PRIVATE_KEY, SANDBOX_PROJECT_ID};
use checkout_proxy::{Config, Mode, RunningServer};
use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_SECURITY_POLICY,
    ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, VARY,
};
use reqwest::{Method, Response};

const TOKEN: &str = "__CHECKOUT_ASSETS__";
const ACAO: &str = "access-control-allow-origin";
const CORP: &str = "cross-origin-resource-policy";

/// A page as the demo writes it: the entry and a preload hint named through the token, the
/// page's own script at its own origin.
const PAGE: &str = "<!doctype html><title>shop</title>\
<link rel=\"modulepreload\" href=\"__CHECKOUT_ASSETS__/0123abcd/checkout-widget.js\">\
<link rel=\"preload\" href=\"__CHECKOUT_ASSETS__/0123abcd/checkout-widget_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
<script type=\"module\" src=\"/demo.js\"></script>\
<script type=\"module\" src=\"__CHECKOUT_ASSETS__/embed.js\"></script>\n";

use common::files::{brotli, gzip, unbrotli, ungzip, TempDir};
use common::header;

/// A release dist/: pages (with .br/.gz companions that still hold the token, as the
/// release hook writes them), embed.js, a hashed file, and the card frame at two depths.
fn fixture() -> TempDir {
    let dir = TempDir::new("dist");
    let page = PAGE.repeat(4);
    for name in ["index.html", "examples/shadow.html"] {
        dir.write(name, page.as_bytes());
        dir.write(&format!("{name}.br"), &brotli(page.as_bytes()));
        dir.write(&format!("{name}.gz"), &gzip(page.as_bytes()));
    }
    let embed = "import init from './0123abcd/checkout-widget.js';\n".repeat(20);
    dir.write("embed.js", embed.as_bytes());
    dir.write("embed.js.br", &brotli(embed.as_bytes()));
    dir.write(
        "0123abcd/checkout-widget.js",
        b"export default function i(){}\n",
    );
    let frame =
        "<!doctype html><title>card</title><script type=\"module\" src=\"frame.js\"></script>\n";
    dir.write("card-frame.html", frame.as_bytes());
    dir.write("card-frame/card-frame.html", frame.as_bytes());
    dir
}

fn sandbox_config(dir: &Path) -> Config {
    let mut config = Config::sandbox("127.0.0.1:0".parse().unwrap());
    config.static_dir = Some(dir.to_path_buf());
    config
}

/// A sandbox proxy with the second listener on a free port.
async fn two_listeners(dir: &Path) -> RunningServer {
    let mut config = sandbox_config(dir);
    config.assets_listen = Some("127.0.0.1:0".parse().unwrap());
    common::start(config).await
}

async fn request(method: Method, url: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = common::client().request(method, url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

async fn get(url: &str, headers: &[(&str, &str)]) -> Response {
    request(Method::GET, url, headers).await
}

/// A Content-Security-Policy as directive name → its source list.
fn directives(policy: &str) -> BTreeMap<String, String> {
    policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let (name, sources) = d.split_once(' ').unwrap_or((d, ""));
            (name.to_string(), sources.trim().to_string())
        })
        .collect()
}

async fn page_text(response: Response) -> String {
    let encoding = header(&response, CONTENT_ENCODING);
    let body = response.bytes().await.unwrap();
    let bytes = match encoding.as_str() {
        "br" => unbrotli(&body),
        "gzip" => ungzip(&body),
        "" => body.to_vec(),
        other => panic!("unexpected encoding {other}"),
    };
    String::from_utf8(bytes).unwrap()
}

#[tokio::test]
async fn both_listeners_serve_the_same_routes_and_state() {
    let dir = fixture();
    let server = two_listeners(&dir.0).await;
    let assets = server.assets_url().unwrap();
    assert_ne!(assets, server.url());

    for base in [server.url(), assets.clone()] {
        let health = get(&format!("{base}/healthz"), &[]).await;
        assert_eq!(health.status(), 200, "{base}");
        let body: serde_json::Value = health.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert_eq!(body["mode"], "sandbox");

        let invoice = get(
            &format!("{base}/checkout/invoices/iv_demoAmazingItemAUD"),
            &[],
        )
        .await;
        assert_eq!(invoice.status(), 200, "{base}");
        let body: serde_json::Value = invoice.json().await.unwrap();
        assert_eq!(body["invoice"]["id"], "iv_demoAmazingItemAUD");

        let entry = get(&format!("{base}/embed.js"), &[]).await;
        assert_eq!(entry.status(), 200, "{base}");
    }

    // One application behind both: an invoice made through one is paid through the other.
    let invoice = common::new_invoice(&server, "12.00", "EUR").await;
    let card = common::tokenize(&server, "4242424242424242").await;
    let paid = common::client()
        .post(format!("{assets}/checkout/invoices/{invoice}/authorize"))
        .header("idempotency-key", "assets-1")
        .json(&serde_json::json!({"source": card, "device": common::device()}))
        .send()
        .await
        .unwrap();
    let (status, body) = common::status_and_json(paid).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["transaction"]["status"], "authorized");
}

#[tokio::test]
async fn pages_name_the_assets_origin_from_either_listener_in_every_encoding() {
    let dir = fixture();
    let server = two_listeners(&dir.0).await;
    let assets = server.assets_url().unwrap();
    let expected = PAGE.replace(TOKEN, &assets).repeat(4);
    assert!(expected.contains(&format!("src=\"{assets}/embed.js\"")));
    assert!(expected.contains(&format!("href=\"{assets}/0123abcd/checkout-widget.js\"")));

    for base in [server.url(), assets.clone()] {
        for path in ["/", "/index.html", "/examples/shadow.html"] {
            for encoding in ["br", "gzip", "identity"] {
                let page = get(
                    &format!("{base}{path}"),
                    &[(ACCEPT_ENCODING.as_str(), encoding)],
                )
                .await;
                assert_eq!(page.status(), 200, "{base}{path} {encoding}");
                assert!(header(&page, "content-type").starts_with("text/html"));
                assert_eq!(header(&page, CACHE_CONTROL), "no-cache");
                assert!(header(&page, VARY)
                    .to_ascii_lowercase()
                    .contains("accept-encoding"));
                let text = page_text(page).await;
                assert!(!text.contains(TOKEN), "{base}{path} {encoding}: {text}");
                assert_eq!(text, expected, "{base}{path} {encoding}");
            }
        }
    }

    // HEAD describes the page GET sends (its substituted length), with no body.
    let url = format!("{}/", server.url());
    let head = request(Method::HEAD, &url, &[]).await;
    assert_eq!(head.status(), 200);
    assert_eq!(header(&head, CONTENT_LENGTH), expected.len().to_string());
    let etag = header(&head, ETAG);
    assert!(head.bytes().await.unwrap().is_empty());
    assert_eq!(header(&get(&url, &[]).await, ETAG), etag);

    // A range of the file is not a range of the page: the whole page is sent.
    let ranged = get(&url, &[("range", "bytes=0-9")]).await;
    assert_eq!(ranged.status(), 200);
    assert_eq!(header(&ranged, "accept-ranges"), "");
    assert_eq!(page_text(ranged).await, expected);

    // Files that are not pages are sent as they are, token or not.
    dir.write("notes.txt", format!("{TOKEN}/x").as_bytes());
    let text = get(&format!("{}/notes.txt", server.url()), &[]).await;
    assert_eq!(text.text().await.unwrap(), format!("{TOKEN}/x"));
}

#[tokio::test]
async fn without_an_assets_origin_pages_name_their_own() {
    let dir = fixture();
    let server = common::start(sandbox_config(&dir.0)).await;
    assert_eq!(server.assets_addr, None);
    assert_eq!(server.assets_url(), None);
    let page =
        page_text(get(&format!("{}/", server.url()), &[("accept-encoding", "br")]).await).await;
    assert_eq!(page, PAGE.replace(TOKEN, "").repeat(4));
    assert!(page.contains("src=\"/embed.js\""), "{page}");
    assert!(
        page.contains("href=\"/0123abcd/checkout-widget_bg.wasm\""),
        "{page}"
    );
}

#[tokio::test]
async fn a_configured_origin_wins_over_the_listener_address() {
    let dir = fixture();
    // A CDN serving the files, no second listener.
    let mut config = sandbox_config(&dir.0);
    config.assets_origin = Some("https://cdn.example".into());
    let server = common::start(config).await;
    let page = page_text(get(&format!("{}/", server.url()), &[]).await).await;
    assert!(
        page.contains("src=\"https://cdn.example/embed.js\""),
        "{page}"
    );

    // The second listener behind a public name.
    let mut config = sandbox_config(&dir.0);
    config.assets_listen = Some("127.0.0.1:0".parse().unwrap());
    config.assets_origin = Some("https://assets.shop.example".into());
    let server = common::start(config).await;
    let page = page_text(get(&format!("{}/", server.assets_url().unwrap()), &[]).await).await;
    assert!(
        page.contains("src=\"https://assets.shop.example/embed.js\""),
        "{page}"
    );
    let csp = header(
        &get(&format!("{}/", server.url()), &[]).await,
        CONTENT_SECURITY_POLICY,
    );
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' https://assets.shop.example;"),
        "{csp}"
    );
}

#[tokio::test]
async fn a_substituted_page_is_revalidated_on_the_bytes_sent() {
    let dir = fixture();
    let server = two_listeners(&dir.0).await;
    let url = format!("{}/", server.url());
    let started = std::time::SystemTime::now() - Duration::from_secs(2);

    for encoding in ["br", "gzip", "identity"] {
        let first = get(&url, &[(ACCEPT_ENCODING.as_str(), encoding)]).await;
        assert_eq!(first.status(), 200);
        assert_eq!(header(&first, CACHE_CONTROL), "no-cache");
        let etag = header(&first, ETAG);
        let modified = header(&first, LAST_MODIFIED);
        assert!(etag.starts_with("W/\""), "{etag}");
        // The page's bytes depend on this server's configuration: never older than its start.
        assert!(
            httpdate::parse_http_date(&modified).unwrap() >= started,
            "{modified}"
        );

        let again = get(
            &url,
            &[
                (ACCEPT_ENCODING.as_str(), encoding),
                (IF_NONE_MATCH.as_str(), &etag),
            ],
        )
        .await;
        assert_eq!(again.status(), 304, "{encoding}");
        assert_eq!(header(&again, ETAG), etag);
        assert_eq!(header(&again, CACHE_CONTROL), "no-cache");
        assert!(again.bytes().await.unwrap().is_empty());

        let by_date = get(
            &url,
            &[
                (ACCEPT_ENCODING.as_str(), encoding),
                (IF_MODIFIED_SINCE.as_str(), &modified),
            ],
        )
        .await;
        assert_eq!(by_date.status(), 304, "{encoding}");

        // A validator of the file as it is on disk (the token unreplaced) does not match.
        let stale = get(
            &url,
            &[
                (ACCEPT_ENCODING.as_str(), encoding),
                (IF_NONE_MATCH.as_str(), "W/\"1-0-identity\""),
                (IF_MODIFIED_SINCE.as_str(), &modified),
            ],
        )
        .await;
        assert_eq!(stale.status(), 200, "{encoding}");
        assert!(!page_text(stale).await.is_empty());
    }

    // Another origin is other bytes, so another validator: a browser that cached the page
    // from a server with another assets origin gets the new page, not a 304.
    let other = two_listeners(&dir.0).await;
    let ours = header(&get(&url, &[]).await, ETAG);
    let theirs = header(&get(&format!("{}/", other.url()), &[]).await, ETAG);
    assert_ne!(ours, theirs);
    let crossed = get(
        &format!("{}/", other.url()),
        &[(IF_NONE_MATCH.as_str(), &ours)],
    )
    .await;
    assert_eq!(crossed.status(), 200);
}

#[tokio::test]
async fn static_files_are_readable_cross_origin_and_the_api_is_not() {
    let dir = fixture();
    let server = two_listeners(&dir.0).await;
    let page_origin = server.url();
    for path in [
        "/embed.js",
        "/0123abcd/checkout-widget.js",
        "/",
        "/card-frame.html",
    ] {
        let url = format!("{}{path}", server.assets_url().unwrap());
        let file = get(
            &url,
            &[("origin", &page_origin), (ACCEPT_ENCODING.as_str(), "br")],
        )
        .await;
        assert_eq!(file.status(), 200, "{path}");
        assert_eq!(header(&file, ACAO), "*", "{path}");
        assert_eq!(header(&file, CORP), "cross-origin", "{path}");
        // `*` does not depend on the request's Origin: the answer varies on encoding only.
        let vary = header(&file, VARY).to_ascii_lowercase();
        assert!(vary.contains("accept-encoding"), "{path}: {vary}");
        assert!(!vary.contains("origin"), "{path}: {vary}");
        assert_eq!(
            header(&file, "access-control-allow-credentials"),
            "",
            "{path}"
        );
    }
    let hashed = get(
        &format!(
            "{}/0123abcd/checkout-widget.js",
            server.assets_url().unwrap()
        ),
        &[],
    )
    .await;
    assert_eq!(
        header(&hashed, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );

    // The API keeps its own rules: no CORS header for an origin not allowed, on any listener.
    for base in [server.url(), server.assets_url().unwrap()] {
        for path in [
            "/checkout/invoices/iv_demoAmazingItemAUD",
            "/checkout/invoices/iv_unknownInvoice",
            "/healthz",
        ] {
            let answer = get(
                &format!("{base}{path}"),
                &[("origin", "https://evil.example")],
            )
            .await;
            assert_eq!(header(&answer, ACAO), "", "{base}{path}");
            assert_eq!(header(&answer, CORP), "", "{base}{path}");
            assert_eq!(header(&answer, CONTENT_SECURITY_POLICY), "", "{base}{path}");
        }
    }
}

#[tokio::test]
async fn the_page_policy_adds_the_assets_origin_to_five_directives_only() {
    let dir = fixture();
    let single = common::start(sandbox_config(&dir.0)).await;
    let without = header(
        &get(&format!("{}/", single.url()), &[]).await,
        CONTENT_SECURITY_POLICY,
    );
    // Without an assets origin: the policy as it always was.
    assert_eq!(
        without,
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; \
base-uri 'none'; form-action 'self'; object-src 'none'; require-trusted-types-for 'script'; \
trusted-types 'none'"
    );
    assert_eq!(
        without,
        checkout_proxy::statics::content_security_policy(None)
    );

    let server = two_listeners(&dir.0).await;
    let assets = server.assets_url().unwrap();
    for base in [server.url(), assets.clone()] {
        for path in ["/", "/examples/shadow.html", "/embed.js", "/missing.js"] {
            let with = header(
                &get(&format!("{base}{path}"), &[]).await,
                CONTENT_SECURITY_POLICY,
            );
            let before = directives(&without);
            let after = directives(&with);
            assert_eq!(
                before.keys().collect::<Vec<_>>(),
                after.keys().collect::<Vec<_>>(),
                "{path}"
            );
            for (name, sources) in &before {
                let widened = [
                    "script-src",
                    "style-src",
                    "img-src",
                    "connect-src",
                    "frame-src",
                ]
                .contains(&name.as_str());
                let expected = if widened {
                    format!("{sources} {assets}")
                } else {
                    sources.clone()
                };
                assert_eq!(after[name], expected, "{path}: {name}");
            }
        }
    }
}

#[tokio::test]
async fn the_card_frame_may_be_framed_anywhere_and_post_only_to_this_sandbox() {
    let dir = fixture();
    let server = two_listeners(&dir.0).await;
    let (main, assets) = (server.url(), server.assets_url().unwrap());
    for base in [&main, &assets] {
        for path in ["/card-frame.html", "/card-frame/card-frame.html"] {
            let frame = get(&format!("{base}{path}"), &[]).await;
            assert_eq!(frame.status(), 200, "{path}");
            assert_eq!(header(&frame, "x-frame-options"), "", "{path}");
            let policy = header(&frame, CONTENT_SECURITY_POLICY);
            assert_eq!(
                policy,
                format!(
                    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; font-src 'self'; connect-src {main} {assets}; frame-ancestors *; \
base-uri 'none'; form-action 'none'; object-src 'none'; \
require-trusted-types-for 'script'; trusted-types 'none'"
                ),
                "{path}"
            );
            let connect = &directives(&policy)["connect-src"];
            for source in connect.split(' ') {
                assert!(source == main || source == assets, "{source}");
            }
        }
    }
    // Only that file name: a page of the same directory keeps the pages' policy.
    let page = header(
        &get(&format!("{assets}/"), &[]).await,
        CONTENT_SECURITY_POLICY,
    );
    assert!(page.contains("frame-ancestors 'none'"), "{page}");

    // Without a second listener, the sandbox's one origin.
    let single = common::start(sandbox_config(&dir.0)).await;
    let policy = header(
        &get(&format!("{}/card-frame.html", single.url()), &[]).await,
        CONTENT_SECURITY_POLICY,
    );
    assert_eq!(directives(&policy)["connect-src"], single.url());
}

/// Live mode: the frame may post only to the ProcessOut API's origin, whatever else is set.
#[tokio::test]
async fn a_live_card_frame_posts_only_to_the_provider() {
    let dir = fixture();
    for (api_url, origin) in [
        ("https://api.processout.com", "https://api.processout.com"),
        (
            "https://api.processout.com/v1/",
            "https://api.processout.com",
        ),
        ("http://127.0.0.1:9/sandbox", "http://127.0.0.1:9"),
    ] {
        let mut config = sandbox_config(&dir.0);
        config.mode = Mode::Live;
        config.project_id = "proj_live".into();
        config.api_url = Some(api_url.into());
        config.assets_listen = Some("127.0.0.1:0".parse().unwrap());
        let server = common::start(config).await;
        for base in [server.url(), server.assets_url().unwrap()] {
            let frame = get(&format!("{base}/card-frame.html"), &[]).await;
            let policy = header(&frame, CONTENT_SECURITY_POLICY);
            let all = directives(&policy);
            assert_eq!(all["connect-src"], origin, "{api_url}: {policy}");
            assert_eq!(all["frame-ancestors"], "*");
            assert_eq!(all["default-src"], "'none'");
            assert_eq!(header(&frame, "x-frame-options"), "");
        }
    }
}

#[test]
fn the_card_frame_policy_names_origins_and_nothing_looser() {
    use checkout_proxy::statics::card_frame_policy;
    let policy = card_frame_policy(&["https://api.processout.com".into()]).unwrap();
    assert!(
        policy.contains("; connect-src https://api.processout.com; "),
        "{policy}"
    );
    for bad in [
        vec![],
        vec!["*".to_string()],
        vec!["'self'".to_string()],
        vec!["https:".to_string()],
        vec!["https://*.example".to_string()],
        vec!["https://api.example/cards".to_string()],
        vec!["https://a.example; script-src *".to_string()],
        vec!["https://a.example".to_string(), "*".to_string()],
        vec!["data:".to_string()],
        vec!["".to_string()],
    ] {
        assert!(card_frame_policy(&bad).is_err(), "{bad:?}");
    }
}

#[tokio::test]
async fn tokenize_answers_any_origin_and_nothing_else_in_the_sandbox_does() {
    let dir = fixture();
    let server = two_listeners(&dir.0).await;
    let frame_origin = server.assets_url().unwrap();
    let cards = format!("{}/sandbox/cards", server.url());

    // The card frame's preflight for its JSON post with Basic auth.
    let preflight = request(
        Method::OPTIONS,
        &cards,
        &[
            ("origin", &frame_origin),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization,content-type",
            ),
        ],
    )
    .await;
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(header(&preflight, ACAO), "*");
    assert_eq!(header(&preflight, "access-control-allow-methods"), "POST");
    let allowed = header(&preflight, "access-control-allow-headers").to_ascii_lowercase();
    assert!(
        allowed.contains("authorization") && allowed.contains("content-type"),
        "{allowed}"
    );
    assert_eq!(header(&preflight, "access-control-max-age"), "600");
    assert!(preflight.bytes().await.unwrap().is_empty());

    // The post itself, as the frame sends it, and an error answer: both readable.
    let post = |auth: &'static str| {
        common::client()
            .post(&cards)
            .header("origin", &frame_origin)
            .basic_auth(auth, Some(""))
            .json(&serde_json::json!({
                "number": "4242424242424242", "exp_month": 12, "exp_year": 2030,
                "cvc2": "123", "name": "Jane Doe"
            }))
            .send()
    };
    let token = post(SANDBOX_PROJECT_ID).await.unwrap();
    assert_eq!(header(&token, ACAO), "*");
    let (status, body) = common::status_and_json(token).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["card"]["id"].as_str().unwrap().starts_with("card_"));
    let refused = post("proj_someoneElse").await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(header(&refused, ACAO), "*");

    // Every other sandbox route stays closed to other origins.
    let invoice = common::client()
        .post(format!("{}/sandbox/invoices", server.url()))
        .header("origin", &frame_origin)
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .form(&[("name", "x"), ("amount", "1.00"), ("currency", "EUR")])
        .send()
        .await
        .unwrap();
    assert_eq!(invoice.status(), 200);
    assert_eq!(header(&invoice, ACAO), "");
    let card = body["card"]["id"].as_str().unwrap();
    let read = common::client()
        .get(format!("{}/sandbox/cards/{card}", server.url()))
        .header("origin", &frame_origin)
        .basic_auth(SANDBOX_PROJECT_ID, Some(SANDBOX_PRIVATE_KEY))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(header(&read, ACAO), "");
    for path in [
        "/sandbox/invoices",
        "/sandbox/_faults",
        "/sandbox/cards/card_x",
    ] {
        let preflight = request(
            Method::OPTIONS,
            &format!("{}{path}", server.url()),
            &[
                ("origin", &frame_origin),
                ("access-control-request-method", "POST"),
            ],
        )
        .await;
        assert!(
            !preflight.status().is_success(),
            "{path}: {}",
            preflight.status()
        );
        assert_eq!(header(&preflight, ACAO), "", "{path}");
    }
}

/// The binary, as `make demo` starts it: both listeners up, or a bad origin refused.
fn binary() -> String {
    std::env::var("CHECKOUT_PROXY_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_checkout-proxy").to_string())
}

fn spawn(vars: &[(&str, &str)]) -> Child {
    Command::new(binary())
        .env_clear()
        .env("CHECKOUT_MODE", "sandbox")
        .env("CHECKOUT_LISTEN", "127.0.0.1:0")
        .env("NO_COLOR", "1")
        .envs(vars.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the proxy did not stop: {what}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_bad_assets_origin_or_address_stops_the_binary_with_one_line() {
    for (name, value) in [
        ("CHECKOUT_ASSETS_ORIGIN", "https://cdn.example/widget"),
        ("CHECKOUT_ASSETS_ORIGIN", "https://cdn.example/"),
        ("CHECKOUT_ASSETS_ORIGIN", "cdn.example"),
        ("CHECKOUT_ASSETS_ORIGIN", "*"),
        ("CHECKOUT_ASSETS_LISTEN", "localhost"),
    ] {
        // A bad origin is refused with a good listener beside it, as a deploy would set both.
        let mut vars = vec![(name, value)];
        if name != "CHECKOUT_ASSETS_LISTEN" {
            vars.push(("CHECKOUT_ASSETS_LISTEN", "127.0.0.1:0"));
        }
        let mut child = spawn(&vars);
        let status = wait(&mut child, value);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(status.code(), Some(2), "{value}: {stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{stderr}");
        assert!(lines[0].contains(name), "{}", lines[0]);
        assert!(lines[0].contains(&format!("{value:?}")), "{}", lines[0]);
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_binary_serves_both_listeners_and_stops_both() {
    let dir = fixture();
    let mut child = spawn(&[
        ("CHECKOUT_ASSETS_LISTEN", "127.0.0.1:0"),
        ("CHECKOUT_STATIC_DIR", dir.0.to_str().unwrap()),
    ]);
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url_after = |line: &str, marker: &str| {
        line.split_once(marker).map(|(_, rest)| {
            let end = rest.find(|c: char| c.is_whitespace() || c == '\x1b' || c == ')');
            rest[..end.unwrap_or(rest.len())].to_string()
        })
    };
    let (mut main, mut assets) = (None, None);
    while main.is_none() || assets.is_none() {
        let Some(Ok(line)) = lines.next() else {
            panic!("the proxy stopped: {:?}", child.wait());
        };
        if let Some(url) = url_after(&line, "also listening on ") {
            assets = Some(url);
        } else if let Some(url) = url_after(&line, "listening on ") {
            main = Some(url);
        }
    }
    std::thread::spawn(move || lines.for_each(drop));
    let (main, assets) = (main.unwrap(), assets.unwrap());
    assert_ne!(main, assets);
    for base in [&main, &assets] {
        let health = get(&format!("{base}/healthz"), &[]).await;
        assert_eq!(health.status(), 200, "{base}");
    }
    let page = page_text(get(&format!("{main}/"), &[]).await).await;
    assert!(
        page.contains(&format!("src=\"{assets}/embed.js\"")),
        "{page}"
    );

    // SIGTERM stops the whole server, both listeners, cleanly.
    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let status = wait(&mut child, "SIGTERM");
    assert_eq!(status.code(), Some(0));
}
