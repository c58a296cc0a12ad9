#include <gtest/gtest.h>

#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::L;
using testing::S;

constexpr auto kYes = Verdict::linearizable;
constexpr auto kNo = Verdict::not_linearizable;

H added(std::initializer_list<Value> elements) {
    H h;
    for (const Value& v : elements) h.invoke(0, "add", v).ok(0, "add", v);
    return h;
}

TEST(Set, StartsEmptyAndTheEmptySetIsAValue) {
    EXPECT_EQ(H().invoke(0, "read").ok(0, "read", L({})).check("set"), kYes);
    EXPECT_EQ(H().invoke(0, "read").ok(0, "read").check("set"), kNo);  // nil is not the empty set
}

TEST(Set, ReadSeesEveryCompletedAdd) {
    EXPECT_EQ(added({I(0), S("")}).invoke(1, "read").ok(1, "read", L({I(0), S("")})).check("set"), kYes);
    EXPECT_EQ(added({I(0), S("")}).invoke(1, "read").ok(1, "read", L({I(0)})).check("set"), kNo);
    EXPECT_EQ(added({I(0)}).invoke(1, "read").ok(1, "read", L({})).check("set"), kNo);
    EXPECT_EQ(added({I(0)}).invoke(1, "read").ok(1, "read", L({I(0), I(1)})).check("set"), kNo);
}

TEST(Set, ReadsCompareAsSets) {
    EXPECT_EQ(added({I(1), I(2)}).invoke(1, "read").ok(1, "read", L({I(2), I(1), I(2)})).check("set"), kYes);
    EXPECT_EQ(added({I(1), I(2), I(1)}).invoke(1, "read").ok(1, "read", Value::set({I(1), I(2)})).check("set"), kYes);
}

TEST(Set, ConcurrentAddMayOrMayNotBeSeen) {
    auto h = [](Value seen) {
        return H().invoke(0, "add", I(1)).invoke(1, "read").ok(1, "read", std::move(seen)).ok(0, "add", I(1));
    };
    EXPECT_EQ(h(L({})).check("set"), kYes);
    EXPECT_EQ(h(L({I(1)})).check("set"), kYes);
}

TEST(Set, InfoAddMayOrMayNotHaveHappened) {
    auto h = [](Value seen) {
        return H().invoke(0, "add", I(1)).info(0, "add").invoke(1, "read").ok(1, "read", std::move(seen));
    };
    EXPECT_EQ(h(L({})).check("set"), kYes);
    EXPECT_EQ(h(L({I(1)})).check("set"), kYes);
    EXPECT_EQ(h(L({I(2)})).check("set"), kNo);
}

TEST(Set, OnceSeenAnElementStays) {
    EXPECT_EQ(H().invoke(0, "add", I(1)).info(0, "add")
                  .invoke(1, "read").ok(1, "read", L({I(1)})).invoke(1, "read").ok(1, "read", L({})).check("set"),
              kNo);
}

TEST(Set, InfoReadConstrainsNothing) {
    EXPECT_EQ(added({I(1)}).invoke(1, "read").info(1, "read").check("set"), kYes);
}

TEST(Set, InitialAndNilReadOptions) {
    ModelOptions options;
    options.initial = L({I(3), I(3)});
    EXPECT_EQ(added({I(1)}).invoke(1, "read").ok(1, "read", L({I(1), I(3)})).check("set", options), kYes);
    options.nil_read_is_unknown = true;
    EXPECT_EQ(added({I(1)}).invoke(1, "read").ok(1, "read").check("set", options), kYes);
    options.initial = I(3);
    EXPECT_THROW(make_model("set", options), ModelError);
}

TEST(Set, RejectsMalformedValues) {
    EXPECT_NE(H().invoke(0, "add").ok(0, "add").error("set").find("`add` needs an element, got null"), std::string::npos);
    EXPECT_NE(H().invoke(0, "read").ok(0, "read", I(3)).error("set").find("`read` returns the whole set"), std::string::npos);
}

TEST(Set, Describes) {
    const auto model = make_model("set");
    const auto ops = added({I(3)}).invoke(1, "read").ok(1, "read", L({I(3)})).ops();
    EXPECT_EQ(model->describe_op(ops[0], Value::Notation::json), "add 3");
    EXPECT_EQ(model->describe_op(ops[1], Value::Notation::json), "read → [3]");
    EXPECT_EQ(model->describe_state(Value::set({I(2), I(1)}), Value::Notation::edn), "#{1 2}");
}

}  // namespace
}  // namespace lincheck
