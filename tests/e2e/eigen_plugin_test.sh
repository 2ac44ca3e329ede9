#!/usr/bin/env bash
# The outside-project route end to end: install claimbench to a temporary prefix, configure
# and build examples/eigen-plugin against it as a separate CMake project, run a quick claim
# naming the plugin's implementations, and find their measurements in the database with the
# plugin's file and SHA-256. Then build a small program on the installed harness library.
set -euo pipefail
claimbench="$1"; root="$2"; build="$3"; generator="$4"; compiler="$5"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" || fail "install: $(cat "$work/install.log")"
for f in include/claimbench/plugin.hpp include/claimbench/implementation.hpp include/claimbench/registry.hpp \
         lib/libclaimbench_harness.a lib/cmake/claimbench/claimbenchConfig.cmake \
         lib/cmake/claimbench/claimbenchConfigVersion.cmake; do
  [[ -e "$work/prefix/$f" ]] || fail "the install lacks $f"
done

# Only the installed package: no path into the claimbench source or build tree.
cmake -S "$root/examples/eigen-plugin" -B "$work/eigen" -G "$generator" -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release > "$work/configure.log" 2>&1 ||
  fail "configure: $(cat "$work/configure.log")"
cmake --build "$work/eigen" -j 2 > "$work/build.log" 2>&1 || fail "build: $(cat "$work/build.log")"
plugin="$work/eigen/libclaimbench_eigen.so"
[[ -f "$plugin" ]] || fail "no $plugin"
# The plugin exports its entry point and nothing of claimbench's.
exported="$(nm -D --defined-only "$plugin" | awk '{print $3}' | grep -v '^_init$\|^_fini$' || true)"
[[ "$exported" == "claimbench_plugin_entry" ]] || fail "the plugin exports more than its entry point: $exported"

"$claimbench" list implementations --plugin "$plugin" > "$work/list"
grep -Eq "^eigen\.csr .* plugin:$(readlink -f "$plugin")\$" "$work/list" || fail "eigen.csr not listed: $(cat "$work/list")"

db="$work/results.sqlite"
"$claimbench" run --plugin "$plugin" --claims "$root/tests/data/eigen-plugin-claims" --data "$root/tests/data" \
  --db "$db" --repetitions 2 --min-time 0.01 --warmup 0 --no-progress > "$work/run" 2>&1 ||
  fail "the run exited $?: $(cat "$work/run")"
checksum="sha256:$(sha256sum "$plugin" | cut -d' ' -f1)"
file="$(readlink -f "$plugin")"
q() { sqlite3 "$db" "$1"; }
# Two workloads at one thread: measured, correct, with the plugin's provenance and kernels.
[[ $(q "SELECT count(*) FROM measurements WHERE implementation IN ('eigen.csr', 'eigen.gemm') AND threads = 1
  AND status = 'ok' AND plugin_file = '$file' AND plugin_checksum = '$checksum'") -eq 4 ]] ||
  fail "expected 4 ok plugin measurements with the checksum: $(q "SELECT implementation, workload_id, threads,
  status, detail, plugin_file, plugin_checksum FROM measurements")"
[[ $(q "SELECT kernel FROM measurements WHERE implementation = 'eigen.csr' AND workload_id = 'tiny.a'") == \
   eigen.spmm.csr-rowmajor.rowwise ]] || fail "eigen.csr does not say which kernel ran"
[[ $(q "SELECT kernel FROM measurements WHERE implementation = 'eigen.gemm' AND workload_id = 'tiny.a'") == \
   eigen.gemm.gebp ]] || fail "eigen.gemm on tiny.a should run GEBP"
[[ $(q "SELECT kernel FROM measurements WHERE implementation = 'eigen.gemm' AND workload_id = 'tiny.b'") == \
   eigen.lazyproduct ]] || fail "eigen.gemm on tiny.b (5×3×7) should run the coefficient-wise product"
# Two threads: Eigen here has no OpenMP, so supports() refuses; stored as unsupported.
[[ $(q "SELECT count(*) FROM measurements WHERE implementation LIKE 'eigen.%' AND threads = 2
  AND status = 'unsupported' AND detail LIKE '%OpenMP%'") -eq 4 ]] || fail "2 threads must be unsupported"
[[ $(q "SELECT count(*) FROM measurements WHERE implementation = 'dense.own' AND plugin_file = ''") -eq 4 ]] ||
  fail "the built-in dense.own must have no plugin file"
[[ $(q "SELECT count(*) FROM verdicts WHERE claim_id = 'test-eigen-plugin-tiny'") -eq 1 ]] || fail "no verdict"

# A program on the installed harness library (claimbench::harness and its dependencies).
cmake -S "$root/tests/e2e/harness_consumer" -B "$work/consumer" -G "$generator" -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release > "$work/consumer.log" 2>&1 &&
  cmake --build "$work/consumer" >> "$work/consumer.log" 2>&1 || fail "harness consumer: $(cat "$work/consumer.log")"
"$work/consumer/harness_consumer" "$work/consumer.sqlite" || fail "the harness consumer exited $?"

echo "eigen plugin: ok ($(q "SELECT count(*) FROM measurements") measurements)"
