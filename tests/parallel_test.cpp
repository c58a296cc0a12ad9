// check_history across keys: thread-count independence, cancellation, the verdict rule, shared limits.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <stdexcept>

#include "lincheck/internal/check_knobs.hpp"
#include "support/history_builder.hpp"
#include "support/random_history.hpp"

namespace lincheck {
namespace {

// Many keys, each a random register history; some corrupted.
std::vector<Operation> many_keys(std::uint64_t seed, int keys) {
    std::mt19937_64 rng(seed);
    std::vector<Event> all;
    testing::RandomHistoryOptions options;
    options.operations = 7;
    options.corrupt_rate = 0.05;
    for (int k = 0; k < keys; ++k) {
        auto events = testing::random_register_history(rng, options);
        for (auto& e : events) {
            e.key = Value::integer(k);
            e.process += 1000 * k;  // processes of different keys are distinct clients
        }
        // Interleave keys coarsely: append; real-time relations across keys do not matter.
        all.insert(all.end(), events.begin(), events.end());
    }
    return pair_events(all);
}

struct Outcome {
    Verdict verdict;
    std::optional<std::size_t> first_failure;
    std::optional<std::size_t> stuck;
    bool operator==(const Outcome&) const = default;
};

Outcome run(const std::vector<Operation>& ops, unsigned jobs) {
    HistoryOptions options;
    options.jobs = jobs;
    const internal::ParallelFromScope on_threads(0);  // on threads, small as the history is
    const auto result = check_history(*make_model("cas-register"), ops, {}, options);
    Outcome o{result.verdict, result.first_failure, std::nullopt};
    if (result.first_failure) o.stuck = result.partitions[*result.first_failure].result.counterexample->stuck_op;
    return o;
}

TEST(Parallel, SameOutcomeWhateverTheThreadCount) {
    int failures = 0;
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        const auto ops = many_keys(seed, 40);
        const Outcome one = run(ops, 1);
        EXPECT_EQ(one, run(ops, 2)) << "seed " << seed;
        EXPECT_EQ(one, run(ops, 4)) << "seed " << seed;
        failures += one.verdict == Verdict::not_linearizable;
    }
    EXPECT_GT(failures, 10);
    EXPECT_LT(failures, 60);
}

TEST(Parallel, ReportedFailureIsTheSmallestFailingKey) {
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        const auto ops = many_keys(seed, 30);
        HistoryOptions all;
        all.all_failures = true;
        all.jobs = 2;
        const internal::ParallelFromScope on_threads(0);
        const auto everything = check_history(*make_model("cas-register"), ops, {}, all);
        std::optional<std::size_t> earliest;
        for (std::size_t i = 0; i < everything.partitions.size(); ++i) {
            const auto& p = everything.partitions[i];
            EXPECT_NE(p.result.verdict, Verdict::unknown) << "all_failures checks every key";
            if (p.result.verdict == Verdict::not_linearizable &&
                (!earliest || p.ops.size() < everything.partitions[*earliest].ops.size())) {
                earliest = i;
            }
        }
        EXPECT_EQ(everything.first_failure, earliest);
        EXPECT_EQ(run(ops, 2).first_failure, earliest) << "seed " << seed;
        EXPECT_EQ(run(ops, 1).first_failure, earliest) << "seed " << seed;
    }
}

TEST(Parallel, UnknownWhenAnyKeyIsUnknownAndNoneFails) {
    // Key 0: hard (30 concurrent distinct writes then two reads that cannot both be right) and so
    // unknown under a tight limit; key 1: fine. Verdict: unknown, never linearizable.
    testing::H h = testing::hard_register_history();
    h.invoke(200, "write", testing::I(1)).ok(200, "write", testing::I(1));
    auto events = h.events();
    for (auto& e : events) e.key = Value::integer(e.process == 200 ? 1 : 0);
    CheckLimits limits;
    limits.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
    const auto result = check_history(*make_model("register"), pair_events(events), limits);
    EXPECT_EQ(result.verdict, Verdict::unknown);
    EXPECT_EQ(result.partitions[1].result.verdict, Verdict::linearizable);
}

