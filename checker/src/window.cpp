#include "lincheck/window.hpp"

#include <algorithm>

#include "lincheck/internal/limits.hpp"
#include "window_shrink.hpp"

namespace lincheck {

namespace {

// A sub-history for one search: copies of some operations, some made optional, and where each came from.
struct SubHistory {
    std::vector<Operation> ops;
    std::vector<std::size_t> origin;

    void add(const Operation& op, std::size_t index, bool optional) {
        ops.push_back(op);
        origin.push_back(index);
        if (optional && ops.back().completed()) {
            ops.back().outcome = Outcome::info;
            ops.back().ret = kNever;
        }
    }
};

bool running_at(const Operation& op, std::uint64_t t) {
    return op.call < t && (op.ret == kNever || op.ret >= t);
}

// The history up to instant `until` (a completion): ops invoked before it, those still running optional.
SubHistory prefix_until(std::span<const Operation> ops, std::uint64_t until) {
    SubHistory sub;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].call > until) continue;
        sub.add(ops[i], i, ops[i].ret == kNever || ops[i].ret > until);
    }
    return sub;
}

// Bounds of the cheap test of X alone and of the states before X once X alone is known to fail.
constexpr std::size_t kAloneBytes = std::size_t{8} << 20;
constexpr std::size_t kIllustrationBytes = std::size_t{32} << 20;
constexpr std::uint64_t kIllustrationPolls = 256;  // ~262,000 steps

// `limits` with a memory bound of its own, `bytes` at most, instead of the caller's budget.
CheckLimits with_own_memory(const CheckLimits& limits, std::size_t bytes) {
    CheckLimits own = limits;
    own.memory_budget = nullptr;
    own.memory_limit_bytes = limits.memory_limit_bytes == 0 ? bytes : std::min(limits.memory_limit_bytes, bytes);
    return own;
}

// True when ops[x] cannot take effect after any order of any of the operations that may precede it,
// all of them optional; false when it can, or when the search needed more than kAloneBytes to know.
bool fails_whatever_others_did(const Model& model, std::span<const Operation> ops, std::size_t x,
                               const CheckLimits& limits) {
    SubHistory sub;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].call > ops[x].ret) continue;  // invoked after x completed: cannot precede it
        sub.add(ops[i], i, i != x);
    }
    return detail::search_in_time(model, sub.ops, with_own_memory(limits, kAloneBytes), {}).verdict ==
           Verdict::not_linearizable;
}

}  // namespace

