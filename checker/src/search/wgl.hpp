#pragma once
// The search: Wing & Gong's depth-first search with Lowe's memoisation (WGL), assembled from its
// parts — the operations and their kinds (kinds.hpp), the entry list (entry_list.hpp), the set of
// linearized operations and the configuration cache (configs.hpp: one word and a flat table up to 64
// operations, else config_key.hpp and ../config_cache.hpp), what it learned of the model
// (step_memo.hpp), the limits (memory.hpp), the
// optional prunings (../hopeless_queries.hpp, ../fifo_order.hpp) and the stack (Trail, below). Each
// part clears itself (reset) and counts its own bytes (capacity_bytes), so a container added to a part
// cannot be forgotten by the workspace's reuse or its memory accounting. The loop is in loop.cpp,
// the set-up in prepare.cpp, the per-thread workspace in workspace.cpp.
#include <span>
#include <string>
#include <vector>

#include "../config_cache.hpp"
#include "../fifo_order.hpp"
#include "../hopeless_queries.hpp"
#include "../search.hpp"
#include "configs.hpp"
#include "entry_list.hpp"
#include "indeterminate_front.hpp"
#include "kinds.hpp"
#include "memory.hpp"
#include "observed_first.hpp"
#include "step_memo.hpp"

namespace lincheck::detail::wgl {

// One move of the search: the configuration it left and how to resume trying moves from there.
struct Frame {
    std::uint32_t entry;       // the call entry of the op linearized
    std::uint32_t prev_state;  // the state before it
    std::uint32_t succ;        // which successor of the op was taken
    std::uint32_t prefix, max_completed, max_indeterminate;  // the key's marks before it
    bool forced;               // a forced query: the configuration it left has no other move to try
    std::uint32_t pos;         // the op's place among that configuration's candidates
};

// The stack of frames: a vector whose push stays inline in the loop (std::vector's emplace_back was
// left out of line there, a call per move: ~500 instructions of a Recorder check). It never shrinks.
class FrameStack {
public:
    using value_type = Frame;
    [[gnu::always_inline]] Frame& emplace_back() {
        if (size_ == frames_.size()) [[unlikely]] grow();
        return frames_[size_++];
    }
    void pop_back() { --size_; }
    Frame& back() { return frames_[size_ - 1]; }
    const Frame& back() const { return frames_[size_ - 1]; }
    const Frame& operator[](std::size_t i) const { return frames_[i]; }
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    std::size_t capacity() const { return frames_.capacity(); }
    void clear() { size_ = 0; }
    const Frame* begin() const { return frames_.data(); }
    const Frame* end() const { return frames_.data() + size_; }

private:
    [[gnu::noinline]] void grow() { frames_.resize(std::max<std::size_t>(16, 2 * frames_.size())); }
    std::vector<Frame> frames_;
    std::size_t size_ = 0;
};

// The current configuration's candidates: a vector whose push stays inline in collect, as FrameStack's
// (std::vector's push_back was left out of line once collect had a second walk, the front's: +1.3%
// instructions on the etcd corpus, which does not even use it). It never shrinks.
class CandidateList {
public:
    using value_type = std::uint32_t;
    [[gnu::always_inline]] void push_back(std::uint32_t e) {
        if (size_ == items_.size()) [[unlikely]] grow();
        items_[size_++] = e;
    }
    void clear() { size_ = 0; }
    std::size_t size() const { return size_; }
    std::uint32_t& operator[](std::size_t i) { return items_[i]; }
    std::uint32_t operator[](std::size_t i) const { return items_[i]; }
    std::uint32_t* begin() { return items_.data(); }
    std::uint32_t* end() { return items_.data() + size_; }
    std::size_t capacity() const { return items_.capacity(); }

private:
    [[gnu::noinline]] void grow() { items_.resize(std::max<std::size_t>(16, 2 * items_.size())); }
    std::vector<std::uint32_t> items_;
    std::size_t size_ = 0;
};

// The search's stack and what it remembers of the deepest point it got stuck at.
struct Trail {
    FrameStack stack;
    CandidateList cands;  // the current configuration's candidates, in the order tried
    std::vector<std::uint32_t> initial_ids, final_states, best_prefix;
    std::vector<std::uint32_t> best_states;  // with the queue's cut tails: the states met with best_key's set
    std::vector<std::uint64_t> best_key;

