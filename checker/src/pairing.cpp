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
    Pairer pairer;
    for (Event& e : events) pairer.add(std::move(e));
    return pairer.finish(stats);
}

void Pairer::add(Event&& e) {
    const std::uint64_t tick = tick_++;
    ++stats_.events;
    if (e.type == EventType::invoke) {
        if (auto it = open_.find(e.process); it != open_.end()) {
            const Operation& busy = ops_[it->second];
            throw InputError("invoke of `" + e.f + "` by process " + std::to_string(e.process) + ", but its `" +
                                 busy.f + "` invoked at " + describe(busy.invoke_pos) +
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
        open_.emplace(e.process, ops_.size());
        ops_.push_back(std::move(op));
        dropped_.push_back(false);
        return;
    }

    auto it = open_.find(e.process);
    if (it == open_.end()) throw InputError(event_words(e) + " has no open invoke on that process", e.pos);
    const std::size_t index = it->second;
    Operation& op = ops_[index];
    if (e.f != op.f) {
        throw InputError(event_words(e) + " completes an invoke of `" + op.f + "` at " + describe(op.invoke_pos) +
                             ": the f differs",
                         e.pos);
    }
    if (e.key && op.key && !(*e.key == *op.key)) {
        throw InputError(event_words(e) + " names key " + e.key->to_string() + " but its invoke at " +
                             describe(op.invoke_pos) + " named " + op.key->to_string(),
                         e.pos);
    }
    if (e.key && !op.key) op.key = std::move(e.key);
    open_.erase(it);
    op.complete_pos = e.pos;
    switch (e.type) {
        case EventType::ok:
            op.outcome = Outcome::ok;
            op.ret = tick;
            if (e.has_value) op.value = std::move(e.value);
            break;
        case EventType::fail:
            op.outcome = Outcome::failed;
            dropped_[index] = true;
            ++stats_.failed_dropped;
            break;
        case EventType::info: op.outcome = Outcome::info; break;
        case EventType::pending: op.outcome = Outcome::pending; break;
        case EventType::invoke: break;  // handled above
    }
}

std::vector<Operation> Pairer::finish(PairingStats* stats) {
    // Compact in place: failed operations move to the stats, the others keep their order.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < ops_.size(); ++i) {
        if (dropped_[i]) {
            stats_.failed.push_back(std::move(ops_[i]));
            continue;
        }
        if (!ops_[i].completed()) ++stats_.indeterminate;
        if (kept != i) ops_[kept] = std::move(ops_[i]);
        ++kept;
    }
    ops_.resize(kept);
    if (stats) *stats = std::move(stats_);
    stats_ = {};
    dropped_.clear();
    open_.clear();
    tick_ = 0;
    return std::move(ops_);
}

}  // namespace lincheck
