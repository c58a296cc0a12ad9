#pragma once
// Two searches of one history that must have gone exactly the same way (two paths through the
// search, or the search with and without a shortcut): the same verdict, linearization, final
// states, counts and counterexample. And two check_history results partition by partition.
#include <gtest/gtest.h>

#include <string>

#include "lincheck/check.hpp"

namespace lincheck::testing {

inline void expect_same_search(const CheckResult& a, const CheckResult& b, const std::string& what) {
    EXPECT_EQ(a.verdict, b.verdict) << what;
    EXPECT_EQ(a.linearization, b.linearization) << what;
    EXPECT_EQ(a.final_states, b.final_states) << what;
    EXPECT_EQ(a.stats.configurations, b.stats.configurations) << what;
    EXPECT_EQ(a.stats.steps, b.stats.steps) << what;
    EXPECT_EQ(a.stats.states, b.stats.states) << what;
    EXPECT_EQ(a.counterexample.has_value(), b.counterexample.has_value()) << what;
    if (a.counterexample && b.counterexample) {
        EXPECT_EQ(a.counterexample->stuck_op, b.counterexample->stuck_op) << what;
        EXPECT_EQ(a.counterexample->longest_prefix, b.counterexample->longest_prefix) << what;
        EXPECT_EQ(a.counterexample->states_before, b.counterexample->states_before) << what;
    }
}

// Every count of two searches' stats.
inline void expect_same_stats(const CheckStats& a, const CheckStats& b, const std::string& what) {
    EXPECT_EQ(a.configurations, b.configurations) << what;
    EXPECT_EQ(a.steps, b.steps) << what;
    EXPECT_EQ(a.cache_bytes, b.cache_bytes) << what;
    EXPECT_EQ(a.config_cache_bytes, b.config_cache_bytes) << what;
    EXPECT_EQ(a.states, b.states) << what;
    EXPECT_EQ(a.op_kinds, b.op_kinds) << what;
    EXPECT_EQ(a.dropped_queries, b.dropped_queries) << what;
    EXPECT_EQ(a.hopeless_dropped, b.hopeless_dropped) << what;
}

// Two check_history results of one history, partition by partition: the verdicts, the failure
// reported, each partition's key, indices, engine, verdict, reason and stats; then
// `more(a's partition, b's partition, where)` for what a test compares besides.
template <class More>
void expect_same_partitions(const HistoryResult& a, const HistoryResult& b, const std::string& where, More&& more) {
    ASSERT_EQ(a.verdict, b.verdict) << where;
    ASSERT_EQ(a.first_failure, b.first_failure) << where;
    ASSERT_EQ(a.partitions.size(), b.partitions.size()) << where;
    for (std::size_t p = 0; p < a.partitions.size(); ++p) {
        const PartitionResult& x = a.partitions[p];
        const PartitionResult& y = b.partitions[p];
        const std::string at = where + ", partition " + std::to_string(p);
        EXPECT_EQ(x.key, y.key) << at;
        EXPECT_EQ(x.op_indices, y.op_indices) << at;
        EXPECT_EQ(x.engine, y.engine) << at;
        EXPECT_EQ(x.engine_note, y.engine_note) << at;
        EXPECT_EQ(x.result.verdict, y.result.verdict) << at;
        EXPECT_EQ(x.result.unknown_reason, y.result.unknown_reason) << at;
        expect_same_stats(x.result.stats, y.result.stats, at);
        more(x, y, at);
    }
}

}  // namespace lincheck::testing