    void reset() {
        stack.clear();
        cands.clear();
        initial_ids.clear();
        final_states.clear();
        best_prefix.clear();
        best_states.clear();
        best_key.clear();
    }
    std::size_t capacity_bytes() const {
        return held(stack) + held(cands) + held(initial_ids) + held(final_states) + held(best_prefix) + held(best_states) + held(best_key);
    }
};

// Whether a kept memo should start over before a search of `model` within `limits`: too large,
// learned from another model, or holding more than a quarter of the memory limit (all of it is
// charged to the search).
bool start_over(const StepMemo& memo, const Model& model, const CheckLimits& limits);

class Search {
public:
    // Past this many bytes held after a search, the workspace is freed rather than kept.
    static constexpr std::size_t kKeepBytes = std::size_t{1} << 20;

    Search() = default;
    Search(const Search&) = delete;
    Search& operator=(const Search&) = delete;
    ~Search() { end(); }

    // Sets up a search of `ops`; the model, the operations and the limits must outlive run().
    // `final_states`: the search will be asked for final states (SearchRequest::collect_final_states).
    // `memory`: a step memo the caller keeps from one search to the next (learned from `model` only),
    // or nullptr for the search's own, which starts over.
    void prepare(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                 bool final_states = false, StepMemo* memory = nullptr);
    // The same for the operations all[indices[0]], all[indices[1]], ... (detail::search_indexed_into):
    // the search prepare(model, those operations copied in that order, ...) sets up.
    void prepare(const Model& model, std::span<const Operation> all, std::span<const std::size_t> indices,
                 const CheckLimits& limits, bool final_states = false, StepMemo* memory = nullptr);
    // The same for object `object` of pre-built input of the small path (small_input.hpp), whose
    // kinds in `memory` the caller knows (the memory must not start over): no sort, no pass over
    // operations, its tables read where they are; the rest of the set-up (the prunings) as for any
    // search. `next_object`: the search just run was the
    // previous object's of the same call (search_small), with the same memory and limits.
    void prepare(StepMemo& memory, const SmallInput& input, std::uint32_t object, const CheckLimits& limits,
                 bool next_object = false);
    CheckResult run(const SearchRequest& request);
    // The same into `out` (every field set), whose linearization's memory the result takes.
    void run_into(const SearchRequest& request, CheckResult& out);
    // The same, for the verdict alone (the result is left in the workspace: no CheckResult is moved).
    Verdict run_verdict(const SearchRequest& request);
    // run_verdict, then out's verdict, unknown_reason and stats set (its other fields left as they are).
    void run_verdict_into(const SearchRequest& request, CheckResult& out);
    // After prepare: search without the model's QueryPruning and the queue's shortcuts
    // (SearchRequest::query_pruning).
    void without_query_pruning() {
        use_hopeless_ = hopeless_pending_ = false;
        plain_ = true;
    }
    // After run (or an exception): gives back the memory charged to the budget and drops the states
    // (unless `free_states` is false: the workspace's freeing is put off, see deferred_free.hpp).
    void end(bool free_states = true);
    // The bytes the workspace's containers hold.
    std::size_t capacity_bytes() const {
        return kinds_.capacity_bytes() + entries_.capacity_bytes() + front_.capacity_bytes() + observed_first_.capacity_bytes() + wide_.capacity_bytes() + small_.capacity_bytes() +
               own_memo_.capacity_bytes() + hopeless_.capacity_bytes() + fifo_.capacity_bytes() + trail_.capacity_bytes();
    }
    // Those and the states' payloads.
    std::size_t held_bytes() const { return capacity_bytes() + own_memo_.state_bytes(); }
    // Whether the search just run surely left the workspace small enough to keep without adding up
    // held_bytes(): on the small path only the flat cache and the step memo can have grown much (the
    // other tables hold at most 64 operations); the caller's memo is not the workspace's, and the
    // search's own one is small by its count (its states are dropped at end()). The workspace was at
    // most kKeepBytes before the search, so it stays within a few times that. Adding it up was ~5% of
    // a small search with a kept memo, ~7% of a general small check without (general16b, session 10).
    bool surely_small() const {
        return small_path_ && small_.capacity_bytes() <= kKeepBytes / 2 &&
               (memo_ != &own_memo_ || own_memo_.memory_bytes() <= kKeepBytes / 4);
    }

private:
    // What one step of the loop leads to.
    enum class Next {
        candidates,  // try the current configuration's candidates
        go,          // on to the next step
        found,       // every completed op is linearized: a linearization
        stop,        // a limit was reached: unknown
        exhausted,   // nothing left to try from this start state
    };

