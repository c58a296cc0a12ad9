// The Recorder's checks against check_history on random histories of every model — unkeyed and keyed,
// with failed, indeterminate and pending operations, with and without model options — and against
// the brute-force oracle on small ones. The Recorder reads its records straight into the one search's
// pre-built small-path input (checker/src/recorder_search.cpp), whose "linearizable" is final: every
// check that path can take must be settled there (a set-up bug that sends checks to check_history
// fails here), and its verdicts must be check_history's. Each history also goes Recorder → JSON Lines
// → reader → check_history, for the same verdict.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <string>

#include "lincheck/check.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/formats/write_jsonl.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "lincheck/recorder.hpp"
#include "support/oracle.hpp"
#include "support/random_history.hpp"
#include "support/random_model_history.hpp"
#include "support/recorder_replay.hpp"

namespace lincheck {
namespace {

struct Tally {
    int valid = 0, invalid = 0, fast = 0;
    int small = 0;  // linearizable, and the Recorder's small path can take them: all must be fast
};

// A value or key the Recorder's records hold inline: nil, an integer, or a pair of integers.
bool held_inline(const Value& v) {
    return v.is_nil() || v.is_integer() ||
           (v.is_list() && v.size() == 2 && v.items()[0].is_integer() && v.items()[1].is_integer());
}

// Whether the Recorder's small path takes the history (else it leaves it to check_history): every
// operation's value held inline, its key (if any) nil or an integer, and at most 64 operations per
// key once the indeterminate queries (which constrain nothing) are left out.
bool small_path_takes(const Model& model, const std::vector<Operation>& ops) {
    std::map<std::optional<Value>, int> per_key;
    for (const Operation& op : ops) {
        if (!held_inline(op.value)) return false;
        if (op.key && !(op.key->is_nil() || op.key->is_integer())) return false;
        if (!op.completed() && model.is_query(op)) continue;
        if (++per_key[op.key] > 64) return false;
    }
    return true;
}

void compare(const std::string& model_name, const ModelOptions& model_options, const std::vector<Event>& events,
             Recorder& rec, Tally& tally, const std::string& where) {
    const auto model = make_model(model_name, model_options);
    const std::vector<Operation> ops = pair_events(events);
    const Verdict expected = check_history(*model, ops).verdict;
    ASSERT_NE(expected, Verdict::unknown) << where;
    testing::replay(events, rec);
    RecorderCheckOptions slow, fast_only;
    slow.fast = false;
    fast_only.explain = false;
    const RecorderReport fast = rec.check(model_name, model_options, fast_only);
    const std::string jsonl = formats::to_jsonl(rec.to_events());
    EXPECT_EQ(fast.verdict, expected) << "fast; " << where << "\n" << jsonl;
    // Exactly the linearizable histories the small path can take are settled there.
    const bool small = expected == Verdict::linearizable && small_path_takes(*model, ops);
    EXPECT_EQ(fast.fast, small) << "settled by the small path; " << where << "\n" << jsonl;
    EXPECT_EQ(rec.check(model_name, model_options, slow).verdict, expected) << "general; " << where;
    const RecorderReport by_reference = rec.check(*model, fast_only);
    EXPECT_EQ(by_reference.verdict, expected) << "fast, model by reference; " << where;
    EXPECT_EQ(by_reference.fast, small) << "settled by the small path, model by reference; " << where;
    // What the Recorder saves is the same history to the CLI's reader.
    EXPECT_EQ(check_history(*model, pair_events(formats::read_history(jsonl).events)).verdict, expected)
        << "saved and read back; " << where << "\n" << jsonl;
    (expected == Verdict::linearizable ? tally.valid : tally.invalid)++;
    tally.fast += fast.fast;
    tally.small += small;
}

void print(const std::string& what, const Tally& tally) {
    std::printf("%s: %d linearizable (%d by the small path, which can take %d), %d not\n", what.c_str(), tally.valid,
                tally.fast, tally.small, tally.invalid);
}

// Model options the generators can follow: nil reads as unknown (registers only: the generator's
// reads of nil then stay legal) or not.
ModelOptions options_for(std::mt19937_64& rng, bool registers) {
    ModelOptions options;
    if (registers) options.nil_read_is_unknown = rng() % 3 == 0;
    return options;
}

TEST(RecorderDifferential, Registers) {
    Recorder rec;
    for (const char* model_name : {"register", "cas-register"}) {
        Tally tally;
        for (int i = 0; i < 3000 && !::testing::Test::HasFailure(); ++i) {
            std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 7919 + 11);
            testing::RandomHistoryOptions options;
            options.processes = 1 + static_cast<int>(rng() % 4);
            options.operations = 1 + static_cast<int>(rng() % (i % 10 == 0 ? 70 : 9));  // some over 64 ops
            options.values = 2 + static_cast<int>(rng() % 3);
            options.cas = std::string(model_name) == "cas-register";
            options.info_rate = (rng() % 4) * 0.1;
            options.pending_rate = (rng() % 3) * 0.05;
            options.reuse_process_after_info = rng() % 2 == 0;
            const ModelOptions model_options = options_for(rng, true);
            const auto events = testing::random_register_history(rng, options);
            compare(model_name, model_options, events, rec, tally,
                    std::string(model_name) + ", history " + std::to_string(i));
        }
        print(model_name, tally);
        EXPECT_GT(tally.valid, 500);
        EXPECT_GT(tally.invalid, 300);
        EXPECT_EQ(tally.fast, tally.small);
        EXPECT_GT(tally.small, tally.valid * 9 / 10);  // all but those with a key over 64 operations
    }
}

// Register histories whose operations each name one of a few keys: the Recorder groups them by key
// itself (its compact search) as check_history does; one key may be valid and another not.
TEST(RecorderDifferential, KeyedRegisters) {
    Recorder rec;
    for (const char* model_name : {"register", "cas-register"}) {
        Tally tally;
        for (int i = 0; i < 2000 && !::testing::Test::HasFailure(); ++i) {
            std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 6151 + 5);
            testing::RandomHistoryOptions options;
            options.processes = 2 + static_cast<int>(rng() % 4);
            options.operations = 2 + static_cast<int>(rng() % (i % 10 == 0 ? 120 : 16));
            options.cas = std::string(model_name) == "cas-register";
            options.info_rate = (rng() % 3) * 0.1;
            options.pending_rate = (rng() % 3) * 0.05;
            auto events = testing::random_register_history(rng, options);
            // Each operation gets a key at its invoke; its completion names the same one. Keys are
            // integers, or (sometimes) strings, which the compact search leaves to check_history.
            const int keys = 1 + static_cast<int>(rng() % 3);
            const bool string_keys = rng() % 5 == 0;
            std::map<std::int64_t, Value> key_of;
            for (Event& e : events) {
                if (e.type == EventType::invoke) {
                    const auto k = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(keys));
                    key_of[e.process] = string_keys ? Value::string("k" + std::to_string(k)) : Value::integer(k);
                }
                e.key = key_of.at(e.process);
            }
            compare(model_name, options_for(rng, true), events, rec, tally,
                    std::string(model_name) + ", keyed history " + std::to_string(i));
        }
        print(std::string(model_name) + " (keyed)", tally);
        EXPECT_GT(tally.valid, 200);
        EXPECT_GT(tally.invalid, 200);
        EXPECT_EQ(tally.fast, tally.small);
        EXPECT_GT(tally.small, tally.valid / 2);  // not those with string keys or a key over 64 operations
    }
}

