#!/bin/sh
# Reading a large line-based file in pieces (parsed and paired by --jobs threads, joined in file order):
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

# Pairing errors whose events are pieces apart: the same message and lines whatever the thread count.
# (The second copy's processes are renamed: some of the first's are still open at its end.)
sed 's/"process": /"process": 1000000/' big.jsonl > renamed.jsonl
{
    cat big.jsonl
    echo '{"process": 77777, "type": "invoke", "f": "read", "key": 5}'
    cat renamed.jsonl
    echo '{"process": 77777, "type": "invoke", "f": "read", "key": 6}'
} > busy.jsonl
{
    cat big.jsonl
    echo '{"process": 88888, "type": "ok", "f": "read", "key": 5, "value": 1}'
    cat renamed.jsonl
} > orphan.jsonl
for j in 1 2 4; do
    report -j $j busy.jsonl > busy.$j
    report -j $j orphan.jsonl > orphan.$j
done
grep -q "busy.jsonl:$((2 * lines + 2)):.*invoked at line $((lines + 1)), column 1 has not completed" busy.1 ||
    { fail "busy process: wrong error"; head -3 busy.1; }
grep -q "orphan.jsonl:$((lines + 1)):.*no open invoke" orphan.1 || { fail "orphan completion: wrong error"; head -3 orphan.1; }
for j in 2 4; do
    cmp -s busy.1 busy.$j || { fail "busy process: --jobs 1 and --jobs $j differ"; diff busy.1 busy.$j | head -5; }
    cmp -s orphan.1 orphan.$j || { fail "orphan completion: --jobs 1 and --jobs $j differ"; diff orphan.1 orphan.$j | head -5; }
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
