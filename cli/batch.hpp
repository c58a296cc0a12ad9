#pragma once
// Many histories in one run (batch mode) and the merge of shards' reports: one row per history, a
// summary table, the explanations of failures, the worst exit code.
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "settings.hpp"

namespace lincheck::cli {

struct Session;

// What a batch keeps of one history once it has been checked (the operations are released).
struct FileOutcome {
    std::string input;  // as given (<stdin> for -)
    std::string model;  // empty when the history could not be read
    std::optional<std::size_t> operations;
    std::optional<std::size_t> keys;
    int exit_code = 0;
    double time_ms = 0;                     // read + check + explain
    std::string reason;                     // unknown: why
    std::string error;                      // bad input or usage: the message as a lone run prints it
    std::vector<std::string> explanations;  // not linearizable: the text of each explained failure
    std::string notes;                      // for stderr: -v lines, a dropped cut-off event
    std::string report;                     // the history's --json report (compact), when one is wanted
    std::string html_data;                  // its data for the --html page, when one is wanted
};

struct BatchOutcome {
    std::vector<FileOutcome> files;  // in input order
    std::optional<Shard> shard;      // --shard K/N of the files
    std::size_t files_total = 0;     // how many histories the whole batch has (every shard)
    double elapsed_ms = 0;
    std::string options;  // the options every history was checked with (options_json_text), or empty
    std::string version;  // the lincheck that checked them, or empty when they differ
    int exit_code() const;
};

// The worse of two exit codes: 4 (bad usage), then 3 (bad input), then 1 (not linearizable), then
// 2 (unknown), then 0 (linearizable).
int worse(int a, int b);
// "linearizable", "NOT linearizable", "unknown", "bad input", "bad usage".
std::string outcome_text(int exit_code);
// "linearizable", "not_linearizable", "unknown", "bad_input", "bad_usage" (the JSON reports' words).
std::string outcome_name(int exit_code);

// The row of a checked session (the session's own report as JSON too, when `with_report`).
FileOutcome outcome_of(const Session& session, bool with_report);

void write_batch_text(const BatchOutcome& batch, std::ostream& out);
void write_junit_report(const BatchOutcome& batch, std::ostream& out);
void write_batch_json(const BatchOutcome& batch, std::ostream& out);
// One page: a table of every history, linking to each failure and bad input, drawn below it.
void write_batch_html(const BatchOutcome& batch, std::ostream& out);

// lincheck HISTORY HISTORY... or --recursive DIR: checks every history, returns the worst exit code.
int run_batch(const Settings& settings);
// lincheck merge REPORT...: argv[0] is "merge".
int run_merge(int argc, char** argv);

}  // namespace lincheck::cli
