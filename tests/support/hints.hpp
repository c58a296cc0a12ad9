#pragma once
// The diagnosis hints a failing history gets, as "code: text" lines, for model tests.
#include <string>
#include <vector>

#include "lincheck/explain.hpp"
#include "support/history_builder.hpp"

namespace lincheck::testing {

inline std::vector<std::string> hints_for(const H& h, const std::string& model_name, const ModelOptions& options = {}) {
    const auto model = make_model(model_name, options);
    PairingStats stats;
    const auto ops = pair_events(h.events(), {}, &stats);
    const auto result = check_history(*model, ops);
    if (result.verdict != Verdict::not_linearizable) return {"<linearizable>"};
    const auto explanation = explain(*model, result.partitions[*result.first_failure], stats.failed);
    std::vector<std::string> hints;
    for (const auto& hint : explanation.hints) hints.push_back(hint.code + ": " + hint.text);
    return hints;
}

}  // namespace lincheck::testing
