#pragma once
// Queue-specific pruning (Model::fifo_pruning): in a FIFO queue, an element ahead of another must be
// dequeued first, so the queue's order must agree with the order in which the dequeues can take
// effect. A configuration is hopeless when
//  - a completed dequeue of v is doomed: it is the n-th of v's dequeues to return, and fewer than n
//    enqueues of v were called before it returned (e.g. v was never enqueued). Then every
//    configuration is: the search stops at once, stuck at that dequeue (doomed()).
//  - an element v is ahead of w, w's dequeue returned before any dequeue that may remove v was called
//    (or v can never be removed): w can never be dequeued. Depends on the state alone, so it is
//    memoised per state.
//  - some completed operation not linearized yet must see the queue without any of its elements: a
//    dequeue of an empty queue, or an enqueue of x whose dequeue returns before some element now in
//    the queue can be dequeued (x would be behind it). The earliest such return, among the operations
//    not linearized yet, is compared with the latest call of a dequeue of an element in the queue.
// "Before" is between entry positions in real-time order: a return entry before a call entry.
// A distinct element (enqueued once, returned by one completed dequeue) must be taken by that
// dequeue. A copy of a repeated value may be taken by any dequeue of the value or an indeterminate
// dequeue, or stay: it has no dequeue of its own, and the earliest call of those dequeues bounds when
// it can leave (repeated values, issue 17). Only for a queue that starts empty. Pruning less is
// always safe.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "flat_index.hpp"
#include "lincheck/model.hpp"

namespace lincheck::detail {

class FifoOrder {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    struct Op {
        const Operation* op;
        std::uint32_t call;  // entry positions in real-time order
        std::uint32_t ret;   // of a completed op; kNone for others
        std::uint32_t bit;   // its bit in the search's set of linearized ops
    };

    // Starts over: the caller fills the list with the search's operations, then calls prepare().
    std::vector<Op>& reset(const FifoPruning& pruning) {
        pruning_ = &pruning;
        ops_.clear();
        return ops_;
    }
    // False when the pruning cannot be used for these operations.
    bool prepare();
    // A completed dequeue (the caller's op number) that can never take effect, or kNone.
    std::uint32_t doomed() const { return doomed_; }

    // Is the configuration in state `state` (id `id`) hopeless? `first_return` is the position of the
    // first return entry still in the list (every op returning before it is linearized); `is_set(bit)`
    // tells whether an op is linearized.
    template <class IsSet>
    bool hopeless(std::uint32_t id, const Value& state, std::uint32_t first_return, IsSet&& is_set) {
        if (doomed_ != kNone) return true;
        const std::uint32_t latest = latest_dequeue_call(id, state);
        if (latest == kHopeless) return true;
        if (latest == 0) return false;
        // A blocker not linearized yet that returns before `latest`; those returning before
        // first_return are linearized. The scan is complete: stopping after a fixed number of
        // blockers (64, before) missed a slow enqueue behind a long queue's worth of linearized ones,
        // and the search only found out when a dequeue came, hundreds of configurations later.
        auto it = std::lower_bound(blockers_.begin(), blockers_.end(), first_return,
                                   [](const Blocker& b, std::uint32_t at) { return b.ret < at; });
        for (; it != blockers_.end() && it->ret < latest; ++it) {
            if (!is_set(it->bit)) return true;
        }
        return false;
    }

    std::size_t capacity_bytes() const;
    std::size_t memo_bytes() const { return latest_.size() * 4; }

private:
    static constexpr std::uint32_t kHopeless = kNone;
    static constexpr std::uint32_t kUnknown = kNone - 1;
    static constexpr std::uint32_t kNever = kNone - 2;  // "called" after everything: never dequeued

    // The latest call position of a dequeue of an element in the state (0 for none), or kHopeless.
    std::uint32_t latest_dequeue_call(std::uint32_t id, const Value& state);

    struct Blocker {
        std::uint32_t ret;
        std::uint32_t bit;
    };
    const FifoPruning* pruning_ = nullptr;
    std::vector<Op> ops_;
    std::vector<Value> values_;  // the elements, by number
    // By element number: the earliest call of a dequeue that may remove a copy (kNever: none may),
    // and the return of the dequeue that must take it (kNone: a repeated or never dequeued value).
    std::vector<std::uint32_t> dequeue_call_, dequeue_ret_;
    std::uint32_t doomed_ = kNone;              // a dequeue that can never take effect
    std::vector<Blocker> blockers_;            // by ret
    std::vector<std::uint32_t> latest_;        // per state id
    FlatIndex number_;                         // element -> its number
};

}  // namespace lincheck::detail
