#pragma once
// Lowers (or raises) the number of operations from which a key is searched with the model's
// QueryPruning, on this thread, while it lives: the oracle's histories are smaller than the default
// threshold, and the differential tests must test the pruning too.
#include "lincheck/internal/search_paths.hpp"

namespace lincheck::testing {

// Below the default threshold the pruning also starts at the walk's first step, not after a step an op
// (search_paths.hpp): the oracle's histories are decided long before it.
class QueryPruningFrom {
public:
    explicit QueryPruningFrom(unsigned ops)
        : previous_(detail::query_pruning_min_ops()), previous_at_once_(detail::query_pruning_at_once()) {
        detail::set_query_pruning_min_ops(ops);
        detail::set_query_pruning_at_once(ops < detail::kQueryPruningMinOps);
    }
    ~QueryPruningFrom() {
        detail::set_query_pruning_min_ops(previous_);
        detail::set_query_pruning_at_once(previous_at_once_);
    }
    QueryPruningFrom(const QueryPruningFrom&) = delete;
    QueryPruningFrom& operator=(const QueryPruningFrom&) = delete;

private:
    unsigned previous_;
    bool previous_at_once_;
};

// Every other history of a differential run with the pruning from the first operation.
inline unsigned pruning_threshold_for(int history) { return history % 2 == 0 ? 0 : detail::kQueryPruningMinOps; }

}  // namespace lincheck::testing
