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

# The release wasm (the widget's and the card frame's) compiles the standard library itself,
# with the rest of the wasm: panics abort at once (`-Cpanic=immediate-abort`: no panic message
# formatting, no file paths) and std picks its smaller code paths (`optimize_for_size`). That
# takes std's source beside the compiler and cargo's unstable flags (RUSTC_BOOTSTRAP=1), so
# only scripts/release.sh does it, in a target directory of its own (target/release-wasm):
# debug builds, tests and clippy keep the ordinary toolchain and their caches.
# Measured on this build (docs/toolchain.md): about 5.5 KB less brotli for the widget and
# 1 KB less for the card frame.

# Sets RELEASE_RUSTC to a rustc whose sysroot has std's source: the default toolchain's (with
# rustup's rust-src component) or Debian's rustc-web (with rust-web-src). Fails when neither.
find_release_rustc() {
  RELEASE_RUSTC=""
  local r sysroot
  for r in rustc /usr/bin/rustc; do
    command -v "$r" >/dev/null 2>&1 || continue
    sysroot=$("$r" --print sysroot 2>/dev/null) || continue
    if [ -f "$sysroot/lib/rustlib/src/rust/library/Cargo.lock" ]; then
      RELEASE_RUSTC=$(command -v "$r")
      return 0
    fi
  done
  return 1
}

# Switches this shell to the release wasm build (see above). Fails, saying what to install,
# when no toolchain has std's source (scripts/setup.sh installs Debian's).
use_release_toolchain() {
  if ! find_release_rustc; then
    echo "release build: no rustc with the standard library's source; run scripts/setup.sh (Debian: rustc-web, cargo-web, rust-web-src, lld-22) or 'rustup component add rust-src'" >&2
    return 1
  fi
  if [ "$RELEASE_RUSTC" = /usr/bin/rustc ]; then
    # Debian's cargo and rustc before rustup's proxies; node tools (wasm-opt) still first.
    PATH="$ROOT/e2e/node_modules/.bin:/usr/bin:$PATH"
  fi
  RUSTC="$RELEASE_RUSTC"
  RUSTC_BOOTSTRAP=1
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  CARGO_TARGET_DIR="$ROOT/target/release-wasm"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS+=" -Zunstable-options -Cpanic=immediate-abort"
  # Scripts the build runs (trunk's hooks: scripts/card-frame.sh) source this file again.
  CHECKOUT_RELEASE_WASM=1
  export CHECKOUT_RELEASE_WASM PATH RUSTC RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD CARGO_UNSTABLE_BUILD_STD_FEATURES \
    CARGO_TARGET_DIR CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
}

# Sourced again inside a release build (by a trunk hook): stay on its toolchain.
if [ "${CHECKOUT_RELEASE_WASM:-}" = 1 ]; then use_release_toolchain; fi
