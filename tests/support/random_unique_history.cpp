#include "support/random_unique_history.hpp"

#include <algorithm>
#include <optional>

namespace lincheck::testing {

std::vector<Operation> random_unique_register(std::mt19937_64& rng, const UniqueHistoryOptions& o) {
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
    const std::string write_f = o.kv ? "put" : "write", read_f = o.kv ? "get" : "read";
    const Value initial = o.kv ? Value::string("") : o.initial.value_or(Value::nil());
    auto make_value = [&](int n) { return o.kv ? Value::string("v" + std::to_string(n)) : Value::integer(n); };

    std::vector<Operation> ops;
    std::vector<Value> written;
    Value reg = initial;
    struct Slot {
        std::size_t op;
        bool applied;
    };
    std::vector<std::optional<Slot>> flight(static_cast<std::size_t>(o.processes));
    std::vector<std::int64_t> id(flight.size());
    for (std::size_t p = 0; p < id.size(); ++p) id[p] = static_cast<std::int64_t>(p);
    std::int64_t next_id = o.processes;
    std::uint64_t now = 0;
    int invoked = 0, next_value = 1;
    auto busy = [&] { return std::any_of(flight.begin(), flight.end(), [](const auto& s) { return s.has_value(); }); };
    while (invoked < o.operations || busy()) {
        const std::size_t p = pick(flight.size());
        auto& slot = flight[p];
        if (!slot) {
            if (invoked == o.operations) continue;
            ++invoked;
            Operation op;
            op.process = id[p];
            if (o.kv) op.key = Value::string("k");
            op.call = now;
            now += 2;
            if (chance(0.5)) {
                op.f = write_f;
                op.value = !written.empty() && chance(o.duplicate_rate) ? written[pick(written.size())]
                                                                        : make_value(next_value++);
                written.push_back(op.value);
            } else {
                op.f = read_f;
            }
            slot = Slot{ops.size(), false};
            ops.push_back(std::move(op));
            continue;
        }
        Operation& op = ops[slot->op];
        if (!slot->applied && chance(0.85)) {
            if (op.f == write_f) reg = op.value;
            else op.value = reg;
            slot->applied = true;
            continue;
        }
        if (chance(o.crash_rate) || chance(o.pending_rate)) {
            op.outcome = chance(0.5) ? Outcome::info : Outcome::pending;
            if (op.f == read_f) op.value = Value::nil();
            slot.reset();
            id[p] = next_id++;
            continue;
        }
        if (!slot->applied) continue;  // it must take effect before it completes ok
        op.ret = now;
        now += 2;
        slot.reset();
    }

    if (chance(o.corrupt_rate)) {
        const int corruptions = 1 + static_cast<int>(pick(3));
        bool shrunk = false;
        for (int c = 0; c < corruptions; ++c) {
            Operation& op = ops[pick(ops.size())];
            if (op.f == read_f && op.completed()) {
                const std::size_t choice = pick(written.size() + 2);
                op.value = choice < written.size() ? written[choice] : choice == written.size() ? initial : make_value(999);
            } else if (op.completed() && !shrunk) {
                // Start it later within its span (at an odd position, which no event has): real
                // time gets stricter.
                const std::uint64_t steps = (op.ret - op.call) / 2;
                op.call += 2 * pick(steps) + 1;
                shrunk = true;
            }
        }
        std::stable_sort(ops.begin(), ops.end(), [](const Operation& a, const Operation& b) { return a.call < b.call; });
    }
    return ops;
}

std::vector<Operation> random_unique_queue(std::mt19937_64& rng, const UniqueHistoryOptions& o) {
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
    std::vector<Operation> ops;
    std::vector<Value> enqueued;
    std::vector<Value> queue;  // front first
    struct Slot {
        std::size_t op;
        bool applied;
    };
    std::vector<std::optional<Slot>> flight(static_cast<std::size_t>(o.processes));
    std::vector<std::int64_t> id(flight.size());
    for (std::size_t p = 0; p < id.size(); ++p) id[p] = static_cast<std::int64_t>(p);
    std::int64_t next_id = o.processes;
    std::uint64_t now = 0;
    int invoked = 0, next_value = 1;
    auto busy = [&] { return std::any_of(flight.begin(), flight.end(), [](const auto& s) { return s.has_value(); }); };
    while (invoked < o.operations || busy()) {
        const std::size_t p = pick(flight.size());
        auto& slot = flight[p];
        if (!slot) {
            if (invoked == o.operations) continue;
            ++invoked;
            Operation op;
            op.process = id[p];
            op.call = now;
            now += 2;
            if (chance(0.55)) {
                op.f = "enqueue";
                op.value = !enqueued.empty() && chance(o.duplicate_rate) ? enqueued[pick(enqueued.size())]
                                                                         : Value::integer(next_value++);
                enqueued.push_back(op.value);
            } else {
                op.f = "dequeue";
            }
            slot = Slot{ops.size(), false};
            ops.push_back(std::move(op));
            continue;
        }
        Operation& op = ops[slot->op];
        if (!slot->applied && chance(0.85)) {
            if (op.f == "enqueue") {
                queue.push_back(op.value);
            } else if (queue.empty()) {
                op.value = Value::nil();
            } else {
                op.value = queue.front();
                queue.erase(queue.begin());
            }
            slot->applied = true;
            continue;
        }
        const double crash = op.f == "enqueue" ? o.crash_rate + o.pending_rate : (o.crash_rate + o.pending_rate) * o.dequeue_crash_share;
        if (chance(crash)) {
            op.outcome = chance(0.5) ? Outcome::info : Outcome::pending;
            if (op.f == "dequeue") op.value = Value::nil();
            slot.reset();
            id[p] = next_id++;
            continue;
        }
        if (!slot->applied) continue;
        op.ret = now;
        now += 2;
        slot.reset();
    }

    if (chance(o.corrupt_rate)) {
        const int corruptions = 1 + static_cast<int>(pick(3));
        bool shrunk = false;
        for (int c = 0; c < corruptions; ++c) {
            Operation& op = ops[pick(ops.size())];
            if (op.f == "dequeue" && op.completed() && chance(0.7)) {
                const std::size_t choice = pick(enqueued.size() + 2);
                op.value = choice < enqueued.size() ? enqueued[choice] : choice == enqueued.size() ? Value::nil() : Value::integer(999);
            } else if (op.completed() && !shrunk) {
                const std::uint64_t steps = (op.ret - op.call) / 2;
                op.call += 2 * pick(steps) + 1;
                shrunk = true;
            }
        }
        std::stable_sort(ops.begin(), ops.end(), [](const Operation& a, const Operation& b) { return a.call < b.call; });
    }
    return ops;
}

std::vector<Operation> random_unique_set(std::mt19937_64& rng, const UniqueHistoryOptions& o) {
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
    std::vector<Operation> ops;
    std::vector<Value> added;
    std::vector<Value> set;  // what the set holds, initial elements first
    if (o.initial) set.assign(o.initial->items().begin(), o.initial->items().end());
    const auto as_read = [&](std::vector<Value> items) {
        std::shuffle(items.begin(), items.end(), rng);
        if (!items.empty() && chance(0.1)) items.push_back(items.front());  // a list may repeat an element
        return Value::list(std::move(items));
    };
    struct Slot {
        std::size_t op;
        bool applied;
    };
    std::vector<std::optional<Slot>> flight(static_cast<std::size_t>(o.processes));
    std::vector<std::int64_t> id(flight.size());
    for (std::size_t p = 0; p < id.size(); ++p) id[p] = static_cast<std::int64_t>(p);
    std::int64_t next_id = o.processes;
    std::uint64_t now = 0;
    int invoked = 0, next_value = 1;
    auto busy = [&] { return std::any_of(flight.begin(), flight.end(), [](const auto& s) { return s.has_value(); }); };
    while (invoked < o.operations || busy()) {
        const std::size_t p = pick(flight.size());
        auto& slot = flight[p];
        if (!slot) {
            if (invoked == o.operations) continue;
            ++invoked;
            Operation op;
            op.process = id[p];
            op.call = now;
            now += 2;
            if (chance(0.6)) {
                op.f = "add";
                op.value = !added.empty() && chance(o.duplicate_rate) ? added[pick(added.size())] : Value::integer(next_value++);
                added.push_back(op.value);
            } else {
                op.f = "read";
            }
            slot = Slot{ops.size(), false};
            ops.push_back(std::move(op));
            continue;
        }
        Operation& op = ops[slot->op];
        if (!slot->applied && chance(0.85)) {
            if (op.f == "add") set.push_back(op.value);
            else op.value = as_read(set);
            slot->applied = true;
            continue;
        }
        if (chance(o.crash_rate) || chance(o.pending_rate)) {
            op.outcome = chance(0.5) ? Outcome::info : Outcome::pending;
            if (op.f == "read") op.value = Value::nil();
            slot.reset();
            id[p] = next_id++;
            continue;
        }
        if (!slot->applied) continue;
        op.ret = now;
        now += 2;
        slot.reset();
    }

    if (chance(o.corrupt_rate)) {
        const int corruptions = 1 + static_cast<int>(pick(3));
        bool shrunk = false;
        for (int c = 0; c < corruptions; ++c) {
            Operation& op = ops[pick(ops.size())];
            if (op.f == "read" && op.completed() && chance(0.7)) {
                std::vector<Value> items(op.value.items().begin(), op.value.items().end());
                const std::size_t choice = pick(3);
                if (choice == 0 && !items.empty()) items.erase(items.begin() + static_cast<std::ptrdiff_t>(pick(items.size())));
                else if (choice == 1 && !added.empty()) items.push_back(added[pick(added.size())]);
                else items.push_back(Value::integer(999));
                op.value = Value::list(std::move(items));
            } else if (op.completed() && !shrunk) {
                const std::uint64_t steps = (op.ret - op.call) / 2;
                op.call += 2 * pick(steps) + 1;
                shrunk = true;
            }
        }
        std::stable_sort(ops.begin(), ops.end(), [](const Operation& a, const Operation& b) { return a.call < b.call; });
    }
    return ops;
}

}  // namespace lincheck::testing
