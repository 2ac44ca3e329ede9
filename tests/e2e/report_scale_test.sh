#!/usr/bin/env bash
# Report generation on a synthetic database of at least 100,000 samples: prints the time
# (the goal is ≤ 2 s; not asserted, machines differ) and asserts index.html stays under 5 MB.
# Usage: report_scale_test.sh CLAIMBENCH FIXTURE_TOOL [SAMPLES]
set -euo pipefail
claimbench="$1"
fixture="$2"
samples="${3:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$fixture" "$work/big.sqlite" "$samples" || fail "fixture tool exited $?"
start=$(date +%s.%N)
"$claimbench" report --db "$work/big.sqlite" --out "$work/report" > /dev/null || fail "report exited $?"
end=$(date +%s.%N)
size=$(stat -c %s "$work/report/index.html")
stored=$(sqlite3 "$work/big.sqlite" "SELECT count(*) FROM samples" 2>/dev/null || echo "?")
printf 'report-scale: %s samples, generation %.2f s, index.html %d bytes, report.json %d bytes\n' \
  "$stored" "$(echo "$end - $start" | bc -l)" "$size" "$(stat -c %s "$work/report/report.json")"
[[ $size -lt $((5 * 1024 * 1024)) ]] || fail "index.html is $size bytes, over 5 MB"
echo "report-scale: ok"
