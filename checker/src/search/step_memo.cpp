#include "step_memo.hpp"

#include <algorithm>
#include <cstring>

#include "../short_text.hpp"

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
    ++generation_;
    // The indexes first: they empty only the slots of what they hold.
    hook_index_.reset(4, hook_hash_.size(), [&](std::uint32_t k) { return hook_hash_[k]; });
    kind_index_.reset(8, kinds_.size(), [&](std::uint32_t k) { return kinds_[k].hash; });  // 16 slots
    state_index_.reset(32, state_hash_.size(), [&](std::uint32_t k) { return state_hash_[k]; });  // 64 slots
    kinds_.clear();
    owned_.clear();
    kind_flags_.clear();
    elements_.clear();
    hook_values_.clear();
    hook_hash_.clear();
    kind_bytes_ = 0;
    stride_ = 0;
    states.clear();
    initial_ = kNone;
    state_bytes_ = 0;
    state_hash_.clear();
    clear_steps();
    out_of_time_ = false;
    scratch_.clear();
}

void StepMemo::clear_steps() {
    dense_.clear();
    dense_capacity_ = {};
    dense_states_ = 0;
    if (!memo_.empty()) memo_ = {};
    pool.clear();
    pool_capacity_ = {};
    hopeless_memo_.clear();
    hopeless_capacity_ = {};
}

std::uint32_t StepMemo::new_kind(const Operation& op, std::size_t hash, std::uint64_t head, const FlatIndex::Miss& miss) {
    const auto id = static_cast<std::uint32_t>(kinds_.size());
    const Operation* example = &op;
    if (keep_examples_) {
        auto copy = std::make_unique<Operation>();  // only what a kind is made of
        copy->f = op.f;
        copy->value = op.value;
        copy->key = op.key;
        copy->outcome = op.completed() ? Outcome::ok : Outcome::info;
        copy->ret = op.completed() ? 1 : kNever;
        example = copy.get();
        owned_.push_back(std::move(copy));
    }
    // The model's answers first: the kind is in every table or in none.
    const auto flags = static_cast<std::uint8_t>((model_->is_query(*example) ? kQueryFlag : 0) |
                                                 (model_->overwrites(*example) ? kOverwritesFlag : 0));
    if (kind_flags_.size() == kind_flags_.capacity()) kind_flags_.reserve(2 * kind_flags_.size() + 16);
    kinds_.push_back({example, hash, head, Hooks{}});
    kind_flags_.push_back(flags);  // within its capacity: cannot throw
    // (The figure of a fresh memo's bytes per kind is the one it had with a table per field.)
    kind_bytes_ += sizeof(void*) + sizeof(std::size_t) + 1 + 7 * sizeof(std::uint32_t);
    if (keep_examples_) kind_bytes_ += sizeof(Operation) + 32 + deep_bytes(op.value) + (op.key ? deep_bytes(*op.key) : 0);
    // Last: the index never names a kind that is not there.
    kind_index_.add_at(miss, hash, id, [&](std::uint32_t k) { return kinds_[k].hash; });
    return id;
}

void StepMemo::widen() {
    const std::size_t kinds = kinds_.size();
    if (kinds <= stride_) return;
    if (dense_.empty() && hopeless_memo_.empty()) {
        stride_ = kinds;
        return;
    }
    const std::size_t stride = std::max(kinds, 2 * stride_);
    if (dense_states_ * stride > kDenseCap || hopeless_memo_.size() / stride_ * stride > kDenseCap) {
        clear_steps();  // the states and kinds stay; the steps are learned again
        stride_ = stride;
        return;
    }
    // Lay the rows out again, wider.
    std::vector<std::uint32_t> dense(dense_states_ * stride, kNone);
    for (std::size_t s = 0; s < dense_states_; ++s) {
        std::copy_n(dense_.begin() + static_cast<std::ptrdiff_t>(s * stride_), stride_,
                    dense.begin() + static_cast<std::ptrdiff_t>(s * stride));
    }
    dense_.swap(dense);
    dense_capacity_ = {};
    dense_capacity_.grow(0, dense_.size());
    const std::size_t rows = hopeless_memo_.size() / stride_;
    std::vector<std::uint8_t> hopeless(rows * stride, 0);
    for (std::size_t s = 0; s < rows; ++s) {
        std::copy_n(hopeless_memo_.begin() + static_cast<std::ptrdiff_t>(s * stride_), stride_,
                    hopeless.begin() + static_cast<std::ptrdiff_t>(s * stride));
    }
    hopeless_memo_.swap(hopeless);
    hopeless_capacity_ = {};
    hopeless_capacity_.grow(0, hopeless_memo_.size());
    stride_ = stride;
}

