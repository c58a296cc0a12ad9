#pragma once
// The smallest failing window of a non-linearizable history: where, in real time, it first goes wrong,
// and the shortest stretch before that point which — started from every state the earlier history
// allows — still cannot be linearized.
//
// Definitions (indices refer to the ops given):
//  - The failing op X is the completed operation with the earliest completion such that the history up
//    to X's completion cannot be linearized (operations still running then may or may not have taken
//    effect). Before X completes, everything is still explainable.
//  - The states before X: every state that some legal sequence of operations which may precede X can
//    leave, where the sequence contains every operation that returned before X was invoked, may contain
//    any other operation invoked before X completed (those still running then with unknown results),
//    and places an operation only after every operation that returned before it was invoked. These are
//    exactly the states X could meet when it takes effect, whatever the rest of the history did.
//  - When X can take effect in none of the states before it, the window is X alone, from those states:
//    nothing else is needed to see the failure.
//  - Otherwise, a cut at instant t splits operations into: those that completed before t; those running
//    across t (they may take effect on either side — the window treats them as optional); and those
//    invoked between t and X's completion. The start states are every state a linearization of the
//    operations before t (with the running ones optional) can end in. The cut window is the running and
//    the later operations; operations still running when X completes are optional in it. The cut is the
//    latest one that still fails: starting one operation later, the window can be linearized from its
//    start states.
//  - The window is the cut window shrunk, from the same start states, to a set K of its completed
//    operations (X among them) and a set O of its indeterminate ones, where:
//      (a) the cut window with every completed operation outside K made indeterminate (it may or may
//          not take effect, at any time after its invocation) cannot be linearized: K cannot all be,
//          whatever the window's other operations did;
//      (b) K is 1-minimal: making any one of K other than X indeterminate too lets it be linearized;
//      (c) O are the indeterminate operations (running across the cut or X's completion, or demoted
//          by (a)) that K without X needs to be explained, and no others: dropping any one of O means
//          K and the rest of O, with X indeterminate, can no longer be linearized. They are context.
//    The window K + O itself fails (it has fewer choices than (a)) and with X indeterminate can be
//    linearized: X is its failing operation. Why not "dropping any one operation makes it pass":
//    dropping an indeterminate operation only removes choices, so it never makes a failing window
//    pass; and dropping the write of the value a read saw makes that read fail for another reason.
// Making operations optional only ever adds freedom, so a failing window is a true witness: it alone,
// from those states, cannot be explained, whatever the rest of the history did.
#include <optional>
#include <span>
#include <vector>

#include "lincheck/check.hpp"

namespace lincheck {

struct FailureWindow {
    std::size_t failing_op = 0;             // X
    std::uint64_t cut = 0;                  // the instant (an invocation's position) the window starts at
    std::vector<std::size_t> ops;           // the window's operations, in call order (X among them)
    std::vector<std::size_t> optional_ops;  // those of `ops` that may or may not take effect in it
    std::vector<Value> start_states;        // every state the history before the window allows
    // The states before X (see above); empty when a limit stopped their search (never a guess).
    std::vector<Value> states_before;
    bool states_before_known = false;
    // True when the window is X alone, from the states before it (X can take effect in none of them);
    // false when it is the latest failing cut's.
    bool failing_op_alone = false;
    std::size_t cut_size = 0;               // operations in the cut window before shrinking (0 when X alone)
    bool minimal = true;                    // false when a limit stopped the shrinking early (still true)
};

// The states before ops[x] (defined above), for any completed op x; nullopt when a limit stopped the search.
std::optional<std::vector<Value>> states_before(const Model& model, std::span<const Operation> ops, std::size_t x,
                                                const CheckLimits& limits = {});

// nullopt when the history is linearizable or a limit stopped the search before it knew. `fails_by`
// (optional): a completed op the caller believes the history up to whose completion fails — the
// search's stuck op; it is checked, and only makes finding X quicker.
std::optional<FailureWindow> find_failure_window(const Model& model, std::span<const Operation> ops,
                                                 const CheckLimits& limits = {},
                                                 std::optional<std::size_t> fails_by = std::nullopt);

}  // namespace lincheck
