// lincheck::Recorder: recording semantics, misuse, the JSON Lines it saves. Its fast search against
// check_history on random histories of every model: recorder_differential_test.cpp.
#include "lincheck/recorder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lincheck/formats/read.hpp"
#include "lincheck/formats/write_jsonl.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"

namespace lincheck {
namespace {

std::vector<std::string> codes(const RecorderReport& report) {
    std::vector<std::string> out;
    for (const Hint& h : report.hints()) out.push_back(h.code);
    return out;
}

using Codes = std::vector<std::string>;

TEST(Recorder, IntegersStaleReadIsExplained) {
    Recorder rec;
    const OpId w1 = rec.invoke(0, "write", 1);
    rec.ok(w1);
    const OpId w2 = rec.invoke(0, "write", 2);
    rec.ok(w2);
    const OpId r = rec.invoke(1, "read");
    rec.ok(r, 1);
    for (const bool fast : {true, false}) {
        RecorderCheckOptions options;
        options.fast = fast;
        const RecorderReport report = rec.check("register", {}, options);
        EXPECT_EQ(report.verdict, Verdict::not_linearizable);
        EXPECT_FALSE(report.fast);
        ASSERT_NE(report.failure(), nullptr);
        EXPECT_EQ(codes(report), Codes{"stale-read"});
        EXPECT_NE(report.text.find("read → 1 by process 1 (event 5 to event 6) cannot be linearized"), std::string::npos)
            << report.text;
        EXPECT_NE(report.text.find("Hint (stale-read)"), std::string::npos) << report.text;
    }
    RecorderCheckOptions quiet;
    quiet.explain = false;
    const RecorderReport bare = rec.check("register", {}, quiet);
    EXPECT_EQ(bare.verdict, Verdict::not_linearizable);
    EXPECT_FALSE(bare.explanation);
    EXPECT_TRUE(bare.text.empty());
}

// A key whose completed operations come before an indeterminate one (a crashed write that a later
// read saw): the first try takes the completed ones in one pass and the rest from there on, and
// settles the key, from one check to the next with what it learned kept.
TEST(Recorder, CrashedWriteAfterCompletedOpsIsSettledByTheFastSearch) {
    Recorder rec;
    for (int round = 0; round < 2; ++round) {
        rec.reset();
        rec.ok(rec.invoke(0, "write", 1, 3));
        rec.ok(rec.invoke(0, "read", 1, {}), 3);
        rec.ok(rec.invoke(1, "write", 2, 5));
        rec.info(rec.invoke(1, "write", 1, 4));  // crashed, and took effect
        rec.ok(rec.invoke(2, "read", 2, {}), 5);
        rec.ok(rec.invoke(3, "read", 1, {}), 4);
        const RecorderReport report = rec.check("register");
        EXPECT_TRUE(report.linearizable()) << round;
        EXPECT_TRUE(report.fast) << round;
        rec.ok(rec.invoke(3, "read", 1, {}), 3);  // the crashed write cannot be undone
        EXPECT_EQ(rec.check("register").verdict, Verdict::not_linearizable) << round;
    }
}

TEST(Recorder, LinearizableHistoryIsSettledByTheFastSearch) {
    Recorder rec;
    const OpId w = rec.invoke(0, "write", 0);
    const OpId r = rec.invoke(1, "read");
    rec.ok(r, 0);  // concurrent with the write: fine
    rec.ok(w);
    const RecorderReport report = rec.check("register");
    EXPECT_TRUE(report.linearizable());
    EXPECT_TRUE(report.fast);
    EXPECT_TRUE(report.history.partitions.empty());
    RecorderCheckOptions slow;
    slow.fast = false;
    const RecorderReport general = rec.check("register", {}, slow);
    EXPECT_TRUE(general.linearizable());
    EXPECT_FALSE(general.fast);
    ASSERT_EQ(general.history.partitions.size(), 1u);
    EXPECT_EQ(general.history.partitions[0].ops.size(), 2u);
}

TEST(Recorder, ZeroIsAValueAndNilIsNot) {
    Recorder rec;
    rec.ok(rec.invoke(0, "write", 0));
    rec.ok(rec.invoke(1, "read"), 0);
    EXPECT_TRUE(rec.check("register").linearizable());
    rec.ok(rec.invoke(1, "read"), std::nullopt);  // "never written", after a write of 0
    const RecorderReport report = rec.check("register");
    EXPECT_EQ(report.verdict, Verdict::not_linearizable);
    EXPECT_EQ(codes(report), Codes{"zero-as-nil"});
    EXPECT_NE(report.text.find("0 is a value, not the absence of one"), std::string::npos) << report.text;
}

TEST(Recorder, FailIsDroppedInfoAndPendingAreIndeterminate) {
    {  // a failed write whose value is read
        Recorder rec;
        rec.ok(rec.invoke(0, "write", 1));
        rec.fail(rec.invoke(0, "write", 4));
        rec.ok(rec.invoke(1, "read"), 4);
        const RecorderReport report = rec.check("register");
        EXPECT_EQ(report.verdict, Verdict::not_linearizable);
        EXPECT_EQ(codes(report), Codes{"failed-write-observed"});
    }
    {  // a timed-out write, read later: it took effect after its info
        Recorder rec;
        rec.info(rec.invoke(0, "write", 4));
        rec.ok(rec.invoke(1, "read"), std::nullopt);
        rec.ok(rec.invoke(1, "read"), 4);
        EXPECT_TRUE(rec.check("register").linearizable());
        rec.ok(rec.invoke(0, "read"), 4);  // the crashed process continues: a new operation
        EXPECT_TRUE(rec.check("register").linearizable());
    }
    {  // still in flight when the history ends: pending
        Recorder rec;
        const OpId w = rec.invoke(0, "write", 7);
        rec.ok(rec.invoke(1, "read"), 7);
        EXPECT_TRUE(rec.is_open(w));
        EXPECT_TRUE(rec.check("register").linearizable());
        const auto ops = rec.operations();
        ASSERT_EQ(ops.size(), 2u);
        EXPECT_EQ(ops[0].outcome, Outcome::pending);
        EXPECT_EQ(ops[0].ret, kNever);
    }
}

TEST(Recorder, MisuseThrowsAtTheCall) {
    Recorder rec;
    const OpId a = rec.invoke(0, "write", 1);
    EXPECT_THROW(rec.invoke(0, "read"), std::logic_error);  // process 0 is busy
    rec.ok(a);
    EXPECT_THROW(rec.ok(a), std::logic_error);    // twice
    EXPECT_THROW(rec.fail(a), std::logic_error);  // twice
    EXPECT_THROW(rec.info(99), std::logic_error);  // unknown
    EXPECT_THROW(rec.invoke(1, "read", 3, std::nullopt), std::logic_error);  // a key in an unkeyed history
    EXPECT_THROW(rec.invoke(1, static_cast<FunctionId>(42)), std::logic_error);
    const OpId b = rec.invoke(5000000000LL, "read");  // any process id
    rec.info(b);
    EXPECT_NO_THROW(rec.ok(rec.invoke(5000000000LL, "read"), 1));  // after info the process may go on
    rec.reset();
    EXPECT_NO_THROW(rec.invoke(1, "read", 3, std::nullopt));  // a new history may be keyed
}

TEST(Recorder, OperationsCarryEventIndices) {
    Recorder rec;
    const FunctionId cas = rec.function("cas");
    const OpId c = rec.invoke(2, cas, 9, Datum::pair(1, 2));  // event 1
    const OpId r = rec.invoke(3, "read", 9, {});             // event 2
    rec.ok(r, 1);                                              // event 3
    rec.fail(c);                                               // event 4
    std::vector<Operation> failed;
    const auto ops = rec.operations(&failed);
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0].f, "read");
    EXPECT_EQ(ops[0].process, 3);
    EXPECT_EQ(ops[0].value, Value::integer(1));
    EXPECT_EQ(ops[0].key, Value::integer(9));
    EXPECT_EQ(ops[0].invoke_pos.event_index, 2u);
    EXPECT_EQ(ops[0].complete_pos.event_index, 3u);
    EXPECT_LT(ops[0].call, ops[0].ret);
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(failed[0].value, Value::list({Value::integer(1), Value::integer(2)}));
    EXPECT_EQ(failed[0].outcome, Outcome::failed);
    EXPECT_EQ(rec.events(), 4u);
    EXPECT_EQ(rec.size(), 2u);
    EXPECT_EQ(rec.function_name(cas), "cas");
}

