#!/usr/bin/env bash
# Fuzzes the proxy against its published contracts with Schemathesis (pinned in
# scripts/schemathesis/requirements.txt, installed by scripts/setup.sh into .tools/venv):
# docs/openapi.yaml (the widget API under /checkout) and docs/sandbox.openapi.yaml (the
# sandbox routes a merchant's tests call), every check, with stateful testing through the
# specs' OpenAPI links.
#
# The debug proxy runs in sandbox mode on a port of its choosing from a private copy of the binary
# (target/ is shared with other checkouts), seeded through its own sandbox API with fresh
# invoices and tokenized test cards, which Schemathesis mixes into the ids and sources it
# generates so authorize runs past the 404s. Rate limits are off for the run: one client
# sending hundreds of requests a minute would otherwise fuzz the limiter (every answer a
# 429) instead of the routes; the 429 answer is in the spec and proxy/tests/rate_limit.rs
# proves it over HTTP.
#
# A failed check fails the script; Schemathesis prints each failure with a curl command that
# reproduces it. Ends with "N passed, M failed" over the two specs' operations.
#
# One worker: with two, CPython 3.11 (the machine's Python) fails inside Hypothesis with
# "SystemError: AST constructor recursion depth mismatch" (its ast module is not
# thread-safe), and the proxy shares the machine's two cores anyway.
#
# Usage: scripts/schemathesis.sh [checkout|sandbox]...   (default: both)
# Tuning: ST_MAX_EXAMPLES (default 200 per operation and phase), ST_SEED (a fixed seed makes
# a failing run repeatable; `make test` passes one so CI repeats the same cases; run alone,
# Schemathesis picks one and prints it).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

ST="$ROOT/.tools/venv/bin/st"
[ -x "$ST" ] || bash scripts/setup.sh >/dev/null
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(checkout sandbox)

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/checkout-st.XXXXXX")
proxy_pid=""
cleanup() {
  if [ -n "$proxy_pid" ]; then kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; fi
  rm -rf "$run_dir"
}
trap cleanup EXIT

cargo build -q -p checkout-proxy
cp target/debug/checkout-proxy "$run_dir/checkout-proxy"

# Port 0: the proxy picks a free port and logs it, so no other process can take it first.
env -i PATH="$PATH" HOME="$HOME" CHECKOUT_MODE=sandbox CHECKOUT_LISTEN=127.0.0.1:0 \
  CHECKOUT_READ_RATE_PER_MINUTE=0 CHECKOUT_AUTHORIZE_RATE_PER_MINUTE=0 RUST_LOG=info \
  "$run_dir/checkout-proxy" >"$run_dir/proxy.log" 2>&1 &
proxy_pid=$!
port=""
for _ in $(seq 100); do
  port=$(grep -aoE 'listening on http://127\.0\.0\.1:[0-9]+' "$run_dir/proxy.log" | grep -oE '[0-9]+$' || true)
  [ -n "$port" ] && curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$proxy_pid" 2>/dev/null || { cat "$run_dir/proxy.log"; echo "the proxy did not start"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$run_dir/proxy.log"; echo "the proxy did not say where it listens"; exit 1; }
base="http://127.0.0.1:$port"

# The sandbox's public demo credentials (docs/api.md).
PROJECT=test-proj_checkoutSandbox
KEY=key_sandbox_checkoutWidgetDemoKey0001

# POST to the sandbox; prints the id at JSON path $1 of the answer.
seed() {
  local field=$1; shift
  curl -fsS "$@" | "$ROOT/.tools/venv/bin/python" -c "import json,sys; print(json.load(sys.stdin)$field)"
}
invoices=() cards=()
for i in $(seq 20); do
  invoices+=("$(seed '["invoice"]["id"]' -u "$PROJECT:$KEY" "$base/sandbox/invoices" \
    -d name="Fuzzed item $i" -d amount="$i.50" -d currency=EUR)")
done
for number in 4242424242424242 4000000000000101; do
  cards+=("$(seed '["card"]["id"]' -u "$PROJECT:" "$base/sandbox/cards" \
    -d number="$number" -d exp_month=12 -d exp_year=2030 -d cvc2=123 -d name="Jane Doe")")
done
# A tokenized card pays the first invoice, so a transaction exists to read. card_ tokens are
# single-use: handed to the fuzzer, every reuse would be a legitimate 400
# `request.source.card-already-used` that positive_data_acceptance reports as a drift, so it
# gets the reusable saved tokens (success, decline, pending, challenge, frictionless).
sources=(tok_test4242424242424242 tok_test4000000000002206 tok_test4000000000000309
  tok_test4000000000000101 tok_test4000000000003055)
transaction=$(curl -fsS "$base/checkout/invoices/${invoices[0]}/authorize" -H 'Idempotency-Key: st-seed' \
  -H 'Content-Type: application/json' -d '{"source":"'"${cards[0]}"'","device":{"app_color_depth":24,
  "app_java_enabled":false,"app_language":"en-GB","app_screen_height":900,"app_screen_width":1440,
  "app_timezone_offset":0,"user_agent":"st"}}' | "$ROOT/.tools/venv/bin/python" -c \
  'import json,sys; print(json.load(sys.stdin)["transaction"]["id"])')
