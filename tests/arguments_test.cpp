// An operation whose value is its argument (Model::value_is_argument: write, cas, enqueue, add, put,
// append) is read from its invoke: a completion that says another value, or no value anywhere, is an
// input error rather than a guess (issue 15). Reads keep taking their value from the completion.
#include <gtest/gtest.h>

#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::L;
using testing::S;

// Invoke `write 1`, completion `ok true`: was true written, or 1? Before, it was read as a write of true.
TEST(Arguments, ACompletionContradictingItsInvokeIsAnError) {
    const H h = H().invoke(0, "write", I(1)).ok(0, "write", Value::boolean(true)).invoke(1, "read").ok(1, "read", Value::boolean(true));
    const auto ops = h.ops();
    EXPECT_TRUE(ops[0].completion_differs);
    try {
        h.check("register");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.pos().line, 2u);  // at the completion
        const std::string message = e.what();
        EXPECT_NE(message.find("carries true, not the argument its invoke at line 1"), std::string::npos) << message;
    }
    EXPECT_NE(H().invoke(0, "cas", L({I(1), I(2)})).ok(0, "cas", L({I(1), I(3)})).error().find("not the argument"), std::string::npos);
    EXPECT_NE(H().invoke(0, "enqueue", I(1)).ok(0, "enqueue", I(2)).error("fifo-queue").find("not the argument"), std::string::npos);
    EXPECT_NE(H().invoke(0, "add", I(1)).ok(0, "add", I(2)).error("set").find("not the argument"), std::string::npos);
    EXPECT_NE(H().invoke(0, "add", I(1)).ok(0, "add", I(2)).error("counter").find("not the argument"), std::string::npos);
    EXPECT_NE(H().invoke(0, "put", S("a")).ok(0, "put", S("b")).error("kv").find("not the argument"), std::string::npos);
    EXPECT_NE(H().invoke(0, "write", I(1)).ok(0, "write").error("register").find("carries null, not the argument"),
              std::string::npos);
}

TEST(Arguments, AnUpdateWithNoValueAnywhereIsAnError) {
    H h = H().invoke(0, "write").ok_bare(0, "write").invoke(1, "read").ok(1, "read");
    auto events = h.events();
    events[0].has_value = false;
    const auto ops = pair_events(events);
    EXPECT_TRUE(ops[0].value_missing);
    try {
        check_history(*make_model("register"), ops);
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.pos().line, 1u);  // at the invoke
        EXPECT_NE(std::string(e.what()).find("`write` by process 0 carries no value"), std::string::npos) << e.what();
    }
}

TEST(Arguments, ReadsTakeTheCompletionsValueAndNullIsAValue) {
    // A read's value is its result, whatever its invoke carried.
    EXPECT_EQ(H().invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(1, "read", I(7)).ok(1, "read", I(1)).check("register"),
              Verdict::linearizable);
    EXPECT_EQ(H().invoke(0, "enqueue", I(1)).ok(0, "enqueue", I(1)).invoke(1, "dequeue").ok(1, "dequeue", I(1)).check("fifo-queue"),
              Verdict::linearizable);
    // An explicit null written is a value for a register; a completion with no value keeps the invoke's.
    EXPECT_EQ(H().invoke(0, "write").ok(0, "write").invoke(1, "read").ok(1, "read").check("register"), Verdict::linearizable);
    EXPECT_EQ(H().invoke(0, "write", I(2)).ok_bare(0, "write").invoke(1, "read").ok(1, "read", I(2)).check("register"),
              Verdict::linearizable);
    // An invoke with no value takes the completion's.
    auto events = H().invoke(0, "write").ok(0, "write", I(4)).invoke(1, "read").ok(1, "read", I(4)).events();
    events[0].has_value = false;
    EXPECT_EQ(check_history(*make_model("register"), pair_events(events)).verdict, Verdict::linearizable);
    // Indeterminate completions never speak for the value (their error token is no argument).
    EXPECT_EQ(H().invoke(0, "write", I(1)).info(0, "write").invoke(1, "read").ok(1, "read", I(1)).check("register"),
              Verdict::linearizable);
    // Models without arguments (mutex) accept operations with no value.
    auto lock = H().invoke(0, "acquire").ok_bare(0, "acquire").events();
    lock[0].has_value = false;
    EXPECT_EQ(check_history(*make_model("mutex"), pair_events(lock)).verdict, Verdict::linearizable);
}

}  // namespace
}  // namespace lincheck
