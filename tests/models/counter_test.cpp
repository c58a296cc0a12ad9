#include <gtest/gtest.h>

#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::S;

constexpr auto kYes = Verdict::linearizable;
constexpr auto kNo = Verdict::not_linearizable;

H add(std::int64_t p, std::int64_t n) {
    return H().invoke(p, "add", I(n)).ok(p, "add", I(n));
}

TEST(Counter, StartsAtZeroAndZeroIsAValue) {
    EXPECT_EQ(H().invoke(0, "read").ok(0, "read", I(0)).check("counter"), kYes);
    EXPECT_EQ(H().invoke(0, "read").ok(0, "read").check("counter"), kNo);
}

TEST(Counter, ReadsTheSum) {
    auto h = [](std::int64_t seen) {
        return H().invoke(0, "add", I(1)).ok(0, "add", I(1)).invoke(0, "add", I(2)).ok(0, "add", I(2))
            .invoke(0, "add", I(0)).ok(0, "add", I(0)).invoke(0, "add", I(-4)).ok(0, "add", I(-4))
            .invoke(1, "read").ok(1, "read", I(seen));
    };
    EXPECT_EQ(h(-1).check("counter"), kYes);
    EXPECT_EQ(h(3).check("counter"), kNo);
}

TEST(Counter, ConcurrentAddsMayBeSeenInEitherOrder) {
    auto h = [](std::int64_t seen) {
        return H().invoke(0, "add", I(1)).invoke(1, "add", I(2)).invoke(2, "read").ok(2, "read", I(seen))
            .ok(0, "add", I(1)).ok(1, "add", I(2));
    };
    for (std::int64_t seen : {0, 1, 2, 3}) EXPECT_EQ(h(seen).check("counter"), kYes) << seen;
    EXPECT_EQ(h(4).check("counter"), kNo);
}

TEST(Counter, InfoAddMayOrMayNotHaveHappened) {
    auto h = [](std::int64_t seen) {
        return H().invoke(0, "add", I(5)).info(0, "add").invoke(1, "read").ok(1, "read", I(seen));
    };
    EXPECT_EQ(h(5).check("counter"), kYes);
    EXPECT_EQ(h(0).check("counter"), kYes);
    EXPECT_EQ(h(10).check("counter"), kNo);
}

TEST(Counter, InfoReadConstrainsNothing) {
    EXPECT_EQ(H().invoke(0, "read").info(0, "read").check("counter"), kYes);
    EXPECT_EQ(add(0, 1).invoke(1, "read").info(1, "read").check("counter"), kYes);
}

TEST(Counter, InitialAndNilReadOptions) {
    ModelOptions options;
    options.initial = I(5);
    EXPECT_EQ(add(0, 1).invoke(1, "read").ok(1, "read", I(6)).check("counter", options), kYes);
    options.nil_read_is_unknown = true;
    EXPECT_EQ(add(0, 1).invoke(1, "read").ok(1, "read").check("counter", options), kYes);
    options.initial = S("5");
    EXPECT_THROW(make_model("counter", options), ModelError);
}

TEST(Counter, RejectsNonIntegers) {
    EXPECT_NE(H().invoke(0, "add", S("x")).ok(0, "add", S("x")).error("counter").find("`add` needs an integer, got \"x\""),
              std::string::npos);
    EXPECT_NE(H().invoke(0, "add").ok(0, "add").error("counter").find("`add` needs an integer, got null"), std::string::npos);
    EXPECT_NE(H().invoke(0, "read").ok(0, "read", S("3")).error("counter").find("`read` returns an integer"), std::string::npos);
}

TEST(Counter, Describes) {
    const auto model = make_model("counter");
    const auto ops = add(0, 3).invoke(1, "read").ok(1, "read", I(3)).invoke(2, "read").info(2, "read").ops();
    EXPECT_EQ(model->describe_op(ops[0], Value::Notation::json), "add 3");
    EXPECT_EQ(model->describe_op(ops[1], Value::Notation::json), "read → 3");
    EXPECT_EQ(model->describe_op(ops[2], Value::Notation::json), "read (no result)");
}

}  // namespace
}  // namespace lincheck
