#!/bin/sh
# Batch mode, JUnit XML, --shard and `lincheck merge`, and the progress line, through the real binary.
# usage: batch_test.sh LINCHECK GENERATE SAMPLES_DIR CASE
#   CASE: table | exit-codes | junit | determinism | file-shards | key-shards | merge-errors | progress
set -u
lincheck=$1 generate=$2 samples=$3 case=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
batch=$samples/batch
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# expect_exit EXPECTED COMMAND...: runs COMMAND (output in $dir/out, $dir/err) and checks its exit code.
expect_exit() {
    expected=$1
    shift
    "$@" > out 2> err
    code=$?
    if [ "$code" -ne "$expected" ]; then
        fail "$* exited $code, expected $expected"
        head -c 3000 out err
    fi
}

# Output with times, and the padding that depends on their width, taken out.
normalise() {
    sed -E 's/[0-9]+(\.[0-9]+)? (ms|s)\b/T/g; s/ +/ /g' "$1"
}

# same FILE1 FILE2 WHAT: the normalised outputs must be equal.
same() {
    normalise "$1" > a.norm
    normalise "$2" > b.norm
    if ! cmp -s a.norm b.norm; then
        fail "$3"
        diff a.norm b.norm | head -40
    fi
}

contains() {  # contains FILE PATTERN WHAT
    grep -Eq -- "$2" "$1" || { fail "$3: no /$2/ in:"; head -c 3000 "$1"; }
}

# A history that a 1 MiB search cache cannot decide: exit 2 (unknown) with --memory-limit 1.
hard_history() {
    "$generate" --events 40000 --keys 1 --processes 30 --seed 4 > hard.jsonl
}

case $case in
table)
    # --recursive: every file under the directory, sorted, hidden names skipped; one table, then the
    # failures' explanations in file order; the exit code is the worst outcome (bad input).
    expect_exit 3 "$lincheck" --recursive "$batch"
    cat out
    sed '/^$/q' out | grep "^$batch/" > table
    [ "$(wc -l < table)" -eq 6 ] || fail "expected 6 rows"
    grep -q 'hidden\|ignored' out && fail "a name starting with . was checked"
    cut -d' ' -f1 table > rows
    sort rows > sorted
    cmp -s rows sorted || fail "rows not in sorted order"
    contains out "^$batch/keyed.jsonl +cas-register +8 +NOT linearizable" "keyed row"
    contains out "^$batch/nested/history.edn +cas-register +2 +linearizable" "nested EDN row"
    contains out "^$batch/bad-unmatched.json +- +- +bad input" "bad input row"
    contains out "^6 histories: 3 linearizable, 2 NOT linearizable, 1 bad input \(" "summary line"
    contains out "^== $batch/bad-unmatched.json: bad input ==" "bad input section"
    contains out "bad-unmatched.json:3:3: error: ok of .read. by process 1 has no open invoke" "bad input message"
    contains out 'Key "w": read → 7 by process 3' "keyed explanation"
    # sections in file order
    grep '^== ' out | cut -d' ' -f2 > sections
    printf '%s\n' "$batch/bad-unmatched.json:" "$batch/keyed.jsonl:" "$batch/stale-read.json:" > expected
    cmp -s sections expected || { fail "sections out of order"; cat sections; }
    # Files on the command line: checked in the order given.
    expect_exit 1 "$lincheck" "$batch/stale-read.json" "$batch/cas-timeouts.jsonl"
    cat out
    [ "$(sed -n 2p out | cut -d' ' -f1)" = "$batch/stale-read.json" ] || fail "command-line order not kept"
    # One history alone is reported as before, not as a table.
    expect_exit 1 "$lincheck" "$batch/stale-read.json"
    contains out '^NOT linearizable \(4 operations' "single-history report"
    grep -q '^FILE' out && fail "a table for one history"
    # --quiet prints nothing; a directory without --recursive is bad input; --html draws a batch on one page.
    expect_exit 1 "$lincheck" -q "$batch/stale-read.json" "$batch/cas-timeouts.jsonl"
    [ -s out ] && fail "--quiet printed something"
    expect_exit 3 "$lincheck" "$batch"
    contains err 'is a directory; --recursive checks every file under it' "directory message"
    expect_exit 1 "$lincheck" -q --html x.html "$batch/stale-read.json" "$batch/cas-timeouts.jsonl"
    grep -q '"batch":true' x.html || fail "--html of a batch wrote no batch page"
    expect_exit 3 "$lincheck" --recursive "$dir/does-not-exist"
    ;;

