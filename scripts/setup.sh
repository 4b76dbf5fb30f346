#!/usr/bin/env bash
# Installs what the build and the tests need, and only what is missing. Idempotent: on a
# machine that has everything it only checks, in a few seconds.
#
# Rust wasm32 target, in order of preference:
#   1. the default toolchain already has it;
#   2. `rustup target add` (with a short timeout: on machines that reach only package
#      registries it hangs instead of failing);
#   3. Debian's rustc-web 1.96 plus a wasm32 standard library built locally from
#      Debian's rust-web-src, installed into /usr/lib/rustlib (see docs/toolchain.md).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

say()  { printf '==> %s\n' "$*"; }
have() { printf '    ok  %s\n' "$*"; }
die()  { printf 'setup: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi
APT_UPDATED=0

# Installs the Debian packages among "$@" that are not installed yet.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "need the packages ${missing[*]} but apt-get is not available; install them by hand"
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Builds std for wasm32 with Debian's compiler from Debian's rust-web-src and installs it
# into Debian's sysroot, so plain `cargo build --target wasm32-unknown-unknown` works.
build_debian_wasm_std() {
  local tmp sysroot_lib
  tmp=$(mktemp -d)
  say "building the wasm32 standard library with /usr/bin/cargo (about a minute)"
  mkdir -p "$tmp/src"
  printf '[package]\nname = "wasm-std-seed"\nversion = "0.0.0"\nedition = "2021"\n[lib]\ncrate-type = ["cdylib"]\n[workspace]\n' >"$tmp/Cargo.toml"
  : >"$tmp/src/lib.rs"
  (
    cd "$tmp"
    # Debian's cargo would otherwise pick up rustup's rustc proxy from PATH.
    PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C embed-bitcode=yes" \
      CARGO_TARGET_DIR="$tmp/target" /usr/bin/cargo build --quiet --release --target "$WASM_TARGET" \
      -Zbuild-std=std,panic_abort,panic_unwind,test,proc_macro
  )
  sysroot_lib="$(/usr/bin/rustc --print sysroot)/lib/rustlib/$WASM_TARGET/lib"
  $SUDO mkdir -p "$sysroot_lib"
  find "$tmp/target/$WASM_TARGET/release/deps" -name 'lib*.rlib' ! -name 'libwasm_std_seed*' \
    -exec $SUDO cp {} "$sysroot_lib/" \;
  rm -rf "$tmp"
  # Artifacts built against an older sysroot fail with "can't find crate".
  rm -rf "$ROOT/target/$WASM_TARGET"
}

ensure_rust_wasm() {
  if [ "$TOOLCHAIN" != none ]; then
    have "Rust wasm32 target ($TOOLCHAIN toolchain: $(rustc --version))"
  else
    if command -v rustup >/dev/null 2>&1; then
      say "rustup target add $WASM_TARGET (45 s limit)"
      if timeout -k 5 45 rustup target add "$WASM_TARGET"; then
        detect_toolchain
      else
        echo "    rustup could not download the target; taking the Debian route"
      fi
    fi
    if [ "$TOOLCHAIN" = none ]; then
      apt_install rustc-web cargo-web rust-web-src rust-web-clippy rustfmt-web lld-22
      build_debian_wasm_std
      detect_toolchain
      [ "$TOOLCHAIN" = debian ] || die "the wasm32 standard library did not install"
    fi
    apply_path
    have "Rust wasm32 target ($TOOLCHAIN toolchain: $(rustc --version))"
  fi
  if [ "$TOOLCHAIN" = debian ]; then
    # clippy and rustfmt must come from the same compiler as the wasm32 std.
    apt_install rust-web-clippy rustfmt-web lld-22
  elif ! cargo clippy --version >/dev/null 2>&1 || ! cargo fmt --version >/dev/null 2>&1; then
    say "rustup component add clippy rustfmt"
    rustup component add clippy rustfmt
  fi
}

# The release build's toolchain (use_release_toolchain in env.sh): a rustc with std's source,
# else Debian's rustc-web with rust-web-src (and lld-22 for its `rust-lld`); then std's own
# dependencies (dlmalloc and a few more) into cargo's cache, since trunk builds offline.
ensure_release_toolchain() {
  if ! find_release_rustc; then
    apt_install rustc-web cargo-web rust-web-src lld-22
    find_release_rustc || die "no rustc with the standard library's source after installing rust-web-src"
  fi
  [ "$RELEASE_RUSTC" = /usr/bin/rustc ] && apt_install lld-22
  (use_release_toolchain && cargo fetch --quiet --target "$WASM_TARGET") \
    || die "could not fetch the standard library's dependencies"
  have "release wasm toolchain: $("$RELEASE_RUSTC" --version), std built from source"
}

# cargo-installs $1 at version $2 unless `$3 --version` already reports it.
cargo_tool() {
  local crate=$1 version=$2 bin=$3; shift 3
  if "$bin" --version 2>/dev/null | grep -qx "$bin $version"; then
    have "$bin $version"
    return
  fi
  say "cargo install $crate $version (several minutes, once)"
  # The tools' own release profiles use fat LTO and one codegen unit, whose last step runs
  # on a single core for minutes; a build tool does not need that. Scoped to this install:
  # the project's own builds keep their profiles.
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --quiet "$crate" --version "$version" "$@"
}

ensure_web_tools() {
  local wbg
  wbg=$(locked_wasm_bindgen_version)
  [ -n "$wbg" ] || die "Cargo.lock does not pin wasm-bindgen"
  # --locked fails for wasm-bindgen-cli (its lock names a crate version the registry no longer
  # serves); trunk needs --locked (a newer lightningcss does not compile with it).
  cargo_tool wasm-bindgen-cli "$wbg" wasm-bindgen
  cargo_tool trunk "$TRUNK_VERSION" trunk --locked
}

ensure_browser() {
  if [ -x "$CHROME_BIN" ] && [ -x "$CHROMEDRIVER" ]; then
    have "$("$CHROME_BIN" --version 2>/dev/null | head -n1), chromedriver"
  else
    apt_install chromium chromium-driver
    [ -x "$CHROME_BIN" ] && [ -x "$CHROMEDRIVER" ] || die "Chromium or ChromeDriver missing after install"
  fi
}

# npm dev dependencies of e2e/ (Playwright, axe-core, binaryen's wasm-opt, terser for the
# release glue), from the lock.
ensure_node_modules() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  local stamp="$ROOT/e2e/node_modules/.lock-sha256" want
  want=$(sha256sum "$ROOT/e2e/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    have "e2e node modules (wasm-opt $(wasm-opt --version 2>/dev/null | awk '{print $3}'))"
    return
  fi
  say "npm ci in e2e/"
  (cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

# Schemathesis (the OpenAPI fuzzer of scripts/schemathesis.sh) in a virtual environment under
# the git-ignored .tools/, at the exact versions of scripts/schemathesis/requirements.txt; a
# stamp of that file's hash makes a second run only check.
ensure_schemathesis() {
  local venv="$ROOT/.tools/venv" req="$ROOT/scripts/schemathesis/requirements.txt" want python
  local stamp="$ROOT/.tools/venv/.requirements-sha256"
  local c
  python=""
  for c in python3.13 python3.12 python3.11 python3; do
    # pyenv puts shims on PATH for versions it will not run: try each.
    if "$c" -c 'import venv' >/dev/null 2>&1; then python=$(command -v "$c"); break; fi
  done
  if [ -z "$python" ]; then
    apt_install python3 python3-venv python3-pip
    python=$(command -v python3)
  fi
  want="$(sha256sum "$req" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$venv/bin/st" --version >/dev/null 2>&1; then
    have "$("$venv/bin/st" --version) (Python ${want#* })"
    return
  fi
  say "pip install Schemathesis into .tools/venv"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$req"
  "$venv/bin/st" --version >/dev/null || die "Schemathesis did not install"
  echo "$want" >"$stamp"
}

# step NAME FUNCTION: runs one setup step and prints how long it took.
step() {
  local t=$SECONDS
  "$2"
  printf '    %-16s %4d s\n' "$1" "$((SECONDS - t))"
}

start=$SECONDS
step "rust wasm32" ensure_rust_wasm
step "release rust" ensure_release_toolchain
step "web tools" ensure_web_tools
step "browser" ensure_browser
step "node modules" ensure_node_modules
step "schemathesis" ensure_schemathesis
say "setup done in $((SECONDS - start)) s"
