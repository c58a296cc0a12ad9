// The verdict-first mode (HistoryOptions::verdict_only, check.hpp): what it reports — the verdict,
// first_failure, and per partition key, op_indices, engine, note, verdict, reason and stats — must be
// what the full mode reports, on every model, keyed and unkeyed, with crashed and pending operations,
// failing histories, with and without a SearchMemory (each mode its own, fed the same histories),
// under memory limits small enough to stop searches (deterministic: the same unknowns), and with the
// result kept from check to check (check_history_into). And it must leave out what it promises to
// leave out: no operations in the partitions, no linearization, no counterexample.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/internal/check_knobs.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "support/random_history.hpp"
#include "support/random_model_history.hpp"
#include "support/same_search.hpp"

namespace lincheck {
namespace {

// `verdicts` (verdict-first mode) against `full` (the full mode's result of the same check).
void expect_verdicts_of(const HistoryResult& verdicts, const HistoryResult& full, const std::string& where) {
    testing::expect_same_partitions(verdicts, full, where, [](const PartitionResult& x, const PartitionResult&, const std::string& at) {
        // What the mode leaves out.
        EXPECT_TRUE(x.ops.empty()) << at;
        EXPECT_TRUE(x.result.linearization.empty()) << at;
        EXPECT_FALSE(x.result.counterexample.has_value()) << at;
        EXPECT_TRUE(x.result.final_states.empty()) << at;
    });
}

// A history of `model` (registry name) from its simulated object, with faults and sometimes one
// corruption; with `keys` > 0 and a model that does not name keys itself, each invoke gets one of
// `keys` keys (a process keeps its key until its op completes).
std::vector<Operation> history_of(const std::string& model, std::mt19937_64& rng, int keys, int operations) {
    testing::RandomModelHistoryOptions options;
    options.operations = operations;
    options.processes = 2 + static_cast<int>(rng() % 3);
    options.info_rate = rng() % 3 == 0 ? 0.3 : 0.1;
    options.pending_rate = rng() % 3 == 0 ? 0.2 : 0.05;
    std::vector<Event> events = testing::random_model_history(model, {}, rng, options).events;
    const bool names_keys = !events.empty() && events.front().key.has_value();
    if (keys > 0 && !names_keys) {
        testing::assign_keys(events, rng, keys);
    }
    return pair_events(std::move(events));
}

struct Tally {
    int failing = 0, unknown = 0, keyed = 0, with_memory = 0, indeterminate = 0;
};

// One model's rounds: each history checked in both modes, each mode with its own SearchMemory when
// the round uses one (so both memories learn the same things in the same order).
void compare_on(const ModelInfo& info, std::mt19937_64& rng, int rounds, Tally& tally) {
    const std::string name(info.name);
    const std::shared_ptr<const Model> model = info.make({});
    SearchMemory memory_full(model), memory_verdicts(model);
    HistoryResult kept;  // check_history_into's, in the verdict-first mode
    for (int round = 0; round < rounds; ++round) {
        const int keys = static_cast<int>(rng() % 4) * 2;  // 0 (unkeyed), 2, 4, 6
        const std::vector<Operation> ops = history_of(name, rng, keys, 1 + static_cast<int>(rng() % 48));
        HistoryOptions options;
        options.jobs = 1;
        options.all_failures = rng() % 2 == 0;
        const unsigned engine = static_cast<unsigned>(rng() % 6);
        options.engine = engine == 0 ? Engine::search : engine == 1 ? Engine::fast : Engine::automatic;
        const bool with_memory = rng() % 2 == 0;
        CheckLimits limits;
        if (rng() % 4 == 0) limits.memory_limit_bytes = std::size_t{1} << (6 + rng() % 12);  // 64 B .. 128 KiB
        HistoryOptions full = options;
        HistoryOptions verdicts = options;
        verdicts.verdict_only = true;
        if (with_memory) {
            full.memory = &memory_full;
            verdicts.memory = &memory_verdicts;
        }
        const HistoryResult expected = check_history(*model, ops, limits, full);
        const std::string where = name + " round " + std::to_string(round) + " (" + std::to_string(ops.size()) + " ops, " +
                                  std::to_string(keys) + " keys, memory " + std::to_string(with_memory) + ", engine " + std::to_string(engine) +
                                  ", limit " + std::to_string(limits.memory_limit_bytes) + ", all " + std::to_string(options.all_failures) + ")";
        if (rng() % 2 == 0) {
            check_history_into(*model, ops, kept, limits, verdicts);
            expect_verdicts_of(kept, expected, where + ", into");
        } else {
            expect_verdicts_of(check_history(*model, ops, limits, verdicts), expected, where);
        }
        if (::testing::Test::HasFailure()) return;
        tally.failing += expected.verdict == Verdict::not_linearizable;
        tally.unknown += expected.verdict == Verdict::unknown;
        tally.keyed += expected.partitions.size() > 1;
        tally.with_memory += with_memory;
        for (const Operation& op : ops) tally.indeterminate += !op.completed();
    }
}

TEST(VerdictOnly, SameVerdictsAsTheFullModeOnEveryModel) {
    std::mt19937_64 rng(12);
    Tally tally;
    for (const ModelInfo& info : all_models()) {
        compare_on(info, rng, 400, tally);
        if (::testing::Test::HasFailure()) return;
    }
    // The comparison met failures (first_failure, counterexamples left out), limits that stopped
    // searches, keyed histories, kept memories and crashed or pending operations.
    EXPECT_GT(tally.failing, 1000);  // 2,351 when written
    EXPECT_GT(tally.unknown, 20);    // 37
    EXPECT_GT(tally.keyed, 1500);    // 2,507
    EXPECT_GT(tally.with_memory, 1000);
    EXPECT_GT(tally.indeterminate, 10000);
}

// Histories past kParallelFrom operations (the large split, keys in parallel with jobs 2) and the
// other overloads: the same verdicts, no operations kept.
TEST(VerdictOnly, LargeHistoriesAndTheOtherOverloads) {
    const auto model = make_model("cas-register");
    std::mt19937_64 rng(5);
    std::vector<Operation> large;
    while (large.size() < internal::kParallelFrom + 500) {
        std::vector<Operation> more = history_of("cas-register", rng, 6, 40);
        const std::uint64_t shift = large.empty() ? 0 : large.back().call + 1000000;
        for (Operation& op : more) {
            op.call += shift;
            if (op.ret != kNever) op.ret += shift;
            large.push_back(std::move(op));
        }
    }
    for (const unsigned jobs : {1u, 2u}) {
        HistoryOptions full;
        full.jobs = jobs;
        full.all_failures = true;
        HistoryOptions verdicts = full;
        verdicts.verdict_only = true;
        const HistoryResult expected = check_history(*model, large, {}, full);
        EXPECT_GT(expected.partitions.size(), 1u);
        // Keys in parallel: which keys a failure cancels depends on timing unless all_failures.
        expect_verdicts_of(check_history(*model, large, {}, verdicts), expected, "large, span");
        std::vector<Operation> moved = large;
        expect_verdicts_of(check_history(*model, std::move(moved), {}, verdicts), expected, "large, vector");
        OperationRuns runs{std::vector<Operation>(large.begin(), large.begin() + 700),
                           std::vector<Operation>(large.begin() + 700, large.end())};
        expect_verdicts_of(check_history(*model, std::move(runs), {}, verdicts), expected, "large, runs");
        HistoryResult kept;
        check_history_into(*model, large, kept, {}, verdicts);
        expect_verdicts_of(kept, expected, "large, into");
    }
}

// A failing history: the full mode explains it, the verdict-first mode only names it.
TEST(VerdictOnly, AFailureIsNamedNotExplained) {
    const auto model = make_model("register");
    std::vector<Event> events = {
        {0, EventType::invoke, "write", Value::integer(1), true, Value::integer(7), {}, {}},
        {0, EventType::ok, "write", Value::integer(1), true, Value::integer(7), {}, {}},
        {1, EventType::invoke, "read", Value::nil(), true, Value::integer(7), {}, {}},
        {1, EventType::ok, "read", Value::integer(2), true, Value::integer(7), {}, {}},
        {0, EventType::invoke, "write", Value::integer(3), true, Value::integer(8), {}, {}},
        {0, EventType::ok, "write", Value::integer(3), true, Value::integer(8), {}, {}},
    };
    const std::vector<Operation> ops = pair_events(std::move(events));
    HistoryOptions options;
    const HistoryResult full = check_history(*model, ops, {}, options);
    ASSERT_EQ(full.verdict, Verdict::not_linearizable);
    ASSERT_TRUE(full.partitions[*full.first_failure].result.counterexample.has_value());
    EXPECT_FALSE(full.partitions[0].ops.empty());
    EXPECT_FALSE(full.partitions[1].result.linearization.empty());
    options.verdict_only = true;
    HistoryResult kept = full;  // a full result reused in the verdict-first mode loses its operations
    check_history_into(*model, ops, kept, {}, options);
    expect_verdicts_of(kept, full, "failing");
    EXPECT_EQ(kept.partitions[*kept.first_failure].key, Value::integer(7));
}

}  // namespace
}  // namespace lincheck
