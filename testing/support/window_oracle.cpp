#include "support/window_oracle.hpp"

#include "support/oracle.hpp"

namespace lincheck::testing {

Operation optional_copy(Operation op) {
    if (op.completed()) {
        op.outcome = Outcome::info;
        op.ret = kNever;
    }
    return op;
}

CutWindow cut_window(const Model& model, std::span<const Operation> ops, std::size_t x, std::uint64_t t) {
    const std::uint64_t end = ops[x].ret;
    std::vector<Operation> before;
    CutWindow w;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Operation& op = ops[i];
        if (op.call > end) continue;
        const bool running = op.call < t && (op.ret == kNever || op.ret >= t);
        if (op.completed() && op.ret < t) {
            before.push_back(op);
            continue;
        }
        if (running) before.push_back(optional_copy(op));
        w.ops.push_back(running || op.ret == kNever || op.ret > end ? optional_copy(op) : op);
        w.origin.push_back(i);
    }
    w.start = oracle_final_states(model, before);
    return w;
}

bool window_fails(const Model& model, std::span<const Operation> ops, std::size_t x, std::uint64_t t,
                  std::vector<Value>* start) {
    const std::uint64_t end = ops[x].ret;
    std::vector<Operation> before, inside;
    for (const Operation& op : ops) {
        if (op.call > end) continue;
        const bool running = op.call < t && (op.ret == kNever || op.ret >= t);
        if (op.completed() && op.ret < t) {
            before.push_back(op);
        } else if (running) {
            before.push_back(optional_copy(op));
            inside.push_back(optional_copy(op));
        } else {
            inside.push_back(op.ret == kNever || op.ret > end ? optional_copy(op) : op);
        }
    }
    const auto states = oracle_final_states(model, before);
    if (start) *start = states;
    return !oracle_linearizable_from(model, inside, states);
}

}  // namespace lincheck::testing
