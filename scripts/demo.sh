#!/usr/bin/env bash
# `make demo`: setup, release build of the widget, then the proxy in sandbox mode
# (CHECKOUT_MODE=sandbox unless the caller sets another mode) serving
# the demo merchant page and the built widget on http://127.0.0.1:8080 (CHECKOUT_LISTEN).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

bash scripts/setup.sh
trunk build --release
cargo build --release -p checkout-proxy
listen="${CHECKOUT_LISTEN:-127.0.0.1:8080}"
echo
echo "Demo merchant page: http://$listen/"
echo "Provider: ${CHECKOUT_PROVIDER:-processout} (CHECKOUT_PROVIDER=processout|invoiss|orders; see docs/providers.md)"
mode="${CHECKOUT_MODE:-sandbox}"
echo "Mode: $mode (CHECKOUT_MODE=sandbox|live; in sandbox mode no real money moves; Ctrl-C stops it)"
echo
CHECKOUT_MODE="$mode" CHECKOUT_LISTEN="$listen" CHECKOUT_STATIC_DIR="$ROOT/dist" \
  exec "$ROOT/target/release/checkout-proxy"