std::uint32_t StepMemo::ask_hook(std::uint32_t k, Field field, Hook ask) {
    std::optional<Value> v = (model_->*ask)(*kinds_[k].example);
    const std::uint32_t id = v ? hook_value(std::move(*v)) : kNone;
    kinds_[k].hooks.*field = id;
    return id;
}

std::uint32_t StepMemo::ask_elements(std::uint32_t k) {
    std::vector<Value> elements = model_->observed_elements(*kinds_[k].example);
    const auto at = static_cast<std::uint32_t>(elements_.size());
    elements_.push_back(static_cast<std::uint32_t>(elements.size()));
    for (Value& v : elements) {
        const std::uint32_t id = hook_value(std::move(v));
        elements_.push_back(id);
    }
    kind_bytes_ += (elements.size() + 1) * sizeof(std::uint32_t);
    kinds_[k].hooks.elements_at = at;
    return at;
}

std::uint32_t StepMemo::hook_value(Value&& v) {
    const std::size_t hash = value_hash(v);
    const auto fresh = static_cast<std::uint32_t>(hook_values_.size());
    FlatIndex::Miss miss;
    const std::uint32_t found = hook_index_.find(
        hash, [&](std::uint32_t k) { return hook_hash_[k] == hash && same_value(hook_values_[k], v); }, miss);
    if (found != kNone) return found;
    kind_bytes_ += deep_bytes(v) + sizeof(std::size_t) + 2 * sizeof(std::uint32_t);
    hook_values_.push_back(std::move(v));
    hook_hash_.push_back(hash);
    hook_index_.add_at(miss, hash, fresh, [&](std::uint32_t k) { return hook_hash_[k]; });
    return fresh;
}

std::uint32_t StepMemo::intern(Value&& v) {
    const std::size_t hash = value_hash(v);  // integers inline (equal values are of one kind)
    const auto fresh = static_cast<std::uint32_t>(states.size());
    FlatIndex::Miss miss;
    const std::uint32_t found =
        state_index_.find(hash, [&](std::uint32_t k) { return state_hash_[k] == hash && same_value(states[k], v); }, miss);
    if (found != kNone) return found;
    states.push_back(std::move(v));
    state_hash_.push_back(hash);
    state_bytes_ += deep_bytes(states.back()) + sizeof(std::size_t) + 2 * sizeof(std::uint32_t);
    // Last: the index never names a state that is not there.
    state_index_.add_at(miss, hash, fresh, [&](std::uint32_t k) { return state_hash_[k]; });
    return fresh;
}

std::uint32_t StepMemo::new_successors(std::uint32_t state, std::uint32_t kind) {
    const std::size_t stride = stride_;
    const bool dense = state < dense_states_ || (dense_.size() + stride <= kDenseCap && state == dense_states_);
    if (dense) {
        if (state == dense_states_) {
            dense_capacity_.grow(dense_.size(), dense_.size() + stride);
            dense_.resize(dense_.size() + stride, kNone);
            ++dense_states_;
        }
        if (const std::uint32_t offset = dense_[state * stride + kind]; offset != kNone) return offset;
    }
    const std::uint64_t key = (static_cast<std::uint64_t>(state) << 32) | kind;
    if (!dense) {
        if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    }
    scratch_.clear();
    // Interning happens after `step` returns, so the reference into states stays valid during it.
    model_->step(states[state], *kinds_[kind].example, scratch_);
    const auto offset = static_cast<std::uint32_t>(pool.size());
    pool_capacity_.grow(pool.size(), pool.size() + 1);
    pool.push_back(0);
    for (Value& v : scratch_) {
        // A query's successor is its state, copied (equal at once: they share the payload), which
        // need not be hashed to be found.
        const std::uint32_t id = same_value(v, states[state]) ? state : intern(std::move(v));
        if (std::find(pool.begin() + offset + 1, pool.end(), id) == pool.end()) {
            pool_capacity_.grow(pool.size(), pool.size() + 1);
            pool.push_back(id);
        }
    }
    pool[offset] = static_cast<std::uint32_t>(pool.size() - offset - 1);
    if (dense) {
        dense_[state * stride + kind] = offset;
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
