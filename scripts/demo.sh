#!/usr/bin/env bash
# `make demo`: setup, release build of the widget, then the proxy in sandbox mode
# (CHECKOUT_MODE=sandbox unless the caller sets another mode) serving the demo merchant page
# on http://127.0.0.1:8080 (CHECKOUT_LISTEN) and the built widget and its card frame from a
# second origin, http://127.0.0.1:8081 (CHECKOUT_ASSETS_LISTEN; the same routes on both), so
# the card inputs are isolated from the merchant's page as they would be in production.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

bash scripts/setup.sh
bash scripts/release.sh
cargo build --release -p checkout-proxy
listen="${CHECKOUT_LISTEN:-127.0.0.1:8080}"
assets_listen="${CHECKOUT_ASSETS_LISTEN:-127.0.0.1:8081}"
assets_origin="${CHECKOUT_ASSETS_ORIGIN:-http://$assets_listen}"
echo
echo "Demo merchant page (open this): http://$listen/"
echo "Widget files and card frame:    $assets_origin/ (another origin, CHECKOUT_ASSETS_LISTEN=$assets_listen; the page loads embed.js from it)"
echo "Provider: ${CHECKOUT_PROVIDER:-processout} (CHECKOUT_PROVIDER=processout|invoiss|orders; see docs/providers.md)"
mode="${CHECKOUT_MODE:-sandbox}"
echo "Mode: $mode (CHECKOUT_MODE=sandbox|live; in sandbox mode no real money moves; Ctrl-C stops it)"
echo
CHECKOUT_MODE="$mode" CHECKOUT_LISTEN="$listen" CHECKOUT_ASSETS_LISTEN="$assets_listen" \
  CHECKOUT_STATIC_DIR="$ROOT/dist" exec "$ROOT/target/release/checkout-proxy"
