#pragma once
// The small rules about limits and threads, stated once for the checker, the formats and the CLI
// (lincheck's own; not installed).
#include <atomic>
#include <cstddef>

#include "lincheck/check.hpp"

namespace lincheck {

// Fewer operations than this are checked (and validated) on the calling thread whatever --jobs says:
// waking workers costs about a millisecond, more than checking them. HistoryOptions::parallel_from's
// default, which tests lower to 0.
inline constexpr std::size_t kParallelFrom = HistoryOptions{}.parallel_from;

// Whether the caller asked the searches to stop (CheckLimits::cancel or CheckLimits::stop). The
// deadline and the memory limit are the searches' own tests.
inline bool stopped(const CheckLimits& limits) {
    return (limits.cancel && limits.cancel->load(std::memory_order_relaxed)) || (limits.stop && limits.stop());
}

// Every clamp of a thread count (--jobs, 0 for all cores) goes through usable_threads (check.hpp).

}  // namespace lincheck
