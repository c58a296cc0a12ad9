#include "session.hpp"

#include "stream_read.hpp"

#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "batch.hpp"
#include "exit_codes.hpp"
#include "progress.hpp"
#include "safe_text.hpp"

namespace lincheck::cli {

namespace {

using Clock = std::chrono::steady_clock;

// When the process started: exec, from /proc/self/stat (in clock ticks since boot, rounded down, so
// never late), or failing that this file's static initialisation. Loading the libraries comes between
// the two: 5 ms on an idle machine, 50 ms or more on one loaded ten times over.
Clock::time_point start_of_process() {
    const Clock::time_point now = Clock::now();
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto name_end = stat.rfind(')');  // the command name may hold spaces and parentheses
    timespec boot{};
    const long ticks_per_second = sysconf(_SC_CLK_TCK);
    if (name_end == std::string::npos || ticks_per_second <= 0 || clock_gettime(CLOCK_BOOTTIME, &boot) != 0) return now;
    std::istringstream fields(stat.substr(name_end + 2));
    std::string field;
    for (int i = 3; i < 22 && fields >> field; ++i) {  // fields 3..21, then starttime (22)
    }
    unsigned long long start_ticks = 0;
    if (!(fields >> start_ticks)) return now;
    const double since_boot = static_cast<double>(boot.tv_sec) + static_cast<double>(boot.tv_nsec) / 1e9;
    const double elapsed = since_boot - static_cast<double>(start_ticks) / static_cast<double>(ticks_per_second);
    if (elapsed < 0 || elapsed > 10) return now;  // not believable
    return now - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(elapsed));
}

const Clock::time_point process_start = start_of_process();

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}


void other_error(Session& session, int exit_code, const std::string& message) {
    session.error = "lincheck: " + message + '\n';
    session.error_message = message;
    session.exit_code = exit_code;
}

// The initial state --initial gives: JSON first, EDN otherwise.
std::optional<Value> initial_state(const Settings& s, bool& ok) {
    ok = true;
    if (s.initial.empty()) return std::nullopt;
    try {
        return formats::read_value(s.initial, Value::Notation::json);
    } catch (const InputError&) {
    }
    try {
        return formats::read_value(s.initial, Value::Notation::edn);
    } catch (const InputError& e) {
        std::cerr << display_text("lincheck: --initial " + s.initial + ": not a JSON or EDN value (" + e.what() + ")\n");
        ok = false;
        return std::nullopt;
    }
}

