//! 3DS2 browser data: the normalisation table from issue 5, the proxy's
//! validation, and properties over hostile browser input.

use checkout_core::device::{
    color_depth, language_tag, normalise, parse_device, screen_dimension, timezone_offset,
    user_agent, validate, BrowserDevice, DeviceError, RawBrowserData, ALLOWED_COLOR_DEPTHS,
};
use proptest::prelude::*;
use serde_json::{json, Value};

fn sample() -> BrowserDevice {
    BrowserDevice {
        app_color_depth: 24,
        app_java_enabled: false,
        app_language: "en-US".to_owned(),
        app_screen_height: 1080,
        app_screen_width: 1920,
        app_timezone_offset: -120,
        user_agent: "Mozilla/5.0".to_owned(),
    }
}

/// One edit that puts a single field out of range.
type Change = fn(&mut BrowserDevice);

fn field_of(result: Result<(), DeviceError>) -> &'static str {
    result.unwrap_err().field
}

#[test]
fn colour_depth_table() {
    let cases: &[(Option<i64>, u8)] = &[
        (Some(30), 24),
        (Some(10), 8),
        (Some(48), 48),
        (Some(64), 48),
        (Some(i64::MAX), 48),
        (Some(24), 24),
        (Some(32), 32),
        (Some(31), 24),
        (Some(16), 16),
        (Some(15), 15),
        (Some(14), 8),
        (Some(7), 4),
        (Some(4), 4),
        (Some(3), 1),
        (Some(2), 1),
        (Some(1), 1),
        // Below 1 is not a depth at all: invalid, so the default.
        (Some(0), 24),
        (Some(-8), 24),
        (Some(i64::MIN), 24),
        (None, 24),
    ];
    for &(raw, expected) in cases {
        assert_eq!(color_depth(raw), expected, "colour depth {raw:?}");
    }
}

#[test]
fn every_allowed_depth_maps_to_itself() {
    for depth in ALLOWED_COLOR_DEPTHS {
        assert_eq!(color_depth(Some(i64::from(depth))), depth);
    }
}

#[test]
fn language_table() {
    let cases: &[(Option<&str>, &str)] = &[
        (Some("zh-Hant-TW"), "zh-Hant"),
        (Some("en-US"), "en-US"),
        (Some("en"), "en"),
        (Some("fr"), "fr"),
        (Some("de-DE-u-co-phonebk"), "de-DE"),
        (Some("es-419"), "es-419"),
        (Some("sr-Latn-RS"), "sr-Latn"),
        (Some("sl-rozaj"), "sl-rozaj"),
        (Some("sl-rozaj-biske"), "sl-rozaj"),
        (Some("en-GB-oxendict"), "en-GB"),
        (Some("en-x-pirate"), "en"),
        (Some("EN-us"), "EN-us"),
        (Some("en_US"), "en-US"),
        (Some("  pt-BR \n"), "pt-BR"),
        (Some("en--US"), "en"),
        (Some("en-US,fr"), "en"),
        // A singleton alone is private use or grandfathered: no language in it.
        (Some("x"), "en"),
        (Some("x-klingon"), "en"),
        (Some("i-klingon"), "en"),
        (Some(""), "en"),
        (Some("   "), "en"),
        (Some("-US"), "en"),
        (Some("e1"), "en"),
        (Some("中文"), "en"),
        (Some("toolongprimary"), "en"),
        (None, "en"),
    ];
    for &(raw, expected) in cases {
        assert_eq!(language_tag(raw), expected, "language {raw:?}");
    }
}

#[test]
fn timezone_table() {
    let cases: &[(Option<i64>, i16)] = &[
        (Some(-120), -120), // UTC+2: the sign is the browser's, not flipped
        (Some(300), 300),   // UTC-5
        (Some(-330), -330), // India
        (Some(0), 0),
        (Some(-840), -840), // Kiribati, UTC+14
        (Some(720), 720),   // Baker Island, UTC-12
        (Some(-345), -345), // Nepal
        (Some(900), 720),
        (Some(-900), -840),
        (Some(i64::MAX), 720),
        (Some(i64::MIN), -840),
        (None, 0),
    ];
    for &(raw, expected) in cases {
        assert_eq!(timezone_offset(raw), expected, "timezone {raw:?}");
    }
}

