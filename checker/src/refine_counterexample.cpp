// A failure's counterexample searched again without the model's QueryPruning and the queue's
// shortcuts (check.hpp).
#include <algorithm>

#include "search.hpp"

namespace lincheck {

bool refine_counterexample(const Model& model, std::span<const Operation> ops, CheckResult& result,
                           const CheckLimits& limits) {
    if (result.verdict != Verdict::not_linearizable || !result.counterexample) return false;
    // Searched again when the search dropped configurations as hopeless, or may have skipped some by the
    // queue's shortcuts (a queue model: FifoPruning).
    if (!result.counterexample->witness.empty() || (result.stats.hopeless_dropped == 0 && !model.fifo_pruning())) return false;
    // A bound of its own, deterministic: the pruned search's cache times 4, at least 4 MiB.
    constexpr std::size_t kFloorBytes = std::size_t{4} << 20;
    CheckLimits bounded = limits;
    bounded.memory_budget = nullptr;
    bounded.memory_limit_bytes = std::max(kFloorBytes, 4 * result.stats.cache_bytes);
    if (limits.memory_limit_bytes != 0) bounded.memory_limit_bytes = std::min(bounded.memory_limit_bytes, limits.memory_limit_bytes);
    detail::SearchRequest plain;
    plain.query_pruning = false;
    CheckResult r = detail::search(model, ops, bounded, plain);
    if (r.verdict != Verdict::not_linearizable || !r.counterexample) return false;
    result.counterexample = std::move(r.counterexample);
    return true;
}

}  // namespace lincheck
