#include "step_memo.hpp"

#include <algorithm>

namespace lincheck::detail::wgl {

// States that are collections — a queue, a set, a map — are much larger than a Value, and counting
// them flat let a search go far past its memory limit. An overestimate: a payload shared between
// values is counted once for each, and an element vector is taken to have room for twice its elements
// (a model that copies a queue and pushes one more element leaves it so).
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

void StepMemo::reset() {
    states.clear();
    state_bytes_ = 0;
    state_hash_.clear();
    state_index_.assign(64, kNone);
    dense_.clear();
    dense_capacity_ = {};
    dense_states_ = 0;
    if (!memo_.empty()) memo_ = {};
    out_of_time_ = false;
    pool.clear();
    pool_capacity_ = {};
    hopeless_memo_.clear();
    hopeless_capacity_ = {};
    scratch_.clear();
}

std::uint32_t StepMemo::intern(Value&& v) {
    const std::size_t hash = v.hash();
    std::size_t mask = state_index_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const std::uint32_t id = state_index_[i];
        if (id == kNone) break;
        if (state_hash_[id] == hash && states[id] == v) return id;
    }
    const auto id = static_cast<std::uint32_t>(states.size());
    states.push_back(std::move(v));
    state_hash_.push_back(hash);
    state_bytes_ += deep_bytes(states.back()) + sizeof(std::size_t) + 2 * sizeof(std::uint32_t);
    if (states.size() * 2 > state_index_.size()) {
        state_index_.assign(state_index_.size() * 2, kNone);
        mask = state_index_.size() - 1;
        for (std::uint32_t k = 0; k < states.size(); ++k) {
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

std::uint32_t StepMemo::new_successors(std::uint32_t state, std::uint32_t kind) {
    const std::size_t kinds = kinds_->count();
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
    // Interning happens after `step` returns, so the reference into states stays valid during it.
    model_->step(states[state], kinds_->example(kind), scratch_);
    const auto offset = static_cast<std::uint32_t>(pool.size());
    pool_capacity_.grow(pool.size(), pool.size() + 1);
    pool.push_back(0);
    for (Value& v : scratch_) {
        // A query's successor is its state, copied (equal at once: they share the payload), which
        // need not be hashed to be found.
        const std::uint32_t id = v == states[state] ? state : intern(std::move(v));
        if (std::find(pool.begin() + offset + 1, pool.end(), id) == pool.end()) {
            pool_capacity_.grow(pool.size(), pool.size() + 1);
            pool.push_back(id);
        }
    }
    pool[offset] = static_cast<std::uint32_t>(pool.size() - offset - 1);
    if (dense) {
        dense_[state * kinds + kind] = offset;
    } else if (memo_.size() + 1 > memo_.bucket_count() * memo_.max_load_factor() &&
               limits_->short_of_time(memo_.size() * 200)) {
        // The insert would rehash every node (200 ns each on a loaded machine), in one step between two
        // polls of the deadline: left unmemoised, and the search stops at the next poll.
        out_of_time_ = true;
    } else {
        memo_.emplace(key, offset);
    }
    return offset;
}

}  // namespace lincheck::detail::wgl
