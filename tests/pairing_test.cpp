#include "lincheck/pairing.hpp"

#include <gtest/gtest.h>

#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;

TEST(Pairing, CompletedOperationTakesTheCompletionsValue) {
    const auto ops = H().invoke(0, "read").ok(0, "read", I(5)).ops();
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0].value, I(5));
    EXPECT_EQ(ops[0].outcome, Outcome::ok);
    EXPECT_EQ(ops[0].call, 0u);
    EXPECT_EQ(ops[0].ret, 1u);
}

TEST(Pairing, CompletionWithoutValueKeepsTheInvokes) {
    const auto ops = H().invoke(0, "write", I(3)).ok_bare(0, "write").ops();
    EXPECT_EQ(ops[0].value, I(3));
}

TEST(Pairing, FailIsDropped) {
    PairingStats stats;
    const auto ops = pair_events(H().invoke(0, "write", I(1)).fail(0, "write", I(1)).events(), {}, &stats);
    EXPECT_TRUE(ops.empty());
    EXPECT_EQ(stats.failed_dropped, 1u);
}

TEST(Pairing, InfoKeepsTheInvokesValueNotTheErrorToken) {
    const auto ops = H().invoke(0, "write", I(7)).info(0, "write", Value::keyword("timed-out")).ops();
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0].value, I(7));
    EXPECT_EQ(ops[0].outcome, Outcome::info);
    EXPECT_EQ(ops[0].ret, kNever);
}

TEST(Pairing, InvokeWithoutCompletionIsPending) {
    const auto ops = H().invoke(0, "write", I(7)).ops();
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0].outcome, Outcome::pending);
    EXPECT_EQ(ops[0].ret, kNever);
}

TEST(Pairing, ExplicitPendingEventIsPending) {
    const auto ops = H().invoke(0, "write", I(7)).pending(0, "write").ops();
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0].outcome, Outcome::pending);
}

TEST(Pairing, ProcessMayBeReusedAfterInfo) {
    const auto ops = H().invoke(0, "write", I(1)).info(0, "write").invoke(0, "read").ok(0, "read", I(1)).ops();
    ASSERT_EQ(ops.size(), 2u);
    EXPECT_EQ(ops[0].outcome, Outcome::info);
    EXPECT_EQ(ops[1].outcome, Outcome::ok);
}

TEST(Pairing, SecondInvokeOnBusyProcessIsAnError) {
    try {
        H().invoke(0, "write", I(1)).invoke(0, "read").ops();
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(e.pos().line, 2u);
        EXPECT_NE(std::string(e.what()).find("has not completed"), std::string::npos);
    }
}

TEST(Pairing, CompletionWithoutInvokeIsAnError) {
    try {
        H().ok(3, "read", I(1)).ops();
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(e.pos().line, 1u);
        EXPECT_NE(std::string(e.what()).find("no open invoke"), std::string::npos);
    }
}

// A client's log event (Jepsen: `{:type :info, :f :setup-logging, :process 1}` with no invoke before it)
// is not an operation: skipped and counted, never an error, and the process stays idle.
TEST(Pairing, OrphanInfoIsSkippedAndCounted) {
    PairingStats stats;
    const auto ops = pair_events(H().info(1, "setup-logging", Value::nil())
                                     .invoke(1, "write", I(3))
                                     .ok(1, "write", I(3))
                                     .info(1, "log")
                                     .info(2, "log")
                                     .invoke(1, "read")
                                     .ok(1, "read", I(3))
                                     .events(),
                                 {}, &stats);
    ASSERT_EQ(ops.size(), 2u);
    EXPECT_EQ(ops[0].f, "write");
    EXPECT_EQ(ops[1].f, "read");
    EXPECT_EQ(stats.orphan_info, 3u);
    EXPECT_EQ(stats.indeterminate, 0u);
}

// An info that follows an invoke still completes it (it is not an orphan).
TEST(Pairing, InfoAfterInvokeIsNotAnOrphan) {
    PairingStats stats;
    const auto ops = pair_events(H().invoke(0, "write", I(1)).info(0, "write").info(0, "write").events(), {}, &stats);
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0].outcome, Outcome::info);
    EXPECT_EQ(stats.orphan_info, 1u);  // the second one
}

TEST(Pairing, OrphanOkOrFailStaysAnError) {
    EXPECT_THROW(H().fail(3, "read", I(1)).ops(), InputError);
    EXPECT_THROW(H().invoke(3, "read").ok(3, "read", I(1)).ok(3, "read", I(1)).ops(), InputError);
}

TEST(Pairing, CompletionWithDifferentFIsAnError) {
    try {
        H().invoke(0, "write", I(1)).ok(0, "read", I(1)).ops();
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(e.pos().line, 2u);
        EXPECT_NE(std::string(e.what()).find("the f differs"), std::string::npos);
    }
}

TEST(Pairing, OrderByTimeSortsEvents) {
    auto events = H().invoke(0, "write", I(1)).invoke(1, "read").ok(1, "read", I(1)).ok(0, "write", I(1)).events();
    events[0].time = 0;
    events[1].time = 3;
    events[2].time = 4;
    events[3].time = 1;  // the write completed before the read began
    const auto ops = pair_events(events, PairingOptions{true});
    ASSERT_EQ(ops.size(), 2u);
    EXPECT_LT(ops[0].ret, ops[1].call);
}

// Small non-negative process ids and the others (negative, huge) are kept apart inside the pairer.
TEST(Pairing, AnyProcessIdPairs) {
    constexpr std::int64_t kHuge = std::int64_t{1} << 40;
    const auto ops = H().invoke(-7, "write", I(1))
                         .invoke(kHuge, "write", I(2))
                         .invoke(3, "read")
                         .ok(kHuge, "write", I(2))
                         .ok(3, "read", I(2))
                         .info(-7, "write")
                         .invoke(kHuge, "read")
                         .ok(kHuge, "read", I(1))
                         .ops();
    ASSERT_EQ(ops.size(), 4u);
    EXPECT_EQ(ops[0].process, -7);
    EXPECT_EQ(ops[0].outcome, Outcome::info);
    EXPECT_EQ(ops[1].process, kHuge);
    EXPECT_EQ(ops[1].ret, 3u);
    EXPECT_EQ(ops[2].process, 3);
    EXPECT_EQ(ops[2].ret, 4u);
    EXPECT_EQ(ops[3].process, kHuge);
    EXPECT_EQ(ops[3].value, I(1));
    EXPECT_THROW(H().invoke(kHuge, "read").invoke(kHuge, "read").ops(), InputError);
    EXPECT_THROW(H().invoke(-1, "read").ok(-2, "read", I(0)).ops(), InputError);
}

TEST(Pairing, OrderByTimeNeedsTimes) {
    EXPECT_THROW(pair_events(H().invoke(0, "read").events(), PairingOptions{true}), InputError);
}

}  // namespace
}  // namespace lincheck