// Builds the model named `name`; says why not in `error` and returns nullptr on a bad setting.
std::unique_ptr<Model> build_model(const std::string& name, const ModelOptions& options, std::string& error) {
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
void keep_shard_keys(Session& session, const Shard& shard) {
    if (session.ops.size() > 1) {  // one run, to number keys and keep a shard's simply
        std::vector<Operation> all;
        for (auto& run : session.ops) std::move(run.begin(), run.end(), std::back_inserter(all));
        session.ops.clear();
        session.ops.push_back(std::move(all));
    }
    if (session.ops.empty()) session.ops.emplace_back();
    std::vector<Operation>& ops = session.ops.front();
    session.total_ops = ops.size();
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
    session.total_partitions = index_of.size();
    for (std::size_t p = shard.index - 1; p < index_of.size(); p += shard.count) session.partition_index.push_back(p);
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

template <class Write>
bool write_report(const std::string& path, Write write) {
    std::ofstream out(path, std::ios::binary);
    if (out) write(out);
    if (!out) {
        std::cerr << display_text("lincheck: cannot write " + path + '\n');
        return false;
    }
    return true;
}

}  // namespace

void record_input_error(Session& session, const InputError& e) {
    const SourcePos& pos = e.pos();
    std::ostringstream out;
    out << session.input_name();
    if (pos.line != 0) out << ':' << pos.line << ':' << pos.column;
    out << ": error: " << e.what();
    if (pos.event_index != 0 && pos.line == 0) out << " (event " << pos.event_index << ")";
    out << '\n';
    session.error = out.str();
    session.error_message = e.what();
    session.error_pos = pos;
    session.exit_code = kBadInput;
}

std::string Session::unknown_reason() const {
    for (const auto& p : result.partitions) {
        if (p.result.verdict == Verdict::unknown && !p.result.unknown_reason.empty()) return p.result.unknown_reason;
    }
    return "";
}

std::optional<RunContext> prepare_run(const Settings& settings) {
    RunContext context;
    try {
        context.read_options.format = formats::format_from_name(settings.format);
        context.read_options.independent = formats::key_convention_from_name(settings.independent);
    } catch (const std::invalid_argument& e) {
        std::cerr << display_text(std::string("lincheck: ") + e.what() + '\n');
        return std::nullopt;
    }
    context.read_options.allow_truncated = settings.allow_truncated;
    if (settings.memory_limit_mb != 0) {
        context.memory_budget = explicit_memory_budget(settings.memory_limit_mb);
    } else {
        context.memory_budget = default_memory_budget();
        context.shared_budget = std::make_shared<MemoryBudget>(context.memory_budget.bytes);
    }
    context.model_options.nil_read_is_unknown = settings.nil_read == "unknown";
    bool initial_ok = true;
    context.model_options.initial = initial_state(settings, initial_ok);
    if (!initial_ok) return std::nullopt;
    if (!settings.model.empty()) {
        std::string error;
        if (!build_model(settings.model, context.model_options, error)) {
            std::cerr << display_text("lincheck: " + error + '\n');
            return std::nullopt;
        }
    }
    return context;
}

void check_one(Session& session, const RunContext& context, unsigned jobs, Progress* progress) {
    const Settings& settings = session.settings;
    // One history of its own: this run's progress line shows its phases. In a batch, the histories
    // only add to the shared counters.
    const bool own_progress = progress && progress->enabled() && progress->files_total.load() == 0;
    session.initial = context.model_options.initial;
    std::string model_error;
    if (!settings.model.empty()) {
        session.model = build_model(settings.model, context.model_options, model_error);
        if (!session.model) return other_error(session, kBadUsage, model_error);
    }

    const auto start = Clock::now();
    CheckLimits limits;
    if (settings.time_limit > 0) {
        limits.deadline = session.started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.time_limit));
    }
    session.memory_budget = context.memory_budget;
    if (context.shared_budget) limits.memory_budget = context.shared_budget.get();
    else limits.memory_limit_bytes = context.memory_budget.bytes;

    try {
        std::error_code error;
        if (settings.input != "-" && std::filesystem::is_directory(settings.input, error)) {
            throw std::runtime_error(settings.input + " is a directory; --recursive checks every file under it");
        }
        if (own_progress) progress->phase = Progress::Phase::parsing;
        const bool by_time = settings.order == "time";
        PairedHistory paired = read_and_pair(settings.input, context.read_options, by_time,
                                             progress ? &progress->bytes_read : nullptr, jobs, limits.deadline);
        const formats::ReadResult& read = paired.read;
        if (paired.pairing.events == 0) throw InputError(no_client_operation(read.skipped_non_client), {});
        session.warnings = read.warnings;
        if (const auto& back = paired.time_order.back()) session.warnings.push_back(time_warning(*back, by_time));
        session.format = read.format;
        session.notation = read.notation;
        session.keys = read.keys;
        session.skipped_non_client = read.skipped_non_client;
        session.dropped_truncated = read.dropped_truncated;
        session.ops = std::move(paired.ops);
        session.pairing = std::move(paired.pairing);
        session.failed = std::move(paired.failed);
        if (!session.model) {
            const ModelGuess guess = guess_model(session.ops);
            session.model_guess = guess.reason;
            session.model = build_model(std::string(guess.name), context.model_options, model_error);
            if (!session.model) return other_error(session, kBadUsage, model_error);
        }
        if (!session.model->keeps_keys_apart()) {
            if (context.read_options.independent == formats::KeyConvention::none) {
                drop_keys(session.ops);  // `key` fields are kept by the reader for models that read them
                drop_keys(session.failed);
            } else if (settings.no_partition && has_keys(session.ops)) {
                return other_error(session, kBadUsage, "--no-partition: " + unpartitioned_keys_message(*session.model));
            }
        } else if (read.keys == formats::KeyConvention::none && has_keys(session.ops)) {
            session.keys = formats::KeyConvention::field;  // kv's keys, read whatever --independent says
        }
        if (session.key_shard()) {
            // Every key's operations, not only the shard's: a bad one is an error in every shard.
            for (const auto& run : session.ops) validate_operations(*session.model, run, jobs);
            keep_shard_keys(session, *settings.shard);
        }  // otherwise check_history validates them
    } catch (const InputError& e) {
        session.read_ms = ms_since(start);
        return record_input_error(session, e);
    } catch (const ReadTimedOut& e) {  // --time-limit holds while reading too: unknown, like a search
        session.read_ms = ms_since(start);
        PartitionResult unread;
        unread.result.verdict = Verdict::unknown;
        unread.result.unknown_reason = e.what();
        session.result.verdict = Verdict::unknown;
        session.result.partitions.push_back(std::move(unread));
        session.exit_code = kUnknown;
        if (!session.model) {  // the reports name a model: the guess's default, saying so
            session.model_guess = "not guessed, reading stopped at the time limit; the default";
            session.model = build_model("cas-register", context.model_options, model_error);
        }
        return;
    } catch (const std::runtime_error& e) {
        session.read_ms = ms_since(start);
        return other_error(session, kBadInput, e.what());
    }
    session.read_ms = ms_since(start);
    check_and_explain(session, limits, jobs, progress);
}

