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

std::uint64_t Pairer::open_of(std::int64_t process) const {
    if (process >= 0 && process < kDirect) {
        const auto p = static_cast<std::size_t>(process);
        return p < open_direct_.size() ? open_direct_[p] : kNoOp;
    }
    const auto it = open_other_.find(process);
    return it == open_other_.end() ? kNoOp : it->second;
}

void Pairer::set_open(std::int64_t process, std::uint64_t index) {
    if (process >= 0 && process < kDirect) {
        const auto p = static_cast<std::size_t>(process);
        if (p >= open_direct_.size()) open_direct_.resize(p + 1, kNoOp);
        open_direct_[p] = index;
    } else if (index == kNoOp) {
        open_other_.erase(process);
    } else {
        open_other_[process] = index;
    }
}

void Pairer::add(Event&& e) {
    const std::uint64_t tick = tick_++;
    ++stats_.events;
    if (e.type == EventType::invoke) {
        if (const std::uint64_t busy_index = open_of(e.process); busy_index != kNoOp) {
            const Operation& busy = op_at(busy_index);
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
        set_open(e.process, base_ + window_.size());
        window_.push_back(std::move(op));
        slots_.push_back(Slot::open);
        return;
    }

    const std::uint64_t index = open_of(e.process);
    if (index == kNoOp) throw InputError(event_words(e) + " has no open invoke on that process", e.pos);
    Operation& op = op_at(index);
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
    set_open(e.process, kNoOp);
    op.complete_pos = e.pos;
    switch (e.type) {
        case EventType::ok:
            op.outcome = Outcome::ok;
            op.ret = tick;
            if (e.has_value) op.value = std::move(e.value);
            break;
        case EventType::fail:
            op.outcome = Outcome::failed;
            ++stats_.failed_dropped;
            break;
        case EventType::info: op.outcome = Outcome::info; break;
        case EventType::pending: op.outcome = Outcome::pending; break;
        case EventType::invoke: break;  // handled above
    }
    slots_[index - base_] = op.outcome == Outcome::failed ? Slot::dropped : Slot::kept;
    if (index == base_ + head_) settle(false);
}

void Pairer::settle(bool everything) {
    for (; head_ < window_.size(); ++head_) {
        if (slots_[head_] == Slot::open && !everything) break;
        Operation& op = window_[head_];
        if (op.outcome == Outcome::failed) {
            stats_.failed.push_back(std::move(op));
            continue;
        }
        if (!op.completed()) ++stats_.indeterminate;
        out_.push_back(std::move(op));
    }
    // Drop the settled front once it is most of the window (amortised: each operation moves once).
    if (head_ >= 1024 && head_ * 2 >= window_.size()) {
        window_.erase(window_.begin(), window_.begin() + static_cast<std::ptrdiff_t>(head_));
        slots_.erase(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(head_));
        base_ += head_;
        head_ = 0;
    }
}

std::vector<Operation> Pairer::finish(PairingStats* stats) {
    settle(true);  // what is still open was pending when the log ended: indeterminate
    if (stats) *stats = std::move(stats_);
    std::vector<Operation> out = std::move(out_);
    *this = Pairer();
    return out;
}

}  // namespace lincheck
