#include <gtest/gtest.h>

#include "formats/expect_input_error.hpp"
#include "lincheck/formats/read.hpp"

namespace lincheck {
namespace {

using formats::KeyConvention;
using formats::ReadOptions;
using formats::read_history;
using testing::expect_input_error;

formats::ReadResult read(std::string_view text, KeyConvention keys = KeyConvention::detect) {
    ReadOptions options;
    options.independent = keys;
    return read_history(text, options);
}

Value pair(Value a, Value b) {
    return Value::list({std::move(a), std::move(b)});
}

// Jepsen's `independent`: every value is [key value]; a timed-out completion carries a bare keyword.
constexpr const char* kTuples = R"([
 {:process 0, :type :invoke, :f :write, :value [1 3]}
 {:process 1, :type :invoke, :f :read, :value [2 nil]}
 {:process 0, :type :ok, :f :write, :value [1 3]}
 {:process 1, :type :ok, :f :read, :value [2 0]}
 {:process 2, :type :invoke, :f :cas, :value [1 [3 4]]}
 {:process 2, :type :info, :f :cas, :value :timed-out}
 {:process 3, :type :invoke, :f :read, :value [2 nil]}
 {:process 3, :type :fail, :f :read, :value :timed-out}
])";

TEST(KeyConvention, DetectsJepsenIndependentTuples) {
    const auto r = read(kTuples);
    EXPECT_EQ(r.keys, KeyConvention::tuples);
    ASSERT_EQ(r.events.size(), 8u);
    EXPECT_EQ(*r.events[0].key, Value::integer(1));
    EXPECT_EQ(r.events[0].value, Value::integer(3));
    EXPECT_EQ(*r.events[1].key, Value::integer(2));
    EXPECT_TRUE(r.events[1].value.is_nil());
    EXPECT_TRUE(r.events[1].has_value);
    EXPECT_EQ(r.events[3].value, Value::integer(0));
    EXPECT_EQ(*r.events[4].key, Value::integer(1));
    EXPECT_EQ(r.events[4].value, pair(Value::integer(3), Value::integer(4)));
    EXPECT_FALSE(r.events[5].key);  // :timed-out is allowed and stays whole
    EXPECT_EQ(r.events[5].value, Value::keyword("timed-out"));
    EXPECT_EQ(*r.events[6].key, Value::integer(2));
    EXPECT_FALSE(r.events[7].key);
    EXPECT_TRUE(r.warnings.empty());
}

// Values that are pairs are not keys unless every invoke names one, reads included ([k nil]): a FIFO
// queue of [producer seq] items, split by producer, would pass a reordering (issue 15).
TEST(KeyConvention, PairsAreNotKeysWhenReadsNameNone) {
    const char* queue = R"({"process": 0, "type": "invoke", "f": "enqueue", "value": [1, 0]}
{"process": 0, "type": "ok", "f": "enqueue", "value": [1, 0]}
{"process": 1, "type": "invoke", "f": "enqueue", "value": [2, 0]}
{"process": 1, "type": "ok", "f": "enqueue", "value": [2, 0]}
{"process": 2, "type": "invoke", "f": "dequeue", "value": null}
{"process": 2, "type": "ok", "f": "dequeue", "value": [2, 0]}
)";
    auto r = read(queue);
    EXPECT_EQ(r.keys, KeyConvention::none);
    EXPECT_FALSE(r.events[0].key);
    EXPECT_EQ(r.events[5].value, pair(Value::integer(2), Value::integer(0)));
    EXPECT_TRUE(r.warnings.empty());
    // A read invoked without any value names no key either.
    r = read("[{:process 0, :type :invoke, :f :write, :value [1 2]} {:process 0, :type :ok, :f :write, :value [1 2]}\n"
             " {:process 1, :type :invoke, :f :read} {:process 1, :type :ok, :f :read, :value [1 2]}]");
    EXPECT_EQ(r.keys, KeyConvention::none);
    // Forcing tuples still splits them.
    EXPECT_EQ(read(queue, KeyConvention::tuples).keys, KeyConvention::tuples);
}

// Keyed reads, but an invoke without a value: not unmistakable, so one object and a warning naming it.
TEST(KeyConvention, AnInvokeWithoutATupleAmongTuplesIsAmbiguous) {
    const auto r = read("[{:process 0, :type :invoke, :f :write, :value [1 2]} {:process 0, :type :ok, :f :write, :value [1 2]}\n"
                        " {:process 1, :type :invoke, :f :read, :value [1 nil]} {:process 1, :type :ok, :f :read, :value [1 2]}\n"
                        " {:process 2, :type :invoke, :f :read} {:process 2, :type :ok, :f :read}]");
    EXPECT_EQ(r.keys, KeyConvention::none);
    EXPECT_FALSE(r.events[0].key);
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("the invoke of `read` at line 3, column 2 carries none"), std::string::npos) << r.warnings[0];
}

