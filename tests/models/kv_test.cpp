#include <gtest/gtest.h>

#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::S;

constexpr auto kYes = Verdict::linearizable;
constexpr auto kNo = Verdict::not_linearizable;

H& get(H& h, std::int64_t p, Value seen) {
    return h.invoke(p, "get").ok(p, "get", std::move(seen));
}
H& update(H& h, std::int64_t p, const std::string& f, const std::string& v) {
    return h.invoke(p, f, S(v)).ok(p, f, S(v));
}

TEST(Kv, AMissingKeyReadsEmpty) {
    H h;
    EXPECT_EQ(get(h.key(S("k")), 0, S("")).check("kv"), kYes);
    H nil;
    EXPECT_EQ(get(nil.key(S("k")), 0, Value()).check("kv"), kNo);
}

TEST(Kv, PutAndAppend) {
    auto h = [](const std::string& seen) {
        H h;
        h.key(S("k"));
        update(update(update(h, 0, "append", "a"), 0, "append", "b"), 0, "append", "");
        return get(h, 1, S(seen));
    };
    EXPECT_EQ(h("ab").check("kv"), kYes);
    EXPECT_EQ(h("ba").check("kv"), kNo);
    EXPECT_EQ(h("a").check("kv"), kNo);
}

TEST(Kv, TheEmptyStringIsAValue) {
    auto h = [](Value seen) {
        H h;
        h.key(S("k"));
        update(update(h, 0, "put", "a"), 0, "put", "");
        return get(h, 1, std::move(seen));
    };
    EXPECT_EQ(h(S("")).check("kv"), kYes);
    EXPECT_EQ(h(S("a")).check("kv"), kNo);
    ModelOptions absent;
    absent.initial = Value::nil();
    EXPECT_EQ(h(S("")).check("kv", absent), kYes);
    EXPECT_EQ(h(Value()).check("kv", absent), kNo);
}

TEST(Kv, KeysCanStartAbsent) {
    ModelOptions absent;
    absent.initial = Value::nil();
    H h;
    h.key(S("k"));
    get(h, 0, Value());
    EXPECT_EQ(h.check("kv", absent), kYes);
    EXPECT_EQ(h.check("kv"), kNo);
    update(h, 0, "append", "x");
    EXPECT_EQ(get(h, 0, S("x")).check("kv", absent), kYes);
    absent.initial = I(0);
    EXPECT_THROW(make_model("kv", absent), ModelError);
}

TEST(Kv, KeysAreIndependentSplitOrWhole) {
    auto h = [](const std::string& seen) {
        H h;
        update(h.key(S("a")), 0, "put", "1");
        get(h.key(S("b")), 1, S(seen));
        return h;
    };
    const auto model = make_model("kv");
    EXPECT_EQ(h("").check("kv"), kYes);
    EXPECT_EQ(check_operations(*model, h("").ops()).verdict, kYes);
    EXPECT_EQ(h("1").check("kv"), kNo);
    EXPECT_EQ(check_operations(*model, h("1").ops()).verdict, kNo);
}

TEST(Kv, AnUnkeyedHistoryIsOneRegister) {
    H h;
    update(h, 0, "put", "x");
    EXPECT_EQ(get(h, 1, S("x")).check("kv"), kYes);
}

TEST(Kv, InfoUpdateMayOrMayNotHaveHappened) {
    auto h = [](const std::string& seen) {
        H h;
        h.key(S("k"));
        update(h, 0, "put", "a");
        h.invoke(1, "append", S("b")).info(1, "append");
        return get(h, 2, S(seen));
    };
    EXPECT_EQ(h("a").check("kv"), kYes);
    EXPECT_EQ(h("ab").check("kv"), kYes);
    EXPECT_EQ(h("b").check("kv"), kNo);
}

TEST(Kv, InfoGetConstrainsNothing) {
    EXPECT_EQ(H().key(S("k")).invoke(0, "get").info(0, "get").check("kv"), kYes);
}

TEST(Kv, NilReadUnknownIsAWildcard) {
    ModelOptions knossos;
    knossos.nil_read_is_unknown = true;
    H h;
    update(h.key(S("k")), 0, "put", "a");
    EXPECT_EQ(get(h, 1, Value()).check("kv", knossos), kYes);
}

TEST(Kv, RejectsNonStrings) {
    EXPECT_NE(H().invoke(0, "put", I(3)).ok(0, "put", I(3)).error("kv").find("`put` needs a string, got 3"), std::string::npos);
    EXPECT_NE(H().invoke(0, "append").ok(0, "append").error("kv").find("`append` needs a string, got null"),
              std::string::npos);
    EXPECT_NE(H().invoke(0, "get").ok(0, "get", I(3)).error("kv").find("`get` returns a string"), std::string::npos);
}

TEST(Kv, Describes) {
    const auto model = make_model("kv");
    H h;
    update(h.key(S("k")), 0, "append", "x");
    get(h, 0, S("x"));
    h.invoke(0, "get").info(0, "get");
    const auto ops = h.ops();
    EXPECT_EQ(model->describe_op(ops[0], Value::Notation::json), "append \"k\" \"x\"");
    EXPECT_EQ(model->describe_op(ops[1], Value::Notation::json), "get \"k\" → \"x\"");
    EXPECT_EQ(model->describe_op(ops[2], Value::Notation::json), "get \"k\" (no result)");
    EXPECT_EQ(model->describe_state(model->initial_state(), Value::Notation::json), "every key \"\"");
}

}  // namespace
}  // namespace lincheck
