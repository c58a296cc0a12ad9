#pragma once
// Words for people: operations and failures as text.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/diagnose.hpp"
#include "lincheck/window.hpp"

namespace lincheck {

// "read → 5 by process 3 (lines 41–47)"; "write 2 by process 1 (line 12, never completed)".
std::string describe_operation(const Model& model, const Operation& op, Value::Notation notation);

// "lines 41–47", "line 12, indeterminate (info) at line 15", "line 12, never completed"
std::string describe_span(const Operation& op);

// A short paragraph from the search's own counterexample: the operation that could not be placed, how
// far the search got, and the states possible there. Used when no window could be computed.
std::string explain_failure(const Model& model, const PartitionResult& partition, Value::Notation notation);

struct Explanation {
    std::optional<FailureWindow> window;  // nullopt when a limit stopped the analysis
    std::vector<Hint> hints;
};

// Analyses a failing partition: its smallest failing window and diagnosis hints. `failed` are the
// operations of this partition that the log marked `fail`; `other_keys` (optional) the history's other
// partitions, for the hint that a value was written to another key.
Explanation explain(const Model& model, const PartitionResult& partition, std::span<const Operation> failed,
                    const CheckLimits& limits = {}, std::span<const PartitionResult> other_keys = {});

// The text report of one failing partition: the op that cannot be placed and the states possible
// there, the window in real-time order, hints, and an ASCII timeline (lines fit `width` columns).
std::string render_failure(const Model& model, const PartitionResult& partition, const Explanation& explanation,
                           Value::Notation notation, std::size_t width = 100);

}  // namespace lincheck
