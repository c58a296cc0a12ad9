#!/bin/sh
# The text report wraps to $COLUMNS, and to 100 columns when stdout is not a terminal (issue 18, item 7),
# measured in display columns (`→`, `✗`, `│` are one): every line of every gallery history's report,
# the window's rows with their notes included.
# usage: text_width_test.sh LINCHECK GALLERY_DIR
set -u
lincheck=$1 gallery=$2
failures=0
widest() { LC_ALL=C.UTF-8 wc -L; }
for case in stale-read:register lost-write:register failed-write-read:cas-register double-dequeue:fifo-queue \
            lock-held-twice:mutex timed-keyed:register long-lock-window:mutex; do
    name=${case%%:*} model=${case##*:}
    w=$(COLUMNS=60 "$lincheck" "$gallery/$name.jsonl" --model "$model" 2> /dev/null | widest)
    [ "$w" -le 60 ] || { echo "FAIL: $name: a line of $w columns with COLUMNS=60"; COLUMNS=60 "$lincheck" "$gallery/$name.jsonl" --model "$model" 2> /dev/null; failures=$((failures + 1)); }
    w=$(env -u COLUMNS "$lincheck" "$gallery/$name.jsonl" --model "$model" 2> /dev/null | widest)
    [ "$w" -le 100 ] || { echo "FAIL: $name: a line of $w columns, not a terminal"; failures=$((failures + 1)); }
done
[ "$failures" -eq 0 ] || exit 1
echo "every line within the width"
