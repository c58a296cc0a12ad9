// The search's two representations of its configurations (checker/src/search/configs.hpp) — the small
// path (at most 64 operations: one word, a flat stamped cache) and the wide one — on thousands of
// random small histories of every model, with indeterminate and pending operations and repeated
// values: one algorithm, so the same verdict, linearization, configuration count, steps and
// counterexample (stuck operation, deepest prefix, states before it), also when final states are
// asked for and from given start states.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

#include "lincheck/check.hpp"
#include "lincheck/internal/search_paths.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "support/random_history.hpp"
#include "support/random_model_history.hpp"
#include "support/same_search.hpp"

// The search's own header (checker/src): final states and start states are its options.
#include "../checker/src/search.hpp"

namespace lincheck {
namespace {

CheckResult search_on(bool small, const Model& model, std::span<const Operation> ops,
                      const detail::SearchRequest& request) {
    detail::allow_small_path(small);
    CheckResult r = detail::search(model, ops, {}, request);
    detail::allow_small_path(true);
    return r;
}

// Compares the two paths on `ops`; returns the verdict. `where` names the history in failures.
Verdict compare(const Model& model, const std::vector<Operation>& ops, const std::string& where) {
    for (const bool final_states : {false, true}) {
        detail::SearchRequest request;
        request.collect_final_states = final_states;
        const CheckResult small = search_on(true, model, ops, request);
        const CheckResult wide = search_on(false, model, ops, request);
        const std::string what = where + (final_states ? ", final states" : "");
        testing::expect_same_search(small, wide, what);
        if (final_states && !small.final_states.empty()) {
            // From several start states (model states, as the explanation gives), not stopping early.
            detail::SearchRequest from;
            from.initial_states = small.final_states;
            from.initial_states.push_back(model.initial_state());
            const CheckResult s2 = search_on(true, model, ops, from);
            const CheckResult w2 = search_on(false, model, ops, from);
            EXPECT_EQ(s2.verdict, w2.verdict) << what << ", from states";
            EXPECT_EQ(s2.stats.configurations, w2.stats.configurations) << what << ", from states";
            EXPECT_EQ(s2.linearization, w2.linearization) << what << ", from states";
        }
        if (::testing::Test::HasFailure()) break;
    }
    return search_on(true, model, ops, {}).verdict;
}

struct Tally {
    int valid = 0, invalid = 0;
    void add(Verdict v) { (v == Verdict::linearizable ? valid : invalid)++; }
};

TEST(SearchPaths, Registers) {
    for (const char* name : {"register", "cas-register"}) {
        const auto model = make_model(name);
        Tally tally;
        for (int i = 0; i < 2000 && !::testing::Test::HasFailure(); ++i) {
            std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 7919 + 17);
            testing::RandomHistoryOptions options;
            options.processes = 1 + static_cast<int>(rng() % 5);
            // Up to 64 ops and past it: the wide path alone above 64, which must still agree.
            options.operations = 1 + static_cast<int>(rng() % (i % 10 == 0 ? 64 : 12));
            options.values = 1 + static_cast<int>(rng() % 3);  // repeated values
            options.cas = std::string(name) == "cas-register";
            options.info_rate = (rng() % 4) * 0.1;
            options.pending_rate = (rng() % 3) * 0.05;
            options.reuse_process_after_info = rng() % 2 == 0;
            const auto ops = pair_events(testing::random_register_history(rng, options));
            tally.add(compare(*model, ops, std::string(name) + ", history " + std::to_string(i)));
        }
        EXPECT_GT(tally.valid, 300) << name;
        EXPECT_GT(tally.invalid, 150) << name;
    }
}

TEST(SearchPaths, EveryModel) {
    for (const ModelInfo& info : all_models()) {
        const std::string name(info.name);
        const auto model = make_model(name);
        Tally tally;
        for (int i = 0; i < 1500 && !::testing::Test::HasFailure(); ++i) {
            std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 104729 + 5);
            testing::RandomModelHistoryOptions options;
            options.processes = 1 + static_cast<int>(rng() % 4);
            options.operations = 1 + static_cast<int>(rng() % (i % 10 == 0 ? 24 : 10));
            options.values = 1 + static_cast<int>(rng() % 3);
            options.corrupt_rate = 0.5;
            options.info_rate = (rng() % 3) * 0.1;
            options.pending_rate = (rng() % 3) * 0.05;
            options.reuse_process_after_info = rng() % 2 == 0;
            const auto history = testing::random_model_history(name, {}, rng, options);
            const auto ops = pair_events(history.events);
            tally.add(compare(*model, ops, name + ", history " + std::to_string(i)));
        }
        EXPECT_GT(tally.valid, 50) << name;
        EXPECT_GT(tally.invalid, 25) << name;
        std::printf("%s: %d linearizable, %d not\n", name.c_str(), tally.valid, tally.invalid);
    }
}

}  // namespace
}  // namespace lincheck
