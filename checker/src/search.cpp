// The exact search: Wing & Gong's depth-first search with Lowe's memoisation (WGL), over a doubly
// linked list of call/return entries in real-time order.
//
// At each point the search may linearize any operation whose call entry comes before the first return
// entry still in the list (an operation cannot take effect after an unlinearized operation has
// returned... unless it was invoked before that return). Linearizing an operation unlinks its entries;
// backtracking relinks them. A configuration is (set of linearized ops, model state); the cache keeps
// every configuration already explored, so none is explored twice.
//
// Beyond the classic algorithm:
//  - operations are compiled to kinds (f, value, key, completed) and states are interned, so `step` is
//    memoised per (state, kind): the inner loop never touches a Value.
//  - indeterminate operations (info/pending) have no return entry and are optional: the search succeeds
//    once every completed operation is linearized.
//  - indeterminate operations of the same kind are interchangeable (symmetry): it is enough to
//    linearize them in call order, so one may be linearized only after the earlier-called ones of its
//    kind. Swapping two such ops in any linearization keeps it legal: neither has a return bound, and
//    the earlier call is at or before the later one's.
//  - indeterminate queries (a timed-out read) are dropped up front: they can never constrain anything.
//  - a completed query (a read) that may be linearized now, and is legal in the current state, is
//    linearized at once, with no alternative tried at that point (see forced_query).
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
#include <cstring>
#include <memory>
#include <unordered_map>

#include "config_cache.hpp"
#include "deferred_free.hpp"
#include "fifo_order.hpp"
#include "hopeless_queries.hpp"
#include "search.hpp"
#include "lincheck/check.hpp"

