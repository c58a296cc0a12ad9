#!/bin/sh
# Hostile text through every report writer of the real binary: bytes that are not UTF-8 (in the input,
# in file names, in values), markup (`<script>`, `]]>`) and control characters (ESC sequences, NUL, CR)
# in values, `f` names, keys and file names. Every writer must finish with the right exit code and write
# a well-formed report: text on the terminal that is UTF-8 without control characters, JSON that parses
# (non-UTF-8 bytes kept losslessly, docs/report-schema.md), JUnit XML that is well-formed, HTML whose
# markup comes only from lincheck. Also: the reports record their options, and `lincheck merge` refuses
# shards run with different options.
# usage: hostile_writers_test.sh LINCHECK
set -u
lincheck=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

if command -v jq > /dev/null; then
    json_get() { jq -r "$2" "$1"; }  # json_get FILE FILTER: the value, raw; fails unless FILE is JSON
elif command -v python3 > /dev/null; then
    json_get() {
        python3 -c 'import json, re, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))
for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", sys.argv[2]):
    v = v[name] if name else v[int(index)]
print("null" if v is None else "true" if v is True else "false" if v is False else v)' "$1" "$2"
    }
else
    echo "skipped: neither jq nor python3 to read JSON"
    exit 77
fi
xml_ok() {
    if command -v xmllint > /dev/null; then
        xmllint --noout "$1"
    else
        python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1"
    fi
}

# clean FILE WHAT: FILE is UTF-8 and holds no control character but tab and newline.
clean() {
    if ! iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1; then
        fail "$2: not UTF-8"; od -c "$1" | head -20
    fi
    if [ "$(LC_ALL=C tr -d '\t\n\040-\176\200-\377' < "$1" | wc -c)" -ne 0 ]; then
        fail "$2: holds control characters"; od -c "$1" | head -20
    fi
    no_bidi "$1" "$2"
}
# no_bidi FILE WHAT: FILE holds no bidirectional control (U+202A–202E, U+2066–2069, U+200E, U+200F,
# U+061C), which would make a terminal or a browser show the text in another order, and no line or
# paragraph separator (U+2028, U+2029), which would break a line where there is none.
bidi_controls=$(printf '\342\200[\250-\256\216\217]|\342\201[\246-\251]|\330\234')
no_bidi() {
    if LC_ALL=C grep -Eq "$bidi_controls" "$1"; then
        fail "$2: holds a bidirectional control"; LC_ALL=C grep -Eao ".{0,20}($bidi_controls).{0,20}" "$1" | head -3
    fi
}

# run NAME EXPECTED_EXIT ARGS...: lincheck ARGS, with every writer: text on stdout and stderr, --json,
# --junit, and --html when the history was checked; each output checked.
run() {
    name=$1 expected=$2
    shift 2
    rm -f r.json r.xml r.html
    "$lincheck" --json r.json --junit r.xml "$@" > out 2> err
    code=$?
    [ "$code" -eq "$expected" ] || { fail "$name: exit $code, expected $expected"; head -c 2000 out err; }
    clean out "$name: stdout"
    clean err "$name: stderr"
    json_get r.json .exit_code > /dev/null 2>&1 || fail "$name: r.json is not JSON"
    [ "$(json_get r.json .exit_code 2> /dev/null)" = "$code" ] || fail "$name: r.json's exit_code is not $code"
    xml_ok r.xml > /dev/null 2>&1 || { fail "$name: r.xml is not well-formed"; xml_ok r.xml 2>&1 | head -5; }
    if [ "$expected" -le 2 ]; then
        "$lincheck" -q --html r.html "$@"
        clean r.html "$name: the HTML page"
        # The page's own two scripts (data and code), no other.
        [ "$(grep -o '<script' r.html | wc -l)" -eq 2 ] || fail "$name: markup from the input in the HTML page"
        ! grep -q -e '<script>alert' -e '<!--' -e ']]>' r.html || fail "$name: the input's markup is in the page unescaped"
    fi
    echo "ok   $name: exit $code"
}

