#!/usr/bin/env bash
# Builds the card frame into the dist being built (a trunk hook, Trunk.toml; or by hand:
# scripts/card-frame.sh <dir>): card-frame.html, card-frame.css and card-frame.js with the
# frame's wasm inside it (scripts/embed-wasm.cjs). The wasm is the card-frame crate, built
# with the workspace's wasm-release profile and shrunk by wasm-opt. A release build also
# minifies the script and the stylesheet; scripts/hash-assets.cjs (the post_build hook) then
# moves them into the hash directory and names them there in card-frame.html, which keeps
# its stable URL beside embed.js.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "$0")/env.sh"
out="${1:-${TRUNK_STAGING_DIR:?trunk sets TRUNK_STAGING_DIR}}"
release=false
[ "${TRUNK_PROFILE:-release}" = "release" ] && release=true

cargo build --quiet -p card-frame --target "$WASM_TARGET" --profile wasm-release
built="${CARGO_TARGET_DIR:-$ROOT/target}/$WASM_TARGET/wasm-release/card_frame.wasm"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
# As the widget's wasm (scripts/minify-glue.sh): control flow rebuilt, then -Oz.
wasm-opt --strip-debug --strip-producers --strip-target-features --flatten --rereloop -Oz \
  "${features[@]}" "$built" -o "$work/card-frame.wasm"
wasm-opt -Oz "${features[@]}" "$work/card-frame.wasm" -o "$work/card-frame.wasm"

cp "$ROOT/www/card-frame.html" "$out/card-frame.html"
cp "$ROOT/www/card-frame.css" "$out/card-frame.css"
script="$ROOT/www/card-frame.js"
if $release; then
  # Minified before the wasm goes in: terser would rewrite its string.
  terser "$script" --module --compress passes=2,ecma=2020 --mangle --output "$work/card-frame.js"
  script="$work/card-frame.js"
  node "$ROOT/scripts/minify-css.cjs" "$out/card-frame.css"
fi
node "$ROOT/scripts/embed-wasm.cjs" "$script" "$work/card-frame.wasm" "$out/card-frame.js"
echo "card-frame: card-frame.html, .js ($(stat -c %s "$out/card-frame.js") B with the wasm), .css in $out"
