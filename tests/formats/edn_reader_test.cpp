#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "formats/expect_input_error.hpp"
#include "lincheck/formats/read.hpp"

namespace lincheck {
namespace {

using formats::Format;
using formats::ReadOptions;
using formats::read_history;
using testing::expect_input_error;

Value edn(std::string_view text) {
    return formats::read_value(text, Value::Notation::edn);
}

Value list(std::vector<Value> items) {
    return Value::list(std::move(items));
}

// ---- values ----

TEST(EdnValue, Scalars) {
    EXPECT_TRUE(edn("nil").is_nil());
    EXPECT_EQ(edn("true"), Value::boolean(true));
    EXPECT_EQ(edn("false"), Value::boolean(false));
    EXPECT_EQ(edn("0"), Value::integer(0));
    EXPECT_EQ(edn("-5"), Value::integer(-5));
    EXPECT_EQ(edn("+7"), Value::integer(7));
    EXPECT_EQ(edn("42N"), Value::integer(42));
    EXPECT_EQ(edn(":read"), Value::keyword("read"));
    EXPECT_EQ(edn(":a/b"), Value::keyword("a/b"));
    EXPECT_EQ(edn(":timed-out"), Value::keyword("timed-out"));
    EXPECT_EQ(edn("foo"), Value::symbol("foo"));
    EXPECT_EQ(edn("jepsen.history/op"), Value::symbol("jepsen.history/op"));
    EXPECT_EQ(edn("-"), Value::symbol("-"));
    EXPECT_EQ(edn("->x"), Value::symbol("->x"));
    EXPECT_EQ(edn("nil?"), Value::symbol("nil?"));
}

TEST(EdnValue, IntegersBeyondInt64AreBig) {
    EXPECT_EQ(edn("9223372036854775807"), Value::integer(std::numeric_limits<std::int64_t>::max()));
    EXPECT_EQ(edn("-9223372036854775808"), Value::integer(std::numeric_limits<std::int64_t>::min()));
    EXPECT_EQ(edn("9223372036854775808"), Value::big_integer("9223372036854775808"));
    EXPECT_EQ(edn("-9223372036854775809"), Value::big_integer("-9223372036854775809"));
    EXPECT_EQ(edn("123456789012345678901234567890N"), Value::big_integer("123456789012345678901234567890"));
    EXPECT_EQ(edn("+00012345678901234567890"), Value::big_integer("12345678901234567890"));
}

TEST(EdnValue, Floats) {
    EXPECT_EQ(edn("1.5"), Value::floating(1.5));
    EXPECT_EQ(edn("-2.5e3"), Value::floating(-2500));
    EXPECT_EQ(edn("1e2"), Value::floating(100));
    EXPECT_EQ(edn("+1.25E-2"), Value::floating(0.0125));
    EXPECT_EQ(edn("1.5M"), Value::floating(1.5));
    EXPECT_EQ(edn("3M"), Value::floating(3));
    EXPECT_EQ(edn("2."), Value::floating(2));
    EXPECT_EQ(edn("##Inf"), Value::floating(std::numeric_limits<double>::infinity()));
    EXPECT_EQ(edn("##-Inf"), Value::floating(-std::numeric_limits<double>::infinity()));
    EXPECT_TRUE(std::isnan(edn("##NaN").as_floating()));
}

TEST(EdnValue, StringsAndEscapes) {
    EXPECT_EQ(edn(R"("")"), Value::string(""));
    EXPECT_EQ(edn(R"("a\"b\\c\nd\te\rf\/")"), Value::string("a\"b\\c\nd\te\rf/"));
    EXPECT_EQ(edn(R"("\b\f")"), Value::string("\b\f"));
    EXPECT_EQ(edn(R"("caf\u00e9")"), Value::string("caf\xC3\xA9"));
    EXPECT_EQ(edn(R"("\u20AC")"), Value::string("\xE2\x82\xAC"));
    EXPECT_EQ(edn(R"("\ud83d\ude00")"), Value::string("\xF0\x9F\x98\x80"));
    EXPECT_EQ(edn("\"two\nlines\""), Value::string("two\nlines"));
    EXPECT_EQ(edn("\"Cut off [:n3 #[:n4 :n5 :n1], ...]\""), Value::string("Cut off [:n3 #[:n4 :n5 :n1], ...]"));
}

TEST(EdnValue, CharactersAreOneCharacterStrings) {
    EXPECT_EQ(edn("\\a"), Value::string("a"));
    EXPECT_EQ(edn("\\newline"), Value::string("\n"));
    EXPECT_EQ(edn("\\space"), Value::string(" "));
    EXPECT_EQ(edn("\\tab"), Value::string("\t"));
    EXPECT_EQ(edn("\\return"), Value::string("\r"));
    EXPECT_EQ(edn("\\u0041"), Value::string("A"));
    EXPECT_EQ(edn("\\("), Value::string("("));
    EXPECT_EQ(edn("\\\xC3\xA9"), Value::string("\xC3\xA9"));
    EXPECT_EQ(edn("[\\a \\b]"), list({Value::string("a"), Value::string("b")}));
    EXPECT_EQ(edn("[\\a]"), list({Value::string("a")}));
}

TEST(EdnValue, Collections) {
    EXPECT_EQ(edn("[1 2]"), list({Value::integer(1), Value::integer(2)}));
    EXPECT_EQ(edn("(1 2)"), edn("[1 2]"));
    EXPECT_EQ(edn("[]"), list({}));
    EXPECT_EQ(edn("[1,2,,3]"), list({Value::integer(1), Value::integer(2), Value::integer(3)}));
    EXPECT_EQ(edn("{:a 1, :b [2 nil]}"),
              Value::map({{Value::keyword("a"), Value::integer(1)},
                          {Value::keyword("b"), list({Value::integer(2), Value::nil()})}}));
    EXPECT_EQ(edn("{}"), Value::map({}));
    EXPECT_EQ(edn("#{1 2 1}"), Value::set({Value::integer(2), Value::integer(1)}));
    EXPECT_EQ(edn("#{}").kind(), Value::Kind::set);
    EXPECT_EQ(edn("[[:read :x nil] [:write :y 2]]").items()[1],
              list({Value::keyword("write"), Value::keyword("y"), Value::integer(2)}));
    EXPECT_EQ(edn("{[1 2] #{:a}}").size(), 1u);
}

TEST(EdnValue, CommentsAndDiscards) {
    EXPECT_EQ(edn("; a comment\n[1 ; another\n 2] ; trailing"), list({Value::integer(1), Value::integer(2)}));
    EXPECT_EQ(edn("[1 #_ 2 3]"), list({Value::integer(1), Value::integer(3)}));
    EXPECT_EQ(edn("[1 #_ #_ 2 3 4]"), list({Value::integer(1), Value::integer(4)}));
    EXPECT_EQ(edn("[1 #_[2 [3]]]"), list({Value::integer(1)}));
    EXPECT_EQ(edn("{:a #_ :b 1}"), Value::map({{Value::keyword("a"), Value::integer(1)}}));
    EXPECT_EQ(edn("#_ 0 5"), Value::integer(5));
}

TEST(EdnValue, TaggedLiteralsReadAsTheirValue) {
    EXPECT_EQ(edn("#inst \"2015-06-11T10:32:11.000-00:00\""), Value::string("2015-06-11T10:32:11.000-00:00"));
    EXPECT_EQ(edn("#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\""),
              Value::string("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
    EXPECT_EQ(edn("#jepsen.history.Op{:index 0}"), Value::map({{Value::keyword("index"), Value::integer(0)}}));
    EXPECT_EQ(edn("#my/tag [1]"), list({Value::integer(1)}));
    EXPECT_EQ(edn("#a #b 1"), Value::integer(1));
}

TEST(EdnValue, ReadValueJsonStaysTheDefault) {
    EXPECT_EQ(formats::read_value("[1, 2]"), list({Value::integer(1), Value::integer(2)}));
    EXPECT_THROW(formats::read_value("{:a 1}"), InputError);
    EXPECT_EQ(edn("{:x 0 :y 0}").size(), 2u);
}

struct BadEdn {
    const char* text;
    std::uint32_t line;
    std::uint32_t column;
    const char* words;
};

class EdnValueErrors : public ::testing::TestWithParam<BadEdn> {};

TEST_P(EdnValueErrors, ReportPositionAndReason) {
    const BadEdn& bad = GetParam();
    expect_input_error([&] { edn(bad.text); }, bad.line, bad.column, bad.words);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EdnValueErrors,
    ::testing::Values(
        BadEdn{"[1 2", 1, 5, "unexpected end of input: expected `]` to close vector opened at 1:1"},
        BadEdn{"(1 2", 1, 5, "expected `)` to close list opened at 1:1"},
        BadEdn{"#{1", 1, 4, "expected `}` to close set opened at 1:1"},
        BadEdn{"{:a 1", 1, 6, "expected `}` to close map opened at 1:1"},
        BadEdn{"{:a 1]", 1, 6, "expected `}` to close map opened at 1:1, found `]`"},
        BadEdn{"[1\n 2\n {:a 1\n ]", 4, 2, "expected `}` to close map opened at 3:2, found `]`"},
        BadEdn{"[1 2}", 1, 5, "expected `]` to close vector opened at 1:1, found `}`"},
        BadEdn{"{:a}", 1, 2, "has a key with no value: `:a`"},
        BadEdn{"\"abc", 1, 5, "unterminated string (opened at 1:1)"},
        BadEdn{"\"abc\\", 1, 6, "unterminated string"},
        BadEdn{"\"a\\qb\"", 1, 3, "unknown escape `\\q`"},
        BadEdn{"\"\\u12g4\"", 1, 2, "four hex digits"},
        BadEdn{"\"\\ud800\"", 1, 2, "low surrogate"},
        BadEdn{"\"\\udc00\"", 1, 2, "lone low surrogate"},
        BadEdn{"\\foo", 1, 1, "unknown character literal `\\foo`"},
        BadEdn{"\\ a", 1, 1, "needs a character"},
        BadEdn{"\\", 1, 2, "after `\\`"},
        BadEdn{":", 1, 1, "keyword needs a name"},
        BadEdn{"::a", 1, 1, "`::` keywords"},
        BadEdn{"12ab", 1, 1, "invalid number `12ab`"},
        BadEdn{"1.5e", 1, 1, "invalid number"},
        BadEdn{"1/2", 1, 1, "invalid number"},
        BadEdn{"0x1F", 1, 1, "invalid number"},
        BadEdn{"1e999", 1, 1, "out of range"},
        BadEdn{"[1 @x]", 1, 4, "unexpected `@`"},
        BadEdn{"#\"re\"", 1, 1, "unsupported `#\"`"},
        BadEdn{"##Foo", 1, 1, "unknown symbolic value `##Foo`"},
        BadEdn{"#", 1, 2, "after `#`"},
        BadEdn{"#inst", 1, 6, "expected a value"},
        BadEdn{"[1 #_]", 1, 6, "unexpected `]`"},
        BadEdn{")", 1, 1, "unexpected `)` with nothing open"},
        BadEdn{"[1] 2", 1, 5, "unexpected text after the value"},
        BadEdn{"", 1, 1, "expected a value"},
        BadEdn{"  ; only a comment", 1, 19, "expected a value"}),
    [](const ::testing::TestParamInfo<BadEdn>& info) { return "case" + std::to_string(info.index); });

TEST(EdnValue, DeepNestingIsAnErrorNotACrash) {
    for (const std::string opener : {"[", "(", "{", "#{", "#_ ", "#a ", "{:k "}) {
        std::string text;
        for (int i = 0; i < 100000; ++i) text += opener;
        try {
            edn(text);
            ADD_FAILURE() << "expected an error for nesting of " << opener;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find("nested deeper than 256 levels"), std::string::npos) << e.what();
        }
    }
    std::string fine;
    for (int i = 0; i < 200; ++i) fine += '[';
    for (int i = 0; i < 200; ++i) fine += ']';
    EXPECT_NO_THROW(edn(fine));
}

// ---- histories ----

constexpr const char* kKnossos = R"(; A comment before the history
; and another.
[{:process 4, :type :invoke, :f :write, :value 2}
 {:process 4, :type :ok, :f :write, :value 2}
 ; comments between ops
 {:process 22  :type :invoke, :f :read, :value nil}
 {:type :info,
  :f :start,
  :process :nemesis,
  :value "Cut off [:n3 #[:n4 :n5 :n1], ...]"}
 {:f :read :process 22 :type :ok :value 3 :time 17 :index 4 :error [:not-found "etcd: \"lease\""]}
 #_{:process 9, :type :invoke, :f :write, :value 0}
 {:process 1, :type :invoke, :f :acquire, :time 1.5}]
)";

TEST(EdnHistory, ReadsAKnossosVector) {
    const auto r = read_history(kKnossos);
    EXPECT_EQ(r.format, Format::edn);
    EXPECT_EQ(r.notation, Value::Notation::edn);
    EXPECT_EQ(r.keys, formats::KeyConvention::none);
    EXPECT_EQ(r.skipped_non_client, 1u);
    ASSERT_EQ(r.events.size(), 5u);

    const Event& write = r.events[0];
    EXPECT_EQ(write.process, 4);
    EXPECT_EQ(write.type, EventType::invoke);
    EXPECT_EQ(write.f, "write");
    EXPECT_EQ(write.value, Value::integer(2));
    EXPECT_TRUE(write.has_value);
    EXPECT_EQ(write.pos.line, 3u);
    EXPECT_EQ(write.pos.column, 2u);
    EXPECT_EQ(write.pos.event_index, 1u);

    const Event& read_invoke = r.events[2];
    EXPECT_TRUE(read_invoke.value.is_nil());
    EXPECT_TRUE(read_invoke.has_value);
    EXPECT_EQ(read_invoke.pos.line, 6u);

    const Event& read_ok = r.events[3];
    EXPECT_EQ(read_ok.type, EventType::ok);
    EXPECT_EQ(read_ok.value, Value::integer(3));
    EXPECT_EQ(read_ok.time, 17.0);
    EXPECT_EQ(read_ok.pos.line, 11u);
    EXPECT_EQ(read_ok.pos.event_index, 5u);  // the nemesis op counts as event 4

    const Event& acquire = r.events[4];
    EXPECT_EQ(acquire.f, "acquire");
    EXPECT_FALSE(acquire.has_value);
    EXPECT_EQ(acquire.time, 1.5);
    EXPECT_EQ(acquire.pos.line, 13u);
}

TEST(EdnHistory, ReadsATopLevelList) {
    const auto r = read_history("({:type :invoke, :f :write, :value 0, :process 0}\n"
                                " {:type :ok, :f :write, :value 0, :process 0}\n)");
    EXPECT_EQ(r.format, Format::edn);
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.events[1].pos.line, 2u);
}

