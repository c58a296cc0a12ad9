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
    std::vector<std::uint8_t> seen(values_.size(), 0);
    std::unordered_map<Value, std::uint8_t, ValueHash> undequeued;
    for (const std::uint32_t j : enqueues) {
        const Value v = *pruning_->enqueued(*ops_[j].op);
        const auto it = number.find(v);
        if (it == number.end()) {
            if (!undequeued.try_emplace(v, 1).second) return false;  // enqueued twice
            continue;
        }
        if (seen[it->second]++) return false;
        blockers_.push_back({dequeue_ret_[it->second], ops_[j].bit});
    }
    std::sort(blockers_.begin(), blockers_.end(), [](const Blocker& a, const Blocker& b) { return a.ret < b.ret; });
    // Elements are looked up by value per new state; keep the map's contents as a sorted vector.
    order_.clear();
    for (std::uint32_t k = 0; k < values_.size(); ++k) order_.push_back(k);
    std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return values_[a] < values_[b]; });
    return true;
}

std::uint32_t FifoOrder::latest_dequeue_call(std::uint32_t id, const Value& state) {
    if (id >= latest_.size()) latest_.resize(id + 1, kUnknown);
    if (latest_[id] != kUnknown) return latest_[id];
    std::uint32_t latest = 0;  // of the elements ahead
    for (const Value& v : pruning_->elements(state)) {
        const auto it = std::lower_bound(order_.begin(), order_.end(), v,
                                         [&](std::uint32_t k, const Value& x) { return values_[k] < x; });
        if (it == order_.end() || values_[*it] != v) {
            latest = std::max(latest, undequeued_call_);
            continue;
        }
        if (dequeue_ret_[*it] < latest) {  // its dequeue returns before one ahead of it is called
            latest = kHopeless;
            break;
        }
        latest = std::max(latest, dequeue_call_[*it]);
    }
    latest_[id] = latest;
    return latest;
}

std::size_t FifoOrder::capacity_bytes() const {
    return ops_.capacity() * sizeof(Op) + values_.capacity() * sizeof(Value) +
           (dequeue_call_.capacity() + dequeue_ret_.capacity() + latest_.capacity() + order_.capacity()) * 4 +
           blockers_.capacity() * sizeof(Blocker);
}

}  // namespace lincheck::detail
