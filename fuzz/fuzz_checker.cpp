// fuzz_checker: bytes → a small history (at most 8 operations; the first byte picks the model,
// common/small_history.hpp) → the search compared with the brute-force oracle.
//
// Property: the search agrees with the oracle, with and without limits (a limit may only turn an answer
// into `unknown`), split by key and whole, and through the Recorder; a witness is a legal
// linearization; a counterexample names a completed operation; the smallest failing window matches its
// definition, re-derived with the oracle.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/explain_failure.hpp"
#include "common/require.hpp"
#include "common/small_history.hpp"
#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "lincheck/recorder.hpp"
#include "lincheck/window.hpp"
#include "support/oracle.hpp"
#include "support/recorder_replay.hpp"
#include "support/window_oracle.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

namespace {

using detail::require;
using testing::window_fails;  // window.hpp's definition, re-derived with the oracle

// The window `w` found by lincheck against its definition, re-derived with the oracle.
void check_window_with_oracle(const Model& model, std::span<const Operation> ops, const FailureWindow& window) {
    const FailureWindow* w = &window;
    const std::size_t x = w->failing_op;
    require(x < ops.size() && ops[x].completed(), "the window's failing op is not a completed op", ops);
    require(window_fails(model, ops, x, 0), "the history up to the failing op's completion does not fail", ops);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].completed() && ops[i].ret < ops[x].ret) {
            require(!window_fails(model, ops, i, 0), "an earlier completion already fails", ops);
        }
    }
    if (w->states_before_known) {
        require(w->states_before == testing::oracle_states_before(model, ops, x),
                "the states before the failing op differ from the oracle's", ops);
    }
    if (w->failing_op_alone) {
        require(w->states_before_known && w->start_states == w->states_before && w->ops.size() == 1,
                "a window of the failing op alone does not start from the states before it", ops);
        std::vector<Value> next;
        for (const Value& s : w->states_before) model.step(s, ops[x], next);
        require(next.empty(), "the failing op alone can take effect in a state before it", ops);
        return;
    }
    std::vector<Value> start;
    require(window_fails(model, ops, x, w->cut, &start), "the window does not fail from its start states", ops);
    require(start == w->start_states, "the window's start states differ from the oracle's", ops);
    if (!w->minimal) return;
    std::optional<std::uint64_t> later;
    for (const Operation& op : ops) {
        if (op.call > w->cut && op.call <= ops[x].call && (!later || op.call < *later)) later = op.call;
    }
    if (later) require(!window_fails(model, ops, x, *later), "a later cut still fails: the window is not minimal", ops);
}

void check_window(const Model& model, std::span<const Operation> ops) {
    // Windows are searched from every start state the history before them allows: a few indeterminate
    // enqueues make that far more work than the check (fuzz/regressions/fuzz_checker/window-search-slow
    // took 1.5 s unbounded). Under a memory limit, no window is an allowed answer; a wrong one is not.
    CheckLimits limits;
    limits.memory_limit_bytes = std::size_t{16} << 20;
    const auto w = find_failure_window(model, ops, limits);
    if (!w) return;
    // The oracle has no memo and starts from every start state: bounded, so that a comparison it
    // cannot finish is skipped (fuzz/regressions/fuzz_checker/window-oracle-slow took it 15 s under
    // ASan) rather than reported as a hang of the harness's own making.
    try {
        testing::OracleStepLimit oracle_limit(300'000);
        check_window_with_oracle(model, ops, *w);
    } catch (const testing::OracleGaveUp&) {
    }
}

}  // namespace

