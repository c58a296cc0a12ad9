#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "exit_codes.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/models.hpp"
#include "safe_text.hpp"
#include "settings.hpp"

namespace po = boost::program_options;

namespace lincheck::cli {

namespace {

constexpr const char* kUsage = R"(Usage: lincheck [options] HISTORY...
       lincheck merge [--json FILE] [--junit FILE] [-q] REPORT...
Checks that a history of concurrent operations is linearizable against a model.
HISTORY is a file, or - for standard input: JSON or JSON Lines events, Jepsen EDN
(history.edn, Knossos), Jepsen text logs, or operation records; the format is told
from the content. Several histories (or --recursive DIR) are checked in parallel
and summed up in one table. `lincheck merge` combines --json reports of shards.

Exit codes:
  0  linearizable
  1  not linearizable (an explanation is printed)
  2  unknown: a time or memory limit was reached before the search could decide
  3  bad input: the history cannot be read or makes no sense (file:line:column)
  4  bad usage: wrong command line
With several histories, the worst outcome: 4, then 3, then 1, then 2, then 0.

Options)";

// --initial: JSON first, EDN otherwise. Says why not on stderr and returns false when it is neither.
bool read_initial(const std::string& text, std::optional<Value>& initial) {
    try {
        initial = formats::read_value(text, Value::Notation::json);
        return true;
    } catch (const InputError&) {
    }
    try {
        initial = formats::read_value(text, Value::Notation::edn);
        return true;
    } catch (const InputError& e) {
        std::cerr << display_text("lincheck: --initial " + text + ": not a JSON or EDN value (" + e.what() + ")\n");
        return false;
    }
}

void print_models() {
    for (const ModelInfo& info : all_models()) {
        std::printf("%-16s %.*s\n", std::string(info.name).c_str(), static_cast<int>(info.summary.size()),
                    info.summary.data());
    }
}

}  // namespace

