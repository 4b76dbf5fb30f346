#!/usr/bin/env bash
# Trunk post_build hook: minifies wasm-bindgen's JS glue in release builds (about 2 KB less
# gzip, counted in the size budget). Debug builds keep the readable glue.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = "release" ] || exit 0
# shellcheck source=scripts/env.sh
source "$(dirname "$0")/env.sh"
glue="${TRUNK_STAGING_DIR:?trunk sets TRUNK_STAGING_DIR}/checkout-widget.js"
[ -f "$glue" ] || { echo "minify-glue: $glue not found" >&2; exit 1; }
command -v terser >/dev/null || { echo "minify-glue: terser missing; run scripts/setup.sh" >&2; exit 1; }
terser "$glue" --module --compress passes=2 --mangle --output "$glue.min"
mv "$glue.min" "$glue"
