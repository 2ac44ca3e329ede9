#!/usr/bin/env bash
# A run killed with SIGKILL midway leaves a database that opens and holds every measurement
# completed before the kill, each with all its samples.
set -euo pipefail
claimbench="$1"
work="$(mktemp -d)"
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
db="$work/killed.sqlite"
repetitions=4

"$claimbench" run --db "$db" --no-progress --repetitions $repetitions --min-time 0.02 --warmup 0 \
  --workload 'bert-large.*' --threads 1 > "$work/out" 2>&1 &
pid=$!
count() { sqlite3 "file:$db?mode=ro" "SELECT count(*) FROM measurements" 2>/dev/null || echo 0; }
for _ in $(seq 1 1200); do
  [[ $(count) -ge 3 ]] && break
  kill -0 $pid 2>/dev/null || fail "the run ended before it could be killed: $(cat "$work/out")"
  sleep 0.05
done
[[ $(count) -ge 3 ]] || fail "no measurements after 60 s"
kill -9 $pid
wait $pid 2>/dev/null || true

[[ $(sqlite3 "$db" "PRAGMA integrity_check") == ok ]] || fail "integrity check failed"
stored=$(count)
incomplete=$(sqlite3 "$db" "SELECT count(*) FROM measurements m WHERE m.status = 'ok' AND
  (SELECT count(*) FROM samples s WHERE s.measurement_id = m.id) != $repetitions")
[[ $incomplete -eq 0 ]] || fail "$incomplete stored measurements lack samples"
[[ $(sqlite3 "$db" "SELECT status FROM runs WHERE id = 1") == running ]] || fail "the killed run should read 'running'"
total=$(sqlite3 "$db" "SELECT count(*) FROM measurements")
"$claimbench" verdicts --db "$db" --recompute > "$work/verdicts" || fail "verdicts on the killed run exited $?"
"$claimbench" report --db "$db" --out "$work/report" > /dev/null || fail "report on the killed run exited $?"
grep -q "did not finish" "$work/report/report.md" || fail "the report must say the run did not finish"
[[ $(sqlite3 "$db" "SELECT count(*) FROM measurements") -eq $total ]] || fail "measurements changed after the kill"
echo "kill-midway: ok ($stored measurements survived the kill)"
