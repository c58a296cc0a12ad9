// The recorded history as the checker and the files see it: operations (with positions as event
// indices) and events in real-time order, built from the Recorder's compact records.
// Saving them as JSON Lines is formats/include/lincheck/formats/write_jsonl.hpp's job.
#include "lincheck/recorder.hpp"

namespace lincheck {

Value Recorder::value_of(Datum::Kind kind, Slot s) const {
    switch (kind) {
        case Datum::Kind::nil: return Value::nil();
        case Datum::Kind::integer: return Value::integer(s.a);
        case Datum::Kind::pair: return Value::list({Value::integer(s.a), Value::integer(s.b)});
        case Datum::Kind::value: return values_[static_cast<std::size_t>(s.a)];
    }
    return Value::nil();
}

Operation Recorder::to_operation(const Record& r) const {
    Operation op;
    op.process = r.process;
    op.f = functions_[static_cast<std::size_t>(r.f)];
    const bool took_result = r.status == Status::ok && r.has_result;
    op.value = took_result ? value_of(r.result_kind, r.result) : value_of(r.value_kind, r.value);
    if (keyed_ == 1) op.key = value_of(r.key_kind, {r.key, 0});
    op.call = r.call;
    op.invoke_pos.event_index = std::uint64_t{r.call} + 1;
    switch (r.status) {
        case Status::open: op.outcome = Outcome::pending; break;
        case Status::ok:
            op.outcome = Outcome::ok;
            op.ret = r.ret;
            break;
        case Status::failed: op.outcome = Outcome::failed; break;
        case Status::info: op.outcome = Outcome::info; break;
    }
    if (r.status != Status::open) op.complete_pos.event_index = std::uint64_t{r.ret} + 1;
    return op;
}

std::vector<Operation> Recorder::operations(std::vector<Operation>* failed) const {
    std::vector<Operation> ops;
    ops.reserve(records_.size());
    for (const Record& r : records_) {
        if (r.status == Status::failed) {
            if (failed) failed->push_back(to_operation(r));
            continue;
        }
        ops.push_back(to_operation(r));
    }
    return ops;
}

std::vector<Event> Recorder::to_events() const {
    // Event ticks are dense: each invoke and each completion took the next one.
    std::vector<std::uint32_t> at(ticks_);
    for (std::uint32_t i = 0; i < records_.size(); ++i) {
        at[records_[i].call] = 2 * i;
        if (records_[i].status != Status::open) at[records_[i].ret] = 2 * i + 1;
    }
    std::vector<Event> events;
    events.reserve(ticks_);
    for (std::uint32_t t = 0; t < ticks_; ++t) {
        const Record& r = records_[at[t] / 2];
        const bool completion = at[t] % 2 == 1;
        Event e;
        e.process = r.process;
        e.f = functions_[static_cast<std::size_t>(r.f)];
        if (!completion) {
            e.type = EventType::invoke;
        } else {
            switch (r.status) {
                case Status::ok: e.type = EventType::ok; break;
                case Status::failed: e.type = EventType::fail; break;
                case Status::info: e.type = EventType::info; break;
                case Status::open: break;  // not reached: open operations have no completion
            }
        }
        const bool result = completion && r.status == Status::ok && r.has_result;
        e.value = result ? value_of(r.result_kind, r.result) : value_of(r.value_kind, r.value);
        e.has_value = true;
        if (keyed_ == 1) e.key = value_of(r.key_kind, {r.key, 0});
        e.pos.event_index = std::uint64_t{t} + 1;
        events.push_back(std::move(e));
    }
    return events;
}

}  // namespace lincheck
