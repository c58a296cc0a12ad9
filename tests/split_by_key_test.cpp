// check_history's split by key: each partition holds its key's operations, in call order, with their
// indices, keys in order of their first operation; the same on the small-history path (fewer than
// kParallelFrom operations: inline integer keys, thread scratch) as on the large one, for every
// overload and for keys of every kind (1, true, 1.0 and "1" are four keys).
#include <gtest/gtest.h>

#include <random>

#include "lincheck/check.hpp"
#include "lincheck/internal/check_knobs.hpp"
#include "lincheck/models.hpp"

namespace lincheck {
namespace {

std::vector<Value> key_pool() {
    std::vector<Value> keys;
    for (int i = -3; i < 40; ++i) keys.push_back(Value::integer(i));
    keys.push_back(Value::integer(std::int64_t{1} << 40));
    keys.push_back(Value::integer(-(std::int64_t{1} << 40)));
    keys.push_back(Value::boolean(true));
    keys.push_back(Value::boolean(false));
    keys.push_back(Value::floating(1.0));
    keys.push_back(Value::string("1"));
    keys.push_back(Value::keyword("k"));
    keys.push_back(Value::big_integer("123456789012345678901234567890"));
    keys.push_back(Value::list({Value::integer(1), Value::integer(2)}));
    return keys;
}

// `n` completed writes, one at a time, on keys drawn from the pool (runs of one key now and then).
std::vector<Operation> writes(std::size_t n, std::uint64_t seed, bool keyed = true) {
    const std::vector<Value> pool = key_pool();
    std::mt19937_64 rng(seed);
    std::vector<Operation> ops;
    std::size_t key = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (rng() % 3 != 0) key = rng() % pool.size();
        Operation op;
        op.process = static_cast<std::int64_t>(i % 5);
        op.f = "write";
        op.value = Value::integer(static_cast<std::int64_t>(i));
        if (keyed) op.key = pool[key];
        op.call = 2 * i;
        op.ret = 2 * i + 1;
        ops.push_back(std::move(op));
    }
    return ops;
}

struct Expected {
    std::optional<Value> key;
    std::vector<std::size_t> op_indices;
};

// The split, naively.
std::vector<Expected> expected_split(const std::vector<Operation>& ops) {
    std::vector<Expected> out;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        auto it = std::find_if(out.begin(), out.end(), [&](const Expected& e) { return e.key == ops[i].key; });
        if (it == out.end()) it = out.insert(out.end(), Expected{ops[i].key, {}});
        it->op_indices.push_back(i);
    }
    return out;
}

void expect_split(const HistoryResult& result, const std::vector<Operation>& ops, const char* how) {
    const std::vector<Expected> expected = expected_split(ops);
    ASSERT_EQ(result.partitions.size(), expected.size()) << how;
    for (std::size_t p = 0; p < expected.size(); ++p) {
        const PartitionResult& partition = result.partitions[p];
        EXPECT_EQ(partition.key, expected[p].key) << how << ", partition " << p;
        ASSERT_EQ(partition.op_indices, expected[p].op_indices) << how << ", partition " << p;
        ASSERT_EQ(partition.ops.size(), partition.op_indices.size()) << how;
        for (std::size_t j = 0; j < partition.ops.size(); ++j) {
            const Operation& want = ops[partition.op_indices[j]];
            const Operation& got = partition.ops[j];
            EXPECT_TRUE(got.f == want.f && got.value == want.value && got.key == want.key && got.call == want.call &&
                        got.ret == want.ret && got.process == want.process)
                << how << ", partition " << p << ", op " << j;
        }
        EXPECT_EQ(partition.result.verdict, Verdict::linearizable) << how;
    }
}

void check_every_overload(const std::vector<Operation>& ops) {
    const auto model = make_model("register");
    for (const unsigned jobs : {1u, 2u}) {
        HistoryOptions options;
        options.jobs = jobs;
        expect_split(check_history(*model, std::span<const Operation>(ops), {}, options), ops, "span");
        expect_split(check_history(*model, std::vector<Operation>(ops), {}, options), ops, "moved");
        OperationRuns runs;
        for (std::size_t i = 0; i < ops.size(); i += 97) {
            runs.emplace_back(ops.begin() + static_cast<std::ptrdiff_t>(i),
                              ops.begin() + static_cast<std::ptrdiff_t>(std::min(ops.size(), i + 97)));
        }
        expect_split(check_history(*model, std::move(runs), {}, options), ops, "runs");
    }
}

TEST(SplitByKey, SmallHistoriesSplitLikeTheNaiveSplit) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) check_every_overload(writes(10 + 13 * seed, seed));
}

TEST(SplitByKey, LargeHistoriesSplitLikeTheNaiveSplit) {
    check_every_overload(writes(internal::kParallelFrom + 300, 7));
}

TEST(SplitByKey, AnUnkeyedHistoryIsOnePartition) {
    for (const std::size_t n : {std::size_t{1}, std::size_t{60}, internal::kParallelFrom + 10}) {
        check_every_overload(writes(n, 3, false));
    }
}

}  // namespace
}  // namespace lincheck