// The small end of the keys is checked on the calling thread at once, not queued as a task for a
// worker that a busy machine may not run: with no worker at all, a failing small key settles the
// verdict and the large key is never started. (It was: the calling thread took its own last task
// first, the large end, and searched the largest key while the failing one waited.)
TEST(Parallel, SmallKeysFirstEvenWithoutWorkers) {
    testing::H h;
    h.key(testing::I(0));
    for (int i = 0; i < 200; ++i) h.invoke(1, "write", testing::I(i)).ok(1, "write", testing::I(i));
    h.key(testing::I(1));
    h.invoke(2, "write", testing::I(1)).ok(2, "write", testing::I(1)).invoke(2, "read").ok(2, "read", testing::I(2));
    tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    HistoryOptions options;
    options.jobs = 2;
    const internal::ParallelFromScope on_threads(0);
    const auto result = check_history(*make_model("register"), pair_events(h.events()), {}, options);
    EXPECT_EQ(result.verdict, Verdict::not_linearizable);
    EXPECT_EQ(result.first_failure, 1u);
    EXPECT_EQ(result.partitions[0].result.unknown_reason, "not checked: a smaller key already failed");
}

TEST(Parallel, MemoryLimitIsSharedAcrossKeys) {
    MemoryBudget budget(1000);
    EXPECT_TRUE(budget.charge(600));
    EXPECT_FALSE(budget.charge(600));
    EXPECT_TRUE(budget.charge(-600));
}

// One search over every key (--no-partition) is only for a model that keeps keys apart itself (kv):
// a register model would see one register and could pass a stale read on one key because another key
// holds the value read (issue 15). check_history refuses rather than give another verdict.
TEST(Parallel, NoPartitionRefusesKeysForAModelOfOneObject) {
    const auto ops = many_keys(7, 3);
    HistoryOptions options;
    options.partition_by_key = false;
    EXPECT_THROW(check_history(*make_model("cas-register"), ops, {}, options), std::invalid_argument);
    // Without keys there is nothing to mix up.
    auto unkeyed = ops;
    for (Operation& op : unkeyed) op.key.reset();
    EXPECT_EQ(check_history(*make_model("cas-register"), unkeyed, {}, options).partitions.size(), 1u);
}

TEST(Parallel, NoPartitionChecksKvKeysInOneSearchWithTheSameVerdict) {
    // put x "a"; put y "b"; get x -> "a" (fine), then get y -> "a" (stale: y holds "b").
    using testing::H;
    using testing::S;
    for (const bool stale : {false, true}) {
        H h;
        h.key(S("x")).invoke(0, "put", S("a")).ok(0, "put", S("a"));
        h.key(S("y")).invoke(1, "put", S("b")).ok(1, "put", S("b"));
        h.key(S("x")).invoke(2, "get").ok(2, "get", S("a"));
        if (stale) h.key(S("y")).invoke(2, "get").ok(2, "get", S("a"));
        HistoryOptions options;
        options.partition_by_key = false;
        const auto kv = make_model("kv");
        const auto whole = check_history(*kv, h.ops(), {}, options);
        EXPECT_EQ(whole.partitions.size(), 1u);
        EXPECT_EQ(whole.verdict, check_history(*kv, h.ops()).verdict);
        EXPECT_EQ(whole.verdict, stale ? Verdict::not_linearizable : Verdict::linearizable);
    }
}

// Operations are validated by several threads, but the error is the first offending operation's.
TEST(Parallel, ValidationReportsTheFirstBadOperation) {
    auto ops = many_keys(11, 2000);
    ASSERT_GT(ops.size(), 9000u);
    ops[3000].f = "frobnicate";
    ops[3000].invoke_pos = SourcePos{3001, 1, 0};
    ops[7000].f = "frobnicate";
    ops[7000].invoke_pos = SourcePos{7001, 1, 0};
    for (unsigned jobs : {1u, 2u, 4u}) {
        try {
            validate_operations(*make_model("cas-register"), ops, jobs);
            ADD_FAILURE() << "no error with " << jobs << " threads";
        } catch (const InputError& e) {
            EXPECT_EQ(e.pos().line, 3001u) << jobs << " threads";
        }
        HistoryOptions options;
        options.jobs = jobs;
        EXPECT_THROW(check_history(*make_model("cas-register"), ops, {}, options), InputError);
    }
}

}  // namespace
}  // namespace lincheck