    // The loop (loop.cpp), one instantiation per representation of the configurations (configs.hpp).
    // `C` is WideConfigs or SmallConfigs; configs<C>() the search's own.
    template <class C>
    C& configs();
    template <class C>
    Verdict walk(const SearchRequest& request);
    // The configuration just reached: pruned, a forced query taken, or its candidates collected.
    template <class C>
    [[gnu::always_inline]] inline Next enter();
    // Tries the next candidate's successors from `from_` on (or moves on to the next candidate).
    template <class C>
    [[gnu::always_inline]] inline Next try_candidate();
    // No candidate left: stuck at the first return entry.
    template <class C>
    Next stuck_at_return();
    // The dominance among a queue's crashed ops (prunings.cpp says why each is sound): whether crashed
    // candidate `op` into `next_state` may be skipped; a crashed dequeue to take at once (its call
    // entry, its state in `to`; kNone: none).
    // (Out of line: inlined, they made the walk's own ConfigKey::take go out of line, +1.3% instructions
    // on the etcd corpus, which never uses them.)
    [[gnu::noinline]] bool dominated(std::uint32_t op, std::uint32_t next_state);
    template <class C>
    [[gnu::noinline]] std::uint32_t forced_dequeue(std::uint32_t& to);
    template <class C>
    [[gnu::noinline]] void met_at_best();  // with use_tails_: the state, if the set is the deepest stuck point's
    // Back to the latest configuration with a move left to try.
    template <class C>
    Next backtrack();
    // Linearizes op of entry `e` into `next_state` (when the cache takes the configuration).
    template <class C>
    [[gnu::always_inline]] inline void advance(std::uint32_t e, std::uint32_t next_state, std::uint32_t succ, const Marks& marks, bool forced,
                 std::uint32_t pos);
    // Whether every completed op is linearized and the search may stop (else the state is kept when
    // final states are collected).
    bool reached_all();
    // Remembers the configuration as the deepest stuck point so far, `op` being the one it cannot take.
    template <class C>
    void record_stuck(std::uint32_t op);
    // The configuration's candidates: the calls before the first return entry (an indeterminate op only
    // after the earlier-called ones of its kind), in the order they are tried. Given a state
    // `forced_in` (kNone: none), the same walk looks for a forced query and returns its call entry
    // (else kNone, the candidates collected): a call entry, among those that may be linearized now, of
    // a completed query legal in that state. Linearizing it at once loses nothing: in any
    // linearization from here it can be moved to the front (its call has happened, every op that
    // returned before its call is linearized, and it leaves the state as it finds it), so the search
    // takes it and tries nothing else at this point. The moved linearization ends in the same state
    // with the same ops, so the final states and the states after the deepest prefix stay complete too.
    // On the wide path with many indeterminate ops (kIndeterminateFrontFrom), the entry list holds the
    // completed ops' entries only and the front (indeterminate_front.hpp) each kind's first
    // indeterminate op not linearized yet: the walk merges the two in call order, so the candidates
    // and their order are the same.
    template <class C>
    [[gnu::always_inline]] inline std::uint32_t collect(std::uint32_t forced_in);
    // collect on the wide path with the front (out of line: inlined, it made the compiler call
    // std::vector's push_back out of line in every walk, +2.4% instructions on the etcd corpus).
    [[gnu::noinline]] std::uint32_t collect_with_front(std::uint32_t forced_in);
    // Sorts trail_.cands into the order they are tried (by priority).
    [[gnu::always_inline]] inline void order_candidates();
    // A query that makes this configuration hopeless (see hopeless_queries.hpp), among all of them at
    // the start and those near the update just linearized otherwise; kNone if none does.
    template <class C>
    std::uint32_t hopeless_query(std::uint32_t state, std::uint32_t moved_by);
    bool out_of_limits();
    // Before an insert into the cache: false (with the reason) when growing the cache for it would go
    // over the memory limit. The poll in out_of_limits alone would only see the growth afterwards.
    template <class C>
    bool cache_may_take() {
        const std::size_t extra = configs<C>().growth_bytes();
        return extra == 0 || cache_may_grow(extra);
    }
    bool cache_may_grow(std::size_t extra);
    // What the search would hold had it started fresh: the figure charged to the memory limit.
    std::size_t memory_bytes() const {
        return (small_path_ ? small_.bytes() : wide_.bytes()) + memo_->memory_bytes() + (use_fifo_ ? fifo_.memo_bytes() : 0);
    }
    // The set-up after the kinds are selected (`memory` as prepare takes it).
    void begin(const Model& model, const CheckLimits& limits, StepMemo* memory, bool keep_memory);
    void build();
    // The configurations' representation for the kinds selected: the small path's or the wide one.
    void assign_configs(bool small);
    // The set-up after the kinds and the entries: the optional prunings.
    void build_prunings();
    void build_hopeless();  // the QueryPruning's part: at build_prunings, or later in the walk
    template <class C>
    Verdict finish(Verdict verdict);
    template <class C>
    Verdict success();
    template <class C>
    Verdict conclude();