TEST(EdnHistory, ReadsEdnLines) {
    const auto r = read_history(
        "{:process 0, :type :invoke, :f :append, :key \"0\", :value \"x 0 0 y\"}\n"
        "\n"
        "; a comment line\n"
        "{:process 0, :type :ok, :f :append, :key \"0\", :value \"x 0 0 y\"}   ; trailing comment\r\n"
        "#jepsen.history.Op{:index 2, :time 5, :type :invoke, :process 1, :f :get, :key \"0\", :value nil}\n"
        "{:process :nemesis, :type :info, :f :start}\n");
    EXPECT_EQ(r.format, Format::edn);
    EXPECT_EQ(r.keys, formats::KeyConvention::field);
    EXPECT_EQ(r.skipped_non_client, 1u);
    ASSERT_EQ(r.events.size(), 3u);
    EXPECT_EQ(r.events[0].value, Value::string("x 0 0 y"));
    EXPECT_EQ(*r.events[0].key, Value::string("0"));
    EXPECT_EQ(r.events[1].pos.line, 4u);
    EXPECT_EQ(r.events[1].pos.event_index, 2u);
    EXPECT_EQ(r.events[2].f, "get");
    EXPECT_EQ(r.events[2].time, 5.0);
    EXPECT_EQ(r.events[2].pos.line, 5u);
    EXPECT_EQ(r.events[2].pos.column, 1u);
}

