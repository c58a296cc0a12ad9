#include "hopeless_queries.hpp"

#include <algorithm>
#include <unordered_map>

namespace lincheck::detail {

HopelessQueries::HopelessQueries(const QueryPruning& pruning, std::vector<Op> ops)
    : pruning_(pruning), ops_(std::move(ops)), key_of_(ops_.size(), kNoKey), unblockers_(ops_.size()),
      unblockers_known_(ops_.size(), false) {
    std::unordered_map<Value, std::uint32_t, ValueHash> key_index;
    for (std::uint32_t j = 0; j < ops_.size(); ++j) {
        const auto [it, fresh] = key_index.try_emplace(ops_[j].op->key.value_or(Value::nil()),
                                                       static_cast<std::uint32_t>(queries_of_key_.size()));
        if (fresh) queries_of_key_.emplace_back();
        key_of_[j] = it->second;
        if (ops_[j].query) queries_of_key_[it->second].push_back(j);
    }
    for (auto& list : queries_of_key_) {
        std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) { return ops_[a].bit < ops_[b].bit; });
    }
}

const std::vector<std::uint32_t>& HopelessQueries::unblockers(std::uint32_t q) {
    std::vector<std::uint32_t>& list = unblockers_[q];
    if (unblockers_known_[q]) return list;
    unblockers_known_[q] = true;
    for (std::uint32_t u = 0; u < ops_.size(); ++u) {
        if (ops_[u].query || ops_[u].call > ops_[q].ret) continue;
        if (!pruning_.keeps_hopeless(*ops_[u].op, *ops_[q].op)) list.push_back(u);
    }
    std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) { return ops_[a].bit > ops_[b].bit; });
    return list;
}

}  // namespace lincheck::detail
