#include "kinds.hpp"

#include <algorithm>

namespace lincheck::detail::wgl {

namespace {

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

}  // namespace

void Kinds::reset() {
    active.clear();
    kind.clear();
    kind_example.clear();
    prev_same_kind.clear();
    query.clear();
    overwrites.clear();
    completed_total = 0;
    dropped_queries = 0;
    all_ops_ = {};
    last_of_kind_.clear();
}

std::size_t Kinds::capacity_bytes() const {
    return held(active) + held(kind) + held(kind_example) + held(prev_same_kind) + held(query) + held(overwrites) +
           held(order_) + held(last_of_kind_) + kind_index_.capacity_bytes();
}

void Kinds::select(const Model& model, std::span<const Operation> ops) {
    all_ops_ = ops;
    // The operations usually come in call order already (a partition of a history does).
    std::span<const std::size_t> order;
    const bool sorted =
        std::is_sorted(ops.begin(), ops.end(), [](const Operation& a, const Operation& b) { return a.call < b.call; });
    if (!sorted) {
        order_.resize(ops.size());
        for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
        std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return ops[a].call < ops[b].call; });
        order = order_;
    }

    kind_index_.reset(ops.size());
    // The ops of a search usually share one key: its hash is computed again only when it changes.
    const std::optional<Value>* hashed_key = nullptr;
    std::size_t key_hash = 0;
    for (std::size_t at = 0; at < ops.size(); ++at) {
        const std::size_t i = sorted ? at : order[at];
        const Operation& o = ops[i];
        const bool is_query = model.is_query(o);
        if (!o.completed() && is_query) {
            ++dropped_queries;
            continue;
        }
        const auto local = static_cast<std::uint32_t>(active.size());
        active.push_back(i);
        const KindKey key{o.f, &o.value, &o.key, o.completed()};
        if (!hashed_key || *hashed_key != o.key) {
            hashed_key = &o.key;
            key_hash = o.key ? o.key->hash() : 7;
        }
        const auto fresh = static_cast<std::uint32_t>(kind_example.size());
        const std::uint32_t k = kind_index_.find_or_add(kind_hash(key, key_hash), fresh, [&](std::uint32_t id) {
            const Operation& e = example(id);
            return KindKey{e.f, &e.value, &e.key, e.completed()} == key;
        });
        if (k == fresh) {
            kind_example.push_back(local);
            last_of_kind_.push_back(kNone);
        }
        kind.push_back(k);
        prev_same_kind.push_back(kNone);
        query.push_back(o.completed() && is_query);
        overwrites.push_back(model.overwrites(o));
        if (o.completed()) {
            ++completed_total;
        } else {
            prev_same_kind.back() = last_of_kind_[k];
            last_of_kind_[k] = local;
        }
    }
}

}  // namespace lincheck::detail::wgl
