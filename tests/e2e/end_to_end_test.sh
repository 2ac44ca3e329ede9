#!/usr/bin/env bash
# The real binary, end to end: a broken claim file exits 2 with file:line: field: message;
# a quick run exits 0; a second run appends; verdicts, report and export work from the
# database alone; the export is readable by Google Benchmark's compare.py.
set -euo pipefail
claimbench="$1"
project="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. A broken claim file.
mkdir -p "$work/claims"
sed 's/<statement>/<statment>/; s#</statement>#</statment>#' \
  "$project/claims/nvidia-a100-2of4-math-throughput.xml" > "$work/claims/broken.xml"
set +e
"$claimbench" run --claims "$work/claims" --db "$work/broken.sqlite" > "$work/out" 2> "$work/err"
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "broken claim file: exit $rc, expected 2"
grep -Eq "^$work/claims/broken.xml:[0-9]+: claim/statment: unknown element$" "$work/err" ||
  fail "broken claim file: message was: $(cat "$work/err")"
[[ ! -e "$work/broken.sqlite" ]] || fail "bad input must not create a database"

# 2. Two quick runs into one database.
db="$work/results.sqlite"
"$claimbench" run --quick --db "$db" --no-progress > "$work/run1" || fail "first run exited $?"
"$claimbench" run --quick --db "$db" --no-progress --implementation 'nm.2of4' --implementation 'dense.own' \
  > "$work/run2" || fail "second run exited $?"
grep -q "^run 2:" "$work/run2" || fail "second run did not append run 2: $(cat "$work/run2")"

# 3. From the database alone: no claim or data folder in reach.
mkdir "$work/elsewhere" && cd "$work/elsewhere"
"$claimbench" verdicts --db "$db" --run 1 > "$work/verdicts" || fail "verdicts exited $?"
grep -q "cpu-analog-fp32" "$work/verdicts" || fail "verdicts lack the analog check"
grep -q "not-testable-here" "$work/verdicts" || fail "the literal check must be not-testable-here without a GPU"
"$claimbench" verdicts --db "$db" --run 1 --recompute > "$work/recomputed"
grep -q "; 0 differ" "$work/recomputed" || fail "recomputed verdicts differ: $(grep -E 'differ' "$work/recomputed")"
"$claimbench" report --db "$db" --out "$work/report" --run 1 > /dev/null || fail "report exited $?"
"$claimbench" report --db "$db" --out "$work/report-again" --run 1 > /dev/null
for f in report.md verdicts.csv speedups.csv measurements.csv; do
  cmp -s "$work/report/$f" "$work/report-again/$f" || fail "$f differs between two renderings of one database"
done
grep -q "nvidia-a100-2of4-2x-math-throughput" "$work/report/report.md" || fail "report lacks the claim"
grep -q "openblas.sgemm\[" "$work/report/report.md" || fail "report does not show which OpenBLAS kernels ran"
"$claimbench" export --json --db "$db" --run 1 --out "$work/run1.json" || fail "export exited $?"
"$claimbench" export --json --db "$db" --run 2 --out "$work/run2.json"
set +e
"$claimbench" report --db "$work/missing.sqlite" --out "$work/x" 2> "$work/err"
rc=$?
set -e
[[ $rc -eq 2 ]] || fail "report on a missing database: exit $rc, expected 2"

# 4. Google Benchmark's own tooling reads the export: compare.py in full where SciPy is
#    importable, otherwise its gbench.util loader and sorter (compare.py's first steps).
tools=/usr/share/benchmark
if [[ -f $tools/compare.py ]]; then
  if /usr/bin/python3 -c "import scipy" 2>/dev/null; then
    /usr/bin/python3 "$tools/compare.py" benchmarks "$work/run1.json" "$work/run2.json" > "$work/compare" 2>&1 ||
      fail "compare.py failed: $(tail -5 "$work/compare")"
    grep -q "nm.2of4" "$work/compare" || fail "compare.py output lacks nm.2of4: $(head -20 "$work/compare")"
  else
    PYTHONPATH="$tools" /usr/bin/python3 - "$work/run1.json" <<'PY' || fail "gbench.util rejected the export"
import sys
from gbench import util
result = util.sort_benchmark_results(util.load_benchmark_results(sys.argv[1]))
benchmarks = result["benchmarks"]
assert benchmarks, "no benchmarks"
for b in benchmarks:
    for key in ("name", "run_name", "run_type", "real_time", "cpu_time", "time_unit", "repetitions", "family_index"):
        assert key in b, key
assert any(b["run_type"] == "iteration" for b in benchmarks)
assert any(b.get("aggregate_name") == "median" for b in benchmarks)
PY
    echo "note: SciPy is not importable, so compare.py itself was not run; gbench.util accepted the export"
  fi
else
  echo "note: Google Benchmark's tools are not installed; the export format is checked by the unit tests"
fi
echo "end-to-end: ok"
