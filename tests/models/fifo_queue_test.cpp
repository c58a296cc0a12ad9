#include <gtest/gtest.h>

#include "support/history_builder.hpp"
#include "support/hints.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::L;
using testing::S;

constexpr auto kYes = Verdict::linearizable;
constexpr auto kNo = Verdict::not_linearizable;

H enqueued(std::initializer_list<Value> values) {
    H h;
    for (const Value& v : values) h.invoke(0, "enqueue", v).ok(0, "enqueue", v);
    return h;
}

H& dequeue(H& h, std::int64_t p, Value seen = {}) {
    return h.invoke(p, "dequeue").ok(p, "dequeue", std::move(seen));
}

TEST(FifoQueue, DequeuesInOrder) {
    H good = enqueued({I(1), I(2)});
    dequeue(dequeue(good, 1, I(1)), 1, I(2));
    EXPECT_EQ(good.check("fifo-queue"), kYes);
    H bad = enqueued({I(1), I(2)});
    dequeue(bad, 1, I(2));
    EXPECT_EQ(bad.check("fifo-queue"), kNo);
}

TEST(FifoQueue, NilMeansEmpty) {
    H empty;
    EXPECT_EQ(dequeue(empty, 0).check("fifo-queue"), kYes);
    H zero = enqueued({I(0)});
    EXPECT_EQ(dequeue(zero, 1).check("fifo-queue"), kNo);  // 0 is a value: the queue was not empty
    H seen_zero = enqueued({I(0), S("")});
    EXPECT_EQ(dequeue(dequeue(seen_zero, 1, I(0)), 1, S("")).check("fifo-queue"), kYes);
    H never;
    EXPECT_EQ(dequeue(never, 0, I(1)).check("fifo-queue"), kNo);
}

TEST(FifoQueue, ConcurrentEnqueuesMayBeInEitherOrder) {
    auto h = [](std::int64_t first) {
        H h;
        h.invoke(0, "enqueue", I(1)).invoke(1, "enqueue", I(2)).ok(0, "enqueue", I(1)).ok(1, "enqueue", I(2));
        return dequeue(h, 2, I(first));
    };
    EXPECT_EQ(h(1).check("fifo-queue"), kYes);
    EXPECT_EQ(h(2).check("fifo-queue"), kYes);
}

TEST(FifoQueue, InfoEnqueueMayOrMayNotHaveHappened) {
    auto h = [](Value seen) {
        H h;
        h.invoke(0, "enqueue", I(1)).info(0, "enqueue");
        return dequeue(h, 1, std::move(seen));
    };
    EXPECT_EQ(h(I(1)).check("fifo-queue"), kYes);
    EXPECT_EQ(h(Value()).check("fifo-queue"), kYes);
}

TEST(FifoQueue, InfoDequeueRemovesTheFrontIfAnything) {
    auto h = [](Value first, Value second) {
        H h = enqueued({I(1), I(2)});
        h.invoke(2, "dequeue").info(2, "dequeue");
        return dequeue(dequeue(h, 1, std::move(first)), 1, std::move(second));
    };
    EXPECT_EQ(h(I(1), I(2)).check("fifo-queue"), kYes);   // it never happened, or after both
    EXPECT_EQ(h(I(2), Value()).check("fifo-queue"), kYes);  // it took 1
    EXPECT_EQ(h(I(1), Value()).check("fifo-queue"), kYes);  // it took 2, after the first dequeue
    EXPECT_EQ(h(I(2), I(1)).check("fifo-queue"), kNo);    // it can only have taken 1, the front
}

TEST(FifoQueue, InitialQueue) {
    ModelOptions options;
    options.initial = L({I(7), I(8)});
    H h;
    EXPECT_EQ(dequeue(h, 0, I(7)).check("fifo-queue", options), kYes);
    options.initial = Value::set({I(7)});
    EXPECT_THROW(make_model("fifo-queue", options), ModelError);
}

TEST(FifoQueue, RejectsEnqueueOfNil) {
    EXPECT_NE(H().invoke(0, "enqueue").ok(0, "enqueue").error("fifo-queue").find("`enqueue` needs a value, got null"),
              std::string::npos);
}

TEST(FifoQueue, Describes) {
    const auto model = make_model("fifo-queue");
    H h = enqueued({I(3)});
    dequeue(h, 1, I(3));
    dequeue(h, 1);
    h.invoke(1, "dequeue").info(1, "dequeue");
    const auto ops = h.ops();
    EXPECT_EQ(model->describe_op(ops[0], Value::Notation::json), "enqueue 3");
    EXPECT_EQ(model->describe_op(ops[1], Value::Notation::json), "dequeue → 3");
    EXPECT_EQ(model->describe_op(ops[2], Value::Notation::json), "dequeue → nothing (empty)");
    EXPECT_EQ(model->describe_op(ops[3], Value::Notation::json), "dequeue (no result)");
    EXPECT_EQ(model->describe_state(L({I(1), I(2)}), Value::Notation::json), "[1, 2]");
}

using Hints = std::vector<std::string>;

TEST(FifoQueue, HintsNameOutOfOrderDoubleAndNeverEnqueuedDequeues) {
    H order = enqueued({I(1), I(2)});
    EXPECT_EQ(testing::hints_for(dequeue(order, 1, I(2)), "fifo-queue"),
              Hints{"model: 2 was in the queue, but behind 1: dequeued out of FIFO order"});
    H twice = enqueued({I(1)});
    dequeue(dequeue(twice, 1, I(1)), 1, I(1));
    EXPECT_EQ(testing::hints_for(twice, "fifo-queue"), Hints{"double-consume: value 1 was taken 2 times but enqueued only 1 time"});
    H never = enqueued({I(1)});
    const auto hints = testing::hints_for(dequeue(never, 1, I(5)), "fifo-queue");
    ASSERT_EQ(hints.size(), 1u);
    EXPECT_EQ(hints[0].rfind("never-written: value 5", 0), 0u) << hints[0];
    H not_empty = enqueued({I(0)});
    EXPECT_EQ(testing::hints_for(dequeue(not_empty, 1), "fifo-queue"),
              Hints{"model: the queue was not empty, yet the dequeue returned nothing"});
}

}  // namespace
}  // namespace lincheck
