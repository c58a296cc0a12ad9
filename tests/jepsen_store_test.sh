#!/bin/sh
# Jepsen store directories through the real binary: one history per run (history.edn, then history.txt,
# then jepsen.log), runs named by their directory, links to runs never checked twice, the run's other
# files skipped (and listed with -v); orphan `info` events counted.
# usage: jepsen_store_test.sh LINCHECK SAMPLES_DIR CASE
#   CASE: table | verbose | junit-json | run-directory | no-history | orphans | pieces
set -u
lincheck=$1 samples=$2 case=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
expect_exit() {  # expect_exit EXPECTED COMMAND...
    expected=$1
    shift
    "$@" > out 2> err
    code=$?
    if [ "$code" -ne "$expected" ]; then
        fail "$* exited $code, expected $expected"
        head -c 3000 out err
    fi
}
contains() {  # contains FILE PATTERN WHAT
    grep -Eq -- "$2" "$1" || { fail "$3: no /$2/ in:"; head -c 3000 "$1"; }
}
lacks() {  # lacks FILE PATTERN WHAT
    ! grep -Eq -- "$2" "$1" || { fail "$3: /$2/ in:"; head -c 3000 "$1"; }
}
cp -R "$samples/jepsen/store" store   # links stay links
run1=store/register/20230501T100000.000Z
run2=store/register/20230501T110000.000Z
run3=store/register/20230501T120000.000Z

case $case in
table)
    # Three runs, three rows named by their directories; the latest/current links add none.
    expect_exit 1 "$lincheck" --recursive store --model register
    cat out
    rows=$(sed '/^$/q' out | grep -c '^store/')
    [ "$rows" -eq 3 ] || fail "expected 3 rows, got $rows"
    contains out "^$run1 +register +2 +linearizable" "history.edn preferred (its history.txt differs)"
    contains out "^$run2 +register +[0-9]+ +NOT linearizable" "history.txt-only run"
    contains out "^$run3 +register +3 +linearizable" "jepsen.log-only run"
    contains out "^3 histories: 2 linearizable, 1 NOT linearizable" "summary"
    lacks out "fressian|\\.png|results\\.edn|latest|current|independent" "other files checked"
    # The same run through a link and directly: once.
    expect_exit 0 "$lincheck" --recursive store/latest "$run3" store/current --model register
    rows=$(sed '/^$/q' out | grep -c '^store/')
    [ "$rows" -eq 1 ] || { fail "a run checked through links more than once ($rows rows)"; cat out; }
    ;;
verbose)
    expect_exit 1 "$lincheck" --recursive store --model register -v
    contains err "$run1: Jepsen run, checking history.edn; skipped: .*history.txt.*independent/.*jepsen.log.*latency-raw.png.*results.edn.*test.fressian" "-v lists the skipped files"
    contains err "$run2: Jepsen run, checking history.txt; skipped: results.edn, test.jepsen" "-v, history.txt run"
    contains err "$run3: Jepsen run, checking jepsen.log" "-v, jepsen.log run"
    contains err "1 orphan info skipped" "-v counts the orphan info events"
    ;;
junit-json)
    expect_exit 1 "$lincheck" --recursive store --model register --junit junit.xml --json report.json
    contains junit.xml "name=\"$run1\"" "JUnit names the run"
    contains junit.xml "name=\"$run2\"" "JUnit names the run"
    lacks junit.xml "history\\.(edn|txt)\"|jepsen\\.log\"" "JUnit names files"
    contains report.json "\"input\": \"$run1\"" "JSON names the run"
    contains report.json "\"history\": \"$run1/history.edn\"" "JSON says which file was read"
    contains report.json "\"history\": \"$run2/history.txt\"" "JSON says which file was read"
    contains report.json "\"skipped_orphan_info\": 1" "JSON counts the orphan info"
    ;;
run-directory)
    # A run directory alone, without --recursive: its one history, named by the directory.
    expect_exit 1 "$lincheck" "$run2" --model register
    contains out "^$run2 +register" "a run directory is named by itself"
    expect_exit 0 "$lincheck" "$run1" --model register
    ;;
no-history)
    # A run that wrote no history (it crashed in setup) is bad input, named by its directory.
    mkdir store/register/20230501T130000.000Z
    echo '{:valid? :unknown}' > store/register/20230501T130000.000Z/results.edn
    expect_exit 3 "$lincheck" --recursive store --model register
    contains out "^store/register/20230501T130000.000Z .*bad input" "a run without history"
    contains out "without history.edn, history.txt or jepsen.log" "says why"
    ;;
orphans)
    expect_exit 0 "$lincheck" "$samples/jepsen/history.txt" --model cas-register -v
    contains err "1 orphan info skipped" "orphan info counted"
    expect_exit 0 "$lincheck" "$samples/jepsen/history.txt" --model cas-register --json report.json
    contains report.json "\"skipped_orphan_info\": 1" "JSON counts the orphan info"
    ;;
pieces)
    # A history.txt of ~1 MB is read in pieces by several threads, cut only before op lines: multi-line
    # error text and nemesis values are never split from their op. The same events as one JSON array
    # (read whole) give the same counts and verdict.
    awk 'BEGIN {
        for (i = 0; i < 12000; i++) {
            p = i % 5;
            printf "%d\t:invoke\t:write\t%d\n", p, i;
            if (i % 7 == 3) {
                printf "%d\t:info\t:write\t%d\tindeterminate: Assert failed: line one\n(or (= t :ok)\n\n (= t :fail))\n", p, i;
                for (k = 0; k < 12; k++) printf "\tat jepsen.client$invoke.invokeStatic(client.clj:%d)\n", k;
                printf "%d\t:invoke\t:read\tnil\n%d\t:ok\t:read\t%d\n", p + 5, p + 5, i;
            } else {
                printf "%d\t:ok\t:write\t%d\n", p, i;
            }
            if (i % 11 == 0) printf ":nemesis\t:info\t:start\t#error {\n :cause \"boom %d\"\n :via []}\n", i;
            printf "%d\t:info\t:log\tnil\n", p;
        }
    }' > history.txt
    awk -F'\t' 'BEGIN { print "[" }
        $1 ~ /^[0-9]+$/ && $2 ~ /^:/ {
            v = $4; if (v == "nil") v = "null";
            printf "%s{\"process\": %s, \"type\": \"%s\", \"f\": \"%s\", \"value\": %s}\n", (n++ ? "," : ""), $1, substr($2, 2), substr($3, 2), v
        }
        END { print "]" }' history.txt > history.json
    size=$(wc -c < history.txt)
    [ "$size" -gt 600000 ] || fail "history.txt is only $size bytes (too small to be read in pieces)"
    for jobs in 1 2 4; do
        expect_exit 0 "$lincheck" history.txt --model register --jobs "$jobs" --json "txt-$jobs.json"
        contains "txt-$jobs.json" '"operations": 13714' "history.txt in pieces, --jobs $jobs"
        contains "txt-$jobs.json" '"skipped_orphan_info": 12000' "orphans counted in pieces, --jobs $jobs"
        contains "txt-$jobs.json" '"skipped_non_client": 1091' "nemesis lines counted in pieces, --jobs $jobs"
    done
    expect_exit 0 "$lincheck" history.json --model register --json whole.json
    contains whole.json '"operations": 13714' "the same events read whole"
    ;;
*)
    echo "unknown case $case"
    exit 2
    ;;
esac
[ "$failures" -eq 0 ]
