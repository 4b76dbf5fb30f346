#!/usr/bin/env bash
# Transfer size of the release build in dist/: wasm, JS and CSS, raw and gzip -9, and the bytes
# a browser actually receives ("sent": the brotli companion the build wrote beside the file,
# which the proxy serves to browsers that accept br; the raw size when there is none).
# Fails when the widget's total (wasm + JS + CSS, not the demo page's own files) exceeds its
# budgets, gzip and brotli as sent (defaults below; SIZE_BUDGET_BYTES, SIZE_BUDGET_BR). A non-English checkout also
# loads its language pack (i18n/<lang>.json), so the largest pack counts too. A release build
# keeps the widget's files in a directory named by their hash (scripts/hash-assets.cjs);
# embed.js stays at the top.
#
# The card frame (card-frame.html, card-frame.js with its wasm inside, card-frame.css) is a
# page of its own that a card payment loads beside the widget: reported apart, with its own
# total and budget on the bytes sent (FRAME_BUDGET_BR), then what a card payment downloads
# in all (widget total + frame total; CARD_PAYMENT_BUDGET_BR and _GZ).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
# Budgets from the figures of issue 18's work (2026-12-02: widget 86,233 B gzip / 73,982 B
# brotli, card frame 14,937 B brotli, a card payment 88,919 / 103,680 B), each with a few
# hundred bytes of room: growth beyond that fails and needs a reason.
BUDGET="${SIZE_BUDGET_BYTES:-86528}"
BUDGET_BR="${SIZE_BUDGET_BR:-74240}"
# The demo merchant's own stylesheet and bootstrap are not shipped to merchants.
DEMO_ONLY='^(demo\.css|demo\.js)$'
FRAME_BUDGET="${FRAME_BUDGET_BR:-15104}"
# What a card payment downloads in all (widget + largest pack + card frame), brotli as sent
# and gzip.
PAYMENT_BUDGET_BR="${CARD_PAYMENT_BUDGET_BR:-89088}"
PAYMENT_BUDGET_GZ="${CARD_PAYMENT_BUDGET_GZ:-103936}"
FRAME_FILES='^card-frame\.(html|js|css)$'

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
  # The card frame's files have their own total below.
  [[ "$name" =~ $FRAME_FILES ]] && continue
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

# The card frame: its page at the top, its script and stylesheet there or in the hash directory.
echo
printf '%-32s %10s %10s %10s\n' 'card frame' raw gzip 'sent(br)'
frame_raw=0; frame_gz=0; frame_br=0; frame_files=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(sent "$f")
  printf '%-32s %10d %10d %10d\n' "${f#"$DIST"/}" "$raw" "$gz" "$br"
  frame_raw=$((frame_raw + raw)); frame_gz=$((frame_gz + gz)); frame_br=$((frame_br + br))
  frame_files=$((frame_files + 1))
done < <(find "$DIST" -maxdepth 2 -type f -regextype posix-extended -regex '.*/card-frame\.(html|js|css)' |
  while IFS= read -r f; do
    parent=$(dirname "$f")
    if [ "$parent" = "$DIST" ] || [[ "$parent" =~ $HASHED ]]; then echo "$f"; fi
  done | sort)
printf '%-32s %10d %10d %10d\n' "frame total" "$frame_raw" "$frame_gz" "$frame_br"
printf '%-32s %10d %10d %10d\n' "card payment (widget + frame)" \
  $((total_raw + frame_raw)) $((total_gz + frame_gz)) $((total_br + frame_br))
echo "size-report: a card payment transfers $((total_br + frame_br)) bytes of file bodies: the widget's $total_br and the card frame's $frame_br"

status=0
if [ "$total_gz" -gt "$BUDGET" ]; then
  echo "size-report: widget is $total_gz bytes gzipped, over the budget of $BUDGET bytes" >&2
  status=1
else
  echo "size-report: widget is $total_gz bytes gzipped, within the budget of $BUDGET bytes"
fi
if [ "$total_br" -gt "$BUDGET_BR" ]; then
  echo "size-report: widget is $total_br bytes sent (brotli), over the budget of $BUDGET_BR bytes" >&2
  status=1
else
  echo "size-report: widget is $total_br bytes sent (brotli), within the budget of $BUDGET_BR bytes"
fi
if [ "$frame_files" -ne 3 ]; then
  echo "size-report: expected the card frame's 3 files (card-frame.html, .js, .css), found $frame_files" >&2
  status=1
elif [ "$frame_br" -gt "$FRAME_BUDGET" ]; then
  echo "size-report: card frame is $frame_br bytes sent (brotli), over the budget of $FRAME_BUDGET bytes" >&2
  status=1
else
  echo "size-report: card frame is $frame_br bytes sent (brotli), within the budget of $FRAME_BUDGET bytes"
fi
payment_br=$((total_br + frame_br)); payment_gz=$((total_gz + frame_gz))
if [ "$payment_br" -gt "$PAYMENT_BUDGET_BR" ] || [ "$payment_gz" -gt "$PAYMENT_BUDGET_GZ" ]; then
  echo "size-report: a card payment is $payment_br bytes brotli / $payment_gz gzip, over the budget of $PAYMENT_BUDGET_BR / $PAYMENT_BUDGET_GZ bytes" >&2
  status=1
else
  echo "size-report: a card payment is $payment_br bytes brotli / $payment_gz gzip, within the budget of $PAYMENT_BUDGET_BR / $PAYMENT_BUDGET_GZ bytes"
fi
exit "$status"
