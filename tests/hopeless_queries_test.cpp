// HopelessQueries::unblockers_done (checker/src/hopeless_queries.hpp) against the way it was first
// written: every unblocker of a query listed at once, scanning every op from the first (quadratic on a
// long key). On random operations, bit schemes and linearized sets, asked in random order with random
// prefixes, the scan that stops early and resumes gives the same answer every time; so does the
// index by the states updates leave (QueryPruning::unblocking_follows_states) with its shortcuts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "../checker/src/hopeless_queries.hpp"

namespace lincheck::detail {
namespace {

// keeps_hopeless from a fixed random table of (update, query) pairs, the ops told apart by `process`;
// a density of 0 keeps every query hopeless (as the set model's adds do), 1 none.
class TablePruning : public QueryPruning {
public:
    TablePruning(std::size_t n, double unblock, std::mt19937& random) : unblocks_(n * n) {
        std::bernoulli_distribution coin(unblock);
        for (std::size_t i = 0; i < unblocks_.size(); ++i) unblocks_[i] = coin(random);
        n_ = n;
    }
    bool hopeless(const Value&, const Operation&) const override { return true; }
    bool keeps_hopeless(const Operation& update, const Operation& query) const override {
        return !unblocks_[static_cast<std::size_t>(update.process) * n_ + static_cast<std::size_t>(query.process)];
    }

private:
    std::vector<char> unblocks_;
    std::size_t n_ = 0;
};

// keeps_hopeless as unblocking_follows_states promises: with ids of the states the ops leave and need
// (kNone: none), an update never unblocks a query needing a state other than the one it leaves;
// otherwise, by a fixed random table of (update, query) pairs.
class StatePruning : public QueryPruning {
public:
    StatePruning(const std::vector<HopelessQueries::Op>& ops, double unblock, std::mt19937& random)
        : ops_(ops), by_query_(ops.size() * ops.size()) {
        std::bernoulli_distribution coin(unblock);
        for (auto& x : by_query_) x = coin(random);
    }
    bool hopeless(const Value&, const Operation&) const override { return true; }
    bool keeps_hopeless(const Operation& update, const Operation& query) const override {
        const auto u = static_cast<std::size_t>(update.process), q = static_cast<std::size_t>(query.process);
        const std::uint32_t leaves = ops_[u].leaves, needs = ops_[q].needs;
        if (leaves != HopelessQueries::kNone && needs != HopelessQueries::kNone && leaves != needs) return true;
        return !by_query_[u * ops_.size() + q];
    }
    bool unblocking_follows_states() const override { return true; }

private:
    const std::vector<HopelessQueries::Op>& ops_;
    std::vector<char> by_query_;
};

// The first version: the unblockers of q, highest bit first, each from a scan of every op.
bool listed_at_once(const std::vector<HopelessQueries::Op>& ops, const QueryPruning& pruning, std::uint32_t q,
                    std::uint32_t prefix, const std::vector<char>& set) {
    std::vector<std::uint32_t> list;
    for (std::uint32_t u = 0; u < ops.size() && ops[u].call <= ops[q].ret; ++u) {
        if (ops[u].query) continue;
        if (!pruning.keeps_hopeless(*ops[u].op, *ops[q].op)) list.push_back(u);
    }
    std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) { return ops[a].bit > ops[b].bit; });
    for (const std::uint32_t u : list) {
        if (ops[u].bit < prefix) break;
        if (!set[ops[u].bit]) return false;
    }
    return true;
}

