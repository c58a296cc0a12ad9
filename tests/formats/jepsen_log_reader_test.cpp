#include <gtest/gtest.h>

#include "formats/expect_input_error.hpp"
#include "lincheck/formats/read.hpp"

namespace lincheck {
namespace {

using formats::Format;
using formats::ReadOptions;
using formats::read_history;
using testing::expect_input_error;

TEST(JepsenLog, ReadsClientOpLines) {
    const auto r = read_history(
        "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"
        "INFO  jepsen.util - 2\t:invoke\t:cas\t[3 0]\n"
        "INFO  jepsen.util - 1   :invoke :write  3\n"
        "INFO  jepsen.util - 0\t:ok\t:read\tnil\n"
        "INFO  jepsen.util - 1\t:info\t:write\t:timed-out\n"
        "INFO  jepsen.util - 2\t:fail\t:cas\t[3 0]\n");
    EXPECT_EQ(r.format, Format::jepsen_log);
    EXPECT_EQ(r.notation, Value::Notation::edn);
    ASSERT_EQ(r.events.size(), 6u);

    EXPECT_EQ(r.events[0].process, 0);
    EXPECT_EQ(r.events[0].type, EventType::invoke);
    EXPECT_EQ(r.events[0].f, "read");
    EXPECT_TRUE(r.events[0].value.is_nil());
    EXPECT_TRUE(r.events[0].has_value);
    EXPECT_EQ(r.events[0].pos.line, 1u);
    EXPECT_EQ(r.events[0].pos.column, 21u);
    EXPECT_EQ(r.events[0].pos.event_index, 1u);

    EXPECT_EQ(r.events[1].value, Value::list({Value::integer(3), Value::integer(0)}));
    EXPECT_EQ(r.events[2].process, 1);
    EXPECT_EQ(r.events[2].value, Value::integer(3));
    EXPECT_EQ(r.events[3].type, EventType::ok);
    EXPECT_EQ(r.events[4].type, EventType::info);
    EXPECT_EQ(r.events[4].value, Value::keyword("timed-out"));
    EXPECT_EQ(r.events[5].type, EventType::fail);
    EXPECT_EQ(r.events[5].pos.line, 6u);
    EXPECT_EQ(r.events[5].pos.event_index, 6u);
    EXPECT_EQ(r.keys, formats::KeyConvention::none);  // cas [3 0] is not an independent tuple
}

// Since 2016 Jepsen's file log is `%d{ISO8601}{GMT}<TAB>%p<TAB>[%t] %c: %m`; its tutorials and Maelstrom
// show `%p [%d] %t - %c %m`. Both carry the same op text as the old layout.
TEST(JepsenLog, ReadsTheNewerLayouts) {
    const auto r = read_history(
        "2023-05-01 10:00:00,000{GMT}\tINFO\t[main] jepsen.core: Running test with 5 nodes\n"
        "2023-05-01 10:00:00,001{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:invoke\t:write\t1\n"
        "2023-05-01 10:00:00,002{GMT}\tINFO\t[jepsen nemesis] jepsen.util: :nemesis\t:info\t:start\tnil\n"
        "2023-05-01 10:00:00,003{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:ok\t:write\t1\n"
        "2023-05-01 10:00:00,004{GMT}\tWARN\t[jepsen worker 1] jepsen.core: Process 1 crashed\n"
        "java.net.SocketTimeoutException: Read timed out\n"
        "\tat java.net.SocketInputStream.socketRead0(Native Method)\n"
        "INFO [2019-04-01 11:25:23,791] jepsen worker 1 - jepsen.util 1\t:invoke\t:read\tnil\n"
        "INFO [2019-04-01 11:25:23,794] jepsen worker 1 - jepsen.util 1\t:ok\t:read\t2\n"
        "INFO\t[jepsen worker 2] jepsen.print: 2\t:invoke\t:cas\t[1 2]\n"
        "INFO\t[jepsen worker 2] jepsen.print: 2\t:fail\t:cas\t[1 2]\t:mismatch\n");
    EXPECT_EQ(r.format, Format::jepsen_log);
    ASSERT_EQ(r.events.size(), 6u);
    EXPECT_EQ(r.skipped_non_client, 1u);
    EXPECT_EQ(r.events[0].process, 0);
    EXPECT_EQ(r.events[0].type, EventType::invoke);
    EXPECT_EQ(r.events[0].f, "write");
    EXPECT_EQ(r.events[0].value, Value::integer(1));
    EXPECT_EQ(r.events[0].pos.line, 2u);
    EXPECT_EQ(r.events[0].pos.column, 66u);
    EXPECT_EQ(r.events[1].type, EventType::ok);
    EXPECT_EQ(r.events[2].process, 1);
    EXPECT_EQ(r.events[2].pos.line, 8u);
    EXPECT_EQ(r.events[3].value, Value::integer(2));
    EXPECT_EQ(r.events[5].type, EventType::fail);
    EXPECT_EQ(r.events[5].value, Value::list({Value::integer(1), Value::integer(2)}));
}

// In the 2016+ layout the op is only where the layout puts it: a ` - ` later in the message is text.
TEST(JepsenLog, NewerLayoutTakesTheOpOnlyAfterTheLogger) {
    const auto r = read_history(
        "2023-05-01 10:00:00,000{GMT}\tINFO\t[main] jepsen.core: Waiting - 3\t:ok\t:read\t1\n"
        "2023-05-01 10:00:00,001{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:invoke\t:read\tnil\n"
        "2023-05-01 10:00:00,002{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:fail\t:read\tnil\tno leader - 5 :ok :read 2\n");
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.events[0].process, 0);
    EXPECT_EQ(r.events[1].type, EventType::fail);
    EXPECT_TRUE(r.events[1].value.is_nil());
}

TEST(JepsenLog, SkipsEverythingElse) {
    const auto r = read_history(
        "2015-06-11 10:32:11,123 INFO  jepsen.core - Running test with 5 nodes\n"
        "INFO  jepsen.core - Worker 3 starting\n"
        "\n"
        "Free text without the logger's dash\n"
        "INFO  jepsen.util - :nemesis\t:info\t:start\t\"Cut off {:n1 #{:n2}}\"\n"
        "INFO  jepsen.util - 3\t:invoke\t:read\tnil\n"
        "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n"
        "INFO  jepsen.util - 3\t:ok\t:read\t2\n"
        "INFO  knossos.core - Analysis complete - 3 paths\n"
        "{:valid? true}\n");
    EXPECT_EQ(r.format, Format::jepsen_log);
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.skipped_non_client, 2u);
    EXPECT_EQ(r.events[0].pos.line, 6u);
    EXPECT_EQ(r.events[0].pos.event_index, 2u);
    EXPECT_EQ(r.events[1].value, Value::integer(2));
}

