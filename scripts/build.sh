#!/usr/bin/env bash
# Configures and builds claimbench (Release, Ninja) into build/ (or $CLAIMBENCH_BUILD_DIR).
# Usage: scripts/build.sh [ninja targets...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CLAIMBENCH_BUILD_DIR:-$root/build}"
jobs="${CLAIMBENCH_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --parallel "$jobs" ${1:+--target "$@"}