TEST(EdnHistory, AcceptsNamesAsStringsAndTheWholeVocabulary) {
    const auto r = read_history(
        "{:process 0, :type \"invoke\", :f \"read\"}\n"
        "{:process 0, :type :crash, :f \":read\"}\n"
        "{:process 1, :type call, :f write, :value 1}\n"
        "{:process 1, :type :return, :f :write}\n"
        "{:process 2, :type :invoke, :f :write, :value 1}\n"
        "{:process 2, :type :pending, :f :write}\n"
        "{:process nil, :type :info, :f :log}\n");
    ASSERT_EQ(r.events.size(), 6u);
    EXPECT_EQ(r.events[0].f, "read");
    EXPECT_EQ(r.events[1].type, EventType::info);
    EXPECT_EQ(r.events[1].f, "read");
    EXPECT_EQ(r.events[2].type, EventType::invoke);
    EXPECT_EQ(r.events[3].type, EventType::ok);
    EXPECT_EQ(r.events[5].type, EventType::pending);
    EXPECT_EQ(r.skipped_non_client, 1u);
}

TEST(EdnHistory, EmptyHistories) {
    EXPECT_TRUE(read_history("[]").events.empty());
    EXPECT_TRUE(read_history("; nothing here\n[]\n; or here").events.empty());
    EXPECT_TRUE(read_history("; only comments\n", Format::edn).events.empty());
    EXPECT_TRUE(read_history("", Format::edn).events.empty());
    EXPECT_EQ(read_history("[{:process :nemesis, :type :info, :f :kill}]").skipped_non_client, 1u);
}

