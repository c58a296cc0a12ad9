#include "entry_list.hpp"

#include <algorithm>

namespace lincheck::detail::wgl {

void EntryList::build(const Kinds& kinds) {
    // Calls come in call order already (local order); returns are sorted by time, then by local
    // order; the two are merged, calls first at equal times (intervals are closed: ops sharing an
    // instant overlap). The order is the one a stable sort of all entries by time would give.
    std::vector<Raw>& returns = raw_;
    returns.clear();
    const std::uint32_t ops = kinds.ops();
    for (std::uint32_t j = 0; j < ops; ++j) {
        const Operation& op = kinds.op(j);
        if (op.completed()) returns.push_back({op.ret, j});
    }
    const auto earlier = [](const Raw& a, const Raw& b) { return a.time != b.time ? a.time < b.time : a.op < b.op; };
    if (!std::is_sorted(returns.begin(), returns.end(), earlier)) std::sort(returns.begin(), returns.end(), earlier);

    const std::size_t n = ops + returns.size() + 2;
    next.resize(n);
    prev.resize(n);
    entry_op.resize(n);
    match.resize(n);
    is_call.resize(n);
    call_entry.resize(ops);
    priority.resize(ops);
    head = 0;
    tail = static_cast<std::uint32_t>(n - 1);
    for (std::uint32_t e = 0; e < n; ++e) {
        next[e] = e + 1 < n ? e + 1 : kNone;
        prev[e] = e > 0 ? e - 1 : kNone;
        match[e] = kNone;
    }
    entry_op[head] = entry_op[tail] = kNone;
    is_call[head] = is_call[tail] = 0;
    std::uint32_t e = 1, call = 0;
    std::size_t ret = 0;
    while (call < ops || ret < returns.size()) {
        if (call < ops && (ret == returns.size() || kinds.op(call).call <= returns[ret].time)) {
            entry_op[e] = call;
            is_call[e] = 1;
            call_entry[call] = e;
            priority[call] = (std::uint64_t{1} << 32) + e;  // indeterminate: after every completed op
            ++call;
        } else {
            const std::uint32_t op = returns[ret++].op;
            entry_op[e] = op;
            is_call[e] = 0;
            match[call_entry[op]] = e;
            priority[op] = e;  // completed: by its return
        }
        ++e;
    }
}

}  // namespace lincheck::detail::wgl
