#include <gtest/gtest.h>

#include "lincheck/formats/read.hpp"

namespace lincheck {
namespace {

using formats::Format;
using formats::read_history;

TEST(JsonReader, ReadsAnArrayOfEvents) {
    const auto r = read_history(R"([
  {"process": 0, "type": "invoke", "f": "write", "value": 3},
  {"process": 0, "type": "ok", "f": "write", "value": 3, "time": 17, "index": 1, "extra": {"a": 1}}
])");
    EXPECT_EQ(r.format, Format::json);
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.events[0].value, Value::integer(3));
    EXPECT_EQ(r.events[1].type, EventType::ok);
    EXPECT_EQ(r.events[1].pos.line, 3u);
    EXPECT_EQ(r.events[1].pos.column, 3u);
    EXPECT_EQ(r.events[1].pos.event_index, 2u);
    EXPECT_EQ(*r.events[1].time, 17.0);
}

TEST(JsonReader, ReadsJsonLines) {
    const auto r = read_history("{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\", \"value\": null}\n\n"
                                "{\"process\": 0, \"type\": \"ok\", \"f\": \"read\", \"value\": 0}\n");
    EXPECT_EQ(r.format, Format::jsonl);
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_TRUE(r.events[0].value.is_nil());
    EXPECT_TRUE(r.events[0].has_value);
    EXPECT_EQ(r.events[1].value, Value::integer(0));
    EXPECT_EQ(r.events[1].pos.line, 3u);
}

TEST(JsonReader, SingleLineArrayIsJsonNotJsonLines) {
    const auto r = read_history(R"([{"process": 1, "type": "invoke", "f": "read"}])");
    EXPECT_EQ(r.format, Format::json);
    EXPECT_FALSE(r.events[0].has_value);
}

TEST(JsonReader, ValuesKeepTheirKinds) {
    const auto r = read_history(R"({"process": 0, "type": "invoke", "f": "write", "value": [0, "", false, null, 1.5, {"k": [1]}]})");
    const auto items = r.events[0].value.items();
    ASSERT_EQ(items.size(), 6u);
    EXPECT_EQ(items[0], Value::integer(0));
    EXPECT_EQ(items[1], Value::string(""));
    EXPECT_EQ(items[2], Value::boolean(false));
    EXPECT_TRUE(items[3].is_nil());
    EXPECT_EQ(items[4], Value::floating(1.5));
    EXPECT_EQ(items[5].kind(), Value::Kind::map);
}

TEST(JsonReader, AcceptsTheSimulatorVocabulary) {
    const auto r = read_history(
        "{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}\n"
        "{\"process\": 0, \"type\": \"respond\", \"f\": \"read\", \"value\": 1}\n"
        "{\"process\": 0, \"type\": \"call\", \"f\": \"read\"}\n"
        "{\"process\": 0, \"type\": \"return\", \"f\": \"read\", \"value\": 1}\n"
        "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": 2}\n"
        "{\"process\": 0, \"type\": \"timeout\", \"f\": \"write\"}\n"
        "{\"process\": 1, \"type\": \"invoke\", \"f\": \"write\", \"value\": 2}\n"
        "{\"process\": 1, \"type\": \"crash\", \"f\": \"write\"}\n"
        "{\"process\": 2, \"type\": \"invoke\", \"f\": \"write\", \"value\": 2}\n"
        "{\"process\": 2, \"type\": \"pending\", \"f\": \"write\"}\n");
    std::vector<EventType> types;
    for (const auto& e : r.events) types.push_back(e.type);
    EXPECT_EQ(types, (std::vector<EventType>{EventType::invoke, EventType::ok, EventType::invoke, EventType::ok,
                                             EventType::invoke, EventType::info, EventType::invoke, EventType::info,
                                             EventType::invoke, EventType::pending}));
}

TEST(JsonReader, SkipsNonClientProcesses) {
    const auto r = read_history(R"([{"process": "nemesis", "type": "info", "f": "start"},
                                    {"process": 0, "type": "invoke", "f": "read"}])");
    EXPECT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.skipped_non_client, 1u);
}

TEST(JsonReader, KeysAreRead) {
    const auto r = read_history(R"({"process": 0, "type": "invoke", "f": "read", "key": "k1"})");
    ASSERT_TRUE(r.events[0].key);
    EXPECT_EQ(*r.events[0].key, Value::string("k1"));
}

struct BadInput {
    const char* text;
    std::uint32_t line;
    std::uint32_t column;
    const char* words;
};

class JsonReaderErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(JsonReaderErrors, ReportPositionAndReason) {
    const BadInput& bad = GetParam();
    try {
        read_history(bad.text);
        FAIL() << "expected InputError for: " << bad.text;
    } catch (const InputError& e) {
        EXPECT_EQ(e.pos().line, bad.line) << e.what();
        EXPECT_EQ(e.pos().column, bad.column) << e.what();
        EXPECT_NE(std::string(e.what()).find(bad.words), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonReaderErrors,
    ::testing::Values(
        BadInput{"[\n {\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"},\n {\"process\": 0, \"type\": \"ok\"", 3, 29,
                 "expected `}` to close object opened at 3:2"},
        BadInput{"[\n {\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}\n", 3, 1, "expected `]`"},
        BadInput{"[{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"} {}]", 1, 48, "expected `,` or `]`"},
        BadInput{"{\"process\": 0, \"type\": \"done\", \"f\": \"read\"}", 1, 1, "unknown event type \"done\""},
        BadInput{"{\"process\": 0, \"type\": \"ok\"}", 1, 1, "no `f`"},
        BadInput{"{\"type\": \"ok\", \"f\": \"read\"}", 1, 1, "no `process`"},
        BadInput{"{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}\n{\"process\": 0, \"type\": tru}", 2, 27,
                 "invalid JSON"},
        BadInput{"{\"process\": 0, \"f\": \"read\", \"type\": \"invoke\", \"value\": \"abc", 1, 56, "unterminated string"},
        BadInput{"[1, 2]", 1, 2, "expected an event object"},
        BadInput{"hello", 1, 1, "cannot tell the format"},
        BadInput{"{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"} 7", 1, 47, "one event per line"}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return "case" + std::to_string(info.index); });

TEST(JsonReader, DeepNestingIsAnErrorNotACrash) {
    std::string text = "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": ";
    text += std::string(100000, '[');
    EXPECT_THROW(read_history(text), InputError);
}

TEST(JsonReader, EmptyInputIsAnEmptyHistory) {
    EXPECT_TRUE(read_history("").events.empty());
    EXPECT_TRUE(read_history("  \n").events.empty());
    EXPECT_TRUE(read_history("[]").events.empty());
}

TEST(JsonReader, ReadsAValue) {
    EXPECT_EQ(formats::read_value("0"), Value::integer(0));
    EXPECT_TRUE(formats::read_value("null").is_nil());
    EXPECT_THROW(formats::read_value("{"), InputError);
}

}  // namespace
}  // namespace lincheck
