// The states before the failing operation (lincheck/window.hpp): exactly the states the operations that
// may precede it can leave — the examples, and the definition re-derived by the brute-force oracle
// on random histories with indeterminate and pending operations, for every model.
#include <gtest/gtest.h>

#include <algorithm>

#include "lincheck/explain.hpp"
#include "lincheck/window.hpp"
#include "support/history_builder.hpp"
#include "support/oracle.hpp"
#include "support/random_history.hpp"
#include "support/random_model_history.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::L;
using testing::S;

struct Failure {
    FailureWindow window;
    std::string text;
};

Failure failure_of(const H& h, const std::string& model_name) {
    const auto model = make_model(model_name);
    const auto result = check_history(*model, h.ops());
    EXPECT_EQ(result.verdict, Verdict::not_linearizable);
    const PartitionResult& p = result.partitions.at(*result.first_failure);
    const Explanation e = explain(*model, p, {});
    EXPECT_TRUE(e.window);
    std::string text = render_failure(*model, p, e, Value::Notation::json);
    std::replace(text.begin(), text.end(), '\n', ' ');  // lines are wrapped
    return {*e.window, text};
}

TEST(StatesBefore, CounterWithAnIndeterminateAdd) {
    // add 1 ok, add 2 info, read → 10: the state was 1 (add 2 not yet) or 3 (it took effect); never 5.
    const auto f = failure_of(H().invoke(0, "add", I(1)).ok(0, "add", I(1))
                                  .invoke(1, "add", I(2)).info(1, "add", I(2))
                                  .invoke(2, "read").ok(2, "read", I(10)), "counter");
    EXPECT_EQ(f.window.states_before, (std::vector<Value>{I(1), I(3)}));
    EXPECT_NE(f.text.find("the state could only be 1 or 3"), std::string::npos) << f.text;
}

TEST(StatesBefore, RegisterWithAnIndeterminateWrite) {
    // write 1 ok, write 2 info, read → 3: the state was 1 or 2.
    const auto f = failure_of(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                                  .invoke(1, "write", I(2)).info(1, "write", I(2))
                                  .invoke(2, "read").ok(2, "read", I(3)), "register");
    EXPECT_EQ(f.window.states_before, (std::vector<Value>{I(1), I(2)}));
    EXPECT_NE(f.text.find("the state could only be 1 or 2"), std::string::npos) << f.text;
}

TEST(StatesBefore, FifoQueueWithAnIndeterminateEnqueue) {
    // enqueue a ok, enqueue b info, dequeue → c: the queue held [a] or [a, b]; b went in at most once.
    const auto f = failure_of(H().invoke(0, "enqueue", S("a")).ok(0, "enqueue", S("a"))
                                  .invoke(1, "enqueue", S("b")).info(1, "enqueue", S("b"))
                                  .invoke(2, "dequeue").ok(2, "dequeue", S("c")), "fifo-queue");
    EXPECT_EQ(f.window.states_before, (std::vector<Value>{L({S("a")}), L({S("a"), S("b")})}));
    EXPECT_EQ(f.text.find("\"b\",\"b\""), std::string::npos) << f.text;
    EXPECT_EQ(f.text.find("\"b\", \"b\""), std::string::npos) << f.text;
}

TEST(StatesBefore, ConcurrentCompletedWriteMayPrecede) {
    // write 2 runs across the read's whole span: it may or may not come first.
    const auto f = failure_of(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                                  .invoke(1, "write", I(2)).invoke(2, "read").ok(2, "read", I(3))
                                  .ok(1, "write", I(2)), "register");
    EXPECT_EQ(f.window.states_before, (std::vector<Value>{I(1), I(2)}));
}

std::string dump(const std::vector<Operation>& ops) {
    std::string out;
    for (const auto& op : ops) {
        out += "  p" + std::to_string(op.process) + " " + op.f + " " + op.value.to_string() + " " +
               std::string(to_string(op.outcome)) + " [" + std::to_string(op.call) + ", " +
               (op.ret == kNever ? std::string("∞") : std::to_string(op.ret)) + "]\n";
    }
    return out;
}

