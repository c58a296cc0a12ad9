// PartitionResult::engine_note: a fixed reason is held without a string of its own, a built one as a
// string; either reads back as the same text, after the result is copied or moved too.
#include <gtest/gtest.h>

#include <sstream>

#include "lincheck/check.hpp"
#include "lincheck/models.hpp"

namespace lincheck {
namespace {

// `n` completed writes of `value_of(i)`, one at a time, on keys 0..keys-1 in turn.
template <class ValueOf>
std::vector<Operation> writes(std::size_t n, std::size_t keys, ValueOf value_of) {
    std::vector<Operation> ops;
    for (std::size_t i = 0; i < n; ++i) {
        Operation op;
        op.f = "write";
        op.value = Value::integer(value_of(i));
        op.key = Value::integer(static_cast<std::int64_t>(i % keys));
        op.call = 2 * i;
        op.ret = 2 * i + 1;
        ops.push_back(std::move(op));
    }
    return ops;
}

TEST(EngineNote, SmallPartitionsSayWhyTheSearchDecided) {
    const auto ops = writes(40, 8, [](std::size_t i) { return static_cast<std::int64_t>(i); });
    HistoryResult result = check_history(*make_model("register"), ops);
    ASSERT_EQ(result.partitions.size(), 8u);
    const HistoryResult copied = result;
    const HistoryResult moved = std::move(result);
    for (const HistoryResult* r : {&copied, &moved}) {
        for (const PartitionResult& p : r->partitions) {
            EXPECT_EQ(p.engine, "search");
            EXPECT_FALSE(p.engine_note.empty());
            EXPECT_EQ(p.engine_note.view(), "fewer than 256 operations");
            EXPECT_EQ(p.engine_note.str(), "fewer than 256 operations");
            const std::string as_string = p.engine_note;
            EXPECT_EQ(as_string, "fewer than 256 operations");
            std::ostringstream printed;
            printed << p.engine_note;
            EXPECT_EQ(printed.str(), "fewer than 256 operations");
        }
    }
}

TEST(EngineNote, TheSearchChosenByName) {
    HistoryOptions options;
    options.engine = Engine::search;
    const auto result = check_history(*make_model("register"), writes(10, 1, [](std::size_t i) { return i; }), {}, options);
    ASSERT_EQ(result.partitions.size(), 1u);
    EXPECT_EQ(result.partitions[0].engine_note, "--engine search");
}

TEST(EngineNote, ABuiltReasonIsKept) {
    // 300 writes of one value: the register engine declines, saying why.
    const auto ops = writes(300, 1, [](std::size_t) { return 5; });
    const HistoryResult result = check_history(*make_model("register"), ops);
    ASSERT_EQ(result.partitions.size(), 1u);
    HistoryResult copy = result;
    EXPECT_EQ(copy.partitions[0].engine_note, "register-unique: value 5 is written twice");
    EXPECT_EQ(copy.partitions[0].engine_note, result.partitions[0].engine_note);
}

TEST(EngineNote, AFastEngineLeavesItEmpty) {
    const auto ops = writes(300, 1, [](std::size_t i) { return static_cast<std::int64_t>(i) + 1; });
    const HistoryResult result = check_history(*make_model("register"), ops);
    ASSERT_EQ(result.partitions.size(), 1u);
    EXPECT_EQ(result.partitions[0].engine, "register-unique");
    EXPECT_TRUE(result.partitions[0].engine_note.empty());
    EXPECT_EQ(result.partitions[0].engine_note, EngineNote());
}

}  // namespace
}  // namespace lincheck