class EdnHistoryErrors : public ::testing::TestWithParam<BadEdn> {};

TEST_P(EdnHistoryErrors, ReportPositionAndReason) {
    const BadEdn& bad = GetParam();
    expect_input_error([&] { read_history(bad.text, Format::edn); }, bad.line, bad.column, bad.words);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EdnHistoryErrors,
    ::testing::Values(
        BadEdn{"[1]", 1, 2, "expected an op map such as {:process 0, :type :invoke, :f :read}, found 1"},
        BadEdn{"[{:type :ok, :f :read}]", 1, 2, "op has no `:process`"},
        BadEdn{"[{:process 1.5, :type :ok, :f :read}]", 1, 2, "`:process` must be an integer"},
        BadEdn{"[{:process 99999999999999999999, :type :ok, :f :read}]", 1, 2, "`:process` must be an integer"},
        BadEdn{"[\n {:process 0, :f :read}]", 2, 2, "op has no `:type`"},
        BadEdn{"[{:process 0, :type 3, :f :read}]", 1, 2, "op has no `:type`"},
        BadEdn{"[{:process 0, :type :done, :f :read}]", 1, 2, "unknown event type :done"},
        BadEdn{"[{:process 0, :type :ok}]", 1, 2, "op has no `:f`"},
        BadEdn{"[{:process 0, :type :ok, :f [1]}]", 1, 2, "op has no `:f`"},
        BadEdn{"[{:process 0, :type :ok, :f :read}}", 1, 35, "expected `]` to close the vector opened at 1:1, found `}`"},
        BadEdn{"[{:process 0, :type :ok, :f :read}] []", 1, 37, "unexpected text after the closing `]`"},
        BadEdn{"[{:process 0, :type :ok, :f :read, :value [1 2}]", 1, 47,
               "expected `]` to close vector opened at 1:43, found `}`"},
        BadEdn{"{:process 0, :type :invoke, :f :read}\n{:process 0, :type :ok,\n :f :read}\n", 2, 24,
               "unexpected end of line: expected `}` to close map opened at 2:1 (EDN Lines hold one event per line"},
        BadEdn{"{:process 0, :type :invoke, :f :read} {:process 0}\n", 1, 39, "EDN Lines hold one event per line"},
        BadEdn{"{:process 0, :type :invoke, :f :read}\n]\n", 2, 1, "unexpected `]` with nothing open"},
        BadEdn{"{:process 0, :type :invoke, :f :read, :value \"abc}\n{:process 1}\n", 1, 51,
               "unterminated string (opened at 1:46)"},
        BadEdn{"{:process 0 :type :invoke :f :read :value @x}\n", 1, 43, "unexpected `@`"}),
    [](const ::testing::TestParamInfo<BadEdn>& info) { return "case" + std::to_string(info.index); });

