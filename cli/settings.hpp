#pragma once
// What the command line asked for, typed: parse_command_line (options.cpp) reads and checks every
// option once; nothing later reads an option's text again.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/value.hpp"

namespace lincheck::cli {

// --shard K/N: this run checks the K-th of N deterministic parts (1 <= K <= N).
struct Shard {
    std::size_t index = 1;  // K, 1-based
    std::size_t count = 1;  // N
};

// --order: the real-time order of events.
enum class Order { file, time };
// --nil-read: what an ok read of nil means.
enum class NilRead { empty, unknown };

struct Settings {
    std::string input;                // the history, in single-history mode (inputs[0])
    std::vector<std::string> inputs;  // every HISTORY argument, in command-line order
    bool recursive = false;           // directories among the inputs stand for every file under them
    std::string model;  // a registry name (checked by prepare_run); empty: guessed from the operations
    formats::Format format = formats::Format::detect;
    formats::KeyConvention independent = formats::KeyConvention::detect;
    bool allow_truncated = false;
    Order order = Order::file;
    std::optional<Value> initial;  // --initial, read as JSON or else EDN
    NilRead nil_read = NilRead::empty;
    std::optional<double> time_limit_s;            // given: > 0
    std::optional<std::size_t> memory_limit_mib;   // given: > 0
    unsigned jobs = 0;  // 0: all cores
    bool all_failures = false;
    bool no_partition = false;
    Engine engine = Engine::automatic;  // docs/engines.md
    bool verbose = false;
    bool quiet = false;
    std::optional<Shard> shard;
    std::string json_report;   // path, or empty
    std::string html_report;   // path, or empty
    std::string junit_report;  // path, or empty

    // Many histories (several inputs, or --recursive): a summary table instead of one report.
    bool batch() const { return recursive || inputs.size() > 1; }
};

// The words the options are spelled with on the command line and in the reports' `options`.
std::string_view format_name(formats::Format format);  // "auto" for detect
std::string_view order_name(Order order);              // "file", "time"
std::string_view nil_read_name(NilRead nil_read);      // "empty", "unknown"

// Parses argv. Returns the settings, or sets `exit_code` (0 after --help/--version/--list-models, 4 on a
// bad command line, the reason printed on stderr) and returns nullopt.
std::optional<Settings> parse_command_line(int argc, char** argv, int& exit_code);

// Parses "K/N" (1 <= K <= N); nullopt when it is not that.
std::optional<Shard> parse_shard(const std::string& text);

}  // namespace lincheck::cli
