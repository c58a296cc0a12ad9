#include "small_input.hpp"

namespace lincheck::detail {

void SmallInput::fit(std::size_t ops, std::size_t entries) {
    if (kind_.size() < ops) {
        for (auto* v : {&kind_, &prev_same_kind_, &bit_, &call_entry_}) v->resize(ops);
        for (auto* v : {&completed_, &query_, &overwrites_}) v->resize(ops);
        priority_.resize(ops);
    }
    if (entry_op_.size() < entries) {
        entry_op_.resize(entries);
        match_.resize(entries);
        is_call_.resize(entries);
    }
}

void SmallInput::place() {
    std::uint32_t op = 0, entry = 0;
    for (Header& h : objects_) {
        h.op_base = op;
        h.entry_base = entry;
        op += h.expected;
        entry += h.expected + h.expected_completed + 2;
    }
    fit(op, entry);
    for (const Header& h : objects_) {  // the sentinels: head and tail
        const std::uint32_t tail = h.entry_base + h.expected + h.expected_completed + 1;
        entry_op_[h.entry_base] = entry_op_[tail] = kNone;
        match_[h.entry_base] = match_[tail] = kNone;
        is_call_[h.entry_base] = is_call_[tail] = 0;
    }
}

SmallInput::Writer SmallInput::writer() {
    Writer w;
    w.headers_ = objects_.data();
    w.kind_ = kind_.data();
    w.call_entry_ = call_entry_.data();
    w.entry_op_ = entry_op_.data();
    w.match_ = match_.data();
    w.completed_ = completed_.data();
    w.query_ = query_.data();
    w.overwrites_ = overwrites_.data();
    w.is_call_ = is_call_.data();
    w.priority_ = priority_.data();
    return w;
}

void SmallInput::finish() {
    for (const Header& h : objects_) {
        if (h.expected_completed == h.ops) continue;
        // Completed ops get bits 0..m-1 in call order, the indeterminate ones the bits after (as
        // SmallConfigs::assign numbers them); an indeterminate op is tried after every completed one,
        // by its call, and only after the earlier-called indeterminate op of its kind.
        const std::uint32_t base = h.op_base;
        std::uint32_t completed = 0, indeterminate = h.expected_completed;
        for (std::uint32_t j = 0; j < h.ops; ++j) {
            const std::uint32_t at = base + j;
            std::uint32_t before = kNone;
            if (completed_[at]) {
                bit_[at] = completed++;
            } else {
                bit_[at] = indeterminate++;
                priority_[at] = (std::uint64_t{1} << 32) + call_entry_[at];
                for (std::uint32_t i = j; i-- > 0;) {  // at most 63 back
                    if (!completed_[base + i] && kind_[base + i] == kind_[at]) {
                        before = i;
                        break;
                    }
                }
            }
            prev_same_kind_[at] = before;
        }
    }
}

}  // namespace lincheck::detail
