#pragma once
// The check of one history, as phases that each return a small value:
//
//   read_phase     the file → events → operations (lincheck/formats/read_in_pieces.hpp), and what the reading found out
//   model_phase    the model: --model's, or guessed from the operations
//   prepare_phase  which keys count, this --shard's keys
//   check_phase    the search (check_history) under explicit limits
//   explain_phase  the analysis and text of each failure to report
//
// check_one runs them in turn and assembles the Report every writer reads (report.hpp). A phase that
// cannot go on returns Stopped (bad input or usage), from which the Report of the error is made.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/explain.hpp"
#include "lincheck/formats/event_times.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "memory_budget.hpp"
#include "report.hpp"
#include "settings.hpp"
#include "writers/writers.hpp"

namespace lincheck::cli {

class Progress;
using Clock = std::chrono::steady_clock;

// What every history of a run shares, checked once: the model options, that --model names a model
// that takes them, and the searches' memory budget.
struct RunContext {
    ModelOptions model_options;
    // --memory-limit for each history, or else the default, shared by every history of the run (they
    // share the machine's memory).
    MemoryBudgetChoice memory_budget;
    std::shared_ptr<MemoryBudget> shared_budget;  // the default's, when --memory-limit is not given
};
// Prints the error and returns nullopt (bad usage) when --model names no model that takes the options.
std::optional<RunContext> prepare_run(const Settings& settings);

// The limits one history is checked under, settled once from the settings and the run.
struct HistoryLimits {
    CheckLimits check;                 // --time-limit's deadline and the searches' memory
    CheckLimits explain;               // the analysis of a failure (its own bound unless the budget is smaller)
    MemoryBudgetChoice memory_budget;  // for the reports
};
// `started`: when --time-limit's clock started (the process's start for a lone history, the history's
// own start in a batch).
HistoryLimits limits_for(const Settings& settings, const RunContext& context, Clock::time_point started);

// Why the check of a history stopped early: bad input (3) or bad usage (4).
struct Stopped {
    int exit_code = 0;
    std::string text;     // as printed on stderr: one line, with its newline
    std::string message;  // the bare message
    SourcePos pos;        // bad input: where
    bool time_limit = false;  // reading stopped at --time-limit: not an error, the answer is unknown
};
Stopped input_error(const std::string& input_name, const InputError& e);
Stopped usage_or_input_error(int exit_code, const std::string& message);

struct ReadOutcome {
    ReadFacts facts;
    Value::Notation notation = Value::Notation::json;
    OperationRuns ops;     // one run per piece of the file
    OperationRuns failed;  // the operations dropped as failed, for the explanation
    formats::EventTimes times;  // each event's `time`, kept for --html's axis
};
// `deadline`: --time-limit's; reading stops there with a Stopped whose time_limit is set.
std::variant<ReadOutcome, Stopped> read_phase(const Settings& settings, unsigned jobs, Progress* progress,
                                              std::optional<Clock::time_point> deadline = std::nullopt);

// The model: --model's, or guessed from the operations (`ops`; with none given, only --model's is built).
struct ChosenModel {
    std::shared_ptr<const Model> model;  // null: not chosen yet (no --model and no operations given)
    std::string guess;                   // why this model, when guessed
};
std::variant<ChosenModel, Stopped> model_phase(const Settings& settings, const RunContext& context,
                                               const OperationRuns* ops);

// The operations to check, with their model.
struct Prepared {
    std::shared_ptr<const Model> model;
    formats::KeyConvention keys = formats::KeyConvention::none;  // as the reports name it
    OperationRuns ops;     // with --shard of one history's keys, only this shard's
    OperationRuns failed;
    // --shard K/N of one history's keys: the whole history's figures, and for each key kept here its
    // index among all the history's keys. Not set otherwise.
    std::optional<std::size_t> total_ops, total_partitions;
    std::vector<std::size_t> partition_index;
};
std::variant<Prepared, Stopped> prepare_phase(const Settings& settings, std::shared_ptr<const Model> model,
                                              ReadOutcome read, unsigned jobs);

struct Checked {
    HistoryResult result;
    std::size_t operations = 0;
};
std::variant<Checked, Stopped> check_phase(const Model& model, OperationRuns ops, const Settings& settings,
                                           const CheckLimits& limits, unsigned jobs, Progress* progress);

// The failures to report (the first, or with --all-failures every one), analysed and rendered.
// `budget`: each failure's analysis time when `limits` has no deadline (explain.hpp). The partitions
// reported get their counterexample refined first (refine_counterexample), in place.
std::vector<ExplainedFailure> explain_phase(const Model& model, HistoryResult& result, const OperationRuns& failed,
                                            const Settings& settings, const CheckLimits& limits,
                                            Value::Notation notation, Progress* progress,
                                            std::optional<Clock::duration> budget = std::nullopt);

// Reads, pairs, checks and explains `settings.input`, printing nothing: the Report says how it went
// (exit_code; `error` for bad input or usage). `jobs` threads check its keys; `progress` (may be null)
// is told how far it got.
Report check_one(const Settings& settings, const RunContext& context, Clock::time_point started, unsigned jobs,
                 Progress* progress);

// The phases after prepare_phase, for operations already prepared: `report` holds what is known before
// the check (settings, read facts, notation, read time); the check, the explanations, the exit code and
// the timings are added. (check_one, and the writers' fuzz target, which makes its own operations.)
Report check_prepared(Report report, Prepared prepared, const HistoryLimits& limits, unsigned jobs, Progress* progress);
// The report of a history whose check stopped: `report` as far as it got.
Report stopped(Report report, const Stopped& why);

// Runs the whole pipeline on one history and writes the reports; returns the exit code.
int run_session(const Settings& settings);

}  // namespace lincheck::cli
