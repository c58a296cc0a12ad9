#pragma once
// Shrinking a failing window operation by operation (lincheck/window.hpp says what the result means).
#include <optional>
#include <vector>

#include "lincheck/check.hpp"
#include "search.hpp"

namespace lincheck::detail {

// One operation of a window as the window's search sees it.
struct WindowOp {
    Operation op;         // as in the window: already indeterminate when `optional`
    std::size_t origin;   // its index in the history
    bool optional;        // may or may not take effect in the window
};

// The search, but one not begun once the deadline has passed: each of the analysis's many searches
// (window.hpp) then stops it at once, also a small one that would finish before the search's own
// polling looks at the clock (so a budget of 0 stops the analysis before its first search).
CheckResult search_in_time(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                           const SearchRequest& request);

// Shrinks `ops`, a window that cannot be linearized from any of `start` but can with `ops[x]` made
// indeterminate, to the window lincheck/window.hpp defines: the completed operations kept are 1-minimal
// (with every other one indeterminate, the window fails; also demoting any one kept lets it pass), and
// of the indeterminate ones only those the operations other than ops[x] need to be explained remain.
// Each step keeps the window failing, so it is a true one at any point. Returns false when a limit or
// the step budget stopped it early (the window is then still true, but perhaps not minimal).
bool shrink_window(const Model& model, std::vector<WindowOp>& ops, std::size_t x, const std::vector<Value>& start,
                   const CheckLimits& limits);

}  // namespace lincheck::detail