void check_and_explain(Session& session, const CheckLimits& limits, unsigned jobs, Progress* progress) {
    const Settings& settings = session.settings;
    const bool own_progress = progress && progress->enabled() && progress->files_total.load() == 0;
    const auto check_start = Clock::now();
    try {
        HistoryOptions options;
        options.jobs = jobs;
        options.all_failures = settings.all_failures;
        options.partition_by_key = !settings.no_partition;
        options.engine = settings.engine == "search" ? Engine::search
                         : settings.engine == "fast" ? Engine::fast
                                                     : Engine::automatic;
        if (progress) {
            options.partitions_done = &progress->partitions_done;
            options.ops_done = &progress->ops_done;
        }
        if (own_progress) {
            progress->ops_total = count_operations(session.ops);
            progress->partitions_total = settings.no_partition ? 1 : count_keys(session.ops);
            progress->phase = Progress::Phase::checking;
        }
        session.operations = count_operations(session.ops);
        session.result = check_history(*session.model, std::move(session.ops), limits, options);
    } catch (const InputError& e) {
        session.check_ms = ms_since(check_start);
        return record_input_error(session, e);
    }
    session.check_ms = ms_since(check_start);

    const auto explain_start = Clock::now();
    // The analysis of a failure keeps its own bound (explain.hpp) unless the default budget is smaller.
    CheckLimits explain_limits = limits;
    if (limits.memory_budget) {  // the default budget, shared by a batch's histories
        explain_limits.memory_budget = nullptr;
        constexpr std::size_t kExplainBound = std::size_t{512} << 20;
        explain_limits.memory_limit_bytes = session.memory_budget.bytes < kExplainBound ? session.memory_budget.bytes : 0;
    }
    if (own_progress) progress->phase = Progress::Phase::explaining;
    for (std::size_t i = 0; i < session.result.partitions.size(); ++i) {
        const PartitionResult& p = session.result.partitions[i];
        if (p.result.verdict != Verdict::not_linearizable) continue;
        if (!settings.all_failures && i != *session.result.first_failure) continue;
        std::vector<Operation> failed;
        for (const auto& run : session.failed) {
            for (const Operation& op : run) {
                if (settings.no_partition || op.key == p.key) failed.push_back(op);
            }
        }
        session.explanations.emplace_back(i, explain(*session.model, p, failed, explain_limits, session.result.partitions));
        session.explanation_texts.push_back(
            render_failure(*session.model, p, session.explanations.back().second, session.notation));
    }
    session.explain_ms = ms_since(explain_start);
    if (!session.key_shard()) {
        session.total_ops = session.operations;
        session.total_partitions = session.result.partitions.size();
    }

    switch (session.result.verdict) {
        case Verdict::linearizable: session.exit_code = kLinearizable; break;
        case Verdict::not_linearizable: session.exit_code = kNotLinearizable; break;
        case Verdict::unknown: session.exit_code = kUnknown; break;
    }
}

int run_session(const Settings& settings) {
    const auto context = prepare_run(settings);
    if (!context) return kBadUsage;
    // Never freed: the process is about to exit, and freeing a large history and its results one
    // object at a time is a serial tail of the run, after --time-limit's deadline (10^6 events: ~15 ms
    // on an idle machine). Reachable from here, so it is no leak to the sanitizers. (main calls this once.)
    static Session* kept = nullptr;
    kept = new Session;
    Session& session = *kept;
    session.started = process_start;
    session.settings = settings;
    {
        Progress progress(progress_wanted(settings), session.input_name());
        check_one(session, *context, settings.jobs, &progress);
    }
    if (!session.error.empty()) std::cerr << display_text(session.error);
    if (session.exit_code == kBadUsage) return kBadUsage;

    const bool checked = session.exit_code != kBadInput;
    if (checked && !settings.quiet) write_text_report(session, std::cout);
    if (!settings.json_report.empty() &&
        !write_report(settings.json_report, [&](std::ostream& out) { write_json_report(session, out); })) {
        return kBadUsage;
    }
    if (!settings.html_report.empty() &&
        !write_report(settings.html_report, [&](std::ostream& out) { write_html_report(session, out); })) {
        return kBadUsage;
    }
    if (!settings.junit_report.empty()) {
        BatchOutcome batch;
        batch.files.push_back(outcome_of(session, false));
        batch.files_total = 1;
        batch.elapsed_ms = session.read_ms + session.check_ms + session.explain_ms;
        batch.options = options_json_text(settings, session.initial);
        batch.version = LINCHECK_VERSION;
        if (!write_report(settings.junit_report, [&](std::ostream& out) { write_junit_report(batch, out); })) return kBadUsage;
    }
    return session.exit_code;
}

}  // namespace lincheck::cli
