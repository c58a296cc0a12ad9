#!/bin/sh
# Hostile input through the real binary: each case is a clear error (exit 3, `file:line:column: error:`)
# or a correct verdict, never a crash (no exit code from a signal, no sanitizer report), and an error
# message stays short whatever the input's size.
# usage: hostile_cli_test.sh LINCHECK [BIG_LINE_MB]   (default 64; docs/reliability.md has 1 GB figures)
set -u
lincheck=$1
big_mb=${2:-64}
max_output=20000  # an error message stays short whatever the input
. "$(dirname "$0")/cli_cases.sh"

repeat() {  # repeat STRING N
    awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# Deeply nested values: 100,000 levels.
{ printf '[{"process":0,"type":"invoke","f":"write","value":'; repeat '[' 100000; repeat ']' 100000; printf '}]\n'; } > "$dir/deep.json"
run deep-json 3 'deep.json:1:[0-9]+: error: values nested deeper than 256 levels' "$dir/deep.json"
{ printf '{"process":0,"type":"invoke","f":"write","value":'; repeat '{"a":' 100000; printf '1'; repeat '}' 100000; printf '}\n'; } > "$dir/deep.jsonl"
run deep-jsonl-objects 3 'deep.jsonl:1:[0-9]+: error: values nested deeper than 256 levels' "$dir/deep.jsonl"
{ printf '[{:process 0 :type :invoke :f :write :value '; repeat '[' 100000; repeat ']' 100000; printf '}]\n'; } > "$dir/deep.edn"
run deep-edn 3 'deep.edn:1:[0-9]+: error: values nested deeper than 256 levels' "$dir/deep.edn"
{ printf '{:process 0 :type :invoke :f :write :value '; repeat '#{' 100000; repeat '}' 100000; printf '}\n'; } > "$dir/deep-sets.edn"
run deep-edn-sets 3 'error: values nested deeper than 256 levels' "$dir/deep-sets.edn"
{ printf 'INFO  jepsen.util - 0\t:invoke\t:write\t'; repeat '(' 100000; printf '\n'; } > "$dir/deep.log"
run deep-jepsen-log 3 'deep.log:1:[0-9]+: error: values nested deeper than 256 levels' "$dir/deep.log"
# (The usage error quotes the --initial argument back, 100,000 brackets: allowed here.)
max_output=300000 run deep-initial 4 'initial' "$dir/deep.edn" --initial "$(repeat '[' 100000)"

# Huge numbers.
printf '[{"process":0,"type":"invoke","f":"write","value":1e400}]\n' > "$dir/1e400.json"
run json-1e400 3 '1e400.json:1:51: error: invalid JSON: number out of range' "$dir/1e400.json"
printf '{"process":0,"f":"write","value":1,"call":-1e999}\n' > "$dir/1e999.records"
run records-call-1e999 3 'error: invalid JSON: number out of range' "$dir/1e999.records"
a=1$(repeat 0 99)
b=1$(repeat 0 98)1
for ext in json edn; do
    for read in a b; do
        eval "r=\$$read"
        if [ "$ext" = json ]; then
            printf '[{"process":0,"type":"invoke","f":"write","value":%s},{"process":0,"type":"ok","f":"write"},\n{"process":1,"type":"invoke","f":"read","value":null},{"process":1,"type":"ok","f":"read","value":%s}]\n' "$a" "$r"
        else
            printf '[{:process 0 :type :invoke :f :write :value %s} {:process 0 :type :ok :f :write}\n{:process 1 :type :invoke :f :read :value nil} {:process 1 :type :ok :f :read :value %sN}]\n' "$a" "$r"
        fi > "$dir/digits-$read.$ext"
    done
    run "100-digits-$ext-same" 0 '^linearizable' "$dir/digits-a.$ext" --model register
    run "100-digits-$ext-different" 1 '^NOT linearizable' "$dir/digits-b.$ext" --model register
done

# Invalid UTF-8: an error in JSON (which must be UTF-8), bytes compared as they are in EDN.
printf '[{"process":0,"type":"invoke","f":"write","value":"\377\376\303("}]\n' > "$dir/utf8.json"
run invalid-utf8-json 3 'utf8.json:1:[0-9]+: error: invalid JSON' "$dir/utf8.json"
printf '{:process 0 :type :invoke :f :write :value "\377\303("}\n{:process 0 :type :ok :f :write :value "\377\303("}\n{:process 1 :type :invoke :f :read}\n{:process 1 :type :ok :f :read :value "\377\303("}\n' > "$dir/utf8.edn"
run invalid-utf8-edn 0 '^linearizable' "$dir/utf8.edn" --model register
printf '{:process 0 :type :invoke :f :write :value "\377\303("}\n{:process 0 :type :ok :f :write :value "\377\303("}\n{:process 1 :type :invoke :f :read}\n{:process 1 :type :ok :f :read :value "\376\303("}\n' > "$dir/utf8-bad.edn"
run invalid-utf8-edn-violation 1 '^NOT linearizable' "$dir/utf8-bad.edn" --model register

# A `fail`ed cas whose value is not a pair (found by fuzz_jepsen_log: the diagnosis read past its list).
printf '{"process":0,"type":"invoke","f":"cas","value":[4]}\n{"process":0,"type":"fail","f":"cas"}\n{"process":1,"type":"invoke","f":"read"}\n{"process":1,"type":"ok","f":"read","value":3}\n' > "$dir/failed-cas.jsonl"
run failed-cas-without-pair 1 'never-written' "$dir/failed-cas.jsonl" --model cas-register

# Binary junk: an executable (cmake's: not lincheck's own, whose strings hold a sample Jepsen log line),
# alone and behind each format's opening. A Jepsen log skips every line that is no client operation,
# so junk read as one (forced) has no client operation: bad input, never a pass.
head -c 2000000 "$(command -v cmake)" > "$dir/junk"
run junk-detect 3 'junk:1:1: error: cannot tell the format' "$dir/junk"
for format in json jsonl edn records; do
    run "junk-$format" 3 'junk:[0-9]+:[0-9]+: error: ' "$dir/junk" --format "$format"
done
run junk-jepsen-log 3 'junk: error: no client operation: the history has no events' "$dir/junk" --format jepsen-log
{ printf '[{"process":0,'; head -c 100000 "$dir/junk"; } > "$dir/junk.json"
run junk-in-json 3 'junk.json:[0-9]+:[0-9]+: error: ' "$dir/junk.json"
{ printf '{:process 0 '; head -c 100000 "$dir/junk"; } > "$dir/junk.edn"
run junk-in-edn 3 'junk.edn:[0-9]+:[0-9]+: error: ' "$dir/junk.edn"

# Empty input: no client operation, which is bad input (nothing would be checked).
: > "$dir/empty"
run empty 3 'empty: error: no client operation: the history has no events' "$dir/empty"
printf '\n\n  \n' > "$dir/blank"
run blank 3 'blank: error: no client operation' "$dir/blank"
run empty-as-json-array 3 'empty:1:1: error: expected `\[`' "$dir/empty" --format json

# Only failures: nothing happened, which is linearizable.
i=0
while [ $i -lt 40 ]; do
    printf '{"process":%d,"type":"invoke","f":"write","value":%d}\n{"process":%d,"type":"fail","f":"write","value":%d}\n' $i $i $i $i
    i=$((i + 1))
done > "$dir/failures.jsonl"
run only-failures 0 '^linearizable \(0 operations' "$dir/failures.jsonl"

# One line of BIG_LINE_MB megabytes: a write whose value is that long (pending: linearizable), the same
# with the line cut off, and a 1 MB `f` that is no model's operation (the message must stay short).
big_bytes=$((big_mb * 1024 * 1024))
{ printf '{"process":0,"type":"invoke","f":"write","value":"'; head -c "$big_bytes" /dev/zero | tr '\0' a; printf '"}\n'; } > "$dir/big.jsonl"
run "big-line-${big_mb}MB-jsonl" 0 '^linearizable \(1 operations' "$dir/big.jsonl" --model register
{ printf '{:process 0 :type :invoke :f :write :value "'; head -c "$big_bytes" /dev/zero | tr '\0' a; printf '"}\n'; } > "$dir/big.edn"
run "big-line-${big_mb}MB-edn" 0 '^linearizable \(1 operations' "$dir/big.edn" --model register
head -c $((big_bytes / 2)) "$dir/big.jsonl" > "$dir/big-cut.jsonl"
run "big-line-cut-off" 3 'big-cut.jsonl:1:[0-9]+: error: the last event is cut off' "$dir/big-cut.jsonl"
rm -f "$dir/big.jsonl" "$dir/big.edn" "$dir/big-cut.jsonl"
{ printf '{"process":0,"type":"invoke","f":"'; head -c 1048576 /dev/zero | tr '\0' f; printf '"}\n'; } > "$dir/big-f.jsonl"
run big-f 3 'big-f.jsonl:1:1: error: operation `f+ … \([0-9]+ bytes left out\) … f+` by process 0 is not an operation of model register' "$dir/big-f.jsonl" --model register

finish "hostile-input case(s)"
