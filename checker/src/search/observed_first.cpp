#include "observed_first.hpp"

namespace lincheck::detail::wgl {

void ObservedFirst::apply(StepMemo& memo, const Kinds& kinds, EntryList& entries) {
    touched_.clear();
    for (std::uint32_t j = 0; j < kinds.ops(); ++j) {
        if (kinds.completed[j]) continue;
        const std::uint32_t v = memo.written(kinds.kind[j]);
        if (v == kNone) continue;
        if (v >= written_.size()) written_.resize(memo.hook_values());
        Written& w = written_[v];
        if (w.writers == 0) {
            w.op = j;
            touched_.push_back(v);
        }
        ++w.writers;
    }
    if (touched_.empty()) return;
    // The completed writers first: a value written twice or more orders nothing, and with repeated
    // values (etcd's logs) that is every value, so the observers' hooks need not be asked at all.
    bool unique = false;
    for (std::uint32_t j = 0; j < kinds.ops(); ++j) {
        if (!kinds.completed[j]) continue;
        if (const std::uint32_t v = memo.written(kinds.kind[j]); v != kNone && v < written_.size() && written_[v].writers != 0) {
            ++written_[v].writers;
        }
    }
    for (const std::uint32_t v : touched_) unique = unique || written_[v].writers == 1;
    for (std::uint32_t j = 0; unique && j < kinds.ops(); ++j) {
        if (!kinds.completed[j]) continue;
        const std::uint32_t k = kinds.kind[j];
        const std::uint64_t ret = entries.match[entries.call_entry[j]];
        const auto observe = [&](std::uint32_t v) {
            if (v == kNone || v >= written_.size()) return;
            Written& w = written_[v];
            if (w.writers == 1 && (w.observed == 0 || ret < w.observed)) w.observed = ret;
        };
        observe(memo.observed(k));
        for (const std::uint32_t v : memo.observed_elements(k)) observe(v);
    }
    for (const std::uint32_t v : touched_) {
        const Written& w = written_[v];
        if (w.writers == 1 && w.observed != 0) entries.set_priority(w.op, w.observed - 1);
        written_[v] = {};
    }
}

}  // namespace lincheck::detail::wgl
