#include "common/explain_failure.hpp"

#include <chrono>
#include <vector>

#include "lincheck/explain.hpp"

namespace lincheck::fuzz::detail {

CheckLimits small_limits() {
    CheckLimits limits;
    limits.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
    limits.memory_limit_bytes = std::size_t{32} << 20;
    return limits;
}

// Explains a failing partition as the CLI does (window, hints, the text report), for coverage.
void explain_failure_of(const Model& model, const PartitionResult& partition,
                        std::span<const Operation> failed, Value::Notation notation) {
    std::vector<Operation> mine;
    for (const Operation& op : failed) {
        if (op.key == partition.key) mine.push_back(op);
    }
    const Explanation explanation = explain(model, partition, mine, small_limits());
    (void)render_failure(model, partition, explanation, notation);
    (void)explain_failure(model, partition, notation);
}

}  // namespace lincheck::fuzz::detail
