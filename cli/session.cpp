#include "session.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "exit_codes.hpp"
#include "progress.hpp"
#include "report_words.hpp"
#include "safe_text.hpp"
#include "lincheck/formats/read_in_pieces.hpp"
#include "lincheck/internal/deferred_free.hpp"

namespace lincheck::cli {

using formats::PairedHistory;  // formats/include/lincheck/formats/read_in_pieces.hpp
using formats::read_and_pair;
using formats::ReadTimedOut;
using formats::TimeOrder;

namespace {

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Builds the model named `name`; says why not in `error` and returns nullptr on a bad setting.
std::shared_ptr<const Model> build_model(const std::string& name, const ModelOptions& options, std::string& error) {
    try {
        auto model = make_model(name, options);
        if (!model) error = "unknown model `" + name + "`; lincheck --list-models shows them";
        return model;
    } catch (const ModelError& e) {
        error = "model " + name + ": " + e.what();
        return nullptr;
    }
}

// --shard K/N of one history: keeps the operations of every N-th key, keys numbered from 0 in order of
// their first operation (the order of check_history's partitions); key i belongs to shard i mod N + 1.
// A history that mixes keyed and unkeyed operations is left whole, for check_history to reject.
void keep_shard_keys(Prepared& prepared, const Shard& shard) {
    if (prepared.ops.size() > 1) {  // one run, to number keys and keep a shard's simply
        std::vector<Operation> all;
        for (auto& run : prepared.ops) std::move(run.begin(), run.end(), std::back_inserter(all));
        prepared.ops.clear();
        prepared.ops.push_back(std::move(all));
    }
    if (prepared.ops.empty()) prepared.ops.emplace_back();
    std::vector<Operation>& ops = prepared.ops.front();
    prepared.total_ops = ops.size();
    prepared.total_partitions = 0;
    const bool keyed = !ops.empty() && ops.front().key.has_value();
    for (const Operation& op : ops) {
        if (op.key.has_value() != keyed) return;
    }
    std::unordered_map<Value, std::size_t, ValueHash> index_of;  // as check_history numbers keys
    std::vector<std::size_t> op_partition(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto [it, fresh] = index_of.try_emplace(keyed ? *ops[i].key : Value::nil(), index_of.size());
        op_partition[i] = it->second;
    }
    prepared.total_partitions = index_of.size();
    for (std::size_t p = shard.index - 1; p < index_of.size(); p += shard.count) prepared.partition_index.push_back(p);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (op_partition[i] % shard.count == shard.index - 1) {
            if (kept != i) ops[kept] = std::move(ops[i]);
            ++kept;
        }
    }
    ops.erase(ops.begin() + static_cast<std::ptrdiff_t>(kept), ops.end());
}

// The error for a history in which nothing is a client's operation: it would pass with nothing checked.
std::string no_client_operation(std::size_t skipped) {
    if (skipped == 0) return "no client operation: the history has no events";
    return "no client operation: all " + std::to_string(skipped) + (skipped == 1 ? " event was" : " events were") +
           " skipped as non-client, because their `process` is not an integer (e.g. Jepsen's :nemesis); a "
           "client's process is an integer, or a string of digits";
}

std::string time_warning(const TimeOrder::Back& back, bool by_time) {
    char times[80];
    std::snprintf(times, sizeof times, "%.15g after %.15g", back.time, back.previous);  // nanoseconds stay whole
    return "`time` goes backwards in file order at " + describe(back.pos) + " (" + times + "): " +
           (by_time ? "events were ordered by their `time` (--order time), not as in the file"
                    : "events were ordered as in the file (--order file), not by their `time` (--order time)");
}

void drop_keys(OperationRuns& runs) {
    for (auto& run : runs) {
        for (Operation& op : run) op.key.reset();
    }
}

bool has_keys(const OperationRuns& runs) {
    for (const auto& run : runs) {
        for (const Operation& op : run) {
            if (op.key) return true;
        }
    }
    return false;
}

std::size_t count_keys(const OperationRuns& runs) {
    const auto less = [](const Value* a, const Value* b) { return *a < *b; };
    std::set<const Value*, decltype(less)> keys(less);
    const Value nil = Value::nil();
    for (const auto& run : runs) {
        for (const Operation& op : run) keys.insert(op.key ? &*op.key : &nil);
    }
    return keys.size();
}

std::size_t count_operations(const OperationRuns& runs) {
    std::size_t n = 0;
    for (const auto& run : runs) n += run.size();
    return n;
}

// This history's own progress line shows its phases; in a batch, the histories only add to the
// shared counters.
bool own_progress(const Progress* progress) {
    return progress && progress->enabled() && progress->files_total.load() == 0;
}

}  // namespace

