#!/bin/sh
# The Debian package: `cpack -G DEB` makes lincheck_<version>_<arch>.deb; its Depends names the Debian
# packages that really own TBB, Boost.Program_options and simdjson here; it holds the binary, the
# libraries, headers, CMake and pkg-config files and the man page; unpacked into a scratch root
# (dpkg -x), its binary checks samples, and the C API test builds against it through its lincheck.pc.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR VERSION WORK_DIR
set -eu
build=$1 source=$2 version=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
fail() { echo "package test: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/cpack" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
arch=$(dpkg --print-architecture)
deb="$work/cpack/lincheck_${version}_${arch}.deb"
[ -f "$deb" ] || { ls "$work/cpack"; fail "no $deb"; }
echo "made $(basename "$deb")"

# Depends: every package it names exists (is installed here), and the three libraries' are there.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for library in libtbb.so libboost_program_options.so libsimdjson.so; do
    path=$(ldd "$build/lincheck" "$build/bindings/c/liblincheck.so" | awk -v l="$library" 'index($1, l) == 1 { print $3; exit }')
    [ -n "$path" ] || fail "nothing links $library"
    owner=$(dpkg-query -S "$(readlink -f "$path")" | cut -d: -f1)
    echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$owner" || fail "Depends lacks $owner (which owns $path)"
done
echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | while read -r p; do
    dpkg-query -W "$p" > /dev/null 2>&1 || fail "Depends names $p, which is not a package here"
done

# Contents.
dpkg-deb -c "$deb" | awk '{ print $6 }' > "$work/contents.txt"
for f in ./usr/bin/lincheck ./usr/include/lincheck.h ./usr/include/lincheck/lincheck.hpp ./usr/include/lincheck/recorder.hpp \
         "./usr/lib/liblincheck.so.${version}" ./usr/lib/liblincheck.a ./usr/lib/liblincheck_checker.a \
         ./usr/lib/pkgconfig/lincheck.pc ./usr/lib/cmake/lincheck/lincheckConfig.cmake \
         ./usr/lib/cmake/lincheck/lincheckTargets.cmake ./usr/share/man/man1/lincheck.1.gz; do
    grep -qx "$f" "$work/contents.txt" || fail "the package lacks $f"
done

if grep -q "^./usr/include/lincheck/internal/" "$work/contents.txt"; then fail "the package holds lincheck/internal/ headers"; fi

# Unpacked into a scratch root, the binary runs.
root="$work/root"
dpkg -x "$deb" "$root"
"$root/usr/bin/lincheck" --version
"$root/usr/bin/lincheck" "$source/samples/register-valid.json" > "$work/valid.txt" || fail "register-valid.json: exit $?"
set +e
"$root/usr/bin/lincheck" "$source/samples/register-stale-read.json" > "$work/stale.txt"
code=$?
set -e
[ $code -eq 1 ] || { cat "$work/stale.txt"; fail "register-stale-read.json: exit $code, expected 1"; }
grep -q "NOT linearizable" "$work/stale.txt" || fail "no verdict for register-stale-read.json"
gzip -dc "$root/usr/share/man/man1/lincheck.1.gz" | sed 's/\\-/-/g' | grep -q -- "--time-limit" || fail "the man page lacks --time-limit"

# The C API test, built against the package's header and library through its pkg-config file.
export PKG_CONFIG_PATH="$root/usr/lib/pkgconfig"
[ "$(pkg-config --modversion lincheck)" = "$version" ] || fail "pkg-config --modversion lincheck: $(pkg-config --modversion lincheck)"
libdir=$(pkg-config --variable=libdir lincheck)
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror -o "$work/c_api_test" "$source/bindings/c/tests/c_api_test.c" \
   $(pkg-config --cflags --libs lincheck) -Wl,-rpath,"$libdir"
mkdir -p "$work/scratch"
"$work/c_api_test" "$work/scratch"
loaded=$(ldd "$work/c_api_test" | awk '$1 ~ /^liblincheck\.so/ { print $3 }')
[ "$(readlink -f "$loaded")" = "$(readlink -f "$root/usr/lib/liblincheck.so")" ] ||
    fail "the test loaded $loaded, not the package's liblincheck.so"
echo "package test: all passed"