// Pairs on every invoke, but no [k nil] read: could be either, so one object and a warning.
TEST(KeyConvention, PairsEverywhereWithoutAKeyedReadAreAmbiguous) {
    const auto r = read("[{:process 0, :type :invoke, :f :write, :value [1 2]} {:process 0, :type :ok, :f :write, :value [1 2]}\n"
                        " {:process 1, :type :invoke, :f :write, :value [2 5]} {:process 1, :type :ok, :f :write, :value [2 5]}]");
    EXPECT_EQ(r.keys, KeyConvention::none);
    EXPECT_FALSE(r.events[0].key);
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("--independent tuples"), std::string::npos) << r.warnings[0];
}

TEST(KeyConvention, PlainCasPairsAreNotTuples) {
    const char* text = R"([{:process 0, :type :invoke, :f :cas, :value [1 2]}
 {:process 0, :type :ok, :f :cas, :value [1 2]}
 {:process 1, :type :invoke, :f :cas, :value [2 3]}
 {:process 1, :type :fail, :f :cas, :value [2 3]}])";
    const auto r = read(text);
    EXPECT_EQ(r.keys, KeyConvention::none);
    EXPECT_FALSE(r.events[0].key);
    EXPECT_EQ(r.events[0].value, pair(Value::integer(1), Value::integer(2)));

    // Forcing tuples reads [1 2] as key 1, value 2.
    const auto forced = read(text, KeyConvention::tuples);
    EXPECT_EQ(forced.keys, KeyConvention::tuples);
    EXPECT_EQ(*forced.events[0].key, Value::integer(1));
    EXPECT_EQ(forced.events[0].value, Value::integer(2));
}

TEST(KeyConvention, NotTuplesUnlessEveryValueIsAPairWithAScalarKey) {
    // One ok read returns a plain number.
    auto r = read("[{:process 0, :type :invoke, :f :write, :value [1 3]}\n"
                  " {:process 0, :type :ok, :f :write, :value [1 3]}\n"
                  " {:process 1, :type :invoke, :f :read, :value nil}\n"
                  " {:process 1, :type :ok, :f :read, :value 3}]");
    EXPECT_EQ(r.keys, KeyConvention::none);
    EXPECT_EQ(r.events[0].value, pair(Value::integer(1), Value::integer(3)));
    // Two-operation transactions: the first element is a list, not a key.
    r = read("[{:process 0, :type :invoke, :f :txn, :value [[:read :x nil] [:read :y nil]]}\n"
             " {:process 0, :type :ok, :f :txn, :value [[:read :x 0] [:read :y 0]]}]");
    EXPECT_EQ(r.keys, KeyConvention::none);
    // Nothing but nil values.
    r = read("[{:process 0, :type :invoke, :f :read, :value nil} {:process 0, :type :ok, :f :read, :value nil}]");
    EXPECT_EQ(r.keys, KeyConvention::none);
    // nil is not a key.
    r = read("[{:process 0, :type :invoke, :f :write, :value [nil 3]}]");
    EXPECT_EQ(r.keys, KeyConvention::none);
}

TEST(KeyConvention, AKeyFieldWins) {
    const auto r = read(R"({"process": 0, "type": "invoke", "f": "write", "key": "a", "value": [1, 2]})");
    EXPECT_EQ(r.keys, KeyConvention::field);
    EXPECT_EQ(*r.events[0].key, Value::string("a"));
    EXPECT_EQ(r.events[0].value, pair(Value::integer(1), Value::integer(2)));
    EXPECT_EQ(read(R"({"process": 0, "type": "invoke", "f": "write", "key": "a", "value": 1})", KeyConvention::field)
                  .keys,
              KeyConvention::field);
}

TEST(KeyConvention, FieldNeverSplitsTuples) {
    const auto r = read(kTuples, KeyConvention::field);
    EXPECT_EQ(r.keys, KeyConvention::none);  // asked for fields, and there are none
    EXPECT_FALSE(r.events[0].key);
    EXPECT_EQ(r.events[0].value, pair(Value::integer(1), Value::integer(3)));
}

// `none` splits nothing, but a `key` field stays on its event: for kv it is part of the operation
// (the CLI drops it for models that see one object).
TEST(KeyConvention, NoneKeepsValuesWholeAndKeyFields) {
    auto r = read(kTuples, KeyConvention::none);
    EXPECT_EQ(r.keys, KeyConvention::none);
    EXPECT_EQ(r.events[0].value, pair(Value::integer(1), Value::integer(3)));
    EXPECT_FALSE(r.events[0].key);
    r = read(R"({"process": 0, "type": "invoke", "f": "put", "key": "a", "value": "x"})", KeyConvention::none);
    EXPECT_EQ(r.keys, KeyConvention::none);
    EXPECT_EQ(r.events[0].key, Value::string("a"));
}

TEST(KeyConvention, ForcedTuplesErrors) {
    expect_input_error(
        [] {
            read("[{:process 0, :type :invoke, :f :write, :value [1 3]}\n"
                 " {:process 0, :type :ok, :f :write, :value 3}]",
                 KeyConvention::tuples);
        },
        2, 2, "with --independent tuples every value must be a [key value] pair; this ok of `write` has 3");
    expect_input_error(
        [] { read(R"({"process": 0, "type": "invoke", "f": "write", "key": "a", "value": [1, 2]})", KeyConvention::tuples); },
        1, 1, "also has a `key` field");
}

}  // namespace
}  // namespace lincheck
