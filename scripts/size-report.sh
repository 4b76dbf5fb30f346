#!/usr/bin/env bash
# Transfer size of the release build in dist/: wasm, JS and CSS, raw and gzip -9, and the bytes
# a browser actually receives ("sent": the brotli companion the build wrote beside the file,
# which the proxy serves to browsers that accept br; the raw size when there is none).
# Fails when the widget's gzip total (wasm + JS + CSS, not the demo page's own files)
# exceeds the budget in bytes (default 90 KB = 92160 bytes). A non-English checkout also
# loads its language pack (i18n/<lang>.json), so the largest pack counts too. A release build
# keeps the widget's files in a directory named by their hash (scripts/hash-assets.cjs);
# embed.js stays at the top.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
BUDGET="${SIZE_BUDGET_BYTES:-92160}"
# The demo merchant's own stylesheet and bootstrap are not shipped to merchants.
DEMO_ONLY='^(demo\.css|demo\.js)$'

[ -d "$DIST" ] || { echo "size-report: $DIST does not exist; build first" >&2; exit 1; }
# The widget's own directory: the hashed one of a release build, else dist/ itself.
HASHED='/[0-9a-f]{8}$'

# sent FILE: the bytes the proxy sends a browser that accepts brotli.
sent() { if [ -f "$1.br" ]; then stat -c %s "$1.br"; else stat -c %s "$1"; fi; }

printf '%-32s %10s %10s %10s\n' file raw gzip 'sent(br)'
total_raw=0; total_gz=0; total_br=0; files=0
while IFS= read -r f; do
  name=$(basename "$f"); shown=${f#"$DIST"/}
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(sent "$f")
  if [[ "$name" =~ $DEMO_ONLY ]]; then
    printf '%-32s %10d %10d %10d  (demo page only)\n' "$shown" "$raw" "$gz" "$br"
    continue
  fi
  printf '%-32s %10d %10d %10d\n' "$shown" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  files=$((files + 1))
done < <(find "$DIST" -maxdepth 2 -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) |
  while IFS= read -r f; do
    parent=$(dirname "$f")
    if [ "$parent" = "$DIST" ] || [[ "$parent" =~ $HASHED ]]; then echo "$f"; fi
  done | sort)
largest=''; largest_raw=0; largest_gz=0; largest_br=0
for f in "$DIST"/i18n/*.json "$DIST"/*/i18n/*.json; do
  [ -f "$f" ] || continue
  gz=$(gzip -9 -c "$f" | wc -c)
  if [ "$gz" -gt "$largest_gz" ]; then
    largest=${f#"$DIST"/}; largest_gz=$gz; largest_raw=$(stat -c %s "$f"); largest_br=$(sent "$f")
  fi
done
if [ -n "$largest" ]; then
  printf '%-32s %10d %10d %10d  (largest language pack)\n' "$largest" "$largest_raw" "$largest_gz" "$largest_br"
  total_raw=$((total_raw + largest_raw)); total_gz=$((total_gz + largest_gz)); total_br=$((total_br + largest_br))
fi
printf '%-32s %10d %10d %10d\n' "widget total" "$total_raw" "$total_gz" "$total_br"
echo "size-report: a first load of the widget transfers $total_br bytes of file bodies (brotli where the build wrote it)"
[ "$files" -gt 0 ] || { echo "size-report: no wasm/js/css in $DIST" >&2; exit 1; }
if [ "$total_gz" -gt "$BUDGET" ]; then
  echo "size-report: widget is $total_gz bytes gzipped, over the budget of $BUDGET bytes" >&2
  exit 1
fi
echo "size-report: widget is $total_gz bytes gzipped, within the budget of $BUDGET bytes"