#[test]
fn screen_table() {
    let cases: &[(Option<i64>, u32)] = &[
        (Some(1920), 1920),
        (Some(1), 1),
        (Some(999_999), 999_999),
        (Some(1_000_000), 999_999),
        (Some(i64::MAX), 999_999),
        (Some(0), 1),
        (Some(-1), 1),
        (Some(i64::MIN), 1),
        (None, 1),
    ];
    for &(raw, expected) in cases {
        assert_eq!(screen_dimension(raw), expected, "screen {raw:?}");
    }
}

#[test]
fn user_agent_is_cut_to_2048_characters() {
    let long = "a".repeat(5000);
    assert_eq!(user_agent(Some(&long)).chars().count(), 2048);
    assert_eq!(user_agent(Some("Mozilla/5.0")), "Mozilla/5.0");
    assert_eq!(user_agent(None), "");
    let exact = "b".repeat(2048);
    assert_eq!(user_agent(Some(&exact)), exact);
}

#[test]
fn a_multibyte_character_at_the_limit_is_kept_whole_or_dropped_whole() {
    // 'é' is the 2048th character: kept, and whole.
    let at_limit = format!("{}é{}", "a".repeat(2047), "z".repeat(100));
    let cut = user_agent(Some(&at_limit));
    assert_eq!(cut.chars().count(), 2048);
    assert!(cut.ends_with('é'));
    assert_eq!(cut.len(), 2049);

    // '😀' would be the 2049th: dropped, not half-sent.
    let past_limit = format!("{}😀", "a".repeat(2048));
    assert_eq!(user_agent(Some(&past_limit)), "a".repeat(2048));
}

#[test]
fn normalise_applies_every_rule_and_turns_java_off() {
    let raw = RawBrowserData {
        color_depth: Some(30),
        language: Some("zh-Hant-TW".to_owned()),
        screen_width: Some(2560),
        screen_height: Some(0),
        timezone_offset: Some(-330),
        user_agent: Some("x".repeat(3000)),
    };
    let device = normalise(&raw);
    assert_eq!(device.app_color_depth, 24);
    assert!(!device.app_java_enabled);
    assert_eq!(device.app_language, "zh-Hant");
    assert_eq!(device.app_screen_width, 2560);
    assert_eq!(device.app_screen_height, 1);
    assert_eq!(device.app_timezone_offset, -330);
    assert_eq!(device.user_agent.len(), 2048);
}

#[test]
fn nothing_reported_gives_the_documented_defaults() {
    let device = normalise(&RawBrowserData::default());
    assert_eq!(
        device,
        BrowserDevice {
            app_color_depth: 24,
            app_java_enabled: false,
            app_language: "en".to_owned(),
            app_screen_height: 1,
            app_screen_width: 1,
            app_timezone_offset: 0,
            user_agent: String::new(),
        }
    );
    assert_eq!(validate(&device), Ok(()));
}

#[test]
fn serialises_with_exactly_processouts_field_names() {
    let value = serde_json::to_value(sample()).unwrap();
    let mut names: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "app_color_depth",
            "app_java_enabled",
            "app_language",
            "app_screen_height",
            "app_screen_width",
            "app_timezone_offset",
            "user_agent",
        ]
    );
    assert_eq!(value["app_color_depth"], json!(24));
    assert_eq!(value["app_timezone_offset"], json!(-120));
}

#[test]
fn deserialises_ignoring_unknown_fields_and_accepting_a_textual_depth() {
    let body = json!({
        "app_color_depth": "32",
        "app_java_enabled": false,
        "app_language": "fr",
        "app_screen_height": 800,
        "app_screen_width": 1280,
        "app_timezone_offset": 60,
        "user_agent": "UA",
        "app_javascript_enabled": true,
        "something_new": [1, 2]
    });
    let device: BrowserDevice = serde_json::from_value(body).unwrap();
    assert_eq!(device.app_color_depth, 32);
    assert_eq!(device.app_language, "fr");
    assert_eq!(device.app_timezone_offset, 60);

    let round_trip: BrowserDevice =
        serde_json::from_value(serde_json::to_value(sample()).unwrap()).unwrap();
    assert_eq!(round_trip, sample());

    let bad = json!({"app_color_depth": "deep", "app_java_enabled": false, "app_language": "en",
        "app_screen_height": 1, "app_screen_width": 1, "app_timezone_offset": 0, "user_agent": ""});
    assert!(serde_json::from_value::<BrowserDevice>(bad).is_err());
}

