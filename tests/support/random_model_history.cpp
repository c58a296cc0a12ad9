#include "support/random_model_history.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck::testing {

namespace {

struct InFlight {
    std::size_t invoke_event;
    SmallOp call;
    bool applied = false;
    bool refused = false;  // could not take effect: it will be logged fail
    Value result;
};

// Whether a completed `f` may return nil (a dequeue of an empty queue, a read of nothing written).
bool accepts_nil_result(const Model& model, const std::string& f) {
    Operation op;
    op.f = f;
    try {
        model.validate(op);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

RandomModelHistory random_model_history(std::string_view model, const ModelOptions& model_options,
                                        std::mt19937_64& rng, const RandomModelHistoryOptions& o) {
    RandomModelHistory out;
    const ModelInfo* info = find_model(model);
    if (!info) return out;
    const ModelGenerator& generator = *info->generator;
    RandomChoices d(rng);
    const auto checker_model = info->make(model_options);
    const bool keyed = checker_model->keeps_keys_apart();
    const long keys = keyed ? 1 + d.pick(2) : 1;
    std::map<Value, std::unique_ptr<ObjectSimulator>> objects;  // one per key
    auto object = [&](const SmallOp& call) -> ObjectSimulator& {
        auto& slot = objects[call.key.value_or(Value::nil())];
        if (!slot) slot = generator.simulate(model_options);
        return *slot;
    };
    Mix mix;
    mix.values = o.kv_append_heavy ? 0 : o.values;
    if (o.kv_append_heavy) mix.update_rate = 0.6;
    long next_value = 0;

    std::vector<Event>& events = out.events;
    std::vector<std::optional<InFlight>> flight(static_cast<std::size_t>(o.processes));
    std::vector<std::optional<SmallOp>> previous(flight.size());  // a mutex client alternates
    std::vector<std::int64_t> process_id(flight.size());
    for (std::size_t p = 0; p < flight.size(); ++p) process_id[p] = static_cast<std::int64_t>(p);
    std::int64_t next_id = o.processes;
    int invoked = 0;

    // What apply settles late (a cas's expected value) goes back into the invoke event.
    auto settle = [&](InFlight& slot) {
        if (!slot.applied) object(slot.call).never_applied(slot.call, d);
        events[slot.invoke_event].value = slot.call.value;
    };
    auto in_flight = [&] { return std::any_of(flight.begin(), flight.end(), [](const auto& f) { return f.has_value(); }); };
    while (invoked < o.operations || in_flight()) {
        const auto p = static_cast<std::size_t>(d.pick(o.processes));
        auto& slot = flight[p];
        if (!slot) {
            if (invoked == o.operations) continue;
            ++invoked;
            SmallOp call = draw_op(generator, d, mix, previous[p] ? &*previous[p] : nullptr, next_value);
            if (keyed) call.key = Value::string("k" + std::to_string(d.pick(keys)));
            Event e;
            e.process = process_id[p];
            e.type = EventType::invoke;
            e.f = call.f;
            e.value = call.value;
            e.has_value = call.has_value;
            e.key = call.key;
            slot = InFlight{events.size(), call, false, false, Value()};
            previous[p] = std::move(call);
            events.push_back(std::move(e));
            continue;
        }
        if (!slot->applied && !slot->refused && !d.chance(o.fail_rate)) {
            // The op takes effect now, atomically.
            if (auto result = object(slot->call).apply(slot->call, d)) {
                slot->result = std::move(*result);
                slot->applied = true;
            } else {
                slot->refused = true;
            }
            continue;
        }
        settle(*slot);
        Event e;
        e.process = events[slot->invoke_event].process;
        e.f = slot->call.f;
        e.key = slot->call.key;
        e.has_value = true;
        if (d.chance(o.pending_rate)) {
            // Never completes: the log ends with it in flight. Free the process under a new id.
            slot.reset();
            previous[p].reset();
            process_id[p] = next_id++;
            continue;
        }
        if (d.chance(o.info_rate)) {
            e.type = EventType::info;
            e.value = Value::keyword("timed-out");
            events.push_back(std::move(e));
            slot.reset();
            previous[p].reset();
            if (!o.reuse_process_after_info) process_id[p] = next_id++;
            continue;
        }
        e.type = slot->applied ? EventType::ok : EventType::fail;
        e.value = slot->applied ? slot->result : slot->call.value;
        events.push_back(std::move(e));
        slot.reset();
    }

    if (d.chance(o.corrupt_rate)) {
        std::vector<std::size_t> candidates;
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (events[i].type == EventType::ok || events[i].type == EventType::fail) candidates.push_back(i);
        }
        if (!candidates.empty()) {
            out.corrupted = true;
            Event& e = events[candidates[static_cast<std::size_t>(d.pick(static_cast<long>(candidates.size())))]];
            SmallOp call{e.f, e.value, e.has_value, e.key};
            if (e.type == EventType::fail) {
                e.type = EventType::ok;  // did not take effect, but the log says it did
            } else if (auto wrong = object(call).corrupt(call, e.value, d)) {
                e.value = d.chance(0.1) && accepts_nil_result(*checker_model, e.f) ? Value::nil() : std::move(*wrong);
            } else {
                e.type = EventType::fail;  // took effect, but the log says it did not
            }
        }
    }
    for (std::size_t i = 0; i < events.size(); ++i) events[i].pos.event_index = i + 1;
    return out;
}

}  // namespace lincheck::testing