Stopped input_error(const std::string& input_name, const InputError& e) {
    const SourcePos& pos = e.pos();
    std::ostringstream out;
    out << input_name;
    if (pos.line != 0) out << ':' << pos.line << ':' << pos.column;
    out << ": error: " << e.what();
    if (pos.event_index != 0 && pos.line == 0) out << " (event " << pos.event_index << ")";
    out << '\n';
    return {kBadInput, out.str(), e.what(), pos};
}

Stopped usage_or_input_error(int exit_code, const std::string& message) {
    return {exit_code, "lincheck: " + message + '\n', message, {}};
}

std::optional<RunContext> prepare_run(const Settings& settings) {
    RunContext context;
    if (settings.memory_limit_mib) {
        context.memory_budget = explicit_memory_budget(*settings.memory_limit_mib);
    } else {
        context.memory_budget = default_memory_budget();
        context.shared_budget = std::make_shared<MemoryBudget>(context.memory_budget.bytes);
    }
    context.model_options.nil_read_is_unknown = settings.nil_read == NilRead::unknown;
    context.model_options.initial = settings.initial;
    if (!settings.model.empty()) {
        std::string error;
        if (!build_model(settings.model, context.model_options, error)) {
            std::cerr << display_text("lincheck: " + error + '\n');
            return std::nullopt;
        }
    }
    return context;
}

HistoryLimits limits_for(const Settings& settings, const RunContext& context, Clock::time_point started) {
    HistoryLimits limits;
    if (settings.time_limit_s) {
        limits.check.deadline =
            started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*settings.time_limit_s));
    }
    limits.memory_budget = context.memory_budget;
    if (context.shared_budget) limits.check.memory_budget = context.shared_budget.get();
    else limits.check.memory_limit_bytes = context.memory_budget.bytes;
    // The analysis of a failure keeps its own bound (explain.hpp) unless the default budget is smaller.
    limits.explain = limits.check;
    if (limits.check.memory_budget) {  // the default budget, shared by a batch's histories
        limits.explain.memory_budget = nullptr;
        constexpr std::size_t kExplainBound = std::size_t{512} << 20;
        limits.explain.memory_limit_bytes = context.memory_budget.bytes < kExplainBound ? context.memory_budget.bytes : 0;
    }
    return limits;
}

std::variant<ReadOutcome, Stopped> read_phase(const Settings& settings, unsigned jobs, Progress* progress,
                                              std::optional<Clock::time_point> deadline) {
    try {
        std::error_code error;
        if (settings.input != "-" && std::filesystem::is_directory(settings.input, error)) {
            return usage_or_input_error(kBadInput, settings.input + " is a directory; --recursive checks every file under it");
        }
        if (own_progress(progress)) progress->phase = Progress::Phase::parsing;
        formats::ReadOptions options;
        options.format = settings.format;
        options.independent = settings.independent;
        options.allow_truncated = settings.allow_truncated;
        options.keep_event_times = !settings.html_report.empty() || !settings.json_report.empty();
        const bool by_time = settings.order == Order::time;
        PairedHistory paired =
            read_and_pair(settings.input, options, by_time, progress ? &progress->bytes_read : nullptr, jobs, deadline);
        const formats::ReadResult& read = paired.read;
        if (paired.pairing.events == 0) throw InputError(no_client_operation(read.skipped_non_client), {});
        ReadOutcome out;
        out.facts.warnings = read.warnings;
        if (const auto& back = paired.time_order.back()) out.facts.warnings.push_back(time_warning(*back, by_time));
        out.facts.format = read.format;
        out.facts.keys = read.keys;
        out.facts.skipped_non_client = read.skipped_non_client;
        out.facts.dropped_truncated = read.dropped_truncated;
        out.facts.pairing = std::move(paired.pairing);
        out.notation = read.notation;
        out.ops = std::move(paired.ops);
        out.failed = std::move(paired.failed);
        out.times = std::move(paired.times);
        out.facts.time_backwards = paired.time_order.back().has_value();
        return out;
    } catch (const InputError& e) {
        return input_error(settings.input_name(), e);
    } catch (const ReadTimedOut& e) {  // --time-limit holds while reading too: unknown, like a search
        Stopped out;
        out.exit_code = kUnknown;
        out.message = e.what();
        out.time_limit = true;
        return out;
    } catch (const std::runtime_error& e) {
        return usage_or_input_error(kBadInput, e.what());
    }
}

