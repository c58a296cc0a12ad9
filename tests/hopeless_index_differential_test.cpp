// The QueryPruning's index by the states updates leave (checker/src/hopeless_queries.*,
// QueryPruning::unblocking_follows_states; issue 17, session 11) against the full scan it replaces,
// the brute-force oracle and the plain search, on histories made for it: many crashed writes and cas
// of a few repeated values, some of which take effect long after their call, so that a late read is
// unblocked only by an old crashed write; cas to and from the same value (never an unblocker of a
// read of it); reads now and then corrupted; kv with several keys in one search.
//
// The index must give every answer the full scan gives, so the search must go exactly the same way:
// same verdict, configurations, steps and dropped configurations as the same model with the index
// turned off (ScanModel), with the pruning from the first operation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "support/oracle.hpp"
#include "support/plain_search.hpp"
#include "support/query_pruning_from.hpp"

namespace lincheck {
namespace {

using testing::dump_ops;

// `inner` with every hook, but its QueryPruning without the index: the full scan of every update.
class ScanModel final : public testing::ForwardedCore, private QueryPruning {
public:
    using ForwardedCore::ForwardedCore;
    bool keeps_keys_apart() const override { return inner_.keeps_keys_apart(); }
    const QueryPruning* query_pruning() const override { return inner_.query_pruning() ? this : nullptr; }
    bool overwrites(const Operation& op) const override { return inner_.overwrites(op); }
    std::optional<Value> leaves_state(const Operation& op) const override { return inner_.leaves_state(op); }
    std::optional<Value> needs_state(const Operation& op) const override { return inner_.needs_state(op); }
    const FifoPruning* fifo_pruning() const override { return inner_.fifo_pruning(); }
    std::string describe_state(const Value& state, Value::Notation notation) const override { return inner_.describe_state(state, notation); }
    std::string describe_op(const Operation& op, Value::Notation notation) const override { return inner_.describe_op(op, notation); }
    std::optional<Value> written_value(const Operation& op) const override { return inner_.written_value(op); }
    std::optional<Value> observed_value(const Operation& op) const override { return inner_.observed_value(op); }
    std::vector<Value> observed_elements(const Operation& op) const override { return inner_.observed_elements(op); }

private:
    bool hopeless(const Value& state, const Operation& query) const override { return inner_.query_pruning()->hopeless(state, query); }
    bool keeps_hopeless(const Operation& update, const Operation& query) const override {
        return inner_.query_pruning()->keeps_hopeless(update, query);
    }
};

struct Shape {
    bool kv = false;          // kv (put / get of strings), else register (with cas if `cas`)
    bool cas = true;
    int ops = 100;            // invoked
    int processes = 4;
    int keys = 1;
    int values = 3;           // completed writes' values: 0..values-1
    int crash_values = 2;     // values only crashed updates write: values..values+crash_values-1
    double info = 0.3;        // an update crashes
    double late = 0.7;        // a crashed update takes effect, at any time after its call
    double corrupt = 0.0;     // a read's result replaced by another value
};

Value value_of(const Shape& s, long v) { return s.kv ? Value::string(std::to_string(v)) : Value::integer(v); }

// A simulated register (kv: one per key): each op takes effect between its call and its return; a
// crashed one, if ever, at any later time (so long after its call); a cas that finds another value
// fails (dropped, as Jepsen logs it), unless it crashed. Processes that crash come back as new ones.
std::vector<Operation> simulate(std::mt19937_64& rng, const Shape& s) {
    const auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    const auto pick = [&](long n) { return static_cast<long>(rng() % static_cast<std::uint64_t>(n)); };
    struct Effect {
        long at;
        std::size_t op;
    };
    std::vector<Operation> ops;
    std::vector<char> dropped;
    std::vector<Effect> effects;
    std::vector<std::pair<long, std::size_t>> returns;  // (tick, op)
    std::vector<Value> state(static_cast<std::size_t>(s.keys), s.kv ? Value::string("") : Value::nil());
    std::vector<std::int64_t> process(static_cast<std::size_t>(s.processes));
    std::vector<char> busy(static_cast<std::size_t>(s.processes));
    for (std::size_t p = 0; p < process.size(); ++p) process[p] = static_cast<std::int64_t>(p);
    std::int64_t next_process = s.processes;
    std::uint64_t position = 0;
    int invoked = 0;
    const long span = 2L * s.ops;
    for (long tick = 0; invoked < s.ops || !returns.empty(); ++tick) {
        // Invokes.
        for (std::size_t p = 0; p < process.size() && invoked < s.ops; ++p) {
            if (busy[p] || !chance(0.4)) continue;
            Operation op;
            op.process = process[p];
            op.key = s.kv || s.keys > 1 ? std::optional<Value>(Value::integer(pick(s.keys))) : std::nullopt;
            op.call = position++;
            const bool update = chance(0.5);
            const bool crashes = update && chance(s.info);
            long v = pick(s.values);
            if (crashes && s.crash_values > 0 && chance(0.6)) v = s.values + pick(s.crash_values);
            if (!update) {
                op.f = s.kv ? "get" : "read";
            } else if (!s.kv && s.cas && chance(0.5)) {
                op.f = "cas";  // the expected value: drawn now if it crashes, else when it takes effect
                const long from = chance(0.2) ? v : pick(s.values + s.crash_values);
                op.value = Value::list({value_of(s, from), value_of(s, v)});
            } else {
                op.f = s.kv ? "put" : "write";
                op.value = value_of(s, v);
            }
            const std::size_t at = ops.size();
            ops.push_back(std::move(op));
            dropped.push_back(0);
            ++invoked;
            if (crashes) {
                ops[at].outcome = Outcome::info;
                ops[at].ret = kNever;
                process[p] = next_process++;
                if (chance(s.late)) effects.push_back({tick + 1 + pick(span), at});
            } else {
                busy[p] = 1;
                const long effect = tick + pick(4);
                effects.push_back({effect, at});
                returns.push_back({effect + pick(4), at});
            }
        }
        // Effects due now, in the order they were drawn.
        for (std::size_t e = 0; e < effects.size();) {
            if (effects[e].at != tick) {
                ++e;
                continue;
            }
            Operation& op = ops[effects[e].op];
            Value& held = state[op.key ? static_cast<std::size_t>(op.key->as_integer()) : 0];
            if (op.f == "read" || op.f == "get") {
                op.value = chance(s.corrupt) ? value_of(s, pick(s.values + s.crash_values)) : held;
            } else if (op.f == "cas") {
                // Copies: items() views op.value's payload, which the assignment below frees.
                const std::vector<Value> items(op.value.items().begin(), op.value.items().end());
                if (op.completed()) {
                    if (chance(0.75)) {
                        op.value = Value::list({held, items[1]});
                        held = items[1];
                    } else {
                        dropped[effects[e].op] = 1;  // a cas that failed
                    }
                } else if (items[0] == held) {
                    held = items[1];
                }
            } else {
                held = op.value;
            }
            effects.erase(effects.begin() + static_cast<std::ptrdiff_t>(e));
        }
        // Returns due now.
        for (std::size_t r = 0; r < returns.size();) {
            if (returns[r].first != tick) {
                ++r;
                continue;
            }
            Operation& op = ops[returns[r].second];
            op.ret = position++;
            for (std::size_t p = 0; p < process.size(); ++p) {
                if (process[p] == op.process) busy[p] = 0;
            }
            returns.erase(returns.begin() + static_cast<std::ptrdiff_t>(r));
        }
    }
    std::vector<Operation> kept;
    for (std::size_t j = 0; j < ops.size(); ++j) {
        if (!dropped[j]) kept.push_back(std::move(ops[j]));
    }
    return kept;
}

Shape random_shape(std::mt19937_64& rng, const std::string& model, int min_ops, int max_ops) {
    const auto one_of = [&](std::initializer_list<double> xs) { return *(xs.begin() + rng() % xs.size()); };
    Shape s;
    s.kv = model == "kv";
    s.cas = model == "cas-register";
    s.ops = min_ops + static_cast<int>(rng() % static_cast<std::uint64_t>(max_ops - min_ops + 1));
    s.processes = 2 + static_cast<int>(rng() % 6);
    s.keys = s.kv ? 1 + static_cast<int>(rng() % 3) : 1;
    s.values = 1 + static_cast<int>(rng() % 4);
    s.crash_values = static_cast<int>(rng() % 3);
    s.info = one_of({0.1, 0.25, 0.4});
    s.late = one_of({0.3, 0.7, 1.0});
    s.corrupt = one_of({0, 0.02, 0.1, 0.2});
    return s;
}

ModelOptions random_options(std::mt19937_64& rng, const std::string& model) {
    ModelOptions o;
    if (model != "kv" && rng() % 4 == 0) o.nil_read_is_unknown = true;  // wildcard reads: no state needed
    return o;
}

// The index against the full scan: the same search, step for step.
void against_the_full_scan(const std::string& model_name, std::uint64_t seed, int count) {
    int valid = 0, invalid = 0, dropped = 0;
    const testing::QueryPruningFrom pruning(0);
    for (int i = 0; i < count; ++i) {
        std::mt19937_64 rng(seed * 1000003 + static_cast<std::uint64_t>(i));
        const auto model = make_model(model_name, random_options(rng, model_name));
        const ScanModel scan(*model);
        const auto ops = simulate(rng, random_shape(rng, model_name, 20, 300));
        const auto where = [&] { return model_name + ", case " + std::to_string(i) + ":\n" + dump_ops(*model, ops); };
        CheckLimits limits;  // a memory limit, not a deadline: which ones give up is the machine's choice
        limits.memory_limit_bytes = std::size_t{64} << 20;
        const CheckResult got = check_operations(*model, ops, limits);
        const CheckResult expected = check_operations(scan, ops, limits);
        ASSERT_EQ(got.verdict, expected.verdict) << where();
        ASSERT_EQ(got.stats.configurations, expected.stats.configurations) << where();
        ASSERT_EQ(got.stats.steps, expected.stats.steps) << where();
        ASSERT_EQ(got.stats.hopeless_dropped, expected.stats.hopeless_dropped) << where();
        valid += got.verdict == Verdict::linearizable;
        invalid += got.verdict == Verdict::not_linearizable;
        dropped += got.stats.hopeless_dropped > 0;
    }
    std::printf("%s: %d valid, %d invalid, %d with configurations dropped as hopeless\n", model_name.c_str(), valid, invalid, dropped);
    EXPECT_GE(valid, count / 5);
    EXPECT_GE(invalid, count / 10);
    EXPECT_GE(dropped, count / 5);
}

TEST(HopelessIndexDifferential, CasRegisterAsTheFullScan) { against_the_full_scan("cas-register", 1, 1000); }
TEST(HopelessIndexDifferential, RegisterAsTheFullScan) { against_the_full_scan("register", 2, 600); }

// The verdict against the oracle (small histories) and the plain search (larger ones, where it
// finishes within its memory), for the models using HopelessQueries: kv's several keys in one
// search share it, without the index (kv's leaves_state is none).
void against_the_references(const std::string& model_name, std::uint64_t seed, int count) {
    int valid = 0, invalid = 0, plain_compared = 0, keyed = 0;
    const testing::QueryPruningFrom pruning(0);
    for (int i = 0; i < count; ++i) {
        std::mt19937_64 rng(seed * 1000003 + static_cast<std::uint64_t>(i));
        const auto model = make_model(model_name, random_options(rng, model_name));
        const bool small = i % 2 == 0;
        const auto ops = simulate(rng, random_shape(rng, model_name, small ? 2 : 20, small ? 8 : 60));
        const auto where = [&] { return model_name + ", case " + std::to_string(i) + ":\n" + dump_ops(*model, ops); };
        keyed += std::any_of(ops.begin(), ops.end(), [](const Operation& op) { return op.key && *op.key != Value::integer(0); });
        const CheckResult got = check_operations(*model, ops);
        ASSERT_NE(got.verdict, Verdict::unknown) << where();
        if (small) {
            ASSERT_EQ(got.verdict == Verdict::linearizable, testing::oracle_linearizable(*model, ops)) << "oracle; " << where();
        } else {
            const testing::PlainModel plain(*model);
            CheckLimits limits;
            limits.memory_limit_bytes = std::size_t{16} << 20;
            const CheckResult reference = check_operations(plain, ops, limits);
            if (reference.verdict != Verdict::unknown) {
                ASSERT_EQ(got.verdict, reference.verdict) << "plain search; " << where();
                ++plain_compared;
            }
        }
        valid += got.verdict == Verdict::linearizable;
        invalid += got.verdict == Verdict::not_linearizable;
    }
    std::printf("%s: %d valid, %d invalid, %d compared with the plain search, %d with several keys\n", model_name.c_str(), valid,
                invalid, plain_compared, keyed);
    EXPECT_GE(valid, count / 5);
    EXPECT_GE(invalid, count / 10);
    EXPECT_GE(plain_compared, count / 4);
    if (model_name == "kv") {
        EXPECT_GE(keyed, count / 3);
    }
}

TEST(HopelessIndexDifferential, CasRegisterAgainstOracleAndPlainSearch) { against_the_references("cas-register", 3, 600); }
TEST(HopelessIndexDifferential, RegisterAgainstOracleAndPlainSearch) { against_the_references("register", 4, 400); }
TEST(HopelessIndexDifferential, KvKeysAgainstOracleAndPlainSearch) { against_the_references("kv", 5, 400); }

}  // namespace
}  // namespace lincheck
