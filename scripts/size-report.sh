#!/usr/bin/env bash
# Transfer size of the release build in dist/: wasm, JS and CSS, raw and gzip -9, and the bytes
# a browser actually receives ("sent": the brotli companion the build wrote beside the file,
# which the proxy serves to browsers that accept br; the raw size when there is none).
#
# Two budgets, each gzip and brotli as sent, failing on growth:
# - the base bundle every checkout loads: wasm + glue + CSS + embed.js (not the demo page's own
#   files); SIZE_BUDGET_BYTES (gzip) and SIZE_BUDGET_BR;
# - a language pack (i18n/<code>.json), which a non-English checkout loads beside it, one
#   language only: the largest pack is reported and every pack must fit PACK_BUDGET_GZ and
#   PACK_BUDGET_BR. A new language adds a pack, never base bytes.
# A release build keeps the widget's files in a directory named by their hash
# (scripts/hash-assets.cjs); embed.js stays at the top.
#
# The card frame (card-frame.html, card-frame.js with its wasm inside, card-frame.css) is a
# page of its own that a card payment loads beside the widget: reported apart, with its own
# total and budget on the bytes sent (FRAME_BUDGET_BR), then what a card payment downloads
# in all: base bundle + frame (CARD_PAYMENT_BUDGET_BR and _GZ), plus at most one pack.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
# Budgets from the figures of issue 18's work, each with a few hundred bytes of room, failing
# on growth. 2026-12-03, after the release build began compiling std into the wasm
# (scripts/release.sh): base bundle 77,263 B gzip / 66,592 B brotli (it was 83,821 / 72,067),
# card frame 13,868 B brotli (14,943), a card payment 93,226 / 80,460 B (101,265 / 87,010).
# Later, packs served as arrays of texts without their keys (scripts/packs.cjs): base bundle
# 72,505 / 62,696 B (73,158 / 63,270), a card payment 88,468 / 76,564 B. The pack budget is
# the largest of the 23 packs with about 100 B of room: hi.json 1,687 B gzip, uk.json
# 1,438 B brotli (2,473 and 2,017 B with their keys).
# Then the saved-card picker (issue 20), a feature, raised the base bundle by its measured
# cost: 74,609 / 64,556 B (+2,104 / +1,860). The card payment's brotli budget is now issue
# 18's goal itself: with the largest pack the pack budget allows, a card payment stays
# within 80,000 B. Then embed.js began showing the invoice's total before the wasm (+0.4 KB
# brotli, less the wasm's shadow root and option code it took over): base bundle 74,582 /
# 64,609 B, a card payment 78,489 B, 7 B under its budget (the build is byte for byte the
# same on a clean clone, but a change anywhere moves brotli's figures by up to about 30 B,
# and a new hash directory name moves card-frame.html's by about 13 B); the pack budget
# came down to the largest pack's 1,488 B and 16 B of room, so that the two budgets still
# add up to 80,000 B. What grows the card payment now has to take as much out first.
BUDGET="${SIZE_BUDGET_BYTES:-74880}"
BUDGET_BR="${SIZE_BUDGET_BR:-64768}"
PACK_BUDGET_GZ="${PACK_BUDGET_GZ:-1792}"
PACK_BUDGET_BR="${PACK_BUDGET_BR:-1504}"
# The demo merchant's own stylesheet and bootstrap are not shipped to merchants.
DEMO_ONLY='^(demo\.css|demo\.js)$'
FRAME_BUDGET="${FRAME_BUDGET_BR:-14080}"
# What a card payment downloads besides its pack (base bundle + card frame), brotli as sent
# and gzip.
PAYMENT_BUDGET_BR="${CARD_PAYMENT_BUDGET_BR:-78496}"
PAYMENT_BUDGET_GZ="${CARD_PAYMENT_BUDGET_GZ:-90880}"
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
printf '%-32s %10d %10d %10d\n' "base bundle" "$total_raw" "$total_gz" "$total_br"
echo "size-report: a first load of the widget transfers $total_br bytes of file bodies (brotli where the build wrote it), plus one language pack unless it speaks English"
[ "$files" -gt 0 ] || { echo "size-report: no wasm/js/css in $DIST" >&2; exit 1; }

# The language packs: the largest, and any over the budget.
echo
largest=''; largest_raw=0; largest_gz=0; largest_br=0; packs=0; over_packs=''
for f in "$DIST"/i18n/*.json "$DIST"/*/i18n/*.json; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(sent "$f")
  packs=$((packs + 1))
  if [ "$gz" -gt "$PACK_BUDGET_GZ" ] || [ "$br" -gt "$PACK_BUDGET_BR" ]; then
    over_packs="$over_packs ${f#"$DIST"/} ($gz gzip, $br brotli)"
  fi
  if [ "$br" -gt "$largest_br" ]; then
    largest=${f#"$DIST"/}; largest_br=$br; largest_raw=$raw; largest_gz=$gz
  fi
done
if [ -n "$largest" ]; then
  printf '%-32s %10d %10d %10d  (largest of %d language packs)\n' "$largest" "$largest_raw" "$largest_gz" "$largest_br" "$packs"
  printf '%-32s %10d %10d %10d\n' "base + largest pack" \
    $((total_raw + largest_raw)) $((total_gz + largest_gz)) $((total_br + largest_br))
fi

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
printf '%-32s %10d %10d %10d\n' "card payment (base + frame)" \
  $((total_raw + frame_raw)) $((total_gz + frame_gz)) $((total_br + frame_br))
printf '%-32s %10d %10d %10d\n' "card payment + largest pack" \
  $((total_raw + frame_raw + largest_raw)) $((total_gz + frame_gz + largest_gz)) $((total_br + frame_br + largest_br))
echo "size-report: a card payment transfers $((total_br + frame_br)) bytes of file bodies: the widget's $total_br and the card frame's $frame_br (plus its language pack, at most $largest_br)"

status=0
if [ "$total_gz" -gt "$BUDGET" ]; then
  echo "size-report: base bundle is $total_gz bytes gzipped, over the budget of $BUDGET bytes" >&2
  status=1
else
  echo "size-report: base bundle is $total_gz bytes gzipped, within the budget of $BUDGET bytes"
fi
if [ "$total_br" -gt "$BUDGET_BR" ]; then
  echo "size-report: base bundle is $total_br bytes sent (brotli), over the budget of $BUDGET_BR bytes" >&2
  status=1
else
  echo "size-report: base bundle is $total_br bytes sent (brotli), within the budget of $BUDGET_BR bytes"
fi
if [ "$packs" -eq 0 ]; then
  echo "size-report: no language packs (i18n/*.json) in $DIST" >&2
  status=1
elif [ -n "$over_packs" ]; then
  echo "size-report: language packs over the budget of $PACK_BUDGET_GZ bytes gzip / $PACK_BUDGET_BR brotli:$over_packs" >&2
  status=1
else
  echo "size-report: the largest language pack is $largest_gz bytes gzipped / $largest_br sent (brotli), within the budget of $PACK_BUDGET_GZ / $PACK_BUDGET_BR bytes"
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
  echo "size-report: a card payment (base + frame) is $payment_br bytes brotli / $payment_gz gzip, over the budget of $PAYMENT_BUDGET_BR / $PAYMENT_BUDGET_GZ bytes" >&2
  status=1
else
  echo "size-report: a card payment (base + frame) is $payment_br bytes brotli / $payment_gz gzip, within the budget of $PAYMENT_BUDGET_BR / $PAYMENT_BUDGET_GZ bytes"
fi
exit "$status"
