#include "fifo_order.hpp"

#include <algorithm>
#include <unordered_map>

namespace lincheck::detail {

bool FifoOrder::prepare() {
    values_.clear();
    dequeue_call_.clear();
    dequeue_ret_.clear();
    blockers_.clear();
    latest_.clear();
    undequeued_call_ = kNever;
    std::unordered_map<Value, std::uint32_t, ValueHash> number;  // element -> its number
    std::vector<std::uint32_t> enqueues;                         // ops, for the blockers
    for (std::uint32_t j = 0; j < ops_.size(); ++j) {
        const Operation& op = *ops_[j].op;
        if (const auto v = pruning_->dequeued(op)) {
            if (v->is_nil()) {
                blockers_.push_back({ops_[j].ret, ops_[j].bit});
                continue;
            }
            const auto [it, fresh] = number.try_emplace(*v, static_cast<std::uint32_t>(values_.size()));
            if (!fresh) return false;  // dequeued twice: not distinct
            values_.push_back(*v);
            dequeue_call_.push_back(ops_[j].call);
            dequeue_ret_.push_back(ops_[j].ret);
        } else if (pruning_->enqueued(op)) {
            enqueues.push_back(j);
        } else {
            undequeued_call_ = 0;  // an indeterminate dequeue: it may remove any element
        }
    }
    dequeued_count_ = static_cast<std::uint32_t>(values_.size());
    std::vector<std::uint8_t> seen(values_.size(), 0);
    for (const std::uint32_t j : enqueues) {
        Value v = *pruning_->enqueued(*ops_[j].op);
        const auto [it, fresh] = number.try_emplace(v, static_cast<std::uint32_t>(values_.size()));
        if (it->second >= dequeued_count_) {  // never dequeued: ahead of nothing that is
            if (!fresh) return false;         // enqueued twice
            values_.push_back(std::move(v));
            dequeue_call_.push_back(undequeued_call_);
            dequeue_ret_.push_back(kNone);
            continue;
        }
        if (seen[it->second]++) return false;
        blockers_.push_back({dequeue_ret_[it->second], ops_[j].bit});
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
        const std::uint32_t k = number_.find_or_add(v.hash(), kNone, [&](std::uint32_t other) { return values_[other] == v; });
        if (k == kNone) return latest_[id] = 0;  // cannot happen; prune nothing rather than guess
        if (dequeue_ret_[k] < latest) {  // its dequeue returns before one ahead of it is called
            latest = kHopeless;
            break;
        }
        latest = std::max(latest, dequeue_call_[k]);
    }
    latest_[id] = latest;
    return latest;
}

std::size_t FifoOrder::capacity_bytes() const {
    return ops_.capacity() * sizeof(Op) + values_.capacity() * sizeof(Value) +
           (dequeue_call_.capacity() + dequeue_ret_.capacity() + latest_.capacity()) * 4 +
           blockers_.capacity() * sizeof(Blocker) + number_.capacity_bytes();
}

}  // namespace lincheck::detail
