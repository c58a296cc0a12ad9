#!/bin/sh
# A window of more than 20 operations is summarised in the terminal, and listed whole in --json and
# --html (issue 18, item 2). tests/gallery/long-lock-window.jsonl: an acquire that runs across a
# staircase of 12 releases and 12 acquires, from a held lock — 13 acquires for 12 releases, and making
# any one acquire indeterminate explains it, so the window is all 25 operations.
# usage: long_window_test.sh LINCHECK GALLERY_DIR
set -u
lincheck=$1 gallery=$2
history=$gallery/long-lock-window.jsonl
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
COLUMNS=100 "$lincheck" --json "$dir/r.json" --html "$dir/r.html" "$history" --model mutex > "$dir/text" 2> "$dir/err"
[ $? -eq 1 ] || { cat "$dir/err"; fail "expected exit 1 (not linearizable)"; }
grep -q "Smallest failing window: 25 operations" "$dir/text" || { cat "$dir/text"; fail "not a 25-operation window"; }
grep -q "(20 of the window's 25 operations shown" "$dir/text" || { cat "$dir/text"; fail "the window is not summarised"; }
grep -q "^  … 5 more$" "$dir/text" || { cat "$dir/text"; fail "no '… 5 more' row"; }
rows=$(grep -c '^  p[0-9]' "$dir/text")
[ "$rows" -eq 20 ] || fail "$rows window rows in the terminal, not 20"
# --json: each window operation carries `optional` (no other operation object does).
listed=$(grep -c '"optional"' "$dir/r.json")
[ "$listed" -eq 25 ] || fail "--json lists $listed window operations, not 25"
# --html: the page's data lists the window's operations by index.
window=$(grep -o '"window":\[[0-9,]*\]' "$dir/r.html" | head -1)
commas=$(printf '%s' "$window" | tr -cd ',' | wc -c)
[ "$commas" -eq 24 ] || fail "--html's window is $window, not 25 operations"
echo "the terminal shows 20 of 25 window operations; --json and --html list all 25"
