#pragma once
// The indeterminate ops the search may linearize next, kept apart from the entry list (issue 17).
//
// Indeterminate ops of one kind are linearized in call order only (symmetry, kinds.hpp), so the
// linearized ones of a kind are always the first ones of its chain (prev_same_kind), and of the
// others only the first can be a candidate. An indeterminate op never returns: as long as it is not
// linearized its call stays before the first return entry, and collect's walk of the entry list met
// every one of them at every step (~2,500 at 500,000 events of one cas-register key with crashes,
// 41% of that check at 10^6 events). The front holds only each kind's first op not linearized yet,
// in call order, in a linked list of its own; the entry list keeps the completed ops' entries only.
//
// Linearizing a kind's first op (lift) puts the next one of its kind in its place in the list (found
// by a walk forward from where the first was, past the other kinds' first ops called in between);
// unlift undoes that. Both are undone in the reverse order they were done, as the entry list's lift and
// unlift are, so a relinked op's neighbours are the ones it had.
//
// collect merges the front into its walk of the entry list by call order, so the candidates come in
// the order the walk of the whole list gave (the candidate order, hence every count, is unchanged:
// priorities may tie, and the sort keeps their order of arrival below 17 candidates).
#include <cstdint>
#include <vector>

#include "common.hpp"
#include "entry_list.hpp"
#include "kinds.hpp"

namespace lincheck::detail {

// The front is used from this many indeterminate ops on: with fewer, walking them costs less than
// keeping the front (the etcd corpus, ~85 ops and ~15 crashed a log, most of them the only one of
// their kind: +1.4% instructions with the front for every search). A test knob sets it on this thread
// (tests/indeterminate_front_test.cpp: 0, and never, to compare the two walks).
inline constexpr unsigned kIndeterminateFrontFrom = 32;
void set_indeterminate_front_from(unsigned ops);
unsigned indeterminate_front_from();

}  // namespace lincheck::detail

namespace lincheck::detail::wgl {

class IndeterminateFront {
public:
    // Takes the calls of `kinds`' indeterminate ops out of `entries` (all of them linked, none
    // linearized: right after its build) and links each kind's first one here. False when there is no
    // indeterminate op: then nothing was done, and the front is not to be used.
    bool build(const Kinds& kinds, EntryList& entries) {
        const std::uint32_t n = kinds.ops();
        if (kinds.completed_total == n) return false;
        if (next_.size() < n + 2) {
            next_.resize(n + 2);
            prev_.resize(n + 2);
            after_.resize(n + 2);
        }
        tail_ = n;  // greater than every op: the walks compare ops with it
        head_ = n + 1;
        std::uint32_t last = head_;
        for (std::uint32_t j = 0; j < n; ++j) {
            if (kinds.completed[j]) continue;
            const std::uint32_t e = entries.call_entry[j];
            entries.next[entries.prev[e]] = entries.next[e];
            entries.prev[entries.next[e]] = entries.prev[e];
            after_[j] = kNone;
            if (const std::uint32_t before = kinds.prev_same_kind[j]; before != kNone) {
                after_[before] = j;
            } else {
                next_[last] = j;
                prev_[j] = last;
                last = j;
            }
        }
        next_[last] = tail_;
        prev_[tail_] = last;
        return true;
    }
    // The first op of the front (end() when it is empty), then next(op) in call order.
    std::uint32_t first() const { return next_[head_]; }
    std::uint32_t next(std::uint32_t op) const { return next_[op]; }
    // Past the last op: greater than every op.
    std::uint32_t end() const { return tail_; }

    // Indeterminate op x, the first of its kind not linearized (so in the front), is linearized.
    [[gnu::always_inline]] void lift(std::uint32_t x) {
        const std::uint32_t p = prev_[x];
        next_[p] = next_[x];
        prev_[next_[x]] = p;
        if (const std::uint32_t y = after_[x]; y != kNone) {
            std::uint32_t q = p;
            while (next_[q] < y) q = next_[q];
            const std::uint32_t r = next_[q];
            next_[y] = r;
            prev_[y] = q;
            next_[q] = y;
            prev_[r] = y;
        }
    }
    // Undoes lift(x) (the lifts after it undone already).
    [[gnu::always_inline]] void unlift(std::uint32_t x) {
        if (const std::uint32_t y = after_[x]; y != kNone) {
            next_[prev_[y]] = next_[y];
            prev_[next_[y]] = prev_[y];
        }
        next_[prev_[x]] = x;
        prev_[next_[x]] = x;
    }

    std::size_t capacity_bytes() const { return held(next_) + held(prev_) + held(after_); }

private:
    // By local op, then the sentinels tail_ (ops) and head_ (ops + 1). Sized up only: build writes
    // every cell the search reads.
    std::vector<std::uint32_t> next_, prev_;
    std::vector<std::uint32_t> after_;  // indeterminate op -> the next-called one of its kind, or kNone
    std::uint32_t head_ = 1, tail_ = 0;
};

}  // namespace lincheck::detail::wgl
