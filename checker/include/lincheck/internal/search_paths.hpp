#pragma once
#include <cstdint>
// A test knob of the search (not installed): searches of at most 64 operations take the small path
// (checker/src/search/configs.hpp: the set of linearized ops in one word, a flat cache) unless a test
// turns it off on its thread, to compare the two paths (tests/search_paths_test.cpp).
// A second knob: keys of fewer than 16 operations, at most 6 of them open at once, are searched without
// the model's QueryPruning (it costs more than it saves there); the differential tests against the oracle, whose histories are that
// small, set the threshold to 0 on their thread so that the pruning is tested too.
namespace lincheck::detail {

void allow_small_path(bool allowed);
bool small_path_allowed();

inline constexpr unsigned kQueryPruningMinOps = 16;
void set_query_pruning_min_ops(unsigned ops);
unsigned query_pruning_min_ops();
// A third: on keys of fewer than 4,096 operations the QueryPruning is set up only once the walk has
// spent as many steps as the key has operations off the stack it holds (most are decided before, and
// its set-up cost them more than the search: the etcd logs' check took 1.3x as long); tests that want
// it from the first step say so here. query_pruning_setups counts the set-ups on this thread.
void set_query_pruning_at_once(bool at_once);
bool query_pruning_at_once();
std::uint64_t query_pruning_setups();
// A queue's shortcuts (checker/src/search/prunings.cpp): the dominance among crashed ops
// (Search::dominated, forced_dequeue) and the configuration cache's states cut to the elements the
// dequeues left can reach (Search::cache_state). On unless a test turns them off on this thread
// (tests/fifo_dominance_test.cpp compares).
void set_fifo_shortcuts(bool crashed_ops, bool tails);

}  // namespace lincheck::detail
