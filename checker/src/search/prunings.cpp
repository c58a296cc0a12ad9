// The walk's looks beyond the classic algorithm (loop.cpp calls them as it enters a configuration or
// tries a move): the QueryPruning's hopeless queries (hopeless_queries.hpp), and the queue's shortcuts
// among crashed ops and its deepest stuck point's states (fifo_order.hpp).
#include "wgl.hpp"

namespace lincheck::detail::wgl {

template <class C>
std::uint32_t Search::hopeless_query(std::uint32_t state, std::uint32_t moved_by) {
    const C& configs = this->configs<C>();
    const auto is_set = [&](std::uint32_t bit) { return configs.test_bit(bit); };
    const std::uint32_t prefix = configs.prefix();
    const auto hopeless = [&](std::uint32_t q) {
        return !configs.test(q) &&
               memo_->hopeless(state, kinds_.kind[q], [&] { return hopeless_.hopeless_in(memo_->states[state], q); }) &&
               hopeless_.unblockers_done(q, prefix, is_set);
    };
    if (moved_by == kNone) {  // the start
        for (std::uint32_t q = 0; q < kinds_.ops(); ++q) {
            if (kinds_.query[q] && hopeless(q)) return q;
        }
        return kNone;
    }
    std::uint32_t found = kNone;
    hopeless_.for_near(moved_by, prefix, is_set, [&](std::uint32_t q) {
        if (!hopeless(q)) return false;
        found = q;
        return true;
    });
    return found;
}

template <class C>
void Search::met_at_best() {
    if (configs<C>().holds(trail_.best_key)) trail_.best_states.push_back(state_);
}

// The dominance among a queue's crashed ops (FifoPruning; issue 17 follow-up, session 13). A crashed
// op is optional, has no return and was called before the first return entry still in the list, so
// it may take effect at any point from here on. Whether a configuration leads to a linearization
// (a completion: the remaining ops, in an order real time and the model allow, every completed one
// among them) is all the search must get right; each rule below skips or forces a move only where
// another configuration the search does look at has a completion whenever the skipped one has.
//
// dominated: crashed op X, a candidate here (configuration (S, s)), into state q, when a completed
// candidate D of X's class (FifoOrder::cover: any dequeue for a crashed dequeue, an enqueue of the
// same element for a crashed enqueue) also leads from here into q: X is skipped. A completion σ of
// (S+X, q) holds D (completed); σ with X in D's place is a completion of (S+D, q), which the search
// tries here: X does in any state whatever D can (cover), X was called before any point of σ, and
// with D linearized and X not, no return entry comes sooner (X has none). Same length, and D is
// completed: never itself skipped.
//
// Why skipping such moves keeps the search complete: take, among the configurations it entered that
// have a completion (if it found none), one whose shortest completion σ is shortest. σ's first move
// was not taken there, or its configuration would be a smaller one; it was not cached (the cached
// one, with the same state or cut state and no more crashed ops, has σ's rest too, shorter), nor
// skipped by dominated(): then the completed candidate's move has a completion as short, and is
// taken or cached. A forced move (a query, forced_dequeue) leaves a completion shorter than σ in the
// configuration it goes to. (The FIFO pruning only drops configurations with no completion.)
bool Search::dominated(std::uint32_t op, std::uint32_t next_state) {
    const std::uint32_t c = fifo_.cover(op);
    if (c == kNone) return false;
    for (std::size_t k = 0; k < trail_.cands.size(); ++k) {
        const std::uint32_t other = entries_.entry_op[trail_.cands[k]];
        if (!kinds_.completed[other] || fifo_.cover(other) != c) continue;
        const std::uint32_t offset = memo_->successors(state_, kinds_.kind[other]);
        const std::uint32_t count = memo_->pool[offset];
        for (std::uint32_t i = 0; i < count; ++i) {
            if (memo_->pool[offset + 1 + i] == next_state) return true;
        }
    }
    return false;
}

// forced_dequeue: the front element v has no completed dequeue left, some other completed dequeue is
// left, and a crashed dequeue X is a candidate: X takes v at once, nothing else is tried here (as a
// forced query). A completion σ of this configuration holds a dequeue (a completed one is left); its
// first dequeue finds v at the front (only enqueues before it), so it is a crashed Y (no completed
// dequeue returns v, an empty one needs v gone). Then X first, taking v, the enqueues, and the rest
// of σ with Y where X was (if X was in it; Y was called before it) is a completion of the forced move,
// one op shorter: the argument by the shortest completion goes through. (With no completed dequeue
// left σ might hold no dequeue, and then would be no shorter: not forced there.) The forced move's
// state goes to `to`; returns X's call entry, or kNone.
template <class C>
std::uint32_t Search::forced_dequeue(std::uint32_t& to) {
    const C& configs = this->configs<C>();
    const auto is_set = [&](std::uint32_t bit) { return configs.test_bit(bit); };
    const std::uint32_t front = fifo_.front(state_, memo_->states[state_]);
    if (front == kNone || fifo_.wanted(front, is_set) || !fifo_.dequeue_left(is_set)) return kNone;
    for (std::size_t k = 0; k < trail_.cands.size(); ++k) {
        const std::uint32_t e = trail_.cands[k];
        const std::uint32_t op = entries_.entry_op[e];
        if (kinds_.completed[op] || fifo_.cover(op) != 0) continue;
        const std::uint32_t offset = memo_->successors(state_, kinds_.kind[op]);
        if (memo_->pool[offset] != 1) return kNone;  // cannot happen (a crashed dequeue of a non-empty queue)
        to = memo_->pool[offset + 1];
        return e;
    }
    return kNone;
}

template std::uint32_t Search::hopeless_query<SmallConfigs>(std::uint32_t, std::uint32_t);
template std::uint32_t Search::hopeless_query<WideConfigs>(std::uint32_t, std::uint32_t);
template void Search::met_at_best<SmallConfigs>();
template void Search::met_at_best<WideConfigs>();
template std::uint32_t Search::forced_dequeue<SmallConfigs>(std::uint32_t&);
template std::uint32_t Search::forced_dequeue<WideConfigs>(std::uint32_t&);

}  // namespace lincheck::detail::wgl
