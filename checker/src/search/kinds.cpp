#include "kinds.hpp"

#include <algorithm>
#include <utility>

namespace lincheck::detail::wgl {

void Kinds::restamp() {
    std::fill(seen_.begin(), seen_.end(), 0);
    stamp_ = 1;
}

std::size_t Kinds::capacity_bytes() const {
    return held(active_) + held(kind_) + held(prev_same_kind_) + held(query_) + held(overwrites_) + held(call) + held(ret) +
           held(completed_) + held(order_) + held(op_kind_) + held(needed_) + held(last_of_kind_) + held(seen_);
}

namespace {

// Two operations' keys equal, integer keys compared inline (Value's == is a call: ~870 instructions
// of a 100-event, 8-key check).
bool same_key(const std::optional<Value>& a, const std::optional<Value>& b) {
    if (a.has_value() != b.has_value()) return false;
    if (!a) return true;
    if (a->is_integer() && b->is_integer()) return a->as_integer() == b->as_integer();
    return *a == *b;
}

}  // namespace

void Kinds::select(std::span<const Operation> ops, StepMemo& memo, bool drop_unneeded) {
    select_from(ops.size(), [ops](std::size_t i) -> const Operation& { return ops[i]; }, memo, drop_unneeded);
}

void Kinds::select(std::span<const Operation> all, std::span<const std::size_t> indices, StepMemo& memo,
                   bool drop_unneeded) {
    const Operation* const base = all.data();
    const std::size_t* const at = indices.data();
    select_from(indices.size(), [base, at](std::size_t i) -> const Operation& { return base[at[i]]; }, memo, drop_unneeded);
}

template <class Op>
void Kinds::select_from(std::size_t n, Op&& op, StepMemo& memo, bool drop_unneeded) {
    // The operations usually come in call order already (a partition of a history does), and on
    // most keys of small histories every one completed: then one pass does what the passes below do
    // (the same kinds asked of the memo in the same order, the same tables).
    bool sorted = true, all_completed = true;
    if (n > 0) {
        std::uint64_t previous = op(0).call;
        for (std::size_t i = 0; i < n; ++i) {
            const Operation& o = op(i);
            sorted = sorted && !(o.call < previous);
            all_completed = all_completed && o.completed();
            previous = o.call;
        }
    }
    if (sorted && all_completed) return select_completed_in_order(n, op, memo);
    if (!sorted) {
        order_.resize(n);
        for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
        std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return op(a).call < op(b).call; });
    }
    // The ops of a search usually share one key: its hash is computed again only when it changes.
    const std::optional<Value>* hashed_key = nullptr;
    std::size_t key_hash = 0;
    op_kind_.resize(n);
    for (std::size_t at = 0; at < n; ++at) {
        const Operation& o = op(sorted ? at : order_[at]);
        if (!hashed_key || !same_key(*hashed_key, o.key)) {
            hashed_key = &o.key;
            key_hash = StepMemo::key_hash(o.key);
        }
        op_kind_[at] = memo.kind_of(o, key_hash);
    }
    const auto op_at = [&](std::size_t at) {
        const std::size_t i = sorted ? at : order_[at];
        const Operation& o = op(i);
        return std::pair{i, Taken{op_kind_[at], o.call, o.ret, o.completed()}};
    };
    if (all_completed) {
        take_completed(n, op_at, memo);  // none left out: one pass
    } else {
        take(n, op_at, memo, drop_unneeded);
    }
}

template <class Op>
void Kinds::select_completed_in_order(std::size_t n, Op& op, StepMemo& memo) {
    fit(n, memo);
    const std::optional<Value>* hashed_key = nullptr;
    std::size_t key_hash = 0;
    for (std::uint32_t j = 0; j < n; ++j) {
        const Operation& o = op(j);
        if (!hashed_key || !same_key(*hashed_key, o.key)) {
            hashed_key = &o.key;
            key_hash = StepMemo::key_hash(o.key);
        }
        const std::uint32_t kd = memo.kind_of(o, key_hash);
        if (kd >= seen_.size()) [[unlikely]] seen_.resize(memo.kinds(), 0);
        put_completed(j, j, kd, memo.flags()[kd], o.call, o.ret);
    }
    ops_ = static_cast<std::uint32_t>(n);
    completed_total = n;
    memo.fit_kinds();
}