esc=$(printf '\033')
hostile='\u0000\u001b[2J\r<script>alert(1)</script><!--<script>]]>&amp;\u007f\u009b'

# Bytes that are not UTF-8 where the format is told: the error message quotes them.
printf '\377\376 junk\n' > junk
run junk 3 junk
[ "$(json_get r.json .verdict)" = bad_input ] || fail "junk: verdict is not bad_input"
grep -q '<error type="bad_input"' r.xml || fail "junk: no <error> in the JUnit report"
printf '\033[31m\033]0;title\007junk\n' > junk-esc
run junk-escape-sequences 3 junk-esc
head -c 20000 "$(command -v cmake)" > junk.bin
run junk-binary 3 junk.bin
run junk-binary-forced-json 3 junk.bin --format json
run junk-binary-forced-edn 3 junk.bin --format edn

# A file name with a byte that is not UTF-8, and one with an escape sequence: the JSON report keeps the
# bytes (U+FFFD and their hex digits), the terminal and the XML show U+FFFD or a control picture.
printf '{"process":0,"type":"invoke","f":"write","value":1}\n{"process":0,"type":"ok","f":"write","value":1}\n{"process":1,"type":"invoke","f":"read"}\n{"process":1,"type":"ok","f":"read","value":2}\n' > "$(printf 'h\377.jsonl')"
run file-name-0xff 1 "$(printf 'h\377.jsonl')" --model register
[ "$(json_get r.json .input)" = "$(printf 'h\357\277\275ff.jsonl')" ] || fail "file-name-0xff: input is $(json_get r.json .input)"
cp junk "$(printf 'j\377.json')"
run file-name-0xff-bad-input 3 "$(printf 'j\377.json')"
grep -q "$(printf 'j\357\277\275.json:1:1: error')" err || fail "file-name-0xff-bad-input: stderr does not show U+FFFD"
cp "$(printf 'h\377.jsonl')" "$(printf 'e\033[2J<b>.jsonl')"
run file-name-escape 1 "$(printf 'e\033[2J<b>.jsonl')" --model register
[ "$(json_get r.json .input)" = "$(printf 'e\033[2J<b>.jsonl')" ] || fail "file-name-escape: input in JSON"
cp junk "$(printf 'k\033[2J<b>.json')"
run file-name-escape-bad-input 3 "$(printf 'k\033[2J<b>.json')"
grep -q 'k␛\[2J<b>.json:1:1: error' err || fail "file-name-escape-bad-input: stderr does not show ␛"

# Values, keys and `f` names with markup and control characters (JSON escapes), and EDN strings with
# bytes that are not UTF-8 (EDN strings are compared as bytes).
printf '{"process":0,"type":"invoke","f":"write","value":"%s"}\n{"process":0,"type":"ok","f":"write","value":"%s"}\n{"process":1,"type":"invoke","f":"read"}\n{"process":1,"type":"ok","f":"read","value":"x%s"}\n' \
    "$hostile" "$hostile" "$hostile" > values.jsonl
run values-markup-controls 1 values.jsonl --model register
printf '{"process":0,"type":"invoke","f":"write","key":"%s","value":1}\n{"process":0,"type":"ok","f":"write","key":"%s","value":1}\n{"process":1,"type":"invoke","f":"read","key":"%s"}\n{"process":1,"type":"ok","f":"read","key":"%s","value":3}\n' \
    "$hostile" "$hostile" "$hostile" "$hostile" > keys.jsonl