std::variant<ChosenModel, Stopped> model_phase(const Settings& settings, const RunContext& context,
                                               const OperationRuns* ops) {
    ChosenModel out;
    std::string name = settings.model;
    if (name.empty()) {
        if (!ops) return out;  // to be guessed once the operations are read
        const ModelGuess guess = guess_model(*ops);
        out.guess = guess.reason;
        name = guess.name;
    }
    std::string error;
    out.model = build_model(name, context.model_options, error);
    if (!out.model) return usage_or_input_error(kBadUsage, error);
    return out;
}

std::variant<Prepared, Stopped> prepare_phase(const Settings& settings, std::shared_ptr<const Model> model,
                                              ReadOutcome read, unsigned jobs) {
    Prepared out;
    out.model = std::move(model);
    out.keys = read.facts.keys;
    out.ops = std::move(read.ops);
    out.failed = std::move(read.failed);
    if (!out.model->keeps_keys_apart()) {
        if (settings.independent == formats::KeyConvention::none) {
            drop_keys(out.ops);  // `key` fields are kept by the reader for models that read them
            drop_keys(out.failed);
        } else if (settings.no_partition && has_keys(out.ops)) {
            return usage_or_input_error(kBadUsage, "--no-partition: " + unpartitioned_keys_message(*out.model));
        }
    } else if (out.keys == formats::KeyConvention::none && has_keys(out.ops)) {
        out.keys = formats::KeyConvention::field;  // kv's keys, read whatever --independent says
    }
    if (settings.shard && !settings.batch()) {
        try {
            // Every key's operations, not only the shard's: a bad one is an error in every shard.
            for (const auto& run : out.ops) validate_operations(*out.model, run, jobs);
        } catch (const InputError& e) {
            return input_error(settings.input_name(), e);
        }
        keep_shard_keys(out, *settings.shard);
    }  // otherwise check_history validates them
    return out;
}

std::variant<Checked, Stopped> check_phase(const Model& model, OperationRuns ops, const Settings& settings,
                                           const CheckLimits& limits, unsigned jobs, Progress* progress) {
    HistoryOptions options;
    options.jobs = jobs;
    options.all_failures = settings.all_failures;
    options.partition_by_key = !settings.no_partition;
    options.engine = settings.engine;
    if (progress) {
        options.partitions_done = &progress->partitions_done;
        options.ops_done = &progress->ops_done;
    }
    if (own_progress(progress)) {
        progress->ops_total = count_operations(ops);
        progress->partitions_total = settings.no_partition ? 1 : count_keys(ops);
        progress->phase = Progress::Phase::checking;
    }
    Checked out;
    out.operations = count_operations(ops);
    try {
        out.result = check_history(model, std::move(ops), limits, options);
    } catch (const InputError& e) {
        return input_error(settings.input_name(), e);
    }
    return out;
}

