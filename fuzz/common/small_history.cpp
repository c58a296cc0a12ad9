#include "common/small_history.hpp"

#include <algorithm>

namespace lincheck::fuzz::detail {

std::string_view model_name(FuzzModel m) {
    switch (m) {
        case FuzzModel::register_: return "register";
        case FuzzModel::cas_register: return "cas-register";
        case FuzzModel::counter: return "counter";
        case FuzzModel::set: return "set";
        case FuzzModel::fifo_queue: return "fifo-queue";
        case FuzzModel::unordered_queue: return "unordered-queue";
        case FuzzModel::mutex: return "mutex";
        case FuzzModel::kv: return "kv";
        case FuzzModel::multi_register: return "multi-register";
        case FuzzModel::count: break;
    }
    return "register";
}

namespace {

// A small value: nil sometimes, else 0..2.
Value small_int(Bytes& b, bool may_be_nil) {
    const unsigned v = b.below(may_be_nil ? 4 : 3);
    return v == 3 ? Value::nil() : Value::integer(v);
}

Value small_string(Bytes& b) {
    static constexpr std::string_view kStrings[] = {"", "a", "b", "ab", "ba", "aa"};
    return Value::string(std::string(kStrings[b.below(6)]));
}

Value subset_list(Bytes& b) {
    const unsigned bits = b.below(9);  // 8: nil
    if (bits == 8) return Value::nil();
    std::vector<Value> items;
    for (unsigned i = 0; i < 3; ++i) {
        if (bits & (1u << i)) items.push_back(Value::integer(i));
    }
    return Value::list(std::move(items));
}

Value txn(Bytes& b) {
    std::vector<Value> micro;
    const unsigned n = 1 + b.below(2);
    for (unsigned i = 0; i < n; ++i) {
        const bool write = b.below(2) == 0;
        const Value reg = Value::string(b.below(2) == 0 ? "x" : "y");
        Value v = write ? Value::integer(b.below(3)) : Value::nil();
        micro.push_back(Value::list({Value::string(write ? "write" : "read"), reg, std::move(v)}));
    }
    return Value::list(std::move(micro));
}

Invocation call(std::string f, Value value = Value::nil(), bool has_value = true) {
    Invocation inv;
    inv.f = std::move(f);
    inv.value = std::move(value);
    inv.has_value = has_value;
    return inv;
}

}  // namespace

Invocation invocation(FuzzModel m, Bytes& b) {
    const unsigned pick = b.next();
    switch (m) {
        case FuzzModel::register_:
            return pick % 2 ? call("write", Value::integer(b.below(3))) : call("read", Value::nil(), false);
        case FuzzModel::cas_register:
            if (pick % 3 == 2) return call("cas", Value::list({Value::integer(b.below(3)), Value::integer(b.below(3))}));
            return pick % 3 ? call("write", Value::integer(b.below(3))) : call("read", Value::nil(), false);
        case FuzzModel::counter:
            return pick % 2 ? call("add", Value::integer(static_cast<int>(b.below(4)) - 1))
                            : call("read", Value::nil(), false);
        case FuzzModel::set:
            return pick % 2 ? call("add", Value::integer(b.below(3))) : call("read", Value::nil(), false);
        case FuzzModel::fifo_queue:
        case FuzzModel::unordered_queue:
            return pick % 2 ? call("enqueue", Value::integer(b.below(3)))
                            : call("dequeue", Value::nil(), false);
        case FuzzModel::mutex: return call(pick % 2 ? "acquire" : "release", Value::nil(), false);
        case FuzzModel::kv: {
            Invocation inv;
            inv.key = Value::integer(b.below(2));
            if (pick % 3 == 0) {
                inv.f = "get";
                inv.has_value = false;
            } else {
                inv.f = pick % 3 == 1 ? "put" : "append";
                inv.value = small_string(b);
            }
            return inv;
        }
        case FuzzModel::multi_register: return call("txn", txn(b));
        case FuzzModel::count: break;
    }
    return call("read", Value::nil(), false);
}

namespace {

// The value an `ok` completion carries (has_value false: the invoke's value stands).
Value result(FuzzModel m, const Invocation& inv, Bytes& b, bool& has_value) {
    has_value = true;
    const bool reads = inv.f == "read" || inv.f == "get" || inv.f == "dequeue" || inv.f == "txn";
    if (!reads) {
        has_value = b.below(4) == 0;  // usually the invoke's value stands; sometimes the ok repeats it
        return inv.value;
    }
    switch (m) {
        case FuzzModel::set: return subset_list(b);
        case FuzzModel::kv: return b.below(5) == 0 ? Value::nil() : small_string(b);
        case FuzzModel::multi_register: {
            // The invoke's micro-ops, with results for the reads.
            std::vector<Value> micro;
            for (const Value& m : inv.value.items()) {
                const bool read = m.items()[0] == Value::string("read");
                micro.push_back(Value::list({m.items()[0], m.items()[1], read ? small_int(b, true) : m.items()[2]}));
            }
            return Value::list(std::move(micro));
        }
        case FuzzModel::counter: {
            const unsigned v = b.below(5);
            return v == 4 ? Value::nil() : Value::integer(static_cast<int>(v) - 1);
        }
        default: return small_int(b, true);
    }
}

ModelOptions model_options(FuzzModel m, unsigned bits) {
    ModelOptions options;
    options.nil_read_is_unknown = (bits & 1) != 0;
    if ((bits & 2) == 0) return options;
    switch (m) {
        case FuzzModel::register_:
        case FuzzModel::cas_register: options.initial = Value::integer(0); break;
        case FuzzModel::counter: options.initial = Value::integer(1); break;
        case FuzzModel::set: options.initial = Value::list({Value::integer(0)}); break;
        case FuzzModel::fifo_queue:
        case FuzzModel::unordered_queue: options.initial = Value::list({Value::integer(1), Value::integer(0)}); break;
        case FuzzModel::mutex: options.initial = Value::boolean(true); break;
        case FuzzModel::kv: options.initial = Value::nil(); break;
        case FuzzModel::multi_register:
            options.initial = Value::map({{Value::string("x"), Value::integer(0)}});
            break;
        case FuzzModel::count: break;
    }
    return options;
}

}  // namespace

Event invoke_event(std::int64_t process, const Invocation& inv) {
    Event e;
    e.process = process;
    e.type = EventType::invoke;
    e.f = inv.f;
    e.value = inv.value;
    e.has_value = inv.has_value;
    e.key = inv.key;
    return e;
}

Event completion_event(std::int64_t process, const Invocation& inv, unsigned pick) {
    Event e;
    e.process = process;
    const unsigned outcome = (pick >> 2) % 8;
    e.type = outcome < 5 ? EventType::ok : outcome == 5 ? EventType::info : outcome == 6 ? EventType::fail : EventType::pending;
    e.f = inv.f;
    e.key = inv.key;
    e.value = inv.value;
    e.has_value = e.type != EventType::pending;
    return e;
}

FuzzHistory history_from_bytes(std::string_view data) {
    Bytes b(data);
    FuzzHistory h;
    h.model = static_cast<FuzzModel>(b.below(static_cast<unsigned>(FuzzModel::count)));
    h.options = model_options(h.model, b.next());
    const unsigned processes = 1 + b.below(4);
    std::vector<std::optional<Invocation>> open(processes);
    int invoked = 0;
    while (!b.empty()) {
        const unsigned pick = b.next();
        const unsigned p = pick % processes;
        Event e;
        if (!open[p]) {
            if (invoked == kMaxFuzzOps) {
                if (std::none_of(open.begin(), open.end(), [](const auto& o) { return o.has_value(); })) break;
                continue;
            }
            Invocation inv = invocation(h.model, b);
            e = invoke_event(p, inv);
            open[p] = std::move(inv);
            ++invoked;
        } else {
            const Invocation& inv = *open[p];
            e = completion_event(p, inv, pick);
            if (e.type == EventType::ok) e.value = result(h.model, inv, b, e.has_value);
            else if (e.type == EventType::info) e.value = Value::keyword("timed-out");
            open[p].reset();
        }
        e.pos.event_index = h.events.size() + 1;
        h.events.push_back(std::move(e));
    }
    return h;
}

}  // namespace lincheck::fuzz::detail
