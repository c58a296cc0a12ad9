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
    // The updates; grouped by the state they leave when every one leaves a known state (an update
    // leaving none, e.g. an indeterminate read, might unblock any query: no index then).
    by_bit_.clear();
    indexed_ = pruning_->unblocked_only_by_leavers();
    bool any_query_unindexed = false;
    for (std::uint32_t j = 0; j < n; ++j) {
        if (!ops_[j].query) {
            by_bit_.push_back(j);
            if (ops_[j].leaves == kNone) indexed_ = false;
        } else if (ops_[j].needs == kNone) {
            any_query_unindexed = true;
        }
    }
    if (by_bit_.empty()) indexed_ = false;
    const auto higher_bit = [&](std::uint32_t a, std::uint32_t b) { return ops_[a].bit > ops_[b].bit; };
    group_leaves_.clear();
    const auto updates = by_bit_.size();
    if (indexed_) {
        std::sort(by_bit_.begin(), by_bit_.end(), [&](std::uint32_t a, std::uint32_t b) {
            return ops_[a].leaves != ops_[b].leaves ? ops_[a].leaves < ops_[b].leaves : ops_[a].bit > ops_[b].bit;
        });
        for (std::size_t i = 0; i < updates; ++i) {
            if (i == 0 || ops_[by_bit_[i]].leaves != ops_[by_bit_[i - 1]].leaves) group_leaves_.push_back(ops_[by_bit_[i]].leaves);
        }
        if (any_query_unindexed) {  // one more group: every update
            for (std::size_t i = 0; i < updates; ++i) by_bit_.push_back(by_bit_[i]);
            std::sort(by_bit_.begin() + static_cast<std::ptrdiff_t>(updates), by_bit_.end(), higher_bit);
            group_leaves_.push_back(kNone);
        }
    } else {
        std::sort(by_bit_.begin(), by_bit_.end(), higher_bit);
        group_leaves_.push_back(kNone);
    }
    // Runs: a group starts one, and so does an update called after the one before it.
    run_begin_.clear();
    group_run_.clear();
    for (std::uint32_t i = 0; i < by_bit_.size(); ++i) {
        const std::uint32_t u = by_bit_[i];
        const bool group_starts = i == 0 || (indexed_ && (i == updates || (i < updates && ops_[u].leaves != ops_[by_bit_[i - 1]].leaves)));
        if (group_starts) group_run_.push_back(static_cast<std::uint32_t>(run_begin_.size()));
        if (group_starts || ops_[u].call > ops_[by_bit_[i - 1]].call) run_begin_.push_back(i);
    }
    run_begin_.push_back(static_cast<std::uint32_t>(by_bit_.size()));
    while (group_run_.size() < group_leaves_.size() + 1) group_run_.push_back(static_cast<std::uint32_t>(run_begin_.size() - 1));
    scans_.assign(n, Scan{});
    found_.clear();
}

HopelessQueries::Scan& HopelessQueries::scan_of(std::uint32_t q) {
    Scan& scan = scans_[q];
    if (scan.run == kNone) {
        // The group of the state q needs (none: no update can unblock it), or of every update.
        const std::uint32_t needs = indexed_ ? ops_[q].needs : kNone;
        const auto it = std::lower_bound(group_leaves_.begin(), group_leaves_.end(), needs);
        const auto g = static_cast<std::uint32_t>(it - group_leaves_.begin());
        if (it == group_leaves_.end() || *it != needs) {
            scan.run = scan.end = 0;
        } else {
            scan.run = group_run_[g];
            scan.end = group_run_[g + 1];
            if (scan.run < scan.end) scan.at = run_start(scan.run, q);
        }
    }
    return scan;
}

// The first of run r's ops called before q returns (along a run the call goes down).
std::uint32_t HopelessQueries::run_start(std::uint32_t run, std::uint32_t q) const {
    const auto begin = by_bit_.begin() + run_begin_[run], end = by_bit_.begin() + run_begin_[run + 1];
    const std::uint32_t ret = ops_[q].ret;
    return static_cast<std::uint32_t>(std::partition_point(begin, end, [&](std::uint32_t u) { return ops_[u].call > ret; }) -
                                      by_bit_.begin());
}

std::uint32_t HopelessQueries::peek(Scan& scan, std::uint32_t q) {
    while (scan.run < scan.end) {
        if (scan.at < run_begin_[scan.run + 1]) return by_bit_[scan.at];
        if (++scan.run < scan.end) scan.at = run_start(scan.run, q);
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
           (by_bit_.capacity() + run_begin_.capacity() + group_run_.capacity() + group_leaves_.capacity()) * 4 + scans_.capacity() * sizeof(Scan) + found_.capacity() * sizeof(Found);
}

}  // namespace lincheck::detail
