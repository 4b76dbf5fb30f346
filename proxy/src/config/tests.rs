//! The configuration's tests: every variable read, refused by name, or defaulted.

use super::*;
use std::collections::HashMap;

/// The configuration from `vars` plus `CHECKOUT_MODE` (sandbox unless `vars` name one).
fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let mut vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    vars.entry("CHECKOUT_MODE".into())
        .or_insert_with(|| "sandbox".into());
    Config::from_lookup(|k| vars.get(k).cloned())
}

fn live(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let mut vars = vars.to_vec();
    vars.push(("CHECKOUT_MODE", "live"));
    config(&vars)
}

#[test]
fn without_a_mode_the_proxy_refuses_to_start() {
    let err = Config::from_lookup(|_| None).unwrap_err();
    assert_eq!(err.0, MODE_REQUIRED);
    assert!(err.0.contains("CHECKOUT_MODE=sandbox"), "{err}");
    // Credentials alone no longer mean live mode.
    let err = Config::from_lookup(|k| match k {
        "PROCESSOUT_PROJECT_ID" => Some("proj_x".into()),
        "PROCESSOUT_PRIVATE_KEY" => Some("key_y".into()),
        _ => None,
    })
    .unwrap_err();
    assert!(err.0.contains("CHECKOUT_MODE"), "{err}");
    let err = config(&[("CHECKOUT_MODE", "production")]).unwrap_err();
    assert!(err.0.contains("sandbox or live"), "{err}");
}

#[test]
fn sandbox_mode_uses_the_sandbox_credentials() {
    let c = config(&[("CHECKOUT_MODE", "Sandbox")]).unwrap();
    assert_eq!(c.mode, Mode::Sandbox);
    assert_eq!(c.project_id, SANDBOX_PROJECT_ID);
    assert_eq!(c.api_url, None);
    assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
}

/// A merchant who set a credential meant live mode: sandbox mode refuses, naming it.
#[test]
fn sandbox_mode_refuses_any_live_credential() {
    for name in LIVE_CREDENTIALS {
        for provider in ProviderKind::ALL {
            let err = config(&[(name, "x"), ("CHECKOUT_PROVIDER", provider.as_str())]).unwrap_err();
            assert!(err.0.contains(name), "{name}: {err}");
            assert!(err.0.contains("CHECKOUT_MODE=live"), "{name}: {err}");
        }
    }
}

#[test]
fn live_mode_names_each_missing_credential() {
    for provider in ProviderKind::ALL {
        let all: Vec<(&str, &str)> = provider
            .live_vars()
            .iter()
            .map(|name| (*name, "https://value.example"))
            .chain([("CHECKOUT_PROVIDER", provider.as_str())])
            .collect();
        assert_eq!(live(&all).unwrap().mode, Mode::Live);
        for missing in provider.live_vars() {
            let vars: Vec<_> = all.iter().filter(|(k, _)| k != missing).copied().collect();
            let err = live(&vars).unwrap_err();
            assert!(
                err.0.contains(&format!("missing: {missing}")),
                "{missing}: {err}"
            );
        }
    }
}

#[test]
fn keys_mean_live_mode_against_processout() {
    let c = live(&[
        ("PROCESSOUT_PROJECT_ID", "proj_x"),
        ("PROCESSOUT_PRIVATE_KEY", "key_y"),
    ])
    .unwrap();
    assert_eq!(c.mode, Mode::Live);
    assert_eq!(c.api_url.as_deref(), Some(DEFAULT_API_URL));
    assert_eq!(c.private_key.expose(), "key_y");
}

#[test]
fn one_key_without_the_other_is_refused() {
    let err = live(&[("PROCESSOUT_PROJECT_ID", "proj_x")]).unwrap_err();
    assert!(err.0.contains("missing: PROCESSOUT_PRIVATE_KEY"), "{err}");
}

#[test]
fn the_provider_is_processout_unless_configured() {
    assert_eq!(config(&[]).unwrap().provider, ProviderKind::ProcessOut);
    for (name, kind) in [
        ("processout", ProviderKind::ProcessOut),
        ("Invoiss", ProviderKind::Invoiss),
        ("orders", ProviderKind::Orders),
    ] {
        let c = config(&[("CHECKOUT_PROVIDER", name)]).unwrap();
        assert_eq!(c.provider, kind);
        assert_eq!(c.mode, Mode::Sandbox, "{name} without credentials");
    }
    let err = config(&[("CHECKOUT_PROVIDER", "stripe")]).unwrap_err();
    assert!(err.0.contains("CHECKOUT_PROVIDER"), "{err}");
}

