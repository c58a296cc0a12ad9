#pragma once
// The field names of the --json reports (docs/report-schema.md), defined once: the JSON writer
// (writers/json_report.cpp), the batch run (batch.cpp) and `lincheck merge` (merge.cpp) all spell them
// from here. Renaming a field is a schema change: docs/report-schema.md and the schema version too.
#include <string>

namespace lincheck::cli::schema {

inline constexpr const char* kReport = "lincheck-report/1";  // one history
inline constexpr const char* kBatch = "lincheck-batch/1";    // many, or a merge

// Field names, by the object that holds them. A name shared by several objects is listed once.
namespace field {
// The report of one history.
inline constexpr const char* schema = "schema";
inline constexpr const char* version = "version";
inline constexpr const char* input = "input";
inline constexpr const char* history = "history";  // a Jepsen run's file that was read
inline constexpr const char* format = "format";
inline constexpr const char* model = "model";
inline constexpr const char* verdict = "verdict";
inline constexpr const char* exit_code = "exit_code";
inline constexpr const char* reason = "reason";
inline constexpr const char* counts = "counts";
inline constexpr const char* timings_ms = "timings_ms";
inline constexpr const char* memory_budget = "memory_budget";
inline constexpr const char* partitions = "partitions";
inline constexpr const char* failures = "failures";
inline constexpr const char* shard = "shard";
inline constexpr const char* error = "error";
inline constexpr const char* options = "options";
// counts
inline constexpr const char* events = "events";
inline constexpr const char* operations = "operations";
inline constexpr const char* failed_dropped = "failed_dropped";
inline constexpr const char* indeterminate = "indeterminate";
inline constexpr const char* skipped_non_client = "skipped_non_client";
inline constexpr const char* skipped_orphan_info = "skipped_orphan_info";
// timings_ms
inline constexpr const char* read = "read";
inline constexpr const char* check = "check";
inline constexpr const char* explain = "explain";
// memory_budget
inline constexpr const char* mib = "mib";
inline constexpr const char* source = "source";
inline constexpr const char* detail = "detail";
// partitions[]
inline constexpr const char* key = "key";
inline constexpr const char* configurations = "configurations";
inline constexpr const char* index = "index";
inline constexpr const char* engine = "engine";
inline constexpr const char* engine_note = "engine_note";
// failures[]
inline constexpr const char* partition = "partition";
inline constexpr const char* failing_op = "failing_op";
inline constexpr const char* states_before = "states_before";
inline constexpr const char* window = "window";
inline constexpr const char* start_states = "start_states";
inline constexpr const char* minimal = "minimal";
inline constexpr const char* failing_op_alone = "failing_op_alone";
inline constexpr const char* explanation_stopped_by = "explanation_stopped_by";
inline constexpr const char* longest_prefix_length = "longest_prefix_length";
inline constexpr const char* witness = "witness";
inline constexpr const char* diagnosis = "diagnosis";
inline constexpr const char* code = "code";
inline constexpr const char* other_key_operations = "other_key_operations";
inline constexpr const char* explanation = "explanation";
// an operation
inline constexpr const char* process = "process";
inline constexpr const char* f = "f";
inline constexpr const char* value = "value";
inline constexpr const char* outcome = "outcome";
inline constexpr const char* invoke = "invoke";
inline constexpr const char* complete = "complete";
inline constexpr const char* invoke_time = "invoke_time";
inline constexpr const char* complete_time = "complete_time";
inline constexpr const char* text = "text";
inline constexpr const char* optional = "optional";
inline constexpr const char* failing = "failing";
// a position, and error
inline constexpr const char* line = "line";
inline constexpr const char* column = "column";
inline constexpr const char* event = "event";
inline constexpr const char* message = "message";
// shard
inline constexpr const char* count = "count";
inline constexpr const char* of = "of";  // "keys" or "files"
inline constexpr const char* all_failures = "all_failures";
// the batch report
inline constexpr const char* files = "files";
inline constexpr const char* files_total = "files_total";
inline constexpr const char* elapsed_ms = "elapsed_ms";
}  // namespace field

// The fields of `options`: the options a history was checked with.
namespace option {
inline constexpr const char* model = "model";
inline constexpr const char* format = "format";
inline constexpr const char* independent = "independent";
inline constexpr const char* order = "order";
inline constexpr const char* initial = "initial";
// JSON cannot tell "a" from :a, [1] from #{1}, a big integer from its digits as a string: EDN can.
inline constexpr const char* initial_edn = "initial_edn";
inline constexpr const char* nil_read = "nil_read";
inline constexpr const char* allow_truncated = "allow_truncated";
inline constexpr const char* time_limit_s = "time_limit_s";
inline constexpr const char* memory_limit_mib = "memory_limit_mib";
inline constexpr const char* all_failures = "all_failures";
inline constexpr const char* no_partition = "no_partition";
}  // namespace option

// Each `options` field with the flag it records (merge names the flag when shards were run with
// different options).
struct OptionField {
    const char* name;
    const char* flag;
};
inline constexpr OptionField kOptionFields[] = {
    {option::model, "--model"},
    {option::format, "--format"},
    {option::independent, "--independent"},
    {option::order, "--order"},
    {option::initial, "--initial"},
    {option::initial_edn, "--initial"},
    {option::nil_read, "--nil-read"},
    {option::allow_truncated, "--allow-truncated"},
    {option::time_limit_s, "--time-limit"},
    {option::memory_limit_mib, "--memory-limit"},
    {option::all_failures, "--all-failures"},
    {option::no_partition, "--no-partition"},
};

// The flag an `options` field records (a field this lincheck does not know: its name as a flag).
inline std::string flag_of(const std::string& name) {
    for (const OptionField& known : kOptionFields) {
        if (name == known.name) return known.flag;
    }
    std::string flag = "--" + name;
    for (char& c : flag) c = c == '_' ? '-' : c;
    return flag;
}

}  // namespace lincheck::cli::schema
