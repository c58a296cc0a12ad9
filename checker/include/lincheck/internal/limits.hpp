#pragma once
// The small rules about limits and threads, stated once for the checker, the formats and the CLI
// (lincheck's own; not installed).
#include <atomic>
#include <cstddef>

#include "lincheck/check.hpp"

namespace lincheck {

// The small-history threshold (internal::kParallelFrom) and the thread clamp (usable_threads) are in
// lincheck/internal/check_knobs.hpp.

// Whether the caller asked the searches to stop (CheckLimits::cancel or CheckLimits::stop). The
// deadline and the memory limit are the searches' own tests.
inline bool stopped(const CheckLimits& limits) {
    return (limits.cancel && limits.cancel->load(std::memory_order_relaxed)) || (limits.stop && limits.stop());
}

}  // namespace lincheck