std::vector<ExplainedFailure> explain_phase(const Model& model, HistoryResult& result, const OperationRuns& failed,
                                            const Settings& settings, const CheckLimits& limits,
                                            Value::Notation notation, Progress* progress,
                                            std::optional<Clock::duration> budget) {
    if (own_progress(progress)) progress->phase = Progress::Phase::explaining;
    std::vector<ExplainedFailure> out;
    for (std::size_t i = 0; i < result.partitions.size(); ++i) {
        PartitionResult& p = result.partitions[i];
        if (p.result.verdict != Verdict::not_linearizable) continue;
        if (!settings.all_failures && i != *result.first_failure) continue;
        // Past the deadline the analysis will not begin (it says so): no copy of the failed ops for it.
        const bool past = limits.deadline && Clock::now() >= *limits.deadline;
        if (!past) {
            // The longest prefix the report shows is the plain search's (check.hpp), within the
            // analysis's own time when it has no deadline.
            CheckLimits refine_limits = limits;
            if (!refine_limits.deadline) refine_limits.deadline = Clock::now() + budget.value_or(kExplainBudget);
            refine_counterexample(model, p.ops, p.result, refine_limits);
        }
        std::vector<Operation> failed_here;
        for (const auto& run : past ? std::span<const std::vector<Operation>>{} : std::span(failed)) {
            for (const Operation& op : run) {
                if (settings.no_partition || op.key == p.key) failed_here.push_back(op);
            }
        }
        ExplainedFailure f{i, explain(model, p, failed_here, limits, result.partitions, budget), {}, {}};
        f.text = render_failure(model, p, f.explanation, notation, 100, result.partitions);
        f.failed = std::move(failed_here);
        out.push_back(std::move(f));
    }
    return out;
}

Report stopped(Report report, const Stopped& why) {
    report.exit_code = why.exit_code;
    report.error = why.text;
    report.error_message = why.message;
    report.error_pos = why.pos;
    return report;
}

namespace {

// Reading stopped at --time-limit: the answer is unknown (exit 2), as when a search stops there.
Report unread(Report report, const Stopped& why, const RunContext& context) {
    PartitionResult partition;
    partition.result.verdict = Verdict::unknown;
    partition.result.unknown_reason = why.message;
    report.result.verdict = Verdict::unknown;
    report.result.partitions.push_back(std::move(partition));
    report.exit_code = kUnknown;
    if (!report.model) {  // the reports name a model: the guess's default, saying so
        std::string error;
        report.model = build_model("cas-register", context.model_options, error);
        report.read.model_guess = "not guessed, reading stopped at the time limit; the default";
    }
    return report;
}

}  // namespace

// --html writes every operation, and replays the linearization found, after the check: the check keeps
// time for it before the deadline (issue 17: wall time <= limit + 5% + 50 ms with every report asked).
// 6 µs an operation: 180,000 operations took 0.3 s of CPU, and 144,734 took 0.55-0.65 s of wall time
// at a load average of 19 on 2 cores.
static HistoryLimits keep_time_for_reports(const HistoryLimits& limits, const Settings& settings, const Prepared& prepared) {
    HistoryLimits kept = limits;
    if (settings.html_report.empty() || !kept.check.deadline) return kept;
    std::size_t ops = 0;
    for (const auto& run : prepared.ops) ops += run.size();
    const auto reserve = std::chrono::duration_cast<Clock::duration>(std::chrono::microseconds(6) * ops);
    kept.check.deadline = *kept.check.deadline - reserve;
    if (kept.explain.deadline) kept.explain.deadline = *kept.explain.deadline - reserve;
    return kept;
}

// What check_prepared still holds of the history (its operations when the check did not begin, the
// failed ones) is freed when it returns: 3.6 * 10^5 operations took ~0.1 s of wall time after the
// deadline at load ~5 (issue 17). When that would pass the deadline it is left to the deferred freeing
// instead (deferred_free.hpp: release_search_memory() after each history of a batch, else the exit).
static void free_later_if_late(Prepared& prepared, const CheckLimits& limits) {
    const std::size_t ops = count_operations(prepared.ops) + count_operations(prepared.failed);
    const std::size_t bytes = ops * 2 * sizeof(Operation);  // the operations and, roughly, their values
    if (ops == 0 || !detail::should_defer_freeing(limits, bytes)) return;
    auto* left = new Prepared(std::move(prepared));
    detail::defer_freeing(bytes, [left] { delete left; });
}

