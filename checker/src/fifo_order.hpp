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
// dequeue. Repeated values (issue 17): copies of v leave in the order they came (FIFO), so without
// indeterminate dequeues the copy enqueued r-th is taken by the r-th dequeue of v to take effect,
// which takes effect after the r-th earliest call and before the r-th earliest return among v's
// completed dequeues; a copy past the last of them stays. A copy's rank is the number of v's
// dequeues linearized plus its place among v's copies in the queue: it depends on the configuration,
// so states holding such copies are judged per configuration, not memoised. A dequeue of a ranked
// value returning before the latest call above cannot wait for a copy still to come (it would be
// behind every element now in the queue): those must not outnumber v's copies in the queue. With
// an indeterminate dequeue (it may take any copy), a copy of a repeated value has no dequeue of its
// own, and the earliest call of a dequeue that may take it bounds when it can leave. Only for a
// queue that starts empty. Pruning less is always safe.
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
        std::uint32_t latest = latest_dequeue_call(id, state);
        const bool ranked_copies = latest == kRanked;
        if (ranked_copies) latest = ranked_latest(state, is_set);
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
        // A dequeue of a ranked value v returning before `latest` cannot take a copy enqueued from
        // now on (it would be behind every element in the queue): each takes one of v's copies in
        // the queue, and there must be enough of them.
        auto d = std::lower_bound(ranked_dequeues_.begin(), ranked_dequeues_.end(), first_return,
                                  [](const RankedDequeue& b, std::uint32_t at) { return b.ret < at; });
        for (; d != ranked_dequeues_.end() && d->ret < latest; ++d) {
            if (is_set(d->bit)) continue;
            if (!ranked_copies || rank_stamp_[d->value] != stamp_ || copies_[d->value] == 0) return true;
            --copies_[d->value];
        }
        return false;
    }

    std::size_t capacity_bytes() const;
    std::size_t memo_bytes() const { return latest_.size() * 4; }

private:
    static constexpr std::uint32_t kHopeless = kNone;
    static constexpr std::uint32_t kUnknown = kNone - 1;
    static constexpr std::uint32_t kNever = kNone - 2;  // "called" after everything: never dequeued
    static constexpr std::uint32_t kRanked = kNone - 3;  // holds ranked copies: see ranked_latest

    // The latest call position of a dequeue of an element in the state (0 for none), or kHopeless;
    // kRanked when the state holds a copy of a ranked value.
    std::uint32_t latest_dequeue_call(std::uint32_t id, const Value& state);
    std::uint32_t number_of(const Value& v) {
        return number_.find_or_add(v.hash(), kNone, [&](std::uint32_t other) { return values_[other] == v; });
    }
    // latest_dequeue_call for this configuration, each copy of a ranked value bounded by its rank.
    template <class IsSet>
    std::uint32_t ranked_latest(const Value& state, IsSet&& is_set) {
        if (++stamp_ == 0) {  // wrapped: no value may look judged in this configuration already
            std::fill(rank_stamp_.begin(), rank_stamp_.end(), 0);
            stamp_ = 1;
        }
        std::uint32_t latest = 0;
        for (const Value& v : pruning_->elements(state)) {
            const std::uint32_t k = number_of(v);
            if (k == kNone) return 0;  // cannot happen; prune nothing rather than guess
            std::uint32_t call = dequeue_call_[k], ret = dequeue_ret_[k];
            if (ranked_[k]) {
                const std::uint32_t from = rank_from_[k], to = rank_from_[k + 1];
                if (rank_stamp_[k] != stamp_) {  // the first copy of v: after v's dequeues linearized
                    rank_stamp_[k] = stamp_;
                    next_rank_[k] = 0;
                    copies_[k] = 0;
                    for (std::uint32_t d = from; d < to; ++d) next_rank_[k] += is_set(rank_bit_[d]) ? 1 : 0;
                }
                const std::uint32_t r = from + next_rank_[k]++;
                ++copies_[k];
                call = r < to ? rank_call_[r] : kNever;
                ret = r < to ? rank_ret_[r] : kNone;
            }
            if (ret < latest) return kHopeless;  // taken before one ahead of it can be
            latest = std::max(latest, call);
        }
        return latest;
    }

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
    // Ranked values (enqueued more than once, dequeued, no indeterminate dequeue anywhere), by element
    // number: their completed dequeues' bits, calls and returns (each sorted on its own) at
    // rank_from_[k] .. rank_from_[k + 1].
    std::vector<std::uint8_t> ranked_;
    std::vector<std::uint32_t> rank_from_, rank_bit_, rank_call_, rank_ret_;
    std::vector<std::uint32_t> rank_stamp_, next_rank_, copies_;  // per configuration judged
    struct RankedDequeue {
        std::uint32_t ret;
        std::uint32_t bit;
        std::uint32_t value;  // its element number
    };
    std::vector<RankedDequeue> ranked_dequeues_;  // by ret
    std::uint32_t stamp_ = 0;
    std::vector<Blocker> blockers_;            // by ret
    std::vector<std::uint32_t> latest_;        // per state id
    FlatIndex number_;                         // element -> its number
};

}  // namespace lincheck::detail
