#!/usr/bin/env bash
# `make test`: setup, then every tier. Keeps going after a failure so one run shows every
# problem, and ends with one line "N passed, M failed" over all tiers. Lint, build and size
# checks count as one test each; a test tier that ran zero tests counts as failed.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

LOGS="$ROOT/target/test-logs"
mkdir -p "$LOGS"
passed=0; failed=0
summary=()

banner() { printf '\n==== %s ====\n' "$*"; }

# check NAME CMD...: one pass or one failure.
check() {
  local name=$1; shift
  banner "$name"
  if "$@" 2>&1 | tee "$LOGS/$name.log"; then
    passed=$((passed + 1)); summary+=("$name: ok")
  else
    failed=$((failed + 1)); summary+=("$name: FAILED (log: target/test-logs/$name.log)")
  fi
}

# failures KIND LOG: each failed test's name and the first line of its error, at most 20 tests.
failures() {
  case "$1" in
    cargo) grep -aE '^test .* \.\.\. FAILED$|panicked at' "$2" | head -n 40 ;;
    playwright)
      awk '/^ +[0-9]+\) \[/ { sub(/^ +/, ""); gsub("─", ""); sub(/ +$/, ""); name = $0; want = 1; next }
           want && /(Error|[Tt]imeout|expect|Expected|Received)/ { sub(/^ +/, ""); print name " :: " substr($0, 1, 200); want = 0 }' "$2" | head -n 20
      grep -aE '^ *[0-9]+ did not run' "$2" | sed 's/^ *//' ;;
    plain) grep -aE 'FAILED|failed' "$2" | tail -n 10 ;;
  esac
}

# tier NAME KIND CMD...: runs a test suite and counts its tests from its own output.
# KIND is "cargo" (libtest / wasm-bindgen-test-runner lines), "playwright", or "plain" (the
# suite's own closing line "N passed, M failed").
tier() {
  local name=$1 kind=$2; shift 2
  banner "$name"
  "$@" 2>&1 | tee "$LOGS/$name.log"
  local rc=${PIPESTATUS[0]} p=0 f=0
  case "$kind" in
    cargo)
      p=$(grep -aoE 'test result: [A-Za-z]+\. [0-9]+ passed' "$LOGS/$name.log" | awk '{s+=$4} END {print s+0}')
      f=$(grep -aoE '; [0-9]+ failed' "$LOGS/$name.log" | awk '{s+=$2} END {print s+0}') ;;
    playwright)
      p=$(grep -aoE '^ *[0-9]+ passed' "$LOGS/$name.log" | awk '{s+=$1} END {print s+0}')
      f=$(grep -aoE '^ *[0-9]+ (failed|flaky)' "$LOGS/$name.log" | awk '{s+=$1} END {print s+0}') ;;
    plain)
      p=$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$LOGS/$name.log" | tail -n1 | awk '{print $1+0}')
      f=$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$LOGS/$name.log" | tail -n1 | awk '{print $3+0}')
      p=${p:-0}; f=${f:-0} ;;
  esac
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # it failed before counting (build error)
  # Name what failed in the summary too: CI keeps only the end of the output.
  if [ "$f" -gt 0 ]; then
    while IFS= read -r line; do summary+=("  $line"); done < <(failures "$kind" "$LOGS/$name.log")
  fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    f=1; summary+=("$name: FAILED, ran no tests")
  else
    summary+=("$name: $p passed, $f failed")
  fi
  passed=$((passed + p)); failed=$((failed + f))
}

e2e() {
  cargo build -p checkout-proxy && (cd e2e && npx playwright test)
}

check fmt cargo fmt --all -- --check
check clippy-host cargo clippy --workspace --all-targets -- -D warnings
# The production proxy (no sandbox feature): it must build clean, refuse sandbox mode, and
# pass every test that needs no sandbox (proxy/tests/production.rs: 404 under /sandbox and no
# emulator strings in the binary; mode.rs: the live-mode refusals over the real binary).
check proxy-production bash -c "cargo clippy -p checkout-proxy --no-default-features --all-targets -- -D warnings && cargo test -q -p checkout-proxy --no-default-features"
check clippy-wasm32 bash -c "cargo clippy --target $WASM_TARGET -p checkout-widget --all-targets -- -D warnings && cargo clippy --target $WASM_TARGET -p checkout-core --lib -- -D warnings && cargo clippy --target $WASM_TARGET -p card-frame -- -D warnings && cargo clippy --target $WASM_TARGET -p wasm-streams --all-targets -- -D warnings"
tier native cargo cargo test --workspace
# The contracts fuzzed against the running proxy (one test per spec: docs/openapi.yaml and
# docs/sandbox.openapi.yaml); logs and NDJSON reports under target/test-logs/schemathesis/.
# A fixed seed by default, so CI repeats the same cases; ST_SEED=<n> explores others.
tier schemathesis plain env ST_SEED="${ST_SEED:-20261202}" bash scripts/schemathesis.sh
tier browser cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=60 cargo test --target "$WASM_TARGET" -p checkout-widget -p wasm-streams --test '*'
check release-build bash -c "bash scripts/release.sh && node scripts/check-dist.cjs"
tier e2e playwright e2e
check size bash scripts/size-report.sh

banner summary
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
