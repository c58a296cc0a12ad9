#pragma once
// What the CLI does with a failing partition (window, hints, the text report), run by the properties
// for coverage: it must not crash, whatever it says.
#include <span>

#include "lincheck/check.hpp"
#include "lincheck/model.hpp"

namespace lincheck::fuzz::detail {

// 50 ms and 32 MiB: the properties' histories are small, and a limit may only turn an answer unknown.
CheckLimits small_limits();

// `failed`: the history's failed operations (those of other keys are left out).
void explain_failure_of(const Model& model, const PartitionResult& partition, std::span<const Operation> failed,
                        Value::Notation notation);

}  // namespace lincheck::fuzz::detail
