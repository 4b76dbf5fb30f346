//! Static files and API answers over real HTTP, as a browser or CDN sees them: precompressed
//! companions chosen by Accept-Encoding (decoded here and compared with the file), cache
//! headers for hashed and stable names, validators and 304s, and the release build's hook
//! (scripts/hash-assets.cjs) run on a fixture and served.

mod common;

use std::path::Path;
use std::process::Command;

use checkout_proxy::{Config, RunningServer};
use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG,
    IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, VARY,
};
use reqwest::Response;

const HASH_DIR: &str = "0123abcd";

use common::files::{brotli, gzip, unbrotli, ungzip, TempDir};
use common::header;

/// Writes `bytes` at `dir/name` with its `.br` and `.gz` companions, as the release hook does.
fn write_with_companions(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    std::fs::write(dir.join(format!("{name}.br")), brotli(bytes)).unwrap();
    std::fs::write(dir.join(format!("{name}.gz")), gzip(bytes)).unwrap();
}

/// A wasm-like file: compressible, but not trivially.
fn wasm_bytes() -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    for i in 0u32..20_000 {
        bytes.push((i.wrapping_mul(2_654_435_761) >> 27) as u8 ^ (i % 7) as u8);
    }
    bytes
}

fn embed_js() -> Vec<u8> {
    "// the stable entry\nimport init from './0123abcd/checkout-widget.js';\n"
        .repeat(40)
        .into_bytes()
}

/// A dist/ as a release build lays it out: the widget's files under a hash directory,
/// embed.js and the demo page at the top.
fn fixture() -> TempDir {
    let dir = TempDir::new("fixture");
    write_with_companions(
        &dir.0,
        &format!("{HASH_DIR}/checkout-widget_bg.wasm"),
        &wasm_bytes(),
    );
    write_with_companions(&dir.0, "embed.js", &embed_js());
    write_with_companions(
        &dir.0,
        "index.html",
        b"<!doctype html><title>demo</title><script type=module src=/embed.js></script>\n"
            .repeat(10)
            .as_slice(),
    );
    dir
}

async fn serve(dir: &Path) -> RunningServer {
    let mut config = Config::sandbox("127.0.0.1:0".parse().unwrap());
    config.static_dir = Some(dir.to_path_buf());
    common::start(config).await
}

