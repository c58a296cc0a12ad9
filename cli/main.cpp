// lincheck: checks a history of concurrent operations for linearizability.
// This file only wires the command line to the `formats` readers and the `checker`.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "exit_codes.hpp"
#include "lincheck/check.hpp"
#include "lincheck/explain.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"

namespace po = boost::program_options;
using namespace lincheck;
using namespace lincheck::cli;

namespace {

constexpr const char* kUsage = R"(Usage: lincheck [options] HISTORY
Checks that a history of concurrent operations is linearizable against a model.
HISTORY is a file, or - for standard input: a JSON array of events or JSON Lines
(one event per line), told apart by content.

Exit codes:
  0  linearizable
  1  not linearizable (an explanation is printed)
  2  unknown: a time or memory limit was reached before the search could decide
  3  bad input: the history cannot be read or makes no sense (file:line:column)
  4  bad usage: wrong command line

Options)";

struct Settings {
    std::string input;
    std::string model = "cas-register";
    std::string format = "auto";
    std::string order = "file";
    std::string initial;
    std::string nil_read = "empty";
    double time_limit = 0;
    unsigned jobs = 0;
    bool all_failures = false;
    bool no_partition = false;
    std::size_t memory_limit_mb = 0;
    bool verbose = false;
    bool quiet = false;
};

