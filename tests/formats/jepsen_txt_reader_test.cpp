// Jepsen's history.txt (--format jepsen-txt): `process<TAB>:type<TAB>:f<TAB>value[<TAB>error]`.
#include <gtest/gtest.h>

#include "formats/expect_input_error.hpp"
#include "lincheck/formats/read.hpp"

namespace lincheck {
namespace {

using formats::Format;
using formats::ReadOptions;
using formats::read_history;
using testing::expect_input_error;

TEST(JepsenTxt, ReadsClientOpLines) {
    const auto r = read_history(
        "0\t:invoke\t:read\tnil\n"
        "2\t:invoke\t:cas\t[3 0]\n"
        "0\t:ok\t:read\tnil\n"
        "1\t:invoke\t:write\t\"a b\"\n"
        "1\t:info\t:write\t\"a b\"\n"
        "2\t:fail\t:cas\t[3 0]\n");
    EXPECT_EQ(r.format, Format::jepsen_txt);
    EXPECT_EQ(r.notation, Value::Notation::edn);
    ASSERT_EQ(r.events.size(), 6u);
    EXPECT_EQ(r.events[0].process, 0);
    EXPECT_EQ(r.events[0].type, EventType::invoke);
    EXPECT_EQ(r.events[0].f, "read");
    EXPECT_TRUE(r.events[0].value.is_nil());
    EXPECT_TRUE(r.events[0].has_value);
    EXPECT_EQ(r.events[0].pos.line, 1u);
    EXPECT_EQ(r.events[0].pos.column, 1u);
    EXPECT_EQ(r.events[0].pos.event_index, 1u);
    EXPECT_EQ(r.events[1].value, Value::list({Value::integer(3), Value::integer(0)}));
    EXPECT_EQ(r.events[3].value, Value::string("a b"));
    EXPECT_EQ(r.events[4].type, EventType::info);
    EXPECT_EQ(r.events[5].type, EventType::fail);
    EXPECT_EQ(r.events[5].pos.line, 6u);
    EXPECT_EQ(r.events[5].pos.event_index, 6u);
}

// Non-client processes (keywords, names, nil printed as nothing) are counted and skipped, whatever
// their value; their lines still count as events for positions.
TEST(JepsenTxt, SkipsNonClientLines) {
    const auto r = read_history(
        ":nemesis\t:info\t:start\t[:isolated {\"n1\" #{\"n2\"}}]\n"
        "3\t:invoke\t:read\tnil\n"
        "nemesis\t:info\t:stop\t:network-healed\n"
        "\t:log\tnil\t\"a message\"\n"
        "3\t:ok\t:read\t2\n",
        Format::jepsen_txt);
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.skipped_non_client, 3u);
    EXPECT_EQ(r.events[0].pos.line, 2u);
    EXPECT_EQ(r.events[0].pos.event_index, 2u);
    EXPECT_EQ(r.events[1].pos.event_index, 5u);
}

// Since 2015 the op's :error follows the value after a tab, as plain text: it may hold spaces, tabs and
// newlines (a multi-line assertion message continues on the lines after).
TEST(JepsenTxt, ErrorTextAfterTheValueIsIgnoredEvenOverSeveralLines) {
    const auto r = read_history(
        "0\t:invoke\t:read\tnil\n"
        "0\t:info\t:read\tnil\tindeterminate: Assert failed: Expected a map, but received {:time 9} instead\n"
        "(or (= t :ok) (= t :fail))\n"
        "\n"
        "1\t:invoke\t:write\t3\n"
        "1\t:fail\t:write\t3\t:timeout\r\n"
        ":nemesis\t:info\t:start\t#error {\n"
        " :cause \"boom\"}\n"
        "1\t:invoke\t:write\t4 \t[:unknown \"tab\there\"]\n",
        Format::jepsen_txt);
    ASSERT_EQ(r.events.size(), 5u);
    EXPECT_EQ(r.events[1].type, EventType::info);
    EXPECT_TRUE(r.events[1].value.is_nil());
    EXPECT_EQ(r.events[2].pos.line, 5u);
    EXPECT_EQ(r.events[2].pos.event_index, 3u);
    EXPECT_EQ(r.events[3].value, Value::integer(3));
    EXPECT_EQ(r.events[4].value, Value::integer(4));
    EXPECT_EQ(r.events[4].pos.line, 9u);
}

TEST(JepsenTxt, AStrayLineIsAnError) {
    // Not after free text: nothing it could continue.
    expect_input_error([] { read_history("0\t:invoke\t:read\tnil\nhello\n0\t:ok\t:read\t1\n", Format::jepsen_txt); },
                       2, 1, "not a history.txt op line");
    expect_input_error([] { read_history("garbage\n", Format::jepsen_txt); }, 1, 1, "not a history.txt op line");
}

TEST(JepsenTxt, MalformedClientLinesAreErrors) {
    expect_input_error([] { read_history("0\t:begin\t:read\tnil\n", Format::jepsen_txt); }, 1, 3,
                       "unknown event type :begin");
    expect_input_error([] { read_history("0\t:invoke\t\tnil\n", Format::jepsen_txt); }, 1, 11, "has no f");
    expect_input_error([] { read_history("0\t:invoke\t:read\t[1 2\n0\t:ok\t:read\t1\n", Format::jepsen_txt); }, 1,
                       21, "");
    expect_input_error([] { read_history("0\t:invoke\t:write\t1 2\n", Format::jepsen_txt); }, 1, 20,
                       "unexpected text after the value");
    expect_input_error([] { read_history("0\t:invoke\t:read x\tnil\n", Format::jepsen_txt); }, 1, 17,
                       "unexpected text after the f");
}

TEST(JepsenTxt, ValueMayBeAbsent) {
    const auto r = read_history("1\t:invoke\t:acquire\n1\t:ok\t:acquire\n", Format::jepsen_txt);
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_FALSE(r.events[0].has_value);
}

TEST(JepsenTxt, CutOffLastLineIsATruncatedFile) {
    const std::string text = "0\t:invoke\t:read\tnil\n0\t:ok\t:read\t[1 2";
    expect_input_error([&] { read_history(text, Format::jepsen_txt); }, 2, 17, "");
    ReadOptions options;
    options.allow_truncated = true;
    const auto r = read_history(text, options);
    EXPECT_EQ(r.format, Format::jepsen_txt);
    EXPECT_EQ(r.events.size(), 1u);
    EXPECT_TRUE(r.dropped_truncated);
}

// Cutting a history.txt into pieces (as the streaming reader does) is only allowed before op lines.
TEST(JepsenTxt, MayBeCutOnlyBeforeAnOpLine) {
    EXPECT_TRUE(formats::may_cut_before(Format::jepsen_txt, "3\t:ok\t:read\t1"));
    EXPECT_TRUE(formats::may_cut_before(Format::jepsen_txt, ":nemesis\t:info\t:start\tnil"));
    EXPECT_FALSE(formats::may_cut_before(Format::jepsen_txt, ""));
    EXPECT_FALSE(formats::may_cut_before(Format::jepsen_txt, "(or (= t :ok) (= t :fail))"));
    EXPECT_TRUE(formats::may_cut_before(Format::jsonl, "(or (= t :ok) (= t :fail))"));
}

}  // namespace
}  // namespace lincheck
