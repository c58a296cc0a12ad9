#pragma once
// What the command line asked for.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lincheck::cli {

// --shard K/N: this run checks the K-th of N deterministic parts (1 <= K <= N).
struct Shard {
    std::size_t index = 1;  // K, 1-based
    std::size_t count = 1;  // N
};

struct Settings {
    std::string input;                // the history, in single-history mode (inputs[0])
    std::vector<std::string> inputs;  // every HISTORY argument, in command-line order
    bool recursive = false;           // directories among the inputs stand for every file under them
    std::string model;  // empty: guessed from the history's operations
    std::string format = "auto";
    std::string independent = "auto";
    bool allow_truncated = false;
    std::string order = "file";
    std::string initial;
    std::string nil_read = "empty";
    double time_limit = 0;
    std::size_t memory_limit_mb = 0;
    unsigned jobs = 0;
    bool all_failures = false;
    bool no_partition = false;
    std::string engine = "auto";  // auto | search | fast (docs/engines.md)
    bool verbose = false;
    bool quiet = false;
    std::optional<Shard> shard;
    std::string json_report;   // path, or empty
    std::string html_report;   // path, or empty
    std::string junit_report;  // path, or empty

    // Many histories (several inputs, or --recursive): a summary table instead of one report.
    bool batch() const { return recursive || inputs.size() > 1; }
};

// Parses argv. Returns the settings, or sets `exit_code` (0 after --help/--version/--list-models, 4 on a
// bad command line) and returns nullopt.
std::optional<Settings> parse_command_line(int argc, char** argv, int& exit_code);

// Parses "K/N" (1 <= K <= N); nullopt when it is not that.
std::optional<Shard> parse_shard(const std::string& text);

}  // namespace lincheck::cli
