#include <gtest/gtest.h>

#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::K;
using testing::L;
using testing::S;

constexpr auto kYes = Verdict::linearizable;
constexpr auto kNo = Verdict::not_linearizable;

Value read(const char* k, Value v = {}) { return L({K("read"), K(k), std::move(v)}); }
Value write(const char* k, std::int64_t v) { return L({K("write"), K(k), I(v)}); }

// The invoke carries the txn with nil reads; the ok fills them in.
Value unread(const Value& txn) {
    std::vector<Value> micro;
    for (const Value& m : txn.items()) {
        micro.push_back(m.items()[0] == K("read") ? L({m.items()[0], m.items()[1], Value()}) : m);
    }
    return Value::list(std::move(micro));
}
H& txn(H& h, std::int64_t p, const Value& done) {
    return h.invoke(p, "txn", unread(done)).ok(p, "txn", done);
}

ModelOptions knossos() {
    ModelOptions o;
    o.initial = Value::map({{K("x"), I(0)}, {K("y"), I(0)}});
    o.nil_read_is_unknown = true;
    return o;
}

TEST(MultiRegister, ReadsTheInitialMap) {
    H h;
    EXPECT_EQ(txn(h, 0, L({read("x", I(0)), read("y", I(0))})).check("multi-register", knossos()), kYes);
    H bad;
    EXPECT_EQ(txn(bad, 0, L({read("x", I(1))})).check("multi-register", knossos()), kNo);
}

TEST(MultiRegister, ATxnSeesItsOwnWrites) {
    H h;
    EXPECT_EQ(txn(h, 0, L({write("x", 1), read("x", I(1))})).check("multi-register", knossos()), kYes);
    H bad;
    EXPECT_EQ(txn(bad, 0, L({write("x", 1), read("x", I(0))})).check("multi-register", knossos()), kNo);
}

TEST(MultiRegister, TxnsAreAtomic) {
    auto h = [](std::int64_t x, std::int64_t y) {
        const Value w = L({write("x", 1), write("y", 1)});
        const Value r = L({read("x", I(x)), read("y", I(y))});
        return H().invoke(0, "txn", w).invoke(1, "txn", unread(r)).ok(1, "txn", r).ok(0, "txn", w);
    };
    EXPECT_EQ(h(0, 0).check("multi-register", knossos()), kYes);
    EXPECT_EQ(h(1, 1).check("multi-register", knossos()), kYes);
    EXPECT_EQ(h(1, 0).check("multi-register", knossos()), kNo);
}

TEST(MultiRegister, ZeroIsAValueAndNilReadsFollowTheOption) {
    H h;
    txn(h, 0, L({write("x", 0)}));
    H zero = h;
    EXPECT_EQ(txn(zero, 1, L({read("x", I(0)), read("y")})).check("multi-register"), kYes);  // y never written
    H nil = h;
    txn(nil, 1, L({read("x")}));
    EXPECT_EQ(nil.check("multi-register"), kNo);
    EXPECT_EQ(nil.check("multi-register", knossos()), kYes);
}

TEST(MultiRegister, AcceptsStringsAndAbbreviations) {
    // A JSON history: strings for names, r/w; the initial map as JSON would give it (string keys).
    ModelOptions o;
    o.initial = Value::map({{S("x"), I(0)}});
    const Value done = L({L({S("w"), S("x"), I(2)}), L({S("r"), K("x"), I(2)}), L({S("read"), S("x"), I(2)})});
    H h;
    EXPECT_EQ(h.invoke(0, "txn", done).ok(0, "txn", done).check("multi-register", o), kYes);
}

TEST(MultiRegister, InfoTxnWritesAllOrNothingAndItsReadsConstrainNothing) {
    auto h = [](std::int64_t x, std::int64_t y) {
        H h;
        h.invoke(0, "txn", L({read("x", I(7)), write("x", 1), write("y", 1)})).info(0, "txn");
        return txn(h, 1, L({read("x", I(x)), read("y", I(y))}));
    };
    EXPECT_EQ(h(0, 0).check("multi-register", knossos()), kYes);
    EXPECT_EQ(h(1, 1).check("multi-register", knossos()), kYes);
    EXPECT_EQ(h(1, 0).check("multi-register", knossos()), kNo);
}

TEST(MultiRegister, AReadOnlyTxnIsAQuery) {
    const auto model = make_model("multi-register", knossos());
    const auto ops = H().invoke(0, "txn", L({read("x"), read("y")})).info(0, "txn")
                         .invoke(1, "txn", L({read("x"), write("y", 1)})).info(1, "txn").ops();
    EXPECT_TRUE(model->is_query(ops[0]));
    EXPECT_FALSE(model->is_query(ops[1]));
    EXPECT_EQ(check_operations(*model, ops).stats.dropped_queries, 1u);
}

TEST(MultiRegister, RejectsMalformedTxns) {
    auto error = [](Value v) { return H().invoke(0, "txn", v).ok(0, "txn", v).error("multi-register"); };
    EXPECT_NE(error(I(3)).find("`txn` needs a list of micro-ops"), std::string::npos);
    EXPECT_NE(error(L({L({K("cas"), K("x"), I(1)})})).find("micro-op is [read k v] or [write k v]"), std::string::npos);
    EXPECT_NE(error(L({L({K("read"), K("x")})})).find("micro-op is [read k v]"), std::string::npos);
    EXPECT_NE(error(L({L({K("write"), K("x"), Value()})})).find("write needs a value"), std::string::npos);
    ModelOptions o;
    o.initial = I(0);
    EXPECT_THROW(make_model("multi-register", o), ModelError);
}

TEST(MultiRegister, Describes) {
    const auto model = make_model("multi-register");
    H h;
    txn(h, 0, L({read("x", I(1)), write("y", 2)}));
    h.invoke(0, "txn", L({read("x"), write("y", 2)})).info(0, "txn");
    const auto ops = h.ops();
    EXPECT_EQ(model->describe_op(ops[0], Value::Notation::edn), "txn [read :x 1, write :y 2]");
    EXPECT_EQ(model->describe_op(ops[1], Value::Notation::edn), "txn [read :x, write :y 2]");
}

}  // namespace
}  // namespace lincheck
