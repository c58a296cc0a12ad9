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
// indeterminate (crashed) dequeues (they may take any copy, or nothing), a value that is not
// distinct is "shared": its copies have no rank, and the copies of shared values in the queue are
// bounded per configuration by the least time by which each could have a dequeue of its own called
// (its value's or a crashed one, each crashed one serving one copy: shared_call, session 13; in
// session 9 each value counted every crashed dequeue as its own, and before, every copy was bounded
// by the earliest crashed dequeue's call in the whole history, so one early crash switched the
// pruning off). Its completed dequeues returning before
// every element can leave must find copies in the queue as above, the m-th of them to return one at
// or behind the m-th copy, so what is ahead of that copy must be able to leave before it returns.
// Only for a queue that starts empty. Pruning less is always safe.
#include <algorithm>
#include <cstdint>
#include <unordered_map>
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

    // For the dominance among crashed ops (search/prunings.cpp, where they are used and argued).
    // cover(op): the class of ops a crashed one can stand in for, for every op: 0 for a dequeue (a
    // crashed one removes the front, or nothing from an empty queue: whatever a completed dequeue can
    // do), 1 + k for an enqueue of element number k.
    std::uint32_t cover(std::uint32_t op) const { return cover_[op]; }
    // The element number of the front of state `state` (id `id`); kNone for an empty queue.
    std::uint32_t front(std::uint32_t id, const Value& state);
    // Whether some completed dequeue of element number k is not linearized yet.
    template <class IsSet>
    bool wanted(std::uint32_t k, IsSet&& is_set) const {
        for (std::uint32_t d = wanted_from_[k]; d < wanted_from_[k + 1]; ++d) {
            if (!is_set(wanted_bit_[d])) return true;
        }
        return false;
    }
    // Whether some completed dequeue (of any element, or of an empty queue) is not linearized yet.
    template <class IsSet>
    bool dequeue_left(IsSet&& is_set) const {
        for (const std::uint32_t bit : dequeue_bits_) {  // the latest returns first: usually the first one
            if (!is_set(bit)) return true;
        }
        return false;
    }

    // The id the configuration cache keys state `state` (id `id`) by, when `left` dequeues (completed
    // or crashed) are not linearized yet: `id` itself when the queue holds at most `left` elements,
    // else kTruncated + the number of the sequence of its first `left` elements. The elements behind
    // them can never be dequeued, nor the queue be empty again: two such states with the same first
    // `left` elements admit the same rest of a linearization (search/prunings.cpp argues it; Search::cache_state, wgl.hpp).
    static constexpr std::uint32_t kTruncated = 0x80000000u;
    std::uint32_t canonical(std::uint32_t id, const Value& state, std::uint32_t left);

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
            // A shared value's: the m-th of them to return (those left) takes a copy at or behind
            // v's m-th copy here (m of them take m copies, all before the m-th returns), so the
            // elements ahead of that copy must be able to leave before it returns.
            if (shared_[d->value]) {
                const std::uint32_t at = first_copy_[d->value];
                if (d->ret < copy_after_[at]) return true;
                first_copy_[d->value] = copy_next_[at];
            }
            --copies_[d->value];
        }
        return false;
    }

    std::size_t capacity_bytes() const;
    // What grows with the search: the memos per state (canonical_'s nodes counted at 48 bytes).
    std::size_t memo_bytes() const {
        return (latest_.size() + front_.size() + prefix_elements_.size() + prefix_from_.size()) * 4 +
               prefix_hash_.size() * sizeof(std::size_t) + canonical_.size() * 48 + prefixes_.capacity_bytes();
    }

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
            crash_stamp_ = 0;
        }
        std::uint32_t latest = 0;
        copy_after_.clear();
        copy_next_.clear();
        for (const Value& v : pruning_->elements(state)) {
            const std::uint32_t k = number_of(v);
            if (k == kNone) return 0;  // cannot happen; prune nothing rather than guess
            std::uint32_t call = dequeue_call_[k], ret = dequeue_ret_[k];
            if (shared_[k]) {  // crashed dequeues in the history: see shared_call
                call = shared_call(k, is_set);
                const auto at = static_cast<std::uint32_t>(copy_after_.size());
                copy_after_.push_back(latest);  // the bound of the elements ahead of this copy
                copy_next_.push_back(kNone);
                (copies_[k] == 0 ? first_copy_[k] : copy_next_[last_copy_[k]]) = at;
                last_copy_[k] = at;
                ++copies_[k];
            } else if (ranked_[k]) {
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

    // With indeterminate (crashed) dequeues, a copy of a value that is not distinct may be taken by
    // one of them or by one of the value's own completed dequeues not linearized yet. Copies leave in
    // the order they stand, each taken by a dequeue of its own, and a dequeue takes effect after its
    // call: so the copies of shared values up to this one (front first) all leave after some T such
    // that each has a dequeue of its own called by T (Hall: for every value v, the copies of v so far
    // beyond v's own dequeues called by T are covered by crashed ones called by T, summed over the
    // values). shared_call is called for those copies in queue order and returns the least such T
    // for the copies so far (kNever when there is none: they cannot all leave). A crashed dequeue
    // serves one copy only; session 9's bound let each value count every crashed dequeue as its
    // own (the n-th copy of v after the n-th earliest call among v's and the crashed ones), which
    // this one implies. Values no completed dequeue returns have only the crashed ones.
    template <class IsSet>
    std::uint32_t shared_call(std::uint32_t k, IsSet&& is_set) {
        if (crash_stamp_ != stamp_) {  // a new configuration: the sweep over the calls starts over
            crash_stamp_ = stamp_;
            at_own_ = at_crashed_ = 0;
            deficit_ = free_ = 0;
            bound_ = 0;
        }
        if (rank_stamp_[k] != stamp_) start_shared(k);
        if (++need_[k] > own_below_[k]) ++deficit_;  // one more copy of k beyond its own dequeues so far
        while (deficit_ > free_ && bound_ != kNever) {  // raise the bound to the next call
            while (at_own_ < all_own_.size() && is_set(all_own_[at_own_].bit)) ++at_own_;
            while (at_crashed_ < crashed_.size() && is_set(crashed_[at_crashed_].bit)) ++at_crashed_;
            const std::uint32_t own = at_own_ < all_own_.size() ? all_own_[at_own_].call : kNever;
            const std::uint32_t crashed = at_crashed_ < crashed_.size() ? crashed_[at_crashed_].call : kNever;
            if (own == kNever && crashed == kNever) {
                bound_ = kNever;
            } else if (own <= crashed) {
                const std::uint32_t w = all_own_[at_own_++].value;
                if (rank_stamp_[w] != stamp_) start_shared(w);
                if (own_below_[w]++ < need_[w]) --deficit_;
                bound_ = own;
            } else {
                ++at_crashed_;
                ++free_;
                bound_ = crashed;
            }
        }
        return bound_;
    }
    // Shared value k met first in this configuration (by a copy, or by the sweep over the calls).
    void start_shared(std::uint32_t k) {
        rank_stamp_[k] = stamp_;
        copies_[k] = 0;
        need_[k] = 0;
        own_below_[k] = 0;
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
    // Shared values (crashed dequeues in the history, the value not distinct): their completed
    // dequeues, by call; per configuration judged, by element number: its copies so far and its own
    // dequeues called by the bound; the sweep's place in all_own_ and crashed_, the copies beyond
    // their own dequeues, the crashed dequeues called by the bound, and the bound.
    std::vector<std::uint8_t> shared_;
    struct OwnDequeue {
        std::uint32_t call;
        std::uint32_t bit;
        std::uint32_t value;  // its element number
    };
    std::vector<OwnDequeue> all_own_;
    std::vector<Op> crashed_;  // the indeterminate dequeues, by call
    std::vector<std::uint32_t> need_, own_below_;
    std::uint32_t crash_stamp_ = 0, at_own_ = 0, at_crashed_ = 0, deficit_ = 0, free_ = 0, bound_ = 0;
    // Per configuration judged, for each copy of a shared value in queue order: the bound of the
    // elements ahead of it and the next copy of its value; by element number, its first and last.
    std::vector<std::uint32_t> copy_after_, copy_next_, first_copy_, last_copy_;
    std::vector<Blocker> blockers_;            // by ret
    std::vector<std::uint32_t> latest_;        // per state id
    std::vector<std::uint32_t> front_;         // per state id: front()'s answer (kUnknown: not asked)
    std::vector<std::uint32_t> cover_;         // per op: cover()
    // By element number k: the bits of its completed dequeues at wanted_from_[k] .. wanted_from_[k + 1].
    std::vector<std::uint32_t> wanted_from_, wanted_bit_;
    std::vector<std::uint32_t> dequeue_bits_;  // every completed dequeue's bit, the latest return first
    FlatIndex number_;                         // element -> its number
    // canonical(): its answers by (id << 32 | left); the sequences of first elements (their numbers,
    // end to end: the p-th at prefix_from_[p] .. prefix_from_[p + 1]) with their hashes, indexed.
    std::unordered_map<std::uint64_t, std::uint32_t> canonical_;
    std::vector<std::uint32_t> prefix_elements_, prefix_from_;
    std::vector<std::size_t> prefix_hash_;
    FlatIndex prefixes_;
};

}  // namespace lincheck::detail