TEST(Recorder, SavesJsonLinesTheCliReads) {
    Recorder rec;
    const OpId w = rec.invoke(0, "write", 1, 5);
    const OpId r = rec.invoke(1, "read", 1, std::nullopt);
    rec.ok(w);
    rec.ok(r, std::nullopt);
    const OpId c = rec.invoke(0, "cas", 2, Datum::pair(5, 6));
    rec.info(c);
    rec.invoke(2, "write", Value::string("k"), Value::string("a\"b"));
    const std::string expected =
        "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"key\": 1, \"value\": 5}\n"
        "{\"process\": 1, \"type\": \"invoke\", \"f\": \"read\", \"key\": 1, \"value\": null}\n"
        "{\"process\": 0, \"type\": \"ok\", \"f\": \"write\", \"key\": 1, \"value\": 5}\n"
        "{\"process\": 1, \"type\": \"ok\", \"f\": \"read\", \"key\": 1, \"value\": null}\n"
        "{\"process\": 0, \"type\": \"invoke\", \"f\": \"cas\", \"key\": 2, \"value\": [5, 6]}\n"
        "{\"process\": 0, \"type\": \"info\", \"f\": \"cas\", \"key\": 2, \"value\": [5, 6]}\n"
        "{\"process\": 2, \"type\": \"invoke\", \"f\": \"write\", \"key\": \"k\", \"value\": \"a\\\"b\"}\n";
    EXPECT_EQ(formats::to_jsonl(rec.to_events()), expected);
    std::ostringstream out;
    formats::write_jsonl(rec.to_events(), out);
    EXPECT_EQ(out.str(), expected);

    const auto path = std::filesystem::temp_directory_path() / "lincheck-recorder-test.jsonl";
    formats::save_jsonl(rec.to_events(), path.string());
    std::ifstream file(path);
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::filesystem::remove(path);
    EXPECT_EQ(text, expected);
    const auto read = formats::read_history(text);
    EXPECT_EQ(read.format, formats::Format::jsonl);
    const auto ops = pair_events(read.events);
    const auto mine = rec.operations();
    ASSERT_EQ(ops.size(), mine.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        EXPECT_EQ(ops[i].f, mine[i].f);
        EXPECT_EQ(ops[i].value, mine[i].value);
        EXPECT_EQ(ops[i].key, mine[i].key);
        EXPECT_EQ(ops[i].outcome, mine[i].outcome);
        EXPECT_EQ(ops[i].invoke_pos.line, mine[i].invoke_pos.event_index);  // event N is line N
    }
    EXPECT_THROW(formats::save_jsonl(rec.to_events(), "/nonexistent-directory/h.jsonl"), std::runtime_error);
}

