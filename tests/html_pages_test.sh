#!/bin/sh
# --html for bad input and for many histories writes a page (rendered in headless Chromium): bad input
# says what is wrong and where; a batch gets a table linking each failure and bad input to its section.
# usage: html_pages_test.sh LINCHECK SAMPLES_DIR
set -u
lincheck=$1 samples=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed (scripts/setup installs it): skipped"
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
render() {
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --window-size=1400,900 \
        --user-data-dir="$dir/profile" --dump-dom "file://$1" > "$2" 2> "$dir/browser.log"
}

"$lincheck" -q --html "$dir/bad.html" "$samples/bad-unmatched-completion.json" 2> /dev/null
[ "$?" -eq 3 ] || fail "bad input did not exit 3"
[ -s "$dir/bad.html" ] || fail "no page for bad input"
render "$dir/bad.html" "$dir/bad.dom"
grep -q 'id="input-error"' "$dir/bad.dom" || fail "the bad-input page shows no error"
grep -q 'line 3, column 3' "$dir/bad.dom" || fail "the bad-input page does not say where"
grep -q 'has no open invoke on that process' "$dir/bad.dom" || fail "the bad-input page does not say what is wrong"
# "Where:" and what is wrong sit in one card (issue 18: the "Where:" line was outside it).
grep -q '<div class="error-card"><p class="failing-text">Where: [^<]*line 3, column 3</p><pre class="error" id="input-error">' "$dir/bad.dom" ||
    fail "the bad-input page's card does not hold the 'Where:' line and the error"

"$lincheck" -q --html "$dir/batch.html" -r "$samples/batch" 2> /dev/null
[ "$?" -eq 3 ] || fail "the batch did not exit 3 (it holds bad input)"
render "$dir/batch.html" "$dir/batch.dom"
grep -q 'id="summary"' "$dir/batch.dom" || fail "no summary table"
rows=$(grep -o '<tr>' "$dir/batch.dom" | wc -l)
[ "$rows" -eq 7 ] || fail "expected a header and 6 rows in the table, got $rows rows"
links=$(grep -o 'href="#h[0-9]*"' "$dir/batch.dom" | wc -l)
[ "$links" -eq 3 ] || fail "expected 3 links (2 failures, 1 bad input), got $links"
for target in $(grep -o 'href="#h[0-9]*"' "$dir/batch.dom" | sed 's/href="#//; s/"//'); do
    grep -q "id=\"$target\"" "$dir/batch.dom" || fail "link to #$target has no section"
done
grep -q 'id="failing-op' "$dir/batch.dom" || fail "no failing operation drawn in the batch page"
[ "$failures" -eq 0 ] || exit 1
echo "bad-input and batch pages ok"
