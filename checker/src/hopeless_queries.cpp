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
        std::vector<std::uint32_t>& at = run_begin_;  // borrowed as the fill positions
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
    by_bit_.clear();
    for (std::uint32_t j = 0; j < n; ++j) {
        if (!ops_[j].query) by_bit_.push_back(j);
    }
    std::sort(by_bit_.begin(), by_bit_.end(), [&](std::uint32_t a, std::uint32_t b) { return ops_[a].bit > ops_[b].bit; });
    run_begin_.clear();
    for (std::uint32_t i = 0; i < by_bit_.size(); ++i) {
        if (i == 0 || ops_[by_bit_[i]].call > ops_[by_bit_[i - 1]].call) run_begin_.push_back(i);
    }
    run_begin_.push_back(static_cast<std::uint32_t>(by_bit_.size()));
    scans_.assign(n, Scan{});
    found_.clear();
}

HopelessQueries::Scan& HopelessQueries::scan_of(std::uint32_t q) {
    Scan& scan = scans_[q];
    if (scan.run == kNone) {
        scan.run = 0;
        scan.at = run_start(0, q);
    }
    return scan;
}

// The first of run r's ops called before q returns (along a run the call goes down).
std::uint32_t HopelessQueries::run_start(std::uint32_t run, std::uint32_t q) const {
    if (run + 1 >= run_begin_.size()) return 0;
    const auto begin = by_bit_.begin() + run_begin_[run], end = by_bit_.begin() + run_begin_[run + 1];
    const std::uint32_t ret = ops_[q].ret;
    return static_cast<std::uint32_t>(std::partition_point(begin, end, [&](std::uint32_t u) { return ops_[u].call > ret; }) -
                                      by_bit_.begin());
}

std::uint32_t HopelessQueries::peek(Scan& scan, std::uint32_t q) {
    while (scan.run + 1 < run_begin_.size()) {
        if (scan.at < run_begin_[scan.run + 1]) return by_bit_[scan.at];
        ++scan.run;
        scan.at = run_start(scan.run, q);
    }
    return kNone;
}

void HopelessQueries::keep(Scan& scan, std::uint32_t u) {
    const auto at = static_cast<std::uint32_t>(found_.size());
    found_.push_back({u, kNone});
    if (scan.last == kNone) scan.first = at;
    else found_[scan.last].next = at;
    scan.last = at;
}

std::size_t HopelessQueries::capacity_bytes() const {
    return ops_.capacity() * sizeof(Op) + key_of_.capacity() * 4 + key_value_.capacity() * sizeof(const Value*) +
           key_start_.capacity() * 4 + queries_.capacity() * 4 + key_index_.capacity_bytes() +
           (by_bit_.capacity() + run_begin_.capacity()) * 4 + scans_.capacity() * sizeof(Scan) + found_.capacity() * sizeof(Found);
}

}  // namespace lincheck::detail
