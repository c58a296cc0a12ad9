#include "entry_list.hpp"

#include <algorithm>
#include <cstring>
#include <span>

namespace lincheck::detail::wgl {

// Room for n entries (the two sentinels among them) and `ops` ops, the views on the own tables, and
// the sentinels head and tail linked. Sized up only (a reused workspace keeps them): the builds write
// every cell they read.
inline void EntryList::begin(std::size_t n, std::uint32_t ops) {
    if (next.size() < n) {
        for (auto* v : {&next, &prev, &entry_op_, &match_}) v->resize(n);
        is_call_.resize(n);
    }
    if (call_entry_.size() < ops) {
        call_entry_.resize(ops);
        priority_.resize(ops);
    }
    entry_op = entry_op_.data();
    match = match_.data();
    is_call = is_call_.data();
    call_entry = call_entry_.data();
    priority = priority_.data();
    ops_ = ops;
    head = 0;
    tail = static_cast<std::uint32_t>(n - 1);
    next[head] = 1;
    prev[head] = kNone;
    next[tail] = kNone;
    prev[tail] = tail - 1;
    entry_op_[head] = entry_op_[tail] = kNone;
    match_[head] = match_[tail] = kNone;
    is_call_[head] = is_call_[tail] = 0;
}

void EntryList::build(const Kinds& kinds) {
    // Calls come in call order already (local order); returns are sorted by time, then by local
    // order; the two are merged, calls first at equal times (intervals are closed: ops sharing an
    // instant overlap). The order is the one a stable sort of all entries by time would give.
    const std::uint32_t ops = kinds.ops();
    if (raw_.size() < ops) raw_.resize(ops);  // sized up only, written by index (a push_back per op was ~8 more)
    Raw* const raw = raw_.data();
    std::size_t count = 0;
    for (std::uint32_t j = 0; j < ops; ++j) {
        if (kinds.completed[j]) raw[count++] = {kinds.ret[j], j};
    }
    const std::span<Raw> returns(raw, count);
    const auto earlier = [](const Raw& a, const Raw& b) { return a.time != b.time ? a.time < b.time : a.op < b.op; };
    if (returns.size() <= 32) {  // few: an insertion sort, no call
        for (std::size_t i = 1; i < returns.size(); ++i) {
            const Raw x = returns[i];
            std::size_t j = i;
            for (; j > 0 && earlier(x, returns[j - 1]); --j) returns[j] = returns[j - 1];
            returns[j] = x;
        }
    } else if (!std::is_sorted(returns.begin(), returns.end(), earlier)) {
        std::sort(returns.begin(), returns.end(), earlier);
    }

    begin(ops + returns.size() + 2, ops);
    std::uint32_t* const nx = next.data();
    std::uint32_t* const pv = prev.data();
    std::uint32_t* const eop = entry_op_.data();
    std::uint32_t* const mt = match_.data();
    std::uint8_t* const call_of = is_call_.data();
    std::uint32_t* const call_entry = call_entry_.data();
    std::uint64_t* const priority = priority_.data();
    std::uint32_t e = 1, call = 0, open = 0;
    max_open = 0;
    std::size_t ret = 0;
    const std::size_t returned = returns.size();
    // The links in order, apart from the merge (inside its loop they were ~9 instructions an entry):
    // copied from one table on the small path's sizes, as build_small does.
    const std::uint32_t last = static_cast<std::uint32_t>(ops + returned);
    if (last + 2 <= kCounting.size() - 2) {
        std::memcpy(nx, kCounting.data() + 2, (last + 2) * sizeof(std::uint32_t));
        std::memcpy(pv, kCounting.data(), (last + 2) * sizeof(std::uint32_t));
        nx[tail] = kNone;
    } else {
        for (std::uint32_t x = 1; x <= last; ++x) {
            nx[x] = x + 1;
            pv[x] = x - 1;
        }
    }
    while (call < ops || ret < returned) {
        mt[e] = kNone;
        if (call < ops && (ret == returned || kinds.call[call] <= returns[ret].time)) {
            eop[e] = call;
            call_of[e] = 1;
            call_entry[call] = e;
            priority[call] = (std::uint64_t{1} << 32) + e;  // indeterminate: after every completed op
            ++call;
            max_open = std::max(max_open, ++open);
        } else {
            const std::uint32_t op = returns[ret++].op;
            eop[e] = op;
            call_of[e] = 0;
            mt[call_entry[op]] = e;
            priority[op] = e;  // completed: by its return
            --open;
        }
        ++e;
    }
}

}  // namespace lincheck::detail::wgl
