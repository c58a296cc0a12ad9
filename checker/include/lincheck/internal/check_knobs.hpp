#pragma once
// Knobs of check_history for lincheck's own CLI, tests and benchmarks (not installed; may change).
#include <cstddef>

namespace lincheck {

// The threads a `jobs` setting gives: 0 means all cores, and never more than the cores (TBB would
// refuse the extra workers anyway, with a warning on stderr).
unsigned usable_threads(unsigned jobs);

namespace internal {

// Histories of fewer operations than this are validated, split and checked on the calling thread
// whatever HistoryOptions::jobs says: starting threads costs more than checking them (about a
// millisecond).
inline constexpr std::size_t kParallelFrom = 2000;

// While one lives, check_history on this thread checks the keys of histories of `ops` operations or
// more on threads (tests set 0, to check small histories on threads); before, kParallelFrom.
class ParallelFromScope {
public:
    explicit ParallelFromScope(std::size_t ops);
    ~ParallelFromScope();
    ParallelFromScope(const ParallelFromScope&) = delete;
    ParallelFromScope& operator=(const ParallelFromScope&) = delete;

private:
    std::size_t previous_;
};

// What the innermost ParallelFromScope of this thread says (kParallelFrom without one).
std::size_t parallel_from();

}  // namespace internal

}  // namespace lincheck