exit-codes)
    # Worst outcome: 4 > 3 bad input > 1 not linearizable > 2 unknown > 0 linearizable.
    hard_history
    ok=$batch/cas-timeouts.jsonl invalid=$batch/stale-read.json bad=$batch/bad-unmatched.json
    expect_exit 0 "$lincheck" "$ok" "$batch/nested/history.edn"
    expect_exit 2 "$lincheck" --memory-limit 1 "$ok" hard.jsonl
    contains out 'hard.jsonl +cas-register +[0-9]+ +unknown' "unknown row"
    contains out '^== hard.jsonl: unknown ==' "unknown section"
    contains out 'memory limit' "unknown reason"
    expect_exit 1 "$lincheck" --memory-limit 1 hard.jsonl "$invalid" "$ok"
    expect_exit 3 "$lincheck" --memory-limit 1 "$invalid" hard.jsonl "$bad"
    expect_exit 3 "$lincheck" "$ok" missing.json
    contains out 'lincheck: cannot open missing.json' "missing file message"
    expect_exit 4 "$lincheck" --model no-such-model "$ok" "$invalid"
    expect_exit 4 "$lincheck" --shard 3/2 "$ok" "$invalid"
    expect_exit 4 "$lincheck" --shard x "$ok"
    # The README and --help document the order.
    "$lincheck" --help > help.txt
    contains help.txt 'worst outcome: 4, then 3, then 1, then 2, then 0' "--help"
    ;;

junit)
    hard_history
    expect_exit 3 "$lincheck" --memory-limit 1 --junit results.xml --recursive "$batch" hard.jsonl
    cat results.xml
    if command -v xmllint > /dev/null; then
        xmllint --noout results.xml || fail "results.xml is not well-formed XML"
    elif command -v python3 > /dev/null; then
        python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' results.xml || fail "not well-formed XML"
    fi
    contains results.xml '<testsuite name="lincheck" tests="7" failures="2" errors="1" skipped="1"' "testsuite counts"
    [ "$(grep -c '<testsuite ' results.xml)" -eq 1 ] || fail "expected one testsuite"
    [ "$(grep -c '<testcase ' results.xml)" -eq 7 ] || fail "expected 7 test cases"
    contains results.xml "<testcase classname=\"cas-register\" name=\"$batch/cas-timeouts.jsonl\" time=\"[0-9.]+\"/>" "passing case"
    contains results.xml '<failure type="not_linearizable" message="Key &quot;w&quot;: read → 7 by process 3 \(lines 13–14\) cannot be linearized: just before it, the state was null, in which it cannot take effect\.' "failure message"
    contains results.xml '<error type="bad_input" message="[^"]*bad-unmatched.json:3:3: error: ' "error element"
    contains results.xml '<skipped message="unknown: memory limit' "skipped element"
    # One history: its usual report on stdout, and a one-case JUnit file.
    expect_exit 1 "$lincheck" --junit one.xml "$batch/stale-read.json"
    contains out '^NOT linearizable' "single report"
    contains one.xml 'tests="1" failures="1" errors="0" skipped="0"' "single-history JUnit"
    expect_exit 3 "$lincheck" --junit bad.xml "$batch/bad-unmatched.json"
    contains bad.xml 'tests="1" failures="0" errors="1"' "bad input JUnit"
    # Bytes that are not UTF-8 (EDN strings are compared as bytes), in the explanation and the name.
    printf '{:process 0 :type :invoke :f :write :value "\377\303("}\n{:process 0 :type :ok :f :write :value "\377\303("}\n{:process 1 :type :invoke :f :read}\n{:process 1 :type :ok :f :read :value "\376\303("}\n' > "$(printf 'utf8-\377.edn')"
    expect_exit 1 "$lincheck" --model register --junit utf8.xml utf8-*.edn "$batch/nested/history.edn"
    contains utf8.xml 'failures="1"' "JUnit of a non-UTF-8 history"
    if command -v xmllint > /dev/null; then
        xmllint --noout utf8.xml || fail "utf8.xml is not well-formed XML"
    fi
    # merge writes JUnit too
    expect_exit 3 "$lincheck" --json r.json --recursive "$batch"
    expect_exit 3 "$lincheck" merge --junit merged.xml r.json
    contains merged.xml 'tests="6" failures="2" errors="1" skipped="0"' "merged JUnit"
    ;;

determinism)
    # The same output whatever the thread count and timing.
    "$generate" --events 20000 --keys 30 --processes 10 --corrupt 0.002 --seed 11 > g1.jsonl
    "$generate" --events 20000 --keys 30 --processes 10 --seed 12 > g2.jsonl
    for j in 1 2 4; do
        "$lincheck" -j $j --all-failures --recursive "$batch" g1.jsonl g2.jsonl > out.$j 2>&1
        echo "exit $?" >> out.$j
    done
    same out.1 out.2 "--jobs 1 and --jobs 2 differ"
    same out.1 out.4 "--jobs 1 and --jobs 4 differ"
    head -12 out.1
    ;;

