// The one Value→JSON encoding (Value::to_string(Notation::json), value.hpp): what the JSON Lines writer
// saves, what the JSON readers give back, and that the JSON report writes the same shapes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/session.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/formats/write_jsonl.hpp"
#include "lincheck/history.hpp"
#include "lincheck/value.hpp"

namespace lincheck {
namespace {

Value str(const char* s) { return Value::string(s); }
Value kw(const char* s) { return Value::keyword(s); }
Value num(std::int64_t i) { return Value::integer(i); }

// The value of a one-event JSON Lines history whose value is `v`, as the reader gives it back.
Value read_back(const Value& v) {
    Event e;
    e.f = "write";
    e.value = v;
    e.has_value = true;
    const auto read = formats::read_history(formats::to_jsonl({e}));
    EXPECT_EQ(read.events.size(), 1u);
    return read.events.empty() ? Value::nil() : read.events[0].value;
}

TEST(ValueJson, MapsWithStringOrKeywordKeysAreObjects) {
    EXPECT_EQ(Value::map({{str("a"), num(1)}, {str("b"), num(2)}}).to_string(), R"({"a": 1, "b": 2})");
    // A keyword key is its name, like a keyword value (it used to be quoted twice: {"\"a\"": 1}).
    EXPECT_EQ(Value::map({{kw("a"), num(1)}}).to_string(), R"({"a": 1})");
    EXPECT_EQ(Value::map({{kw("a"), num(1)}}).to_string(Value::Notation::edn), "{:a 1}");
}

TEST(ValueJson, MapsWithOtherKeysArePairs) {
    // The keys keep their kinds: 1 is not "1".
    EXPECT_EQ(Value::map({{num(1), str("x")}, {num(2), Value::nil()}}).to_string(), R"([[1, "x"], [2, null]])");
    EXPECT_EQ(Value::map({{Value::list({num(1), num(2)}), num(3)}}).to_string(), "[[[1, 2], 3]]");
    // "a" and :a are two keys; as an object they would merge into one.
    const Value both = Value::map({{str("a"), num(1)}, {kw("a"), num(2)}});
    EXPECT_FALSE(both.is_json_object());
    EXPECT_EQ(both.to_string().substr(0, 2), "[[");
    EXPECT_EQ(Value::map({{num(1), num(2)}}).to_string(Value::Notation::edn), "{1 2}");
    EXPECT_TRUE(Value::map({}).is_json_object());
    EXPECT_FALSE(Value::list({}).is_json_object());
}

TEST(ValueJson, NestedValues) {
    const Value v = Value::list({Value::map({{str("k"), Value::map({{num(7), Value::set({num(2), num(1)})}})}}),
                                 kw("ok"), Value::symbol("s"), Value::boolean(false), Value::floating(0.5)});
    EXPECT_EQ(v.to_string(), R"([{"k": [[7, [1, 2]]]}, "ok", "s", false, 0.5])");
}

TEST(ValueJson, ReadsBackWhereJsonCanSayIt) {
    // What JSON can say comes back the same.
    for (const Value& v : {Value::map({{str("a"), Value::list({num(1), Value::nil()})}}), Value::list({str("x\"\n\\y")}),
                           Value::map({{str("é"), Value::map({{str(""), num(-3)}})}}), num(0), str("")}) {
        EXPECT_EQ(read_back(v), v) << v.to_string();
    }
    // The rest comes back as the JSON written: keywords as strings, sets as lists, other maps as pairs.
    EXPECT_EQ(read_back(Value::map({{kw("a"), kw("b")}})), Value::map({{str("a"), str("b")}}));
    EXPECT_EQ(read_back(Value::map({{num(1), num(2)}})), Value::list({Value::list({num(1), num(2)})}));
    // (Three elements: a two-element list would be read as a Jepsen [key value] tuple.)
    EXPECT_EQ(read_back(Value::set({num(3), num(2), num(1)})), Value::list({num(1), num(2), num(3)}));
}

TEST(ValueJson, TextThatIsNotUtf8IsRefusedByTheReaderNotGuessed) {
    // JSON text is UTF-8: a string that is not is written as its bytes, and the reader refuses the line
    // with a clear error (exit 3 in the CLI) rather than reading other text into it.
    Event e;
    e.f = "write";
    e.value = str("a\xff");
    e.has_value = true;
    const std::string text = formats::to_jsonl({e});
    EXPECT_NE(text.find("a\xff"), std::string::npos);
    EXPECT_THROW(formats::read_history(text), InputError);
}

TEST(ValueJson, TheJsonReportWritesTheSameShapes) {
    for (const Value& v :
         {Value::map({{num(1), str("x")}}), Value::map({{kw("a"), Value::set({num(1)})}}),
          Value::map({{str("a"), num(1)}, {kw("a"), num(2)}}), Value::list({Value::map({}), kw("k"), Value::nil()}),
          Value::map({{str("k"), Value::map({{Value::list({num(1)}), Value::boolean(true)}})}})}) {
        EXPECT_EQ(nlohmann::json::parse(cli::value_json_text(v)), nlohmann::json::parse(v.to_string())) << v.to_string();
    }
}

}  // namespace
}  // namespace lincheck
