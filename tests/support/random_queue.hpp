#pragma once
// Queue histories drawn at random, not simulated, for the FIFO search's tests (fifo_search_test,
// fifo_dominance_test): enqueues of 0..values-1 and dequeues, each ok, info (crashed) or pending; a
// completed dequeue returns nothing (the queue was empty), an enqueued value, or 99 (never enqueued);
// random overlaps, some long. Both verdicts are common. The shape's knobs give each test its mix.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "lincheck/history.hpp"

namespace lincheck::testing {

struct DrawnQueue {
    unsigned enqueue_percent = 55;
    unsigned ok_below = 65, info_below = 85;  // outcome by a draw of 0..99: ok, info, else pending
    // Every other dequeue indeterminate and every enqueue completed (ok below 50 for dequeues).
    bool crashed_dequeues = false;
    unsigned nil_below = 25, never_below = 35;  // a completed dequeue's value: nil, 99, else a drawn one
    unsigned long_one_in = 8;                   // one op in this many is long
};

inline std::vector<Operation> drawn_queue(std::mt19937_64& rng, int n, int values, const DrawnQueue& shape = {}) {
    struct Stamp {
        unsigned time;
        std::size_t tiebreak;  // 2 * op (+1: its return)
    };
    std::vector<Operation> ops(static_cast<std::size_t>(n));
    std::vector<Stamp> stamps;
    for (std::size_t k = 0; k < ops.size(); ++k) {
        Operation& op = ops[k];
        op.process = static_cast<std::int64_t>(k);
        const bool enqueue = rng() % 100 < shape.enqueue_percent;
        op.f = enqueue ? "enqueue" : "dequeue";
        const unsigned o = rng() % 100;
        op.outcome = o < shape.ok_below ? Outcome::ok : o < shape.info_below ? Outcome::info : Outcome::pending;
        if (shape.crashed_dequeues) op.outcome = enqueue || o < 50 ? Outcome::ok : o < shape.info_below ? Outcome::info : Outcome::pending;
        const unsigned r = rng() % 100;
        const Value drawn = Value::integer(static_cast<std::int64_t>(rng() % static_cast<unsigned>(values)));
        if (enqueue) op.value = drawn;
        else if (op.completed()) op.value = r < shape.nil_below ? Value::nil() : r < shape.never_below ? Value::integer(99) : drawn;
        const unsigned call = static_cast<unsigned>(rng() % (2 * ops.size() + 2));
        stamps.push_back({call, 2 * k});
        const unsigned length =
            rng() % shape.long_one_in == 0 ? 4 + static_cast<unsigned>(rng() % (2 * ops.size() + 2)) : 1 + rng() % 4;
        if (op.completed()) stamps.push_back({call + length, 2 * k + 1});
    }
    std::sort(stamps.begin(), stamps.end(),
              [](const Stamp& a, const Stamp& b) { return a.time != b.time ? a.time < b.time : a.tiebreak < b.tiebreak; });
    for (std::size_t rank = 0; rank < stamps.size(); ++rank) {
        Operation& op = ops[stamps[rank].tiebreak / 2];
        (stamps[rank].tiebreak % 2 == 0 ? op.call : op.ret) = rank;
    }
    std::sort(ops.begin(), ops.end(), [](const Operation& a, const Operation& b) { return a.call < b.call; });
    return ops;
}

}  // namespace lincheck::testing
