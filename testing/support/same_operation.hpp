#pragma once
// Field-by-field equality of positions and operations, for tests and fuzz invariants that compare two
// ways of producing the same operations (Operation has no operator==: the checker never needs one).
#include "lincheck/history.hpp"

namespace lincheck::testing {

inline bool same_pos(const SourcePos& a, const SourcePos& b) {
    return a.line == b.line && a.column == b.column && a.event_index == b.event_index;
}

inline bool same_operation(const Operation& a, const Operation& b) {
    return a.process == b.process && a.f == b.f && a.value == b.value && a.key == b.key && a.outcome == b.outcome &&
           a.value_missing == b.value_missing && a.completion_differs == b.completion_differs &&
           a.call == b.call && a.ret == b.ret && same_pos(a.invoke_pos, b.invoke_pos) &&
           same_pos(a.complete_pos, b.complete_pos);
}

}  // namespace lincheck::testing
