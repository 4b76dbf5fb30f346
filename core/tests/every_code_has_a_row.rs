//! Every error code any part of the product can produce has an explicit row in
//! checkout-core's table (`core/src/error_code.rs`): a code written as text in the widget,
//! the proxy, the adapters or the sandbox, or named by a seed, that the table does not know
//! fails here, because an unknown code is treated as an unknown outcome, not explained.

use std::path::{Path, PathBuf};

use checkout_core::ErrorCode;

/// The Rust files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a source file before its `#[cfg(test)]` module, comments (and so doc
/// examples) left out: what ships.
fn shipped(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => &text,
    };
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The string literals that follow `marker` in `text`.
fn literals_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    text.match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &text[at + marker.len()..];
            rest.split('"').next()
        })
        .collect()
}

#[test]
fn every_code_written_in_the_product_is_in_the_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["src", "proxy/src", "sandbox/src", "core/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(
        files.len() > 40,
        "the sources were not found: {}",
        files.len()
    );
    let mut checked = 0;
    for file in &files {
        let text = shipped(file);
        for marker in ["ErrorCode::Other(\"", "ErrorCode::parse(\""] {
            for code in literals_after(&text, marker) {
                checked += 1;
                assert!(
                    !matches!(ErrorCode::parse(code), ErrorCode::Other(_)),
                    "{}: `{code}` has no row in checkout-core's error table",
                    file.display()
                );
            }
        }
    }
    // Today every code is a variant; the scan guards the text forms.
    let _ = checked;
}

#[test]
fn every_error_type_a_seed_names_is_in_the_table() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&seeds).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for marker in ["\"error_type\": \"", "\"error_code\": \""] {
            found.extend(
                literals_after(&text, marker)
                    .into_iter()
                    .map(str::to_string),
            );
        }
    }
    for code in &found {
        assert!(
            !matches!(ErrorCode::parse(code), ErrorCode::Other(_)),
            "a seed's `{code}` has no row in checkout-core's error table"
        );
    }
}