std::optional<FailureWindow> find_failure_window(const Model& model, std::span<const Operation> ops,
                                                 const CheckLimits& limits, std::optional<std::size_t> fails_by) {
    // Past the deadline (or cancelled) nothing begins: on a key of 10^5 operations the sort below alone
    // takes tens of milliseconds, all of them past --time-limit (issue 17: every phase keeps the limit).
    if (stopped(limits) || (limits.deadline && std::chrono::steady_clock::now() >= *limits.deadline)) return std::nullopt;
    // 1. The failing op: the first completion whose prefix fails (a prefix that fails keeps failing).
    std::vector<std::size_t> completed;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].completed()) completed.push_back(i);
    }
    std::sort(completed.begin(), completed.end(), [&](std::size_t a, std::size_t b) { return ops[a].ret < ops[b].ret; });
    // Does the prefix through completed[k] fail? nullopt: a limit stopped the search.
    auto fails = [&](std::size_t k) -> std::optional<bool> {
        const SubHistory sub = prefix_until(ops, ops[completed[k]].ret);
        const CheckResult r = detail::search_in_time(model, sub.ops, limits, {});
        if (r.verdict == Verdict::unknown) return std::nullopt;
        return r.verdict == Verdict::not_linearizable;
    };
    // The answer is in [lo, hi]; hi is a failing prefix, or completed.size(): none fails.
    std::size_t lo = 0, hi = completed.size();
    // A failing prefix can cost as much as the whole check, a passing one is usually quick: when the
    // caller knows a completion the history fails by (the search's stuck op, usually X or close to
    // it), gallop down from it, so that few of the searches are failing ones.
    if (fails_by && ops[*fails_by].completed()) {
        const std::size_t k = static_cast<std::size_t>(std::find(completed.begin(), completed.end(), *fails_by) - completed.begin());
        const auto f = fails(k);
        if (!f) return std::nullopt;
        if (*f) {
            hi = k;
            for (std::size_t step = 1; lo < hi; step *= 2) {
                const std::size_t probe = hi - lo >= step ? hi - step : lo;
                const auto g = fails(probe);
                if (!g) return std::nullopt;
                if (!*g) {
                    lo = probe + 1;
                    break;
                }
                hi = probe;
            }
        } else {
            lo = k + 1;
        }
    }
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        const auto g = fails(mid);
        if (!g) return std::nullopt;
        if (*g) hi = mid;
        else lo = mid + 1;
    }
    if (lo == completed.size()) return std::nullopt;
    const std::size_t x = completed[lo];
    const std::uint64_t end = ops[x].ret;

    FailureWindow window;
    window.failing_op = x;
    // 2a. X alone, shown cheaply: X with every other operation optional. Those free operations can
    // leave every state the states before X are (and more), so when X can follow none of their orders
    // it can take effect in none of the states before it. The model's pruning usually sees this at
    // once (a dequeue of a value never enqueued), where listing the states before X may mean every
    // order of many concurrent operations (issue 17: 986,410 configurations for 9 enqueues).
    const bool alone = fails_whatever_others_did(model, ops, x, limits);
    // Once X alone is known to fail, the states before it only illustrate the window: a small bound.
    CheckLimits for_states = alone ? with_own_memory(limits, kIllustrationBytes) : limits;
    std::uint64_t polls = 0;
    if (alone) {
        // And a bound on its steps (the search polls `stop` every 1,024 steps): a search that finds few
        // new configurations stays under the memory bound for seconds. Steps, not time, so that whether
        // the states are listed does not depend on the machine's speed.
        for_states.stop = [&polls, outer = limits.stop] { return ++polls > kIllustrationPolls || (outer && outer()); };
    }
    bool possible = true;  // whether X can take effect in one of the states before it (unknown: maybe)
    if (auto states = states_before(model, ops, x, for_states)) {
        window.states_before = std::move(*states);
        window.states_before_known = true;
        possible = false;
        std::vector<Value> next;
        for (const Value& s : window.states_before) {
            model.step(s, ops[x], next);
            possible = possible || !next.empty();
        }
    }
    // X can take effect in none of them, or (when they were too many to list) after no order of the
    // operations that may precede it: X alone is the window.
    if (!possible || alone) {
        window.cut = ops[x].call;
        window.failing_op_alone = true;
        window.ops = {x};
        if (!possible) window.start_states = window.states_before;
        return window;
    }

    // 2b. The latest cut whose window still fails. Cuts are at invocations, from X's backwards.
    std::vector<std::uint64_t> cuts;
    for (const Operation& op : ops) {
        if (op.call <= ops[x].call) cuts.push_back(op.call);
    }
    std::sort(cuts.begin(), cuts.end(), std::greater<>());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    cuts.push_back(0);  // the whole prefix: always fails, by the choice of X

    for (std::size_t c = 0; c < cuts.size(); ++c) {
        const std::uint64_t t = cuts[c];
        SubHistory before, inside;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const Operation& op = ops[i];
            if (op.call > end) continue;
            if (op.completed() && op.ret < t) {
                before.add(op, i, false);
            } else if (running_at(op, t)) {
                before.add(op, i, true);
                inside.add(op, i, true);
            } else {  // invoked at or after the cut, before X completed
                inside.add(op, i, op.ret == kNever || op.ret > end);
            }
        }
        detail::SearchRequest start;
        start.collect_final_states = true;
        const CheckResult prefix = detail::search_in_time(model, before.ops, limits, start);
        if (prefix.verdict == Verdict::unknown) return std::nullopt;
        if (prefix.verdict != Verdict::linearizable) continue;  // cannot happen (X is the first failure)

        detail::SearchRequest from_states;
        from_states.initial_states = prefix.final_states;
        const CheckResult r = detail::search_in_time(model, inside.ops, limits, from_states);
        if (r.verdict == Verdict::unknown) return std::nullopt;
        if (r.verdict != Verdict::not_linearizable) continue;

        window.cut = t;
        window.start_states = prefix.final_states;
        window.cut_size = inside.ops.size();
        // 3. Shrink it operation by operation (window_shrink.hpp).
        std::vector<detail::WindowOp> shrunk;
        std::size_t x_at = 0;
        for (std::size_t k = 0; k < inside.ops.size(); ++k) {
            if (inside.origin[k] == x) x_at = k;
            shrunk.push_back({inside.ops[k], inside.origin[k], !inside.ops[k].completed()});
        }
        window.minimal = detail::shrink_window(model, shrunk, x_at, window.start_states, limits);
        for (const detail::WindowOp& op : shrunk) {
            window.ops.push_back(op.origin);
            if (op.optional) window.optional_ops.push_back(op.origin);
        }
        return window;
    }
    return std::nullopt;
}

}  // namespace lincheck
