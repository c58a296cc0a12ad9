#!/bin/sh
# Inputs that were once read into a wrong verdict (issue 15, items 5-10), through the real binary: each
# now gets the right verdict, or a clear error, and says on stderr what it inferred.
# usage: trust_cli_test.sh LINCHECK CORPORA_DIR
set -u
lincheck=$1
corpora=$2
. "$(dirname "$0")/cli_cases.sh"

# 5. Pairs are values, not keys, unless every invoke names a key and some read names one as [k nil].
cat > "$dir/queue-pairs.jsonl" <<'H'
{"process": 0, "type": "invoke", "f": "enqueue", "value": [1, 0]}
{"process": 0, "type": "ok", "f": "enqueue", "value": [1, 0]}
{"process": 1, "type": "invoke", "f": "enqueue", "value": [2, 0]}
{"process": 1, "type": "ok", "f": "enqueue", "value": [2, 0]}
{"process": 2, "type": "invoke", "f": "dequeue", "value": null}
{"process": 2, "type": "ok", "f": "dequeue", "value": [2, 0]}
H
run queue-of-pairs 1 '^NOT linearizable \(3 operations' "$dir/queue-pairs.jsonl" --model fifo-queue
run queue-of-pairs-guessed 1 '^NOT linearizable \(3 operations' "$dir/queue-pairs.jsonl"
absent queue-of-pairs-no-key-note 'keys taken' "$dir/queue-pairs.jsonl"
cat > "$dir/register-pairs.jsonl" <<'H'
{"process": 0, "type": "invoke", "f": "write", "value": [1, 2]}
{"process": 0, "type": "ok", "f": "write", "value": [1, 2]}
{"process": 1, "type": "invoke", "f": "write", "value": [2, 5]}
{"process": 1, "type": "ok", "f": "write", "value": [2, 5]}
{"process": 2, "type": "invoke", "f": "read", "value": null}
{"process": 2, "type": "ok", "f": "read", "value": [1, 2]}
H
run register-of-pairs 1 '^NOT linearizable \(3 operations' "$dir/register-pairs.jsonl" --model register
head -n 4 "$dir/register-pairs.jsonl" > "$dir/writes-of-pairs.jsonl"
run pairs-without-keyed-read 0 'warning: every value is a \[key value\] pair.*--independent tuples' "$dir/writes-of-pairs.jsonl"
cat > "$dir/independent.edn" <<'H'
{:process 0, :type :invoke, :f :write, :value [1 3]}
{:process 0, :type :ok, :f :write, :value [1 3]}
{:process 1, :type :invoke, :f :write, :value [2 4]}
{:process 1, :type :ok, :f :write, :value [2 4]}
{:process 2, :type :invoke, :f :read, :value [1 nil]}
{:process 2, :type :ok, :f :read, :value [1 3]}
H
run jepsen-independent 0 "note: keys taken from Jepsen's \[key value\] tuples \(--independent auto\): 2 keys" "$dir/independent.edn"
run jepsen-independent-verdict 0 '^linearizable \(3 operations, 2 keys' "$dir/independent.edn"
{ cat "$dir/independent.edn"; printf '{:process 3, :type :invoke, :f :read}\n{:process 3, :type :ok, :f :read, :value [2 4]}\n'; } > "$dir/mixed.edn"
run tuples-and-a-bare-invoke 1 'warning: the values look like .* the invoke of `read` at line 7, column 1 carries none' "$dir/mixed.edn" --model register
absent jepsen-independent-explicit 'keys taken' "$dir/independent.edn" --independent tuples
absent jepsen-independent-quiet '.' "$dir/independent.edn" --quiet

cat > "$dir/time-back.jsonl" <<'H'
{"process": 0, "type": "invoke", "f": "write", "value": 1, "time": 10}
{"process": 0, "type": "ok", "f": "write", "value": 1, "time": 20}
{"process": 1, "type": "invoke", "f": "read", "value": null, "time": 5}
{"process": 1, "type": "ok", "f": "read", "value": null, "time": 8}
H