run keys-markup-controls 1 keys.jsonl --model register
printf '{"process":0,"type":"invoke","f":"%s","value":1}\n' "$hostile" > f.jsonl
run f-name-markup-controls 3 f.jsonl --model register
printf '{:process 0 :type :invoke :f :write :value "\377\033[31m<script>alert(1)</script>"}\n{:process 0 :type :ok :f :write :value "\377\033[31m<script>alert(1)</script>"}\n{:process 1 :type :invoke :f :read}\n{:process 1 :type :ok :f :read :value "\376]]>"}\n' > utf8.edn
run edn-invalid-utf8-values 1 utf8.edn --model register
[ "$(json_get r.json '.failures[0].failing_op.value')" = "$(printf '\357\277\275fe]]>')" ] ||
    fail "edn-invalid-utf8-values: the value is $(json_get r.json '.failures[0].failing_op.value')"
printf '{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :ok :f :write :value 1}\n{:process 1 :type :invoke :f :read}\n{:process 1 :type :ok :f :read :value :\377\033}\n' > keyword.edn
run edn-invalid-utf8-keyword 1 keyword.edn --model register
printf '{:process 0 :type :invoke :f :\377\033[2J :value 1}\n' > f.edn
run edn-invalid-utf8-f-name 3 f.edn --model register
run initial-invalid-utf8 1 utf8.edn --model register --initial "$(printf '"\377"')"

# Bidirectional controls and line/paragraph separators in values, keys and a file name: U+FFFD on the
# terminal, in JUnit and HTML; kept in JSON.
bidi='\u202e\u2066\u200f\u061c\u2028\u2029'
printf '{"process":0,"type":"invoke","f":"write","key":"k%s","value":"%s"}\n{"process":0,"type":"ok","f":"write","key":"k%s","value":"%s"}\n{"process":1,"type":"invoke","f":"read","key":"k%s"}\n{"process":1,"type":"ok","f":"read","key":"k%s","value":"x%s"}\n' \
    "$bidi" "$bidi" "$bidi" "$bidi" "$bidi" "$bidi" "$bidi" > "$(printf 'b\342\200\256.jsonl')"
run bidi-controls 1 "$(printf 'b\342\200\256.jsonl')" --model register
no_bidi r.xml "bidi-controls: the JUnit report"
[ "$(json_get r.json .input)" = "$(printf 'b\342\200\256.jsonl')" ] || fail "bidi-controls: the file name in JSON"
[ "$(json_get r.json '.failures[0].failing_op.value')" = "$(printf 'x\342\200\256\342\201\246\342\200\217\330\234\342\200\250\342\200\251')" ] ||
    fail "bidi-controls: the value in JSON is $(json_get r.json '.failures[0].failing_op.value')"

# Batches (the table, the batch JSON, JUnit) and their merge.
mkdir batch
cp junk junk-esc utf8.edn keys.jsonl f.jsonl "$(printf 'h\377.jsonl')" "$(printf 'e\033[2J<b>.jsonl')" batch/
run batch 3 -r batch --model register
[ "$(json_get r.json .counts.files)" = 7 ] || fail "batch: not 7 files in the batch JSON"
grep -q 'FILE ' out || fail "batch: no table"
rm -f r.json
"$lincheck" -q --json b1.json --shard 1/2 -r batch --model register
"$lincheck" -q --json b2.json --shard 2/2 -r batch --model register
"$lincheck" merge --json r.json --junit r.xml b1.json b2.json > out 2> err
[ $? -eq 3 ] || fail "merge: exit code"
clean out "merge: stdout"
clean err "merge: stderr"
[ "$(json_get r.json .counts.files)" = 7 ] || fail "merge: not 7 files in the merged JSON"
xml_ok r.xml > /dev/null 2>&1 || fail "merge: r.xml is not well-formed"
grep -q "$(printf 'h\357\277\275.jsonl')" out || fail "merge: the table does not show the file name with U+FFFD"
echo "ok   batch and merge"

# The reports record their options.
"$lincheck" -q --json r.json --junit r.xml --model register --initial 0 --nil-read unknown --independent field \
    --order file --format jsonl --time-limit 30 --memory-limit 512 keys.jsonl
