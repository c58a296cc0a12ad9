#include "lincheck/value.hpp"

#include <gtest/gtest.h>

namespace lincheck {
namespace {

TEST(Value, NilIsNotZeroEmptyOrFalse) {
    EXPECT_NE(Value::nil(), Value::integer(0));
    EXPECT_NE(Value::nil(), Value::string(""));
    EXPECT_NE(Value::nil(), Value::boolean(false));
    EXPECT_NE(Value::nil(), Value::list({}));
    EXPECT_NE(Value::integer(0), Value::boolean(false));
    EXPECT_NE(Value::integer(0), Value::floating(0.0));
    EXPECT_EQ(Value(), Value::nil());
}

TEST(Value, StringsAndKeywordsDiffer) {
    EXPECT_NE(Value::string("read"), Value::keyword("read"));
    EXPECT_EQ(Value::keyword("read"), Value::keyword("read"));
}

TEST(Value, SetsAreCanonical) {
    const Value a = Value::set({Value::integer(3), Value::integer(1), Value::integer(3)});
    const Value b = Value::set({Value::integer(1), Value::integer(3)});
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.hash(), b.hash());
    EXPECT_EQ(a.size(), 2u);
}

TEST(Value, MapsAreCanonicalAndSearchable) {
    const Value a = Value::map({{Value::keyword("y"), Value::integer(2)}, {Value::keyword("x"), Value::integer(1)}});
    const Value b = Value::map({{Value::keyword("x"), Value::integer(1)}, {Value::keyword("y"), Value::integer(2)}});
    EXPECT_EQ(a, b);
    ASSERT_NE(a.find(Value::keyword("y")), nullptr);
    EXPECT_EQ(*a.find(Value::keyword("y")), Value::integer(2));
    EXPECT_EQ(a.find(Value::keyword("z")), nullptr);
}

TEST(Value, PrintsInBothNotations) {
    const Value v = Value::list({Value::nil(), Value::integer(-4), Value::string("a\"b"), Value::keyword("k")});
    EXPECT_EQ(v.to_string(Value::Notation::json), R"([null, -4, "a\"b", "k"])");
    EXPECT_EQ(v.to_string(Value::Notation::edn), R"([nil -4 "a\"b" :k])");
    EXPECT_EQ(Value::set({Value::integer(1)}).to_string(Value::Notation::edn), "#{1}");
    EXPECT_EQ(Value::floating(2).to_string(), "2.0");
}

TEST(Value, BigIntegersCompareByMagnitude) {
    EXPECT_LT(Value::big_integer("99999999999999999999"), Value::big_integer("100000000000000000000"));
    EXPECT_EQ(Value::big_integer("100000000000000000000"), Value::big_integer("100000000000000000000"));
}

}  // namespace
}  // namespace lincheck
