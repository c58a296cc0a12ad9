#!/bin/sh
# Reading a large line-based file in pieces (4 MB, parsed by --jobs threads, paired in file order):
# the same report whatever the thread count, and positions of the whole file in errors.
# usage: stream_test.sh LINCHECK LINCHECK_GENERATE
set -u
lincheck=$1 generate=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Timings masked: they are the only thing allowed to differ.
report() {
    "$lincheck" "$@" > out 2>&1
    echo "exit $?" >> out
    sed -E 's/[0-9]+(\.[0-9]+)? ms/_ ms/g' out
}

# ~15 MB: four pieces, with a few stale reads among 1,000 keys.
"$generate" --events 200000 --keys 1000 --processes 40 --corrupt 0.0005 --seed 3 > big.jsonl
[ "$(wc -c < big.jsonl)" -gt 12000000 ] || fail "the generated history is too small to make several pieces"
for j in 1 2 4; do
    report -j $j --all-failures --json report.$j.json big.jsonl > text.$j
    sed -E 's/"(read|check|explain)": [0-9.e+-]+/"\1": 0/' report.$j.json > report.$j.masked
done
grep -q "^exit 1" text.1 || { fail "expected failures in big.jsonl"; head -5 text.1; }
for j in 2 4; do
    cmp -s text.1 text.$j || { fail "text report: --jobs 1 and --jobs $j differ"; diff text.1 text.$j | head -10; }
    cmp -s report.1.masked report.$j.masked || fail "JSON report: --jobs 1 and --jobs $j differ"
done

# An error in the last piece: its line is counted over the whole file, whatever the thread count.
lines=$(wc -l < big.jsonl)
cp big.jsonl bad.jsonl
echo '{"process": 1, "type": "invoke", "f": "read", "key": 5, "value": nul}' >> bad.jsonl
cat big.jsonl >> bad.jsonl  # more pieces after the error
for j in 1 2; do
    report -j $j bad.jsonl > text.$j
    grep -q "bad.jsonl:$((lines + 1)):" text.$j || { fail "--jobs $j: error not at line $((lines + 1))"; head -3 text.$j; }
    grep -q "^exit 3" text.$j || fail "--jobs $j: expected exit 3 for bad input"
done

# A cut-off last line after many pieces: an error, or dropped with --allow-truncated.
head -c 13000000 big.jsonl > cut.jsonl
for j in 1 2; do
    report -j $j cut.jsonl > text.$j
    grep -q "^exit 3" text.$j || { fail "--jobs $j: a cut-off file should be an input error"; head -3 text.$j; }
    report -j $j --allow-truncated cut.jsonl > text.$j
    grep -q "^exit [01]" text.$j || { fail "--jobs $j --allow-truncated: expected a verdict"; head -3 text.$j; }
done

[ "$failures" -eq 0 ] && echo "ok: pieces read the same with 1, 2 and 4 threads"
exit "$failures"