#[test]
fn validate_accepts_a_real_browser_and_both_java_values() {
    assert_eq!(validate(&sample()), Ok(()));
    let java = BrowserDevice {
        app_java_enabled: true,
        ..sample()
    };
    assert_eq!(validate(&java), Ok(()));
}

#[test]
fn validate_names_the_field_that_is_out_of_range() {
    let with = |change: fn(&mut BrowserDevice)| {
        let mut device = sample();
        change(&mut device);
        validate(&device)
    };
    let cases: &[(Change, &str)] = &[
        (|d| d.app_color_depth = 30, "device.app_color_depth"),
        (|d| d.app_color_depth = 0, "device.app_color_depth"),
        (|d| d.app_color_depth = 64, "device.app_color_depth"),
        (|d| d.app_language = String::new(), "device.app_language"),
        (
            |d| d.app_language = "zh-Hant-TW".into(),
            "device.app_language",
        ),
        (|d| d.app_language = "de-u-co".into(), "device.app_language"),
        (|d| d.app_language = "x".into(), "device.app_language"),
        (|d| d.app_language = "en_US".into(), "device.app_language"),
        (|d| d.app_language = " en".into(), "device.app_language"),
        (|d| d.app_language = "en-".into(), "device.app_language"),
        (|d| d.app_language = "12".into(), "device.app_language"),
        (|d| d.app_screen_height = 0, "device.app_screen_height"),
        (
            |d| d.app_screen_height = 1_000_000,
            "device.app_screen_height",
        ),
        (|d| d.app_screen_width = 0, "device.app_screen_width"),
        (|d| d.app_screen_width = u32::MAX, "device.app_screen_width"),
        (
            |d| d.app_timezone_offset = 721,
            "device.app_timezone_offset",
        ),
        (
            |d| d.app_timezone_offset = -841,
            "device.app_timezone_offset",
        ),
        (|d| d.user_agent = "u".repeat(2049), "device.user_agent"),
    ];
    for (i, (change, field)) in cases.iter().enumerate() {
        assert_eq!(field_of(with(*change)), *field, "case {i}");
    }
}

#[test]
fn validate_allows_the_edges() {
    let edges = BrowserDevice {
        app_color_depth: 1,
        app_java_enabled: false,
        app_language: "sl-rozaj".into(),
        app_screen_height: 999_999,
        app_screen_width: 1,
        app_timezone_offset: -840,
        user_agent: "é".repeat(2048),
    };
    assert_eq!(validate(&edges), Ok(()));
    let other_edges = BrowserDevice {
        app_color_depth: 48,
        app_timezone_offset: 720,
        ..edges
    };
    assert_eq!(validate(&other_edges), Ok(()));
}

#[test]
fn the_error_displays_field_and_reason() {
    let error = validate(&BrowserDevice {
        app_color_depth: 30,
        ..sample()
    })
    .unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("device.app_color_depth: 30 "), "{text}");
    let _: &dyn std::error::Error = &error;
}

fn body() -> Value {
    serde_json::to_value(sample()).unwrap()
}

#[test]
fn parse_device_reads_a_valid_body_and_a_textual_depth() {
    assert_eq!(parse_device(&body()), Ok(sample()));
    let mut textual = body();
    textual["app_color_depth"] = json!("24");
    assert_eq!(parse_device(&textual), Ok(sample()));
}

