#!/usr/bin/env bash
# The release build of dist/: `trunk build --release` (the widget, its card frame, the hooks of
# Trunk.toml) with the standard library compiled into the wasm for size
# (use_release_toolchain in scripts/env.sh). Every release build goes through here: make demo,
# make test, make package, make bench.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "$0")/env.sh"
cd "$ROOT"
use_release_toolchain
trunk build --release "$@"
