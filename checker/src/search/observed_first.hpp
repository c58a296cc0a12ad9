#pragma once
// Candidate order for indeterminate operations (issue 17): an indeterminate op is tried after every
// completed one, as it may never have happened. But when its written value, written by no other op,
// is observed by a completed op (a read of it, a cas from it, a dequeue of it), it must have taken
// effect before that op returned: it is then tried as if it returned just before its first observer.
// Registers with unique values and 30% crashed operations explored thousands of configurations
// before a read that needed a crashed write found it. Only the order changes, never the verdict.
// The model's answers (written_value, observed_value, observed_elements) are the step memo's, per
// kind, as ids of values: a table indexed by those ids replaces a hash map of values per search.
#include <vector>

#include "common.hpp"
#include "entry_list.hpp"
#include "kinds.hpp"
#include "step_memo.hpp"

namespace lincheck::detail::wgl {

class ObservedFirst {
public:
    void apply(StepMemo& memo, const Kinds& kinds, EntryList& entries);
    std::size_t capacity_bytes() const { return held(written_) + held(touched_); }

private:
    struct Written {
        std::uint32_t op = 0;
        std::uint32_t writers = 0;    // 0: no indeterminate op writes the value
        std::uint64_t observed = 0;   // the earliest return entry of an op observing it; 0 for none
    };
    std::vector<Written> written_;        // by hook value id; all zero between searches
    std::vector<std::uint32_t> touched_;  // the ids set in this search
};

}  // namespace lincheck::detail::wgl
