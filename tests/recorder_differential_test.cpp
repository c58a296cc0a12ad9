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
#include "lincheck/internal/search_paths.hpp"
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
    const bool small = expected == Verdict::linearizable && testing::small_path_takes(*model, ops);
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
// itself (its compact search) as check_history does; one key may be valid and another not. `count`
// histories of each register model.
void keyed_registers(int count) {
    Recorder rec;
    for (const char* model_name : {"register", "cas-register"}) {
        Tally tally;
        for (int i = 0; i < count && !::testing::Test::HasFailure(); ++i) {
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
        EXPECT_GT(tally.valid, count / 10);
        EXPECT_GT(tally.invalid, count / 10);
        EXPECT_EQ(tally.fast, tally.small);
        EXPECT_GT(tally.small, tally.valid / 2);  // not those with string keys or a key over 64 operations
    }
}

TEST(RecorderDifferential, KeyedRegisters) { keyed_registers(2000); }

// The pre-built input read in place (search/small_input.hpp: the search's tables are views of it) on
// the wide representation of the configurations too, which takes its kinds from those views
// (WideConfigs::assign) instead of the input's own bit numbering: the same verdicts.
TEST(RecorderDifferential, KeyedRegistersOnTheWidePath) {
    struct WidePath {
        WidePath() { detail::allow_small_path(false); }
        ~WidePath() { detail::allow_small_path(true); }
    } wide;
    keyed_registers(400);
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

// One Recorder checking history after history with the model kept (by name, as a simulator does): what
// the search learned of the model — kinds, states, steps — is reused from one check to the next, and
// starts over when it grows past its bound (here a small memory limit: past a quarter of it). Many
// values, so kinds keep coming. The compare() above alternates the ways a model is given, which makes
// the memo start over at each check; here it stays warm.
TEST(RecorderDifferential, WarmMemoAcrossHistories) {
    const std::shared_ptr<const Model> models[2] = {make_model("cas-register"), make_model("register")};
    for (const std::size_t memory_limit : {std::size_t{0}, std::size_t{256} << 10}) {
        Recorder recorders[2];  // one per model, each keeping its memo
        RecorderCheckOptions options;
        options.explain = false;
        options.limits.memory_limit_bytes = memory_limit;
        Tally tally;
        for (int i = 0; i < 3000; ++i) {  // an ASSERT below ends the test at the first disagreement
            const std::uint64_t seed = static_cast<std::uint64_t>(i) * 7727 + memory_limit + 1;
            std::mt19937_64 rng(seed);
            const char* model_name = i % 2 == 0 ? "cas-register" : "register";
            const Model& model = *models[i % 2];
            Recorder& rec = recorders[i % 2];
            testing::RandomHistoryOptions history;
            history.processes = 1 + static_cast<int>(rng() % 4);
            history.operations = 1 + static_cast<int>(rng() % 12);
            history.values = 1 + static_cast<int>(rng() % 40);
            history.cas = i % 2 == 0;
            history.info_rate = (rng() % 4) * 0.1;
            history.pending_rate = (rng() % 3) * 0.05;
            auto events = testing::random_register_history(rng, history);
            const int keys = 1 + static_cast<int>(rng() % 3);
            std::map<std::int64_t, Value> key_of;
            for (Event& e : events) {
                if (e.type == EventType::invoke) key_of[e.process] = Value::integer(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(keys)));
                e.key = key_of.at(e.process);
            }
            const Verdict expected = check_history(model, pair_events(events)).verdict;
            ASSERT_NE(expected, Verdict::unknown);
            testing::replay(events, rec);
            const RecorderReport report = rec.check(model_name, {}, options);
            const std::string where = std::string(model_name) + ", memory limit " + std::to_string(memory_limit) +
                                      ", history seed " + std::to_string(seed);
            ASSERT_EQ(report.verdict, expected) << where << "\n" << formats::to_jsonl(rec.to_events());
            if (expected == Verdict::linearizable) {
                ++tally.valid;
                ++tally.small;
                ASSERT_TRUE(report.fast) << "a check the fast path can take went to check_history; " << where;
            } else {
                ++tally.invalid;
            }
            tally.fast += report.fast;
        }
        print("warm memo, memory limit " + std::to_string(memory_limit), tally);
        EXPECT_GT(tally.valid, 600);
        EXPECT_GT(tally.invalid, 300);
    }
}

// The Recorder's verdicts against the brute-force oracle, key by key, on small register histories:
// crashed (info) and pending operations, few values (so values repeat), nil reads (the register
// starts nil, or 0 in one history of five; with nil_read_is_unknown a nil read matches any state), one
// to three integer keys.
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
            if (i % 5 == 0) model_options.initial = Value::integer(0);  // a nil read is then stale (unless unknown)
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
