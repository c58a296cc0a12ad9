#!/bin/sh
# The benchmark of bench/RESULTS.md: lincheck's figures per workload and, when a peer checker is
# available beside the project, the peer's figures and the ratio, from the same run.
#
#   bench/run.sh [workload...]      workloads: etcd hardest kv kv-nopartition scale small startup set unique
#
# Peers are never part of this repository. Point these variables at a command that takes history
# files as arguments and prints one line per file, `name<TAB>verdict<TAB>check_ms` (check time only):
#   LINCHECK_PEER_PORCUPINE   Porcupine (Go), with its etcd and kv models; MODEL=kv / MODEL=kvnp are
#                             passed in the environment for the kv workloads
#   LINCHECK_PEER_HK          the Horn–Kroening checker (etcd logs only)
# A wrapper around Porcupine's own CheckOperations/CheckEvents and its test models, or around
# Horn–Kroening's driver with memory sampling off, is all that is needed.
set -eu
cd "$(dirname "$0")/.."
build=${LINCHECK_BUILD:-build/default}
bench=$build/lincheck-bench
lincheck=$build/lincheck
generate=$build/lincheck-generate
corpora=${LINCHECK_CORPORA:-../shared/corpora}
jepsen=$corpora/porcupine/test_data/jepsen
kv=$corpora/porcupine/test_data/kv
[ -x "$bench" ] || { echo "build first: ./scripts/setup" >&2; exit 4; }
workloads=${*:-etcd hardest kv kv-nopartition scale small startup set unique}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

peer_sum() {  # command files... -> sum of check_ms
    "$@" 2>/dev/null | awk -F'\t' '{s += $3} END {printf "%.3f", s}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }'; }
# median_run FILE JOBS EVENTS -> "read_ms check_ms" of the run with the median read + check, out of 5
# (3 from 10^7 events): one run varies by ±5% on a shared 2-core machine.
median_run() {
    runs=5; [ "$3" -ge 10000000 ] && runs=3
    for i in $(seq $runs); do
        "$lincheck" -v -j"$2" "$1" 2>&1 >/dev/null | grep '^read .* ms, check' | awk '{print $2 + $5, $2, $5}'
    done | sort -n | sed -n "$(( (runs + 1) / 2 ))p" | awk '{print $2, $3}'
}
rss() {  # command... -> "seconds MiB"
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.2f s, %.0f MiB", $1, $2 / 1024}'
}

for w in $workloads; do
case $w in
etcd)
    echo "== etcd: 102 Jepsen logs, sum of check times (in-process, median of 3)"
    files=$(ls "$jepsen"/etcd_*.log | grep -v etcd_095)
    mine=$("$bench" files --model cas-register $files | tail -1 | sed 's/.*check \([0-9.]*\) ms.*/\1/')
    t0=$(date +%s%N); for f in $files; do "$lincheck" -q "$f" || true; done; t1=$(date +%s%N)
    echo "lincheck: $mine ms; whole processes, one per log: $(( (t1 - t0) / 1000000 )) ms in all"
    if [ -n "${LINCHECK_PEER_PORCUPINE:-}" ]; then
        p=$(MODEL=etcd peer_sum $LINCHECK_PEER_PORCUPINE $files); echo "porcupine: $p ms (lincheck $(ratio "$mine" "$p") faster)"
    fi
    if [ -n "${LINCHECK_PEER_HK:-}" ]; then
        h=$(peer_sum $LINCHECK_PEER_HK $files); echo "horn-kroening: $h ms (lincheck $(ratio "$mine" "$h") faster)"
    fi ;;
