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
    // The updates, by bit, highest first; in the index, grouped by the state they leave first. The
    // index needs every update to leave a known state (one leaving none, e.g. an indeterminate read,
    // might unblock any query).
    by_bit_.clear();
    indexed_ = pruning_->unblocking_follows_states();
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
    group_leaves_.clear();
    std::vector<std::uint32_t>& group_begin = group_begin_;
    group_begin.clear();
    if (indexed_) {
        index_updates(any_query_unindexed);
    } else {
        sort_updates(0, [](std::uint32_t) { return 0u; });
        group_leaves_.push_back(kNone);
        group_begin.push_back(0);
    }
    group_begin.push_back(static_cast<std::uint32_t>(by_bit_.size()));
    // Runs: each group's, cut where an update was called after the one before it.
    run_begin_.clear();
    group_run_.clear();
    for (std::size_t g = 0; g < group_leaves_.size(); ++g) {
        group_run_.push_back(static_cast<std::uint32_t>(run_begin_.size()));
        for (std::uint32_t i = group_begin[g]; i < group_begin[g + 1]; ++i) {
            if (i == group_begin[g] || ops_[by_bit_[i]].call > ops_[by_bit_[i - 1]].call) run_begin_.push_back(i);
        }
    }
    group_run_.push_back(static_cast<std::uint32_t>(run_begin_.size()));
    run_begin_.push_back(static_cast<std::uint32_t>(by_bit_.size()));
    scans_.assign(n, Scan{});
    found_.clear();
}

// The index (by_bit_ holds the updates): a group per state left, each by bit, highest first; then,
// if some query needs no one state, a group of every update. group_begin_ gets where each begins.
void HopelessQueries::index_updates(bool with_every_update) {
    sort_updates(0, [&](std::uint32_t u) { return ops_[u].leaves; });
    for (std::uint32_t i = 0; i < by_bit_.size(); ++i) {
        if (i == 0 || ops_[by_bit_[i]].leaves != ops_[by_bit_[i - 1]].leaves) {
            group_leaves_.push_back(ops_[by_bit_[i]].leaves);
            group_begin_.push_back(i);
        }
    }
    if (with_every_update) {
        const std::size_t updates = by_bit_.size();
        group_leaves_.push_back(kNone);
        group_begin_.push_back(static_cast<std::uint32_t>(updates));
        by_bit_.reserve(2 * updates);
        for (std::size_t i = 0; i < updates; ++i) by_bit_.push_back(by_bit_[i]);
        sort_updates(updates, [](std::uint32_t) { return 0u; });
    }
}

// Sorts by_bit_[from..] by (major_of(op), bit highest first), as integers (a comparison through ops_
// cost more than the rest of the set-up on the etcd logs).
template <class Major>
void HopelessQueries::sort_updates(std::size_t from, Major&& major_of) {
    sort_keys_.clear();
    for (std::size_t i = from; i < by_bit_.size(); ++i) {
        const std::uint32_t u = by_bit_[i];
        sort_keys_.push_back({(std::uint64_t{major_of(u)} << 32) | (0xffffffffu - ops_[u].bit), u});
    }
    std::sort(sort_keys_.begin(), sort_keys_.end());
    for (std::size_t i = 0; i < sort_keys_.size(); ++i) by_bit_[from + i] = sort_keys_[i].second;
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
            scan.group = g;
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
           (by_bit_.capacity() + run_begin_.capacity() + group_run_.capacity() + group_leaves_.capacity() + group_begin_.capacity()) * 4 +
           sort_keys_.capacity() * sizeof(sort_keys_[0]) + scans_.capacity() * sizeof(Scan) + found_.capacity() * sizeof(Found);
}

}  // namespace lincheck::detail