// ---- truncation ----

TEST(EdnHistory, CutOffLastOpInAVector) {
    const std::string text = "[{:process 0, :type :invoke, :f :write, :value 1}\n"
                             " {:process 0, :type :ok, :f :wri";
    expect_input_error([&] { read_history(text); }, 2, 33,
                       "the last event is cut off (truncated file?) — --allow-truncated accepts the history without it");
    ReadOptions options;
    options.allow_truncated = true;
    const auto r = read_history(text, options);
    EXPECT_EQ(r.events.size(), 1u);
    EXPECT_TRUE(r.dropped_truncated);
}

TEST(EdnHistory, VectorWithoutItsClosingBracket) {
    const std::string text = "[{:process 0, :type :invoke, :f :write, :value 1}\n"
                             " {:process 0, :type :ok, :f :write, :value 1}\n";
    expect_input_error([&] { read_history(text); }, 3, 1,
                       "expected `]` to close the vector opened at 1:1 (truncated file?) — --allow-truncated");
    ReadOptions options;
    options.allow_truncated = true;
    const auto r = read_history(text, options);
    EXPECT_EQ(r.events.size(), 2u);
    EXPECT_FALSE(r.dropped_truncated);
}

TEST(EdnHistory, CutOffLastLineOfEdnLines) {
    const std::string text = "{:process 0, :type :invoke, :f :write, :value 1}\n"
                             "{:process 0, :type :ok, :f :write, :value \"abc";
    expect_input_error([&] { read_history(text); }, 2, 47, "the last event is cut off (truncated file?)");
    ReadOptions options;
    options.allow_truncated = true;
    const auto r = read_history(text, options);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_TRUE(r.dropped_truncated);
}