std::optional<Settings> parse_command_line(int argc, char** argv, int& exit_code) {
    Settings s;
    // Options with words or optional numbers are read as text first, then checked and typed below.
    std::string format = "auto", independent = "auto", order = "file", initial, nil_read = "empty", engine = "auto";
    double time_limit = 0;
    std::size_t memory_limit_mib = 0;
    po::options_description visible(kUsage);
    visible.add_options()
        ("help,h", "show this help")
        ("version", "show the version")
        ("list-models", "list the models, one line each")
        ("model,m", po::value(&s.model),
         "the object's model (see --list-models); by default guessed from the operations, cas-register when unsure")
        ("format", po::value(&format)->default_value(format), "auto, json, jsonl, edn, jepsen-log, jepsen-txt or records")
        ("independent", po::value(&independent)->default_value(independent),
         "where keys come from: auto, tuples (Jepsen [key value] values), field (a `key` field) or none")
        ("allow-truncated", po::bool_switch(&s.allow_truncated),
         "accept a history whose last event was cut off (a crashed writer), without that event")
        ("order", po::value(&order)->default_value(order),
         "real-time order of events: `file` (their order in the input) or `time` (their `time` field)")
        ("initial", po::value(&initial),
         "the initial state, as JSON or EDN, e.g. 0 or '{:x 0 :y 0}' (default: the model's; nil for registers)")
        ("nil-read", po::value(&nil_read)->default_value(nil_read),
         "what an ok read of nil means: `empty` (the register held nothing) or `unknown` (Knossos: no constraint)")
        ("time-limit", po::value(&time_limit),
         "give up (exit 2, unknown) after this many seconds, counted from the start (reading counts, and "
         "stops at the limit too); no limit when not given (0 is refused)")
        ("memory-limit", po::value(&memory_limit_mib),
         "give up (exit 2, unknown) when the search caches pass this many MiB; when not given, a default "
         "budget: the smallest of half the physical memory and what the cgroup limit, RLIMIT_AS and "
         "RLIMIT_DATA leave (-v names it; 0 is refused)")
        ("jobs,j", po::value(&s.jobs), "threads checking keys at once (default: all cores)")
        ("all-failures", po::bool_switch(&s.all_failures), "check every key and explain every failing one")
        ("no-partition", po::bool_switch(&s.no_partition),
         "check all keys in one search (slow; for measuring the raw search; keyed histories only with kv)")
        ("engine", po::value(&engine)->default_value(engine),
         "what decides each key: `auto` (a fast engine where it applies and the key has 256+ operations, "
         "else the search), `search`, or `fast` (a fast engine wherever it applies; docs/engines.md)")
        ("recursive,r", po::bool_switch(&s.recursive),
         "check every file under the DIRs given (sorted; names starting with . skipped), as a batch")
        ("shard", po::value<std::string>(),
         "check only part K of N (e.g. 2/8): of the files in a batch, or of the keys of one history; "
         "lincheck merge joins the parts' --json reports (docs/scale-out.md)")
        ("json", po::value(&s.json_report), "also write a machine-readable report to this file (docs/report-schema.md)")
        ("junit", po::value(&s.junit_report), "also write JUnit XML to this file: one test case per history")
        ("html", po::value(&s.html_report), "also write a self-contained HTML report with a timeline to this file (for many histories, one page "
         "with a table linking each failure)")
        ("verbose,v", po::bool_switch(&s.verbose), "print what was read and how the search went, on stderr")
        ("quiet,q", po::bool_switch(&s.quiet), "print nothing; the exit code tells the verdict");
    po::options_description hidden;
    hidden.add_options()("input", po::value(&s.inputs));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << display_text(std::string("lincheck: ") + e.what() + "\nTry lincheck --help.\n");
        exit_code = kBadUsage;
        return std::nullopt;
    }
    exit_code = 0;
    if (vm.count("help")) {
        std::cout << visible << '\n';
        return std::nullopt;
    }
    if (vm.count("version")) {
        std::cout << "lincheck " LINCHECK_VERSION "\n";
        return std::nullopt;
    }
    if (vm.count("list-models")) {
        print_models();
        return std::nullopt;
    }
    exit_code = kBadUsage;
    if (s.inputs.empty()) {
        std::cerr << "lincheck: no history given (a file, or - for standard input)\nTry lincheck --help.\n";
        return std::nullopt;
    }
    s.input = s.inputs.front();
    if (std::count(s.inputs.begin(), s.inputs.end(), std::string("-")) > 1) {
        std::cerr << "lincheck: standard input (-) can be read only once\n";
        return std::nullopt;
    }
    if (vm.count("shard")) {
        s.shard = parse_shard(vm["shard"].as<std::string>());
        if (!s.shard) {
            std::cerr << display_text("lincheck: --shard takes K/N with 1 <= K <= N, e.g. 2/8, not `" +
                                      vm["shard"].as<std::string>() + "`\n");
            return std::nullopt;
        }
        if (!s.batch() && s.no_partition) {
            std::cerr << "lincheck: --shard splits one history by key; --no-partition checks all keys at once\n";
            return std::nullopt;
        }
    }
    // 0 is refused rather than read as "no limit": it reads as "give up at once" just as well.
    if (vm.count("time-limit") && !(time_limit > 0)) {
        std::cerr << "lincheck: --time-limit takes a positive number of seconds; leave it out for no time limit\n";
        return std::nullopt;
    }
    constexpr std::size_t kMostMiB = std::size_t{1} << 40;  // 1 EiB: anything more is a typo (or a wrapped -1)
    if (vm.count("memory-limit") && (memory_limit_mib == 0 || memory_limit_mib > kMostMiB)) {
        std::cerr << "lincheck: --memory-limit takes a positive number of MiB; leave it out for the default budget "
                     "(-v names it)\n";
        return std::nullopt;
    }
    if (vm.count("time-limit")) s.time_limit_s = time_limit;
    if (vm.count("memory-limit")) s.memory_limit_mib = memory_limit_mib;
    if (nil_read != "empty" && nil_read != "unknown") {
        std::cerr << display_text("lincheck: --nil-read takes `empty` or `unknown`, not `" + nil_read + "`\n");
        return std::nullopt;
    }
    s.nil_read = nil_read == "unknown" ? NilRead::unknown : NilRead::empty;
    if (engine != "auto" && engine != "search" && engine != "fast") {
        std::cerr << display_text("lincheck: --engine takes `auto`, `search` or `fast`, not `" + engine + "`\n");
        return std::nullopt;
    }
    s.engine = engine == "search" ? Engine::search : engine == "fast" ? Engine::fast : Engine::automatic;
    if (order != "file" && order != "time") {
        std::cerr << display_text("lincheck: --order takes `file` or `time`, not `" + order + "`\n");
        return std::nullopt;
    }
    s.order = order == "time" ? Order::time : Order::file;
    try {
        s.format = formats::format_from_name(format);
        s.independent = formats::key_convention_from_name(independent);
    } catch (const std::invalid_argument& e) {
        std::cerr << display_text(std::string("lincheck: ") + e.what() + '\n');
        return std::nullopt;
    }
    if (!initial.empty() && !read_initial(initial, s.initial)) return std::nullopt;
    exit_code = 0;
    return s;
}

std::string_view format_name(formats::Format format) {
    return format == formats::Format::detect ? "auto" : formats::to_string(format);
}

std::string_view order_name(Order order) { return order == Order::time ? "time" : "file"; }

std::string_view nil_read_name(NilRead nil_read) { return nil_read == NilRead::unknown ? "unknown" : "empty"; }

std::optional<Shard> parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) return std::nullopt;
    auto number = [](const std::string& digits) -> std::optional<std::size_t> {
        if (digits.empty() || digits.size() > 9) return std::nullopt;
        std::size_t n = 0;
        for (const char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
            n = n * 10 + static_cast<std::size_t>(c - '0');
        }
        return n;
    };
    const auto k = number(text.substr(0, slash));
    const auto n = number(text.substr(slash + 1));
    if (!k || !n || *k < 1 || *k > *n) return std::nullopt;
    return Shard{*k, *n};
}

}  // namespace lincheck::cli
