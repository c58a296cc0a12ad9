// The fast search against the brute-force oracle, for every model beyond the registers, on random small
// histories simulated from the atomic object (see support/random_model_history.hpp).
#include <gtest/gtest.h>

#include <cstdio>

#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "support/history_builder.hpp"
#include "support/oracle.hpp"
#include "support/query_pruning_from.hpp"
#include "support/plain_search.hpp"
#include "support/random_model_history.hpp"

namespace lincheck {
namespace {

using testing::I;

struct Tally {
    int valid = 0;
    int invalid = 0;
};

using testing::dump_ops;

// Checks `count` random histories of `model_name` three ways — the search, the oracle, and
// check_history (split by key) — and counts the oracle's verdicts.
// `shape` sets the kind of history; up to `max_processes` clients and `max_operations` operations.
Tally run_differential(const std::string& model_name, const ModelOptions& model_options, std::uint64_t seed,
                       int count, testing::RandomModelHistoryOptions shape = {}, int max_processes = 4,
                       int max_operations = 7) {
    testing::RandomModelHistoryOptions options = shape;
    options.corrupt_rate = 0.6;
    const auto model = make_model(model_name, model_options);
    Tally tally;
    for (int i = 0; i < count; ++i) {
        const std::uint64_t history_seed = seed * 1000003 + static_cast<std::uint64_t>(i);
        std::mt19937_64 rng(history_seed);
        options.processes = 1 + static_cast<int>(rng() % static_cast<unsigned>(max_processes));
        options.operations = 1 + static_cast<int>(rng() % static_cast<unsigned>(max_operations));
        options.reuse_process_after_info = rng() % 2 == 0;
        const auto history = testing::random_model_history(model_name, model_options, rng, options);
        const auto ops = pair_events(history.events);
        const auto where = [&] { return "model " + model_name + ", history seed " + std::to_string(history_seed) + ":\n" + dump_ops(*model, ops); };
        EXPECT_NO_THROW(validate_operations(*model, ops)) << where();
        const bool expected = testing::oracle_linearizable(*model, ops);
        if (!history.corrupted) {
            EXPECT_TRUE(expected) << "an uncorrupted simulated history must be linearizable; " << where();
        }
        const testing::QueryPruningFrom pruning(testing::pruning_threshold_for(i));
        const CheckResult result = check_operations(*model, ops);
        EXPECT_NE(result.verdict, Verdict::unknown) << where();
        EXPECT_EQ(result.verdict == Verdict::linearizable, expected) << where();
        EXPECT_EQ(check_history(*model, ops).verdict == Verdict::linearizable, expected) << "check_history; " << where();
        if (expected) {
            ++tally.valid;
            EXPECT_TRUE(testing::is_legal_linearization(*model, ops, result.linearization))
                << "the witness is not a legal linearization; " << where();
        } else {
            ++tally.invalid;
            EXPECT_TRUE(result.counterexample && !result.counterexample->states_before.empty() &&
                        ops[result.counterexample->stuck_op].completed())
                << "bad counterexample; " << where();
        }
        if (::testing::Test::HasFailure()) break;  // one history's messages are enough
    }
    std::printf("%s: %d valid, %d invalid\n", model_name.c_str(), tally.valid, tally.invalid);
    return tally;
}

// Both outcomes must be well represented, or the comparison proves little.
void expect_both(const Tally& t, int min_valid, int min_invalid) {
    EXPECT_GE(t.valid, min_valid);
    EXPECT_GE(t.invalid, min_invalid);
}

TEST(DifferentialModels, Kv) {
    expect_both(run_differential("kv", {}, 11, 2000), 1000, 300);
}

TEST(DifferentialModels, KvKeysStartAbsent) {
    ModelOptions absent;
    absent.initial = Value::nil();
    expect_both(run_differential("kv", absent, 12, 2000), 1000, 300);
}

// Porcupine's kv shape: concurrent appends of distinct pieces, gets that pin their order, a few puts,
// and corrupted gets that see the appends reordered, one short or one long. The search prunes states
// that no get ahead can match any more (QueryPruning) and linearizes a matching get at once; both
// must agree with the oracle, split by key and not.
TEST(DifferentialModels, KvAppendHeavy) {
    testing::RandomModelHistoryOptions shape;
    shape.kv_append_heavy = true;
    expect_both(run_differential("kv", {}, 21, 10000, shape, 5, 9), 3000, 2000);
}

TEST(DifferentialModels, KvAppendHeavyKeysStartAbsentNilReadsUnknown) {
    testing::RandomModelHistoryOptions shape;
    shape.kv_append_heavy = true;
    ModelOptions options;
    options.initial = Value::nil();
    options.nil_read_is_unknown = true;
    expect_both(run_differential("kv", options, 22, 10000, shape, 5, 9), 3000, 2000);
}

TEST(DifferentialModels, MultiRegisterKnossos) {
    ModelOptions knossos;
    knossos.initial = Value::map({{Value::keyword("x"), I(0)}, {Value::keyword("y"), I(0)}});
    knossos.nil_read_is_unknown = true;
    expect_both(run_differential("multi-register", knossos, 13, 2000), 1000, 300);
}

TEST(DifferentialModels, MultiRegisterFromEmpty) {
    expect_both(run_differential("multi-register", {}, 14, 2000), 1000, 300);
}

TEST(DifferentialModels, Set) {
    expect_both(run_differential("set", {}, 15, 2000), 1000, 300);
}

TEST(DifferentialModels, FifoQueue) {
    expect_both(run_differential("fifo-queue", {}, 16, 2000), 1000, 300);
}

TEST(DifferentialModels, UnorderedQueue) {
    expect_both(run_differential("unordered-queue", {}, 17, 2000), 1000, 300);
}

TEST(DifferentialModels, Mutex) {
    expect_both(run_differential("mutex", {}, 18, 2000), 1000, 300);
}

TEST(DifferentialModels, Counter) {
    expect_both(run_differential("counter", {}, 19, 2000), 1000, 300);
}

TEST(DifferentialModels, CounterFromFiveWithNilReadsUnknown) {
    ModelOptions options;
    options.initial = I(5);
    options.nil_read_is_unknown = true;
    expect_both(run_differential("counter", options, 20, 2000), 1000, 300);
}

}  // namespace
}  // namespace lincheck
