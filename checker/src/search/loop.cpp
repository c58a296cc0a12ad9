// The search's loop, as HACKING.md tells it ("The search in one paragraph").
//
// At each point the search may linearize any operation whose call entry comes before the first return
// entry still in the list (an operation cannot take effect after an unlinearized operation has
// returned... unless it was invoked before that return). Linearizing an operation unlinks its entries;
// backtracking relinks them. A configuration is (set of linearized ops, model state); the cache keeps
// every configuration already explored, so none is explored twice.
//
// Beyond the classic algorithm:
//  - operations are compiled to kinds (f, value, key, completed) and states are interned, so `step` is
//    memoised per (state, kind): the inner loop never touches a Value (kinds.hpp, step_memo.hpp).
//  - indeterminate operations (info/pending) have no return entry and are optional: the search succeeds
//    once every completed operation is linearized.
//  - indeterminate operations of the same kind are interchangeable (symmetry): it is enough to
//    linearize them in call order, so one may be linearized only after the earlier-called ones of its
//    kind. Swapping two such ops in any linearization keeps it legal: neither has a return bound, and
//    the earlier call is at or before the later one's.
//  - indeterminate queries (a timed-out read) are dropped up front: they can never constrain anything.
//  - a completed query (a read) that may be linearized now, and is legal in the current state, is
//    linearized at once, with no alternative tried at that point (see Search::collect).
//  - the candidates are tried in the order of their returns (indeterminate ops last): the op that must
//    take effect soonest first. A wrong early choice of a long-running op is what costs most.
//  - with the model's QueryPruning, a configuration that some query ahead can never match is dropped
//    (hopeless_queries.hpp).
//  - an indeterminate op is never directly followed by an op that overwrites the state
//    (Model::overwrites, a register's write): the pair has the effect of the second alone, so the
//    first may be left out. Why the cache stays exact although a configuration's moves then depend on
//    how it was first reached: a skipped move Y from (S, s), entered by indeterminate X from (S-X, p),
//    leads to (S+Y, y), subsumed by (S-X+Y, y), which is a move of (S-X, p) (Y's call comes before the
//    same first return entry there); so a live configuration always has a live cached one with fewer
//    ops or a shorter way to success, and the usual argument goes through.
//  - with the model's FifoPruning, a configuration whose queue order can no longer agree with the
//    order of the dequeues is dropped (fifo_order.hpp).
#include <algorithm>
#include <span>
#include <type_traits>

#include "wgl.hpp"

