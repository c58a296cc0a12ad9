#pragma once
// What the command line asked for.
#include <cstddef>
#include <optional>
#include <string>

namespace lincheck::cli {

struct Settings {
    std::string input;
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
    bool verbose = false;
    bool quiet = false;
    std::string json_report;  // path, or empty
    std::string html_report;  // path, or empty
};

// Parses argv. Returns the settings, or sets `exit_code` (0 after --help/--version/--list-models, 4 on a
// bad command line) and returns nullopt.
std::optional<Settings> parse_command_line(int argc, char** argv, int& exit_code);

}  // namespace lincheck::cli
