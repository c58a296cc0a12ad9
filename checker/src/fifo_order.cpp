#include "fifo_order.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace lincheck::detail {

namespace {

// What prepare() learns of one value.
struct ValueFacts {
    std::uint32_t enqueues = 0;
    std::vector<std::uint32_t> enqueue_calls;
    std::vector<std::uint32_t> dequeues;  // ops: completed dequeues returning the value
};

}  // namespace

bool FifoOrder::prepare() {
    values_.clear();
    dequeue_call_.clear();
    dequeue_ret_.clear();
    blockers_.clear();
    latest_.clear();
    front_.clear();
    canonical_.clear();
    prefix_elements_.clear();
    prefix_from_.assign(1, 0);
    prefix_hash_.clear();
    prefixes_.reset(16);
    cover_.assign(ops_.size(), kNone);
    wanted_from_.assign(1, 0);
    wanted_bit_.clear();
    dequeue_bits_.clear();
    ranked_.clear();
    rank_from_.assign(1, 0);
    rank_bit_.clear();
    rank_call_.clear();
    rank_ret_.clear();
    ranked_dequeues_.clear();
    shared_.clear();
    all_own_.clear();
    crashed_.clear();
    doomed_ = kNone;
    std::unordered_map<Value, std::uint32_t, ValueHash> number;  // element -> its number
    std::vector<ValueFacts> facts;
    const auto number_of = [&](const Value& v) {
        const auto [it, fresh] = number.try_emplace(v, static_cast<std::uint32_t>(values_.size()));
        if (fresh) {
            values_.push_back(v);
            facts.emplace_back();
        }
        return it->second;
    };
    std::uint32_t indeterminate_dequeue_call = kNever;  // the earliest call of one
    std::vector<std::uint32_t> enqueue_value(ops_.size(), kNone);
    for (std::uint32_t j = 0; j < ops_.size(); ++j) {
        const Operation& op = *ops_[j].op;
        if (const auto v = pruning_->dequeued(op)) {
            cover_[j] = 0;
            if (v->is_nil()) {
                blockers_.push_back({ops_[j].ret, ops_[j].bit});
            } else {
                facts[number_of(*v)].dequeues.push_back(j);
            }
        } else if (const auto e = pruning_->enqueued(op)) {
            const std::uint32_t k = number_of(*e);
            enqueue_value[j] = k;
            cover_[j] = 1 + k;
            ++facts[k].enqueues;
            facts[k].enqueue_calls.push_back(ops_[j].call);
        } else {  // an indeterminate dequeue: it may remove any element, or nothing
            cover_[j] = 0;
            indeterminate_dequeue_call = std::min(indeterminate_dequeue_call, ops_[j].call);
            crashed_.push_back(ops_[j]);
        }
    }
    // A doomed dequeue: the n-th completed dequeue of v to return needs n enqueues of v called before
    // its return (each dequeue takes a copy of its own; the queue starts empty).
    for (ValueFacts& f : facts) {
        std::sort(f.dequeues.begin(), f.dequeues.end(), [&](std::uint32_t a, std::uint32_t b) { return ops_[a].ret < ops_[b].ret; });
        std::sort(f.enqueue_calls.begin(), f.enqueue_calls.end());
        for (std::size_t n = 0; n < f.dequeues.size() && doomed_ == kNone; ++n) {
            const std::uint32_t ret = ops_[f.dequeues[n]].ret;
            const auto called = std::lower_bound(f.enqueue_calls.begin(), f.enqueue_calls.end(), ret) - f.enqueue_calls.begin();
            if (static_cast<std::size_t>(called) <= n) doomed_ = f.dequeues[n];
        }
    }
    for (const ValueFacts& f : facts) {
        for (const std::uint32_t d : f.dequeues) wanted_bit_.push_back(ops_[d].bit);
        wanted_from_.push_back(static_cast<std::uint32_t>(wanted_bit_.size()));
    }
    {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> by_ret;  // (ret, bit) of every completed dequeue
        for (const Op& o : ops_) {
            if (o.ret != kNone && pruning_->dequeued(*o.op)) by_ret.emplace_back(o.ret, o.bit);
        }
        std::sort(by_ret.begin(), by_ret.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        for (const auto& [ret, bit] : by_ret) dequeue_bits_.push_back(bit);
    }
    // Per value, what holds for any copy of it in the queue: the earliest call of a dequeue that may
    // remove it (a lower bound: elements behind it wait at least that long), and for a distinct element
    // (enqueued once, dequeued by one completed dequeue) the return of that dequeue, which must take it.
    // A repeated value's copy may be taken by any dequeue of it or an indeterminate dequeue, or stay.
    for (std::uint32_t k = 0; k < values_.size(); ++k) {
        const ValueFacts& f = facts[k];
        const bool distinct = f.enqueues == 1 && f.dequeues.size() == 1;
        std::uint32_t call = indeterminate_dequeue_call;
        for (const std::uint32_t d : f.dequeues) call = std::min(call, ops_[d].call);
        dequeue_call_.push_back(distinct ? ops_[f.dequeues[0]].call : call);
        dequeue_ret_.push_back(distinct ? ops_[f.dequeues[0]].ret : kNone);
        const bool ranked = indeterminate_dequeue_call == kNever && f.enqueues > 1 && !f.dequeues.empty();
        ranked_.push_back(ranked);
        if (ranked) {
            for (const std::uint32_t d : f.dequeues) {
                ranked_dequeues_.push_back({ops_[d].ret, ops_[d].bit, k});
                rank_bit_.push_back(ops_[d].bit);
                rank_call_.push_back(ops_[d].call);
                rank_ret_.push_back(ops_[d].ret);
            }
            std::sort(rank_call_.begin() + rank_from_.back(), rank_call_.end());
            std::sort(rank_ret_.begin() + rank_from_.back(), rank_ret_.end());
        }
        rank_from_.push_back(static_cast<std::uint32_t>(rank_bit_.size()));
        // With crashed dequeues, a value that is not distinct is bounded per configuration
        // (FifoOrder::shared_call); its completed dequeues still need copies of it in the queue.
        const bool shared = indeterminate_dequeue_call != kNever && !distinct;
        shared_.push_back(shared);
        if (shared) {
            for (const std::uint32_t d : f.dequeues) {
                all_own_.push_back({ops_[d].call, ops_[d].bit, k});
                ranked_dequeues_.push_back({ops_[d].ret, ops_[d].bit, k});
            }
        }
    }
    std::sort(all_own_.begin(), all_own_.end(), [](const OwnDequeue& a, const OwnDequeue& b) { return a.call < b.call; });
    std::sort(crashed_.begin(), crashed_.end(), [](const Op& a, const Op& b) { return a.call < b.call; });
    need_.assign(values_.size(), 0);
    own_below_.assign(values_.size(), 0);
    first_copy_.assign(values_.size(), kNone);
    last_copy_.assign(values_.size(), kNone);
    crash_stamp_ = 0;
    rank_stamp_.assign(values_.size(), 0);
    next_rank_.assign(values_.size(), 0);
    copies_.assign(values_.size(), 0);
    std::sort(ranked_dequeues_.begin(), ranked_dequeues_.end(),
              [](const RankedDequeue& a, const RankedDequeue& b) { return a.ret < b.ret; });
    stamp_ = 0;
    // An enqueue of a distinct element that is still to come puts it behind every element now in the
    // queue: its dequeue must wait for them.
    for (std::uint32_t j = 0; j < ops_.size(); ++j) {
        const std::uint32_t k = enqueue_value[j];
        if (k != kNone && dequeue_ret_[k] != kNone) blockers_.push_back({dequeue_ret_[k], ops_[j].bit});
    }
    std::sort(blockers_.begin(), blockers_.end(), [](const Blocker& a, const Blocker& b) { return a.ret < b.ret; });
    // Elements are looked up by value for each new state: a flat index over the values' hashes.
    number_.reset(values_.size());
    for (std::uint32_t k = 0; k < values_.size(); ++k) {
        number_.find_or_add(values_[k].hash(), k, [&](std::uint32_t other) { return values_[other] == values_[k]; });
    }
    return true;
}

std::uint32_t FifoOrder::latest_dequeue_call(std::uint32_t id, const Value& state) {
    if (id >= latest_.size()) latest_.resize(id + 1, kUnknown);
    if (latest_[id] != kUnknown) return latest_[id];
    std::uint32_t latest = 0;  // of the elements ahead
    for (const Value& v : pruning_->elements(state)) {
        // Every element of a state was enqueued (the queue starts empty), so it has a number.
        const std::uint32_t k = number_of(v);
        if (k == kNone) return latest_[id] = 0;  // cannot happen; prune nothing rather than guess
        if (ranked_[k] || shared_[k]) return latest_[id] = kRanked;
        if (dequeue_ret_[k] < latest) {  // its dequeue returns before one ahead of it is called
            latest = kHopeless;
            break;
        }
        latest = std::max(latest, dequeue_call_[k]);
    }
    latest_[id] = latest;
    return latest;
}

std::uint32_t FifoOrder::canonical(std::uint32_t id, const Value& state, std::uint32_t left) {
    const auto items = pruning_->elements(state);
    if (items.size() <= left) return id;
    const std::uint64_t key = (std::uint64_t{id} << 32) | left;
    if (const auto it = canonical_.find(key); it != canonical_.end()) return it->second;
    // The first `left` elements' numbers, at the end of the arena, hashed.
    const std::size_t from = prefix_elements_.size();
    std::uint64_t hash = 0x9e3779b97f4a7c15ULL * (left + 1);
    for (std::uint32_t i = 0; i < left; ++i) {
        const std::uint32_t k = number_of(items[i]);  // every element was enqueued: it has a number
        prefix_elements_.push_back(k);
        hash = (hash ^ k) * 0xbf58476d1ce4e5b9ULL;
        hash ^= hash >> 31;
    }
    const auto count = static_cast<std::uint32_t>(prefix_hash_.size());
    const auto same = [&](std::uint32_t p) {
        return prefix_from_[p + 1] - prefix_from_[p] == left &&
               std::equal(prefix_elements_.begin() + prefix_from_[p], prefix_elements_.begin() + prefix_from_[p + 1],
                          prefix_elements_.begin() + static_cast<std::ptrdiff_t>(from));
    };
    FlatIndex::Miss miss;
    std::uint32_t p = prefixes_.find(hash, same, miss);
    if (p == FlatIndex::kNone) {
        p = count;
        prefix_from_.push_back(static_cast<std::uint32_t>(prefix_elements_.size()));
        prefix_hash_.push_back(hash);
        prefixes_.add_at(miss, hash, count, [&](std::uint32_t q) { return prefix_hash_[q]; });
    } else {
        prefix_elements_.resize(from);
    }
    canonical_.emplace(key, kTruncated + p);
    return kTruncated + p;
}

std::uint32_t FifoOrder::front(std::uint32_t id, const Value& state) {
    if (id >= front_.size()) front_.resize(id + 1, kUnknown);
    if (front_[id] != kUnknown) return front_[id];
    const auto items = pruning_->elements(state);
    return front_[id] = items.empty() ? kNone : number_of(items.front());
}

std::size_t FifoOrder::capacity_bytes() const {
    return ops_.capacity() * sizeof(Op) + values_.capacity() * sizeof(Value) +
           (dequeue_call_.capacity() + dequeue_ret_.capacity() + latest_.capacity() + front_.capacity() +
            cover_.capacity() + wanted_from_.capacity() + wanted_bit_.capacity() + dequeue_bits_.capacity() +
            prefix_elements_.capacity() + prefix_from_.capacity()) * 4 + prefix_hash_.capacity() * sizeof(std::size_t) +
           canonical_.size() * 48 + prefixes_.capacity_bytes() +
           ranked_.capacity() +
           (rank_from_.capacity() + rank_bit_.capacity() + rank_call_.capacity() + rank_ret_.capacity() +
            rank_stamp_.capacity() + next_rank_.capacity() + copies_.capacity()) * 4 +
           ranked_dequeues_.capacity() * sizeof(RankedDequeue) + shared_.capacity() +
           all_own_.capacity() * sizeof(OwnDequeue) +
           (need_.capacity() + own_below_.capacity() + copy_after_.capacity() + copy_next_.capacity() + first_copy_.capacity() +
            last_copy_.capacity()) * 4 + crashed_.capacity() * sizeof(Op) +
           blockers_.capacity() * sizeof(Blocker) + number_.capacity_bytes();
}

}  // namespace lincheck::detail
