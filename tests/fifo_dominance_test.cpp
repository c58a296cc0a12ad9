// A FIFO queue's shortcuts of session 13 (issue 17 follow-up; checker/src/search/prunings.cpp and
// checker/src/fifo_order.*): the configuration cache keys a queue by the elements the dequeues left
// can reach (Search::cache_state), a crashed op is not tried into a state a completed candidate of
// its class also reaches (Search::dominated), a crashed dequeue takes at once a front element no
// completed dequeue wants (Search::forced_dequeue), and the copies of shared values are bounded
// together (FifoOrder::shared_call). They change which configurations are explored, never the
// verdict: held here to the brute-force oracle, to the plain search (no FifoPruning at all) and to
// the search with the first three off, on histories with repeated values, crashed and pending
// enqueues and dequeues, and empty dequeues; and the family that was a cliff (120 ops, values 0..4,
// 10% crashed) is decided.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/internal/search_paths.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "stress_history.hpp"
#include "support/oracle.hpp"
#include "support/plain_search.hpp"
#include "support/random_queue.hpp"

namespace lincheck {
namespace {

using testing::dump_ops;

// The search with the queue's shortcuts off (detail::set_fifo_shortcuts), on this thread, while it lives.
class DominanceOff {
public:
    DominanceOff() { detail::set_fifo_shortcuts(false, false); }
    ~DominanceOff() { detail::set_fifo_shortcuts(true, true); }
    DominanceOff(const DominanceOff&) = delete;
    DominanceOff& operator=(const DominanceOff&) = delete;
};

// A queue history drawn at random (support/random_queue.hpp), a third of the ops crashed (info) or
// pending; both verdicts common.
std::vector<Operation> drawn(std::mt19937_64& rng, int n, int values, unsigned enqueue_percent = 55) {
    testing::DrawnQueue shape;
    shape.enqueue_percent = enqueue_percent;
    shape.ok_below = 62;
    shape.info_below = 88;
    shape.nil_below = 20;
    shape.never_below = 25;
    shape.long_one_in = 6;
    return testing::drawn_queue(rng, n, values, shape);
}

// A simulated queue (bench/stress_history.hpp): repeated values, many crashes (a fresh process or
// the same one), pending operations at the end, and sometimes corrupted results.
std::vector<Operation> simulated(std::mt19937_64& rng, long operations, double update_rate = 0) {
    stress::Options o;
    o.model = "fifo-queue";
    o.seed = rng();
    o.operations = operations;
    o.processes = 1 + static_cast<long>(rng() % 5);
    o.values = 1 + static_cast<long>(rng() % 4);
    o.update_rate = rng() % 2 == 0 ? 0.55 : 0.7;
    if (update_rate > 0) o.update_rate = update_rate;
    o.info_rate = rng() % 2 == 0 ? 0.2 : 0.4;
    o.pending = static_cast<long>(rng() % 3);
    o.tail_rate = rng() % 2 == 0 ? 0 : 0.3;
    o.corrupt_rate = rng() % 3 == 0 ? 0 : 0.3;
    o.reuse_process_after_info = rng() % 2 == 0;
    return pair_events(stress::generate(o).events);
}

void expect_right(const Model& model, const std::vector<Operation>& ops, const CheckResult& result, Verdict expected,
                  const std::string& where) {
    ASSERT_EQ(result.verdict, expected) << where << dump_ops(model, ops);
    if (expected == Verdict::linearizable) {
        EXPECT_TRUE(testing::is_legal_linearization(model, ops, result.linearization)) << "bad witness; " << where << dump_ops(model, ops);
    } else {
        EXPECT_TRUE(result.counterexample && !result.counterexample->states_before.empty() &&
                    ops[result.counterexample->stuck_op].completed())
            << "bad counterexample; " << where << dump_ops(model, ops);
    }
}

// `count` histories from seeds seed_base.., half drawn, half simulated (`growing`: three enqueues in
// four ops, sizes 3-10; else sizes 2-9): the search with the shortcuts and without them against the
// oracle. Tallies: valid, invalid, and those the shortcuts explored fewer configurations of.
struct OracleTally {
    int valid = 0, invalid = 0, fewer = 0;
};
OracleTally against_the_oracle(std::uint64_t seed_base, int count, bool growing) {
    const auto model = make_model("fifo-queue", {});
    OracleTally tally;
    for (int i = 0; i < count; ++i) {
        std::mt19937_64 rng(seed_base + static_cast<std::uint64_t>(i));
        const bool is_drawn = i % 2 == 0;
        const int least = growing ? 3 : 2;
        const auto ops = is_drawn ? drawn(rng, least + static_cast<int>(rng() % 8), 1 + static_cast<int>(rng() % 3), growing ? 75 : 55)
                                  : simulated(rng, least + static_cast<long>(rng() % 8), growing ? 0.75 : 0);
        const bool linearizable = testing::oracle_linearizable(*model, ops);
        (linearizable ? tally.valid : tally.invalid)++;
        const Verdict expected = linearizable ? Verdict::linearizable : Verdict::not_linearizable;
        const std::string where = "case " + std::to_string(i) + (is_drawn ? " (drawn)" : " (simulated)") + ":\n";
        const CheckResult with = check_operations(*model, ops);
        expect_right(*model, ops, with, expected, where);
        CheckResult without;
        {
            const DominanceOff off;
            without = check_operations(*model, ops);
        }
        expect_right(*model, ops, without, expected, "without the shortcuts; " + where);
        tally.fewer += with.stats.configurations < without.stats.configurations;
        if (::testing::Test::HasFailure()) break;
    }
    return tally;
}

// 8,000 small histories (2-9 operations), half drawn, half simulated: the search with the shortcuts
// agrees with the oracle, and explores fewer configurations than without them on some of them (the
// shortcuts did act).
TEST(FifoDominance, AgreesWithTheOracle) {
    const OracleTally t = against_the_oracle(31000, 8000, false);
    std::printf("fifo shortcuts against the oracle: %d valid, %d invalid, %d with fewer configurations\n", t.valid, t.invalid,
                t.fewer);
    EXPECT_GE(t.valid, 2000);
    EXPECT_GE(t.invalid, 2000);
    EXPECT_GE(t.fewer, 250);
}

// Queues that grow (three enqueues in four operations), so that they often hold more elements than
// the dequeues left can reach (the cut states, Search::cache_state): 6,000 histories of 3-10 ops
// against the oracle.
TEST(FifoDominance, GrowingQueuesAgreeWithTheOracle) {
    const OracleTally t = against_the_oracle(53000, 6000, true);
    std::printf("fifo shortcuts on growing queues against the oracle: %d valid, %d invalid, %d with fewer configurations\n",
                t.valid, t.invalid, t.fewer);
    EXPECT_GE(t.valid, 1500);
    EXPECT_GE(t.invalid, 1000);
    EXPECT_GE(t.fewer, 100);
}

// Longer histories (12-80 operations): the same verdicts as the plain search (no FifoPruning, no
// shortcuts; within 8 MiB, so which ones it decides does not depend on the machine) and as the
// search with the shortcuts off.
TEST(FifoDominance, AgreesWithThePlainSearchOnLongerQueues) {
    const auto model = make_model("fifo-queue", {});
    const testing::PlainModel plain(*model);
    CheckLimits limits;
    limits.memory_limit_bytes = std::size_t{8} << 20;
    int decided = 0, invalid = 0, fewer = 0;
    for (int i = 0; i < 1200; ++i) {
        std::mt19937_64 rng(47000 + static_cast<std::uint64_t>(i));
        const auto ops = i % 2 == 0 ? drawn(rng, 10 + static_cast<int>(rng() % 12), 2 + static_cast<int>(rng() % 4))
                                    : simulated(rng, 12 + static_cast<long>(rng() % 70));
        const std::string where = "case " + std::to_string(i) + ":\n";
        const CheckResult reference = check_operations(plain, ops, limits);
        CheckResult without;
        {
            const DominanceOff off;
            without = check_operations(*model, ops, limits);
        }
        const CheckResult with = check_operations(*model, ops, limits);
        if (without.verdict != Verdict::unknown && with.verdict != Verdict::unknown) {
            EXPECT_EQ(with.verdict, without.verdict) << where << dump_ops(*model, ops);
            fewer += with.stats.configurations < without.stats.configurations;
        }
        if (reference.verdict == Verdict::unknown) continue;
        ++decided;
        invalid += reference.verdict == Verdict::not_linearizable;
        expect_right(*model, ops, with, reference.verdict, where);
        if (::testing::Test::HasFailure()) break;
    }
    std::printf("fifo shortcuts against the plain search: %d decided, %d of them invalid, %d with fewer configurations\n",
                decided, invalid, fewer);
    EXPECT_GE(decided, 800);
    EXPECT_GE(invalid, 200);
    EXPECT_GE(fewer, 170);
}

Operation op(const char* f, Value value, std::uint64_t call, std::uint64_t ret, std::int64_t process) {
    Operation o;
    o.process = process;
    o.f = f;
    o.value = std::move(value);
    o.call = call;
    o.ret = ret;
    o.outcome = ret == kNever ? Outcome::info : Outcome::ok;
    return o;
}

// The cache keys a queue by its first elements only as far as the dequeues left can reach: here
// three dequeues are left after four enqueues, [2, 1, 1, 2] (tried first: the enqueue of 1 returns
// first) and [2, 1, 2, 1] differ in the third element, which the last dequeue reaches; keyed by one
// element less, the second would be taken for the first, explored and failed.
TEST(FifoDominance, TheCutStateKeepsEveryElementADequeueLeftCanReach) {
    const auto model = make_model("fifo-queue", {});
    const std::vector<Operation> ops = {op("enqueue", Value::integer(1), 0, 3, 0), op("enqueue", Value::integer(2), 1, 2, 1),
                                        op("enqueue", Value::integer(1), 4, 8, 0), op("enqueue", Value::integer(2), 5, 9, 1),
                                        op("dequeue", Value::integer(2), 10, 11, 0), op("dequeue", Value::integer(1), 12, 13, 0),
                                        op("dequeue", Value::integer(2), 14, 15, 0)};
    ASSERT_TRUE(testing::oracle_linearizable(*model, ops));
    const CheckResult result = check_operations(*model, ops);
    EXPECT_EQ(result.verdict, Verdict::linearizable);
    EXPECT_TRUE(testing::is_legal_linearization(*model, ops, result.linearization));
    // Found by a search for histories that keying by one element less decides wrongly (the
    // differential tests above miss it): 11 ops, a crashed dequeue, a pending enqueue.
    const Value zero = Value::integer(0), one = Value::integer(1);
    const std::vector<Operation> found = {
        op("enqueue", zero, 0, 1, 4),         op("dequeue", Value::nil(), 2, kNever, 8), op("enqueue", one, 3, 4, 7),
        op("enqueue", one, 5, 7, 3),          op("enqueue", zero, 6, 19, 9),             op("enqueue", zero, 8, 18, 0),
        op("enqueue", one, 9, 11, 2),         op("dequeue", one, 10, 12, 1),             op("enqueue", zero, 13, kNever, 6),
        op("enqueue", zero, 14, 16, 10),      op("dequeue", zero, 15, 17, 5)};
    const testing::PlainModel plain(*model);
    const CheckResult reference = check_operations(plain, found);
    ASSERT_NE(reference.verdict, Verdict::unknown);
    EXPECT_EQ(check_operations(*model, found).verdict, reference.verdict);
    // A crashed dequeue may reach an element too: the dequeue of 2 needs [1, 2, 1], the crashed one
    // taking the first 1. (Left uncounted, the differential tests above fail.)
    const std::vector<Operation> crashed = {op("enqueue", Value::integer(1), 0, 1, 0), op("enqueue", Value::integer(1), 2, 4, 0),
                                            op("enqueue", Value::integer(2), 3, 5, 1), op("dequeue", Value::nil(), 6, kNever, 2),
                                            op("dequeue", Value::integer(2), 7, 8, 0)};
    ASSERT_TRUE(testing::oracle_linearizable(*model, crashed));
    const CheckResult second = check_operations(*model, crashed);
    EXPECT_EQ(second.verdict, Verdict::linearizable);
    EXPECT_TRUE(testing::is_legal_linearization(*model, crashed, second.linearization));
}

// The cliff family (bench/run.sh cliffs, fifo-repeated-crashes-120-ops-4-clients: lincheck-generate
// --model fifo-queue --ops 120 --processes 4 --update-rate 0.55 --info-rate 0.1 --values 5 --seed
// 1..5). Before session 13 seed 2 ran out of 2 GiB (1.5 million configurations); now the worst of
// the five takes 5,395 (seed 2).
TEST(FifoDominance, RepeatedValuesWithCrashesAreDecided) {
    const auto model = make_model("fifo-queue", {});
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        stress::Options o;
        o.model = "fifo-queue";
        o.operations = 120;
        o.processes = 4;
        o.update_rate = 0.55;
        o.info_rate = 0.1;
        o.values = 5;
        o.seed = seed;
        const auto ops = pair_events(stress::generate(o).events);
        CheckLimits limits;
        limits.memory_limit_bytes = std::size_t{256} << 20;
        const CheckResult result = check_operations(*model, ops, limits);
        EXPECT_EQ(result.verdict, Verdict::linearizable) << "seed " << seed;
        EXPECT_TRUE(testing::is_legal_linearization(*model, ops, result.linearization)) << "seed " << seed;
        EXPECT_LE(result.stats.configurations, 20000u) << "seed " << seed;
    }
}

// An explanation reads the counterexample's longest prefix and its states before ("after it the state
// could only be ..."), which the shortcuts may cut short or leave states out of: refine_counterexample
// searches a queue's failure again without them, and its counterexample is the one the search without
// the shortcuts finds.
TEST(FifoDominance, RefinedCounterexamplesAreTheSearchsWithoutTheShortcuts) {
    const auto model = make_model("fifo-queue", {});
    std::mt19937_64 rng(1313);
    int failing = 0, differed = 0;
    for (int round = 0; round < 3000 && failing < 400; ++round) {
        const auto ops = drawn(rng, 6 + static_cast<int>(rng() % 20), 1 + static_cast<int>(rng() % 3));
        CheckResult shortcut = check_operations(*model, ops);
        if (shortcut.verdict != Verdict::not_linearizable || !shortcut.counterexample) continue;
        ++failing;
        CheckResult plain;
        {
            const DominanceOff off;
            plain = check_operations(*model, ops);
        }
        ASSERT_EQ(plain.verdict, Verdict::not_linearizable) << dump_ops(*model, ops);
        const Counterexample& want = *plain.counterexample;
        const Counterexample before = *shortcut.counterexample;
        differed += before.longest_prefix != want.longest_prefix || before.states_before != want.states_before;
        refine_counterexample(*model, ops, shortcut);
        const Counterexample& got = *shortcut.counterexample;
        EXPECT_EQ(got.stuck_op, want.stuck_op) << dump_ops(*model, ops);
        EXPECT_EQ(got.longest_prefix, want.longest_prefix) << dump_ops(*model, ops);
        EXPECT_EQ(got.states_before, want.states_before) << dump_ops(*model, ops);
        if (::testing::Test::HasFailure()) return;
    }
    EXPECT_GT(failing, 300);
    EXPECT_GT(differed, 0);  // the shortcuts did change some counterexamples, which the refinement undid
}

}  // namespace
}  // namespace lincheck