void Kinds::grow(std::size_t n, const StepMemo& memo) {
    // Sized for every op and written by index (the tables only ever grow: resizing eight of them for
    // each search was a tenth of a small search).
    if (active_.size() < n) {
        active_.resize(n);
        kind_.resize(n);
        prev_same_kind_.resize(n);
        query_.resize(n);
        overwrites_.resize(n);
        call.resize(n);
        ret.resize(n);
        completed_.resize(n);
    }
    if (seen_.size() < memo.kinds()) seen_.resize(memo.kinds(), 0);
    if (last_of_kind_.size() < memo.kinds()) last_of_kind_.resize(memo.kinds(), 0);
}

void Kinds::count_used() const {
    // seen_ is this search's: stamped again from scratch (select_small did not stamp it).
    if (seen_.size() < memo_kinds_) seen_.resize(memo_kinds_, 0);
    std::uint32_t* const seen = seen_.data();
    for (std::uint32_t j = 0; j < ops_; ++j) {
        used_ += seen[kind[j]] != stamp_;
        seen[kind[j]] = stamp_;
    }
    uncounted_ = false;
}

template <class At>
void Kinds::take_completed(std::size_t n, At&& at, StepMemo& memo) {
    fit(n, memo);
    const std::uint8_t* const flags = memo.flags();  // (through memo, reloaded after every store)
    for (std::uint32_t j = 0; j < n; ++j) {
        const auto [i, o] = at(j);
        put_completed(j, i, o.kind, flags[o.kind], o.call, o.ret);
    }
    ops_ = static_cast<std::uint32_t>(n);
    completed_total = n;
    memo.fit_kinds();
}

template <class At>
void Kinds::take(std::size_t n, At&& at, StepMemo& memo, bool drop_unneeded) {
    // The states some op needs: an indeterminate op leaving any other is left out (Model::leaves_state;
    // campaign histories with 30% crashed cas-register ops: 3,082 -> ~700 configurations). The
    // model's answers are the memo's, per kind, as ids of values.
    if (drop_unneeded) {
        bool any = false;
        for (std::size_t k = 0; k < n && !any; ++k) {
            const Taken o = at(k).second;
            any = !o.completed && memo.leaves(o.kind) != kNone;
        }
        drop_unneeded = any;
    }
    if (drop_unneeded) {
        for (std::size_t k = 0; k < n; ++k) {
            if (const std::uint32_t v = memo.needs(at(k).second.kind); v != kNone) {
                if (v >= needed_.size()) needed_.resize(memo.hook_values(), 0);
                needed_[v] = 1;
            }
        }
    }
    fit(n, memo);
    std::uint32_t local = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const auto [i, o] = at(k);
        const bool is_query = memo.is_query(o.kind);
        if (!o.completed && is_query) {
            ++dropped_queries;
            continue;
        }
        if (drop_unneeded && !o.completed) {
            if (const std::uint32_t left = memo.leaves(o.kind); left != kNone && (left >= needed_.size() || !needed_[left])) {
                ++dropped_unneeded;
                continue;
            }
        }
        const std::uint32_t kd = o.kind;
        active_[local] = i;
        kind_[local] = kd;
        used_ += seen_[kd] != stamp_;
        seen_[kd] = stamp_;
        query_[local] = o.completed && is_query;
        overwrites_[local] = memo.overwrites(kd);
        call[local] = o.call;
        ret[local] = o.completed ? o.ret : kNever;
        completed_[local] = o.completed;
        if (o.completed) {
            ++completed_total;
            prev_same_kind_[local] = kNone;
        } else {
            prev_same_kind_[local] = last_of_kind_[kd] == 0 ? kNone : last_of_kind_[kd] - 1;
            last_of_kind_[kd] = local + 1;
        }
        ++local;
    }
    ops_ = local;
    if (drop_unneeded) {
        for (std::size_t k = 0; k < n; ++k) {
            if (const std::uint32_t v = memo.needs(at(k).second.kind); v != kNone) needed_[v] = 0;
        }
    }
    done(memo);
}

void Kinds::done(StepMemo& memo) {
    for (std::uint32_t j = 0; j < ops_; ++j) {
        if (!completed[j]) last_of_kind_[kind[j]] = 0;
    }
    memo.fit_kinds();
}

}  // namespace lincheck::detail::wgl