namespace lincheck::detail {

namespace wgl {
namespace {

// The wide path: the one that keeps the indeterminate ops' candidates in the front
// (indeterminate_front.hpp). The small path's walk meets at most 64 ops.
template <class C>
constexpr bool kWide = std::is_same_v<C, WideConfigs>;

thread_local unsigned front_from = kIndeterminateFrontFrom;  // see detail::set_indeterminate_front_from
thread_local bool fifo_crashed_ops = true;                   // see detail::set_fifo_shortcuts
thread_local bool fifo_tails = true;

}  // namespace
}  // namespace wgl

void set_indeterminate_front_from(unsigned ops) { wgl::front_from = ops; }
unsigned indeterminate_front_from() { return wgl::front_from; }
void set_fifo_shortcuts(bool crashed_ops, bool tails) {
    wgl::fifo_crashed_ops = crashed_ops;
    wgl::fifo_tails = tails;
}

namespace wgl {

Verdict Search::run_verdict(const SearchRequest& request) {
    if (setup_stop_) {  // a large key's set-up passed the deadline (prepare.cpp): nothing searched
        result_ = {};
        result_.verdict = Verdict::unknown;
        result_.unknown_reason = setup_stop_;
        return Verdict::unknown;
    }
    return small_path_ ? walk<SmallConfigs>(request) : walk<WideConfigs>(request);
}

CheckResult Search::run(const SearchRequest& request) {
    run_verdict(request);
    return std::move(result_);
}

void Search::run_verdict_into(const SearchRequest& request, CheckResult& out) {
    out.verdict = run_verdict(request);
    if (!result_.unknown_reason.empty() || !out.unknown_reason.empty()) out.unknown_reason = result_.unknown_reason;
    out.stats = result_.stats;
}

void Search::run_into(const SearchRequest& request, CheckResult& out) {
    out.linearization.clear();
    result_.linearization.swap(out.linearization);  // its memory, for success() to fill
    run_verdict(request);
    out = std::move(result_);
}

template <class C>
Verdict Search::walk(const SearchRequest& request) {
    C& configs = this->configs<C>();
    collect_final_ = request.collect_final_states;
    verdict_only_ = request.verdict_only && !collect_final_;
    stats_too_ = request.with_stats;
    if (verdict_only_) {  // only the verdict, the reason and the step count are read (a Recorder check's
        result_.stats.steps = 0;  // keys: the whole reset was a tenth of their set-up)
        result_.stats.hopeless_dropped = 0;  // (finish sets the others with stats_too_)
        result_.unknown_reason.clear();
    } else {
        std::vector<std::size_t> room = std::move(result_.linearization);  // run_into's (empty)
        result_ = {};
        result_.linearization = std::move(room);
    }
    done_ = 0;
    unchecked_ = 0;
    best_done_ = -1;
    best_stuck_ = kNone;
    best_agree_ = 0;

    // The start states: the model's initial one (usually) in a local, else the request's interned (the
    // vector's out-of-line push_back for the one state was ~20 instructions a key).
    std::uint32_t the_initial = kNone;
    std::span<const std::uint32_t> initial_states;
    if (request.initial_states.empty()) {
        the_initial = memo_->initial_state();
        initial_states = {&the_initial, 1};
    } else {
        std::vector<std::uint32_t>& ids = trail_.initial_ids;
        for (const Value& v : request.initial_states) ids.push_back(memo_->intern(v));
        initial_states = ids;
    }
    if (use_fifo_) {  // only for a queue that starts empty
        for (const std::uint32_t s : initial_states) {
            if (!model_->fifo_pruning()->elements(memo_->states[s]).empty()) use_fifo_ = false;
        }
    }
    // The queue's shortcuts (dominated(), forced_dequeue(), cache_state()) would leave out final states.
    use_dominance_ = use_fifo_ && !collect_final_ && !plain_ && wgl::fifo_crashed_ops;
    use_tails_ = use_fifo_ && !collect_final_ && !plain_ && wgl::fifo_tails;
    dequeues_left_ = 0;
    if (use_tails_) {
        for (std::uint32_t j = 0; j < kinds_.ops(); ++j) dequeues_left_ += fifo_.cover(j) == 0;
    }

    // The entry list is as built (a run is the only one after a prepare): on the wide path, with
    // enough indeterminate ops, their calls go to the front.
    use_front_ = false;
    if constexpr (kWide<C>) {
        use_front_ = kinds_.ops() - kinds_.completed_total >= front_from && front_.build(kinds_, entries_);
    }

    // One depth-first search per start state; they share the cache, since a configuration that led
    // nowhere from one start leads nowhere from another.
    for (const std::uint32_t initial : initial_states) {
        state_ = initial;
        configs.encode();
        if (!cache_may_take<C>()) return finish<C>(Verdict::unknown);
        if (!configs.explore(state_)) continue;
        if (reached_all()) return success<C>();
        entering_ = true;
        moved_by_ = kNone;
        pos_ = from_ = 0;
        first_return_ = kNone;
        for (;;) {
            if ((++result_.stats.steps & 63) == 0) {
                // Set up once the walk has spent a step an op on anything but the stack it holds now
                // (tries that failed, configurations met before, backtracking): build_prunings says why.
                if (hopeless_pending_ && result_.stats.steps >= kinds_.ops() + trail_.stack.size()) {
                    build_hopeless();
                    // The configurations on the stack were never looked at: their children are, in full.
                    unchecked_ = trail_.stack.size() + (entering_ ? 0 : 1);
                }
                if ((result_.stats.steps & 1023) == 0 && out_of_limits()) return finish<C>(Verdict::unknown);
            }
            Next next = entering_ ? enter<C>() : Next::candidates;
            if (next == Next::candidates) next = pos_ < trail_.cands.size() ? try_candidate<C>() : stuck_at_return<C>();
            if (next == Next::found) return success<C>();
            if (next == Next::stop) return finish<C>(Verdict::unknown);
            if (next == Next::exhausted) break;
        }
    }
    return conclude<C>();
}

template <class C>
inline Search::Next Search::enter() {
    C& configs = this->configs<C>();
    entering_ = false;
    // The deepest stuck point's states (conclude), when the cache may not hold them (cache_state).
    if (use_tails_ && static_cast<std::int64_t>(done_) == best_done_) [[unlikely]] met_at_best<C>();
    // A configuration is looked at near the op that moved (its parent was looked at, and a query's
    // move changes nothing), or in full when its parent never was (the pruning started after it).
    const bool parent_unchecked = trail_.stack.size() <= unchecked_;
    if (use_hopeless_ && (moved_by_ != kQuery || parent_unchecked)) {
        if (const std::uint32_t q = hopeless_query<C>(state_, parent_unchecked ? kNone : moved_by_); q != kNone) {
            record_stuck<C>(q);  // as good a place to be stuck as a return entry: q can never be linearized
            ++result_.stats.hopeless_dropped;
            return backtrack<C>();
        }
        // No query is hopeless here, so none was in any configuration on the stack: a hopeless
        // query stays hopeless in every configuration below the one it is hopeless in. They count
        // as looked at from here on.
        if (parent_unchecked) unchecked_ = 0;
    }
    if (use_fifo_) {
        const std::uint32_t first = entries_.first_return();
        if (fifo_.hopeless(state_, memo_->states[state_], first, [&](std::uint32_t bit) { return configs.test_bit(bit); })) {
            if (fifo_.doomed() != kNone) {
                record_stuck<C>(fifo_.doomed());  // a dequeue that can never take effect
            } else if (first != entries_.tail) {
                record_stuck<C>(entries_.entry_op[first]);
            }
            return backtrack<C>();
        }
    }
    // One walk of the calls before the first return: a forced query, else the candidates.
    std::uint32_t q = collect<C>(state_);
    std::uint32_t forced_to = state_;
    if (q == kNone && use_dominance_) [[unlikely]] q = forced_dequeue<C>(forced_to);
    if (q != kNone) {
        const std::uint32_t op = entries_.entry_op[q];
        const Marks marks = configs.marks();
        configs.take(op);
        if (!cache_may_take<C>()) return Next::stop;
        if (configs.explore(cache_state(op, forced_to))) {
            advance<C>(q, forced_to, 0, marks, true, 0);
            return reached_all() ? Next::found : Next::go;
        }
        // Explored already: so is this configuration, which has no other move.
        configs.restore(op, marks);
        return backtrack<C>();
    }
    pos_ = 0;
    from_ = 0;
    return Next::candidates;
}

template <class C>
inline Search::Next Search::try_candidate() {
    C& configs = this->configs<C>();
    const std::uint32_t e = trail_.cands[pos_];
    const std::uint32_t op = entries_.entry_op[e];
    // Right after an indeterminate op, an op that overwrites the state: not worth trying.
    const bool after_indeterminate = !trail_.stack.empty() && entries_.match[trail_.stack.back().entry] == kNone;
    if (!(kinds_.overwrites[op] && after_indeterminate)) {
        const std::uint32_t offset = memo_->successors(state_, kinds_.kind[op]);
        const std::uint32_t count = memo_->pool[offset];
        const Marks marks = configs.marks();
        const bool crashed = use_dominance_ && !kinds_.completed[op];
        if (count > from_) configs.take(op);
        for (std::uint32_t i = from_; i < count; ++i) {
            const std::uint32_t next_state = memo_->pool[offset + 1 + i];
            if (crashed && dominated(op, next_state)) [[unlikely]] continue;
            if (!cache_may_take<C>()) return Next::stop;
            if (configs.explore(cache_state(op, next_state))) {
                advance<C>(e, next_state, i, marks, false, pos_);
                return reached_all() ? Next::found : Next::go;
            }
        }
        if (count > from_) configs.restore(op, marks);
    }
    ++pos_;
    from_ = 0;
    return Next::go;
}

template <class C>
Search::Next Search::stuck_at_return() {
    // A return entry: its operation had to be linearized by now and was not.
    if (first_return_ != entries_.tail) record_stuck<C>(entries_.entry_op[first_return_]);
    return backtrack<C>();
}

template <class C>
inline void Search::advance(std::uint32_t e, std::uint32_t next_state, std::uint32_t succ, const Marks& marks, bool forced,
                     std::uint32_t pos) {
    // Frames are written in place, field by field: copying one built on the stack made the CPU wait
    // (its wide loads could not be forwarded from the narrow stores that built it).
    Frame& f = trail_.stack.emplace_back();
    f.entry = e;
    f.prev_state = state_;
    f.succ = succ;
    f.prefix = marks.prefix;
    f.max_completed = marks.max_completed;
    f.max_indeterminate = marks.max_indeterminate;
    f.forced = forced;
    f.pos = pos;
    state_ = next_state;
    const std::uint32_t op = entries_.entry_op[e];
    const bool completed = entries_.match[e] != kNone;
    if (kWide<C> && !completed && use_front_) {
        front_.lift(op);
    } else {
        entries_.lift(e);
    }
    if (completed) ++done_;
    if (use_tails_ && fifo_.cover(op) == 0) [[unlikely]] --dequeues_left_;
    entering_ = true;
    moved_by_ = kinds_.query[op] ? kQuery : op;
}

template <class C>
Search::Next Search::backtrack() {
    C& configs = this->configs<C>();
    while (!trail_.stack.empty()) {
        const Frame frame = trail_.stack.back();
        trail_.stack.pop_back();
        best_agree_ = std::min(best_agree_, trail_.stack.size());
        unchecked_ = std::min(unchecked_, trail_.stack.size() + 1);  // the children to come are looked at
        const std::uint32_t op = entries_.entry_op[frame.entry];
        const bool completed = entries_.match[frame.entry] != kNone;
        if (kWide<C> && !completed && use_front_) {
            front_.unlift(op);
        } else {
            entries_.unlift(frame.entry);
        }
        configs.restore(op, {frame.prefix, frame.max_completed, frame.max_indeterminate});
        if (completed) --done_;
        if (use_tails_ && fifo_.cover(op) == 0) [[unlikely]] ++dequeues_left_;
        state_ = frame.prev_state;
        if (frame.forced) continue;
        collect<C>(kNone);
        pos_ = frame.pos;
        from_ = frame.succ + 1;
        return Next::go;
    }
    return Next::exhausted;
}

bool Search::reached_all() {
    if (done_ != kinds_.completed_total) return false;
    if (!collect_final_) return true;
    trail_.final_states.push_back(state_);
    return false;
}

template <class C>
void Search::record_stuck(std::uint32_t op) {
    if (static_cast<std::int64_t>(done_) <= best_done_) return;
    best_done_ = static_cast<std::int64_t>(done_);
    configs<C>().save(trail_.best_key);
    trail_.best_states.assign(1, state_);
    best_stuck_ = op;
    trail_.best_prefix.resize(best_agree_);
    for (std::size_t k = best_agree_; k < trail_.stack.size(); ++k) trail_.best_prefix.push_back(entries_.entry_op[trail_.stack[k].entry]);
    best_agree_ = trail_.stack.size();
}

template <class C>
inline std::uint32_t Search::collect(std::uint32_t forced_in) {
    if (kWide<C> && use_front_) return collect_with_front(forced_in);
    const C& configs = this->configs<C>();
    CandidateList& cands = trail_.cands;
    cands.clear();
    std::uint32_t x = entries_.next[entries_.head];
    for (; entries_.is_call[x]; x = entries_.next[x]) {
        const std::uint32_t op = entries_.entry_op[x];
        if (forced_in != kNone && kinds_.query[op]) {
            const std::uint32_t offset = memo_->successors(forced_in, kinds_.kind[op]);
            if (memo_->pool[offset] == 1 && memo_->pool[offset + 1] == forced_in) return x;  // forced
        }
        const std::uint32_t prev = kinds_.prev_same_kind[op];
        if (prev == kNone || configs.test(prev)) cands.push_back(x);
    }
    first_return_ = x;
    order_candidates();
    return kNone;
}

std::uint32_t Search::collect_with_front(std::uint32_t forced_in) {
    // The list's calls are the completed ops' (always candidates), the front's ops the indeterminate
    // candidates: merged by call order (local ops are numbered in call order), as the whole list gave them.
    CandidateList& cands = trail_.cands;
    cands.clear();
    const std::uint32_t* const call_entry = entries_.call_entry;
    std::uint32_t f = front_.first();
    std::uint32_t x = entries_.next[entries_.head];
    for (; entries_.is_call[x]; x = entries_.next[x]) {
        const std::uint32_t op = entries_.entry_op[x];
        for (; f < op; f = front_.next(f)) cands.push_back(call_entry[f]);  // end() is past every op
        if (forced_in != kNone && kinds_.query[op]) {
            const std::uint32_t offset = memo_->successors(forced_in, kinds_.kind[op]);
            if (memo_->pool[offset] == 1 && memo_->pool[offset + 1] == forced_in) return x;  // forced
        }
        cands.push_back(x);
    }
    for (; f != front_.end() && call_entry[f] < x; f = front_.next(f)) cands.push_back(call_entry[f]);
    first_return_ = x;
    order_candidates();
    return kNone;
}

inline void Search::order_candidates() {
    CandidateList& cands = trail_.cands;
    const auto& priority = entries_.priority;
    const auto& entry_op = entries_.entry_op;
    const auto before = [&](std::uint32_t a, std::uint32_t b) { return priority[entry_op[a]] < priority[entry_op[b]]; };
    if (cands.size() > 16) {
        std::sort(cands.begin(), cands.end(), before);
        return;
    }
    // Few (the usual case): an insertion sort inline, the order std::sort gives below 17 elements
    // (it ends in this insertion sort), without its call.
    for (std::size_t i = 1; i < cands.size(); ++i) {
        const std::uint32_t x = cands[i];
        std::size_t j = i;
        for (; j > 0 && before(x, cands[j - 1]); --j) cands[j] = cands[j - 1];
        cands[j] = x;
    }
}

bool Search::out_of_limits() {
    if (limits_.cancelled()) {
        result_.unknown_reason = "cancelled";
        return true;
    }
    // Time is kept before the deadline for giving the search's memory back, a quarter of a nanosecond
    // a byte (the kernel freed a process's pages at 0.3 s a GiB on a loaded machine): a search holding
    // gigabytes that stopped at the deadline itself ended seconds after it.
    if (memo_->out_of_time() || limits_.short_of_time(memory_bytes() / 4)) {
        result_.unknown_reason = "time limit reached";
        return true;
    }
    return !limits_.within_memory(memory_bytes(), result_.unknown_reason);
}

bool Search::cache_may_grow(std::size_t extra) {
    const std::size_t cache_bytes = small_path_ ? small_.bytes() : wide_.bytes();
    // Growing copies the cache and touches new pages, a nanosecond a byte on a loaded machine: in a
    // single step between two polls of the deadline.
    if (limits_.short_of_time(cache_bytes + extra)) {
        result_.unknown_reason = "time limit reached";
        return false;
    }
    return limits_.within_memory(memory_bytes() + extra, result_.unknown_reason, true);
}

template <class C>
Verdict Search::finish(Verdict verdict) {
    const C& configs = this->configs<C>();
    result_.verdict = verdict;
    if (verdict_only_ && !stats_too_) return verdict;  // the caller reads the verdict alone: no stats
    result_.stats.configurations = configs.size();
    result_.stats.cache_bytes = memory_bytes();
    result_.stats.config_cache_bytes = configs.bytes();
    result_.stats.states = memo_->states.size();
    result_.stats.op_kinds = kinds_.count();
    result_.stats.dropped_queries = kinds_.dropped_queries;
    return verdict;
}

template <class C>
Verdict Search::success() {
    if (verdict_only_) return finish<C>(Verdict::linearizable);
    result_.linearization.reserve(trail_.stack.size());
    for (const Frame& f : trail_.stack) result_.linearization.push_back(kinds_.active[entries_.entry_op[f.entry]]);
    return finish<C>(Verdict::linearizable);
}

// The search is over without stopping early: the final states it collected, or the deepest point it
// got stuck at.
template <class C>
Verdict Search::conclude() {
    std::vector<std::uint32_t>& final_states = trail_.final_states;
    if (collect_final_ && !final_states.empty()) {
        std::sort(final_states.begin(), final_states.end());
        final_states.erase(std::unique(final_states.begin(), final_states.end()), final_states.end());
        for (std::uint32_t id : final_states) result_.final_states.push_back(memo_->states[id]);
        std::sort(result_.final_states.begin(), result_.final_states.end());
        return finish<C>(Verdict::linearizable);
    }
    Counterexample cx;
    if (best_stuck_ != kNone && !verdict_only_) {
        cx.stuck_op = kinds_.active[best_stuck_];
        for (std::uint32_t op : trail_.best_prefix) cx.longest_prefix.push_back(kinds_.active[op]);
        // With the tails cut, the cache holds some of those configurations by their cut states: the
        // states met with that set are listed as the walk entered them (the cut ones not entered,
        // left out as equal to one that was, are not).
        std::vector<std::uint32_t>& met = trail_.best_states;
        configs<C>().for_each_state_with(trail_.best_key, [&](std::uint32_t s) {
            if (s < FifoOrder::kTruncated) met.push_back(s);
        });
        std::sort(met.begin(), met.end());
        met.erase(std::unique(met.begin(), met.end()), met.end());
        for (const std::uint32_t s : met) cx.states_before.push_back(memo_->states[s]);
        std::sort(cx.states_before.begin(), cx.states_before.end());
        result_.counterexample = std::move(cx);
    }
    return finish<C>(Verdict::not_linearizable);
}

}  // namespace wgl
}  // namespace lincheck::detail
