#pragma once
// One run of lincheck on one history: everything the reports need.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/explain.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "memory_budget.hpp"
#include "settings.hpp"

namespace lincheck::cli {

class Progress;

struct Session {
    Settings settings;
    std::unique_ptr<Model> model;
    std::optional<Value> initial;  // --initial, read
    formats::Format format = formats::Format::detect;
    Value::Notation notation = Value::Notation::json;
    std::size_t skipped_non_client = 0;
    formats::KeyConvention keys = formats::KeyConvention::none;
    bool dropped_truncated = false;
    // What the reading took on trust or could not settle (an ambiguous key convention, `time` against
    // file order): printed on stderr with the verdict, as `lincheck: warning: ...`.
    std::vector<std::string> warnings;
    std::string model_guess;  // why this model, when --model was not given
    PairingStats pairing;  // counts (the failed operations are in `failed`)
    OperationRuns failed;  // the operations dropped as failed, for the explanation
    // Read and paired; with --shard on one history, only this shard's keys' operations. Moved into
    // result.partitions by the check (operations counts them).
    OperationRuns ops;  // as read: one run per piece of the file
    std::size_t operations = 0;
    HistoryResult result;
    std::vector<std::pair<std::size_t, Explanation>> explanations;  // failing partition -> its analysis
    std::vector<std::string> explanation_texts;                     // render_failure of each, same order
    double read_ms = 0, check_ms = 0, explain_ms = 0;
    // When --time-limit's clock started: the process's start for a lone history, the history's own
    // start in a batch.
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    MemoryBudgetChoice memory_budget;  // the searches' budget in force, and where it came from
    int exit_code = 0;

    // --shard K/N of one history's keys: the whole history's figures, and for each partition checked
    // here its index among all the history's keys (in order of first operation).
    std::size_t total_ops = 0;
    std::size_t total_partitions = 0;
    std::vector<std::size_t> partition_index;

    // Exit 3 or 4: the message, as printed on stderr (one line, with its newline), and for bad input
    // the bare message and its position.
    std::string error;
    std::string error_message;
    SourcePos error_pos;

    std::string input_name() const { return settings.input == "-" ? "<stdin>" : settings.input; }
    // The reason of the first unknown partition, or empty.
    std::string unknown_reason() const;
    // Whether this run checked one shard of the history's keys.
    bool key_shard() const { return settings.shard.has_value() && !settings.batch(); }
    // The index of partition `i` among all the history's keys.
    std::size_t global_partition(std::size_t i) const { return i < partition_index.size() ? partition_index[i] : i; }
};

// What every history of a run shares, checked once: read options, model options, and that --model
// names a model. Prints the error and returns nullopt (bad usage) otherwise.
struct RunContext {
    formats::ReadOptions read_options;
    ModelOptions model_options;
    // The searches' memory budget: --memory-limit for each history, or else the default, shared by
    // every history of the run (they share the machine's memory).
    MemoryBudgetChoice memory_budget;
    std::shared_ptr<MemoryBudget> shared_budget;  // the default's, when --memory-limit is not given
};
std::optional<RunContext> prepare_run(const Settings& settings);

// Reads, pairs, checks and explains `session.settings.input`, printing nothing: the outcome is in
// `session` (exit_code; `error` for bad input or usage). `jobs` threads check its keys; `progress` (may
// be null) is told how far it got.
void check_one(Session& session, const RunContext& context, unsigned jobs, Progress* progress);

// The second half of check_one, for operations already in `session.ops` (and `session.model` built):
// checks them, explains the failures and sets the exit code (a validation error: bad input).
void check_and_explain(Session& session, const CheckLimits& limits, unsigned jobs, Progress* progress);
// Records bad input: the message as printed, exit code 3.
void record_input_error(Session& session, const InputError& e);

// Runs the whole pipeline on one history and writes the reports; returns the exit code.
int run_session(const Settings& settings);

// The notes and warnings that go with the verdict on stderr, one line each without `lincheck: `:
// keys that --independent auto inferred, and Session::warnings.
std::vector<std::string> verdict_notes(const Session& session);

void write_text_report(const Session& session, std::ostream& out);
void write_verbose(const Session& session, std::ostream& out);  // what -v prints on stderr
void write_json_report(const Session& session, std::ostream& out);
void write_html_report(const Session& session, std::ostream& out);
// One history's data for an HTML page (a JSON object); with `failures_only`, only its failing keys.
std::string html_history_data(const Session& session, bool failures_only);
// The JSON report as one compact line, for embedding in a batch report.
std::string json_report_text(const Session& session);
// The options a run was given, as the reports record them (a compact JSON object).
std::string options_json_text(const Settings& settings, const std::optional<Value>& initial);
// A value as the JSON report writes it (compact, before its text is made safe): the shape of
// Value::to_string(Notation::json), but a big integer is a string (tests/value_json_test.cpp).
std::string value_json_text(const Value& value);

}  // namespace lincheck::cli
