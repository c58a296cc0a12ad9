// The event schema's checks and messages, word for word, for every reader: they all go through one
// EventBuilder (formats/src/event_builder.hpp), which spells each format's field names its own way.
#include <gtest/gtest.h>

#include <string>

#include "lincheck/check.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/internal/deferred_free.hpp"

namespace lincheck {
namespace {

using formats::Format;
using formats::read_history;

struct Bad {
    Format format;
    std::string text;
    std::uint32_t line, column;
    std::string message;  // the whole message
};

void PrintTo(const Bad& bad, std::ostream* os) {
    *os << formats::to_string(bad.format) << " " << ::testing::PrintToString(bad.text);
}

class EventSchemaMessages : public ::testing::TestWithParam<Bad> {};

TEST_P(EventSchemaMessages, AreExactAndPlaced) {
    const Bad& bad = GetParam();
    try {
        read_history(bad.text, bad.format);
        ADD_FAILURE() << "expected: " << bad.message;
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), bad.message);
        EXPECT_EQ(e.pos().line, bad.line) << e.what();
        EXPECT_EQ(e.pos().column, bad.column) << e.what();
    }
}

const std::string kTypes = " (expected one of: invoke/call, ok/respond/return, fail, info/timeout/crash, pending)";

INSTANTIATE_TEST_SUITE_P(
    EveryReader, EventSchemaMessages,
    ::testing::Values(
        // JSON and JSON Lines (both JSON paths give these: the fast one declines, the other says why)
        Bad{Format::json, "[1]", 1, 2,
            "expected an event object such as {\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}"},
        Bad{Format::jsonl, R"({"type": "ok", "f": "read"})", 1, 1, "event has no `process`"},
        Bad{Format::jsonl, R"({"process": 9223372036854775808, "type": "ok", "f": "read"})", 1, 1,
            "`process` does not fit in 64 bits"},
        Bad{Format::jsonl, R"({"process": 1.5, "type": "ok", "f": "read"})", 1, 1,
            "`process` must be an integer (or a name such as \"nemesis\" for non-client events)"},
        Bad{Format::jsonl, R"({"process": 0, "f": "read"})", 1, 1, "event has no `type` string"},
        Bad{Format::jsonl, R"({"process": 0, "type": 1, "f": "read"})", 1, 1, "event has no `type` string"},
        Bad{Format::json, "[\n {\"process\": 0, \"type\": \"done\", \"f\": \"read\"}]", 2, 2,
            "unknown event type \"done\"" + kTypes},
        Bad{Format::jsonl, R"({"process": 0, "type": "ok", "f": 3})", 1, 1,
            "event has no `f` string (the operation's name)"},
        // EDN op maps, in a vector and one per line
        Bad{Format::edn, "[1]", 1, 2, "expected an op map such as {:process 0, :type :invoke, :f :read}, found 1"},
        Bad{Format::edn, "{:type :ok, :f :read}", 1, 1, "op has no `:process`"},
        Bad{Format::edn, "[{:process 1.5, :type :ok, :f :read}]", 1, 2,
            "`:process` must be an integer (or a name such as :nemesis for non-client ops)"},
        Bad{Format::edn, "{:process 0, :type 3, :f :read}", 1, 1, "op has no `:type` keyword"},
        Bad{Format::edn, "{:process 0, :type :done, :f :read}", 1, 1, "unknown event type :done" + kTypes},
        Bad{Format::edn, "{:process 0, :type \"done\", :f :read}", 1, 1, "unknown event type :done" + kTypes},
        // a string type is read as the keyword it spells: ":invoke" is `::invoke`, no event type
        Bad{Format::edn, "{:process 0, :type \":invoke\", :f :read}", 1, 1, "unknown event type ::invoke" + kTypes},
        Bad{Format::edn, "{:process 0, :type :ok, :f [1]}", 1, 1, "op has no `:f` keyword (the operation's name)"},
        // operation records
        Bad{Format::records, "[1]", 1, 2,
            "expected an operation record such as {\"process\": 0, \"f\": \"write\", \"value\": 1, \"call\": 10, "
            "\"return\": 12}"},
        Bad{Format::records, R"({"f": "read", "call": 1})", 1, 1, "record has no `process`"},
        Bad{Format::records, R"({"process": [0], "f": "read", "call": 1})", 1, 1,
            "`process` must be an integer (or a name such as \"nemesis\" for non-client records)"},
        // One message for a process beyond 64 bits in every JSON reader (records used to say "must be an
        // integer", which it is).
        Bad{Format::records, R"({"process": 9223372036854775808, "f": "read", "call": 1})", 1, 1,
            "`process` does not fit in 64 bits"},
        Bad{Format::records, R"({"process": 0, "call": 1})", 1, 1, "record has no `f` string (the operation's name)"},
        // Jepsen's text log and history.txt: fields by place, errors where the field is
        Bad{Format::jepsen_log, "INFO  jepsen.util - 3\t:done\t:read\tnil\n", 1, 23, "unknown event type :done" + kTypes},
        Bad{Format::jepsen_log, "INFO  jepsen.util - 3\t:invoke\n", 1, 30,
            "op line has no f (the operation's name) after its type"},
        Bad{Format::jepsen_txt, "3\t:done\t:read\tnil\n", 1, 3, "unknown event type :done" + kTypes},
        Bad{Format::jepsen_txt, "0\t:invoke\t\tnil\n", 1, 11, "op line has no f (the operation's name) after its type"},
        Bad{Format::jepsen_txt, "0\t:invoke\t[1]\tnil\n", 1, 11,
            "the f (the operation's name) must be a keyword such as :read"}),
    [](const ::testing::TestParamInfo<Bad>& info) { return "case" + std::to_string(info.index); });