std::string read_all(const std::string& path) {
    if (path == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        return buffer.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw std::runtime_error("cannot read " + path);
    return buffer.str();
}

std::string input_name(const std::string& path) {
    return path == "-" ? "<stdin>" : path;
}

int report_input_error(const std::string& path, const InputError& e) {
    const SourcePos& pos = e.pos();
    std::cerr << input_name(path);
    if (pos.line != 0) std::cerr << ':' << pos.line << ':' << pos.column;
    std::cerr << ": error: " << e.what();
    if (pos.event_index != 0) std::cerr << " (event " << pos.event_index << ")";
    std::cerr << '\n';
    return kBadInput;
}

void print_list_models() {
    for (const ModelInfo& info : all_models()) {
        std::printf("%-16s %.*s\n", std::string(info.name).c_str(), static_cast<int>(info.summary.size()),
                    info.summary.data());
    }
}

int run(const Settings& s) {
    ModelOptions model_options;
    if (s.nil_read == "unknown") {
        model_options.nil_read_is_unknown = true;
    } else if (s.nil_read != "empty") {
        std::cerr << "lincheck: --nil-read takes `empty` or `unknown`, not `" << s.nil_read << "`\n";
        return kBadUsage;
    }
    if (s.order != "file" && s.order != "time") {
        std::cerr << "lincheck: --order takes `file` or `time`, not `" << s.order << "`\n";
        return kBadUsage;
    }
    formats::Format format;
    try {
        format = formats::format_from_name(s.format);
    } catch (const std::invalid_argument& e) {
        std::cerr << "lincheck: " << e.what() << '\n';
        return kBadUsage;
    }
    if (!s.initial.empty()) {
        try {
            model_options.initial = formats::read_value(s.initial);
        } catch (const InputError& e) {
            std::cerr << "lincheck: --initial " << s.initial << ": " << e.what() << '\n';
            return kBadUsage;
        }
    }
    std::unique_ptr<Model> model;
    try {
        model = make_model(s.model, model_options);
    } catch (const ModelError& e) {
        std::cerr << "lincheck: model " << s.model << ": " << e.what() << '\n';
        return kBadUsage;
    }
    if (!model) {
        std::cerr << "lincheck: unknown model `" << s.model << "`; lincheck --list-models shows them\n";
        return kBadUsage;
    }

    const auto start = std::chrono::steady_clock::now();
    std::string text;
    try {
        text = read_all(s.input);
    } catch (const std::exception& e) {
        std::cerr << "lincheck: " << e.what() << '\n';
        return kBadInput;
    }

    formats::ReadResult read;
    std::vector<Operation> ops;
    PairingStats pairing;
    try {
        read = formats::read_history(text, format);
        text = std::string();  // release the raw text before searching
        ops = pair_events(std::move(read.events), PairingOptions{s.order == "time"}, &pairing);
        validate_operations(*model, ops);
    } catch (const InputError& e) {
        return report_input_error(s.input, e);
    }

    const auto parsed = std::chrono::steady_clock::now();
    CheckLimits limits;
    if (s.time_limit > 0) {
        limits.deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(s.time_limit));
    }
    limits.memory_limit_bytes = s.memory_limit_mb << 20;
    HistoryResult result;
    try {
        HistoryOptions history_options;
        history_options.jobs = s.jobs;
        history_options.all_failures = s.all_failures;
        history_options.partition_by_key = !s.no_partition;
        result = check_history(*model, ops, limits, history_options);
    } catch (const InputError& e) {
        return report_input_error(s.input, e);
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    if (s.verbose) {
        std::cerr << "parse " << std::chrono::duration<double, std::milli>(parsed - start).count() << " ms, check "
                  << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - parsed).count()
                  << " ms\n";
        std::uint64_t configurations = 0, steps = 0;
        for (const auto& p : result.partitions) {
            configurations += p.result.stats.configurations;
            steps += p.result.stats.steps;
        }
        std::cerr << "read " << pairing.events << " events as " << formats::to_string(read.format) << " ("
                  << read.skipped_non_client << " non-client skipped); " << ops.size() << " operations ("
                  << pairing.failed_dropped << " failed dropped, " << pairing.indeterminate
                  << " indeterminate); model " << model->name() << "; " << result.partitions.size()
                  << (result.partitions.size() == 1 ? " partition; " : " partitions; ") << configurations
                  << " configurations explored in " << steps << " steps\n";
    }

    char timing[64];
    std::snprintf(timing, sizeof timing, "%.1f ms", ms);
    switch (result.verdict) {
        case Verdict::linearizable:
            if (!s.quiet) std::cout << "linearizable (" << ops.size() << " operations, " << timing << ")\n";
            return kLinearizable;
        case Verdict::unknown: {
            std::string reason;
            for (const auto& p : result.partitions) {
                if (p.result.verdict == Verdict::unknown) {
                    reason = p.result.unknown_reason;
                    break;
                }
            }
            if (!s.quiet) std::cout << "unknown: " << reason << " (" << timing << ")\n";
            return kUnknown;
        }
        case Verdict::not_linearizable:
            if (!s.quiet) {
                std::cout << "NOT linearizable (" << ops.size() << " operations";
                if (result.partitions.size() > 1) std::cout << ", " << result.partitions.size() << " keys";
                std::cout << ", " << timing << ")\n";
                for (std::size_t i = 0; i < result.partitions.size(); ++i) {
                    const PartitionResult& p = result.partitions[i];
                    if (p.result.verdict != Verdict::not_linearizable) continue;
                    if (!s.all_failures && i != *result.first_failure) continue;
                    std::vector<Operation> failed;
                    for (const Operation& op : pairing.failed) {
                        if (!s.no_partition && op.key != p.key) continue;
                        failed.push_back(op);
                    }
                    const Explanation explanation = explain(*model, p, failed, limits);
                    std::cout << '\n' << render_failure(*model, p, explanation, read.notation);
                }
            }
            return kNotLinearizable;
    }
    return kUnknown;
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    po::options_description visible(kUsage);
    visible.add_options()
        ("help,h", "show this help")
        ("version", "show the version")
        ("list-models", "list the models, one line each")
        ("model,m", po::value(&s.model)->default_value(s.model), "the object's model (see --list-models)")
        ("format", po::value(&s.format)->default_value(s.format), "auto, json or jsonl")
        ("order", po::value(&s.order)->default_value(s.order),
         "real-time order of events: `file` (their order in the input) or `time` (their `time` field)")
        ("initial", po::value(&s.initial), "the initial state, as JSON (default: the model's, nil for registers)")
        ("nil-read", po::value(&s.nil_read)->default_value(s.nil_read),
         "what an ok read of nil means: `empty` (the register held nothing) or `unknown` (Knossos: no constraint)")
        ("time-limit", po::value(&s.time_limit), "give up (exit 2, unknown) after this many seconds")
        ("memory-limit", po::value(&s.memory_limit_mb), "give up (exit 2, unknown) when the search caches pass this many MiB")
        ("jobs,j", po::value(&s.jobs), "threads checking keys at once (default: all cores)")
        ("all-failures", po::bool_switch(&s.all_failures), "check every key and explain every failing one")
        ("no-partition", po::bool_switch(&s.no_partition),
         "check all keys in one search (slow; for measuring the raw search)")
        ("verbose,v", po::bool_switch(&s.verbose), "print what was read and how the search went, on stderr")
        ("quiet,q", po::bool_switch(&s.quiet), "print nothing; the exit code tells the verdict");
    po::options_description hidden;
    hidden.add_options()("input", po::value(&s.input));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", 1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "lincheck: " << e.what() << "\nTry lincheck --help.\n";
        return kBadUsage;
    }
    if (vm.count("help")) {
        std::cout << visible << '\n';
        return 0;
    }
    if (vm.count("version")) {
        std::cout << "lincheck " LINCHECK_VERSION "\n";
        return 0;
    }
    if (vm.count("list-models")) {
        print_list_models();
        return 0;
    }
    if (s.input.empty()) {
        std::cerr << "lincheck: no history given (a file, or - for standard input)\nTry lincheck --help.\n";
        return kBadUsage;
    }
    if (s.time_limit < 0) {
        std::cerr << "lincheck: --time-limit must not be negative\n";
        return kBadUsage;
    }
    try {
        return run(s);
    } catch (const std::bad_alloc&) {
        std::cerr << "lincheck: out of memory; try --memory-limit to get an `unknown` answer instead\n";
        return kUnknown;
    }
}