Report check_prepared(Report report, Prepared prepared, const HistoryLimits& given_limits, unsigned jobs, Progress* progress) {
    const HistoryLimits limits = keep_time_for_reports(given_limits, report.settings, prepared);
    report.model = prepared.model;
    report.read.keys = prepared.keys;
    report.memory_budget = limits.memory_budget;
    const auto check_start = Clock::now();
    // Validating and splitting the operations look at no clock: ~0.3 µs an operation on an idle machine
    // (362,339 operations of 1,000 keys: ~110 ms). A check whose validation and split alone would end
    // past the deadline could decide nothing in time: it does not begin (issue 17: it ended 60-80 ms
    // past --time-limit when reading finished just before it).
    const auto validate_and_split = std::chrono::duration_cast<Clock::duration>(
        std::chrono::nanoseconds(300) * count_operations(prepared.ops));
    if (limits.check.deadline && check_start + validate_and_split >= *limits.check.deadline) {
        // Out of time before the check began (reading took it, or the time kept for the reports):
        // unknown at once, without validating and splitting the operations (0.1-0.2 s for 10^5 of them
        // on a loaded machine), the rest left to the reports.
        report.operations = count_operations(prepared.ops);
        report.total_ops = prepared.total_ops.value_or(report.operations);
        report.total_partitions = prepared.total_partitions.value_or(1);
        report.partition_index = std::move(prepared.partition_index);
        free_later_if_late(prepared, limits.check);
        return unread(std::move(report), Stopped{kUnknown, {}, "time limit reached before the check began", {}, true},
                      RunContext{});
    }
    auto checked = check_phase(*prepared.model, std::move(prepared.ops), report.settings, limits.check, jobs, progress);
    report.timings.check_ms = ms_since(check_start);
    if (const auto* stop = std::get_if<Stopped>(&checked)) return stopped(std::move(report), *stop);
    Checked& done = std::get<Checked>(checked);
    report.result = std::move(done.result);
    report.operations = done.operations;

    const auto explain_start = Clock::now();
    // Without --time-limit the analysis of a failure gets its own budget: kExplainBudget and twice the
    // check's own time (the analysis of a large key can legitimately cost a few checks of it).
    const Clock::duration budget = kExplainBudget + 2 * (Clock::now() - check_start);
    report.failures = explain_phase(*report.model, report.result, prepared.failed, report.settings, limits.explain,
                                    report.notation, progress, budget);
    report.timings.explain_ms = ms_since(explain_start);
    report.total_ops = prepared.total_ops.value_or(report.operations);
    report.total_partitions = prepared.total_partitions.value_or(report.result.partitions.size());
    report.partition_index = std::move(prepared.partition_index);
    report.exit_code = exit_code_of(report.result.verdict);
    free_later_if_late(prepared, limits.check);
    return report;
}

Report check_one(const Settings& settings, const RunContext& context, Clock::time_point started, unsigned jobs,
                 Progress* progress) {
    Report report;
    report.settings = settings;
    const HistoryLimits limits = limits_for(settings, context, started);
    report.memory_budget = limits.memory_budget;
    report.deadline = limits.check.deadline;
    // --model first: a model that cannot be built is bad usage, whatever the file holds.
    auto given = model_phase(settings, context, nullptr);
    if (const auto* stop = std::get_if<Stopped>(&given)) return stopped(std::move(report), *stop);
    report.model = std::get<ChosenModel>(given).model;

    const auto start = Clock::now();
    auto read = read_phase(settings, jobs, progress, limits.check.deadline);
    if (const auto* stop = std::get_if<Stopped>(&read)) {
        report.timings.read_ms = ms_since(start);
        if (stop->time_limit) return unread(std::move(report), *stop, context);
        return stopped(std::move(report), *stop);
    }
    ReadOutcome& outcome = std::get<ReadOutcome>(read);
    report.read = outcome.facts;
    report.times = std::move(outcome.times);
    report.notation = outcome.notation;
    if (!report.model) {
        auto guessed = model_phase(settings, context, &outcome.ops);
        if (const auto* stop = std::get_if<Stopped>(&guessed)) {
            report.timings.read_ms = ms_since(start);
            return stopped(std::move(report), *stop);
        }
        report.model = std::get<ChosenModel>(guessed).model;
        report.read.model_guess = std::get<ChosenModel>(guessed).guess;
    }
    auto prepared = prepare_phase(settings, report.model, std::move(outcome), jobs);
    report.timings.read_ms = ms_since(start);
    if (const auto* stop = std::get_if<Stopped>(&prepared)) return stopped(std::move(report), *stop);
    return check_prepared(std::move(report), std::move(std::get<Prepared>(prepared)), limits, jobs, progress);
}

}  // namespace lincheck::cli
