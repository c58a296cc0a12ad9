// The fast search against the brute-force oracle on thousands of random small histories.
#include <gtest/gtest.h>

#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "support/oracle.hpp"
#include "support/query_pruning_from.hpp"
#include "support/random_history.hpp"

namespace lincheck {
namespace {

struct Tally {
    int valid = 0;
    int invalid = 0;
};

std::string dump(const std::vector<Operation>& ops) {
    std::string out;
    for (const auto& op : ops) {
        out += "  p" + std::to_string(op.process) + " " + op.f + " " + op.value.to_string() + " " +
               std::string(to_string(op.outcome)) + " [" + std::to_string(op.call) + ", " +
               (op.ret == kNever ? std::string("∞") : std::to_string(op.ret)) + "]\n";
    }
    return out;
}

// Runs `count` random histories; returns how many were valid and invalid by the oracle.
void run_differential(const std::string& model_name, const ModelOptions& model_options, std::uint64_t seed,
                      int count, testing::RandomHistoryOptions options, Tally& tally) {
    const auto model = make_model(model_name, model_options);
    for (int i = 0; i < count; ++i) {
        const std::uint64_t history_seed = seed * 1000003 + static_cast<std::uint64_t>(i);
        std::mt19937_64 rng(history_seed);
        options.processes = 1 + static_cast<int>(rng() % 4);
        options.operations = 1 + static_cast<int>(rng() % 7);
        options.reuse_process_after_info = rng() % 2 == 0;
        const auto ops = pair_events(testing::random_register_history(rng, options));
        const bool expected = testing::oracle_linearizable(*model, ops);
        const testing::QueryPruningFrom pruning(testing::pruning_threshold_for(i));
        const CheckResult result = check_operations(*model, ops);
        ASSERT_NE(result.verdict, Verdict::unknown) << "seed " << history_seed;
        ASSERT_EQ(result.verdict == Verdict::linearizable, expected)
            << "model " << model_name << ", history seed " << history_seed << ":\n" << dump(ops);
        if (expected) {
            ++tally.valid;
            ASSERT_TRUE(testing::is_legal_linearization(*model, ops, result.linearization))
                << "the witness is not a legal linearization; history seed " << history_seed << ":\n" << dump(ops);
        } else {
            ++tally.invalid;
            ASSERT_TRUE(result.counterexample.has_value());
            ASSERT_FALSE(result.counterexample->states_before.empty()) << "seed " << history_seed;
            ASSERT_TRUE(ops[result.counterexample->stuck_op].completed()) << "seed " << history_seed;
        }
    }
}

TEST(Differential, CasRegisterAgreesWithOracle) {
    Tally t;
    run_differential("cas-register", {}, 1, 3000, {}, t);
    std::printf("cas-register: %d valid, %d invalid\n", t.valid, t.invalid);
    EXPECT_GT(t.valid, 600);
    EXPECT_GT(t.invalid, 300);
}

TEST(Differential, RegisterAgreesWithOracle) {
    testing::RandomHistoryOptions options;
    options.cas = false;
    Tally t;
    run_differential("register", {}, 2, 2000, options, t);
    std::printf("register: %d valid, %d invalid\n", t.valid, t.invalid);
    EXPECT_GT(t.valid, 400);
    EXPECT_GT(t.invalid, 200);
}

TEST(Differential, NilReadUnknownAndInitialZeroAgreeWithOracle) {
    ModelOptions options;
    options.nil_read_is_unknown = true;
    options.initial = Value::integer(0);
    testing::RandomHistoryOptions history;
    history.info_rate = 0.2;
    Tally t;
    run_differential("cas-register", options, 3, 1500, history, t);
    std::printf("cas-register, initial 0, nil reads unknown: %d valid, %d invalid\n", t.valid, t.invalid);
    EXPECT_GT(t.valid, 200);
    EXPECT_GT(t.invalid, 100);
}

}  // namespace
}  // namespace lincheck
