#pragma once
// The words every report uses for an outcome, defined once: the exit codes' names in the JSON reports
// and JUnit, their words for people in the text reports and the batch table, and which outcome is worse.
#include <string>

#include "lincheck/check.hpp"

namespace lincheck::cli {

// The exit code a verdict gives (0, 1 or 2).
int exit_code_of(Verdict verdict);
// "linearizable", "not_linearizable", "unknown", "bad_input", "bad_usage" (the JSON reports' words).
std::string outcome_name(int exit_code);
// "linearizable", "NOT linearizable", "unknown", "bad input", "bad usage" (the words for people).
std::string outcome_text(int exit_code);
// The JSON reports' word for a verdict (outcome_name of its exit code).
inline std::string verdict_name(Verdict verdict) { return outcome_name(exit_code_of(verdict)); }
// The worse of two exit codes: 4 (bad usage), then 3 (bad input), then 1 (not linearizable), then
// 2 (unknown), then 0 (linearizable).
int worse(int a, int b);

}  // namespace lincheck::cli
