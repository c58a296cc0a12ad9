#!/bin/sh
# Every field name of the JSON reports (cli/report_schema.hpp, where the writers spell them) is
# documented in docs/report-schema.md, as `name`: a new field cannot go undocumented.
# usage: schema_docs_test.sh PROJECT_SOURCE_DIR
set -u
root=$1
names=$(sed -n 's/.*inline constexpr const char\* [A-Za-z_]* = "\([^"]*\)";.*/\1/p' "$root/cli/report_schema.hpp")
[ -n "$names" ] || { echo "no field names found in cli/report_schema.hpp"; exit 1; }
missing=0
count=0
for name in $names; do
    count=$((count + 1))
    grep -qF "\`$name\`" "$root/docs/report-schema.md" || { echo "not in docs/report-schema.md: \`$name\`"; missing=$((missing + 1)); }
done
[ "$missing" -eq 0 ] || exit 1
echo "all $count field names documented"
