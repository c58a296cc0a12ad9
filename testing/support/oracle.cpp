#include "support/oracle.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

namespace lincheck::testing {

namespace {

thread_local std::size_t steps_left = 0;  // 0: no limit

void count_step() {
    if (steps_left == 0) return;
    if (--steps_left == 0) throw OracleGaveUp{};
}

bool may_go_next(std::span<const Operation> ops, const std::vector<bool>& placed, std::size_t candidate) {
    for (std::size_t p = 0; p < ops.size(); ++p) {
        if (p != candidate && !placed[p] && ops[p].completed() && ops[p].ret < ops[candidate].call) return false;
    }
    return true;
}

bool search(const Model& model, std::span<const Operation> ops, std::vector<bool>& placed, const Value& state,
            std::size_t completed_left) {
    if (completed_left == 0) return true;
    for (std::size_t o = 0; o < ops.size(); ++o) {
        if (placed[o] || !may_go_next(ops, placed, o)) continue;
        std::vector<Value> next;
        count_step();
        model.step(state, ops[o], next);
        placed[o] = true;
        for (const Value& s : next) {
            if (search(model, ops, placed, s, completed_left - (ops[o].completed() ? 1 : 0))) {
                placed[o] = false;
                return true;
            }
        }
        placed[o] = false;
    }
    return false;
}

void collect(const Model& model, std::span<const Operation> ops, std::vector<bool>& placed, const Value& state,
             std::size_t completed_left, std::vector<Value>& out) {
    if (completed_left == 0) out.push_back(state);
    for (std::size_t o = 0; o < ops.size(); ++o) {
        if (placed[o] || !may_go_next(ops, placed, o)) continue;
        std::vector<Value> next;
        count_step();
        model.step(state, ops[o], next);
        placed[o] = true;
        for (const Value& s : next) collect(model, ops, placed, s, completed_left - (ops[o].completed() ? 1 : 0), out);
        placed[o] = false;
    }
}

std::size_t count_completed(std::span<const Operation> ops) {
    std::size_t completed = 0;
    for (const Operation& op : ops) completed += op.completed() ? 1 : 0;
    return completed;
}

}  // namespace

OracleStepLimit::OracleStepLimit(std::size_t steps) : saved_(steps_left) { steps_left = steps + 1; }
OracleStepLimit::~OracleStepLimit() { steps_left = saved_; }

bool oracle_linearizable_from(const Model& model, std::span<const Operation> ops, const std::vector<Value>& initial) {
    std::vector<bool> placed(ops.size(), false);
    for (const Value& s : initial) {
        if (search(model, ops, placed, s, count_completed(ops))) return true;
    }
    return false;
}

std::vector<Value> oracle_final_states(const Model& model, std::span<const Operation> ops) {
    std::vector<bool> placed(ops.size(), false);
    std::vector<Value> out;
    collect(model, ops, placed, model.initial_state(), count_completed(ops), out);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<Value> oracle_states_before(const Model& model, std::span<const Operation> ops, std::size_t x) {
    const std::uint64_t end = ops[x].ret;
    std::vector<Operation> may;  // the operations that may precede x, as the history up to x's end shows them
    std::vector<bool> must;      // returned before x was invoked
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (i == x || ops[i].call > end) continue;
        Operation op = ops[i];
        if (op.completed() && op.ret > end) {  // still running at x's end: its result is not known yet
            op.outcome = Outcome::info;
            op.ret = kNever;
        }
        must.push_back(op.completed() && op.ret < ops[x].call);
        may.push_back(std::move(op));
    }
    // Depth-first over sequences; (placed set, state) pairs already expanded are not expanded again
    // (they lead to the same sequences' ends).
    std::set<std::pair<std::vector<bool>, Value>> seen;
    std::vector<Value> out;
    std::vector<bool> placed(may.size(), false);
    const auto grow = [&](const auto& self, const Value& state) -> void {
        if (!seen.emplace(placed, state).second) return;
        bool all_must = true;
        for (std::size_t i = 0; i < may.size(); ++i) all_must = all_must && (placed[i] || !must[i]);
        if (all_must) out.push_back(state);
        for (std::size_t o = 0; o < may.size(); ++o) {
            if (placed[o] || !may_go_next(may, placed, o)) continue;
            std::vector<Value> next;
            count_step();
            model.step(state, may[o], next);
            placed[o] = true;
            for (const Value& s : next) self(self, s);
            placed[o] = false;
        }
    };
    grow(grow, model.initial_state());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool oracle_linearizable(const Model& model, std::span<const Operation> ops) {
    std::vector<bool> placed(ops.size(), false);
    std::size_t completed = 0;
    for (const Operation& op : ops) completed += op.completed() ? 1 : 0;
    return search(model, ops, placed, model.initial_state(), completed);
}

bool is_legal_linearization(const Model& model, std::span<const Operation> ops, std::span<const std::size_t> order) {
    std::vector<bool> placed(ops.size(), false);
    std::vector<Value> states{model.initial_state()};
    for (std::size_t o : order) {
        if (o >= ops.size() || placed[o] || !may_go_next(ops, placed, o)) return false;
        std::vector<Value> next;
        for (const Value& s : states) model.step(s, ops[o], next);
        if (next.empty()) return false;
        states = std::move(next);
        placed[o] = true;
    }
    for (std::size_t o = 0; o < ops.size(); ++o) {
        if (ops[o].completed() && !placed[o]) return false;
    }
    return true;
}

}  // namespace lincheck::testing
