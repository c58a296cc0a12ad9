// The search against the brute-force oracle on the stress generator's shapes (bench/stress_history.hpp)
// at sizes the oracle can finish: unique or repeated values, long-tailed durations, crashes with and
// without a fresh process id, pending operations at the end, empty dequeues, whole-set reads, one to
// five clients, one or two keys (kv); some results corrupted (mutex: some refusals logged ok) so that both
// verdicts are well represented.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <optional>
#include <random>

#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "stress_history.hpp"
#include "support/oracle.hpp"
#include "support/plain_search.hpp"
#include "support/query_pruning_from.hpp"

namespace lincheck {
namespace {

using testing::dump_ops;

void run(const std::string& model_name, std::uint64_t seed, int count, int min_invalid) {
    const auto model = make_model(model_name, {});
    int valid = 0, invalid = 0;
    for (int i = 0; i < count; ++i) {
        std::mt19937_64 rng(seed * 1000003 + static_cast<std::uint64_t>(i));
        const auto one_of = [&](std::initializer_list<double> xs) { return *(xs.begin() + rng() % xs.size()); };
        stress::Options o;
        o.model = model_name;
        o.seed = rng();
        o.operations = 1 + static_cast<long>(rng() % 7);
        o.processes = 1 + static_cast<long>(rng() % 5);
        // The oracle sees one object: only kv's model keeps keys apart itself.
        o.keys = model_name == "kv" && rng() % 2 == 0 ? 2 : 1;
        o.values = static_cast<long>(one_of({0, 0, 2, 3}));
        o.update_rate = one_of({0.3, 0.55, 0.8});
        o.info_rate = one_of({0, 0.15, 0.4});
        o.fail_rate = one_of({0, 0.1});
        o.pending = static_cast<long>(rng() % 3);
        o.tail_rate = one_of({0, 0.3});
        o.corrupt_rate = one_of({0, 0.3, 0.6});
        o.reuse_process_after_info = rng() % 2 == 0;
        // The mutex simulator has no wrong result to make up: a planted bug grants a held lock (or
        // releases a free one) instead. Drawn last, so the other models' histories stay as they were.
        if (model_name == "mutex") o.refused_ok_rate = one_of({0, 0.3, 0.6});
        const auto history = stress::generate(o);
        const auto ops = pair_events(history.events);
        const auto where = [&] {
            return model_name + ", case " + std::to_string(i) + " (seed " + std::to_string(o.seed) + "):\n" + dump_ops(*model, ops);
        };
        const bool expected = testing::oracle_linearizable(*model, ops);
        // Keys this small are searched without the model's QueryPruning (search_paths.hpp) unless many
        // of their operations are open at once: every other history with it from the first operation.
        const testing::QueryPruningFrom pruning(testing::pruning_threshold_for(i));
        if (!history.corrupted) {
            EXPECT_TRUE(expected) << "an uncorrupted stress history must be linearizable; " << where();
        }
        const CheckResult result = check_operations(*model, ops);
        EXPECT_EQ(result.verdict, expected ? Verdict::linearizable : Verdict::not_linearizable) << where();
        EXPECT_EQ(check_history(*model, ops).verdict == Verdict::linearizable, expected) << "check_history; " << where();
        if (expected) {
            ++valid;
            EXPECT_TRUE(testing::is_legal_linearization(*model, ops, result.linearization)) << "bad witness; " << where();
        } else {
            ++invalid;
            EXPECT_TRUE(result.counterexample && !result.counterexample->states_before.empty() &&
                        ops[result.counterexample->stuck_op].completed())
                << "bad counterexample; " << where();
        }
        if (::testing::Test::HasFailure()) break;
    }
    std::printf("%s: %d valid, %d invalid\n", model_name.c_str(), valid, invalid);
    EXPECT_GE(valid, count / 5);
    EXPECT_GE(invalid, min_invalid);
}

TEST(StressDifferential, Register) { run("register", 1, 3000, 300); }
TEST(StressDifferential, CasRegister) { run("cas-register", 2, 3000, 300); }
TEST(StressDifferential, Kv) { run("kv", 3, 1500, 150); }
TEST(StressDifferential, Set) { run("set", 4, 1500, 150); }
TEST(StressDifferential, FifoQueue) { run("fifo-queue", 5, 4000, 400); }
TEST(StressDifferential, UnorderedQueue) { run("unordered-queue", 6, 1500, 150); }
TEST(StressDifferential, Counter) { run("counter", 7, 1500, 150); }
// Mutex histories become invalid by refusals logged ok (stress::Options::refused_ok_rate).
TEST(StressDifferential, Mutex) { run("mutex", 8, 1500, 150); }
TEST(StressDifferential, MultiRegister) { run("multi-register", 10, 1500, 150); }

// The reference: the plain search (testing::PlainModel), which gives up on some histories (nullopt).
// It gets a memory limit, not a deadline, so which ones does not depend on the machine. A history it
// decides is counted in `decided`, and in `invalid` when not linearizable.
std::optional<Verdict> plain_verdict(const Model& plain, const std::vector<Operation>& ops, int& decided, int& invalid) {
    CheckLimits limits;
    limits.memory_limit_bytes = std::size_t{8} << 20;
    const Verdict verdict = check_operations(plain, ops, limits).verdict;
    if (verdict == Verdict::unknown) return std::nullopt;
    ++decided;
    if (verdict == Verdict::not_linearizable) ++invalid;
    return verdict;
}

stress::Options long_queue(std::mt19937_64& rng, long operations) {
    stress::Options o;
    o.model = "fifo-queue";
    o.seed = rng();
    o.operations = operations;
    o.processes = 3 + static_cast<long>(rng() % 6);
    o.update_rate = 0.55;
    o.tail_rate = rng() % 2 == 0 ? 0.05 : 0.15;
    o.info_rate = rng() % 3 == 0 ? 0.05 : 0;
    o.pending = static_cast<long>(rng() % 3);
    o.corrupt_rate = rng() % 2 == 0 ? 0 : 0.02;
    return o;
}

// FIFO pruning (checker/src/fifo_order.*) against the plain search on queues long enough that many
// elements wait in the queue at once (more than the 64 blockers the pruning once looked at).
TEST(StressDifferential, FifoPruningAgainstPlainSearch) {
    const auto model = make_model("fifo-queue", {});
    const testing::PlainModel plain(*model);  // without its FifoPruning
    int decided = 0, invalid = 0;
    for (int i = 0; i < 150; ++i) {
        std::mt19937_64 rng(9000 + static_cast<std::uint64_t>(i));
        const auto o = long_queue(rng, 60 + static_cast<long>(rng() % 90));
        const auto ops = pair_events(stress::generate(o).events);
        const std::optional<Verdict> reference = plain_verdict(plain, ops, decided, invalid);
        if (!reference) continue;
        EXPECT_EQ(check_operations(*model, ops).verdict, *reference)
            << "case " << i << " (seed " << o.seed << ", " << o.operations << " ops):\n" << dump_ops(*model, ops);
        if (::testing::Test::HasFailure()) break;
    }
    std::printf("fifo pruning vs plain search: %d decided by the plain search, %d of them invalid\n", decided, invalid);
    EXPECT_GE(decided, 30);
    EXPECT_GE(invalid, 5);
}

// The QueryPruning set up half-way through the walk (after a step per operation; the children of the
// configurations then on the stack looked at in full, checker/src/search/loop.cpp) against the plain
// search, on register, cas-register and set histories with repeated values, crashes and some
// corruption, large enough that many are not decided before the pruning starts.
TEST(StressDifferential, QueryPruningStartedHalfWayAgainstPlainSearch) {
    int decided = 0, invalid = 0, half_way = 0;
    std::map<std::string, int> half_way_of;
    for (const char* name : {"register", "cas-register", "set"}) {
        const auto model = make_model(name, {});
        const testing::PlainModel plain(*model);  // without its QueryPruning
        for (int i = 0; i < 300; ++i) {
            std::mt19937_64 rng(12000 + static_cast<std::uint64_t>(i));
            stress::Options o;
            o.model = name;
            o.operations = 40 + static_cast<long>(rng() % 110);
            o.processes = 3 + static_cast<long>(rng() % 6);
            o.values = 3 + static_cast<long>(rng() % 4);
            o.info_rate = rng() % 2 == 0 ? 0.1 : 0.25;
            o.tail_rate = rng() % 2 == 0 ? 0 : 0.05;
            o.corrupt_rate = rng() % 3 == 0 ? 0 : 0.03;
            o.seed = 12000 + static_cast<std::uint64_t>(i);
            const auto ops = pair_events(stress::generate(o).events);
            const std::optional<Verdict> reference = plain_verdict(plain, ops, decided, invalid);
            if (!reference) continue;
            const CheckResult pruned = check_operations(*model, ops);
            if (pruned.stats.hopeless_dropped != 0 && pruned.stats.steps > ops.size()) {
                ++half_way;
                ++half_way_of[name];
            }
            EXPECT_EQ(pruned.verdict, *reference)
                << name << " case " << i << " (" << o.operations << " ops):\n" << dump_ops(*model, ops);
            if (::testing::Test::HasFailure()) return;
        }
    }
    std::printf("pruning started half-way vs plain search: %d decided, %d invalid, %d pruned half-way\n", decided, invalid,
                half_way);
    for (const auto& [name, n] : half_way_of) std::printf("  %s: %d pruned half-way\n", name.c_str(), n);
    EXPECT_GE(decided, 600);
    EXPECT_GE(invalid, 100);
    EXPECT_GE(half_way_of["register"], 20);
    EXPECT_GE(half_way_of["cas-register"], 20);
    EXPECT_GE(half_way_of["set"], 20);
}

// With distinct elements, the search on a long-tailed queue explores about one configuration per
// operation: a slow enqueue is put in its place as soon as an element behind it is enqueued. Stopping
// the pruning's scan early made this 14-40x more (2,000 ops: 29,000 to 164,000+ configurations).
TEST(StressDifferential, LongTailedQueueSearchStaysLinear) {
    const auto model = make_model("fifo-queue", {});
    for (const long processes : {4L, 8L}) {
        for (std::uint64_t seed = 1; seed <= 2; ++seed) {
            stress::Options o;
            o.model = "fifo-queue";
            o.operations = 2000;
            o.processes = processes;
            o.update_rate = 0.55;
            o.tail_rate = 0.05;
            o.seed = seed;
            const auto ops = pair_events(stress::generate(o).events);
            const CheckResult result = check_operations(*model, ops);
            EXPECT_EQ(result.verdict, Verdict::linearizable) << processes << " clients, seed " << seed;
            EXPECT_LE(result.stats.configurations, 2 * ops.size()) << processes << " clients, seed " << seed;
        }
    }
}

// The peer campaign's worst cas-register (bench/run.sh campaign, history 1149): 316 ops, 7 clients,
// 30% crashed, unique values. Crashed updates whose value nothing reads are left out, and those whose
// value something reads are tried before it: 3,316 configurations before, ~700 now.
TEST(StressDifferential, CrashedCasRegisterStaysSmall) {
    const auto model = make_model("cas-register", {});
    stress::Options o;
    o.model = "cas-register";
    o.operations = 316;
    o.processes = 7;
    o.info_rate = 0.3;
    o.pending = 2;
    o.tail_rate = 0.1;
    o.update_rate = 0.7;
    o.seed = 1149;
    const auto ops = pair_events(stress::generate(o).events);
    const CheckResult result = check_operations(*model, ops);
    EXPECT_EQ(result.verdict, Verdict::linearizable);
    EXPECT_TRUE(testing::is_legal_linearization(*model, ops, result.linearization));
    EXPECT_LE(result.stats.configurations, 1500u);
}

// The register's shortcuts (overwrites, crashed updates left out, observed-first) against the plain
// search, on repeated values and crashes at sizes the oracle cannot finish (30-200 operations).
TEST(StressDifferential, RegisterShortcutsAgainstPlainSearch) {
    int decided = 0, invalid = 0;
    for (int i = 0; i < 600; ++i) {
        std::mt19937_64 rng(12000 + static_cast<std::uint64_t>(i));
        stress::Options o;
        o.model = i % 2 == 0 ? "register" : "cas-register";
        o.seed = rng();
        o.operations = 30 + static_cast<long>(rng() % 170);
        o.processes = 2 + static_cast<long>(rng() % 7);
        o.values = 2 + static_cast<long>(rng() % 9);
        o.update_rate = rng() % 2 == 0 ? 0.5 : 0.7;
        o.info_rate = rng() % 3 == 0 ? 0 : 0.15;
        o.pending = static_cast<long>(rng() % 3);
        o.tail_rate = rng() % 2 == 0 ? 0 : 0.1;
        o.corrupt_rate = rng() % 2 == 0 ? 0 : 0.03;
        o.reuse_process_after_info = rng() % 3 == 0;
        const auto model = make_model(o.model, {});
        const testing::PlainModel plain(*model);  // forwards no optional hook: no shortcut at all
        const auto ops = pair_events(stress::generate(o).events);
        const std::optional<Verdict> reference = plain_verdict(plain, ops, decided, invalid);
        if (!reference) continue;
        const CheckResult pruned = check_operations(*model, ops);
        EXPECT_EQ(pruned.verdict, *reference) << "case " << i << " (seed " << o.seed << "):\n" << dump_ops(*model, ops);
        if (pruned.verdict == Verdict::linearizable) {
            EXPECT_TRUE(testing::is_legal_linearization(*model, ops, pruned.linearization));
        }
        if (::testing::Test::HasFailure()) break;
    }
    std::printf("register shortcuts vs plain search: %d decided by the plain search, %d of them invalid\n", decided, invalid);
    EXPECT_GE(decided, 450);
    EXPECT_GE(invalid, 90);
}

}  // namespace
}  // namespace lincheck