hardest)
    echo "== hardest etcd logs: check ms (in-process, median of 3)"
    for n in 002 007 057 099; do
        mine=$("$bench" files --model cas-register "$jepsen/etcd_$n.log" | sed -n 2p | awk '{print $(NF-2)}')
        line="etcd_$n: lincheck $mine ms"
        if [ -n "${LINCHECK_PEER_PORCUPINE:-}" ]; then
            p=$(MODEL=etcd peer_sum $LINCHECK_PEER_PORCUPINE "$jepsen/etcd_$n.log"); line="$line; porcupine $p ms ($(ratio "$mine" "$p"))"
        fi
        if [ -n "${LINCHECK_PEER_HK:-}" ]; then
            h=$(peer_sum $LINCHECK_PEER_HK "$jepsen/etcd_$n.log"); line="$line; horn-kroening $h ms ($(ratio "$mine" "$h"))"
        fi
        echo "$line"
    done ;;
kv)
    echo "== Porcupine kv, partitioned by key: check ms (in-process, median of 3, 2 threads) and whole-process peak RSS"
    for f in c01-ok c01-bad c10-ok c10-bad c50-ok c50-bad; do
        mine=$("$bench" files --model kv --jobs 2 "$kv/$f.txt" | sed -n 2p | awk '{print $(NF-2)}')
        line="$f: lincheck $mine ms ($(rss "$lincheck" -q --model kv "$kv/$f.txt"))"
        if [ -n "${LINCHECK_PEER_PORCUPINE:-}" ]; then
            p=$(MODEL=kv peer_sum $LINCHECK_PEER_PORCUPINE "$kv/$f.txt"); line="$line; porcupine $p ms ($(ratio "$mine" "$p"))"
        fi
        echo "$line"
    done ;;
kv-nopartition)
    echo "== Porcupine kv, one search over all keys (--no-partition): check ms, 60 s limit"
    for f in c01-ok c01-bad c10-ok c10-bad c50-ok c50-bad; do
        mine=$(timeout 60 "$bench" files --model kv --no-partition --reps 1 "$kv/$f.txt" | sed -n 2p | awk '{print $(NF-2)}' || true)
        line="$f: lincheck ${mine:-did not finish in 60 s} ms"
        if [ -n "${LINCHECK_PEER_PORCUPINE:-}" ]; then
            p=$(MODEL=kvnp TIMEOUT=60s peer_sum $LINCHECK_PEER_PORCUPINE "$kv/$f.txt"); line="$line; porcupine $p ms"
        fi
        echo "$line"
    done ;;
scale)
    echo "== synthetic register histories (lincheck-generate, 20 clients, keys = events / 1000): read and check ms with --jobs 1 and --jobs 2 (median of 5 runs), the speedup of the whole run, peak RSS"
    for n in 10000 100000 1000000 ${LINCHECK_BENCH_HUGE:-}; do
        "$generate" --events "$n" --keys $((n / 1000)) --processes 20 --seed 1 > "$tmp/h.jsonl"
        one=$(median_run "$tmp/h.jsonl" 1 "$n"); two=$(median_run "$tmp/h.jsonl" 2 "$n")
        r1=$(echo "$one" | awk '{print $1}'); c1=$(echo "$one" | awk '{print $2}')
        r2=$(echo "$two" | awk '{print $1}'); c2=$(echo "$two" | awk '{print $2}')
        t1=$(awk -v r="$r1" -v c="$c1" 'BEGIN {print r + c}'); t2=$(awk -v r="$r2" -v c="$c2" 'BEGIN {print r + c}')
        echo "$n events: -j1 read $r1 + check $c1 ms; -j2 read $r2 + check $c2 ms; --jobs 2 speedup $(ratio "$t2" "$t1") (check alone $(ratio "$c2" "$c1")); $(rss "$lincheck" -q -j2 "$tmp/h.jsonl"); $(awk -v n="$n" -v t="$t2" 'BEGIN {printf "%.0f events/s", n / (t / 1000)}')"
    done ;;
small)
    echo "== in-process checks of small histories (the simulator case)"
    "$bench" small --events 100 --keys 8 --processes 3 ;;