file-shards)
    # N shards of a batch, merged, give the table, explanations and exit code of one run.
    mkdir corpus
    cp -r "$batch"/* corpus/
    "$generate" --events 5000 --keys 20 --processes 8 --corrupt 0.005 --seed 21 > corpus/gen-invalid.jsonl
    "$generate" --events 5000 --keys 20 --processes 8 --seed 22 > corpus/gen-valid.jsonl
    "$lincheck" --recursive corpus > whole.out 2>&1
    whole=$?
    for n in 1 2 3 4 11; do
        reports=""
        k=1
        while [ $k -le $n ]; do
            "$lincheck" -q --shard $k/$n --json shard-$k-of-$n.json --recursive corpus
            reports="$reports shard-$k-of-$n.json"
            k=$((k + 1))
        done
        # shellcheck disable=SC2086
        "$lincheck" merge --json merged-$n.json $reports > merged.out 2>&1
        code=$?
        [ "$code" -eq "$whole" ] || fail "$n shards: merge exit $code, one run $whole"
        same whole.out merged.out "$n shards merged differ from one run"
        # a merged report merges again to the same
        "$lincheck" merge merged-$n.json > again.out 2>&1
        same merged.out again.out "re-merging a merged report changed it"
    done
    # Shard membership: every file in exactly one shard.
    for k in 1 2 3; do "$lincheck" --shard $k/3 --recursive corpus > s$k.out 2>&1; done
    cat s1.out s2.out s3.out | grep '^corpus/' | cut -d' ' -f1 | sort > members
    grep '^corpus/' whole.out | cut -d' ' -f1 | sort > all
    cmp -s members all || fail "the shards do not partition the files"
    contains s1.out '^shard 1/3: 3 of 8 histories' "shard summary"
    cat whole.out
    ;;

key-shards)
    # N shards of one history's keys, merged, give the verdict, counts and reported failure of one run.
    "$generate" --events 10000 --keys 40 --processes 12 --corrupt 0.01 --seed 31 > invalid.jsonl
    "$generate" --events 10000 --keys 40 --processes 12 --seed 32 > valid.jsonl
    cp "$batch/keyed.jsonl" keyed.jsonl
    for history in keyed.jsonl invalid.jsonl valid.jsonl; do
        # 64 shards of 4 keys: most shards empty
        counts="2 3 7"
        [ "$history" = keyed.jsonl ] && counts="2 3 64"
        for flags in "" "--all-failures"; do
            # shellcheck disable=SC2086
            "$lincheck" $flags --json whole.json "$history" > /dev/null 2>&1
            whole=$?
            "$lincheck" merge whole.json > whole.out 2>&1
            for n in $counts; do
                reports=""
                k=1
                while [ $k -le $n ]; do
                    # shellcheck disable=SC2086
                    "$lincheck" $flags -q --shard $k/$n --json key-$k.json "$history"
                    reports="$reports key-$k.json"
                    k=$((k + 1))
                done
                # shellcheck disable=SC2086
                "$lincheck" merge --json merged.json $reports > merged.out 2>&1
                code=$?
                [ "$code" -eq "$whole" ] || fail "$history $flags, $n key shards: merge exit $code, one run $whole"
                same whole.out merged.out "$history $flags: $n key shards merged differ from one run"
                # the merged report lists every key once, in order, like one run's
                grep -o '"index": [0-9]*' whole.json > idx.whole
                grep -o '"index": [0-9]*' merged.json > idx.merged
                cmp -s idx.whole idx.merged || fail "$history $flags, $n key shards: partitions differ"
            done
        done
        case $history in
            valid.jsonl) [ "$whole" -eq 0 ] || fail "valid.jsonl: exit $whole" ;;
            *) [ "$whole" -eq 1 ] || fail "$history: exit $whole, expected 1" ;;
        esac
        echo "$history: exit $whole"
        head -3 whole.out
    done
    # A key shard prints its part.
    expect_exit 1 "$lincheck" --shard 1/3 keyed.jsonl
    contains out '^NOT linearizable \(shard 1/3: 2 of 4 keys, 4 of 8 operations' "key shard summary"
    expect_exit 0 "$lincheck" --shard 2/3 keyed.jsonl
    contains out '^linearizable \(shard 2/3: 1 of 4 keys, 2 of 8 operations' "key shard summary"
    # Bad input: every shard says so, and so does the merge.
    cp "$batch/bad-unmatched.json" bad.json
    expect_exit 3 "$lincheck" --shard 1/2 --json bad1.json bad.json
    expect_exit 3 "$lincheck" --shard 2/2 --json bad2.json bad.json
    expect_exit 3 "$lincheck" merge bad1.json bad2.json
    contains out 'bad.json:3:3: error: ok of .read. by process 1' "merged bad input"
    ;;

merge-errors)
    cp "$batch/keyed.jsonl" keyed.jsonl
    for k in 1 2 3; do "$lincheck" -q --shard $k/3 --json k$k.json keyed.jsonl; done
    expect_exit 3 "$lincheck" merge k1.json k3.json
    contains err 'missing shard 2/3' "missing key shard"
    expect_exit 3 "$lincheck" merge k1.json k2.json k2.json k3.json
    contains err 'shard 2/3 given twice' "duplicate key shard"
    "$lincheck" -q --shard 1/2 --json other.json keyed.jsonl
    expect_exit 3 "$lincheck" merge k1.json k2.json other.json
    contains err 'shard 1/2 and shards of 3' "mixed key splits"
    for k in 1 2; do "$lincheck" -q --shard $k/2 --json f$k.json --recursive "$batch"; done
    expect_exit 3 "$lincheck" merge f1.json
    contains err 'missing shard 2/2' "missing file shard"
    expect_exit 3 "$lincheck" merge f1.json f1.json f2.json
    contains err 'shard 1/2 is also in f1.json' "duplicate file shard"
    "$lincheck" -q --json one.json "$batch/stale-read.json"
    expect_exit 3 "$lincheck" merge one.json one.json
    contains err 'is in two reports' "a history twice"
    echo 'not json' > junk.json
    expect_exit 3 "$lincheck" merge junk.json
    contains err 'junk.json: not a JSON report' "not JSON"
    echo '{"schema": "something-else"}' > other-schema.json
    expect_exit 3 "$lincheck" merge other-schema.json
    contains err 'not a lincheck --json report' "wrong schema"
    expect_exit 3 "$lincheck" merge no-such-report.json
    expect_exit 4 "$lincheck" merge
    expect_exit 4 "$lincheck" merge --no-such-option x.json
    expect_exit 0 "$lincheck" merge --help
    ;;

progress)
    # Not a terminal: stderr stays empty even when the line would be due at once.
    "$generate" --events 200000 --keys 100 --processes 20 --seed 41 > big.jsonl
    LINCHECK_PROGRESS_DELAY_MS=0 "$lincheck" big.jsonl > out 2> err
    grep -v "^lincheck: note: keys taken from the events' \`key\` field" err > err.rest  # the keys' note, after the verdict
    [ -s err.rest ] && { fail "progress output on a non-terminal stderr"; cat -v err | head -5; }
    LINCHECK_PROGRESS_DELAY_MS=0 "$lincheck" "$samples/batch/stale-read.json" "$samples/batch/cas-timeouts.jsonl" > out 2> err
    [ -s err ] && { fail "progress output on a non-terminal stderr (batch)"; cat -v err | head -5; }
    if ! command -v script > /dev/null; then
        echo "script (util-linux) is not installed: the terminal half is skipped"
        [ "$failures" -eq 0 ] || exit 1
        exit 77
    fi
    # On a terminal (script runs the command under a pseudo-terminal): the line is drawn, then erased
    # before the verdict is printed.
    esc=$(printf '\033')
    LINCHECK_PROGRESS_DELAY_MS=0 script -qec "'$lincheck' '$dir/big.jsonl'" /dev/null > tty.out 2>&1
    cat -v tty.out | head -c 600
    echo
    grep -q "lincheck: \(reading\|parsing\|checking\)" tty.out || fail "no progress line on a terminal"
    grep -q "$esc\[K" tty.out || fail "the progress line is never erased"
    # the verdict follows the erasure on the same line: the progress line left nothing behind
    grep -q "$esc\[Klinearizable (" tty.out || fail "the verdict does not follow an erased line"
    LINCHECK_PROGRESS_DELAY_MS=0 script -qec "'$lincheck' '$dir/big.jsonl' '$samples/batch/stale-read.json'" /dev/null > tty.out 2>&1
    grep -q "lincheck: [0-9]* of 2 histories" tty.out || { fail "no batch progress line"; cat -v tty.out | head -c 600; }
    # --quiet: nothing at all.
    LINCHECK_PROGRESS_DELAY_MS=0 script -qec "'$lincheck' -q '$dir/big.jsonl'" /dev/null > tty.out 2>&1
    [ -s tty.out ] && { fail "output with --quiet on a terminal"; cat -v tty.out | head -c 600; }
    # The default delay: a quick run draws nothing.
    script -qec "'$lincheck' '$samples/batch/stale-read.json'" /dev/null > tty.out 2>&1
    grep -q "lincheck: " tty.out && fail "a progress line for a quick run"
    ;;

*)
    echo "unknown case $case"
    exit 2
    ;;
esac

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "ok: $case"
