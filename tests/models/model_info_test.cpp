// Each model's description (ModelInfo, checker/models/<name>.cpp) is all the rest of lincheck needs:
// iterating the registry, every model says what it accepts, has a generator whose histories are
// linearizable as simulated, survive a round trip through JSON Lines, and are guessed as that model.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "lincheck/check.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/formats/write_jsonl.hpp"
#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "support/random_model_history.hpp"

namespace lincheck {
namespace {

TEST(ModelInfo, FunctionsAreTheModelsOwn) {
    for (const ModelInfo& info : all_models()) {
        const auto model = info.make({});
        const std::vector<std::string> own = model->functions();
        const std::set<std::string> described(info.functions.begin(), info.functions.end());
        EXPECT_EQ(std::set<std::string>(own.begin(), own.end()), described) << info.name;
        EXPECT_EQ(find_model(info.name), &info);
    }
    EXPECT_EQ(find_model("no-such-model"), nullptr);
}

// The guess of a model not guessed itself (register, unordered-queue) is a guessed model accepting
// its functions.
std::string_view expected_guess(const ModelInfo& info) {
    if (info.guessed) return info.name;
    for (const ModelInfo& other : all_models()) {
        const bool covers = std::all_of(info.functions.begin(), info.functions.end(), [&](std::string_view f) {
            return std::find(other.functions.begin(), other.functions.end(), f) != other.functions.end();
        });
        if (other.guessed && covers) return other.name;
    }
    return "cas-register";
}

TEST(ModelInfo, EveryModelGeneratesHistoriesThatRoundTrip) {
    for (const ModelInfo& info : all_models()) {
        ASSERT_NE(info.generator, nullptr) << info.name;
        ASSERT_NE(info.generator->choose, nullptr) << info.name;
        ASSERT_NE(info.generator->simulate, nullptr) << info.name;
        const auto model = info.make({});
        int linearizable = 0;
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            std::mt19937_64 rng(seed);
            testing::RandomModelHistoryOptions options;
            options.operations = 40;
            options.corrupt_rate = 0;
            const auto history = testing::random_model_history(info.name, {}, rng, options);
            ASSERT_FALSE(history.events.empty()) << info.name;
            for (const Event& e : history.events) {
                EXPECT_NE(std::find(info.functions.begin(), info.functions.end(), e.f), info.functions.end())
                    << info.name << " generated " << e.f;
            }
            // Saved and read back: the same events (JSON spells keywords as strings).
            const auto read = formats::read_history(formats::to_jsonl(history.events), formats::Format::jsonl);
            ASSERT_EQ(read.events.size(), history.events.size()) << info.name;
            for (std::size_t i = 0; i < read.events.size(); ++i) {
                EXPECT_EQ(read.events[i].f, history.events[i].f) << info.name;
                EXPECT_EQ(read.events[i].type, history.events[i].type) << info.name;
                EXPECT_EQ(read.events[i].value.to_string(), history.events[i].value.to_string())
                    << info.name << " event " << i;
            }
            const auto ops = pair_events(read.events);
            EXPECT_EQ(check_history(*model, ops).verdict, Verdict::linearizable) << info.name << " seed " << seed;
            linearizable += 1;
            EXPECT_EQ(guess_model(ops).name, expected_guess(info)) << info.name << " seed " << seed << ": "
                                                                    << guess_model(ops).reason;
        }
        EXPECT_EQ(linearizable, 20) << info.name;
    }
}

// The fuzz targets draw from bytes: the same bytes, the same operations.
TEST(ModelInfo, ByteChoicesAreDeterministic) {
    for (const ModelInfo& info : all_models()) {
        ByteChoices a("\x03\x91\x20\xff\x07\x00\x42"), b("\x03\x91\x20\xff\x07\x00\x42");
        long na = 0, nb = 0;
        for (int i = 0; i < 4; ++i) {
            const SmallOp x = draw_op(*info.generator, a, Mix{}, nullptr, na);
            const SmallOp y = draw_op(*info.generator, b, Mix{}, nullptr, nb);
            EXPECT_EQ(x.f, y.f);
            EXPECT_EQ(x.value, y.value);
        }
    }
}

}  // namespace
}  // namespace lincheck
