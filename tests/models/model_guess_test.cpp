#include <gtest/gtest.h>

#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::L;
using testing::S;

std::string_view guess(const H& h) {
    const auto ops = h.ops();
    const ModelGuess g = guess_model(ops);
    EXPECT_FALSE(g.reason.empty());
    EXPECT_NE(make_model(g.name), nullptr) << g.name;
    return g.name;
}

TEST(ModelGuess, OneFamilyOfFunctions) {
    EXPECT_EQ(guess(H().invoke(0, "enqueue", I(1)).ok(0, "enqueue", I(1)).invoke(0, "dequeue").ok(0, "dequeue", I(1))), "fifo-queue");
    EXPECT_EQ(guess(H().invoke(0, "get").ok(0, "get", S("")).invoke(0, "append", S("x")).ok(0, "append", S("x"))), "kv");
    EXPECT_EQ(guess(H().invoke(0, "txn", L({})).ok(0, "txn", L({}))), "multi-register");
    EXPECT_EQ(guess(H().invoke(0, "acquire").ok(0, "acquire").invoke(0, "release").info(0, "release")), "mutex");
    EXPECT_EQ(guess(H().invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(0, "cas", L({I(1), I(2)})).fail(0, "cas")),
              "cas-register");
}

TEST(ModelGuess, AddAndReadDecidedByValues) {
    EXPECT_EQ(guess(H().invoke(0, "add", I(1)).ok(0, "add", I(1)).invoke(0, "read").ok(0, "read", I(1))), "counter");
    EXPECT_EQ(guess(H().invoke(0, "add", I(1)).ok(0, "add", I(1)).invoke(0, "read").ok(0, "read", L({I(1)}))), "set");
    EXPECT_EQ(guess(H().invoke(0, "add", S("a")).ok(0, "add", S("a"))), "set");
    // Integer adds and no read result: either.
    EXPECT_EQ(guess(H().invoke(0, "add", I(1)).ok(0, "add", I(1)).invoke(0, "read").info(0, "read")), "cas-register");
}

TEST(ModelGuess, AmbiguousOrUnknownFallsBackToTheDefault) {
    EXPECT_EQ(guess(H()), "cas-register");
    EXPECT_EQ(guess(H().invoke(0, "read").ok(0, "read", I(1))), "cas-register");  // register, set or counter
    EXPECT_EQ(guess(H().invoke(0, "enqueue", I(1)).ok(0, "enqueue", I(1)).invoke(0, "put", S("x")).ok(0, "put", S("x"))),
              "cas-register");
    const auto ops = H().invoke(0, "frob").ok(0, "frob").ops();
    EXPECT_NE(guess_model(ops).reason.find("frob"), std::string::npos);
}

TEST(Registry, EveryModelIsListedAndBuilds) {
    for (const ModelInfo& info : all_models()) {
        const auto model = make_model(info.name);
        ASSERT_NE(model, nullptr) << info.name;
        EXPECT_EQ(model->name(), info.name);
        EXPECT_FALSE(info.summary.empty());
        EXPECT_FALSE(model->functions().empty());
    }
    EXPECT_EQ(all_models().size(), 9u);
}

}  // namespace
}  // namespace lincheck
