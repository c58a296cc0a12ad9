#pragma once
// Jepsen store directories: `store/<test>/<timestamp>/` holds one run's history.edn and/or history.txt,
// results.edn, jepsen.log, test.fressian / test.jepsen, plots, node logs and per-key subdirectories,
// and the store has `latest` / `current` links to runs. A run is checked once, through one history.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lincheck::cli {

// Whether `dir` is a Jepsen run directory: it holds one of the files only a Jepsen run writes
// (results.edn, test.fressian, test.jepsen, jepsen.log). A history.edn alone does not make one.
bool is_jepsen_run(const std::filesystem::path& dir);

// The history to check in a run: history.edn, else history.txt, else jepsen.log; nothing when it has
// none of them.
std::optional<std::filesystem::path> run_history(const std::filesystem::path& dir);

// What else is in the run (file and directory names, sorted), for -v.
std::vector<std::string> run_others(const std::filesystem::path& dir, const std::optional<std::filesystem::path>& history);

}  // namespace lincheck::cli
