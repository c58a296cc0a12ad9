#pragma once
// The Report: what the check of one history found, as one value that every writer reads (text, -v,
// JSON, HTML, and through its row the batch table and JUnit). Built once by the phases of session.cpp,
// or by hand in tests; it holds no operation lists of its own but the checked partitions' (in result).
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/explain.hpp"
#include "lincheck/formats/event_times.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/model.hpp"
#include "lincheck/pairing.hpp"
#include "memory_budget.hpp"
#include "settings.hpp"

namespace lincheck::cli {

// What reading the history found out, besides its operations.
struct ReadFacts {
    formats::Format format = formats::Format::detect;  // detect: not known (the input could not be read)
    formats::KeyConvention keys = formats::KeyConvention::none;
    std::size_t skipped_non_client = 0;
    bool dropped_truncated = false;
    // What the reading took on trust or could not settle (an ambiguous key convention, `time` against
    // file order): printed on stderr with the verdict, as `lincheck: warning: ...`.
    std::vector<std::string> warnings;
    std::string model_guess;  // why this model, when --model was not given
    PairingStats pairing;     // counts only (the failed operations are not kept here)
    bool time_backwards = false;  // some event's `time` is below the one before it in the file
};

struct Timings {
    double read_ms = 0, check_ms = 0, explain_ms = 0;
    double total_ms() const { return read_ms + check_ms + explain_ms; }
};

// A failing partition's analysis and its text (render_failure at the default width).
struct ExplainedFailure {
    std::size_t partition = 0;  // index in result.partitions
    Explanation explanation;
    std::string text;
    std::vector<Operation> failed;  // the key's operations logged `fail` (the HTML report draws them)
};

struct Report {
    Settings settings;  // the run's options; settings.input is this history
    std::shared_ptr<const Model> model;  // null when the history could not be read
    ReadFacts read;
    Value::Notation notation = Value::Notation::json;  // how the input spells values; the reports too
    formats::EventTimes times;  // each event's `time`, with --html (its axis), else empty
    HistoryResult result;
    std::size_t operations = 0;  // checked here (with --shard of keys, this shard's)
    // The whole history's figures (with --shard K/N of one history's keys, more than checked here), and
    // for each partition checked here its index among all the history's keys.
    std::size_t total_ops = 0;
    std::size_t total_partitions = 0;
    std::vector<std::size_t> partition_index;
    std::vector<ExplainedFailure> failures;  // in partition order
    Timings timings;
    MemoryBudgetChoice memory_budget;  // the searches' budget in force, and where it came from
    // --time-limit's end, which the reports written after the check keep to too (the --html page is cut).
    std::optional<std::chrono::steady_clock::time_point> deadline;
    int exit_code = 0;
    // Exit 3 or 4: the message as printed on stderr (one line, with its newline), and for bad input the
    // bare message and its position.
    std::string error;
    std::string error_message;
    SourcePos error_pos;

    std::string input_name() const { return settings.input_name(); }
    // Whether the history was checked (not bad input or usage).
    bool checked() const;
    // The reason of the first unknown partition, or empty.
    std::string unknown_reason() const;
    // Whether this run checked one shard of the history's keys.
    bool key_shard() const { return settings.shard.has_value() && !settings.batch(); }
    // The index of partition `i` among all the history's keys.
    std::size_t global_partition(std::size_t i) const { return i < partition_index.size() ? partition_index[i] : i; }
};

// What a batch keeps of one history's Report once it has been checked (the operations are released),
// or what `lincheck merge` reads back from a --json report.
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

// The report of many histories (a batch, a merge, or one history's JUnit file).
struct BatchOutcome {
    std::vector<FileOutcome> files;  // in input order
    std::optional<Shard> shard;      // --shard K/N of the files
    std::size_t files_total = 0;     // how many histories the whole batch has (every shard)
    double elapsed_ms = 0;
    std::string options;  // the options every history was checked with (options_json_text), or empty
    std::string version;  // the lincheck that checked them, or empty when they differ
    int exit_code() const;
};

// The row of a checked history (its own report as JSON too, when `with_report`).
FileOutcome outcome_of(const Report& report, bool with_report);

}  // namespace lincheck::cli
