#include "session.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "exit_codes.hpp"
#include "lincheck/models.hpp"

namespace lincheck::cli {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string read_all(const std::string& path) {
    std::ostringstream buffer;
    if (path == "-") {
        buffer << std::cin.rdbuf();
        return buffer.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    buffer << in.rdbuf();
    if (in.bad()) throw std::runtime_error("cannot read " + path);
    return buffer.str();
}

int report_input_error(const Session& session, const InputError& e) {
    const SourcePos& pos = e.pos();
    std::cerr << session.input_name();
    if (pos.line != 0) std::cerr << ':' << pos.line << ':' << pos.column;
    std::cerr << ": error: " << e.what();
    if (pos.event_index != 0 && pos.line == 0) std::cerr << " (event " << pos.event_index << ")";
    std::cerr << '\n';
    return kBadInput;
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

// Builds the model named `name`; prints why not and returns nullptr on a bad setting.
std::unique_ptr<Model> build_model(const std::string& name, const ModelOptions& options) {
    try {
        auto model = make_model(name, options);
        if (!model) std::cerr << "lincheck: unknown model `" << name << "`; lincheck --list-models shows them\n";
        return model;
    } catch (const ModelError& e) {
        std::cerr << "lincheck: model " << name << ": " << e.what() << '\n';
        return nullptr;
    }
}

bool write_report(const std::string& path, const Session& session, void (*write)(const Session&, std::ostream&)) {
    std::ofstream out(path, std::ios::binary);
    if (out) write(session, out);
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

int run_session(const Settings& settings) {
    Session session;
    session.settings = settings;
    formats::ReadOptions read_options;
    try {
        read_options.format = formats::format_from_name(settings.format);
        read_options.independent = formats::key_convention_from_name(settings.independent);
    } catch (const std::invalid_argument& e) {
        std::cerr << "lincheck: " << e.what() << '\n';
        return kBadUsage;
    }
    read_options.allow_truncated = settings.allow_truncated;
    ModelOptions model_options;
    model_options.nil_read_is_unknown = settings.nil_read == "unknown";
    bool initial_ok = true;
    model_options.initial = initial_state(settings, initial_ok);
    if (!initial_ok) return kBadUsage;
    if (!settings.model.empty()) {
        session.model = build_model(settings.model, model_options);
        if (!session.model) return kBadUsage;
    }

    const auto start = Clock::now();
    CheckLimits limits;
    if (settings.time_limit > 0) {
        limits.deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.time_limit));
    }
    limits.memory_limit_bytes = settings.memory_limit_mb << 20;

    try {
        std::string text = read_all(settings.input);
        formats::ReadResult read = formats::read_history(text, read_options);
        text = std::string();  // release the raw text before searching
        session.format = read.format;
        session.notation = read.notation;
        session.keys = read.keys;
        session.skipped_non_client = read.skipped_non_client;
        session.dropped_truncated = read.dropped_truncated;
        session.ops = pair_events(std::move(read.events), PairingOptions{settings.order == "time"}, &session.pairing);
        if (!session.model) {
            const ModelGuess guess = guess_model(session.ops);
            session.model_guess = guess.reason;
            session.model = build_model(std::string(guess.name), model_options);
            if (!session.model) return kBadUsage;
        }
        validate_operations(*session.model, session.ops);
    } catch (const InputError& e) {
        return report_input_error(session, e);
    } catch (const std::runtime_error& e) {
        std::cerr << "lincheck: " << e.what() << '\n';
        return kBadInput;
    }
    session.read_ms = ms_since(start);

    const auto check_start = Clock::now();
    try {
        HistoryOptions options;
        options.jobs = settings.jobs;
        options.all_failures = settings.all_failures;
        options.partition_by_key = !settings.no_partition;
        session.result = check_history(*session.model, session.ops, limits, options);
    } catch (const InputError& e) {
        return report_input_error(session, e);
    }
    session.check_ms = ms_since(check_start);

    const auto explain_start = Clock::now();
    for (std::size_t i = 0; i < session.result.partitions.size(); ++i) {
        const PartitionResult& p = session.result.partitions[i];
        if (p.result.verdict != Verdict::not_linearizable) continue;
        if (!settings.all_failures && i != *session.result.first_failure) continue;
        std::vector<Operation> failed;
        for (const Operation& op : session.pairing.failed) {
            if (settings.no_partition || op.key == p.key) failed.push_back(op);
        }
        session.explanations.emplace_back(i, explain(*session.model, p, failed, limits));
    }
    session.explain_ms = ms_since(explain_start);

    switch (session.result.verdict) {
        case Verdict::linearizable: session.exit_code = kLinearizable; break;
        case Verdict::not_linearizable: session.exit_code = kNotLinearizable; break;
        case Verdict::unknown: session.exit_code = kUnknown; break;
    }
    if (!settings.quiet) write_text_report(session, std::cout);
    if (!settings.json_report.empty() && !write_report(settings.json_report, session, write_json_report)) return kBadUsage;
    if (!settings.html_report.empty() && !write_report(settings.html_report, session, write_html_report)) return kBadUsage;
    return session.exit_code;
}

}  // namespace lincheck::cli
