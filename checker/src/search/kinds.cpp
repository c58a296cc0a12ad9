#include "kinds.hpp"

#include <algorithm>
#include <unordered_set>

namespace lincheck::detail::wgl {

void Kinds::reset() {
    for (const std::uint32_t k : kind) seen_[k] = last_of_kind_[k] = 0;  // touched by the last select
    active.clear();
    kind.clear();
    used_ = 0;
    prev_same_kind.clear();
    query.clear();
    overwrites.clear();
    call.clear();
    ret.clear();
    completed.clear();
    completed_total = 0;
    dropped_queries = 0;
    dropped_unneeded = 0;
    all_ops_ = {};
}

std::size_t Kinds::capacity_bytes() const {
    return held(active) + held(kind) + held(prev_same_kind) + held(query) + held(overwrites) + held(call) + held(ret) +
           held(completed) + held(order_) +
           held(last_of_kind_) + held(seen_);
}

void Kinds::select(const Model& model, std::span<const Operation> ops, StepMemo& memo,
                   std::span<const std::uint32_t> given, bool drop_unneeded) {
    all_ops_ = ops;
    // The states some op needs: an indeterminate op leaving any other is left out (Model::leaves_state;
    // campaign histories with 30% crashed cas-register ops: 3,082 -> ~700 configurations).
    std::unordered_set<Value, ValueHash> needed;
    if (drop_unneeded) {
        bool any = false;
        for (const Operation& o : ops) {
            if (!o.completed() && model.leaves_state(o)) any = true;
        }
        if (any) {
            for (const Operation& o : ops) {
                if (auto v = model.needs_state(o)) needed.insert(std::move(*v));
            }
        } else {
            drop_unneeded = false;
        }
    }
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

    // The ops of a search usually share one key: its hash is computed again only when it changes.
    const std::optional<Value>* hashed_key = nullptr;
    std::size_t key_hash = 0;
    for (std::size_t at = 0; at < ops.size(); ++at) {
        const std::size_t i = sorted ? at : order[at];
        const Operation& o = ops[i];
        std::uint32_t k;
        if (!given.empty()) {
            k = given[i];
        } else {
            if (!hashed_key || *hashed_key != o.key) {
                hashed_key = &o.key;
                key_hash = o.key ? o.key->hash() : 7;
            }
            k = memo.kind_of(o, key_hash);
        }
        const bool is_query = memo.is_query(k);
        if (!o.completed() && is_query) {
            ++dropped_queries;
            continue;
        }
        if (drop_unneeded && !o.completed()) {
            if (const auto left = model.leaves_state(o); left && !needed.contains(*left)) {
                ++dropped_unneeded;
                continue;
            }
        }
        add(i, k, is_query, memo.overwrites(k), o.call, o.ret, o.completed());
    }
    done(memo);
}

void Kinds::add(std::size_t i, std::uint32_t k, bool is_query, bool overwrites_state, std::uint64_t call_at,
                std::uint64_t ret_at, bool is_completed) {
    const auto local = static_cast<std::uint32_t>(active.size());
    active.push_back(i);
    if (k >= seen_.size()) {
        seen_.resize(k + 1, 0);
        last_of_kind_.resize(k + 1, 0);
    }
    if (!seen_[k]) {
        seen_[k] = 1;
        ++used_;
    }
    kind.push_back(k);
    prev_same_kind.push_back(kNone);
    query.push_back(is_completed && is_query);
    overwrites.push_back(overwrites_state);
    call.push_back(call_at);
    ret.push_back(is_completed ? ret_at : kNever);
    completed.push_back(is_completed);
    if (is_completed) {
        ++completed_total;
    } else {
        prev_same_kind.back() = last_of_kind_[k] == 0 ? kNone : last_of_kind_[k] - 1;
        last_of_kind_[k] = local + 1;
    }
}

void Kinds::done(StepMemo& memo) {
    for (const std::uint32_t k : kind) last_of_kind_[k] = 0;
    memo.fit_kinds();
}

}  // namespace lincheck::detail::wgl