TEST(EdnHistory, AllowTruncatedDropsOnlyTheLastEvent) {
    ReadOptions options;
    options.allow_truncated = true;
    // A cut-off line in the middle is not a truncated file.
    expect_input_error([&] { read_history("{:process 0, :type :invoke\n{:process 0, :type :ok, :f :read}\n", options); },
                       1, 27, "expected `}` to close map opened at 1:1");
    // Nor is a whole last line that is wrong for another reason.
    expect_input_error([&] { read_history("{:process 0, :type :invoke, :f :read}\n{:process 0, :type :ok}", options); },
                       2, 1, "op has no `:f`");
}

// ---- the same history in three notations ----

TEST(RoundTrip, JsonJsonLinesAndEdnReadToTheSameEvents) {
    const std::string json = R"([
  {"process": 0, "type": "invoke", "f": "write", "value": [1, "a", null, true, 2.5], "time": 1},
  {"process": 1, "type": "invoke", "f": "read", "value": null, "key": "k", "time": 2},
  {"process": 0, "type": "ok", "f": "write", "time": 3},
  {"process": 1, "type": "ok", "f": "read", "value": {"x": -3}, "key": "k", "time": 4},
  {"process": 2, "type": "invoke", "f": "cas", "value": [0, 1]},
  {"process": 2, "type": "info", "f": "cas", "value": "timed-out"},
  {"process": "nemesis", "type": "info", "f": "start"}
])";
    const std::string jsonl =
        R"({"process": 0, "type": "invoke", "f": "write", "value": [1, "a", null, true, 2.5], "time": 1}
{"process": 1, "type": "invoke", "f": "read", "value": null, "key": "k", "time": 2}
{"process": 0, "type": "ok", "f": "write", "time": 3}
{"process": 1, "type": "ok", "f": "read", "value": {"x": -3}, "key": "k", "time": 4}
{"process": 2, "type": "invoke", "f": "cas", "value": [0, 1]}
{"process": 2, "type": "info", "f": "cas", "value": "timed-out"}
{"process": "nemesis", "type": "info", "f": "start"}
)";
    const std::string edn_vector = R"(; the same, in EDN
[{:process 0, :type :invoke, :f :write, :value [1 "a" nil true 2.5], :time 1}
 {:process 1, :type :invoke, :f :read, :value nil, :key "k", :time 2}
 {:process 0, :type :ok, :f :write, :time 3}
 {:process 1, :type :ok, :f :read, :value {"x" -3}, :key "k", :time 4}
 {:process 2, :type :invoke, :f :cas, :value (0 1)}
 {:process 2, :type :info, :f :cas, :value "timed-out"}
 {:process :nemesis, :type :info, :f :start}])";
    std::string edn_lines = edn_vector.substr(edn_vector.find('[') + 1);
    edn_lines.erase(edn_lines.rfind(']'));

    const auto expected = read_history(json);
    EXPECT_EQ(expected.format, Format::json);
    ASSERT_EQ(expected.events.size(), 6u);
    for (const std::string& text : {jsonl, edn_vector, edn_lines}) {
        const auto r = read_history(text);
        EXPECT_NE(r.format, Format::json);
        EXPECT_EQ(r.skipped_non_client, 1u);
        EXPECT_EQ(r.keys, expected.keys);
        ASSERT_EQ(r.events.size(), expected.events.size()) << text;
        for (std::size_t i = 0; i < r.events.size(); ++i) {
            const Event& a = expected.events[i];
            const Event& b = r.events[i];
            SCOPED_TRACE("event " + std::to_string(i) + " of\n" + text);
            EXPECT_EQ(a.process, b.process);
            EXPECT_EQ(a.type, b.type);
            EXPECT_EQ(a.f, b.f);
            EXPECT_EQ(a.value, b.value) << a.value.to_string() << " vs " << b.value.to_string();
            EXPECT_EQ(a.has_value, b.has_value);
            EXPECT_EQ(a.key, b.key);
            EXPECT_EQ(a.time, b.time);
            EXPECT_EQ(a.pos.event_index, b.pos.event_index);
        }
    }
}

}  // namespace
}  // namespace lincheck
