#include "common/unique_history.hpp"

#include <algorithm>
#include <cstdint>

#include "common/require.hpp"
#include "lincheck/check.hpp"
#include "support/oracle.hpp"

namespace lincheck::fuzz::detail {

std::vector<Operation> unique_history_from_bytes(std::string_view data, const UniqueShape& shape) {
    const std::size_t n = std::min<std::size_t>(data.size() / 3, 12);
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(data[i]); };
    struct Stamp {
        unsigned key;
        std::size_t tiebreak;
    };
    std::vector<Operation> ops(n);
    std::vector<Stamp> stamps;
    int updates = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const unsigned a = byte(3 * k), b = byte(3 * k + 1), c = byte(3 * k + 2);
        Operation& op = ops[k];
        op.process = static_cast<std::int64_t>(k);
        op.key = shape.key;
        const bool update = a & 1;
        op.f = update ? shape.update_f : shape.query_f;
        const unsigned outcome = (a >> 1) % 8;
        op.outcome = outcome < 6 ? Outcome::ok : outcome == 6 ? Outcome::info : Outcome::pending;
        if (update) op.value = shape.value((a & 0x80) && updates > 0 ? 1 + static_cast<int>(c) % updates : ++updates);
        stamps.push_back({b, 2 * k});
        if (op.completed()) stamps.push_back({b + 1 + c % 24, 2 * k + 1});
    }
    for (std::size_t k = 0; k < n; ++k) {
        Operation& op = ops[k];
        if (op.f == shape.update_f || !op.completed()) continue;
        op.value = shape.result(byte(3 * k + 2), byte(3 * k), updates);
    }
    std::sort(stamps.begin(), stamps.end(),
              [](const Stamp& x, const Stamp& y) { return x.key != y.key ? x.key < y.key : x.tiebreak < y.tiebreak; });
    for (std::size_t rank = 0; rank < stamps.size(); ++rank) {
        Operation& op = ops[stamps[rank].tiebreak / 2];
        (stamps[rank].tiebreak % 2 == 0 ? op.call : op.ret) = rank;
    }
    std::sort(ops.begin(), ops.end(), [](const Operation& x, const Operation& y) { return x.call < y.call; });
    return ops;
}

bool require_engine_agrees(const Model& model, const std::vector<Operation>& ops, const engines::FastVerdict& fast,
                           const std::string& name) {
    // The search's memory is bounded (deterministically, unlike a clock): a FIFO queue with many
    // concurrent enqueues is the search's known cliff (issue 17: 9 concurrent enqueues and a dequeue of
    // a value never enqueued explore every order, 986,410 configurations, 3 s; 30 s under ASan, past
    // libFuzzer's timeout) and is what the unique-value engines exist for. There the engine is held to
    // what can be checked without the search: a linearization it claims must be legal.
    // Measured: libFuzzer reaches such histories in 12-40 s of a run (README's test runs 12 s a target).
    // Both are decided by the search alone since session 8 (tests/fifo_search_test.cpp); the bound stays
    // for the queue's remaining cliffs (crashed dequeues of repeated values).
    CheckLimits limits;
    limits.memory_limit_bytes = std::size_t{32} << 20;
    const CheckResult searched = check_operations(model, ops, limits);
    if (searched.verdict == Verdict::unknown) {
        // Nothing to compare when the engine declines too (e.g. 8 crashed enqueues of repeated values).
        if (fast.applies && fast.linearizable)
            require(testing::is_legal_linearization(model, ops, fast.order), "illegal linearization", ops);
        return fast.applies && fast.linearizable;
    }
    const bool valid = searched.verdict == Verdict::linearizable;
    if (ops.size() <= kOracleMaxOps) require(testing::oracle_linearizable(model, ops) == valid, "search vs oracle", ops);
    if (!fast.applies) {
        require(fast.why_not.find("a bug") == std::string::npos, name + " got stuck: " + fast.why_not, ops);
        return valid;
    }
    require(fast.linearizable == valid, name + " vs search", ops);
    if (valid) require(testing::is_legal_linearization(model, ops, fast.order), "illegal linearization", ops);
    require(check_partition(model, ops, {}, Engine::fast).engine == name, "the dispatch did not accept the engine's answer", ops);
    return valid;
}

}  // namespace lincheck::fuzz::detail
