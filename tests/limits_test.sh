#!/bin/sh
# Limits never lie: a history that needs more memory or time than allowed answers `unknown` (exit 2)
# and says why, and the process stays within the memory limit, measured with /usr/bin/time -v, and
# ends within --time-limit + 5% + 50 ms (wall time of the whole process, as /usr/bin/time sees it).
# Without --memory-limit a default budget holds: under a small RLIMIT_AS or RLIMIT_DATA the answer is
# `unknown` from that budget, not an allocation failure or the OOM killer.
# usage: limits_test.sh [--part memory|time] LINCHECK LINCHECK_GENERATE [sanitized]
# With `sanitized` (an ASan build: shadow memory and quarantine) resident memory is not compared.
# --part memory: the memory limits, the default budget and the bounded explanation, whose bounds are
# resident memory (and a loose minute), so ctest runs them beside other tests (limits.memory);
# --part time: the time limits, whose bounds are tens of ms of wall time, on a machine ctest keeps
# quiet (limits.memory-and-time, RUN_SERIAL). Without --part: both.
#
# The allowance above --memory-limit is OVERHEAD_MB (docs/reliability.md): the process itself
# (binary, libraries, thread stacks: about 7 MiB), the history's events and operations, and the
# search's smaller tables, which are polled every 1024 steps rather than checked before each growth.
set -u
part=all
if [ "${1:-}" = --part ]; then part=$2; shift 2; fi
lincheck=$1 generate=$2 sanitized=${3:-}
support=$(dirname "$0")/support
overhead_mb=32  # measured: 38 MiB resident under a 16 MiB limit on the CI machine kind
gnu_time=/usr/bin/time
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

if ! "$gnu_time" -v true > /dev/null 2>&1; then
    echo "GNU time (/usr/bin/time, Debian package \`time\`) is missing: scripts/test installs it"
    exit 77
fi

# Very hard for any WGL search: 5,000 events on one key from 60 processes, values mostly unique (with
# few values, reads are linearized at once and the search is quick). 3,000 events were, until the
# register's QueryPruning decided them in 2.4 s under 53 MiB; these are still unknown after 20 s.
"$generate" --events 5000 --keys 1 --processes 60 --values 1000 --seed 5 > "$dir/hard.jsonl"
# As hard on each of four keys (40 processes each), checked in parallel under one shared budget.
"$generate" --events 12000 --keys 4 --processes 160 --seed 5 > "$dir/hard-keys.jsonl"
# A FIFO queue whose search grows by hundreds of MB a second (hard_queue.awk).
awk -v N=300 -v SEED=2 -f "$support/hard_queue.awk" > "$dir/queue.jsonl"

# run NAME EXPECTED_PATTERN MAX_RSS_MB MAX_SECONDS FILE [lincheck args...]
run() {
    name=$1 pattern=$2 max_rss_mb=$3 max_seconds=$4 file=$5
    shift 5
    # launcher: a command that runs the rest (e.g. under a resource limit); `env` runs it as it is.
    "${launcher:-env}" "$gnu_time" -v -o "$dir/time.txt" "$lincheck" "$@" "$file" > "$dir/out" 2>&1
    code=$?
    rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$dir/time.txt")
    wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time.txt")
    seconds=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    echo "$name: exit $code, max RSS $((rss_kb / 1024)) MiB, $seconds s: $(head -n 1 "$dir/out")"
    [ "$code" -eq 2 ] || fail "$name: exit $code, expected 2 (unknown)"
    grep -Eq "^unknown: $pattern" "$dir/out" || fail "$name: the output does not say /unknown: $pattern/"
    if [ -z "$sanitized" ] && [ "$max_rss_mb" -gt 0 ] && [ "$rss_kb" -gt $((max_rss_mb * 1024)) ]; then
        fail "$name: max RSS $rss_kb KiB is over $max_rss_mb MiB"
    fi
    if awk -v s="$seconds" -v m="$max_seconds" 'BEGIN { exit !(s > m) }'; then
        fail "$name: took $seconds s, more than $max_seconds s"
    fi
}

if [ "$part" != time ]; then
    for limit in 16 64; do
        run "memory-limit-$limit" "memory limit of $limit MiB reached" $((limit + overhead_mb)) 60 \
            "$dir/hard.jsonl" --memory-limit "$limit" --time-limit 120
    done
    run "memory-limit-64-four-keys-2-jobs" "memory limit of 64 MiB reached" $((64 + overhead_mb)) 60 \
        "$dir/hard-keys.jsonl" --memory-limit 64 --time-limit 120 --jobs 2