TEST(JepsenLog, ValueMayBeAbsentOrFollowedByAnError) {
    const auto r = read_history(
        "INFO  jepsen.util - 1\t:invoke\t:acquire\n"
        "INFO  jepsen.util - 1\t:fail\t:acquire\t nil \t:not-held\r\n"
        "INFO  jepsen.util - 2\t:invoke\t:write\t{:a [1 \"two words\"]}   \n",
        Format::jepsen_log);
    ASSERT_EQ(r.events.size(), 3u);
    EXPECT_FALSE(r.events[0].has_value);
    EXPECT_TRUE(r.events[1].has_value);
    EXPECT_TRUE(r.events[1].value.is_nil());
    EXPECT_EQ(r.events[2].value.size(), 1u);
}

TEST(JepsenLog, EmptyLogIsAnEmptyHistory) {
    EXPECT_TRUE(read_history("", Format::jepsen_log).events.empty());
    EXPECT_TRUE(read_history("INFO  jepsen.core - nothing happened\n", Format::jepsen_log).events.empty());
}

TEST(JepsenLog, Errors) {
    expect_input_error([] { read_history("INFO  jepsen.util - 3\t:done\t:read\tnil\n", Format::jepsen_log); }, 1, 23,
                       "unknown event type :done");
    expect_input_error(
        [] { read_history("INFO  jepsen.util - 3\t:invoke\nINFO  jepsen.util - 4\t:invoke\t:read\n", Format::jepsen_log); },
        1, 30, "op line has no f");
    expect_input_error(
        [] {
            read_history("INFO  jepsen.util - 3\t:invoke\t:cas\t[1 2\nINFO  jepsen.util - 4\t:invoke\t:read\n",
                         Format::jepsen_log);
        },
        1, 40, "unexpected end of line: expected `]` to close vector opened at 1:36");
    expect_input_error([] { read_history("INFO  jepsen.util - 3\t:invoke\t:write\t@x\n", Format::jepsen_log); }, 1, 38,
                       "unexpected `@`");
}

TEST(JepsenLog, CutOffLastLine) {
    const std::string cut_in_value = "INFO  jepsen.util - 3\t:invoke\t:cas\t[4 4]\nINFO  jepsen.util - 3\t:ok\t:cas\t[4";
    expect_input_error([&] { read_history(cut_in_value); }, 2, 34,
                       "the last event is cut off (truncated file?) — --allow-truncated accepts the history without it");
    const std::string cut_before_f = "INFO  jepsen.util - 3\t:invoke\t:cas\t[4 4]\nINFO  jepsen.util - 3\t:ok";
    expect_input_error([&] { read_history(cut_before_f); }, 2, 26, "the last event is cut off");

    ReadOptions options;
    options.allow_truncated = true;
    for (const std::string& text : {cut_in_value, cut_before_f}) {
        const auto r = read_history(text, options);
        EXPECT_EQ(r.events.size(), 1u);
        EXPECT_TRUE(r.dropped_truncated);
    }
    // A whole last line that is wrong is not a cut-off.
    options.format = Format::jepsen_log;
    expect_input_error([&] { read_history("INFO  jepsen.util - 3\t:done\t:read\n", options); }, 1, 23,
                       "unknown event type");
}

}  // namespace
}  // namespace lincheck