    const Model* model_ = nullptr;
    Limits limits_;
    Kinds kinds_;
    EntryList entries_;
    IndeterminateFront front_;  // the wide path's indeterminate candidates, when use_front_
    bool use_front_ = false;    // set by walk (a run's own: the entry list is built again before the next)
    ObservedFirst observed_first_;
    WideConfigs wide_;
    SmallConfigs small_;
    bool small_path_ = false;  // small_ is in use (at most 64 ops), else wide_
    // Asked once per begin() (the model's and the thread's knobs), not per object of search_small.
    bool small_allowed_ = true;               // detail::small_path_allowed()
    std::uint32_t pruning_min_ops_ = 0;       // detail::query_pruning_min_ops()
    bool pruning_at_once_ = false;            // detail::query_pruning_at_once()
    const QueryPruning* query_pruning_ = nullptr;  // model_->query_pruning()
    const FifoPruning* fifo_pruning_ = nullptr;    // model_->fifo_pruning()
    // A large key's set-up looks at the deadline (and cancel) between its phases: Kinds::select,
    // EntryList::build and the prunings of a 290,000-op key took ~200 ms, all of it past --time-limit
    // when reading ended near it (issue 17). When one is passed, the search answers unknown at once.
    static constexpr std::size_t kSetupPollsFrom = 4096;  // ops: below, set-up is well under a millisecond
    bool setup_stopped();
    const char* setup_stop_ = nullptr;  // why the set-up stopped; nullptr: it did not
    StepMemo own_memo_;
    StepMemo* memo_ = &own_memo_;  // the own one, or the caller's
    HopelessQueries hopeless_;  // when the model offers QueryPruning
    bool use_hopeless_ = false;
    bool hopeless_pending_ = false;  // set up after a step an op (build_prunings says why)
    // The configurations at stack depths below this were entered before the pruning started (0: it
    // was there from the start); enter() looks at their children in full.
    std::size_t unchecked_ = 0;
    FifoOrder fifo_;            // when the model offers FifoPruning
    bool use_fifo_ = false;
    // A run's own: the queue's shortcuts (prunings.cpp; detail::set_fifo_shortcuts): the dominance among
    // crashed ops, and the cache's states cut to what the dequeues left can reach.
    bool use_dominance_ = false;
    bool use_tails_ = false;
    bool plain_ = false;  // without_query_pruning: no shortcuts either (begin clears it)
    std::uint32_t dequeues_left_ = 0;  // with use_tails_: the dequeues (completed or not) not linearized
    // The state id the cache keys the configuration that `op` leads into, in state `next`, by. With
    // use_tails_, FifoOrder::canonical: the elements behind the first dequeues_left_ ones (after op) can
    // never be dequeued, and the queue never be empty again, so two states alike in their first ones
    // admit the same rest of a linearization, whatever the order of the rest (the search then goes on
    // from the real state). The subsumption still holds: a cached configuration with fewer crashed
    // ops linearized and the same cut state (so as many dequeues left) can do all the other can.
    std::uint32_t cache_state(std::uint32_t op, std::uint32_t next) {
        if (use_tails_) [[unlikely]] return cut_state(op, next);
        return next;
    }
    [[gnu::noinline]] std::uint32_t cut_state(std::uint32_t op, std::uint32_t next) {
        return fifo_.canonical(next, memo_->states[next], dequeues_left_ - (fifo_.cover(op) == 0 ? 1 : 0));
    }
    Trail trail_;

    // The walk's own, for one run().
    static constexpr std::uint32_t kQuery = kNone - 1;  // moved_by of a configuration reached by a query
    CheckResult result_;
    bool collect_final_ = false;
    bool verdict_only_ = false;
    bool stats_too_ = false;  // SearchRequest::with_stats
    std::uint32_t state_ = 0;
    std::size_t done_ = 0;               // completed ops linearized
    bool entering_ = false;              // at a configuration just reached
    std::uint32_t moved_by_ = kNone;     // the update that led to it (kNone: none, the start)
    std::uint32_t pos_ = 0;              // the candidate to try next
    std::uint32_t from_ = 0;             // its first successor to try
    std::uint32_t first_return_ = kNone;
    std::int64_t best_done_ = -1;
    std::uint32_t best_stuck_ = kNone;
    // How many frames at the bottom of the stack are still those trail_.best_prefix was copied from:
    // record_stuck copies only the rest (copying the whole stack each time made a long search that
    // kept getting deeper quadratic: 60% of a 180,000-operation register search).
    std::size_t best_agree_ = 0;
};

// The configurations of each path (the walk's and prunings.cpp's instantiations read them).
template <>
inline WideConfigs& Search::configs<WideConfigs>() {
    return wide_;
}
template <>
inline SmallConfigs& Search::configs<SmallConfigs>() {
    return small_;
}

}  // namespace lincheck::detail::wgl