void fuzz_checker(std::string_view data) {
    using namespace detail;
    const FuzzHistory h = history_from_bytes(data);
    const std::string name(model_name(h.model));
    const std::unique_ptr<Model> model = make_model(name, h.options);
    require(model != nullptr, "no model " + name);
    std::vector<Operation> ops;
    PairingStats pairing;
    try {
        ops = pair_events(h.events, {}, &pairing);
        validate_operations(*model, ops);
    } catch (const InputError& e) {
        throw Bug("the generator made an invalid history for " + name + ": " + e.what());
    }
    const bool expected = testing::oracle_linearizable(*model, ops);
    const std::string where = " (model " + name + (h.options.nil_read_is_unknown ? ", nil read unknown" : "") +
                              (h.options.initial ? ", initial " + h.options.initial->to_string() : "") + ")";

    // The search alone, without limits: exact.
    const CheckResult r = check_operations(*model, ops);
    require(r.verdict != Verdict::unknown, "unknown without limits" + where, ops);
    require((r.verdict == Verdict::linearizable) == expected,
            std::string("search says ") + std::string(to_string(r.verdict)) + ", the oracle " +
                (expected ? "linearizable" : "not linearizable") + where,
            ops);
    if (expected) {
        require(testing::is_legal_linearization(*model, ops, r.linearization),
                "the witness is not a legal linearization" + where, ops);
    } else {
        require(r.counterexample.has_value(), "no counterexample" + where, ops);
        require(r.counterexample->stuck_op < ops.size() && ops[r.counterexample->stuck_op].completed(),
                "the counterexample's op is not a completed op" + where, ops);
        require(!r.counterexample->states_before.empty(), "the counterexample has no states" + where, ops);
    }

    // Split by key (kv) and checked whole: the same verdict.
    HistoryOptions options;
    options.jobs = 1;
    options.all_failures = true;
    const HistoryResult split = check_history(*model, ops, {}, options);
    require((split.verdict == Verdict::linearizable) == expected && split.verdict != Verdict::unknown,
            "check_history says " + std::string(to_string(split.verdict)) + where, ops);

    // Recorded again through lincheck::Recorder, whose small path (its records read straight into the
    // one search, recorder_search.cpp) has the final word when it says linearizable: the same verdict,
    // with a memo made for this history (model by reference) and with one kept from earlier inputs (by
    // name); and a linearizable history the small path can take is settled there, not by check_history.
    static thread_local Recorder recorder;
    testing::replay(h.events, recorder);
    RecorderCheckOptions recorder_options;
    recorder_options.explain = false;
    for (const bool warm : {false, true}) {
        const RecorderReport report =
            warm ? recorder.check(name, h.options, recorder_options) : recorder.check(*model, recorder_options);
        require((report.verdict == Verdict::linearizable) == expected && report.verdict != Verdict::unknown,
                std::string("the Recorder (") + (report.fast ? "fast search" : "check_history") +
                    (warm ? ", memo kept from earlier histories" : "") + ") says " +
                    std::string(to_string(report.verdict)) + where,
                ops);
        require(!expected || report.fast || !testing::small_path_takes(*model, ops),
                std::string("the Recorder's small path left a history it can take to check_history") +
                    (warm ? " (memo kept from earlier histories)" : "") + where,
                ops);
    }

    // Limits never lie: with a tiny memory budget or a deadline already passed, unknown or the truth.
    for (int round = 0; round < 2; ++round) {
        CheckLimits limits;
        if (round == 0) limits.memory_limit_bytes = 1 + (data.size() * 97) % 4096;
        else limits.deadline = std::chrono::steady_clock::now();
        const CheckResult limited = check_operations(*model, ops, limits);
        if (limited.verdict == Verdict::unknown) {
            require(!limited.unknown_reason.empty(), "unknown without a reason" + where, ops);
        } else {
            require((limited.verdict == Verdict::linearizable) == expected,
                    std::string("under a limit the search says ") + std::string(to_string(limited.verdict)) + where,
                    ops);
        }
    }

    if (!expected) {
        check_window(*model, ops);
        for (const PartitionResult& partition : split.partitions) {
            if (partition.result.verdict == Verdict::not_linearizable) {
                explain_failure_of(*model, partition, pairing.failed, Value::Notation::json);
            }
        }
    }
}

}  // namespace lincheck::fuzz
