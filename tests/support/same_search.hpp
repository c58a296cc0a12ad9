#pragma once
// Two searches of one history that must have gone exactly the same way (two paths through the
// search, or the search with and without a shortcut): the same verdict, linearization, final
// states, counts and counterexample.
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

}  // namespace lincheck::testing
