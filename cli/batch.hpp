#pragma once
// Many histories in one run (batch mode) and the merge of shards' reports: one row per history
// (report.hpp's FileOutcome), a summary table, the explanations of failures, the worst exit code.
#include "report.hpp"
#include "report_words.hpp"
#include "settings.hpp"
#include "writers/writers.hpp"

namespace lincheck::cli {

// lincheck HISTORY HISTORY... or --recursive DIR: checks every history, returns the worst exit code.
int run_batch(const Settings& settings);
// lincheck merge REPORT...: argv[0] is "merge".
int run_merge(int argc, char** argv);

}  // namespace lincheck::cli
