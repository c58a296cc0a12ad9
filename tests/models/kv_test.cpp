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

// The pruning hooks the search uses (Model::query_pruning): which states no later append can turn
// into what a get saw, and which updates keep them so.
TEST(Kv, HopelessGets) {
    ModelOptions wildcard;
    wildcard.nil_read_is_unknown = true;
    ModelOptions absent;
    absent.initial = Value();
    const auto model = make_model("kv"), nil_unknown = make_model("kv", wildcard), starts_absent = make_model("kv", absent);
    ASSERT_NE(model->query_pruning(), nullptr);
    const QueryPruning& p = *model->query_pruning();
    const auto op = [](const std::string& f, Value v, const std::string& key = "k") {
        Operation o;
        o.f = f;
        o.value = std::move(v);
        o.key = S(key);
        o.outcome = Outcome::ok;
        return o;
    };
    const Value ab = Value::map({{S("k"), S("ab")}});
    EXPECT_FALSE(p.hopeless(ab, op("get", S("ab"))));   // legal now
    EXPECT_FALSE(p.hopeless(ab, op("get", S("abc"))));  // an append may get there
    EXPECT_TRUE(p.hopeless(ab, op("get", S("xab"))));
    EXPECT_TRUE(p.hopeless(ab, op("get", S("a"))));
    EXPECT_TRUE(p.hopeless(ab, op("get", Value())));    // appends never make a key absent
    EXPECT_FALSE(p.hopeless(Value::map({}), op("get", S("zz"))));  // "" begins everything
    EXPECT_FALSE(nil_unknown->query_pruning()->hopeless(ab, op("get", Value())));
    EXPECT_FALSE(starts_absent->query_pruning()->hopeless(Value::map({}), op("get", S("x"))));
    EXPECT_FALSE(starts_absent->query_pruning()->hopeless(Value::map({}), op("get", Value())));

    const Operation get_xab = op("get", S("xab"));
    EXPECT_TRUE(p.keeps_hopeless(op("append", S("x")), get_xab));
    EXPECT_TRUE(p.keeps_hopeless(op("put", S("x"), "other"), get_xab));
    EXPECT_FALSE(p.keeps_hopeless(op("put", S("x")), get_xab));  // then "ab" makes "xab"
    EXPECT_FALSE(p.keeps_hopeless(op("put", S("")), get_xab));
    EXPECT_TRUE(p.keeps_hopeless(op("put", S("y")), get_xab));
    EXPECT_TRUE(p.keeps_hopeless(op("put", S("y")), op("get", Value())));
}

// An append, then eleven concurrent appends and a get that saw them in one order: the search follows
// that order instead of trying the 11! others, and a get that saw the first append second fails as fast.
TEST(Kv, ConcurrentAppendsPinnedByAGetAreCheap) {
    const auto model = make_model("kv");
    auto history = [](bool swapped) {
        H h;
        h.key(S("k"));
        const auto piece = [](int p) { return S(std::string(1, static_cast<char>('a' + p))); };
        h.invoke(0, "append", piece(0)).ok(0, "append", piece(0));
        for (int p = 1; p < 12; ++p) h.invoke(p, "append", piece(p));
        for (int p = 11; p >= 1; --p) h.ok(p, "append", piece(p));
        std::string seen = "abcdefghijkl";
        if (swapped) std::swap(seen[0], seen[1]);
        return get(h, 100, S(seen)).ops();
    };
    const auto ok = check_operations(*model, history(false));
    EXPECT_EQ(ok.verdict, kYes);
    EXPECT_LT(ok.stats.configurations, 1000u);
    const auto bad = check_operations(*model, history(true));
    EXPECT_EQ(bad.verdict, kNo);
    EXPECT_LT(bad.stats.configurations, 1000u);
    ASSERT_TRUE(bad.counterexample);
    EXPECT_FALSE(bad.counterexample->states_before.empty());
}

}  // namespace
}  // namespace lincheck