async fn get(server: &RunningServer, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = common::client().get(format!("{}{path}", server.url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn each_encoding_is_the_same_file_and_the_answer_varies_on_accept_encoding() {
    let dir = fixture();
    let server = serve(&dir.0).await;
    let path = format!("/{HASH_DIR}/checkout-widget_bg.wasm");
    let original = wasm_bytes();

    let br = get(&server, &path, &[("accept-encoding", "br")]).await;
    assert_eq!(br.status(), 200);
    assert_eq!(header(&br, CONTENT_ENCODING), "br");
    assert_eq!(header(&br, CONTENT_TYPE), "application/wasm");
    assert!(header(&br, VARY)
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    let body = br.bytes().await.unwrap();
    assert!(body.len() < original.len(), "the brotli body is smaller");
    assert_eq!(unbrotli(&body), original);

    let gz = get(&server, &path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.status(), 200);
    assert_eq!(header(&gz, CONTENT_ENCODING), "gzip");
    assert!(header(&gz, VARY)
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    assert_eq!(ungzip(&gz.bytes().await.unwrap()), original);

    // What browsers send: brotli wins.
    let both = get(&server, &path, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(header(&both, CONTENT_ENCODING), "br");

    let plain = get(&server, &path, &[]).await;
    assert_eq!(plain.status(), 200);
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert!(header(&plain, VARY)
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    assert_eq!(plain.bytes().await.unwrap().to_vec(), original);

    // The demo page at / too, with its security headers kept.
    let page = get(&server, "/", &[("accept-encoding", "br")]).await;
    assert_eq!(page.status(), 200);
    assert_eq!(header(&page, CONTENT_ENCODING), "br");
    assert!(header(&page, CONTENT_SECURITY_POLICY).contains("script-src 'self'"));
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    assert!(String::from_utf8(unbrotli(&page.bytes().await.unwrap()))
        .unwrap()
        .starts_with("<!doctype html>"));
}

#[tokio::test]
async fn hashed_files_are_kept_a_year_and_stable_names_are_revalidated() {
    let dir = fixture();
    let server = serve(&dir.0).await;

    let hashed = get(
        &server,
        &format!("/{HASH_DIR}/checkout-widget_bg.wasm"),
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(
        header(&hashed, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&hashed, CONTENT_SECURITY_POLICY).contains("default-src 'self'"));

    // A missing file under a hash directory must not be cached for a year.
    let missing = get(&server, &format!("/{HASH_DIR}/nothing.js"), &[]).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(header(&missing, CACHE_CONTROL), "no-cache");

    for encoding in ["br", "gzip", "identity"] {
        let first = get(&server, "/embed.js", &[("accept-encoding", encoding)]).await;
        assert_eq!(first.status(), 200);
        assert_eq!(header(&first, CACHE_CONTROL), "no-cache", "{encoding}");
        let etag = header(&first, ETAG);
        let modified = header(&first, LAST_MODIFIED);
        assert!(!etag.is_empty() && !modified.is_empty(), "{encoding}");

        // The browser asks again with what it holds: 304, no body, same validator.
        let again = get(
            &server,
            "/embed.js",
            &[
                ("accept-encoding", encoding),
                (IF_NONE_MATCH.as_str(), etag.as_str()),
            ],
        )
        .await;
        assert_eq!(again.status(), 304, "{encoding}");
        assert_eq!(header(&again, ETAG), etag);
        assert_eq!(header(&again, CACHE_CONTROL), "no-cache");
        assert!(again.bytes().await.unwrap().is_empty());

        let by_date = get(
            &server,
            "/embed.js",
            &[
                ("accept-encoding", encoding),
                (IF_MODIFIED_SINCE.as_str(), modified.as_str()),
            ],
        )
        .await;
        assert_eq!(by_date.status(), 304, "{encoding}");

        // Older copies are answered in full.
        let older = get(
            &server,
            "/embed.js",
            &[
                ("accept-encoding", encoding),
                (IF_MODIFIED_SINCE.as_str(), "Thu, 01 Jan 2015 00:00:00 GMT"),
            ],
        )
        .await;
        assert_eq!(older.status(), 200, "{encoding}");
        let stale = get(
            &server,
            "/embed.js",
            &[
                ("accept-encoding", encoding),
                (IF_NONE_MATCH.as_str(), "W/\"1-0-br\""),
                // If-None-Match decides when both are sent.
                (IF_MODIFIED_SINCE.as_str(), modified.as_str()),
            ],
        )
        .await;
        assert_eq!(stale.status(), 200, "{encoding}");
        assert!(!stale.bytes().await.unwrap().is_empty());
    }

    // Each encoding is other bytes with its own validator: a gzip copy does not validate a
    // brotli answer.
    let br = header(
        &get(&server, "/embed.js", &[("accept-encoding", "br")]).await,
        ETAG,
    );
    let gz = header(
        &get(&server, "/embed.js", &[("accept-encoding", "gzip")]).await,
        ETAG,
    );
    let plain = header(&get(&server, "/embed.js", &[]).await, ETAG);
    assert!(br != gz && gz != plain && br != plain, "{br} {gz} {plain}");
    let crossed = get(
        &server,
        "/embed.js",
        &[
            ("accept-encoding", "br"),
            (IF_NONE_MATCH.as_str(), gz.as_str()),
        ],
    )
    .await;
    assert_eq!(crossed.status(), 200);
    assert_eq!(unbrotli(&crossed.bytes().await.unwrap()), embed_js());
}

#[tokio::test]
async fn api_json_is_compressed_for_clients_that_ask() {
    let server = common::sandbox_server().await;
    let path = "/checkout/invoices/iv_demoAmazingItemAUD";
    let plain = get(&server, path, &[]).await;
    assert_eq!(plain.status(), 200);
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    let expected: serde_json::Value = plain.json().await.unwrap();
    assert_eq!(expected["invoice"]["id"], "iv_demoAmazingItemAUD");

    for (encoding, decode) in [
        ("br", unbrotli as fn(&[u8]) -> Vec<u8>),
        ("gzip", ungzip as fn(&[u8]) -> Vec<u8>),
    ] {
        let response = get(&server, path, &[(ACCEPT_ENCODING.as_str(), encoding)]).await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, CONTENT_ENCODING), encoding);
        assert!(header(&response, VARY)
            .to_ascii_lowercase()
            .contains("accept-encoding"));
        assert!(!header(&response, "x-request-id").is_empty());
        let body = decode(&response.bytes().await.unwrap());
        let decoded: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(decoded, expected, "{encoding}");
    }

    // An error answer is JSON in the same shape, compressed or not.
    let missing = get(
        &server,
        "/checkout/invoices/iv_doesNotExist",
        &[(ACCEPT_ENCODING.as_str(), "br")],
    )
    .await;
    assert_eq!(missing.status(), 404);
    let body = if header(&missing, CONTENT_ENCODING) == "br" {
        unbrotli(&missing.bytes().await.unwrap())
    } else {
        missing.bytes().await.unwrap().to_vec()
    };
    let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["error_type"], "resource.invoice.not-found");
}

/// A stand-in for trunk's staging directory, with the names and references the hook rewrites.
fn stage(wasm: &[u8]) -> TempDir {
    let dir = TempDir::new("stage");
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("checkout-widget_bg.wasm", wasm);
    write(
        "checkout-widget.js",
        "const u=new URL(\"checkout-widget_bg.wasm\",import.meta.url);export default function i(){return fetch(u)}\n"
            .repeat(20)
            .as_bytes(),
    );
    write(
        "checkout.css",
        ":host{display:block;color:red}\n".repeat(30).as_bytes(),
    );
    write(
        "i18n/de.json",
        "{\"pay\":\"Bezahlen\"}".repeat(20).as_bytes(),
    );
    write("i18n/fr.json", "{\"pay\":\"Payer\"}".repeat(20).as_bytes());
    // Long enough that compression pays, as for the real files.
    let padding = "// the stable entry merchants include\n".repeat(20);
    write(
        "embed.js",
        format!("{padding}import t from\"./checkout-widget.js\";const c=new URL(\"./checkout.css\",import.meta.url).href;const p=l=>fetch(new URL(`./i18n/${{l}}.json`,import.meta.url));").as_bytes(),
    );
    write(
        "index.html",
        format!("{padding}<link rel=\"modulepreload\" href=\"/checkout-widget.js\"><link rel=\"preload\" href=\"/checkout-widget_bg.wasm\"><script type=\"module\" src=\"/embed.js\"></script>").as_bytes(),
    );
    // A page loading the widget from the origin that serves its files (the proxy replaces the
    // token when it serves the page): its hints are rewritten with the token kept.
    write(
        "examples/shadow.html",
        format!("{padding}<link rel=\"modulepreload\" href=\"__CHECKOUT_ASSETS__/checkout-widget.js\" crossorigin><link rel=\"preload\" href=\"__CHECKOUT_ASSETS__/checkout-widget_bg.wasm\" crossorigin><script type=\"module\" src=\"__CHECKOUT_ASSETS__/embed.js\"></script>").as_bytes(),
    );
    write("embed.d.ts", b"export function mount(): Promise<void>;");
    // The card frame (scripts/card-frame.sh): its page keeps its name, its files move.
    write(
        "card-frame.html",
        format!("{padding}<link rel=\"stylesheet\" href=\"card-frame.css\"><script type=\"module\" src=\"card-frame.js\"></script>").as_bytes(),
    );
    write(
        "card-frame.js",
        "const w=\"\";run(w);\n".repeat(20).as_bytes(),
    );
    write(
        "card-frame.css",
        "input{font:inherit}\n".repeat(20).as_bytes(),
    );
    dir
}

/// Runs the release build's hook on `dir` and returns the hash directory it made.
fn run_hook(dir: &Path) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/hash-assets.cjs");
    let output = Command::new("node")
        .arg(script)
        .arg(dir)
        .output()
        .expect("node (a build prerequisite) runs the release hook");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let hashed: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| checkout_proxy::statics::is_hashed(&format!("/{name}/x")))
        .collect();
    assert_eq!(hashed.len(), 1, "{hashed:?}");
    hashed[0].clone()
}

#[tokio::test]
async fn the_release_hook_hashes_the_widget_files_and_the_proxy_serves_them() {
    let dir = stage(&wasm_bytes());
    let hash = run_hook(&dir.0);

    // The widget's files moved under the hash, unchanged; embed.js and the page name them.
    for name in [
        "checkout-widget.js",
        "checkout-widget_bg.wasm",
        "checkout.css",
        "i18n/de.json",
        "card-frame.js",
        "card-frame.css",
    ] {
        assert!(!dir.0.join(name).exists(), "{name} left at a stable name");
        assert!(dir.0.join(&hash).join(name).exists(), "{name} missing");
    }
    assert_eq!(
        std::fs::read(dir.0.join(&hash).join("checkout-widget_bg.wasm")).unwrap(),
        wasm_bytes()
    );
    let embed = std::fs::read_to_string(dir.0.join("embed.js")).unwrap();
    assert!(
        embed.contains(&format!("\"./{hash}/checkout-widget.js\"")),
        "{embed}"
    );
    assert!(
        embed.contains(&format!("\"./{hash}/checkout.css\"")),
        "{embed}"
    );
    assert!(
        embed.contains(&format!("`./{hash}/i18n/${{l}}.json`")),
        "{embed}"
    );
    let page = std::fs::read_to_string(dir.0.join("index.html")).unwrap();
    assert!(
        page.contains(&format!("\"/{hash}/checkout-widget_bg.wasm\"")),
        "{page}"
    );
    assert!(page.contains("\"/embed.js\""), "{page}");
    let frame = std::fs::read_to_string(dir.0.join("card-frame.html")).unwrap();
    for name in ["card-frame.js", "card-frame.css"] {
        assert!(frame.contains(&format!("\"{hash}/{name}\"")), "{frame}");
    }
    let shadow = std::fs::read_to_string(dir.0.join("examples/shadow.html")).unwrap();
    for name in ["checkout-widget.js", "checkout-widget_bg.wasm"] {
        assert!(
            shadow.contains(&format!("\"__CHECKOUT_ASSETS__/{hash}/{name}\"")),
            "{shadow}"
        );
    }
    assert!(
        shadow.contains("\"__CHECKOUT_ASSETS__/embed.js\""),
        "{shadow}"
    );
    // Every compressible file has companions that decode to it; the types file has none.
    for name in [
        format!("{hash}/checkout-widget_bg.wasm"),
        format!("{hash}/checkout-widget.js"),
        format!("{hash}/i18n/fr.json"),
        "embed.js".to_string(),
        "index.html".to_string(),
    ] {
        let original = std::fs::read(dir.0.join(&name)).unwrap();
        let br = std::fs::read(dir.0.join(format!("{name}.br"))).unwrap();
        let gz = std::fs::read(dir.0.join(format!("{name}.gz"))).unwrap();
        assert_eq!(unbrotli(&br), original, "{name}.br");
        assert_eq!(ungzip(&gz), original, "{name}.gz");
    }
    assert!(!dir.0.join("embed.d.ts.br").exists());

    // Served as a browser loads them: embed.js revalidated, what it names kept a year.
    let server = serve(&dir.0).await;
    let entry = get(&server, "/embed.js", &[("accept-encoding", "br")]).await;
    assert_eq!(header(&entry, CACHE_CONTROL), "no-cache");
    assert_eq!(unbrotli(&entry.bytes().await.unwrap()), embed.as_bytes());
    let glue = get(
        &server,
        &format!("/{hash}/checkout-widget.js"),
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(glue.status(), 200);
    assert_eq!(header(&glue, CONTENT_ENCODING), "br");
    assert_eq!(
        header(&glue, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );

    // Another wasm is another directory: a browser never keeps a stale file under a name.
    let mut changed = wasm_bytes();
    changed[100] ^= 1;
    let other = stage(&changed);
    assert_ne!(run_hook(&other.0), hash);
    // The same input gives the same name (builds are reproducible).
    let same = stage(&wasm_bytes());
    assert_eq!(run_hook(&same.0), hash);
}
