#include "session.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
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

// Builds the model the settings ask for; prints why not and returns nullptr on a bad setting.
std::unique_ptr<Model> build_model(const Settings& s) {
    ModelOptions options;
    options.nil_read_is_unknown = s.nil_read == "unknown";
    if (!s.initial.empty()) {
        try {
            options.initial = formats::read_value(s.initial);
        } catch (const InputError& e) {
            std::cerr << "lincheck: --initial " << s.initial << ": " << e.what() << '\n';
            return nullptr;
        }
    }
    try {
        auto model = make_model(s.model, options);
        if (!model) std::cerr << "lincheck: unknown model `" << s.model << "`; lincheck --list-models shows them\n";
        return model;
    } catch (const ModelError& e) {
        std::cerr << "lincheck: model " << s.model << ": " << e.what() << '\n';
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
    formats::Format format;
    try {
        format = formats::format_from_name(settings.format);
    } catch (const std::invalid_argument& e) {
        std::cerr << "lincheck: " << e.what() << '\n';
        return kBadUsage;
    }
    session.model = build_model(settings);
    if (!session.model) return kBadUsage;

    const auto start = Clock::now();
    CheckLimits limits;
    if (settings.time_limit > 0) {
        limits.deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.time_limit));
    }
    limits.memory_limit_bytes = settings.memory_limit_mb << 20;

    try {
        std::string text = read_all(settings.input);
        formats::ReadResult read = formats::read_history(text, format);
        text = std::string();  // release the raw text before searching
        session.format = read.format;
        session.notation = read.notation;
        session.skipped_non_client = read.skipped_non_client;
        session.ops = pair_events(std::move(read.events), PairingOptions{settings.order == "time"}, &session.pairing);
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