startup)
    echo "== whole process: start-up + read + check of a 100-event history (median of 20)"
    "$generate" --events 100 --keys 1 --processes 3 --seed 1 > "$tmp/small.jsonl"
    for i in $(seq 20); do
        t0=$(date +%s%N); "$lincheck" -q "$tmp/small.jsonl" || true; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000 ))
    done | sort -n | sed -n 10p | awk '{printf "%.2f ms\n", $1 / 1000}' ;;
set)
    echo "== a 560,000-event set history, P-compositional per element (key = element; add/remove/contains as register writes/reads)"
    "$generate" --events 560000 --keys 5000 --processes 16 --values 2 --no-cas --seed 7 > "$tmp/set.jsonl"
    echo "lincheck: $(rss "$lincheck" -q --model register "$tmp/set.jsonl")" ;;
unique)
    # docs/engines.md: one register, unique written values, 2% crashed writes; valid, and with one
    # planted stale read. Wall time (a shared machine inflates it: CPU time beside it), max RSS, verdict.
    echo "== unique-value register, 2% crashed writes: lincheck --engine auto (register-unique)"
    for size in "10000 100" "100000 1000" "1000000 1000"; do
        ops=${size% *}; clients=${size#* }
        for plant in "" --plant; do
            "$build/lincheck-generate-unique" --ops "$ops" --processes "$clients" --crash-rate 0.02 --seed 1 $plant > "$tmp/u.jsonl"
            out=$(/usr/bin/time -f "TIME %e %U %S %M" "$lincheck" -v "$tmp/u.jsonl" 2>&1 || true)
            verdict=$(echo "$out" | grep -E '^(linearizable|NOT linearizable|unknown)' | sed 's/ (.*//')
            phases=$(echo "$out" | grep '^read .* ms, check' | awk '{print "read " $2 " ms, check " $5 " ms, explain " $8 " ms"}')
            echo "$out" | grep '^TIME' | awk -v n="$ops/$clients ${plant:-valid}" -v v="$verdict" -v p="$phases" \
                '{printf "%-22s %-17s %6.2f s wall, %5.2f s CPU, %5.0f MiB  (%s)\n", n, v, $2, $3 + $4, $5 / 1024, p}'
        done
    done
    # fifo-queue-unique is not complete (docs/engines.md): where its construction gets stuck the
    # search decides, hence the limits.
    echo "== unique-value fifo-queue, 2% crashed enqueues: lincheck --engine fast --time-limit 10 --memory-limit 1024"
    for size in "10000 100" "100000 1000"; do
        ops=${size% *}; clients=${size#* }
        for plant in "" --plant; do
            "$build/lincheck-generate-unique" --queue --ops "$ops" --processes "$clients" --crash-rate 0.02 --seed 1 $plant > "$tmp/u.jsonl"
            out=$(/usr/bin/time -f "TIME %e %U %S %M" "$lincheck" -v --engine fast --model fifo-queue --time-limit 10 --memory-limit 1024 "$tmp/u.jsonl" 2>&1 || true)
            verdict=$(echo "$out" | grep -E '^(linearizable|NOT linearizable|unknown)' | sed 's/ (.*//')
            phases=$(echo "$out" | grep '^read .* ms, check' | awk '{print "read " $2 " ms, check " $5 " ms, explain " $8 " ms"}')
            echo "$out" | grep '^TIME' | awk -v n="$ops/$clients ${plant:-valid}" -v v="$verdict" -v p="$phases" \
                '{printf "%-22s %-17s %6.2f s wall, %5.2f s CPU, %5.0f MiB  (%s)\n", n, v, $2, $3 + $4, $5 / 1024, p}'
        done
    done
    echo "-- the search alone (--engine search --time-limit 10), 10^4 ops / 100 clients:"
    "$build/lincheck-generate-unique" --ops 10000 --processes 100 --crash-rate 0.02 --seed 1 > "$tmp/u.jsonl"
    echo "search: $(rss "$lincheck" -q --engine search --time-limit 10 "$tmp/u.jsonl") (exit 2 = unknown at the limit)" ;;
*) echo "unknown workload $w" >&2 ;;
esac
done
