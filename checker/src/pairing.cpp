#include "lincheck/pairing.hpp"

#include <algorithm>
#include <unordered_map>

namespace lincheck {

namespace {

std::string event_words(const Event& e) {
    return std::string(to_string(e.type)) + " of `" + e.f + "` by process " + std::to_string(e.process);
}

void order_by_time(std::vector<Event>& events) {
    for (const Event& e : events) {
        if (!e.time) throw InputError("--order=time needs a `time` on every event; this one has none", e.pos);
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return *a.time < *b.time; });
}

}  // namespace

std::vector<Operation> pair_events(std::vector<Event> events, const PairingOptions& options,
                                   PairingStats* stats) {
    if (options.order_by_time) order_by_time(events);

    std::vector<Operation> ops;
    std::vector<bool> dropped;
    std::unordered_map<std::int64_t, std::size_t> open;  // process -> index in ops
    PairingStats local;
    local.events = events.size();

    for (std::size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        const std::uint64_t tick = i;
        if (e.type == EventType::invoke) {
            if (auto it = open.find(e.process); it != open.end()) {
                const Operation& busy = ops[it->second];
                throw InputError("invoke of `" + e.f + "` by process " + std::to_string(e.process) +
                                     ", but its `" + busy.f + "` invoked at " + describe(busy.invoke_pos) +
                                     " has not completed (a process runs one operation at a time)",
                                 e.pos);
            }
            Operation op;
            op.process = e.process;
            op.f = std::move(e.f);
            op.value = std::move(e.value);
            op.key = std::move(e.key);
            op.outcome = Outcome::pending;
            op.call = tick;
            op.ret = kNever;
            op.invoke_pos = e.pos;
            open.emplace(e.process, ops.size());
            ops.push_back(std::move(op));
            dropped.push_back(false);
            continue;
        }

        auto it = open.find(e.process);
        if (it == open.end()) {
            throw InputError(event_words(e) + " has no open invoke on that process", e.pos);
        }
        const std::size_t index = it->second;
        Operation& op = ops[index];
        if (e.f != op.f) {
            throw InputError(event_words(e) + " completes an invoke of `" + op.f + "` at " +
                                 describe(op.invoke_pos) + ": the f differs",
                             e.pos);
        }
        if (e.key && op.key && !(*e.key == *op.key)) {
            throw InputError(event_words(e) + " names key " + e.key->to_string() + " but its invoke at " +
                                 describe(op.invoke_pos) + " named " + op.key->to_string(),
                             e.pos);
        }
        if (e.key && !op.key) op.key = std::move(e.key);
        open.erase(it);
        op.complete_pos = e.pos;
        switch (e.type) {
            case EventType::ok:
                op.outcome = Outcome::ok;
                op.ret = tick;
                if (e.has_value) op.value = std::move(e.value);
                break;
            case EventType::fail:
                op.outcome = Outcome::failed;
                dropped[index] = true;
                ++local.failed_dropped;
                break;
            case EventType::info: op.outcome = Outcome::info; break;
            case EventType::pending: op.outcome = Outcome::pending; break;
            case EventType::invoke: break;  // handled above
        }
    }

    std::vector<Operation> kept;
    kept.reserve(ops.size() - local.failed_dropped);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (dropped[i]) {
            local.failed.push_back(std::move(ops[i]));
            continue;
        }
        if (!ops[i].completed()) ++local.indeterminate;
        kept.push_back(std::move(ops[i]));
    }
    if (stats) *stats = local;
    return kept;
}

}  // namespace lincheck