fi

if [ "$part" != memory ]; then
    # The time limit holds for the whole process: wall time at most the limit + 5% + 50 ms (sanitized
    # builds free slowly and scan the heap at exit: 3 s more).
    bound() { awk -v l="$1" -v s="$sanitized" 'BEGIN { print s == "" ? l * 1.05 + 0.05 : l + 3 }'; }
    run "time-limit-1" "time limit reached" 0 "$(bound 1)" "$dir/hard.jsonl" --time-limit 1
    run "time-limit-1-four-keys-2-jobs" "time limit reached" 0 "$(bound 1)" "$dir/hard-keys.jsonl" --time-limit 1 --jobs 2
    # A FIFO queue whose search grows by hundreds of MB a second: freeing its millions of states took 0.9 s
    # after a 3 s limit on a loaded machine, and the process's exit more; the search now keeps time for
    # giving its memory back and leaves it to the exit.
    for limit in 1 3; do
        run "time-limit-$limit-queue" "time limit reached" 0 "$(bound $limit)" "$dir/queue.jsonl" --model fifo-queue --time-limit "$limit"
    done

    # The reports hold it too: --html on one key of ~290,000 operations (800,000 events, 57 MB, reading
    # ~0.7 s idle). Before, the check's set-up ran past its deadline and the page was written whole
    # (0.7 s idle): 1.7 s idle and 3.1-3.3 s at load 12 under --time-limit 1.5. Now the check does not
    # begin past its deadline and the page is cut to the time left, saying so.
    "$generate" --events 800000 --keys 1 --seed 3 --corrupt 0.0005 > "$dir/long-key.jsonl"
    run "time-limit-1.5-html-long-key" "time limit reached" 0 "$(bound 1.5)" "$dir/long-key.jsonl" \
        --model cas-register --time-limit 1.5 --html "$dir/page.html"
    grep -q '</html>' "$dir/page.html" || fail "time-limit-1.5-html-long-key: no whole page written"
    rm -f "$dir/long-key.jsonl" "$dir/page.html"

    # Reading holds the time limit too: a 110 MB file (1.5 * 10^6 events, 0.3-0.6 s to read on an idle
    # machine) under a 0.2 s limit answers unknown while reading, with one or two threads. (Before, it
    # was read whole first.) The bound here is looser than the limit's 5% + 50 ms, which a machine at
    # load 20 misses by tens of ms with two threads; `bench/run.sh limits` prints the tight comparison.
    "$generate" --events 1500000 --keys 1000 --processes 20 --seed 3 > "$dir/large.jsonl"
    for jobs in 1 2; do
        run "time-limit-reading-j$jobs" "time limit reached while reading the input" 0 \
            "$(awk -v s="$sanitized" 'BEGIN { print s == "" ? 0.45 : 3.2 }')" "$dir/large.jsonl" --time-limit 0.2 --jobs $jobs
    done
    # A single document (a JSON array, an EDN vector) is parsed after it is read whole: parsing holds the
    # limit too (the event builder looks at the clock every 4,096 events). Reading these takes ~0.3 s,
    # parsing them seconds; before, the limit waited for the parse (3 s for the array, 6 s for the vector,
    # under --time-limit 1 on a loaded machine). Loose bound as above (limit + 5% + 50 ms is 1.1 s).
    sed '1s/^/[/; $!s/$/,/; $s/$/]/' "$dir/large.jsonl" > "$dir/large.json"
    # (Fixed strings, each field once a line, bytes not characters: 3 CPU-s; the former pattern with a
    # back-reference, in a UTF-8 locale, took 19 CPU-s of this serial test.)
    LC_ALL=C sed 's/"process": /:process /; s/"type": /:type /; s/"f": /:f /; s/"key": /:key /; s/"value": /:value /;
                  s/null/nil/; 1s/^/[/; $s/$/]/' "$dir/large.jsonl" > "$dir/large.edn"
    rm -f "$dir/large.jsonl"
    for document in json edn; do
        run "time-limit-parsing-$document-document" "time limit reached" 0 \
            "$(awk -v s="$sanitized" 'BEGIN { print s == "" ? 1.3 : 4 }')" "$dir/large.$document" --time-limit 1
        rm -f "$dir/large.$document"
    done

fi