// For `count` random histories of `model_name`: states_before of the failing op (invalid histories) or
// of a random completed op (valid ones) equals the oracle's.
void compare_with_oracle(const std::string& model_name, int count, std::uint64_t seed) {
    const auto model = make_model(model_name);
    int compared = 0, failing = 0, with_indeterminate = 0;
    for (int i = 0; compared < count && i < 3 * count; ++i) {
        const std::uint64_t history_seed = seed * 1000003 + static_cast<std::uint64_t>(i);
        std::mt19937_64 rng(history_seed);
        std::vector<Operation> all;
        if (model_name == "register" || model_name == "cas-register") {
            testing::RandomHistoryOptions options;
            options.cas = model_name == "cas-register";
            options.processes = 1 + static_cast<int>(rng() % 4);
            options.operations = 1 + static_cast<int>(rng() % 7);
            options.info_rate = 0.2;
            options.pending_rate = 0.1;
            all = pair_events(testing::random_register_history(rng, options));
        } else {
            testing::RandomModelHistoryOptions options;
            options.processes = 1 + static_cast<int>(rng() % 4);
            options.operations = 1 + static_cast<int>(rng() % 7);
            options.info_rate = 0.2;
            options.pending_rate = 0.1;
            all = pair_events(testing::random_model_history(model_name, {}, rng, options).events);
        }
        std::vector<std::size_t> completed;
        for (std::size_t k = 0; k < all.size(); ++k) {
            if (all[k].completed()) completed.push_back(k);
        }
        if (completed.empty()) continue;
        // One object: the ops of one key (kv histories name one or two).
        const std::optional<Value> key = all[completed[rng() % completed.size()]].key;
        std::vector<Operation> ops;
        for (const Operation& op : all) {
            if (op.key == key) ops.push_back(op);
        }
        for (const Operation& op : ops) with_indeterminate += !op.completed();
        std::size_t x = 0;
        if (auto w = find_failure_window(*model, ops)) {
            ++failing;
            x = w->failing_op;
            ASSERT_TRUE(w->states_before_known);
            ASSERT_EQ(w->states_before, testing::oracle_states_before(*model, ops, x))
                << model_name << ", seed " << history_seed << ", failing op " << x << ":\n" << dump(ops);
            if (w->ops.size() == 1) {  // X alone: it can take effect in none of them
                std::vector<Value> next;
                for (const Value& s : w->states_before) model->step(s, ops[x], next);
                ASSERT_TRUE(next.empty()) << model_name << ", seed " << history_seed;
            }
        } else {
            std::vector<std::size_t> picks;
            for (std::size_t k = 0; k < ops.size(); ++k) {
                if (ops[k].completed()) picks.push_back(k);
            }
            x = picks[rng() % picks.size()];
            const auto states = states_before(*model, ops, x);
            ASSERT_TRUE(states);
            ASSERT_EQ(*states, testing::oracle_states_before(*model, ops, x))
                << model_name << ", seed " << history_seed << ", op " << x << ":\n" << dump(ops);
        }
        ++compared;
    }
    std::printf("%s: %d compared (%d failing), %d indeterminate ops\n", model_name.c_str(), compared, failing,
                with_indeterminate);
    EXPECT_EQ(compared, count);
    EXPECT_GE(failing, count / 10);
    EXPECT_GE(with_indeterminate, count / 2);
}

class StatesBeforeOracle : public ::testing::TestWithParam<const char*> {};

TEST_P(StatesBeforeOracle, AgreesOnTenThousandRandomHistories) {
    compare_with_oracle(GetParam(), 10000, 18);
}

INSTANTIATE_TEST_SUITE_P(Models, StatesBeforeOracle,
                         ::testing::Values("register", "cas-register", "counter", "set", "fifo-queue",
                                           "unordered-queue", "mutex", "kv", "multi-register"),
                         [](const auto& info) {
                             std::string name = info.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

}  // namespace
}  // namespace lincheck