// Random ops in call order, bit schemes, linearized sets and queries asked; `indexed`: with the
// states the ops leave and need, and a pruning that promises unblocking_follows_states.
void compare_with_the_list(bool indexed, std::uint32_t seed) {
    std::mt19937 random(seed);
    std::size_t asked = 0, yes = 0, rounds_indexed = 0;
    for (int round = 0; round < 300; ++round) {
        const std::size_t n = 1 + random() % 60;
        // Ops in call order: entries 0..2n-1, each op's return after its call; some indeterminate (no
        // return: past every entry), some completed queries.
        std::vector<Operation> operations(n);
        std::vector<HopelessQueries::Op> ops(n);
        std::vector<std::uint32_t> calls(n);
        for (std::uint32_t j = 0; j < n; ++j) calls[j] = 2 * j;
        const bool same_bits = random() % 4 == 0;  // a bit scheme other than the search's
        std::uint32_t completed = 0;
        std::vector<char> is_completed(n);
        for (std::uint32_t j = 0; j < n; ++j) is_completed[j] = random() % 5 != 0;
        for (std::uint32_t j = 0; j < n; ++j) completed += is_completed[j];
        std::uint32_t next_completed = 0, next_indeterminate = (completed + 63) / 64 * 64;
        std::vector<std::uint32_t> shuffled(n);
        for (std::uint32_t j = 0; j < n; ++j) shuffled[j] = j;
        std::shuffle(shuffled.begin(), shuffled.end(), random);
        for (std::uint32_t j = 0; j < n; ++j) {
            operations[j].process = j;
            const bool done = is_completed[j];
            const std::uint32_t ret = done ? calls[j] + 1 + static_cast<std::uint32_t>(random() % (2 * n)) : 4 * static_cast<std::uint32_t>(n);
            const std::uint32_t bit = same_bits ? shuffled[j] : done ? next_completed++ : next_indeterminate++;
            ops[j] = {&operations[j], done && random() % 2 == 0, calls[j], ret, bit};
        }
        // States 0..2 (or 0..5), repeated; now and then an op with none, which turns the index off
        // (an update) or makes a query look at every update.
        const std::uint32_t states = random() % 2 == 0 ? 3 : 6;
        const bool none_left = random() % 8 == 0;
        for (auto& op : ops) {
            const bool none = random() % 16 == 0 && (op.query || none_left);
            (op.query ? op.needs : op.leaves) = none ? HopelessQueries::kNone : static_cast<std::uint32_t>(random() % states);
        }
        const std::uint32_t bits = std::max<std::uint32_t>(next_indeterminate, static_cast<std::uint32_t>(n)) + 1;
        const double densities[] = {0.0, 0.05, 0.3, 1.0};
        const double density = densities[random() % 4];
        TablePruning table(n, density, random);
        StatePruning by_states(ops, density, random);
        const QueryPruning& pruning = indexed ? static_cast<const QueryPruning&>(by_states) : table;
        HopelessQueries hopeless;
        hopeless.reset(pruning) = ops;
        hopeless.prepare();
        rounds_indexed += hopeless.indexed();
        std::vector<std::uint32_t> queries;
        for (std::uint32_t j = 0; j < n; ++j) {
            if (ops[j].query) queries.push_back(j);
        }
        if (queries.empty()) continue;
        std::uint32_t prefix = 0;
        std::vector<char> set(bits);
        for (int ask = 0; ask < 40; ++ask) {
            // A linearized set as the search has them: bits below the prefix all set, others at random;
            // or, as the search's asks in a row, the last one with one op more or less above the prefix
            // (the witnesses kept from one ask to the next then matter).
            if (!indexed || ask == 0 || random() % 2 == 0) {
                prefix = static_cast<std::uint32_t>(random() % (completed + 1));
                const int fill = static_cast<int>(random() % 4);
                for (std::uint32_t b = 0; b < bits; ++b) set[b] = b < prefix || static_cast<int>(random() % 4) < fill;
            } else {
                const std::uint32_t b = prefix + static_cast<std::uint32_t>(random() % (bits - prefix));
                set[b] = !set[b];
            }
            const std::uint32_t q = queries[random() % queries.size()];
            const bool expected = listed_at_once(ops, pruning, q, prefix, set);
            const bool got = hopeless.unblockers_done(q, prefix, [&](std::uint32_t b) { return set[b] != 0; });
            ASSERT_EQ(got, expected) << "round " << round << ", ask " << ask << ", query " << q << ", prefix " << prefix;
            ++asked;
            yes += got;
        }
    }
    // Both answers came up often enough for the comparison to mean something.
    EXPECT_GT(yes, asked / 10);
    EXPECT_LT(yes, asked - asked / 10);
    if (indexed) {
        EXPECT_GT(rounds_indexed, 150u);
        EXPECT_LT(rounds_indexed, 290u);  // and without the index when an update leaves no state
    } else {
        EXPECT_EQ(rounds_indexed, 0u);
    }
}

TEST(HopelessQueries, TheResumedScanAnswersAsTheListOfEveryUnblocker) { compare_with_the_list(false, 17); }

TEST(HopelessQueries, TheIndexByStatesAnswersAsTheListOfEveryUnblocker) { compare_with_the_list(true, 18); }

}  // namespace
}  // namespace lincheck::detail
