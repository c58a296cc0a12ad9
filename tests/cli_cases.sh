# Sourced by the CLI tests that run `$lincheck` on cases (hostile_cli_test.sh, trust_cli_test.sh):
# a temporary directory $dir (removed on exit), the count $failures, and
#   run NAME EXPECTED_EXIT PATTERN FILE [lincheck args...]: the exit code is EXPECTED_EXIT and PATTERN
#       (grep -E) matches stdout+stderr, which is at most $max_output bytes when that is set;
#   absent NAME PATTERN FILE [args...]: PATTERN is not in stdout+stderr.
# Set `lincheck` before sourcing; end with `finish WHAT`, which exits 1 when a case failed.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0

failed() {  # failed MESSAGE: counts a failure and shows the output
    echo "FAIL $1"; head -c 3000 "$dir/out"; echo
    failures=$((failures + 1))
}

run() {
    name=$1 expected=$2 pattern=$3 file=$4
    shift 4
    "$lincheck" "$@" "$file" > "$dir/out" 2>&1
    code=$?
    bytes=$(wc -c < "$dir/out")
    if [ "$code" -ne "$expected" ]; then
        failed "$name: exit $code, expected $expected"
    elif ! grep -Eq -- "$pattern" "$dir/out"; then
        failed "$name: output does not match /$pattern/:"
    elif [ -n "${max_output:-}" ] && [ "$bytes" -gt "$max_output" ]; then
        failed "$name: $bytes bytes of output"
    else
        echo "ok   $name: exit $code, $(head -n 1 "$dir/out" | cut -c 1-150)"
    fi
}

absent() {
    name=$1 pattern=$2 file=$3
    shift 3
    "$lincheck" "$@" "$file" > "$dir/out" 2>&1
    if grep -Eq -- "$pattern" "$dir/out"; then
        failed "$name: output matches /$pattern/:"
    else
        echo "ok   $name"
    fi
}

finish() {  # finish WHAT
    if [ "$failures" -ne 0 ]; then
        echo "$failures $1 failed"
        exit 1
    fi
    echo "all $1 passed"
}
