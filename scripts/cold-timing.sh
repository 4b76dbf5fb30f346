#!/usr/bin/env bash
# How long a newcomer waits: a cold `make demo` (until the demo page answers) and a cold
# `make test`, each in its own fresh clone of this repository's HEAD, with an empty cargo
# home (no registry cache, no installed trunk or wasm-bindgen), an empty npm cache and no
# build directories. The Rust toolchain itself (rustup's, with its wasm32 target) and
# Debian's Chromium are kept: they come with the machine.
#
# Not a test: it prints figures. It needs the whole machine for about an hour on 2 cores.
#   bash scripts/cold-timing.sh [demo|test|both]   (default both)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-both}"
work=$(mktemp -d /tmp/cold-timing.XXXXXX)
port="${COLD_PORT:-18080}"
echo "cold-timing: working in $work (HEAD $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores)"

# A home with nothing cached: only rustup's proxies (cargo, rustc, ...) on PATH.
fresh_home() {
  local home=$1 bin tool
  mkdir -p "$home/.cargo/bin" "$home/npm-cache"
  bin=$(dirname "$(command -v rustup)")
  for tool in cargo rustc rustdoc rustup cargo-clippy clippy-driver rustfmt cargo-fmt; do
    [ -e "$bin/$tool" ] && ln -s "$bin/$tool" "$home/.cargo/bin/$tool"
  done
}

# cold NAME: a fresh clone and home under $work/NAME; prints the clone's path.
cold() {
  local dir="$work/$1"
  mkdir -p "$dir"
  git clone -q "$ROOT" "$dir/repo"
  fresh_home "$dir/home"
  echo "$dir"
}

# run DIR CMD...: runs CMD in DIR's clone with DIR's empty home.
run() {
  local dir=$1; shift
  (cd "$dir/repo" && env -i HOME="$dir/home" CARGO_HOME="$dir/home/.cargo" \
    RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" npm_config_cache="$dir/home/npm-cache" \
    PATH="$dir/home/.cargo/bin:/usr/local/bin:/usr/bin:/bin" TERM=dumb CI=true "$@")
}

steps() { grep -aE '^    (rust wasm32|web tools|browser|node modules) ' "$1" | sed 's/^/    /'; }

demo_figure=''; test_figure=''
if [ "$what" = demo ] || [ "$what" = both ]; then
  dir=$(cold demo)
  log="$dir/demo.log"
  start=$SECONDS
  # Its own session, so the server and everything make started can be stopped together.
  run "$dir" setsid bash -c "echo \$\$ >'$dir/demo.sid'; CHECKOUT_LISTEN=127.0.0.1:$port exec make demo" >"$log" 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "cold-timing: make demo stopped before the page answered; see $log" >&2
      break
    fi
    sleep 2
  done
  elapsed=$((SECONDS - start))
  [ -s "$dir/demo.sid" ] && pkill -TERM -s "$(cat "$dir/demo.sid")" 2>/dev/null
  wait "$pid" 2>/dev/null
  demo_figure="make demo (cold, until the page answers): $((elapsed / 60)) min $((elapsed % 60)) s"
  echo "$demo_figure"
  steps "$log"
  # The built output must not depend on how the tools were compiled.
  if [ -d "$ROOT/dist" ]; then
    if diff -rq "$dir/repo/dist" "$ROOT/dist" >/dev/null; then
      echo "    dist/ is byte-identical to $ROOT/dist"
    else
      echo "    dist/ differs from $ROOT/dist (built from another commit?):"
      diff -rq "$dir/repo/dist" "$ROOT/dist" | head -n 10 | sed 's/^/      /'
    fi
  fi
fi
if [ "$what" = test ] || [ "$what" = both ]; then
  dir=$(cold test)
  log="$dir/test.log"
  start=$SECONDS
  run "$dir" make test >"$log" 2>&1
  rc=$?
  elapsed=$((SECONDS - start))
  test_figure="make test (cold): $((elapsed / 60)) min $((elapsed % 60)) s, exit $rc, $(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
  echo "$test_figure"
  steps "$log"
fi
echo
echo "cold-timing: logs and clones are in $work (remove it when done)"
[ -n "$demo_figure" ] && echo "$demo_figure"
[ -n "$test_figure" ] && echo "$test_figure"
exit 0
