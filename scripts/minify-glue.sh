#!/usr/bin/env bash
# Trunk post_build hook for release builds: shrinks the wasm with wasm-opt, shortens the names
# the wasm and the glue share (scripts/short-names.cjs), and minifies the JS (wasm-bindgen's glue
# and embed.js) and checkout.css: about 10 KB less gzip, counted in the size budget. Then
# scripts/hash-assets.cjs gives the widget's files content-hashed names (embed.js and the demo
# pages keep theirs) and writes .br and .gz companions beside them.
# Debug builds keep everything as written, under stable names.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = "release" ] || exit 0
# shellcheck source=scripts/env.sh
source "$(dirname "$0")/env.sh"
stage="${TRUNK_STAGING_DIR:?trunk sets TRUNK_STAGING_DIR}"
glue="$stage/checkout-widget.js"
wasm="$stage/checkout-widget_bg.wasm"
for f in "$glue" "$wasm"; do
  [ -f "$f" ] || { echo "minify-glue: $f not found" >&2; exit 1; }
done
command -v terser >/dev/null || { echo "minify-glue: terser missing; run scripts/setup.sh" >&2; exit 1; }
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
# wasm-streams' exported classes would keep their code and data in the wasm whatever uses
# them; shims/wasm-streams (patched in by Cargo.toml) has none. This catches a dependency
# update that brings them back by another way.
if grep -q 'IntoUnderlying' "$glue"; then
  echo "minify-glue: the glue exports wasm-streams' IntoUnderlying* classes; is shims/wasm-streams still patched in (Cargo.toml)?" >&2
  exit 1
fi
# --flatten --rereloop first: binaryen rebuilds the control flow before -Oz, about 0.4 KB
# less gzip here (other levels, --converge, a second -Oz pass with either: no gain or larger).
wasm-opt --flatten --rereloop -Oz "${features[@]}" "$wasm" -o "$wasm"
# One- and two-letter names for everything the wasm and the glue share (the hashed
# `__wbg_..._<hash>` imports, the exports the glue calls): about 4.8 KB less gzip. It drops
# the exports the glue never reads, so a second wasm-opt pass deletes what only they kept
# (about 80 B more).
node "$ROOT/scripts/short-names.cjs" "$wasm" "$glue"
wasm-opt -Oz "${features[@]}" "$wasm" -o "$wasm"
node "$ROOT/scripts/minify-css.cjs" "$stage/checkout.css"
# unsafe_arrows/unsafe_methods: anonymous functions become arrows (when they never use
# `this`) or concise methods; both are safe here because nothing calls them with `new` (the
# wasm calls its imports as plain functions). ecma=2020, as every browser with wasm modules
# runs it. About 30 B gzip, which pays for the hash embed.js now carries (hash-assets.cjs).
for js in "$glue" "$stage/embed.js"; do
  terser "$js" --module --compress passes=2,unsafe_arrows=true,unsafe_methods=true,ecma=2020 --mangle --output "$js.min"
  mv "$js.min" "$js"
done
node "$ROOT/scripts/hash-assets.cjs" "$stage"