echo "seeded: invoices ${invoices[*]}; sources ${sources[*]}; transaction $transaction"

# TOML array of quoted strings.
toml_list() { local out="" v; for v in "$@"; do out+="${out:+, }\"$v\""; done; printf '[%s]' "$out"; }

# The seeded values go in as dictionaries that Schemathesis draws from half of the time; the
# other half it generates its own (mostly unknown or invalid) values.
cat >"$run_dir/schemathesis.toml" <<EOF
[dictionaries]
invoices = { values = $(toml_list "${invoices[@]}" iv_demoAmazingItemAUD iv_demoTeaSetJPY iv_demoOudKWD iv_demoBooksEUR) }
transactions = { values = $(toml_list "$transaction") }
sources = { values = $(toml_list "${sources[@]}") }
cards = { values = $(toml_list "${cards[@]}") }
numbers = { values = ["4242424242424242", "4000000000000002", "4000000000000101", "5555555555554444", "378282246310005"] }
currencies = { values = ["EUR", "USD", "JPY", "KWD", "AUD", "GBP"] }

# Unknown query parameters, headers and body fields are ignored (documented), not errors.
[generation]
allow-extra-parameters = false

[parameters]
"path.invoice_id" = { dictionary = "invoices", probability = 0.5 }
"path.transaction_id" = { dictionary = "transactions", probability = 0.5 }
"path.card_id" = { dictionary = "cards", probability = 0.5 }
"body.source" = { dictionary = "sources", probability = 0.5 }
"body.number" = { dictionary = "numbers", probability = 0.5 }
"body.currency" = { dictionary = "currencies", probability = 0.5 }

# Stateful runs chain valid calls (invoice -> authorize -> transaction); invalid input is the
# coverage and fuzzing phases' job. Negative stateful steps also add unknown query parameters
# (which HTTP APIs ignore) and drop the Authorization header that --auth then puts back.
[phases.stateful]
generation.mode = "positive"

# A valid request may be declined: 402 is an answer, not a refusal of the request.
[[operations]]
include-operation-id = "authorizeInvoice"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "402", "403", "404", "409", "429", "5xx"]

# A saved card is made from a card token, which is single-use: a valid-looking `source` may be
# spent, unknown or no card token at all (the fuzzer's sources are reusable tokens).
[[operations]]
include-operation-id = "createCustomerToken"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "404", "409"]

# What a JSON schema cannot say, the sandbox still checks (both listed in its spec's 400):
# whether a three-letter code is an ISO 4217 currency, whether a card number passes Luhn.
[[operations]]
include-path = ["/sandbox/invoices", "/sandbox/cards"]
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]
EOF

# Reports outlive the run: a failure's cases (with their responses) stay readable here.
report_dir="${ST_REPORT_DIR:-$ROOT/target/test-logs/schemathesis}"
rm -rf "$report_dir"
mkdir -p "$report_dir"
failed=0 passed=0
for spec in "${specs[@]}"; do
  case "$spec" in
    checkout) file=docs/openapi.yaml; auth=() ;;
    sandbox) file=docs/sandbox.openapi.yaml; auth=(--auth "$PROJECT:$KEY") ;;
    *) echo "unknown spec $spec (checkout or sandbox)"; exit 2 ;;
  esac
  printf '\n==> Schemathesis on %s\n' "$file"
  started=$SECONDS
  if "$ST" --config-file "$run_dir/schemathesis.toml" run "$file" --url "$base" "${auth[@]}" \
    --checks all --phases examples,coverage,fuzzing,stateful \
    --max-examples "${ST_MAX_EXAMPLES:-200}" ${ST_SEED:+--seed "$ST_SEED"} \
    --workers 1 --request-timeout 10 --report ndjson --report-dir "$report_dir/$spec" \
    --suppress-health-check all --warnings off --output-sanitize false; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failed_here=1
  fi
  echo "    answers per operation:"
  "$ROOT/.tools/venv/bin/python" scripts/schemathesis/summary.py "$report_dir/$spec"/*.ndjson || true
  if [ "${failed_here:-0}" = 1 ]; then
    echo "  The curl commands name this run's proxy, which stops with the script; to repeat one,"
    echo "  start one on the same port (ids are random: seed again as above):"
    echo "    CHECKOUT_MODE=sandbox CHECKOUT_LISTEN=127.0.0.1:$port CHECKOUT_READ_RATE_PER_MINUTE=0 CHECKOUT_AUTHORIZE_RATE_PER_MINUTE=0 cargo run -p checkout-proxy"
    echo "  ST_SEED=<the Seed above> scripts/schemathesis.sh $spec repeats the generated cases."
  fi
  failed_here=0
  echo "    $file: $((SECONDS - started)) s"
done
if [ -s "$run_dir/proxy.log" ] && grep -q "panicked at" "$run_dir/proxy.log"; then
  echo "the proxy panicked:"; cat "$run_dir/proxy.log"; failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