if [ "$part" != time ]; then
    # 0 is refused, not read as "no limit" (bad usage, exit 4). (On an easy history: read as "no limit",
    # the queue would grow until the machine ran out of memory.)
    printf '{"process":0,"type":"invoke","f":"write","value":1}\n{"process":0,"type":"ok","f":"write","value":1}\n' > "$dir/tiny.jsonl"
    for option in --time-limit --memory-limit; do
        "$lincheck" "$option" 0 "$dir/tiny.jsonl" > "$dir/out" 2>&1
        code=$?
        echo "$option-0: exit $code: $(head -n 1 "$dir/out")"
        [ "$code" -eq 4 ] || fail "$option 0: exit $code, expected 4"
        grep -q "takes a positive number" "$dir/out" || fail "$option 0: no reason given"
    done

    # The default memory budget: under RLIMIT_AS or RLIMIT_DATA of 400 MiB and no --memory-limit, the
    # queue search stops at three quarters of what the limit leaves, says so, and names the budget with -v.
    # (Sanitized builds reserve terabytes of address space for their shadow memory: not there.)
    as_400() { sh -c 'ulimit -v 409600 && exec "$@"' sh "$@"; }
    data_400() { prlimit --data=419430400 "$@"; }
    if [ -z "$sanitized" ]; then
        for launcher in as_400 data_400; do
            if [ "$launcher" = data_400 ] && ! prlimit --version > /dev/null 2>&1; then continue; fi
            run "default-budget-$launcher" "memory limit of [0-9]+ MiB reached" 400 120 "$dir/queue.jsonl" \
                --model fifo-queue -v --time-limit 120
            resource=RLIMIT_AS; [ "$launcher" = data_400 ] && resource=RLIMIT_DATA
            grep -Eq "^memory budget [0-9]+ MiB \(three quarters of what $resource, 400 MiB, leaves" "$dir/out" ||
                fail "default-budget-$launcher: -v does not name the $resource budget"
            grep -q "note: that is the default memory budget" "$dir/out" || fail "default-budget-$launcher: no note"
        done
        launcher=
    fi

    # Limits never turn an answer around: an easy history gets its verdict under the same limits.
    printf '{"process":0,"type":"invoke","f":"write","value":1}\n{"process":0,"type":"ok","f":"write","value":1}\n{"process":1,"type":"invoke","f":"read"}\n{"process":1,"type":"ok","f":"read","value":2}\n' > "$dir/easy.jsonl"
    "$lincheck" --memory-limit 16 --time-limit 1 "$dir/easy.jsonl" > "$dir/out" 2>&1
    code=$?
    echo "easy-under-limits: exit $code: $(head -n 1 "$dir/out")"
    [ "$code" -eq 1 ] || fail "easy-under-limits: exit $code, expected 1 (not linearizable)"

    # Without any limit, the explanation of a failure is bounded all the same (512 MiB for its window
    # searches): nine indeterminate enqueues and a dequeue of a value never enqueued. The check takes
    # milliseconds; the smallest window is searched from thousands of start states, and used to take
    # 24 GB before the process was killed.
    i=1
    while [ $i -le 9 ]; do
        printf '{"process":%d,"type":"invoke","f":"enqueue","value":%d}\n' $i $((i % 3))
        i=$((i + 1))
    done > "$dir/queue.jsonl"
    printf '{"process":0,"type":"invoke","f":"dequeue"}\n{"process":0,"type":"ok","f":"dequeue","value":7}\n' >> "$dir/queue.jsonl"
    "$gnu_time" -v -o "$dir/time.txt" "$lincheck" --model fifo-queue "$dir/queue.jsonl" > "$dir/out" 2>&1
    code=$?
    rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$dir/time.txt")
    echo "explanation-bounded: exit $code, max RSS $((rss_kb / 1024)) MiB: $(head -n 1 "$dir/out")"
    [ "$code" -eq 1 ] || fail "explanation-bounded: exit $code, expected 1"
    grep -q "dequeue → 7 by process 0 (lines 10–11) cannot be linearized" "$dir/out" || fail "explanation-bounded: no explanation"
    if [ -z "$sanitized" ] && [ "$rss_kb" -gt $(((512 + overhead_mb) * 1024)) ]; then
        fail "explanation-bounded: max RSS $rss_kb KiB is over $((512 + overhead_mb)) MiB"
    fi

fi

if [ "$failures" -ne 0 ]; then
    echo "$failures limit case(s) failed"
    exit 1
fi
echo "every limit answered unknown, with its reason, within bounds"