#[test]
fn invoiss_goes_live_with_its_token_and_needs_its_ids() {
    let c = config(&[("CHECKOUT_PROVIDER", "invoiss")]).unwrap();
    assert_eq!(c.invoiss.token.expose(), SANDBOX_INVOISS_TOKEN);
    assert_eq!(c.invoiss.api_url, None);
    let err = live(&[
        ("CHECKOUT_PROVIDER", "invoiss"),
        ("INVOISS_TOKEN", "tok_live_secret"),
    ])
    .unwrap_err();
    assert!(err.0.contains("INVOISS_COMPANY_ID"), "{err}");
    let c = live(&[
        ("CHECKOUT_PROVIDER", "invoiss"),
        ("INVOISS_TOKEN", "tok_live_secret"),
        ("INVOISS_COMPANY_ID", "comp_1"),
        ("INVOISS_GATEWAY_ID", "gateway_1"),
        ("INVOISS_CURRENCY", "EUR"),
        // ProcessOut's keys do not matter to another provider.
        ("PROCESSOUT_PROJECT_ID", "proj_x"),
    ])
    .unwrap();
    assert_eq!(c.mode, Mode::Live);
    assert_eq!(c.invoiss.company_id, "comp_1");
    assert_eq!(c.invoiss.currency, "EUR");
    assert!(!format!("{c:?}").contains("tok_live_secret"));
    let err = config(&[
        ("CHECKOUT_PROVIDER", "invoiss"),
        ("INVOISS_CURRENCY", "EURO"),
    ])
    .unwrap_err();
    assert!(err.0.contains("INVOISS_CURRENCY"), "{err}");
}

#[test]
fn the_orders_api_goes_live_with_its_token_and_url() {
    let err = live(&[
        ("CHECKOUT_PROVIDER", "orders"),
        ("ORDERS_API_TOKEN", "secret-token-1234"),
    ])
    .unwrap_err();
    assert!(err.0.contains("ORDERS_API_URL"), "{err}");
    let c = live(&[
        ("CHECKOUT_PROVIDER", "orders"),
        ("ORDERS_API_TOKEN", "secret-token-1234"),
        ("ORDERS_API_URL", "https://pay.example/api/"),
    ])
    .unwrap();
    assert_eq!(c.mode, Mode::Live);
    assert_eq!(c.orders.api_url.as_deref(), Some("https://pay.example/api"));
    assert!(!format!("{c:?}").contains("secret-token-1234"));
}