TEST(RecorderDifferential, OtherModels) {
    Recorder rec;
    for (const char* model_name : {"counter", "fifo-queue", "unordered-queue", "mutex", "kv", "set", "multi-register"}) {
        Tally tally;
        for (int i = 0; i < 1500 && !::testing::Test::HasFailure(); ++i) {
            std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 104729 + 3);
            testing::RandomModelHistoryOptions options;
            options.processes = 1 + static_cast<int>(rng() % 4);
            options.operations = 1 + static_cast<int>(rng() % 8);
            options.corrupt_rate = 0.5;
            options.info_rate = (rng() % 3) * 0.1;
            options.pending_rate = (rng() % 3) * 0.05;
            options.reuse_process_after_info = rng() % 2 == 0;
            const auto history = testing::random_model_history(model_name, {}, rng, options);
            compare(model_name, {}, history.events, rec, tally,
                    std::string(model_name) + ", history " + std::to_string(i));
        }
        print(model_name, tally);
        EXPECT_GT(tally.valid, 200) << model_name;
        EXPECT_GT(tally.invalid, 200) << model_name;
        EXPECT_EQ(tally.fast, tally.small) << model_name;
    }
}

// The Recorder's verdicts against the brute-force oracle, key by key, on small register histories:
// crashed (info) and pending operations, few values (so values repeat), nil reads (the register
// starts nil; with nil_read_is_unknown a nil read matches any state), one to three integer keys.
TEST(RecorderDifferential, AgreesWithOracle) {
    Recorder rec;
    for (const char* model_name : {"register", "cas-register"}) {
        int valid = 0, invalid = 0, fast = 0;
        for (int i = 0; i < 2500 && !::testing::Test::HasFailure(); ++i) {
            std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 92821 + 17);
            testing::RandomHistoryOptions options;
            options.processes = 1 + static_cast<int>(rng() % 4);
            options.operations = 1 + static_cast<int>(rng() % 8);
            options.values = 1 + static_cast<int>(rng() % 3);
            options.cas = std::string(model_name) == "cas-register";
            options.info_rate = (rng() % 4) * 0.1;
            options.pending_rate = (rng() % 3) * 0.05;
            options.reuse_process_after_info = rng() % 2 == 0;
            ModelOptions model_options;
            model_options.nil_read_is_unknown = rng() % 3 == 0;
            auto events = testing::random_register_history(rng, options);
            const int keys = static_cast<int>(rng() % 4);  // 0: unkeyed
            if (keys > 0) {
                std::map<std::int64_t, std::int64_t> key_of;
                for (Event& e : events) {
                    if (e.type == EventType::invoke) key_of[e.process] = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(keys));
                    e.key = Value::integer(key_of.at(e.process));
                }
            }
            const auto model = make_model(model_name, model_options);
            std::map<std::optional<Value>, std::vector<Operation>> by_key;
            for (const Operation& op : pair_events(events)) by_key[op.key].push_back(op);
            bool expected = true;
            for (const auto& [key, ops] : by_key) expected = expected && testing::oracle_linearizable(*model, ops);
            testing::replay(events, rec);
            RecorderCheckOptions fast_only;
            fast_only.explain = false;
            const RecorderReport report = rec.check(model_name, model_options, fast_only);
            const std::string where = std::string(model_name) + ", history " + std::to_string(i) + "\n" +
                                      formats::to_jsonl(rec.to_events());
            ASSERT_EQ(report.verdict == Verdict::linearizable, expected) << where;
            ASSERT_EQ(report.fast, expected) << where;  // at most 8 operations: the small path takes all
            (expected ? valid : invalid)++;
            fast += report.fast;
        }
        std::printf("%s against the oracle: %d linearizable (%d by the small path), %d not\n", model_name, valid, fast,
                    invalid);
        EXPECT_GT(valid, 800);
        EXPECT_GT(invalid, 300);
    }
}

}  // namespace
}  // namespace lincheck