TEST(Recorder, KeysAreIndependentAndTheSmallestFailingKeyIsReported) {
    Recorder rec;
    for (int k = 0; k < 4; ++k) rec.ok(rec.invoke(0, "write", k, 10 + k));
    rec.ok(rec.invoke(1, "read", 3, std::nullopt), 13);
    rec.ok(rec.invoke(1, "read", 2, std::nullopt), 13);  // key 2 holds 12
    const RecorderReport report = rec.check("cas-register");
    EXPECT_EQ(report.verdict, Verdict::not_linearizable);
    ASSERT_NE(report.failure(), nullptr);
    EXPECT_EQ(report.failure()->key, Value::integer(2));
    EXPECT_EQ(codes(report), Codes{"never-written"});
    EXPECT_EQ(report.text.rfind("Key 2: read → 13", 0), 0u) << report.text;
}

TEST(Recorder, OtherValuesAndModels) {
    Recorder rec;
    rec.ok(rec.invoke(0, "put", Value::string("x"), Value::string("a")));
    rec.ok(rec.invoke(0, "append", Value::string("x"), Value::string("b")));
    rec.ok(rec.invoke(1, "get", Value::string("x"), {}), Value::string("ab"));
    EXPECT_TRUE(rec.check("kv").linearizable());
    rec.ok(rec.invoke(1, "get", Value::string("x"), {}), Value::string("a"));
    EXPECT_EQ(rec.check("kv").verdict, Verdict::not_linearizable);

    Recorder counter;
    counter.ok(counter.invoke(0, "add", 2));
    counter.ok(counter.invoke(1, "add", -1));
    counter.ok(counter.invoke(1, "read"), 1);
    EXPECT_TRUE(counter.check("counter").linearizable());
    EXPECT_TRUE(counter.check("counter").fast);
    EXPECT_EQ(counter.check("counter", ModelOptions{Value::integer(5), false}).verdict, Verdict::not_linearizable);
    EXPECT_TRUE(counter.check("counter", ModelOptions{Value::integer(0), false}).linearizable());
}

