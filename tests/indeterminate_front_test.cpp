// The wide path's front of indeterminate candidates (checker/src/search/indeterminate_front.hpp) is a
// faster walk, not another search: with it and without it (the whole entry list walked, as the small
// path does), the same verdict, linearization, final states, configuration and step counts, and
// counterexample, on histories with many crashed operations of few kinds (few values), past the 64
// operations of the small path, on every model. The counts would change with the candidates' order,
// which ties of priority (an indeterminate op tried just before its observer's return, observed_first)
// leave to the order the walk meets them in.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

#include "lincheck/check.hpp"
#include "lincheck/internal/search_paths.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "stress_history.hpp"
#include "support/query_pruning_from.hpp"
#include "support/same_search.hpp"

// The search's own header (checker/src): final states are one of its options; and the knob.
#include "../checker/src/search.hpp"
#include "../checker/src/search/indeterminate_front.hpp"

namespace lincheck {
namespace {

CheckResult search_with(bool front, const Model& model, std::span<const Operation> ops, const detail::SearchRequest& request,
                        const CheckLimits& limits) {
    detail::allow_small_path(false);  // the front is the wide path's
    detail::set_indeterminate_front_from(front ? 0 : ~0u);  // from the first indeterminate op, or never
    CheckResult r = detail::search(model, ops, limits, request);
    detail::set_indeterminate_front_from(detail::kIndeterminateFrontFrom);
    detail::allow_small_path(true);
    return r;
}

// Compares the two walks on `ops`; returns the verdict.
Verdict compare(const Model& model, const std::vector<Operation>& ops, const std::string& where) {
    Verdict verdict = Verdict::unknown;
    CheckLimits limits;
    limits.memory_limit_bytes = std::size_t{4} << 20;  // a bound on hard ones; both stop at the same poll
    for (const bool final_states : {false, true}) {
        detail::SearchRequest request;
        request.collect_final_states = final_states;
        const CheckResult with = search_with(true, model, ops, request, limits);
        const CheckResult without = search_with(false, model, ops, request, limits);
        const std::string what = where + (final_states ? ", final states" : "");
        if (!final_states) verdict = with.verdict;
        testing::expect_same_search(with, without, what);
        if (::testing::Test::HasFailure()) break;
    }
    return verdict;
}

TEST(IndeterminateFront, SameSearchAsTheWholeWalk) {
    for (const std::string& name : stress::models()) {
        if (::testing::Test::HasFailure()) return;
        const auto model = make_model(name, {});
        int valid = 0, invalid = 0, unknown = 0, crashed = 0;
        for (int i = 0; i < 40 && !::testing::Test::HasFailure(); ++i) {
            std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 1000003 + 11);
            stress::Options o;
            o.model = name;
            o.seed = rng();
            o.operations = 30 + static_cast<long>(rng() % 100);
            o.processes = 2 + static_cast<long>(rng() % 5);
            // Mostly few values (few kinds of crashed op, many of each); some unique ones (the
            // observed-first order, whose priorities tie with a completed op's return).
            o.values = i % 4 == 3 ? 0 : 1 + static_cast<long>(rng() % 3);
            o.info_rate = 0.1 + 0.1 * static_cast<double>(rng() % 4);
            o.pending = static_cast<long>(rng() % 3);
            o.corrupt_rate = i % 3 == 0 ? 0.0 : 0.05;
            o.reuse_process_after_info = rng() % 2 == 0;
            const auto history = stress::generate(o);
            const auto ops = pair_events(history.events);
            for (const Operation& op : ops) crashed += !op.completed();
            // Every other history with the prunings and the observed-first order from the first op.
            const testing::QueryPruningFrom pruning(i % 2 == 0 ? 0 : detail::kQueryPruningMinOps);
            const Verdict v = compare(*model, ops, name + ", history " + std::to_string(i) + " (seed " + std::to_string(o.seed) + ")");
            (v == Verdict::linearizable ? valid : v == Verdict::unknown ? unknown : invalid)++;
        }
        std::printf("%s: %d linearizable, %d not, %d unknown, %d crashed ops\n", name.c_str(), valid, invalid, unknown, crashed);
        EXPECT_GT(crashed, 500) << name;
    }
}

}  // namespace
}  // namespace lincheck
