#pragma once
// The small rules about limits and threads, stated once for the checker, the formats and the CLI
// (lincheck's own; not installed).
#include <atomic>
#include <cstddef>

#include "lincheck/check.hpp"
#include "lincheck/internal/check_knobs.hpp"

namespace lincheck {

// Whether the caller asked the searches to stop (CheckLimits::cancel or CheckLimits::stop). The
// deadline and the memory limit are the searches' own tests.
inline bool stopped(const CheckLimits& limits) {
    return (limits.cancel && limits.cancel->load(std::memory_order_relaxed)) || (limits.stop && limits.stop());
}

// The other shared rules are in check_knobs.hpp: kParallelFrom (small histories stay on the calling
// thread) and usable_threads, through which every clamp of a thread count (--jobs) goes.

}  // namespace lincheck
