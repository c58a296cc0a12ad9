#!/bin/sh
# The HTML report renders in a real browser: headless Chromium runs its script and the failing
# operation's element must be in the resulting DOM; the file must stay under a size bound.
# usage: html_report_test.sh LINCHECK HISTORY EXPECTED_EXIT MAX_BYTES [lincheck args...]
set -u
lincheck=$1 history=$2 expected=$3 max_bytes=$4
shift 4
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed (scripts/test installs it): skipped"
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$lincheck" -q --html "$dir/report.html" "$@" "$history"
code=$?
[ "$code" -eq "$expected" ] || { echo "lincheck exited $code, expected $expected"; exit 1; }
bytes=$(wc -c < "$dir/report.html")
echo "report: $bytes bytes"
[ "$bytes" -le "$max_bytes" ] || { echo "report larger than $max_bytes bytes"; exit 1; }
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$dir/profile" --dump-dom "file://$dir/report.html" > "$dir/dom.html" 2> "$dir/browser.log"
if [ "$expected" -eq 1 ]; then
    grep -q 'id="failing-op"' "$dir/dom.html" || { echo "no failing-op element in the rendered DOM"; tail -5 "$dir/browser.log"; exit 1; }
    echo "failing operation drawn"
else
    grep -q '<rect' "$dir/dom.html" || { echo "no operation drawn"; exit 1; }
    echo "operations drawn"
fi
