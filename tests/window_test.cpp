// The smallest failing window, checked against the definition with the brute-force oracle.
#include "lincheck/window.hpp"

#include <gtest/gtest.h>

#include "support/history_builder.hpp"
#include "support/oracle.hpp"
#include "support/random_history.hpp"
#include "support/window_oracle.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;

using testing::window_fails;

TEST(Window, StaleReadWindowIsTheReadFromTheOverwrittenState) {
    const auto ops = H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                         .invoke(0, "write", I(2)).ok(0, "write", I(2))
                         .invoke(1, "read").ok(1, "read", I(1)).ops();
    const auto w = find_failure_window(*make_model("register"), ops);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->failing_op, 2u);
    EXPECT_EQ(w->ops, (std::vector<std::size_t>{2}));
    EXPECT_EQ(w->start_states, (std::vector<Value>{I(2)}));
}

TEST(Window, FailingOpIsTheFirstCompletionThatCannotBeExplained) {
    // The read of 9 fails first; the later stale read is not the first failure.
    const auto ops = H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                         .invoke(1, "read").ok(1, "read", I(9))
                         .invoke(0, "write", I(2)).ok(0, "write", I(2))
                         .invoke(1, "read").ok(1, "read", I(1)).ops();
    const auto w = find_failure_window(*make_model("register"), ops);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->failing_op, 1u);
}

TEST(Window, LinearizableHistoryHasNoWindow) {
    const auto ops = H().invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(1, "read").ok(1, "read", I(1)).ops();
    EXPECT_FALSE(find_failure_window(*make_model("register"), ops));
}

TEST(Window, RandomInvalidHistoriesGetFailingMinimalWindows) {
    const auto model = make_model("cas-register");
    int checked = 0, alone = 0;
    std::size_t total_window_ops = 0;
    for (std::uint64_t seed = 1; checked < 1500 && seed < 20000; ++seed) {
        std::mt19937_64 rng(seed);
        testing::RandomHistoryOptions options;
        options.processes = 1 + static_cast<int>(rng() % 4);
        options.operations = 2 + static_cast<int>(rng() % 6);
        options.corrupt_rate = 0.8;
        const auto ops = pair_events(testing::random_register_history(rng, options));
        if (testing::oracle_linearizable(*model, ops)) {
            EXPECT_FALSE(find_failure_window(*model, ops)) << "seed " << seed;
            continue;
        }
        ++checked;
        const auto w = find_failure_window(*model, ops);
        ASSERT_TRUE(w) << "seed " << seed;
        const std::size_t x = w->failing_op;
        ASSERT_TRUE(ops[x].completed());
        total_window_ops += w->ops.size();
        // X is the first failure: the prefix through its completion fails, through any earlier one not.
        EXPECT_TRUE(window_fails(*model, ops, x, 0)) << "seed " << seed;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            if (ops[i].completed() && ops[i].ret < ops[x].ret) {
                EXPECT_FALSE(window_fails(*model, ops, i, 0)) << "seed " << seed << ": op " << i << " fails earlier";
            }
        }
        EXPECT_EQ(w->states_before, testing::oracle_states_before(*model, ops, x)) << "seed " << seed;
        if (w->failing_op_alone) {  // X alone, which can take effect in none of the states before it
            ++alone;
            std::vector<Value> next;
            for (const Value& s : w->states_before) model->step(s, ops[x], next);
            EXPECT_TRUE(next.empty()) << "seed " << seed;
            EXPECT_EQ(w->ops, (std::vector<std::size_t>{x}));
            EXPECT_EQ(w->start_states, w->states_before);
            continue;
        }
        // The window fails from its start states...
        std::vector<Value> start;
        EXPECT_TRUE(window_fails(*model, ops, x, w->cut, &start)) << "seed " << seed;
        EXPECT_EQ(start, w->start_states) << "seed " << seed;
        // ...and starting one invocation later, it no longer does.
        std::optional<std::uint64_t> later;
        for (const Operation& op : ops) {
            if (op.call > w->cut && op.call <= ops[x].call && (!later || op.call < *later)) later = op.call;
        }
        if (later) {
            EXPECT_FALSE(window_fails(*model, ops, x, *later)) << "seed " << seed;
        }
    }
    EXPECT_GE(checked, 1000);
    std::printf("%d invalid histories; mean window %.2f ops; %d the failing op alone\n", checked,
                static_cast<double>(total_window_ops) / checked, alone);
}

}  // namespace
}  // namespace lincheck
