#pragma once
// What the search learns of the model: its states, interned (a state is a small id), and its steps,
// memoised per (state id, operation kind) — so the inner loop never touches a Value. Small models get
// a dense table row per state; past kDenseCap cells, a hash map takes over. The pool holds each
// step's successors as [count, state ids...].
//
// The memo also keeps QueryPruning's answers per (state, kind of query) (hopeless_queries.hpp).
#include <unordered_map>
#include <vector>

#include "common.hpp"
#include "kinds.hpp"
#include "memory.hpp"

namespace lincheck::detail::wgl {

// The bytes a Value may take with its payload, recursively (an overestimate; see step_memo.cpp).
std::size_t deep_bytes(const Value& v);

class StepMemo {
public:
    static constexpr std::size_t kDenseCap = 1 << 22;  // cells of the dense transition table

    // Empties the memo for a search of `kinds`' operations by `model` within `limits` (all three must
    // outlive the search).
    void reset();
    void bind(const Model& model, const Kinds& kinds, const Limits& limits) {
        model_ = &model;
        kinds_ = &kinds;
        limits_ = &limits;
    }
    // Drops the states (their payloads may be large) and the model.
    void release_states() {
        states.clear();
        scratch_.clear();
        model_ = nullptr;
    }
    // What a fresh memo would hold (the memory accounting's figure), and what this one really holds.
    std::size_t memory_bytes() const {
        return pool_capacity_.value * 4 + dense_capacity_.value * 4 + hopeless_capacity_.value + memo_.size() * 32 +
               state_bytes_;
    }
    std::size_t capacity_bytes() const {
        return held(state_hash_) + held(state_index_) + held(dense_) + held(pool) + held(hopeless_memo_) + held(states) +
               held(scratch_) + memo_.bucket_count() * 8 + memo_.size() * 32;
    }
    std::size_t state_bytes() const { return state_bytes_; }
    // A growth of the transition map was put off for the deadline: the search stops at its next poll.
    bool out_of_time() const { return out_of_time_; }

    // The id of state `v`, adding it if new (moved from, then).
    std::uint32_t intern(Value&& v);
    std::uint32_t intern(const Value& v) { return intern(Value(v)); }

    // Successor state ids of `state` under operation kind `kind`: pool[offset] is the count.
    std::uint32_t successors(std::uint32_t state, std::uint32_t kind) {
        if (state < dense_states_) {
            if (const std::uint32_t offset = dense_[state * kinds_->count() + kind]; offset != kNone) return offset;
        }
        return new_successors(state, kind);
    }

    // QueryPruning::hopeless for `query` in `state`, asked of `ask()` once per (state, kind of query)
    // in a dense table (up to kDenseCap cells, like the transitions).
    template <class Ask>
    bool hopeless(std::uint32_t state, std::uint32_t kind, Ask&& ask) {
        const std::size_t kinds = kinds_->count();
        const std::size_t cell = state * kinds + kind;
        if (cell >= hopeless_memo_.size()) {
            const std::size_t rows = (state + 1) * kinds;
            if (rows > kDenseCap) return ask();
            hopeless_capacity_.grow(hopeless_memo_.size(), rows);
            hopeless_memo_.resize(rows, 0);
        }
        std::uint8_t& memo = hopeless_memo_[cell];
        if (memo == 0) memo = ask() ? 2 : 1;
        return memo == 2;
    }

    std::vector<Value> states;         // by id
    std::vector<std::uint32_t> pool;   // successors: [count, ids...] at each offset

private:
    // successors() when the dense table has no entry yet.
    std::uint32_t new_successors(std::uint32_t state, std::uint32_t kind);

    const Model* model_ = nullptr;
    const Kinds* kinds_ = nullptr;
    const Limits* limits_ = nullptr;
    std::size_t state_bytes_ = 0;               // of states and their payloads, with the index
    std::vector<std::size_t> state_hash_;       // per state id
    std::vector<std::uint32_t> state_index_;    // open addressing -> id
    std::vector<std::uint32_t> dense_;          // state * kinds + kind -> pool offset
    FreshCapacity dense_capacity_;
    std::uint32_t dense_states_ = 0;            // states with a dense row
    std::unordered_map<std::uint64_t, std::uint32_t> memo_;
    bool out_of_time_ = false;
    FreshCapacity pool_capacity_;
    std::vector<std::uint8_t> hopeless_memo_;   // state * kinds + kind -> 0 not known, 1 no, 2 hopeless
    FreshCapacity hopeless_capacity_;
    std::vector<Value> scratch_;
};

}  // namespace lincheck::detail::wgl
