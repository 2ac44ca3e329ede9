#!/usr/bin/env bash
# The main job: installs what is missing, builds, runs the default claim suite into
# results.sqlite (appending a run if it exists) and writes the report to report/.
# Extra arguments go to `claimbench run` (for example --quick, or --claim 'nvidia-*').
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CLAIMBENCH_BUILD_DIR:-$root/build}"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" claimbench
claimbench="$build/harness/cli/claimbench"
cd "$root"
status=0
"$claimbench" run --db results.sqlite "$@" || status=$?
# A run that stored a failed measurement (exit 1) still gets its report; bad input (2) does not.
if [[ $status -ne 0 && $status -ne 1 ]]; then exit "$status"; fi
"$claimbench" report --db results.sqlite --out report
echo "results: $root/results.sqlite; report: $root/report/report.md"
exit "$status"
