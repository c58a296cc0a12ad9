// The fast engines against the exact search and the brute-force oracle, on random histories with
// unique values, crashes and pending operations; and the unique-value rules (resolve_register)
// against the search: resolving never changes the verdict.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <random>

#include "lincheck/check.hpp"
#include "lincheck/internal/engines.hpp"
#include "lincheck/models.hpp"
#include "support/history_builder.hpp"
#include "support/oracle.hpp"
#include "support/random_unique_history.hpp"

namespace lincheck {
namespace {

std::string dump(std::span<const Operation> ops) {
    std::string out;
    for (const auto& op : ops) {
        out += "  p" + std::to_string(op.process) + " " + op.f + " " + op.value.to_string() + " " +
               std::string(to_string(op.outcome)) + " [" + std::to_string(op.call) + ", " +
               (op.ret == kNever ? std::string("∞") : std::to_string(op.ret)) + "]\n";
    }
    return out;
}

struct Tally {
    int valid = 0, invalid = 0, declined = 0, skipped = 0;
};

// One fast engine against the search (and the oracle when `oracle`) on random histories with unique
// values (support/random_unique_history.hpp).
struct Differential {
    std::string engine;  // as the dispatch names it
    std::function<std::vector<Operation>(std::mt19937_64&, const testing::UniqueHistoryOptions&)> generate;
    std::function<engines::FastVerdict(const Model&, std::span<const Operation>)> decide;
    // The n-th history's model; it may change the history's options (processes and operations are set).
    std::function<const Model&(int n, testing::UniqueHistoryOptions& history)> model;
    testing::UniqueHistoryOptions history;  // the generator's options, but for processes and operations
    bool oracle = true;
    bool skip_unknown = false;  // the search runs under 64 MiB, and histories it gives up on are skipped
    std::size_t max_witness = SIZE_MAX;
    bool witness_fails_alone = true;  // else (set-unique: projected) the dispatch confirms it
    // More checks, before the engine's verdict is compared (register-unique: its rules alone).
    std::function<void(const Model&, const std::vector<Operation>&, const CheckResult&, const engines::FastVerdict&,
                       std::uint64_t seed)>
        also;
};

// `count` histories from `seed`, with 1..max_processes clients and 1..max_ops operations each.
void differential(const Differential& d, std::uint64_t seed, int count, int max_ops, int max_processes, Tally& tally) {
    // A campaign outside CI: LINCHECK_ENGINE_CAMPAIGN=K runs K times as many histories (fresh seeds).
    if (const char* scale = std::getenv("LINCHECK_ENGINE_CAMPAIGN")) {
        count *= std::max(1, std::atoi(scale));
        seed += 1000;
    }
    for (int n = 0; n < count; ++n) {
        const std::uint64_t history_seed = seed * 1000003 + static_cast<std::uint64_t>(n);
        std::mt19937_64 rng(history_seed);
        testing::UniqueHistoryOptions history = d.history;
        history.processes = 1 + static_cast<int>(rng() % static_cast<std::uint64_t>(max_processes));
        history.operations = 1 + static_cast<int>(rng() % static_cast<std::uint64_t>(max_ops));
        const Model& model = d.model(n, history);
        const std::vector<Operation> ops = d.generate(rng, history);
        CheckLimits limits;
        if (d.skip_unknown) limits.memory_limit_bytes = std::size_t{64} << 20;  // a queue's states can be many
        const CheckResult searched = check_operations(model, ops, limits);
        if (d.skip_unknown && searched.verdict == Verdict::unknown) {
            ++tally.skipped;
            continue;
        }
        ASSERT_NE(searched.verdict, Verdict::unknown);
        const bool valid = searched.verdict == Verdict::linearizable;
        if (d.oracle) {
            ASSERT_EQ(testing::oracle_linearizable(model, ops), valid) << "search vs oracle, seed " << history_seed << "\n" << dump(ops);
        }
        const engines::FastVerdict fast = d.decide(model, ops);
        if (d.also) {
            d.also(model, ops, searched, fast, history_seed);
            if (::testing::Test::HasFatalFailure()) return;
        }
        if (!fast.applies) {
            // Only what the rules cannot resolve; the construction itself never gets stuck.
            ASSERT_EQ(fast.why_not.find("a bug"), std::string::npos) << "seed " << history_seed << "\n" << dump(ops) << fast.why_not;
            ++tally.declined;
            continue;
        }
        ASSERT_EQ(fast.linearizable, valid) << "engine vs search, seed " << history_seed << "\n" << dump(ops) << fast.witness_reason;
        if (valid) {
            ++tally.valid;
            ASSERT_TRUE(testing::is_legal_linearization(model, ops, fast.order)) << "seed " << history_seed << "\n" << dump(ops);
        } else {
            ++tally.invalid;
            ASSERT_LE(fast.witness.size(), d.max_witness) << fast.witness_reason;
            std::vector<Operation> sub;
            for (const std::size_t i : fast.witness) sub.push_back(ops[i]);
            if (d.witness_fails_alone) {
                ASSERT_EQ(check_operations(model, sub).verdict, Verdict::not_linearizable)
                    << "witness does not fail alone, seed " << history_seed << "\n" << dump(ops) << "witness:\n" << dump(sub);
            }
        }
        // Through the dispatch: decided by the engine itself (replay and confirmation passed).
        const EngineDecision decided = check_partition(model, ops, {}, Engine::fast);
        ASSERT_EQ(decided.engine, d.engine) << decided.note << "\nseed " << history_seed << "\n" << dump(ops) << fast.witness_reason;
        ASSERT_EQ(decided.result.verdict, searched.verdict);
    }
}

// register-unique on `model_name` (register or kv); its rules alone are checked too: resolving never
// changes the verdict.
void differential_register(const std::string& model_name, const ModelOptions& model_options,
                           testing::UniqueHistoryOptions history, std::uint64_t seed, int count, int max_ops,
                           int max_processes, bool oracle, Tally& tally) {
    const auto model = make_model(model_name, model_options);
    Differential d;
    d.engine = "register-unique";
    d.generate = testing::random_unique_register;
    d.decide = engines::register_unique;
    d.model = [&](int, testing::UniqueHistoryOptions&) -> const Model& { return *model; };
    d.history = history;
    d.oracle = oracle;
    d.max_witness = 8;
    d.also = [](const Model& m, const std::vector<Operation>& ops, const CheckResult& searched,
                const engines::FastVerdict& fast, std::uint64_t seed) {
        std::string why_not;
        const auto resolved = engines::resolve_register(m, ops, why_not);
        ASSERT_EQ(resolved.has_value(), fast.applies) << why_not << " / " << fast.why_not;
        if (!resolved) return;
        for (const Operation& op : resolved->ops) ASSERT_TRUE(op.completed());
        ASSERT_EQ(check_operations(m, resolved->ops).verdict, searched.verdict)
            << "resolving changed the verdict, seed " << seed << "\n" << dump(ops) << "resolved:\n" << dump(resolved->ops);
    };
    differential(d, seed, count, max_ops, max_processes, tally);
}

TEST(RegisterUniqueEngine, AgreesWithSearchAndOracle) {
    Tally t;
    differential_register("register", {}, {}, 1, 20000, 7, 4, true, t);
    std::printf("register: %d valid, %d invalid, %d declined\n", t.valid, t.invalid, t.declined);
    EXPECT_GT(t.valid, 10000);
    EXPECT_GT(t.invalid, 4000);
}

TEST(RegisterUniqueEngine, InitialValueAndNilReadsUnknownAgreeWithOracle) {
    ModelOptions options;
    options.initial = Value::integer(0);
    options.nil_read_is_unknown = true;
    testing::UniqueHistoryOptions history;
    history.initial = Value::integer(0);
    Tally t;
    differential_register("register", options, history, 2, 6000, 7, 4, true, t);
    std::printf("register, initial 0, nil reads unknown: %d valid, %d invalid, %d declined\n", t.valid, t.invalid, t.declined);
    EXPECT_GT(t.valid, 3000);
    EXPECT_GT(t.invalid, 1200);
}

TEST(RegisterUniqueEngine, KvAgreesWithOracle) {
    testing::UniqueHistoryOptions history;
    history.kv = true;
    Tally t;
    differential_register("kv", {}, history, 3, 6000, 7, 4, true, t);
    std::printf("kv: %d valid, %d invalid, %d declined\n", t.valid, t.invalid, t.declined);
    EXPECT_GT(t.valid, 3000);
    EXPECT_GT(t.invalid, 1200);
}

TEST(RegisterUniqueEngine, LargerHistoriesAgreeWithSearch) {
    testing::UniqueHistoryOptions history;
    history.corrupt_rate = 0.6;
    Tally t;
    differential_register("register", {}, history, 4, 5000, 40, 8, false, t);
    std::printf("register, up to 40 ops: %d valid, %d invalid, %d declined\n", t.valid, t.invalid, t.declined);
    EXPECT_GT(t.valid, 2000);
    EXPECT_GT(t.invalid, 800);
}

// fifo-queue-unique vs search (vs the oracle when `oracle`).
void differential_queue(std::uint64_t seed, int count, int max_ops, int max_processes, bool oracle, Tally& tally,
                        double dequeue_crash_share = 0.1) {
    const auto model = make_model("fifo-queue", {});
    Differential d;
    d.engine = "fifo-queue-unique";
    d.generate = testing::random_unique_queue;
    d.decide = engines::fifo_queue_unique;
    d.model = [&](int, testing::UniqueHistoryOptions&) -> const Model& { return *model; };
    d.history.dequeue_crash_share = dequeue_crash_share;
    d.oracle = oracle;
    d.skip_unknown = true;
    differential(d, seed, count, max_ops, max_processes, tally);
}

TEST(FifoQueueUniqueEngine, AgreesWithSearchAndOracle) {
    Tally t;
    differential_queue(11, 20000, 7, 4, true, t);
    std::printf("fifo-queue: %d valid, %d invalid, %d declined\n", t.valid, t.invalid, t.declined);
    EXPECT_GT(t.valid, 8000);
    EXPECT_GT(t.invalid, 3000);
}

TEST(FifoQueueUniqueEngine, CrashedDequeuesAgreeWithSearchAndOracle) {
    // Dequeues crash as often as enqueues: the engine guesses which values they took.
    Tally t;
    differential_queue(13, 10000, 7, 4, true, t, 1.0);
    std::printf("fifo-queue, crashed dequeues: %d valid, %d invalid, %d declined\n", t.valid, t.invalid, t.declined);
    EXPECT_GT(t.valid, 6000);
    EXPECT_GT(t.invalid, 1200);
}

TEST(FifoQueueUniqueEngine, LargerHistoriesAgreeWithSearch) {
    Tally t;
    differential_queue(12, 2000, 16, 5, false, t);
    std::printf("fifo-queue, up to 16 ops: %d valid, %d invalid, %d declined, %d the search gave up on\n", t.valid,
                t.invalid, t.declined, t.skipped);
    EXPECT_GT(t.valid, 800);
    EXPECT_GT(t.invalid, 300);
}

// set-unique vs search (vs the oracle when `oracle`); every third history starts from {0}, and then
// a null read means "unknown". The dispatch confirms its (projected) witness by the search.
void differential_set(std::uint64_t seed, int count, int max_ops, int max_processes, bool oracle, Tally& tally) {
    ModelOptions with_initial;
    with_initial.initial = Value::set({Value::integer(0)});
    with_initial.nil_read_is_unknown = true;
    const auto plain = make_model("set", {});
    const auto initial = make_model("set", with_initial);
    Differential d;
    d.engine = "set-unique";
    d.generate = testing::random_unique_set;
    d.decide = engines::set_unique;
    d.model = [&](int n, testing::UniqueHistoryOptions& history) -> const Model& {
        if (n % 3 != 2) return *plain;
        history.initial = with_initial.initial;
        return *initial;
    };
    d.oracle = oracle;
    d.skip_unknown = true;
    d.max_witness = 4;
    d.witness_fails_alone = false;
    differential(d, seed, count, max_ops, max_processes, tally);
}

TEST(SetUniqueEngine, AgreesWithSearchAndOracle) {
    Tally t;
    differential_set(21, 20000, 7, 4, true, t);
    std::printf("set: %d valid, %d invalid, %d declined\n", t.valid, t.invalid, t.declined);
    EXPECT_GT(t.valid, 6000);
    EXPECT_GT(t.invalid, 3500);
}

TEST(SetUniqueEngine, LargerHistoriesAgreeWithSearch) {
    Tally t;
    differential_set(22, 2000, 16, 5, false, t);
    std::printf("set, up to 16 ops: %d valid, %d invalid, %d declined, %d the search gave up on\n", t.valid, t.invalid,
                t.declined, t.skipped);
    EXPECT_GT(t.valid, 1000);
    EXPECT_GT(t.invalid, 300);
}

using testing::H;
using testing::I;
using testing::S;

std::string why_not(const std::string& model, const std::vector<Operation>& ops) {
    const auto m = make_model(model, {});
    const engines::FastVerdict v = engines::register_unique(*m, ops);
    return v.applies ? "" : v.why_not;
}

TEST(RegisterUniqueEngine, DeclinesWhatItCannotDecide) {
    EXPECT_EQ(why_not("register", H().invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(0, "write", I(1)).ok(0, "write", I(1)).ops()),
              "value 1 is written twice");
    EXPECT_EQ(why_not("register", H().invoke(0, "write", Value::nil()).ok(0, "write", Value::nil()).ops()),
              "value null is written and is the initial value");
    EXPECT_EQ(why_not("cas-register", H().invoke(0, "cas", testing::L({I(1), I(2)})).ok(0, "cas", testing::L({I(1), I(2)})).ops()),
              "`cas` operations (only write and read)");
    EXPECT_EQ(why_not("kv", H().key(S("k")).invoke(0, "append", S("x")).ok(0, "append", S("x")).ops()),
              "`append` operations (only put and get)");
    EXPECT_EQ(why_not("fifo-queue", H().invoke(0, "enqueue", I(1)).ok(0, "enqueue", I(1)).ops()), "not a register model");
    EXPECT_EQ(why_not("cas-register", H().invoke(0, "write", I(1)).ok(0, "write", I(1)).ops()), "");
}

TEST(RegisterUniqueEngine, DropsUnobservedAndTightensObservedCrashedWrites) {
    const auto model = make_model("register", {});
    // write 1 crashed and is never read: dropped. write 2 crashed and read: completed just before its
    // reader's completion. A crashed read: dropped.
    const auto ops = H().invoke(0, "write", I(1)).info(0, "write", I(1))
                         .invoke(1, "write", I(2))
                         .invoke(2, "read").ok(2, "read", I(2))
                         .invoke(3, "read").info(3, "read")
                         .ops();
    std::string why;
    const auto r = engines::resolve_register(*model, ops, why);
    ASSERT_TRUE(r) << why;
    EXPECT_EQ(r->dropped_writes, 1u);
    EXPECT_EQ(r->tightened_writes, 1u);
    EXPECT_EQ(r->dropped_reads, 1u);
    ASSERT_EQ(r->ops.size(), 2u);
    EXPECT_EQ(r->ops[0].value, I(2));
    EXPECT_TRUE(r->ops[0].completed());
    EXPECT_LT(r->ops[0].ret, r->ops[1].ret);
    EXPECT_GT(r->ops[0].ret, r->ops[1].call);  // after the read began: it may still overlap it
}

TEST(RegisterUniqueEngine, WitnessesNameTheFewOperations) {
    const auto model = make_model("register", {});
    // write 1; write 2; then read → 1 after both completed: value 1 must be held from write 1's
    // completion to the read's start, a stretch that holds the whole of write 2.
    const auto ops = H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                         .invoke(0, "write", I(2)).ok(0, "write", I(2))
                         .invoke(2, "read").ok(2, "read", I(1))
                         .ops();
    const engines::FastVerdict v = engines::register_unique(*model, ops);
    ASSERT_TRUE(v.applies);
    ASSERT_FALSE(v.linearizable);
    EXPECT_EQ(v.witness, (std::vector<std::size_t>{0, 1, 2}));
    EXPECT_NE(v.witness_reason.find("must be written and read within that stretch"), std::string::npos) << v.witness_reason;
    // With a read → 2 as well, value 2 also needs a stretch, and the two overlap.
    const auto both = H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                          .invoke(0, "write", I(2)).ok(0, "write", I(2))
                          .invoke(1, "read").ok(1, "read", I(2))
                          .invoke(2, "read").ok(2, "read", I(1))
                          .ops();
    const engines::FastVerdict overlap = engines::register_unique(*model, both);
    ASSERT_FALSE(overlap.linearizable);
    EXPECT_EQ(overlap.witness, (std::vector<std::size_t>{0, 1, 2, 3}));
    EXPECT_NE(overlap.witness_reason.find("the two stretches overlap"), std::string::npos) << overlap.witness_reason;
    const EngineDecision d = check_partition(*model, ops, {}, Engine::fast);
    EXPECT_EQ(d.engine, "register-unique");
    ASSERT_TRUE(d.result.counterexample);
    EXPECT_EQ(d.result.counterexample->witness, v.witness);
    // Under `auto`, a partition this small goes to the search.
    EXPECT_EQ(check_partition(*model, ops, {}, Engine::automatic).engine, "search");
}

TEST(FifoQueueUniqueEngine, AnEmptyDequeueDecidesWhichValueGoesFirst) {
    const auto model = make_model("fifo-queue", {});
    // Both values may go first, but the empty dequeue needs 2 enqueued and dequeued before it and 1
    // enqueued after it: 2 must go first. (Choosing 1, whose dequeue completes first, got stuck.)
    const auto ops = H().invoke(1, "enqueue", I(1))
                         .invoke(0, "enqueue", I(2)).ok(0, "enqueue", I(2))
                         .invoke(0, "dequeue")
                         .invoke(2, "dequeue").ok(2, "dequeue", Value::nil())
                         .invoke(3, "dequeue").ok(3, "dequeue", I(1))
                         .ok(1, "enqueue", I(1))
                         .ok(0, "dequeue", I(2))
                         .ops();
    ASSERT_EQ(check_operations(*model, ops).verdict, Verdict::linearizable);
    const engines::FastVerdict v = engines::fifo_queue_unique(*model, ops);
    ASSERT_TRUE(v.applies) << v.why_not;
    ASSERT_TRUE(v.linearizable);
    EXPECT_TRUE(testing::is_legal_linearization(*model, ops, v.order));
}

TEST(FifoQueueUniqueEngine, DequeuesWithNoResultAreDroppedOrGuessed) {
    const auto model = make_model("fifo-queue", {});
    // Every value is dequeued by a completed dequeue: the crashed one did nothing or found it empty.
    const auto drained = H().invoke(0, "enqueue", I(1)).ok(0, "enqueue", I(1))
                             .invoke(1, "dequeue").info(1, "dequeue")
                             .invoke(2, "dequeue").ok(2, "dequeue", I(1))
                             .ops();
    const engines::FastVerdict v = engines::fifo_queue_unique(*model, drained);
    ASSERT_TRUE(v.applies) << v.why_not;
    EXPECT_TRUE(v.linearizable);
    // Value 2 is dequeued by nobody that completed: the crashed dequeue took it, or the empty
    // dequeue cannot be explained. The engine guesses so, and its linearization places the crash.
    const auto left = H().invoke(0, "enqueue", I(2)).ok(0, "enqueue", I(2))
                          .invoke(1, "dequeue").info(1, "dequeue")
                          .invoke(2, "dequeue").ok(2, "dequeue", Value::nil())
                          .ops();
    const engines::FastVerdict w = engines::fifo_queue_unique(*model, left);
    ASSERT_TRUE(w.applies) << w.why_not;
    EXPECT_TRUE(w.linearizable);
    EXPECT_TRUE(testing::is_legal_linearization(*model, left, w.order));
    // The same with the empty dequeue before the crashed one began: no guess explains it, and the
    // violation involves the value guessed about, so the engine leaves it to the search.
    const auto early = H().invoke(0, "enqueue", I(2)).ok(0, "enqueue", I(2))
                           .invoke(2, "dequeue").ok(2, "dequeue", Value::nil())
                           .invoke(1, "dequeue").info(1, "dequeue")
                           .ops();
    const engines::FastVerdict x = engines::fifo_queue_unique(*model, early);
    EXPECT_FALSE(x.applies);
    EXPECT_NE(x.why_not.find("guess"), std::string::npos) << x.why_not;
    EXPECT_EQ(check_partition(*model, early, {}, Engine::fast).result.verdict, Verdict::not_linearizable);
}

}  // namespace
}  // namespace lincheck
