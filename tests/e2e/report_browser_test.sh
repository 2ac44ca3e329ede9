#!/usr/bin/env bash
# Opens the generated report in headless Chromium (offline, file://) and asserts every chart
# rendered: no script errors, and each chart drew exactly the point marks the generator wrote
# (data-marks == data-expected-points, set by templates/report.js after Vega's promises
# resolve). Saves screenshots. Exits 77 (CTest SKIP_RETURN_CODE) when Chromium is missing.
# Usage: report_browser_test.sh CLAIMBENCH FIXTURE_TOOL SCREENSHOT_DIR
set -euo pipefail
claimbench="$1"
fixture="$2"
shots="$3"
browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" > /dev/null 2>&1; then browser="$candidate"; break; fi
done
if [[ -z $browser ]]; then
  echo "SKIP: no headless Chromium found (apt-get install chromium, or scripts/install-deps.sh)"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$shots"

"$fixture" "$work/synthetic.sqlite" > /dev/null || fail "fixture tool exited $?"
"$claimbench" report --db "$work/synthetic.sqlite" --out "$work/report" --run 1 > /dev/null || fail "report exited $?"
"$claimbench" report --db "$work/synthetic.sqlite" --out "$work/compare" --compare 1 2 > /dev/null ||
  fail "report --compare exited $?"

# No network: the page must not reference anything outside itself.
for page in "$work/report/index.html" "$work/compare/index.html"; do
  if grep -Eq '<(script|img|iframe)[^>]* src=|<link ' "$page"; then fail "$page references an external resource"; fi
done

flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --hide-scrollbars
       --user-data-dir="$work/profile" --virtual-time-budget=20000)
check_page() {
  local name="$1" page="$2" min_charts="$3"
  timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$page" > "$work/$name.dom" 2> "$work/$name.err" ||
    fail "$name: $browser exited $? ($(tail -3 "$work/$name.err"))"
  local body expected rendered
  body="$(grep -o '<body[^>]*>' "$work/$name.dom" | head -1)"
  [[ -n $body ]] || fail "$name: no <body> in the dumped DOM"
  if grep -q 'data-chart-errors' <<< "$body"; then fail "$name: chart errors: $body"; fi
  expected="$(sed -n 's/.*data-charts-expected="\([0-9]*\)".*/\1/p' <<< "$body")"
  rendered="$(sed -n 's/.*data-charts-rendered="\([0-9]*\)".*/\1/p' <<< "$body")"
  [[ -n $expected && -n $rendered ]] || fail "$name: the charts did not finish rendering: $body"
  [[ $expected -ge $min_charts ]] || fail "$name: $expected charts in the page, expected at least $min_charts"
  [[ $rendered -eq $expected ]] || fail "$name: $rendered of $expected charts rendered"
  # Every chart element: its drawn point marks equal the rows the generator wrote.
  grep -o '<div class="chart" [^>]*>' "$work/$name.dom" > "$work/$name.marks" || true
  [[ $(wc -l < "$work/$name.marks") -eq $expected ]] || fail "$name: $(wc -l < "$work/$name.marks") chart elements, expected $expected"
  while IFS= read -r line; do
    local want got
    want="$(sed -n 's/.*data-expected-points="\([0-9]*\)".*/\1/p' <<< "$line")"
    got="$(sed -n 's/.*data-marks="\([0-9]*\)".*/\1/p' <<< "$line")"
    [[ -n $want && -n $got ]] || fail "$name: a chart did not report its marks: $line"
    [[ $want -eq $got && $got -gt 0 ]] || fail "$name: a chart drew $got point marks, expected $want: $line"
  done < "$work/$name.marks"
  [[ $(grep -c '<svg' "$work/$name.dom") -ge $expected ]] || fail "$name: fewer SVG elements than charts"
  timeout 120 "$browser" "${flags[@]}" --window-size=1300,2400 --screenshot="$shots/$name.png" "file://$page" \
    > /dev/null 2>&1 || fail "$name: screenshot failed"
  [[ -s $shots/$name.png ]] || fail "$name: empty screenshot"
  echo "$name: $rendered of $expected charts rendered, $(grep -o 'data-chart-marks="[0-9]*"' <<< "$body"); screenshot $shots/$name.png"
}
# Run 1: nm-structured (speedup, throughput, roofline), snap (utilization) and pruning
# (throughput, roofline, accuracy, trade-off) charts.
check_page report "$work/report/index.html" 6
check_page compare "$work/compare/index.html" 7
echo "report-browser: ok"
