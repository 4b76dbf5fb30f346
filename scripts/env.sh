# shellcheck shell=bash
# Sourced by every script: picks the Rust toolchain that can build wasm32 and puts the
# project's tools on PATH. Cheap (a few rustc --print calls), so every script can source it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
WASM_TARGET=wasm32-unknown-unknown
# trunk must be the 0.21 line: 0.22 needs a newer rustc than Debian's 1.96.0.
TRUNK_VERSION=0.21.14

# True when the given rustc has a precompiled wasm32 standard library in its sysroot.
has_wasm_std() {
  local libdir
  libdir=$("$1" --print target-libdir --target "$WASM_TARGET" 2>/dev/null) || return 1
  compgen -G "$libdir/libstd-*.rlib" >/dev/null
}

# Decides TOOLCHAIN: "default" (whatever rustc is first on PATH), "debian" (/usr/bin, with a
# wasm32 std built by setup.sh), or "none" (setup has not run yet).
detect_toolchain() {
  if command -v rustc >/dev/null 2>&1 && has_wasm_std rustc; then
    TOOLCHAIN=default
  elif [ -x /usr/bin/rustc ] && has_wasm_std /usr/bin/rustc; then
    TOOLCHAIN=debian
  else
    TOOLCHAIN=none
  fi
}

# Puts the chosen toolchain first. Node tools (wasm-opt from npm) come before /usr/bin so an
# old Debian binaryen can never shadow them; cargo-installed tools (trunk, wasm-bindgen) after.
apply_path() {
  local base="$ROOT/e2e/node_modules/.bin"
  if [ "$TOOLCHAIN" = debian ]; then
    PATH="$base:/usr/bin:$HOME/.cargo/bin:$PATH"
  else
    PATH="$base:$HOME/.cargo/bin:$PATH"
  fi
  export PATH
}

# The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

CHROME_BIN="${CHROME_BIN:-/usr/bin/chromium}"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROME_BIN CHROMEDRIVER

detect_toolchain
apply_path

# The wasm does not depend on where this checkout or cargo's registry lives: panic locations
# read /checkout/... and /crates/... instead of this machine's paths, so every clone builds
# the same bytes (and a few hundred fewer of them). Only for wasm32; host builds keep their
# real paths for debuggers and backtraces.
# The crates.io index directory is cut too (/crates/<crate>/...): 760 B shorter panic
# locations. The standard library's /rustc/<commit>/... paths come precompiled and stay.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$ROOT=/checkout --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=/crates"
# (Named even before cargo has downloaded anything, so the first build is already the same.)
for registry in index.crates.io-1949cf8c6b5b557f "${CARGO_HOME:-$HOME/.cargo}"/registry/src/index.crates.io-*; do
  case "$registry" in *'*'*) continue ;; esac
  registry="${CARGO_HOME:-$HOME/.cargo}/registry/src/${registry##*/}"
  case " $CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS " in
    *" --remap-path-prefix=$registry=/crates "*) ;;
    *) CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS+=" --remap-path-prefix=$registry=/crates" ;;
  esac
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
