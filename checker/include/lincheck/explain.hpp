#pragma once
// Words for people: operations and failures as text.
#include <string>

#include "lincheck/check.hpp"

namespace lincheck {

// "read → 5 by process 3 (lines 41–47)"; "write 2 by process 1 (line 12, never completed)".
std::string describe_operation(const Model& model, const Operation& op, Value::Notation notation);

// A paragraph on why a partition is not linearizable: the operation that could not be placed, how far
// the search got, and the states that were possible there.
std::string explain_failure(const Model& model, const PartitionResult& partition, Value::Notation notation);

}  // namespace lincheck
