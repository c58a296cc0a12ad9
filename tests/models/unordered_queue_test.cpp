#include <gtest/gtest.h>

#include "support/history_builder.hpp"
#include "support/hints.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::L;

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

TEST(UnorderedQueue, DequeuesInAnyOrder) {
    H h = enqueued({I(1), I(2)});
    dequeue(dequeue(h, 1, I(2)), 1, I(1));
    EXPECT_EQ(h.check("unordered-queue"), kYes);
    EXPECT_EQ(h.check("fifo-queue"), kNo);
}

TEST(UnorderedQueue, EachEnqueueIsDequeuedAtMostOnce) {
    H twice = enqueued({I(1)});
    EXPECT_EQ(dequeue(dequeue(twice, 1, I(1)), 1, I(1)).check("unordered-queue"), kNo);
    H duplicates = enqueued({I(1), I(1)});
    EXPECT_EQ(dequeue(dequeue(duplicates, 1, I(1)), 1, I(1)).check("unordered-queue"), kYes);
    H never = enqueued({I(1)});
    EXPECT_EQ(dequeue(never, 1, I(2)).check("unordered-queue"), kNo);
}

TEST(UnorderedQueue, NilMeansEmpty) {
    H empty;
    EXPECT_EQ(dequeue(empty, 0).check("unordered-queue"), kYes);
    H zero = enqueued({I(0)});
    EXPECT_EQ(dequeue(zero, 1).check("unordered-queue"), kNo);
    H seen_zero = enqueued({I(0)});
    EXPECT_EQ(dequeue(dequeue(seen_zero, 1, I(0)), 1).check("unordered-queue"), kYes);
}

TEST(UnorderedQueue, InfoEnqueueMayOrMayNotHaveHappened) {
    auto h = [](Value seen) {
        H h;
        h.invoke(0, "enqueue", I(1)).info(0, "enqueue");
        return dequeue(h, 1, std::move(seen));
    };
    EXPECT_EQ(h(I(1)).check("unordered-queue"), kYes);
    EXPECT_EQ(h(Value()).check("unordered-queue"), kYes);
}

TEST(UnorderedQueue, InfoDequeueMayRemoveAnyElement) {
    auto h = [](Value first, Value second) {
        H h = enqueued({I(1), I(2), I(3)});
        h.invoke(2, "dequeue").info(2, "dequeue");
        dequeue(dequeue(h, 1, std::move(first)), 1, std::move(second));
        return dequeue(h, 1);
    };
    EXPECT_EQ(h(I(1), I(3)).check("unordered-queue"), kYes);  // it took 2
    EXPECT_EQ(h(I(3), I(2)).check("unordered-queue"), kYes);  // it took 1
    EXPECT_EQ(h(I(1), I(1)).check("unordered-queue"), kNo);
}

TEST(UnorderedQueue, InitialElements) {
    ModelOptions options;
    options.initial = L({I(8), I(7)});
    H h;
    dequeue(dequeue(h, 0, I(7)), 0, I(8));
    EXPECT_EQ(h.check("unordered-queue", options), kYes);
    options.initial = I(7);
    EXPECT_THROW(make_model("unordered-queue", options), ModelError);
}

TEST(UnorderedQueue, RejectsEnqueueOfNil) {
    EXPECT_NE(H().invoke(0, "enqueue").ok(0, "enqueue").error("unordered-queue").find("`enqueue` needs a value"),
              std::string::npos);
}

TEST(UnorderedQueue, StepOffersEveryDistinctElementToAnIndeterminateDequeue) {
    const auto model = make_model("unordered-queue");
    Operation op;
    op.f = "dequeue";
    op.outcome = Outcome::info;
    std::vector<Value> next;
    model->step(L({I(1), I(1), I(2)}), op, next);
    EXPECT_EQ(next, (std::vector<Value>{L({I(1), I(2)}), L({I(1), I(1)})}));
    EXPECT_EQ(model->describe_state(L({I(1), I(2)}), Value::Notation::json), "[1, 2]");
}

using Hints = std::vector<std::string>;

TEST(UnorderedQueue, HintsNameDoubleDequeuesAndAQueueThatWasNotEmpty) {
    H twice = enqueued({I(1), I(2)});
    dequeue(dequeue(twice, 1, I(1)), 1, I(1));
    EXPECT_EQ(testing::hints_for(twice, "unordered-queue"), Hints{"double-consume: value 1 was taken 2 times but enqueued only 1 time"});
    H not_empty = enqueued({I(0)});
    EXPECT_EQ(testing::hints_for(dequeue(not_empty, 1), "unordered-queue"),
              Hints{"model: the queue was not empty, yet the dequeue returned nothing"});
    // An element of the initial queue is not "never written".
    ModelOptions initial;
    initial.initial = L({I(7)});
    H h;
    dequeue(dequeue(h, 0, I(7)), 0, I(7));
    EXPECT_EQ(testing::hints_for(h, "unordered-queue", initial), Hints{});
}

}  // namespace
}  // namespace lincheck
