#include "hopeless_queries.hpp"

#include <algorithm>

namespace lincheck::detail {

void HopelessQueries::prepare() {
    static const Value kNil;
    const auto n = static_cast<std::uint32_t>(ops_.size());
    key_of_.resize(n);
    key_value_.clear();
    key_index_.reset(n);
    // Number the keys. Ops of one search usually share one key: compare with the previous op's first.
    for (std::uint32_t j = 0; j < n; ++j) {
        const Value& key = ops_[j].op->key ? *ops_[j].op->key : kNil;
        if (j > 0 && *key_value_[key_of_[j - 1]] == key) {
            key_of_[j] = key_of_[j - 1];
            continue;
        }
        const auto fresh = static_cast<std::uint32_t>(key_value_.size());
        key_of_[j] = key_index_.find_or_add(key.hash(), fresh, [&](std::uint32_t k) { return *key_value_[k] == key; });
        if (key_of_[j] == fresh) key_value_.push_back(&key);
    }
    // Group the queries by key (counting sort, stable: call order), then each group by bit.
    const std::size_t keys = key_value_.size();
    key_start_.assign(keys + 1, 0);
    for (std::uint32_t j = 0; j < n; ++j) {
        if (ops_[j].query) ++key_start_[key_of_[j] + 1];
    }
    for (std::size_t k = 0; k < keys; ++k) key_start_[k + 1] += key_start_[k];
    queries_.resize(key_start_[keys]);
    {
        std::vector<std::uint32_t>& at = unblockers_count_;  // borrowed as the fill positions
        at.assign(key_start_.begin(), key_start_.end() - 1);
        for (std::uint32_t j = 0; j < n; ++j) {
            if (ops_[j].query) queries_[at[key_of_[j]]++] = j;
        }
    }
    const auto by_bit = [&](std::uint32_t a, std::uint32_t b) { return ops_[a].bit < ops_[b].bit; };
    for (std::size_t k = 0; k < keys; ++k) {
        const auto begin = queries_.begin() + key_start_[k], end = queries_.begin() + key_start_[k + 1];
        if (!std::is_sorted(begin, end, by_bit)) std::sort(begin, end, by_bit);
    }
    unblockers_at_.assign(n, kNone);
    unblockers_count_.assign(n, 0);
    unblocker_pool_.clear();
}

std::span<const std::uint32_t> HopelessQueries::unblockers(std::uint32_t q) {
    if (unblockers_at_[q] == kNone) {
        const auto at = static_cast<std::uint32_t>(unblocker_pool_.size());
        // Ops come in call order: the first one called after q returns ends the list.
        for (std::uint32_t u = 0; u < ops_.size() && ops_[u].call <= ops_[q].ret; ++u) {
            if (ops_[u].query) continue;
            if (!pruning_->keeps_hopeless(*ops_[u].op, *ops_[q].op)) unblocker_pool_.push_back(u);
        }
        std::sort(unblocker_pool_.begin() + at, unblocker_pool_.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return ops_[a].bit > ops_[b].bit; });
        unblockers_at_[q] = at;
        unblockers_count_[q] = static_cast<std::uint32_t>(unblocker_pool_.size() - at);
    }
    return {unblocker_pool_.data() + unblockers_at_[q], unblockers_count_[q]};
}

std::size_t HopelessQueries::capacity_bytes() const {
    return ops_.capacity() * sizeof(Op) + key_of_.capacity() * 4 + key_value_.capacity() * sizeof(const Value*) +
           key_start_.capacity() * 4 + queries_.capacity() * 4 + key_index_.capacity_bytes() +
           (unblockers_at_.capacity() + unblockers_count_.capacity() + unblocker_pool_.capacity()) * 4;
}

}  // namespace lincheck::detail
