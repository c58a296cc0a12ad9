#include "session.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "stream_read.hpp"

#include <chrono>
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

namespace lincheck::cli {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}


void input_error(Session& session, const InputError& e) {
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
        std::cerr << "lincheck: --initial " << s.initial << ": not a JSON or EDN value (" << e.what() << ")\n";
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
        std::cerr << "lincheck: cannot write " << path << '\n';
        return false;
    }
    return true;
}

}  // namespace

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
        std::cerr << "lincheck: " << e.what() << '\n';
        return std::nullopt;
    }
    context.read_options.allow_truncated = settings.allow_truncated;
    context.model_options.nil_read_is_unknown = settings.nil_read == "unknown";
    bool initial_ok = true;
    context.model_options.initial = initial_state(settings, initial_ok);
    if (!initial_ok) return std::nullopt;
    if (!settings.model.empty()) {
        std::string error;
        if (!build_model(settings.model, context.model_options, error)) {
            std::cerr << "lincheck: " << error << '\n';
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
    std::string model_error;
    if (!settings.model.empty()) {
        session.model = build_model(settings.model, context.model_options, model_error);
        if (!session.model) return other_error(session, kBadUsage, model_error);
    }

    const auto start = Clock::now();
    CheckLimits limits;
    if (settings.time_limit > 0) {
        limits.deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.time_limit));
    }
    limits.memory_limit_bytes = settings.memory_limit_mb << 20;

    try {
        std::error_code error;
        if (settings.input != "-" && std::filesystem::is_directory(settings.input, error)) {
            throw std::runtime_error(settings.input + " is a directory; --recursive checks every file under it");
        }
        if (own_progress) progress->phase = Progress::Phase::parsing;
        PairedHistory paired = read_and_pair(settings.input, context.read_options, settings.order == "time",
                                             progress ? &progress->bytes_read : nullptr, jobs);
        const formats::ReadResult& read = paired.read;
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
        if (session.key_shard()) {
            // Every key's operations, not only the shard's: a bad one is an error in every shard.
            for (const auto& run : session.ops) validate_operations(*session.model, run, jobs);
            keep_shard_keys(session, *settings.shard);
        }  // otherwise check_history validates them
    } catch (const InputError& e) {
        session.read_ms = ms_since(start);
        return input_error(session, e);
    } catch (const std::runtime_error& e) {
        session.read_ms = ms_since(start);
        return other_error(session, kBadInput, e.what());
    }
    session.read_ms = ms_since(start);

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
        return input_error(session, e);
    }
    session.check_ms = ms_since(check_start);

    const auto explain_start = Clock::now();
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
        session.explanations.emplace_back(i, explain(*session.model, p, failed, limits));
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

// Frees a large history's operations on every thread: the process is about to exit, but freeing
// millions of operations on one thread is a serial tail of the run (10^6 events: ~15 ms).
void release_partitions(Session& session, unsigned jobs) {
    auto& partitions = session.result.partitions;
    jobs = usable_threads(jobs);
    if (jobs <= 1 || partitions.size() < 2 || session.operations < 100000) return;
    tbb::task_arena arena(static_cast<int>(jobs));
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, partitions.size(),
                          [&](std::size_t i) { std::vector<Operation>().swap(partitions[i].ops); });
    });
}

int run_session(const Settings& settings) {
    const auto context = prepare_run(settings);
    if (!context) return kBadUsage;
    Session session;
    session.settings = settings;
    {
        Progress progress(progress_wanted(settings), session.input_name());
        check_one(session, *context, settings.jobs, &progress);
    }
    if (!session.error.empty()) std::cerr << session.error;
    if (session.exit_code == kBadUsage) return kBadUsage;

    const bool checked = session.exit_code != kBadInput;
    if (checked && !settings.quiet) write_text_report(session, std::cout);
    if (!settings.json_report.empty() &&
        !write_report(settings.json_report, [&](std::ostream& out) { write_json_report(session, out); })) {
        return kBadUsage;
    }
    if (checked && !settings.html_report.empty() &&
        !write_report(settings.html_report, [&](std::ostream& out) { write_html_report(session, out); })) {
        return kBadUsage;
    }
    if (!settings.junit_report.empty()) {
        BatchOutcome batch;
        batch.files.push_back(outcome_of(session, false));
        batch.files_total = 1;
        batch.elapsed_ms = session.read_ms + session.check_ms + session.explain_ms;
        if (!write_report(settings.junit_report, [&](std::ostream& out) { write_junit_report(batch, out); })) return kBadUsage;
    }
    release_partitions(session, settings.jobs);
    return session.exit_code;
}

}  // namespace lincheck::cli
