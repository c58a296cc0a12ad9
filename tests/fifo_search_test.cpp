// The FIFO queue's search shortcuts (checker/src/fifo_order.*: the queue-order pruning, with repeated
// values, and doomed dequeues) against the brute-force oracle and the plain search (issue 17), and the
// fuzzer's two cliffs decided by the search alone in a few configurations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <utility>

#include "common/unique_history.hpp"
#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "stress_history.hpp"
#include "support/oracle.hpp"
#include "support/plain_search.hpp"
#include "support/random_queue.hpp"

namespace lincheck {
namespace {

using testing::dump_ops;

// A queue history drawn at random (support/random_queue.hpp): mostly not linearizable, with dequeues
// that the doomed-dequeue rule and the order pruning must judge right. With `crashed_dequeues`, every
// other dequeue is indeterminate (info or pending) and enqueues complete.
std::vector<Operation> drawn_queue(std::mt19937_64& rng, int n, int values, bool crashed_dequeues = false) {
    testing::DrawnQueue shape;
    shape.crashed_dequeues = crashed_dequeues;
    return testing::drawn_queue(rng, n, values, shape);
}

// A simulated queue history (bench/stress_history.hpp) with repeated values, crashes (a fresh process
// or the same one), pending operations and corrupted results (nil, a seen value, or -1: never enqueued).
std::vector<Operation> simulated_queue(std::mt19937_64& rng, long operations) {
    stress::Options o;
    o.model = "fifo-queue";
    o.seed = rng();
    o.operations = operations;
    o.processes = 1 + static_cast<long>(rng() % 5);
    o.values = static_cast<long>(rng() % 4);  // 0: distinct
    o.update_rate = rng() % 2 == 0 ? 0.55 : 0.7;
    o.info_rate = rng() % 3 == 0 ? 0 : 0.25;
    o.pending = static_cast<long>(rng() % 3);
    o.tail_rate = rng() % 2 == 0 ? 0 : 0.3;
    o.corrupt_rate = rng() % 3 == 0 ? 0 : 0.3;
    o.reuse_process_after_info = rng() % 2 == 0;
    return pair_events(stress::generate(o).events);
}

void expect_search_right(const Model& model, const std::vector<Operation>& ops, bool expected, const std::string& where) {
    const CheckResult result = check_operations(model, ops);
    ASSERT_EQ(result.verdict, expected ? Verdict::linearizable : Verdict::not_linearizable) << where << dump_ops(model, ops);
    if (expected) {
        EXPECT_TRUE(testing::is_legal_linearization(model, ops, result.linearization)) << "bad witness; " << where << dump_ops(model, ops);
    } else {
        EXPECT_TRUE(result.counterexample && !result.counterexample->states_before.empty() &&
                    ops[result.counterexample->stuck_op].completed())
            << "bad counterexample; " << where << dump_ops(model, ops);
    }
}

// Holds the search to the oracle on 6,000 histories, the i-th drawn by draw(rng, i) with rng seeded
// seed + i (draw returns the operations and how they were made, for the failure's message); prints
// and checks that both verdicts are common.
template <class Draw>
void expect_agrees_with_oracle(const char* what, std::uint64_t seed, Draw draw) {
    const auto model = make_model("fifo-queue", {});
    int valid = 0, invalid = 0;
    for (int i = 0; i < 6000; ++i) {
        std::mt19937_64 rng(seed + static_cast<std::uint64_t>(i));
        const auto [ops, how] = draw(rng, i);
        const bool expected = testing::oracle_linearizable(*model, ops);
        (expected ? valid : invalid)++;
        expect_search_right(*model, ops, expected, "case " + std::to_string(i) + how + ":\n");
        if (::testing::Test::HasFailure()) break;
    }
    std::printf("%s against the oracle: %d valid, %d invalid\n", what, valid, invalid);
    EXPECT_GE(valid, 1500);
    EXPECT_GE(invalid, 1500);
}

TEST(FifoSearch, AgreesWithTheOracleOnRepeatedValuesCrashesAndStrangeDequeues) {
    expect_agrees_with_oracle("fifo-queue", 1700, [](std::mt19937_64& rng, int i) {
        const bool drawn = i % 2 == 0;
        auto ops = drawn ? drawn_queue(rng, 1 + static_cast<int>(rng() % 8), 1 + static_cast<int>(rng() % 4))
                         : simulated_queue(rng, 1 + static_cast<long>(rng() % 8));
        return std::pair{std::move(ops), std::string(drawn ? " (drawn)" : " (simulated)")};
    });
}

// Crashed dequeues (issue 17, session 9): they may take any copy or nothing, so a copy in the queue
// is bounded by the n-th earliest call among the dequeues that may take it (FifoOrder::shared_call).
// Half the dequeues crashed, values repeated or distinct; a planted off-by-one in that bound fails here.
TEST(FifoSearch, AgreesWithTheOracleWithCrashedDequeues) {
    expect_agrees_with_oracle("fifo-queue with crashed dequeues", 9100, [](std::mt19937_64& rng, int) {
        return std::pair{drawn_queue(rng, 2 + static_cast<int>(rng() % 8), 1 + static_cast<int>(rng() % 6), true),
                         std::string()};
    });
}

TEST(FifoSearch, AgreesWithThePlainSearchOnLongerRepeatedValueQueues) {
    const auto model = make_model("fifo-queue", {});
    const testing::PlainModel plain(*model);  // the reference: the search without its FifoPruning
    int decided = 0, invalid = 0;
    for (int i = 0; i < 800; ++i) {
        std::mt19937_64 rng(5100 + static_cast<std::uint64_t>(i));
        const auto ops = i % 2 == 0 ? drawn_queue(rng, 9 + static_cast<int>(rng() % 12), 2 + static_cast<int>(rng() % 5))
                                    : simulated_queue(rng, 12 + static_cast<long>(rng() % 40));
        CheckLimits limits;  // a memory limit, not a deadline: which ones are decided does not depend
        limits.memory_limit_bytes = std::size_t{8} << 20;  // on the machine
        const CheckResult reference = check_operations(plain, ops, limits);
        if (reference.verdict == Verdict::unknown) continue;
        ++decided;
        invalid += reference.verdict == Verdict::not_linearizable;
        expect_search_right(*model, ops, reference.verdict == Verdict::linearizable, "case " + std::to_string(i) + ":\n");
        if (::testing::Test::HasFailure()) break;
    }
    std::printf("fifo-queue against the plain search: %d decided, %d of them invalid\n", decided, invalid);
    EXPECT_GE(decided, 600);
    EXPECT_GE(invalid, 150);
}

std::vector<Operation> regression(const std::string& name) {
    std::ifstream in(std::filesystem::path(LINCHECK_SOURCE_DIR) / "fuzz" / "regressions" / "fuzz_queue_unique" / name,
                     std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    return fuzz::detail::unique_history_from_bytes(data.str(), fuzz::detail::queue_unique_shape());
}

// docs/reliability.md: 9 concurrent enqueues and a dequeue of 99, never enqueued: every enqueue order
// was explored (986,410 configurations, 3 s). The dequeue is doomed from the start.
TEST(FifoSearch, ADequeueOfANeverEnqueuedValueFailsAtOnce) {
    const auto model = make_model("fifo-queue", {});
    const auto ops = regression("queue-cliff-sevens");
    ASSERT_EQ(ops.size(), 10u);
    const CheckResult result = check_operations(*model, ops);
    EXPECT_EQ(result.verdict, Verdict::not_linearizable);
    EXPECT_LE(result.stats.configurations, 10u);
    ASSERT_TRUE(result.counterexample);
    EXPECT_EQ(model->describe_op(ops[result.counterexample->stuck_op], Value::Notation::edn), "dequeue → 99");
    EXPECT_EQ(result.counterexample->states_before, std::vector<Value>{Value::list({})});
}

// 7 crashed or pending enqueues, two of them repeating a completed one's value, and a dequeue of an
// empty queue called after two enqueues completed: every order of the crashed ones was explored
// (67,524 configurations) since the order pruning was off for repeated values.
TEST(FifoSearch, CrashedEnqueuesOfRepeatedValuesAreCheap) {
    const auto model = make_model("fifo-queue", {});
    const auto ops = regression("queue-cliff-crashed-repeated");
    ASSERT_EQ(ops.size(), 10u);
    const CheckResult result = check_operations(*model, ops);
    EXPECT_EQ(result.verdict, Verdict::not_linearizable);
    EXPECT_LE(result.stats.configurations, 20u);
    ASSERT_TRUE(result.counterexample);
    EXPECT_TRUE(ops[result.counterexample->stuck_op].completed());
}

}  // namespace
}  // namespace lincheck

namespace lincheck {
namespace {

// Repeated values (issue 17, session 8): 120 operations from 4 clients enqueueing values 0..4, a long
// tail of slow operations (lincheck-generate --model fifo-queue --ops 120 --processes 4 --update-rate
// 0.55 --tail-rate 0.05 --values 5 --seed 1..10). Before the ranked copies (fifo_order.hpp) these took
// 1,154 to 576,603 configurations; now 124 to 145.
TEST(FifoSearch, RepeatedValueQueuesStaySmall) {
    const auto model = make_model("fifo-queue", {});
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        stress::Options o;
        o.model = "fifo-queue";
        o.operations = 120;
        o.processes = 4;
        o.update_rate = 0.55;
        o.tail_rate = 0.05;
        o.values = 5;
        o.seed = seed;
        const auto ops = pair_events(stress::generate(o).events);
        CheckLimits limits;
        limits.memory_limit_bytes = std::size_t{64} << 20;
        const CheckResult result = check_operations(*model, ops, limits);
        EXPECT_EQ(result.verdict, Verdict::linearizable) << "seed " << seed;
        EXPECT_LE(result.stats.configurations, 1000u) << "seed " << seed;
    }
}

}  // namespace
}  // namespace lincheck
