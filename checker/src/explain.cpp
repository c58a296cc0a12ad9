#include "lincheck/explain.hpp"

namespace lincheck {

namespace {

std::string where(const SourcePos& pos) {
    if (pos.line != 0) return "line " + std::to_string(pos.line);
    if (pos.event_index != 0) return "event " + std::to_string(pos.event_index);
    return "";
}

std::string span_words(const Operation& op) {
    const std::string from = where(op.invoke_pos);
    if (from.empty()) return "";
    switch (op.outcome) {
        case Outcome::ok: {
            const std::string to = where(op.complete_pos);
            if (op.invoke_pos.line != 0 && op.complete_pos.line != 0) {
                return "lines " + std::to_string(op.invoke_pos.line) + "–" + std::to_string(op.complete_pos.line);
            }
            return from + " to " + to;
        }
        case Outcome::info: return from + ", indeterminate (info) at " + where(op.complete_pos);
        case Outcome::pending: return from + ", never completed";
    }
    return from;
}

std::string list_states(const Model& model, const std::vector<Value>& states, Value::Notation notation) {
    constexpr std::size_t kShown = 8;
    std::string out;
    for (std::size_t i = 0; i < states.size() && i < kShown; ++i) {
        if (i) out += (i + 1 == states.size()) ? " or " : ", ";
        out += model.describe_state(states[i], notation);
    }
    if (states.size() > kShown) out += ", … (" + std::to_string(states.size()) + " states in all)";
    return out;
}

}  // namespace

std::string describe_operation(const Model& model, const Operation& op, Value::Notation notation) {
    std::string out = model.describe_op(op, notation) + " by process " + std::to_string(op.process);
    if (const std::string span = span_words(op); !span.empty()) out += " (" + span + ")";
    return out;
}

std::string explain_failure(const Model& model, const PartitionResult& partition, Value::Notation notation) {
    const CheckResult& result = partition.result;
    if (!result.counterexample) return "";
    const Counterexample& cx = *result.counterexample;
    const Operation& stuck = partition.ops[cx.stuck_op];
    std::size_t completed = 0;
    for (const Operation& op : partition.ops) completed += op.completed() ? 1 : 0;

    std::string out;
    if (partition.key) out += "Key " + partition.key->to_string(notation) + ": ";
    out += describe_operation(model, stuck, notation) + " cannot be linearized. ";
    out += "The longest linearizable prefix the search found places " + std::to_string(cx.longest_prefix.size()) +
           " of the " + std::to_string(partition.ops.size()) + " operations (" + std::to_string(completed) +
           " completed); after it the state could only be " + list_states(model, cx.states_before, notation) +
           ", and from there no order of the operations still open lets this one take effect before it completed.";
    return out;
}

}  // namespace lincheck
