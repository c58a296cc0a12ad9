// Shrinking a window in two phases: first demote completed operations to indeterminate while the
// window still fails (every other operation still there, indeterminate ones included, so that the
// operations kept fail whatever the rest of the window did); then drop the indeterminate operations
// the operations other than the failing one do not need to be explained. Each phase tries halves,
// quarters, ... of its candidates before single operations (as in delta debugging), since most
// operations of a long window usually do not matter.
//
// Why one pass over single operations suffices per phase: the sets of operations that can be demoted
// together are closed under subsets (fewer indeterminate operations only make the window harder to
// linearize), and so are the sets of indeterminate operations that can be dropped together. An
// operation that could not be demoted (dropped) stays so whatever else is demoted (dropped) later.
#include "window_shrink.hpp"

#include <algorithm>
#include <chrono>

#include "search.hpp"

namespace lincheck::detail {

namespace {

enum class Mode : unsigned char { kept, optional, dropped };

Operation indeterminate(Operation op) {
    if (op.completed()) {
        op.outcome = Outcome::info;
        op.ret = kNever;
    }
    return op;
}

class Shrinker {
public:
    Shrinker(const Model& model, const std::vector<WindowOp>& ops, std::size_t x, const std::vector<Value>& start,
             const CheckLimits& limits)
        : model_(model), ops_(ops), x_(x), limits_(limits) {
        request_.initial_states = start;
        // Each phase takes under 4 n searches for a window of n operations (2 n chunks, then n singles).
        budget_ = 8 * ops.size() + 64;
    }

    // nullopt: a limit or the budget stopped the search.
    std::optional<bool> linearizable(const std::vector<Mode>& modes, bool x_optional) {
        if (budget_ == 0) return std::nullopt;
        --budget_;
        std::vector<Operation> sub;
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            if (modes[i] == Mode::dropped) continue;
            const bool optional = modes[i] == Mode::optional || (i == x_ && x_optional);
            sub.push_back(optional ? indeterminate(ops_[i].op) : ops_[i].op);
        }
        const CheckResult r = search_in_time(model_, sub, limits_, request_);
        if (r.verdict == Verdict::unknown) return std::nullopt;
        return r.verdict == Verdict::linearizable;
    }

    // One phase: try to move candidates `from` → `to` in chunks of shrinking size; a move is kept when
    // `still_true` holds afterwards. Returns whether anything moved, nullopt when stopped.
    template <class Test>
    std::optional<bool> phase(std::vector<Mode>& modes, Mode from, Mode to, Test still_true) {
        std::vector<std::size_t> candidates;
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            if (i != x_ && modes[i] == from) candidates.push_back(i);
        }
        bool moved = false;
        for (std::size_t chunk = std::max<std::size_t>(1, candidates.size() / 2);; chunk = std::max<std::size_t>(1, chunk / 2)) {
            for (std::size_t begin = 0; begin < candidates.size(); begin += chunk) {
                const std::size_t end = std::min(candidates.size(), begin + chunk);
                std::vector<Mode> trial = modes;
                bool any = false;
                for (std::size_t k = begin; k < end; ++k) {
                    if (trial[candidates[k]] == from) trial[candidates[k]] = to, any = true;
                }
                if (!any) continue;
                const std::optional<bool> ok = still_true(trial);
                if (!ok) return std::nullopt;
                if (*ok) {
                    modes = std::move(trial);
                    moved = true;
                }
            }
            if (chunk == 1) break;
        }
        return moved;
    }

    bool run(std::vector<Mode>& modes) {
        const auto demoted = phase(modes, Mode::kept, Mode::optional, [&](const std::vector<Mode>& m) -> std::optional<bool> {
            const auto lin = linearizable(m, false);
            if (!lin) return std::nullopt;
            return !*lin;  // still fails
        });
        if (!demoted) return false;
        const auto dropped = phase(modes, Mode::optional, Mode::dropped, [&](const std::vector<Mode>& m) {
            return linearizable(m, true);  // the rest is still explainable without the failing op
        });
        return dropped.has_value();
    }

private:
    const Model& model_;
    const std::vector<WindowOp>& ops_;
    std::size_t x_;
    const CheckLimits& limits_;
    SearchRequest request_;
    std::size_t budget_ = 0;
};

}  // namespace

CheckResult search_in_time(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                           const SearchRequest& request) {
    if (limits.deadline && std::chrono::steady_clock::now() >= *limits.deadline) {
        CheckResult out;
        out.unknown_reason = "time limit reached";
        return out;
    }
    return search(model, ops, limits, request);
}

bool shrink_window(const Model& model, std::vector<WindowOp>& ops, std::size_t x, const std::vector<Value>& start,
                   const CheckLimits& limits) {
    std::vector<Mode> modes(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) modes[i] = ops[i].optional ? Mode::optional : Mode::kept;
    Shrinker shrinker(model, ops, x, start, limits);
    const bool minimal = shrinker.run(modes);
    std::vector<WindowOp> kept;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (modes[i] == Mode::dropped) continue;
        WindowOp op = ops[i];
        if (modes[i] == Mode::optional && !op.optional) {
            op.op = indeterminate(std::move(op.op));
            op.optional = true;
        }
        kept.push_back(std::move(op));
    }
    ops = std::move(kept);
    return minimal;
}

}  // namespace lincheck::detail