namespace lincheck {

using detail::SearchRequest;

namespace {

constexpr std::uint32_t kNone = 0xffffffffu;

// The Zobrist word of bit i: a fixed pseudo-random function (splitmix64's finaliser), so results never
// depend on the run and no table has to be built per search.
inline std::uint64_t zobrist(std::uint64_t i) {
    std::uint64_t z = i * 0x9e3779b97f4a7c15ULL + 0x6c696e636865636bULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// The bytes a Value may take with its payload, recursively. States that are collections — a queue, a
// set, a map — are much larger than a Value, and counting them flat let a search go far past its
// memory limit. An overestimate: a payload shared between values is counted once for each, and an
// element vector is taken to have room for twice its elements (a model that copies a queue and
// pushes one more element leaves it so).
std::size_t deep_bytes(const Value& v) {
    constexpr std::size_t kPayload = 96;  // shared_ptr control block, string and vector headers, malloc's
    std::size_t bytes = sizeof(Value);
    switch (v.kind()) {
        case Value::Kind::big_integer:
        case Value::Kind::string:
        case Value::Kind::keyword:
        case Value::Kind::symbol: bytes += kPayload + v.text().size(); break;
        case Value::Kind::list:
        case Value::Kind::set:
        case Value::Kind::map:
            if (v.items().empty()) break;  // no payload
            bytes += kPayload + v.items().size() * sizeof(Value);
            for (const Value& item : v.items()) bytes += deep_bytes(item);
            break;
        default: break;
    }
    return bytes;
}

// What `Model::step` may depend on: two operations with equal keys step alike.
struct KindKey {
    std::string_view f;
    const Value* value;
    const std::optional<Value>* key;
    bool completed;
    bool operator==(const KindKey& o) const {
        return completed == o.completed && f == o.f && *value == *o.value && *key == *o.key;
    }
};
// `key_hash`: the hash of k.key (7 for none), which the caller may know already.
inline std::size_t kind_hash(const KindKey& k, std::size_t key_hash) {
    std::size_t f_hash = 0xcbf29ce484222325ULL;  // FNV-1a: names of functions are short
    for (const char c : k.f) f_hash = (f_hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return (f_hash * 31 + k.value->hash() * 2 + (k.completed ? 1 : 0)) ^ (key_hash << 1);
}

// The capacity a std::vector that started empty would have after growing from `old_size` to
// `new_size` (libstdc++ grows to size + max(size, added)). Memory accounting charges what a fresh
// search would hold, not what a reused container happens to keep from earlier searches: so a
// search's figures and its verdict under --memory-limit do not depend on what ran before it on the
// thread. (What the workspace keeps between searches is bounded by Search::kKeepBytes.)
struct FreshCapacity {
    std::size_t value = 0;
    void grow(std::size_t old_size, std::size_t new_size) {
        if (new_size > value) value = old_size + std::max(old_size, new_size - old_size);
    }
};

// One search at a time per thread reuses a Search: prepare() clears every container but keeps its
// memory, so that checking many small keys one after another allocates next to nothing.
class Search {
public:
    // Past this many bytes held after a search, the workspace is freed rather than kept.
    static constexpr std::size_t kKeepBytes = std::size_t{1} << 20;

    Search() = default;
    Search(const Search&) = delete;
    Search& operator=(const Search&) = delete;
    ~Search() { end(); }

    // Sets up a search of `ops`; the model, the operations and the limits must outlive run().
    void prepare(const Model& model, std::span<const Operation> ops, const CheckLimits& limits);
    CheckResult run(const SearchRequest& request);
    // After run (or an exception): gives back the memory charged to the budget and drops the states
    // (unless `free_states` is false: the workspace's freeing is put off, see deferred_free.hpp).
    void end(bool free_states = true);
    // The bytes the workspace's containers hold.
    std::size_t capacity_bytes() const;
    // Those and the states' payloads.
    std::size_t held_bytes() const { return capacity_bytes() + state_bytes_; }

private:
    void reset();
    void select_operations();
    void build_entries();
    // The id of state `v`, adding it if new (moved from, then).
    std::uint32_t intern_state(Value&& v);
    std::uint32_t intern_state(const Value& v) { return intern_state(Value(v)); }
    // Successor state ids of `state` under operation kind `kind`: pool_[offset] is the count.
    std::uint32_t successors(std::uint32_t state, std::uint32_t kind) {
        if (state < dense_states_) {
            if (const std::uint32_t offset = dense_[state * kind_example_.size() + kind]; offset != kNone) return offset;
        }
        return new_successors(state, kind);
    }
    // successors() when the dense table has no entry yet.
    std::uint32_t new_successors(std::uint32_t state, std::uint32_t kind);
    // A call entry, among those that may be linearized now, of a completed query legal in `state`, or
    // kNone. Linearizing it at once loses nothing: in any linearization from here it can be moved to
    // the front (its call has happened, every op that returned before its call is linearized, and it
    // leaves the state as it finds it), so the search takes it and tries nothing else at this point.
    // The moved linearization ends in the same state with the same ops, so the final states and the
    // states after the deepest prefix stay complete too.
    std::uint32_t forced_query(std::uint32_t state);
    // A query that makes this configuration hopeless (see hopeless_queries.hpp), among all of them at
    // the start and those near the update just linearized otherwise; kNone if none does.
    std::uint32_t hopeless_query(std::uint32_t state, std::uint32_t moved_by);
    // QueryPruning::hopeless for query q in `state`, memoised per (state, kind of q) in a dense table
    // (up to kDenseCap cells, like the transitions).
    bool hopeless_in(std::uint32_t state, std::uint32_t q) {
        const std::size_t kinds = kind_example_.size();
        const std::size_t cell = state * kinds + kind_[q];
        if (cell >= hopeless_memo_.size()) {
            const std::size_t rows = (state + 1) * kinds;
            if (rows > kDenseCap) return hopeless_.hopeless_in(states_[state], q);
            hopeless_capacity_.grow(hopeless_memo_.size(), rows);
            hopeless_memo_.resize(rows, 0);
        }
        std::uint8_t& memo = hopeless_memo_[cell];
        if (memo == 0) memo = hopeless_.hopeless_in(states_[state], q) ? 2 : 1;
        return memo == 2;
    }
    bool out_of_limits(CheckResult& result);
    // Charges `bytes` (what the search would hold) against the memory limit; false, with the reason in
    // `result`, when that is over it.
    bool within_memory(std::size_t bytes, CheckResult& result, bool growing = false);
    // Before an insert into the cache: false (with the reason) when growing the cache for it would go
    // over the memory limit. The poll in out_of_limits alone would only see the growth afterwards.
    bool cache_may_take(const std::uint64_t* key, CheckResult& result) {
        const std::size_t extra = cache_.growth_bytes(key);
        if (extra == 0) return true;
        // Growing copies the cache and touches new pages, a nanosecond a byte on a loaded machine: in a
        // single step between two polls of the deadline.
        if (short_of_time(cache_.bytes() + extra)) {
            result.unknown_reason = "time limit reached";
            return false;
        }
        return within_memory(memory_bytes() + extra, result, true);
    }
    // Whether work of about `nanoseconds` would end past the deadline.
    bool short_of_time(std::size_t nanoseconds) const {
        return limits_->deadline &&
               std::chrono::steady_clock::now() + std::chrono::nanoseconds(nanoseconds) >= *limits_->deadline;
    }
    std::size_t memory_bytes() const {
        return cache_.bytes() + pool_capacity_.value * 4 + dense_capacity_.value * 4 + hopeless_capacity_.value +
               memo_.size() * 32 + state_bytes_ + (use_fifo_ ? fifo_.memo_bytes() : 0);
    }

    void lift(std::uint32_t e) {
        next_[prev_[e]] = next_[e];
        prev_[next_[e]] = prev_[e];
        if (const std::uint32_t r = match_[e]; r != kNone) {
            next_[prev_[r]] = next_[r];
            prev_[next_[r]] = prev_[r];
        }
    }
    void unlift(std::uint32_t e) {
        if (const std::uint32_t r = match_[e]; r != kNone) {
            next_[prev_[r]] = r;
            prev_[next_[r]] = r;
        }
        next_[prev_[e]] = e;
        prev_[next_[e]] = e;
    }
    bool test_bit(std::uint32_t bit) const { return (bits_[bit >> 6] >> (bit & 63)) & 1; }
    bool test(std::uint32_t op) const { return test_bit(bit_of_[op]); }
    void flip(std::uint32_t op) {
        const std::uint32_t bit = bit_of_[op];
        bits_[bit >> 6] ^= 1ULL << (bit & 63);
        if (bit < completed_words_ * 64) hash_ ^= zobrist(bit);  // the cache hashes completed bits only
    }
    // Encodes the current set of linearized ops into key_ (see config_cache.hpp).
    const std::uint64_t* encode_key() {
        const std::uint32_t first = prefix_ >> 6;
        const std::uint32_t window_end = max_completed_ == kNone ? first : std::max(first, (max_completed_ >> 6) + 1);
        const std::uint32_t indet_words = max_indeterminate_ == kNone ? 0 : ((max_indeterminate_ >> 6) + 1 - completed_words_);
        key_.resize(1 + (window_end - first) + indet_words);
        key_[0] = prefix_ | (static_cast<std::uint64_t>(window_end - first) << 32) |
                  (static_cast<std::uint64_t>(indet_words) << 48);
        std::size_t at = 1;
        for (std::uint32_t w = first; w < window_end; ++w) key_[at++] = bits_[w];
        for (std::uint32_t w = 0; w < indet_words; ++w) key_[at++] = bits_[completed_words_ + w];
        return key_.data();
    }

    const Model* model_ = nullptr;
    std::span<const Operation> all_ops_;
    const CheckLimits* limits_ = nullptr;
    std::size_t charged_ = 0;  // bytes charged to limits_->memory_budget

    // Operations the search works on, by local index; `active_[j]` is the index in all_ops_.
    std::vector<std::size_t> order_;  // all_ops_ in call order (only when they are not already)
    std::vector<std::size_t> active_;
    std::vector<std::uint32_t> kind_;            // local op -> kind
    std::vector<std::uint32_t> kind_example_;    // kind -> a local op of that kind
    std::vector<std::uint32_t> last_of_kind_;    // kind -> its latest indeterminate op so far (set-up)
    detail::FlatIndex kind_index_;               // KindKey -> kind (set-up)
    std::vector<std::uint32_t> prev_same_kind_;  // indeterminate op -> earlier-called one of its kind
    std::vector<std::uint8_t> query_;            // local op -> a completed query (never changes the state)
    std::vector<std::uint8_t> overwrites_;       // local op -> Model::overwrites
    std::vector<std::uint32_t> call_entry_;      // local op -> its call entry
    detail::HopelessQueries hopeless_;           // when the model offers QueryPruning:
    bool use_hopeless_ = false;
    detail::FifoOrder fifo_;                     // when the model offers FifoPruning:
    bool use_fifo_ = false;
    std::vector<std::uint64_t> priority_;  // local op -> its place in the order candidates are tried
    std::vector<std::uint32_t> cands_;     // the current configuration's candidates, in that order
    std::size_t completed_total_ = 0;
    std::size_t dropped_queries_ = 0;

    // Entries: 0 is the head sentinel, then calls/returns in real-time order, then the tail sentinel.
    struct Raw {
        std::uint64_t time;
        std::uint32_t op;
    };
    std::vector<Raw> raw_;  // set-up: the returns
    std::vector<std::uint32_t> next_, prev_, entry_op_, match_;
    std::vector<std::uint8_t> is_call_;
    std::uint32_t head_ = 0, tail_ = 0;

    // Bits: completed ops at 0..m-1 in call order, indeterminate ones from word completed_words_ on.
    std::vector<std::uint32_t> bit_of_;  // local op -> bit
    std::size_t words_ = 1;
    std::uint32_t completed_words_ = 0;
    std::vector<std::uint64_t> bits_;
    std::uint64_t hash_ = 0;
    // Summaries of bits_ for the compact key, saved in each stack frame.
    std::uint32_t prefix_ = 0;                // completed bits 0..prefix_-1 are all set
    std::uint32_t max_completed_ = kNone;     // highest set completed bit
    std::uint32_t max_indeterminate_ = kNone; // highest set indeterminate bit
    std::vector<std::uint64_t> key_;

    std::vector<Value> states_;
    std::size_t state_bytes_ = 0;  // of states_ and their payloads, with the index
    std::vector<std::size_t> state_hash_;       // per state id
    std::vector<std::uint32_t> state_index_;    // open addressing -> id
    static constexpr std::size_t kDenseCap = 1 << 22;  // entries of the dense transition table
    std::vector<std::uint32_t> dense_;                 // state * kinds + kind -> pool offset
    FreshCapacity dense_capacity_;
    std::uint32_t dense_states_ = 0;                   // states with a dense row
    std::unordered_map<std::uint64_t, std::uint32_t> memo_;
    bool out_of_time_ = false;  // a growth was put off for the deadline: stop at the next poll
    std::vector<std::uint32_t> pool_;
    FreshCapacity pool_capacity_;
    std::vector<std::uint8_t> hopeless_memo_;  // state * kinds + kind -> 0 not known, 1 no, 2 hopeless
    FreshCapacity hopeless_capacity_;
    std::vector<Value> scratch_;

    detail::ConfigCache cache_;

    // run()'s own.
    struct Frame {
        std::uint32_t entry;
        std::uint32_t prev_state;
        std::uint32_t succ;  // which successor of the op was taken
        std::uint32_t prefix, max_completed, max_indeterminate;
        bool forced;  // a forced query: the configuration it left has no other move to try
        std::uint32_t pos = 0;  // the op's place among that configuration's candidates
    };
    std::vector<Frame> stack_;
    std::vector<std::uint32_t> initial_ids_, final_states_, best_prefix_;
    std::vector<std::uint64_t> best_key_;
};

void Search::prepare(const Model& model, std::span<const Operation> ops, const CheckLimits& limits) {
    end();
    model_ = &model;
    all_ops_ = ops;
    limits_ = &limits;
    reset();
    select_operations();
    build_entries();
    use_hopeless_ = false;
    if (const QueryPruning* pruning = model_->query_pruning()) {
        std::vector<detail::HopelessQueries::Op>& info = hopeless_.reset(*pruning);
        for (std::uint32_t j = 0; j < active_.size(); ++j) {
            const std::uint32_t call = call_entry_[j], ret = match_[call];
            info.push_back({&all_ops_[active_[j]], query_[j] != 0, call, ret == kNone ? tail_ : ret, bit_of_[j]});
        }
        hopeless_.prepare();
        use_hopeless_ = true;
    }
    use_fifo_ = false;
    if (const FifoPruning* pruning = model_->fifo_pruning()) {
        std::vector<detail::FifoOrder::Op>& info = fifo_.reset(*pruning);
        for (std::uint32_t j = 0; j < active_.size(); ++j) {
            info.push_back({&all_ops_[active_[j]], call_entry_[j], match_[call_entry_[j]], bit_of_[j]});
        }
        use_fifo_ = fifo_.prepare();
    }
}

void Search::reset() {
    active_.clear();
    kind_.clear();
    kind_example_.clear();
    last_of_kind_.clear();
    prev_same_kind_.clear();
    query_.clear();
    overwrites_.clear();
    cands_.clear();
    completed_total_ = 0;
    dropped_queries_ = 0;
    bit_of_.clear();
    hash_ = 0;
    prefix_ = 0;
    max_completed_ = kNone;
    max_indeterminate_ = kNone;
    key_.clear();
    states_.clear();
    state_bytes_ = 0;
    state_hash_.clear();
    state_index_.assign(64, kNone);
    dense_.clear();
    dense_capacity_ = {};
    dense_states_ = 0;
    if (!memo_.empty()) memo_ = {};
    out_of_time_ = false;
    pool_.clear();
    pool_capacity_ = {};
    hopeless_memo_.clear();
    hopeless_capacity_ = {};
    scratch_.clear();
    cache_.reset();
    stack_.clear();
    initial_ids_.clear();
    final_states_.clear();
    best_prefix_.clear();
    best_key_.clear();
}

void Search::end(bool free_states) {
    if (limits_ && limits_->memory_budget && charged_ != 0) {
        limits_->memory_budget->charge(-static_cast<std::int64_t>(charged_));
    }
    charged_ = 0;
    limits_ = nullptr;
    model_ = nullptr;
    if (!free_states) return;
    states_.clear();  // their payloads may be large: give them back now
    scratch_.clear();
}

std::size_t Search::capacity_bytes() const {
    const std::size_t u32 = active_.capacity() * 2 + kind_.capacity() + kind_example_.capacity() + last_of_kind_.capacity() +
                            prev_same_kind_.capacity() + overwrites_.capacity() / 4 + call_entry_.capacity() + cands_.capacity() + next_.capacity() +
                            prev_.capacity() + entry_op_.capacity() + match_.capacity() + bit_of_.capacity() +
                            state_index_.capacity() + dense_.capacity() + pool_.capacity() + initial_ids_.capacity() +
                            hopeless_memo_.capacity() / 4 +
                            final_states_.capacity() + best_prefix_.capacity() + order_.capacity() * 2;
    const std::size_t u64 = priority_.capacity() + bits_.capacity() + key_.capacity() + state_hash_.capacity() +
                            best_key_.capacity();
    return u32 * 4 + u64 * 8 + query_.capacity() + is_call_.capacity() + raw_.capacity() * sizeof(Raw) +
           (states_.capacity() + scratch_.capacity()) * sizeof(Value) + stack_.capacity() * sizeof(Frame) +
           kind_index_.capacity_bytes() + hopeless_.capacity_bytes() + fifo_.capacity_bytes() + cache_.capacity_bytes() +
           memo_.bucket_count() * 8 + memo_.size() * 32;
}

void Search::select_operations() {
    // The operations usually come in call order already (a partition of a history does).
    std::span<const std::size_t> order;
    const bool sorted = std::is_sorted(all_ops_.begin(), all_ops_.end(),
                                       [](const Operation& a, const Operation& b) { return a.call < b.call; });
    if (!sorted) {
        order_.resize(all_ops_.size());
        for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
        std::stable_sort(order_.begin(), order_.end(),
                         [&](std::size_t a, std::size_t b) { return all_ops_[a].call < all_ops_[b].call; });
        order = order_;
    }

    kind_index_.reset(all_ops_.size());
    // The ops of a search usually share one key: its hash is computed again only when it changes.
    const std::optional<Value>* hashed_key = nullptr;
    std::size_t key_hash = 0;
    for (std::size_t at = 0; at < all_ops_.size(); ++at) {
        const std::size_t i = sorted ? at : order[at];
        const Operation& op = all_ops_[i];
        const bool is_query = model_->is_query(op);
        if (!op.completed() && is_query) {
            ++dropped_queries_;
            continue;
        }
        const auto local = static_cast<std::uint32_t>(active_.size());
        active_.push_back(i);
        const KindKey key{op.f, &op.value, &op.key, op.completed()};
        if (!hashed_key || *hashed_key != op.key) {
            hashed_key = &op.key;
            key_hash = op.key ? op.key->hash() : 7;
        }
        const auto fresh = static_cast<std::uint32_t>(kind_example_.size());
        const std::uint32_t kind = kind_index_.find_or_add(kind_hash(key, key_hash), fresh, [&](std::uint32_t k) {
            const Operation& example = all_ops_[active_[kind_example_[k]]];
            return KindKey{example.f, &example.value, &example.key, example.completed()} == key;
        });
        if (kind == fresh) {
            kind_example_.push_back(local);
            last_of_kind_.push_back(kNone);
        }
        kind_.push_back(kind);
        prev_same_kind_.push_back(kNone);
        query_.push_back(op.completed() && is_query);
        overwrites_.push_back(model_->overwrites(op));
        if (op.completed()) {
            ++completed_total_;
        } else {
            prev_same_kind_.back() = last_of_kind_[kind];
            last_of_kind_[kind] = local;
        }
    }
    // Completed ops first, so that the sets the search meets have a long leading run of ones.
    completed_words_ = static_cast<std::uint32_t>((completed_total_ + 63) / 64);
    std::uint32_t next_completed = 0, next_indeterminate = completed_words_ * 64;
    for (std::size_t j = 0; j < active_.size(); ++j) {
        bit_of_.push_back(all_ops_[active_[j]].completed() ? next_completed++ : next_indeterminate++);
    }
    words_ = std::max<std::size_t>(1, (next_indeterminate + 63) / 64);
    bits_.assign(words_, 0);
}

void Search::build_entries() {
    // Calls come in call order already (local order); returns are sorted by time, then by local
    // order; the two are merged, calls first at equal times (intervals are closed: ops sharing an
    // instant overlap). The order is the one a stable sort of all entries by time would give.
    std::vector<Raw>& returns = raw_;
    returns.clear();
    for (std::uint32_t j = 0; j < active_.size(); ++j) {
        const Operation& op = all_ops_[active_[j]];
        if (op.completed()) returns.push_back({op.ret, j});
    }
    const auto earlier = [](const Raw& a, const Raw& b) { return a.time != b.time ? a.time < b.time : a.op < b.op; };
    if (!std::is_sorted(returns.begin(), returns.end(), earlier)) std::sort(returns.begin(), returns.end(), earlier);

    const std::size_t n = active_.size() + returns.size() + 2;
    next_.resize(n);
    prev_.resize(n);
    entry_op_.resize(n);
    match_.resize(n);
    is_call_.resize(n);
    call_entry_.resize(active_.size());
    priority_.resize(active_.size());
    head_ = 0;
    tail_ = static_cast<std::uint32_t>(n - 1);
    for (std::uint32_t e = 0; e < n; ++e) {
        next_[e] = e + 1 < n ? e + 1 : kNone;
        prev_[e] = e > 0 ? e - 1 : kNone;
        match_[e] = kNone;
    }
    entry_op_[head_] = entry_op_[tail_] = kNone;
    is_call_[head_] = is_call_[tail_] = 0;
    std::uint32_t e = 1, call = 0;
    std::size_t ret = 0;
    const auto calls = static_cast<std::uint32_t>(active_.size());
    while (call < calls || ret < returns.size()) {
        if (call < calls && (ret == returns.size() || all_ops_[active_[call]].call <= returns[ret].time)) {
            entry_op_[e] = call;
            is_call_[e] = 1;
            call_entry_[call] = e;
            priority_[call] = (std::uint64_t{1} << 32) + e;  // indeterminate: after every completed op
            ++call;
        } else {
            const std::uint32_t op = returns[ret++].op;
            entry_op_[e] = op;
            is_call_[e] = 0;
            match_[call_entry_[op]] = e;
            priority_[op] = e;  // completed: by its return
        }
        ++e;
    }
}

std::uint32_t Search::intern_state(Value&& v) {
    const std::size_t hash = v.hash();
    std::size_t mask = state_index_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const std::uint32_t id = state_index_[i];
        if (id == kNone) break;
        if (state_hash_[id] == hash && states_[id] == v) return id;
    }
    const auto id = static_cast<std::uint32_t>(states_.size());
    states_.push_back(std::move(v));
    state_hash_.push_back(hash);
    state_bytes_ += deep_bytes(states_.back()) + sizeof(std::size_t) + 2 * sizeof(std::uint32_t);
    if (states_.size() * 2 > state_index_.size()) {
        state_index_.assign(state_index_.size() * 2, kNone);
        mask = state_index_.size() - 1;
        for (std::uint32_t k = 0; k < states_.size(); ++k) {
            std::size_t i = state_hash_[k] & mask;
            while (state_index_[i] != kNone) i = (i + 1) & mask;
            state_index_[i] = k;
        }
    } else {
        std::size_t i = hash & mask;
        while (state_index_[i] != kNone) i = (i + 1) & mask;
        state_index_[i] = id;
    }
    return id;
}

std::uint32_t Search::new_successors(std::uint32_t state, std::uint32_t kind) {
    // Small models get a dense table row per state; past a size cap, a hash map takes over.
    const std::size_t kinds = kind_example_.size();
    const bool dense = state < dense_states_ || (dense_.size() + kinds <= kDenseCap && state == dense_states_);
    if (dense) {
        if (state == dense_states_) {
            dense_capacity_.grow(dense_.size(), dense_.size() + kinds);
            dense_.resize(dense_.size() + kinds, kNone);
            ++dense_states_;
        }
        if (const std::uint32_t offset = dense_[state * kinds + kind]; offset != kNone) return offset;
    }
    const std::uint64_t key = (static_cast<std::uint64_t>(state) << 32) | kind;
    if (!dense) {
        if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    }
    scratch_.clear();
    // Interning happens after `step` returns, so the reference into states_ stays valid during it.
    model_->step(states_[state], all_ops_[active_[kind_example_[kind]]], scratch_);
    const auto offset = static_cast<std::uint32_t>(pool_.size());
    pool_capacity_.grow(pool_.size(), pool_.size() + 1);
    pool_.push_back(0);
    for (Value& v : scratch_) {
        // A query's successor is its state, copied (equal at once: they share the payload), which
        // need not be hashed to be found.
        const std::uint32_t id = v == states_[state] ? state : intern_state(std::move(v));
        if (std::find(pool_.begin() + offset + 1, pool_.end(), id) == pool_.end()) {
            pool_capacity_.grow(pool_.size(), pool_.size() + 1);
            pool_.push_back(id);
        }
    }
    pool_[offset] = static_cast<std::uint32_t>(pool_.size() - offset - 1);
    if (dense) {
        dense_[state * kinds + kind] = offset;
    } else if (memo_.size() + 1 > memo_.bucket_count() * memo_.max_load_factor() && short_of_time(memo_.size() * 200)) {
        // The insert would rehash every node (200 ns each on a loaded machine), in one step between two
        // polls of the deadline: left unmemoised, and the search stops at the next poll.
        out_of_time_ = true;
    } else {
        memo_.emplace(key, offset);
    }
    return offset;
}

std::uint32_t Search::forced_query(std::uint32_t state) {
    for (std::uint32_t e = next_[head_]; is_call_[e]; e = next_[e]) {
        const std::uint32_t op = entry_op_[e];
        if (!query_[op]) continue;
        const std::uint32_t offset = successors(state, kind_[op]);
        if (pool_[offset] == 1 && pool_[offset + 1] == state) return e;
    }
    return kNone;
}

std::uint32_t Search::hopeless_query(std::uint32_t state, std::uint32_t moved_by) {
    const auto is_set = [&](std::uint32_t bit) { return test_bit(bit); };
    const auto hopeless = [&](std::uint32_t q) {
        return !test(q) && hopeless_in(state, q) && hopeless_.unblockers_done(q, prefix_, is_set);
    };
    if (moved_by == kNone) {  // the start
        for (std::uint32_t q = 0; q < active_.size(); ++q) {
            if (query_[q] && hopeless(q)) return q;
        }
        return kNone;
    }
    std::uint32_t found = kNone;
    hopeless_.for_near(moved_by, prefix_, is_set, [&](std::uint32_t q) {
        if (!hopeless(q)) return false;
        found = q;
        return true;
    });
    return found;
}

bool Search::out_of_limits(CheckResult& result) {
    if ((limits_->cancel && limits_->cancel->load(std::memory_order_relaxed)) || (limits_->stop && limits_->stop())) {
        result.unknown_reason = "cancelled";
        return true;
    }
    // Time is kept before the deadline for giving the search's memory back, a quarter of a nanosecond
    // a byte (the kernel freed a process's pages at 0.3 s a GiB on a loaded machine): a search holding
    // gigabytes that stopped at the deadline itself ended seconds after it.
    if (out_of_time_ || short_of_time(memory_bytes() / 4)) {
        result.unknown_reason = "time limit reached";
        return true;
    }
    return !within_memory(memory_bytes(), result);
}

bool Search::within_memory(std::size_t bytes, CheckResult& result, bool growing) {
    bool over = false;
    if (limits_->memory_budget) {
        over = !limits_->memory_budget->charge(static_cast<std::int64_t>(bytes) - static_cast<std::int64_t>(charged_));
        charged_ = bytes;
    } else {
        over = limits_->memory_limit_bytes != 0 && bytes > limits_->memory_limit_bytes;
    }
    if (over) {
        const std::size_t limit = limits_->memory_budget ? limits_->memory_budget->limit() : limits_->memory_limit_bytes;
        result.unknown_reason = "memory limit of " + std::to_string(limit >> 20) + " MiB reached (this search's caches" +
                                (growing ? " would grow to " : ": ") + std::to_string(bytes >> 20) + " MiB)";
        return false;
    }
    return true;
}

CheckResult Search::run(const SearchRequest& request) {
    CheckResult result;
    std::vector<Frame>& stack = stack_;
    std::vector<std::uint32_t>& final_states = final_states_;
    constexpr std::uint32_t kQuery = kNone - 1;  // moved_by of a configuration reached by a query

    std::size_t done = 0;  // completed ops linearized
    std::int64_t best_done = -1;
    std::vector<std::uint64_t>& best_key = best_key_;
    std::uint32_t best_stuck = kNone;
    std::vector<std::uint32_t>& best_prefix = best_prefix_;
    auto finish = [&](Verdict verdict) {
        result.verdict = verdict;
        result.stats.configurations = cache_.size();
        result.stats.cache_bytes = memory_bytes();
        result.stats.config_cache_bytes = cache_.bytes();
        result.stats.states = states_.size();
        result.stats.op_kinds = kind_example_.size();
        result.stats.dropped_queries = dropped_queries_;
        return std::move(result);  // run returns it: every call is `return finish(...)`
    };
    auto success = [&] {
        result.linearization.reserve(stack.size());
        for (const Frame& f : stack) result.linearization.push_back(active_[entry_op_[f.entry]]);
        return finish(Verdict::linearizable);
    };
    // Sets op's bit and the key summaries (the caller saved them), and encodes the key.
    auto take_bit = [&](std::uint32_t op) {
        flip(op);
        const std::uint32_t bit = bit_of_[op];
        if (bit < completed_words_ * 64) {
            if (max_completed_ == kNone || bit > max_completed_) max_completed_ = bit;
            while (prefix_ < completed_total_ && test_bit(prefix_)) ++prefix_;
        } else if (max_indeterminate_ == kNone || bit > max_indeterminate_) {
            max_indeterminate_ = bit;
        }
        encode_key();
    };
    auto restore_bit = [&](std::uint32_t op, std::uint32_t prefix, std::uint32_t max_completed,
                           std::uint32_t max_indeterminate) {
        flip(op);
        prefix_ = prefix;
        max_completed_ = max_completed;
        max_indeterminate_ = max_indeterminate;
    };
    // Frames are written in place, field by field: copying one built on the stack made the CPU wait
    // (its wide loads could not be forwarded from the narrow stores that built it).
    auto push_frame = [&](std::uint32_t entry, std::uint32_t prev_state, std::uint32_t succ, std::uint32_t prefix,
                          std::uint32_t max_completed, std::uint32_t max_indeterminate, bool forced, std::uint32_t pos) {
        Frame& f = stack.emplace_back();
        f.entry = entry;
        f.prev_state = prev_state;
        f.succ = succ;
        f.prefix = prefix;
        f.max_completed = max_completed;
        f.max_indeterminate = max_indeterminate;
        f.forced = forced;
        f.pos = pos;
    };

    std::vector<std::uint32_t>& initial_states = initial_ids_;
    if (request.initial_states.empty()) initial_states.push_back(intern_state(model_->initial_state()));
    for (const Value& v : request.initial_states) initial_states.push_back(intern_state(v));
    if (use_fifo_) {  // only for a queue that starts empty
        for (const std::uint32_t s : initial_states) {
            if (!model_->fifo_pruning()->elements(states_[s]).empty()) use_fifo_ = false;
        }
    }

    // One depth-first search per start state; they share the cache, since a configuration that led
    // nowhere from one start leads nowhere from another.
    for (const std::uint32_t initial : initial_states) {
        std::uint32_t state = initial;
        if (!cache_may_take(encode_key(), result)) return finish(Verdict::unknown);
        if (!cache_.insert(key_.data(), state, hash_ ^ detail::ConfigCache::mix_state(state))) continue;
        if (done == completed_total_) {
            if (!request.collect_final_states) return success();
            final_states.push_back(state);
        }
        bool entering = true;    // at a configuration just reached: hopeless and forced queries first
        std::uint32_t moved_by = kNone;  // the update that led to it (kNone: none, the start)
        std::vector<std::uint32_t>& cands = cands_;
        std::uint32_t pos = 0;   // the candidate to try next
        std::uint32_t from = 0;  // its first successor to try
        std::uint32_t first_return = kNone;
        // The configuration's candidates: the calls before the first return entry (an indeterminate
        // op only after the earlier-called ones of its kind), in the order they are tried.
        auto collect = [&] {
            cands.clear();
            std::uint32_t x = next_[head_];
            for (; is_call_[x]; x = next_[x]) {
                const std::uint32_t op = entry_op_[x];
                const std::uint32_t prev = prev_same_kind_[op];
                if (prev == kNone || test(prev)) cands.push_back(x);
            }
            first_return = x;
            std::sort(cands.begin(), cands.end(),
                      [&](std::uint32_t a, std::uint32_t b) { return priority_[entry_op_[a]] < priority_[entry_op_[b]]; });
        };
        // Back to the latest configuration with a move left to try; false when there is none.
        auto backtrack = [&] {
            while (!stack.empty()) {
                const Frame frame = stack.back();
                stack.pop_back();
                unlift(frame.entry);
                restore_bit(entry_op_[frame.entry], frame.prefix, frame.max_completed, frame.max_indeterminate);
                if (match_[frame.entry] != kNone) --done;
                state = frame.prev_state;
                if (frame.forced) continue;
                collect();
                pos = frame.pos;
                from = frame.succ + 1;
                return true;
            }
            return false;
        };
        for (;;) {
            if ((++result.stats.steps & 1023) == 0 && out_of_limits(result)) return finish(Verdict::unknown);
            if (entering) {
                entering = false;
                if (use_hopeless_ && moved_by != kQuery) {
                    const std::uint32_t q = hopeless_query(state, moved_by);
                    if (q != kNone) {
                        // As good a place to be stuck as a return entry: q can never be linearized.
                        if (static_cast<std::int64_t>(done) > best_done) {
                            best_done = static_cast<std::int64_t>(done);
                            best_key.assign(encode_key(), encode_key() + detail::ConfigCache::key_words(key_[0]));
                            best_stuck = q;
                            best_prefix.clear();
                            for (const Frame& f : stack) best_prefix.push_back(entry_op_[f.entry]);
                        }
                        if (!backtrack()) break;
                        continue;
                    }
                }
                if (use_fifo_) {
                    std::uint32_t first = next_[head_];
                    while (is_call_[first]) first = next_[first];
                    if (fifo_.hopeless(state, states_[state], first, [&](std::uint32_t bit) { return test_bit(bit); })) {
                        if (static_cast<std::int64_t>(done) > best_done && first != tail_) {
                            best_done = static_cast<std::int64_t>(done);
                            best_key.assign(encode_key(), encode_key() + detail::ConfigCache::key_words(key_[0]));
                            best_stuck = entry_op_[first];
                            best_prefix.clear();
                            for (const Frame& f : stack) best_prefix.push_back(entry_op_[f.entry]);
                        }
                        if (!backtrack()) break;
                        continue;
                    }
                }
                if (const std::uint32_t q = forced_query(state); q != kNone) {
                    const std::uint32_t op = entry_op_[q];
                    const std::uint32_t saved_prefix = prefix_, saved_max_completed = max_completed_,
                                        saved_max_indeterminate = max_indeterminate_;
                    take_bit(op);
                    if (!cache_may_take(key_.data(), result)) return finish(Verdict::unknown);
                    if (cache_.insert(key_.data(), state, hash_ ^ detail::ConfigCache::mix_state(state))) {
                        push_frame(q, state, 0, saved_prefix, saved_max_completed, saved_max_indeterminate, true, 0);
                        lift(q);
                        ++done;
                        entering = true;
                        moved_by = kQuery;
                        if (done == completed_total_) {
                            if (!request.collect_final_states) return success();
                            final_states.push_back(state);
                        }
                        continue;
                    }
                    // Explored already: so is this configuration, which has no other move.
                    restore_bit(op, saved_prefix, saved_max_completed, saved_max_indeterminate);
                    if (!backtrack()) break;
                    continue;
                }
                collect();
                pos = 0;
                from = 0;
            }
            if (pos < cands.size()) {
                const std::uint32_t e = cands[pos];
                const std::uint32_t op = entry_op_[e];
                // Right after an indeterminate op, an op that overwrites the state: not worth trying.
                if (!(overwrites_[op] && !stack.empty() && match_[stack.back().entry] == kNone)) {  // try op's successors from `from` on
                    const std::uint32_t offset = successors(state, kind_[op]);
                    const std::uint32_t count = pool_[offset];
                    const std::uint32_t saved_prefix = prefix_, saved_max_completed = max_completed_,
                                        saved_max_indeterminate = max_indeterminate_;
                    if (count > from) take_bit(op);
                    bool moved = false;
                    for (std::uint32_t i = from; i < count; ++i) {
                        const std::uint32_t next_state = pool_[offset + 1 + i];
                        if (!cache_may_take(key_.data(), result)) return finish(Verdict::unknown);
                        if (cache_.insert(key_.data(), next_state, hash_ ^ detail::ConfigCache::mix_state(next_state))) {
                            push_frame(e, state, i, saved_prefix, saved_max_completed, saved_max_indeterminate, false, pos);
                            state = next_state;
                            lift(e);
                            if (match_[e] != kNone) ++done;
                            moved = true;
                            entering = true;
                            moved_by = query_[op] ? kQuery : op;
                            if (done == completed_total_) {
                                if (!request.collect_final_states) return success();
                                final_states.push_back(state);
                            }
                            break;
                        }
                    }
                    if (moved) continue;
                    if (count > from) restore_bit(op, saved_prefix, saved_max_completed, saved_max_indeterminate);
                }
                ++pos;
                from = 0;
                continue;
            }
            const std::uint32_t e = first_return;
            if (static_cast<std::int64_t>(done) > best_done && e != tail_) {
                // A return entry: its operation had to be linearized by now and was not.
                best_done = static_cast<std::int64_t>(done);
                best_key.assign(encode_key(), encode_key() + detail::ConfigCache::key_words(key_[0]));
                best_stuck = entry_op_[e];
                best_prefix.clear();
                for (const Frame& f : stack) best_prefix.push_back(entry_op_[f.entry]);
            }
            if (!backtrack()) break;
        }
    }

    if (request.collect_final_states && !final_states.empty()) {
        std::sort(final_states.begin(), final_states.end());
        final_states.erase(std::unique(final_states.begin(), final_states.end()), final_states.end());
        for (std::uint32_t id : final_states) result.final_states.push_back(states_[id]);
        std::sort(result.final_states.begin(), result.final_states.end());
        return finish(Verdict::linearizable);
    }
    Counterexample cx;
    if (best_stuck != kNone) {
        cx.stuck_op = active_[best_stuck];
        for (std::uint32_t op : best_prefix) cx.longest_prefix.push_back(active_[op]);
        cache_.for_each_state_with(best_key.data(), [&](std::uint32_t s) { cx.states_before.push_back(states_[s]); });
        std::sort(cx.states_before.begin(), cx.states_before.end());
        result.counterexample = std::move(cx);
    }
    return finish(Verdict::not_linearizable);
}

}  // namespace

CheckResult check_operations(const Model& model, std::span<const Operation> ops, const CheckLimits& limits) {
    return detail::search(model, ops, limits, {});
}

CheckResult detail::search(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                           const SearchRequest& request) {
    // Each thread keeps one workspace; a search started while it is in use (none does so today) gets
    // a fresh one.
    thread_local std::unique_ptr<Search> workspace;
    thread_local bool busy = false;
    if (busy) {
        Search search;
        search.prepare(model, ops, limits);
        return search.run(request);
    }
    if (!workspace) workspace = std::make_unique<Search>();
    detail::free_deferred_if_time(limits);
    struct Release {
        const CheckLimits& limits;
        ~Release() {
            busy = false;
            const std::size_t bytes = workspace->held_bytes();
            if (bytes > Search::kKeepBytes && detail::should_defer_freeing(limits, bytes)) {
                // Freeing would pass the deadline: later (deferred_free.hpp).
                workspace->end(false);
                detail::defer_freeing(bytes, [search = workspace.release()] { delete search; });
                return;
            }
            workspace->end();
            // A large search's memory goes back at once, as it would without reuse.
            if (workspace->capacity_bytes() > Search::kKeepBytes) workspace.reset();
        }
    } release{limits};
    busy = true;
    workspace->prepare(model, ops, limits);
    return workspace->run(request);
}

}  // namespace lincheck
