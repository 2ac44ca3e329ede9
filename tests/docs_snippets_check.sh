#!/usr/bin/env bash
# The guide's code cannot drift from code that compiles: every fenced code block in GUIDE that
# follows a line `<!-- snippet: path#name -->` must equal the region of path (relative to ROOT)
# between its `[snippet:name]` and the next `[/snippet]` marker lines, and every ```cpp block
# must carry such a line. The snippet files themselves are built (and the example plugin run)
# by the test suite, see tests/CMakeLists.txt.
set -euo pipefail
guide="$1"; root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Split the guide into blocks: $work/N.lang, $work/N.marker (may be empty), $work/N.text.
awk -v dir="$work" '
  /^```/ && !inside { inside = 1; n++; lang = substr($0, 4); print lang > (dir "/" n ".lang");
                      printf "%s", marker > (dir "/" n ".marker"); printf "" > (dir "/" n ".text"); next }
  /^```/ && inside  { inside = 0; marker = ""; next }
  inside            { print >> (dir "/" n ".text"); next }
  /^<!-- snippet: .* -->$/ { marker = $0; sub(/^<!-- snippet: /, "", marker); sub(/ -->$/, "", marker); next }
  /[^ \t]/          { marker = "" }
' "$guide"

count=0
for lang_file in "$work"/*.lang; do
  [[ -e "$lang_file" ]] || break
  n="$(basename "$lang_file" .lang)"
  lang="$(cat "$lang_file")"
  marker="$(cat "$work/$n.marker")"
  if [[ -z "$marker" ]]; then
    [[ "$lang" != cpp ]] || fail "code block $n (cpp) of $guide has no <!-- snippet: path#name --> line before it"
    continue
  fi
  path="${marker%%#*}"; name="${marker#*#}"
  [[ -f "$root/$path" ]] || fail "code block $n names $path, which does not exist"
  awk -v name="$name" '
    index($0, "[snippet:" name "]") { inside = 1; found = 1; next }
    inside && index($0, "[/snippet]") { inside = 0; exit }
    inside { print }
    END { if (!found) exit 3 }
  ' "$root/$path" > "$work/$n.region" || fail "$path has no region [snippet:$name]"
  diff -u "$work/$n.region" "$work/$n.text" > "$work/$n.diff" ||
    fail "code block $n of $guide differs from $path#$name:
$(cat "$work/$n.diff")"
  count=$((count + 1))
done
[[ $count -gt 0 ]] || fail "no snippet blocks found in $guide"
echo "docs snippets: $count blocks match their sources"
