#include "support/random_history.hpp"

#include <optional>

namespace lincheck::testing {

namespace {

struct InFlight {
    std::size_t invoke_event;
    bool applied = false;
    bool failed = false;  // a cas whose compare did not match: it does not take effect
    Value result;
};

}  // namespace

std::vector<Event> random_register_history(std::mt19937_64& rng, const RandomHistoryOptions& o) {
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
    auto random_value = [&] { return Value::integer(pick(o.values)); };

    std::vector<Event> events;
    Value reg;  // nil: never written
    std::vector<std::optional<InFlight>> flight(static_cast<std::size_t>(o.processes));
    std::vector<std::int64_t> process_id(flight.size());
    for (std::size_t p = 0; p < flight.size(); ++p) process_id[p] = static_cast<std::int64_t>(p);
    std::int64_t next_id = o.processes;
    int invoked = 0;

    auto in_flight = [&] {
        for (const auto& f : flight) {
            if (f) return true;
        }
        return false;
    };
    while (invoked < o.operations || in_flight()) {
        const auto p = static_cast<std::size_t>(pick(o.processes));
        auto& slot = flight[p];
        if (!slot) {
            if (invoked == o.operations) continue;
            ++invoked;
            Event e;
            e.process = process_id[p];
            e.type = EventType::invoke;
            const int kind = pick(o.cas ? 3 : 2);
            if (kind == 0) {
                e.f = "read";
            } else if (kind == 1) {
                e.f = "write";
                e.value = random_value();
            } else {
                e.f = "cas";
                e.value = Value::list({random_value(), random_value()});
            }
            e.has_value = true;
            slot = InFlight{events.size(), false, false, Value()};
            events.push_back(std::move(e));
            continue;
        }
        const Event& invoke = events[slot->invoke_event];
        if (!slot->applied && !slot->failed && !chance(o.fail_rate)) {
            // The op takes effect now, atomically.
            if (invoke.f == "read") {
                slot->result = reg;
            } else if (invoke.f == "write") {
                reg = invoke.value;
                slot->result = invoke.value;
            } else if (invoke.value.items()[0] == reg) {
                reg = invoke.value.items()[1];
                slot->result = invoke.value;
            } else {
                slot->failed = true;
                continue;
            }
            slot->applied = true;
            continue;
        }
        // Complete it (or crash it).
        Event e;
        e.process = invoke.process;
        e.f = invoke.f;
        if (chance(o.pending_rate)) {
            // Never completes: the log ends with it in flight. Free the process under a new id.
            slot.reset();
            process_id[p] = next_id++;
            continue;
        }
        if (chance(o.info_rate)) {
            e.type = EventType::info;
            e.value = Value::keyword("timed-out");
            e.has_value = true;
            events.push_back(std::move(e));
            slot.reset();
            if (!o.reuse_process_after_info) process_id[p] = next_id++;
            continue;
        }
        if (slot->applied) {
            e.type = EventType::ok;
            e.value = slot->result;
        } else {
            e.type = EventType::fail;
            e.value = invoke.value;
        }
        e.has_value = true;
        events.push_back(std::move(e));
        slot.reset();
    }

    if (chance(o.corrupt_rate)) {
        std::vector<std::size_t> candidates;
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (events[i].type == EventType::ok) candidates.push_back(i);
        }
        if (!candidates.empty()) {
            Event& e = events[candidates[static_cast<std::size_t>(pick(static_cast<int>(candidates.size())))]];
            if (e.f == "read") {
                e.value = chance(0.2) ? Value::nil() : random_value();
            } else {
                e.type = EventType::fail;  // it took effect, but the log says it did not
            }
        }
    }
    for (std::size_t i = 0; i < events.size(); ++i) events[i].pos.event_index = i + 1;
    return events;
}

void assign_keys(std::vector<Event>& events, std::mt19937_64& rng, int keys) {
    std::vector<std::int64_t> key_of_process;
    for (Event& e : events) {
        const auto p = static_cast<std::size_t>(e.process);
        if (key_of_process.size() <= p) key_of_process.resize(p + 1, 0);
        if (e.type == EventType::invoke) key_of_process[p] = static_cast<std::int64_t>(rng() % static_cast<unsigned>(keys));
        e.key = Value::integer(key_of_process[p]);
    }
}

}  // namespace lincheck::testing