# 6. A history with no client operation is bad input, never "linearizable (0 operations)".
cat > "$dir/string-process.jsonl" <<'H'
{"process": "0", "type": "invoke", "f": "write", "value": 1}
{"process": "0", "type": "ok", "f": "write", "value": 1}
{"process": "1", "type": "invoke", "f": "read", "value": null}
{"process": "1", "type": "ok", "f": "read", "value": 2}
H
run numeric-string-processes 1 '^NOT linearizable \(2 operations' "$dir/string-process.jsonl"
cat > "$dir/nemesis.jsonl" <<'H'
{"process": "nemesis", "type": "info", "f": "start", "value": null}
{"process": "nemesis", "type": "info", "f": "start", "value": "partitioned"}
H
run only-non-client 3 'nemesis.jsonl: error: no client operation: all 2 events were skipped as non-client' "$dir/nemesis.jsonl"
: > "$dir/empty.jsonl"
run no-events 3 'empty.jsonl: error: no client operation: the history has no events' "$dir/empty.jsonl"
printf '{:process :nemesis, :type :info, :f :start}\n' > "$dir/nemesis.edn"
run only-nemesis-edn 3 'error: no client operation: all 1 event was skipped' "$dir/nemesis.edn"
cp "$dir/independent.edn" "$dir/fine.edn"
run batch-with-nothing-checked 3 'no client operation' "$dir/fine.edn" "$dir/nemesis.jsonl"
run batch-warnings 3 'time-back.jsonl: warning: `time` goes backwards in file order at line 3' "$dir/time-back.jsonl" "$dir/nemesis.jsonl" --order time
"$lincheck" --shard 1/2 --json "$dir/part-1.json" "$dir/nemesis.jsonl" > /dev/null 2>&1
"$lincheck" --shard 2/2 --json "$dir/part-2.json" "$dir/nemesis.jsonl" > /dev/null 2>&1
"$lincheck" merge "$dir/part-1.json" "$dir/part-2.json" > "$dir/out" 2>&1
code=$?
if [ "$code" -ne 3 ]; then echo "FAIL merge-nothing-checked: exit $code, expected 3"; cat "$dir/out"; failures=$((failures + 1)); else echo "ok   merge-nothing-checked: exit 3"; fi

# 7. --no-partition never gives another verdict than partitioning: refused for a model of one object.
cat > "$dir/stale-a.jsonl" <<'H'
{"process": 0, "type": "invoke", "f": "write", "key": "a", "value": 1}
{"process": 0, "type": "ok", "f": "write", "key": "a", "value": 1}
{"process": 0, "type": "invoke", "f": "write", "key": "a", "value": 2}
{"process": 0, "type": "ok", "f": "write", "key": "a", "value": 2}
{"process": 1, "type": "invoke", "f": "write", "key": "b", "value": 1}
{"process": 1, "type": "ok", "f": "write", "key": "b", "value": 1}
{"process": 2, "type": "invoke", "f": "read", "key": "a", "value": null}
{"process": 2, "type": "ok", "f": "read", "key": "a", "value": 1}
H
run no-partition-register 4 'no-partition: the history has keys and model register sees one object' "$dir/stale-a.jsonl" --no-partition --model register
run partitioned-register 1 '^NOT linearizable' "$dir/stale-a.jsonl" --model register
run key-field-note 1 "note: keys taken from the events' .key. field \(--independent auto\): 2 keys" "$dir/stale-a.jsonl" --model register
cat > "$dir/kv.jsonl" <<'H'
{"process": 0, "type": "invoke", "f": "put", "key": "x", "value": "a"}
{"process": 0, "type": "ok", "f": "put", "key": "x", "value": "a"}
{"process": 1, "type": "invoke", "f": "put", "key": "y", "value": "b"}
{"process": 1, "type": "ok", "f": "put", "key": "y", "value": "b"}
{"process": 2, "type": "invoke", "f": "get", "key": "x", "value": null}
{"process": 2, "type": "ok", "f": "get", "key": "x", "value": "a"}
H
run no-partition-kv 0 '^linearizable \(3 operations' "$dir/kv.jsonl" --no-partition --model kv
{ cat "$dir/kv.jsonl"; printf '{"process": 2, "type": "invoke", "f": "get", "key": "y"}\n{"process": 2, "type": "ok", "f": "get", "key": "y", "value": "a"}\n'; } > "$dir/kv-stale.jsonl"
run no-partition-kv-stale 1 '^NOT linearizable' "$dir/kv-stale.jsonl" --no-partition --model kv

