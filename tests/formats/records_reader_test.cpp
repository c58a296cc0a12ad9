#include <gtest/gtest.h>

#include "formats/expect_input_error.hpp"
#include "lincheck/formats/read.hpp"

namespace lincheck {
namespace {

using formats::Format;
using formats::ReadOptions;
using formats::read_history;
using testing::expect_input_error;

// "invoke write 0@1200" ... : the events in order, for terse comparisons.
std::vector<std::string> summary(const formats::ReadResult& r) {
    std::vector<std::string> out;
    for (const Event& e : r.events) {
        out.push_back(std::string(to_string(e.type)) + " " + e.f + " " + std::to_string(e.process) + "@" +
                      (e.time ? std::to_string(static_cast<long long>(*e.time)) : "?"));
    }
    return out;
}

TEST(Records, BecomeInvokesAndCompletionsSortedByTime) {
    const auto r = read_history(
        R"({"process": 0, "f": "write", "value": 5, "call": 1200, "return": 1350, "status": "ok"}
{"process": 1, "f": "read", "call": 1100, "return": 1300, "output": 5}
{"process": 2, "f": "write", "value": 7, "call": 1250, "return": null}
{"process": 3, "f": ":cas", "value": [5, 6], "call": 1260, "return": 1270, "status": "fail"}
{"process": 4, "f": "write", "value": 8, "call": 1280, "return": 1500, "status": "info"}
)");
    EXPECT_EQ(r.format, Format::records);
    EXPECT_EQ(r.notation, Value::Notation::json);
    EXPECT_EQ(summary(r), (std::vector<std::string>{
                              "invoke read 1@1100", "invoke write 0@1200", "invoke write 2@1250",
                              "pending write 2@1250", "invoke cas 3@1260", "fail cas 3@1270", "invoke write 4@1280",
                              "ok read 1@1300", "ok write 0@1350", "info write 4@1500"}));

    const Event& read_invoke = r.events[0];
    EXPECT_FALSE(read_invoke.has_value);
    EXPECT_EQ(read_invoke.pos.line, 2u);
    EXPECT_EQ(read_invoke.pos.column, 1u);
    EXPECT_EQ(read_invoke.pos.event_index, 2u);  // the record's number
    const Event& read_ok = r.events[7];
    EXPECT_EQ(read_ok.value, Value::integer(5));
    EXPECT_TRUE(read_ok.has_value);
    const Event& write_invoke = r.events[1];
    EXPECT_EQ(write_invoke.value, Value::integer(5));
    const Event& write_ok = r.events[8];
    EXPECT_EQ(write_ok.value, Value::integer(5));  // no output: the input stands
    EXPECT_EQ(r.events[4].value, Value::list({Value::integer(5), Value::integer(6)}));
}

TEST(Records, EqualTimesOverlap) {
    // Closed intervals: b is called at the instant a returns, so they overlap and every invoke at that
    // instant comes before every completion.
    const auto r = read_history(R"([
  {"process": 0, "f": "write", "value": 1, "call": 10, "return": 20},
  {"process": 1, "f": "read", "call": 20, "return": 30, "output": 0},
  {"process": 2, "f": "read", "call": 20, "return": 20, "output": 1}
])");
    EXPECT_EQ(r.format, Format::records);
    EXPECT_EQ(summary(r), (std::vector<std::string>{"invoke write 0@10", "invoke read 1@20", "invoke read 2@20",
                                                    "ok write 0@20", "ok read 2@20", "ok read 1@30"}));
}

TEST(Records, LargeIntegerTimesKeepTheirOrder) {
    // Nanosecond epoch times do not fit a double's 53 bits: these two differ only in the last digit.
    const auto r = read_history(
        R"({"process": 0, "f": "write", "value": 1, "call": 1700000000000000002, "return": 1700000000000000003}
{"process": 1, "f": "write", "value": 2, "call": 1700000000000000001, "return": 1700000000000000004}
{"process": 2, "f": "write", "value": 3, "call": 1.5, "return": 2.5}
)");
    ASSERT_EQ(r.events.size(), 6u);
    EXPECT_EQ(r.events[0].process, 2);
    EXPECT_EQ(r.events[2].process, 1);
    EXPECT_EQ(r.events[3].process, 0);
    EXPECT_EQ(r.events[4].process, 0);
    EXPECT_EQ(r.events[5].process, 1);
    EXPECT_EQ(r.events[0].time, 1.5);
}

TEST(Records, KeysNonClientsAndPending) {
    const auto r = read_history(
        R"({"process": 0, "f": "put", "key": "k", "value": "v", "call": 1, "return": 2}
{"process": "nemesis", "f": "partition", "call": 1}
{"process": 1, "f": "get", "key": "k", "call": 3}
{"process": 1, "f": "get", "key": "k", "call": 5, "return": 6, "status": "pending"}
)");
    EXPECT_EQ(r.skipped_non_client, 1u);
    EXPECT_EQ(r.keys, formats::KeyConvention::field);
    ASSERT_EQ(r.events.size(), 6u);
    EXPECT_EQ(*r.events[0].key, Value::string("k"));
    EXPECT_EQ(*r.events[1].key, Value::string("k"));
    EXPECT_EQ(r.events[3].type, EventType::pending);
    EXPECT_EQ(r.events[3].time, 3.0);
    EXPECT_EQ(r.events[5].type, EventType::pending);
}

TEST(Records, ExplicitFormatAndEmptyInput) {
    EXPECT_TRUE(read_history("", Format::records).events.empty());
    EXPECT_TRUE(read_history("[]", Format::records).events.empty());
    const auto r = read_history(R"([{"process": 0, "f": "read", "call": 1, "return": 2, "type": "ignored"}])",
                                Format::records);
    EXPECT_EQ(r.events.size(), 2u);
}

struct BadRecord {
    const char* text;
    std::uint32_t line;
    std::uint32_t column;
    const char* words;
};

class RecordErrors : public ::testing::TestWithParam<BadRecord> {};

TEST_P(RecordErrors, ReportPositionAndReason) {
    const BadRecord& bad = GetParam();
    expect_input_error([&] { read_history(bad.text, Format::records); }, bad.line, bad.column, bad.words);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RecordErrors,
    ::testing::Values(
        BadRecord{"[1]", 1, 2, "expected an operation record"},
        BadRecord{R"({"f": "read", "call": 1})", 1, 1, "record has no `process`"},
        BadRecord{R"({"process": [0], "f": "read", "call": 1})", 1, 1, "`process` must be an integer"},
        BadRecord{R"({"process": 0, "call": 1})", 1, 1, "record has no `f`"},
        BadRecord{"{\"process\": 0, \"f\": \"read\", \"call\": 1}\n{\"process\": 0, \"f\": \"read\"}", 2, 1,
                  "record has no `call` time"},
        BadRecord{R"({"process": 0, "f": "read", "call": "soon"})", 1, 1, "record has no `call` time"},
        BadRecord{R"({"process": 0, "f": "read", "call": 5, "return": "later"})", 1, 1, "`return` must be a number"},
        BadRecord{R"({"process": 0, "f": "read", "call": 5, "return": 4})", 1, 1, "`return` is earlier than `call`"},
        BadRecord{R"({"process": 0, "f": "read", "call": 5, "return": 6, "status": "done"})", 1, 1,
                  "`status` must be \"ok\", \"fail\", \"info\" or \"pending\""},
        BadRecord{R"({"process": 0, "f": "read", "call": 5, "return": 6, "status": "invoke"})", 1, 1,
                  "`status` must be"},
        BadRecord{R"({"process": 0, "f": "read", "call": 5, "status": "ok"})", 1, 1,
                  "an `ok` record needs a `return` time"},
        BadRecord{R"({"process": 0, "f": "read", "call": 5, "return": 6)", 1, 51,
                  "the last event is cut off (truncated file?)"}),
    [](const ::testing::TestParamInfo<BadRecord>& info) { return "case" + std::to_string(info.index); });

TEST(Records, AllowTruncatedDropsACutOffLastRecord) {
    ReadOptions options;
    options.allow_truncated = true;
    const auto r = read_history("{\"process\": 0, \"f\": \"read\", \"call\": 1, \"return\": 2}\n"
                                "{\"process\": 0, \"f\": \"read\", \"call\": 3, \"ret",
                                options);
    EXPECT_EQ(r.format, Format::records);
    EXPECT_EQ(r.events.size(), 2u);
    EXPECT_TRUE(r.dropped_truncated);
}

}  // namespace
}  // namespace lincheck
