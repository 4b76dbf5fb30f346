#!/usr/bin/env bash
# Transfer size of the release build in dist/: wasm, JS and CSS, raw and gzip -9.
# Fails when the widget's gzip total (wasm + JS + CSS, not the demo page's own files)
# exceeds the budget in bytes (default 90 KB = 92160 bytes). A non-English checkout also
# loads its language pack (i18n/<lang>.json), so the largest pack counts too.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
BUDGET="${SIZE_BUDGET_BYTES:-92160}"
# The demo merchant's own stylesheet and bootstrap are not shipped to merchants.
DEMO_ONLY='^(demo\.css|demo\.js)$'

[ -d "$DIST" ] || { echo "size-report: $DIST does not exist; build first" >&2; exit 1; }
printf '%-32s %10s %10s\n' file raw gzip
total_raw=0; total_gz=0; files=0
while IFS= read -r f; do
  name=$(basename "$f")
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if [[ "$name" =~ $DEMO_ONLY ]]; then
    printf '%-32s %10d %10d  (demo page only)\n' "$name" "$raw" "$gz"
    continue
  fi
  printf '%-32s %10d %10d\n' "$name" "$raw" "$gz"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); files=$((files + 1))
done < <(find "$DIST" -maxdepth 1 -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) | sort)
largest=''; largest_raw=0; largest_gz=0
for f in "$DIST"/i18n/*.json; do
  [ -f "$f" ] || continue
  gz=$(gzip -9 -c "$f" | wc -c)
  if [ "$gz" -gt "$largest_gz" ]; then
    largest="i18n/$(basename "$f")"; largest_gz=$gz; largest_raw=$(stat -c %s "$f")
  fi
done
if [ -n "$largest" ]; then
  printf '%-32s %10d %10d  (largest language pack)\n' "$largest" "$largest_raw" "$largest_gz"
  total_raw=$((total_raw + largest_raw)); total_gz=$((total_gz + largest_gz))
fi
printf '%-32s %10d %10d\n' "widget total" "$total_raw" "$total_gz"
[ "$files" -gt 0 ] || { echo "size-report: no wasm/js/css in $DIST" >&2; exit 1; }
if [ "$total_gz" -gt "$BUDGET" ]; then
  echo "size-report: widget is $total_gz bytes gzipped, over the budget of $BUDGET bytes" >&2
  exit 1
fi
echo "size-report: widget is $total_gz bytes gzipped, within the budget of $BUDGET bytes"