for check in '.options.model register' '.options.initial 0' '.options.nil_read unknown' \
             '.options.independent field' '.options.order file' '.options.format jsonl' \
             '.options.time_limit_s 30' '.options.memory_limit_mib 512' '.options.allow_truncated false'; do
    set -- $check
    [ "$(json_get r.json "$1")" = "$2" ] || fail "options: $1 is $(json_get r.json "$1"), expected $2"
done
for property in 'lincheck.version' 'lincheck.model" value="register' 'lincheck.initial" value="0' \
                'lincheck.nil_read" value="unknown' 'lincheck.time_limit_s" value="30'; do
    grep -q "<property name=\"$property" r.xml || fail "options: no JUnit property $property"
done
"$lincheck" -q --json r.json keys.jsonl
[ "$(json_get r.json .options.initial)" = null ] || fail "options: initial without --initial"
[ "$(json_get r.json .options.model)" = auto ] || fail "options: model without --model"
"$lincheck" -q --json r.json -r batch
[ "$(json_get r.json .options.model)" = auto ] || fail "options: the batch report's model"
echo "ok   options recorded"

# Shards run with different options are not merged.
printf '{"process":0,"type":"invoke","f":"write","key":"a","value":1}\n{"process":0,"type":"ok","f":"write","key":"a","value":1}\n{"process":1,"type":"invoke","f":"read","key":"b"}\n{"process":1,"type":"ok","f":"read","key":"b","value":1}\n' > two-keys.jsonl
"$lincheck" -q --shard 1/2 --json k1.json --initial 1 two-keys.jsonl
"$lincheck" -q --shard 2/2 --json k2.json --initial 0 two-keys.jsonl
"$lincheck" merge k1.json k2.json > out 2> err
code=$?
[ $code -eq 3 ] || fail "merge of key shards with different --initial: exit $code"
grep -q -- '--initial' err && grep -q 'k1.json' err && grep -q 'k2.json' err ||
    { fail "merge of key shards with different --initial: the message"; cat err; }
"$lincheck" -q --shard 2/2 --json k2.json --initial 1 two-keys.jsonl
"$lincheck" merge -q k1.json k2.json
code=$?
[ $code -eq 0 ] || fail "merge of key shards with the same --initial: exit $code"
# The string "a" and the keyword :a are different initial states (a read of :a fits one only), though
# JSON writes both "a": `initial_edn` tells them apart, and merge refuses to mix them.
"$lincheck" -q --shard 1/2 --json k1.json --initial '"a"' two-keys.jsonl
"$lincheck" -q --shard 2/2 --json k2.json --initial :a two-keys.jsonl
[ "$(json_get k1.json .options.initial)" = a ] && [ "$(json_get k2.json .options.initial)" = a ] ||
    fail "--initial: .options.initial of \"a\" and :a"
[ "$(json_get k1.json .options.initial_edn)" = '"a"' ] && [ "$(json_get k2.json .options.initial_edn)" = :a ] ||
    fail "--initial: .options.initial_edn is $(json_get k1.json .options.initial_edn) and $(json_get k2.json .options.initial_edn)"
"$lincheck" merge k1.json k2.json > out 2> err
code=$?
[ $code -eq 3 ] || fail "merge of key shards with --initial '\"a\"' and :a: exit $code"
grep -q -- '--initial "a" in k1.json, :a in k2.json' err || { fail "merge of \"a\" and :a: the message"; cat err; }
"$lincheck" -q --shard 1/2 --json f1.json -r batch --model register
"$lincheck" -q --shard 2/2 --json f2.json -r batch --model register --nil-read unknown
"$lincheck" merge f1.json f2.json > out 2> err
code=$?
[ $code -eq 3 ] || fail "merge of file shards with different --nil-read: exit $code"
grep -q -- '--nil-read' err && grep -q 'f1.json' err && grep -q 'f2.json' err ||
    { fail "merge of file shards with different --nil-read: the message"; cat err; }
echo "ok   merge refuses shards with different options"

if [ "$failures" -ne 0 ]; then
    echo "$failures hostile-writer check(s) failed"
    exit 1
fi
echo "every writer took every hostile input"
