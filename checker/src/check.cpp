#include <algorithm>
#include <map>

#include "lincheck/check.hpp"

namespace lincheck {

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::linearizable: return "linearizable";
        case Verdict::not_linearizable: return "not linearizable";
        case Verdict::unknown: return "unknown";
    }
    return "?";
}

void validate_operations(const Model& model, std::span<const Operation> ops) {
    const std::vector<std::string> functions = model.functions();
    for (const Operation& op : ops) {
        if (std::find(functions.begin(), functions.end(), op.f) == functions.end()) {
            std::string accepted;
            for (const auto& f : functions) accepted += (accepted.empty() ? "" : ", ") + f;
            throw InputError("operation `" + op.f + "` by process " + std::to_string(op.process) +
                                 " is not an operation of model " + std::string(model.name()) +
                                 " (it accepts: " + accepted + ")",
                             op.invoke_pos);
        }
        try {
            model.validate(op);
        } catch (const ModelError& e) {
            throw InputError(std::string(e.what()) + " (operation `" + op.f + "` by process " +
                                 std::to_string(op.process) + ", model " + std::string(model.name()) + ")",
                             op.invoke_pos);
        }
    }
}

HistoryResult check_history(const Model& model, std::span<const Operation> ops, const CheckLimits& limits) {
    validate_operations(model, ops);
    HistoryResult history;

    // Group by key, keeping keys in order of their first operation.
    std::map<Value, std::size_t> partition_of;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Operation& op = ops[i];
        if (op.key.has_value() != ops.front().key.has_value()) {
            throw InputError("operation `" + op.f + "` by process " + std::to_string(op.process) +
                                 (op.key ? " names a key" : " names no key") + " but the history's first " +
                                 (op.key ? "names none" : "does") + "; a keyed history needs a key on every operation",
                             op.invoke_pos);
        }
        const Value key = op.key.value_or(Value::nil());
        auto [it, inserted] = partition_of.try_emplace(key, history.partitions.size());
        if (inserted) {
            history.partitions.emplace_back();
            history.partitions.back().key = op.key;
        }
        PartitionResult& partition = history.partitions[it->second];
        partition.op_indices.push_back(i);
        partition.ops.push_back(op);
    }

    bool any_unknown = false;
    for (PartitionResult& partition : history.partitions) {
        partition.result = check_operations(model, partition.ops, limits);
        if (partition.result.verdict == Verdict::not_linearizable) {
            history.verdict = Verdict::not_linearizable;
            // The verdict is settled; later partitions stay unchecked.
            for (PartitionResult& rest : history.partitions) {
                if (&rest > &partition) rest.result.unknown_reason = "not checked: an earlier key failed";
            }
            break;
        }
        if (partition.result.verdict == Verdict::unknown) any_unknown = true;
    }
    if (history.verdict != Verdict::not_linearizable && any_unknown) history.verdict = Verdict::unknown;
    return history;
}

}  // namespace lincheck
