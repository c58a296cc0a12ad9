#!/bin/sh
# The HTML report's first view shows the cause: in headless Chromium at 1400x900, the failing operation
# and every operation a hint names must be drawn inside the window, without scrolling. The page's own
# script measures them and writes data-in-view="yes" (or "no: ...") on <body>.
# usage: html_view_test.sh LINCHECK HISTORY [--expect=REGEX...] [--script=FILE] [lincheck args...]
# Each --expect=REGEX must match the rendered DOM (grep -E), e.g. an element the page must draw.
# --script=FILE: a script run after the page's own (injected into a copy of the page), which acts on the
# page as a person would (e.g. unticks a checkbox) and writes data-check="yes" (or "no: ...") on <body>.
set -u
lincheck=$1 history=$2
shift 2
expects=""
script=""
while [ $# -gt 0 ]; do
    case $1 in
        --expect=*) expects="$expects
${1#--expect=}"; shift ;;
        --script=*) script=${1#--script=}; shift ;;
        *) break ;;
    esac
done
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "chromium is not installed (scripts/setup installs it): skipped"
    exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$lincheck" -q --html "$dir/report.html" "$@" "$history"
[ "$?" -eq 1 ] || { echo "expected a failing history"; exit 1; }
page=$dir/report.html
if [ -n "$script" ]; then
    page=$dir/checked.html
    awk -v js="$script" '$0 == "</body>" { print "<script>"; while ((getline l < js) > 0) print l; print "</script>" } { print }' \
        "$dir/report.html" > "$page"
fi
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --window-size=1400,900 \
    --user-data-dir="$dir/profile" --dump-dom "file://$page" > "$dir/dom.html" 2> "$dir/browser.log"
body=$(grep -o '<body[^>]*>' "$dir/dom.html" | head -1)
state=$(echo "$body" | grep -o 'data-in-view="[^"]*"')
viewport=$(echo "$body" | grep -o 'data-viewport="[^"]*"')
echo "$state $viewport"
[ "$state" = 'data-in-view="yes"' ] || { echo "the failing operation or a hint's operation is not in view"; exit 1; }
if [ -n "$script" ]; then
    check=$(echo "$body" | grep -o 'data-check="[^"]*"')
    echo "$check"
    [ "$check" = 'data-check="yes"' ] || { echo "the script's check failed ($script)"; exit 1; }
fi
missing=0
echo "$expects" | while IFS= read -r pattern; do
    [ -z "$pattern" ] && continue
    grep -Eq -- "$pattern" "$dir/dom.html" || { echo "not in the page: $pattern"; exit 1; }
done || missing=1
[ "$missing" -eq 0 ] || exit 1
