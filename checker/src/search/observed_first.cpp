#include "observed_first.hpp"

#include <unordered_map>

namespace lincheck::detail::wgl {

void try_observed_first(const Model& model, const Kinds& kinds, EntryList& entries) {
    struct Written {
        std::uint32_t op;
        std::uint32_t writers;
        std::uint64_t observed;  // the earliest return entry of an op observing it; 0 for none
    };
    std::unordered_map<Value, Written, ValueHash> written;
    bool any_indeterminate = false;
    for (std::uint32_t j = 0; j < kinds.ops(); ++j) {
        const Operation& op = kinds.op(j);
        if (op.completed()) continue;
        if (auto v = model.written_value(op)) {
            const auto [it, fresh] = written.try_emplace(std::move(*v), Written{j, 0, 0});
            ++it->second.writers;
            any_indeterminate = true;
        }
    }
    if (!any_indeterminate) return;
    for (std::uint32_t j = 0; j < kinds.ops(); ++j) {
        const Operation& op = kinds.op(j);
        if (!op.completed()) continue;
        if (const auto v = model.written_value(op)) {  // a completed writer of the same value
            if (const auto it = written.find(*v); it != written.end()) ++it->second.writers;
        }
        const std::uint64_t ret = entries.match[entries.call_entry[j]];
        const auto observe = [&](const Value& v) {
            const auto it = written.find(v);
            if (it != written.end() && (it->second.observed == 0 || ret < it->second.observed)) it->second.observed = ret;
        };
        if (const auto v = model.observed_value(op)) observe(*v);
        for (const Value& v : model.observed_elements(op)) observe(v);
    }
    for (const auto& [value, w] : written) {
        if (w.writers == 1 && w.observed != 0) entries.priority[w.op] = w.observed - 1;
    }
}

}  // namespace lincheck::detail::wgl