#[test]
fn lists_and_numbers_are_parsed_or_refused_by_name() {
    let c = config(&[
        (
            "CHECKOUT_ALLOWED_ORIGINS",
            "https://a.example, https://b.example",
        ),
        ("CHECKOUT_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7"),
        ("CHECKOUT_UPSTREAM_TIMEOUT_MS", "2500"),
    ])
    .unwrap();
    assert_eq!(
        c.allowed_origins,
        ["https://a.example", "https://b.example"]
    );
    assert!(c
        .trusted_proxies
        .trusts(std::net::IpAddr::from([10, 255, 0, 1])));
    assert!(c
        .trusted_proxies
        .trusts(std::net::IpAddr::from([192, 0, 2, 7])));
    assert!(!c
        .trusted_proxies
        .trusts(std::net::IpAddr::from([192, 0, 2, 8])));
    let err = config(&[("CHECKOUT_TRUSTED_PROXIES", "10.0.0.0/40")]).unwrap_err();
    assert!(err.0.contains("CHECKOUT_TRUSTED_PROXIES"), "{err}");
    let err = config(&[("CHECKOUT_FORWARDED_HEADER", "x-real-ip")]).unwrap_err();
    assert!(err.0.contains("CHECKOUT_FORWARDED_HEADER"), "{err}");
    assert_eq!(c.upstream_timeout, Duration::from_millis(2500));
    let err = config(&[("CHECKOUT_UPSTREAM_TIMEOUT_MS", "soon")]).unwrap_err();
    assert!(err.0.contains("CHECKOUT_UPSTREAM_TIMEOUT_MS"));
    assert_eq!(
        c.authorize_rate_per_minute,
        DEFAULT_AUTHORIZE_RATE_PER_MINUTE
    );
    assert_eq!(c.read_rate_per_minute, DEFAULT_READ_RATE_PER_MINUTE);
    let c = config(&[
        ("CHECKOUT_AUTHORIZE_RATE_PER_MINUTE", "5"),
        ("CHECKOUT_READ_RATE_PER_MINUTE", "0"),
    ])
    .unwrap();
    assert_eq!(c.authorize_rate_per_minute, 5);
    assert_eq!(c.read_rate_per_minute, 0);
    let err = config(&[("CHECKOUT_READ_RATE_PER_MINUTE", "-1")]).unwrap_err();
    assert!(err.0.contains("CHECKOUT_READ_RATE_PER_MINUTE"), "{err}");
    let err = config(&[("CHECKOUT_ALLOWED_ORIGINS", "shop.example")]).unwrap_err();
    assert!(err.0.contains("CHECKOUT_ALLOWED_ORIGINS"));
    let err = config(&[("CHECKOUT_LISTEN", "nowhere")]).unwrap_err();
    assert!(err.0.contains("CHECKOUT_LISTEN"));
}

#[test]
fn the_assets_listener_and_origin_are_optional_and_checked() {
    let c = config(&[]).unwrap();
    assert_eq!(c.assets_listen, None);
    assert_eq!(c.assets_origin, None);

    let c = config(&[
        ("CHECKOUT_ASSETS_LISTEN", "127.0.0.1:8081"),
        ("CHECKOUT_ASSETS_ORIGIN", "https://cdn.example"),
    ])
    .unwrap();
    assert_eq!(c.assets_listen, Some("127.0.0.1:8081".parse().unwrap()));
    assert_eq!(c.assets_origin.as_deref(), Some("https://cdn.example"));
    // An origin without a listener is a CDN serving the files: allowed.
    let c = config(&[("CHECKOUT_ASSETS_ORIGIN", "http://127.0.0.1:8081")]).unwrap();
    assert_eq!(c.assets_listen, None);
    assert_eq!(c.assets_origin.as_deref(), Some("http://127.0.0.1:8081"));

    let err = config(&[("CHECKOUT_ASSETS_LISTEN", "8081")]).unwrap_err();
    assert!(err.0.contains("CHECKOUT_ASSETS_LISTEN"), "{err}");
}

#[test]
fn an_assets_origin_is_written_as_browsers_write_origins() {
    for (given, origin) in [
        ("https://cdn.example", "https://cdn.example"),
        ("https://CDN.Example", "https://cdn.example"),
        ("https://cdn.example:443", "https://cdn.example"),
        ("https://cdn.example:8443", "https://cdn.example:8443"),
        ("http://127.0.0.1:8081", "http://127.0.0.1:8081"),
        ("http://[::1]:8081", "http://[::1]:8081"),
        (" http://localhost:8081 ", "http://localhost:8081"),
    ] {
        assert_eq!(parse_origin(given).as_deref(), Ok(origin), "{given}");
    }
    for bad in [
        "cdn.example",
        "//cdn.example",
        "https://cdn.example/",
        "https://cdn.example/assets",
        "https://cdn.example/.",
        "https://cdn.example?v=1",
        "https://cdn.example#x",
        "https://user:pw@cdn.example",
        "https://user@cdn.example",
        "ftp://cdn.example",
        "javascript:alert(1)",
        "data:text/html,x",
        "*",
        "'self'",
        "https://",
        "https://cdn.example\\x",
    ] {
        let err = parse_origin(bad).unwrap_err();
        assert!(
            err.starts_with("CHECKOUT_ASSETS_ORIGIN must be an origin"),
            "{bad}: {err}"
        );
    }
    let err = config(&[("CHECKOUT_ASSETS_ORIGIN", "https://cdn.example/")]).unwrap_err();
    assert!(err.0.contains("CHECKOUT_ASSETS_ORIGIN"), "{err}");
}
