#pragma once
// Words for people: operations and failures as text.
#include <chrono>
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
    // Empty when the analysis finished; otherwise what stopped it before it found the window, or before
    // the window was minimised, in words: "the explanation's budget of 10 s ran out".
    std::string stopped_by;
};

// The analysis searches many sub-histories (window.hpp): without a deadline in its limits (no
// --time-limit) it gets this budget of its own, so that it cannot run far longer than the check (issue
// 17: 290 s on a 144,734-operation key the check decided at once).
inline constexpr std::chrono::milliseconds kExplainBudget{10'000};

// Analyses a failing partition: its smallest failing window and diagnosis hints. `failed` are the
// operations of this partition that the log marked `fail`; `other_keys` (optional) the history's other
// partitions, for the hint that a value was written to another key. `budget`: how long the analysis
// may take when `limits` has no deadline (kExplainBudget when not given).
Explanation explain(const Model& model, const PartitionResult& partition, std::span<const Operation> failed,
                    const CheckLimits& limits = {}, std::span<const PartitionResult> other_keys = {},
                    std::optional<std::chrono::steady_clock::duration> budget = std::nullopt);

// The text report of one failing partition: the op that cannot be placed and the states possible
// there, the window in real-time order, hints, and an ASCII timeline (lines fit `width` columns).
// `other_keys` (optional, as given to explain): the timeline then also draws the other keys' operations
// a hint names (`other-key`: the write of the value read, to another key), labelled with their key.
std::string render_failure(const Model& model, const PartitionResult& partition, const Explanation& explanation,
                           Value::Notation notation, std::size_t width = 100,
                           std::span<const PartitionResult> other_keys = {});

}  // namespace lincheck