TEST(Recorder, ModelsByNameSharedOrReference) {
    Recorder rec;
    rec.ok(rec.invoke(0, "write", 3));
    rec.ok(rec.invoke(1, "read"), 3);
    EXPECT_THROW(rec.check("no-such-model"), std::invalid_argument);
    EXPECT_THROW(rec.check(std::shared_ptr<const Model>()), std::invalid_argument);
    const std::shared_ptr<const Model> shared = make_model("cas-register");
    const auto owned = make_model("register", ModelOptions{Value::integer(3), false});
    for (int round = 0; round < 3; ++round) {  // switching models must never reuse a memo wrongly
        EXPECT_TRUE(rec.check(shared).linearizable());
        EXPECT_TRUE(rec.check(*owned).linearizable());
        EXPECT_TRUE(rec.check("register").linearizable());
    }
    rec.ok(rec.invoke(1, "read"), std::nullopt);
    EXPECT_EQ(rec.check(shared).verdict, Verdict::not_linearizable);
    EXPECT_EQ(rec.check("register").verdict, Verdict::not_linearizable);
    // An operation the model does not know: the same InputError either way.
    rec.ok(rec.invoke(2, "cas", Datum::pair(3, 4)));
    for (const bool fast : {true, false}) {
        RecorderCheckOptions options;
        options.fast = fast;
        try {
            rec.check("register", {}, options);
            ADD_FAILURE() << "expected an InputError";
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find("`cas`"), std::string::npos) << e.what();
            EXPECT_EQ(e.pos().event_index, 7u);
        }
    }
}

TEST(Recorder, ResetKeepsFunctionIdsAndTheMemoStaysRight) {
    Recorder rec;
    const FunctionId read = rec.function("read"), write = rec.function("write");
    for (int run = 0; run < 200; ++run) {
        rec.reset();
        EXPECT_EQ(rec.size(), 0u);
        const bool bad = run % 3 == 0;
        rec.ok(rec.invoke(0, write, run % 5, run % 7));
        rec.ok(rec.invoke(1, read, run % 5, std::nullopt), bad ? (run % 7) + 1 : run % 7);
        EXPECT_EQ(rec.check("cas-register").verdict, bad ? Verdict::not_linearizable : Verdict::linearizable) << run;
    }
    EXPECT_EQ(rec.function("read"), read);
    Recorder copy = rec;
    EXPECT_EQ(formats::to_jsonl(copy.to_events()), formats::to_jsonl(rec.to_events()));
    EXPECT_EQ(copy.check("cas-register").verdict, rec.check("cas-register").verdict);
}

}  // namespace
}  // namespace lincheck
