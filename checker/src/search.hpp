#pragma once
// The search with the options the explanation needs; check_operations is its everyday front.
#include <span>
#include <vector>

#include "lincheck/check.hpp"

namespace lincheck::detail {

struct SearchRequest {
    // Start from each of these states (empty: the model's initial state).
    std::vector<Value> initial_states;
    // Do not stop at the first linearization: explore them all and report, in
    // CheckResult::final_states, every state in which one can end.
    bool collect_final_states = false;
};

CheckResult search(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                   const SearchRequest& request);

}  // namespace lincheck::detail