// Non-client processes are skipped and counted, the same way in every reader.
TEST(EventSchema, NonClientProcessesAreSkippedAndCounted) {
    EXPECT_EQ(read_history(R"({"process": "nemesis", "type": "info", "f": "start"}
{"process": null, "type": "info", "f": "start"}
{"process": "3", "type": "invoke", "f": "read"})",
                           Format::jsonl)
                  .skipped_non_client,
              2u);
    EXPECT_EQ(read_history("[{:process :nemesis, :type :info, :f :start} {:process nil, :type :info, :f :x}"
                           " {:process \"3\", :type :invoke, :f :read}]",
                           Format::edn)
                  .skipped_non_client,
              2u);
    EXPECT_EQ(read_history("INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n", Format::jepsen_log).skipped_non_client,
              1u);
    EXPECT_EQ(read_history(":nemesis\t:info\t:start\tnil\n", Format::jepsen_txt).skipped_non_client, 1u);
    EXPECT_EQ(read_history(R"({"process": "nemesis", "f": "start", "call": 1})", Format::records).skipped_non_client, 1u);
}

// The fields every reader keeps: f without its `:`, value (nil is a value), key, time.
TEST(EventSchema, FieldsAreKeptAlike) {
    const auto json = read_history(R"({"process": "3", "type": "ok", "f": ":read", "value": null, "key": 2, "time": 7})",
                                   Format::jsonl);
    const auto edn = read_history("{:process 3, :type :ok, :f :read, :value nil, :key 2, :time 7}", Format::edn);
    for (const auto* r : {&json, &edn}) {
        ASSERT_EQ(r->events.size(), 1u);
        const Event& e = r->events[0];
        EXPECT_EQ(e.process, 3);
        EXPECT_EQ(e.type, EventType::ok);
        EXPECT_EQ(e.f, "read");
        EXPECT_TRUE(e.has_value);
        EXPECT_TRUE(e.value.is_nil());
        EXPECT_EQ(e.key, Value::integer(2));
        ASSERT_TRUE(e.time.has_value());
        EXPECT_EQ(*e.time, 7.0);
    }
}

}  // namespace
}  // namespace lincheck

namespace lincheck {
namespace {

// ReadOptions::deadline holds inside a single document: past it, reading stops with ReadTimedOut (the
// builder looks at the clock every 4,096 events), in every format, and the events read until then are
// left to release_search_memory() instead of freed after the deadline; before it, nothing changes.
TEST(EventSchema, ReadingStopsAtTheDeadlineInEveryFormat) {
    std::string jsonl, edn = "[", records;
    for (int i = 0; i < 5000; ++i) {
        const std::string p = std::to_string(i % 7);
        jsonl += "{\"process\": " + p + ", \"type\": \"invoke\", \"f\": \"read\"}\n";
        edn += "{:process " + p + ", :type :invoke, :f :read}\n";
        records += "{\"process\": " + p + ", \"f\": \"read\", \"call\": " + std::to_string(i) + "}\n";
    }
    edn += "]";
    std::string json = "[" + jsonl + "]";
    for (std::size_t at = json.find('\n'); at + 2 < json.size(); at = json.find('\n', at + 1)) json[at] = ',';
    const struct {
        Format format;
        std::string text;
    } documents[] = {{Format::json, json}, {Format::jsonl, jsonl}, {Format::edn, edn}, {Format::records, records}};
    for (const auto& d : documents) {
        formats::ReadOptions options;
        options.format = d.format;
        options.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
        EXPECT_EQ(read_history(d.text, options).events.size(), d.format == Format::records ? 10000u : 5000u)
            << formats::to_string(d.format);
        options.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        release_search_memory();
        EXPECT_THROW(read_history(d.text, options), formats::ReadTimedOut) << formats::to_string(d.format);
        // (Operation records are gathered elsewhere, to be sorted by time, before they become events.)
        if (d.format != Format::records) {
            EXPECT_GT(detail::deferred_bytes(), 0u) << formats::to_string(d.format);
        }
        release_search_memory();
        EXPECT_EQ(detail::deferred_bytes(), 0u);
    }
}

}  // namespace
}  // namespace lincheck