#[test]
fn parse_device_names_the_field_for_wrong_types_and_ranges() {
    let cases: &[(&str, Value, &str)] = &[
        ("app_color_depth", json!(300), "device.app_color_depth"),
        ("app_color_depth", json!(-1), "device.app_color_depth"),
        ("app_color_depth", json!(30), "device.app_color_depth"),
        ("app_color_depth", json!("deep"), "device.app_color_depth"),
        ("app_color_depth", json!(24.5), "device.app_color_depth"),
        ("app_java_enabled", json!("no"), "device.app_java_enabled"),
        ("app_language", json!(7), "device.app_language"),
        ("app_language", json!("klingon-x"), "device.app_language"),
        ("app_screen_height", json!(-5), "device.app_screen_height"),
        ("app_screen_width", json!(1e20), "device.app_screen_width"),
        (
            "app_screen_width",
            json!(5_000_000_000_i64),
            "device.app_screen_width",
        ),
        (
            "app_timezone_offset",
            json!(100_000),
            "device.app_timezone_offset",
        ),
        (
            "app_timezone_offset",
            json!(900),
            "device.app_timezone_offset",
        ),
        (
            "app_timezone_offset",
            json!("-120"),
            "device.app_timezone_offset",
        ),
        ("user_agent", json!(null), "device.user_agent"),
    ];
    for (name, value, field) in cases {
        let mut changed = body();
        changed[*name] = value.clone();
        assert_eq!(
            parse_device(&changed).unwrap_err().field,
            *field,
            "{name} = {value}"
        );
    }
    let mut missing = body();
    missing.as_object_mut().unwrap().remove("app_screen_width");
    assert_eq!(
        parse_device(&missing).unwrap_err().field,
        "device.app_screen_width"
    );
    assert_eq!(parse_device(&json!([1])).unwrap_err().field, "device");
}

fn raw_strategy() -> impl Strategy<Value = RawBrowserData> {
    (
        any::<Option<i64>>(),
        proptest::option::of(prop_oneof![
            any::<String>(),
            "[a-zA-Z]{0,9}([-_][a-zA-Z0-9]{0,9}){0,4}",
        ]),
        any::<Option<i64>>(),
        any::<Option<i64>>(),
        any::<Option<i64>>(),
        proptest::option::of(prop_oneof![any::<String>(), "\\PC{2040,2060}",]),
    )
        .prop_map(
            |(color_depth, language, screen_width, screen_height, timezone_offset, user_agent)| {
                RawBrowserData {
                    color_depth,
                    language,
                    screen_width,
                    screen_height,
                    timezone_offset,
                    user_agent,
                }
            },
        )
}

proptest! {
    #[test]
    fn whatever_the_browser_says_normalise_passes_validation(raw in raw_strategy()) {
        let device = normalise(&raw);
        prop_assert_eq!(validate(&device), Ok(()));
        prop_assert_eq!(parse_device(&serde_json::to_value(&device).unwrap()), Ok(device));
    }

    #[test]
    fn normalising_twice_changes_nothing(raw in raw_strategy()) {
        let once = normalise(&raw);
        let again = normalise(&RawBrowserData {
            color_depth: Some(i64::from(once.app_color_depth)),
            language: Some(once.app_language.clone()),
            screen_width: Some(i64::from(once.app_screen_width)),
            screen_height: Some(i64::from(once.app_screen_height)),
            timezone_offset: Some(i64::from(once.app_timezone_offset)),
            user_agent: Some(once.user_agent.clone()),
        });
        prop_assert_eq!(again, once);
    }

    #[test]
    fn depth_is_the_largest_allowed_value_not_above_the_raw_one(bits in 1_i64..10_000) {
        let depth = color_depth(Some(bits));
        prop_assert!(i64::from(depth) <= bits);
        prop_assert!(ALLOWED_COLOR_DEPTHS
            .iter()
            .all(|&d| d <= depth || i64::from(d) > bits));
    }

    #[test]
    fn a_language_is_a_prefix_at_a_subtag_boundary(tag in "[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}") {
        let short = language_tag(Some(&tag));
        prop_assert!(short.len() <= 8);
        let boundary = format!("{}-", short);
        prop_assert!(tag == short || tag.starts_with(&boundary));
    }

    #[test]
    fn timezones_in_range_are_sent_unchanged(minutes in -840_i64..=720) {
        prop_assert_eq!(i64::from(timezone_offset(Some(minutes))), minutes);
    }

    #[test]
    fn validation_refuses_only_out_of_range_depths_and_offsets(depth: u8, offset: i16) {
        let device = BrowserDevice { app_color_depth: depth, app_timezone_offset: offset, ..sample() };
        let fine = ALLOWED_COLOR_DEPTHS.contains(&depth) && (-840..=720).contains(&offset);
        prop_assert_eq!(validate(&device).is_ok(), fine);
    }
}
