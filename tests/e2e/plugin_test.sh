#!/usr/bin/env bash
# Run-time plugins through the claimbench command: --plugin, --plugin-dir and
# CLAIMBENCH_PLUGIN_PATH load a plugin whose implementations list with their origin and run
# from a claim file, each measurement stored with the plugin's file and SHA-256; every broken
# plugin (another interface version, no entry point, a name already taken by a built-in or by
# another plugin, a file that does not load, no file) exits 2 with a message naming the file.
set -euo pipefail
claimbench="$1"; root="$2"; example="$3"; wrong_interface="$4"; duplicate_name="$5"; no_entry="$6"
work="$(readlink -f "$(mktemp -d)")"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
claims="$root/tests/data/plugin-claims"
data="$root/tests/data"

# expect_refusal FILE ARGS...: claimbench ARGS exits 2 and its message names FILE.
expect_refusal() {
  local file="$1"; shift
  local rc=0
  "$claimbench" "$@" > "$work/out" 2> "$work/err" || rc=$?
  [[ $rc -eq 2 ]] || fail "claimbench $*: exit $rc, expected 2; stderr: $(cat "$work/err")"
  grep -qF -- "$file" "$work/err" || fail "claimbench $*: the message does not name $file: $(cat "$work/err")"
  echo "refused as expected: $(head -n 1 "$work/err")"
}

example_abs="$(readlink -f "$example")"
"$claimbench" list implementations --plugin "$example" > "$work/list"
grep -Eq "^example\.skip-zeros .* plugin:${example_abs}\$" "$work/list" ||
  fail "list implementations does not show the plugin with its origin: $(cat "$work/list")"
grep -Eq "^dense\.own .* built-in\$" "$work/list" || fail "built-in implementations lost their origin"

# Folder and environment discovery.
mkdir "$work/plugins"
cp "$example" "$work/plugins/libexample.so"
"$claimbench" list implementations --plugin-dir "$work/plugins" > "$work/list"
grep -q "plugin:$work/plugins/libexample.so" "$work/list" || fail "--plugin-dir did not load $work/plugins/libexample.so"
CLAIMBENCH_PLUGIN_PATH="/nonexistent/libenv.so" expect_refusal "/nonexistent/libenv.so" list implementations
CLAIMBENCH_PLUGIN_PATH="$work/plugins" "$claimbench" list implementations > "$work/list"
grep -q "plugin:$work/plugins/libexample.so" "$work/list" || fail "CLAIMBENCH_PLUGIN_PATH did not load $work/plugins/libexample.so"
# The same file twice (by --plugin and by folder, via a symlink) loads once.
ln -s "$work/plugins/libexample.so" "$work/link.so"
"$claimbench" list implementations --plugin "$work/link.so" --plugin-dir "$work/plugins" > /dev/null ||
  fail "the same plugin named twice must load once"

# Every broken plugin: exit 2, naming the file, for list and for run.
expect_refusal "$(readlink -f "$wrong_interface")" list implementations --plugin "$wrong_interface"
grep -q "interface version" "$work/err" || fail "the interface mismatch is not explained"
expect_refusal "$(readlink -f "$no_entry")" list implementations --plugin "$no_entry"
grep -q "claimbench_plugin_entry" "$work/err" || fail "the missing entry point is not named"
expect_refusal "$(readlink -f "$duplicate_name")" run --plugin "$duplicate_name" --claims "$claims" --data "$data" \
  --db "$work/never.sqlite"
grep -q "'dense.own'.*built-in" "$work/err" || fail "the duplicate name and its owner are not named"
expect_refusal "$work/plugins/libexample.so" list implementations --plugin "$example" --plugin-dir "$work/plugins"
grep -q "plugin:$example_abs" "$work/err" || fail "a name taken by another plugin must name that plugin"
printf 'not a shared library\n' > "$work/libtext.so"
expect_refusal "$work/libtext.so" run --plugin "$work/libtext.so" --claims "$claims" --data "$data" --db "$work/never.sqlite"
expect_refusal "$work/libmissing.so" list implementations --plugin "$work/libmissing.so"
[[ ! -e "$work/never.sqlite" ]] || fail "a refused plugin must stop the run before the database is opened"
# Without the plugin, a claim naming its implementation is bad input (the claim loader).
expect_refusal "example-plugin.xml" run --claims "$claims" --data "$data" --db "$work/never.sqlite"

# A run with the plugin: its measurements carry the plugin's file and checksum.
db="$work/results.sqlite"
"$claimbench" run --plugin "$example" --claims "$claims" --data "$data" --db "$db" --quick --no-progress > "$work/run" ||
  fail "the run with the plugin exited $?: $(cat "$work/run")"
checksum="sha256:$(sha256sum "$example" | cut -d' ' -f1)"
row="$(sqlite3 "$db" "SELECT status, origin, plugin_file, plugin_checksum, kernel FROM measurements
  WHERE implementation = 'example.skip-zeros'")"
[[ "$row" == "ok|plugin:$example_abs|$example_abs|$checksum|example.skip-zeros.rowgather.scalar" ]] ||
  fail "the plugin's measurement reads '$row'"
[[ $(sqlite3 "$db" "SELECT count(*) FROM measurements WHERE implementation != 'example.skip-zeros'
  AND (plugin_file != '' OR plugin_checksum != '' OR origin != 'built-in')") -eq 0 ]] ||
  fail "built-in measurements must have no plugin file"
[[ $(sqlite3 "$db" "SELECT value FROM run_provenance WHERE key = 'plugin.0.checksum'") == "$checksum" ]] ||
  fail "the run's provenance lacks the plugin checksum"
[[ $(sqlite3 "$db" "SELECT count(*) FROM verdicts") -eq 1 ]] || fail "no verdict for the plugin's claim"
echo "plugins: ok"
