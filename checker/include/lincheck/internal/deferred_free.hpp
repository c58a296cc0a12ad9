#pragma once
// Freeing a large search's memory can take longer than a time limit allows: millions of model states
// and transitions, freed one by one, took 0.9 s after a 3 s limit on a loaded machine. A search that
// ends at or near its deadline therefore leaves its memory here instead of freeing it, and returns at
// once. The memory is freed by lincheck::release_search_memory(), by the next search that has time
// for it (none of its own deadline, or one far enough away), or by the process's exit. Reading that
// stops at its deadline leaves the part it read here the same way: a line-based file's pieces
// (formats/src/read_in_pieces.cpp), a single document's events (formats/src/event_builder.hpp).
#include <cstddef>
#include <functional>

#include "lincheck/check.hpp"

namespace lincheck::detail {

// Whether freeing `bytes` now would likely end after `limits`' deadline (a rough, cautious estimate
// of what freeing costs on a loaded machine).
bool should_defer_freeing(const CheckLimits& limits, std::size_t bytes);

// Keeps `free` (which frees about `bytes`) to be called later.
void defer_freeing(std::size_t bytes, std::function<void()> free);

// Frees what was deferred if `limits` leave ample time for it; cheap when nothing was.
void free_deferred_if_time(const CheckLimits& limits);

// The bytes deferred and not freed yet (for tests).
std::size_t deferred_bytes();

}  // namespace lincheck::detail