# 8. kv's keys are part of its operations: read whatever --independent says.
run kv-independent-none 0 '^linearizable \(3 operations' "$dir/kv.jsonl" --independent none
run kv-independent-none-model 0 '^linearizable' "$dir/kv.jsonl" --independent none --model kv
run kv-independent-none-stale 1 '^NOT linearizable' "$dir/kv-stale.jsonl" --independent none
run register-independent-none 0 '^linearizable \(4 operations' "$dir/stale-a.jsonl" --independent none --model register
kv=$corpora/porcupine/test_data/kv
if [ -d "$kv" ]; then
    for f in c01-ok c10-ok; do run "porcupine-$f-none" 0 '^linearizable' "$kv/$f.txt" --independent none --model kv; done
    for f in c01-bad c10-bad; do run "porcupine-$f-none" 1 '^NOT linearizable' "$kv/$f.txt" --independent none --model kv; done
else
    echo "skip porcupine kv: no $kv"
fi

# 9. An argument comes from the invoke: a completion saying otherwise, or no value at all, is an error.
cat > "$dir/contradict.jsonl" <<'H'
{"process": 0, "type": "invoke", "f": "write", "value": 1}
{"process": 0, "type": "ok", "f": "write", "value": true}
{"process": 1, "type": "invoke", "f": "read", "value": null}
{"process": 1, "type": "ok", "f": "read", "value": true}
H
run contradicting-completion 3 'contradict.jsonl:2:1: error: the ok completion of `write` by process 0 carries true, not the argument its invoke at line 1' "$dir/contradict.jsonl"
cat > "$dir/novalue.jsonl" <<'H'
{"process": 0, "type": "invoke", "f": "write"}
{"process": 0, "type": "ok", "f": "write"}
{"process": 1, "type": "invoke", "f": "read", "value": null}
{"process": 1, "type": "ok", "f": "read", "value": null}
H
run update-without-value 3 'novalue.jsonl:1:1: error: `write` by process 0 carries no value' "$dir/novalue.jsonl"
sed 's/"f": "write"}/"f": "write", "value": null}/' "$dir/novalue.jsonl" > "$dir/null-written.jsonl"
run explicit-null-written 0 '^linearizable \(2 operations' "$dir/null-written.jsonl" --model register

# 10. `time` against file order: a warning naming the first offending line and the order used.
run time-back-file-order 1 'warning: `time` goes backwards in file order at line 3, column 1 \(5 after 20\): events were ordered as in the file \(--order file\)' "$dir/time-back.jsonl"
run time-back-time-order 0 'warning: `time` goes backwards in file order at line 3, column 1 \(5 after 20\): events were ordered by their `time` \(--order time\)' "$dir/time-back.jsonl" --order time
absent time-forward 'warning' "$dir/independent.edn"
# In a later piece of a file read in pieces, by one thread and by two.
awk 'BEGIN { for (i = 0; i < 20000; i++) { t = (i == 15000) ? 3 * i - 7 : 3 * i;
    printf "{\"process\": %d, \"type\": \"invoke\", \"f\": \"write\", \"value\": %d, \"time\": %d}\n", i % 7, i, t; i++;
    printf "{\"process\": %d, \"type\": \"ok\", \"f\": \"write\", \"value\": %d, \"time\": %d}\n", (i - 1) % 7, i - 1, 3 * i } }' > "$dir/pieces.jsonl"
for jobs in 1 2; do
    run "time-back-in-a-piece-j$jobs" 0 'warning: `time` goes backwards in file order at line 15001, column 1 \(44993 after 44997\)' "$dir/pieces.jsonl" -j "$jobs"
done

finish "trust case(s)"
