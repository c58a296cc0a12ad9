#include "support/random_unique_history.hpp"

#include <algorithm>
#include <functional>
#include <optional>

namespace lincheck::testing {
namespace {

// One object's simulation, the part that differs between models; random_unique() below does the
// clients, crashes, timing and corruption the same way for all.
struct Simulated {
    double update_share = 0.5;
    std::string update_f, query_f;
    std::optional<Value> key;  // of every operation
    std::function<Value(int n)> value = [](int n) { return Value::integer(n); };  // the n-th new value updated
    // Takes effect: an update changes the state, a query sets its result.
    std::function<void(Operation& op)> apply;
    // Whether the operation in flight crashes (info or pending) at this step.
    std::function<bool(const Operation& op)> crashes;
    // Changes a completed query's result, given the values updated so far; false leaves the
    // operation to the other corruption (starting it later).
    std::function<bool(Operation& op, const std::vector<Value>& updated)> corrupt_query;
};

// Clients run one operation at a time on `sim`; an operation takes effect (85% a step) before it
// completes, or its client crashes and comes back under a fresh id. Then, at corrupt_rate, one to
// three corruptions: a query's result, or one completed operation started later within its span.
std::vector<Operation> random_unique(std::mt19937_64& rng, const UniqueHistoryOptions& o, const Simulated& sim) {
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
    std::vector<Operation> ops;
    std::vector<Value> updated;
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
            op.key = sim.key;
            op.call = now;
            now += 2;
            if (chance(sim.update_share)) {
                op.f = sim.update_f;
                op.value = !updated.empty() && chance(o.duplicate_rate) ? updated[pick(updated.size())] : sim.value(next_value++);
                updated.push_back(op.value);
            } else {
                op.f = sim.query_f;
            }
            slot = Slot{ops.size(), false};
            ops.push_back(std::move(op));
            continue;
        }
        Operation& op = ops[slot->op];
        if (!slot->applied && chance(0.85)) {
            sim.apply(op);
            slot->applied = true;
            continue;
        }
        if (sim.crashes(op)) {
            op.outcome = chance(0.5) ? Outcome::info : Outcome::pending;
            if (op.f == sim.query_f) op.value = Value::nil();
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
            if (op.f == sim.query_f && op.completed() && sim.corrupt_query(op, updated)) continue;
            if (op.completed() && !shrunk) {
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

}  // namespace

std::vector<Operation> random_unique_register(std::mt19937_64& rng, const UniqueHistoryOptions& o) {
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
    const Value initial = o.kv ? Value::string("") : o.initial.value_or(Value::nil());
    Value reg = initial;
    Simulated sim;
    sim.update_share = 0.5;
    sim.update_f = o.kv ? "put" : "write";
    sim.query_f = o.kv ? "get" : "read";
    if (o.kv) sim.key = Value::string("k");
    sim.value = [&](int n) { return o.kv ? Value::string("v" + std::to_string(n)) : Value::integer(n); };
    sim.apply = [&](Operation& op) {
        if (op.f == sim.update_f) reg = op.value;
        else op.value = reg;
    };
    sim.crashes = [&](const Operation&) { return chance(o.crash_rate) || chance(o.pending_rate); };
    sim.corrupt_query = [&](Operation& op, const std::vector<Value>& written) {
        const std::size_t choice = pick(written.size() + 2);
        op.value = choice < written.size() ? written[choice] : choice == written.size() ? initial : sim.value(999);
        return true;
    };
    return random_unique(rng, o, sim);
}

std::vector<Operation> random_unique_queue(std::mt19937_64& rng, const UniqueHistoryOptions& o) {
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
    std::vector<Value> queue;  // front first
    Simulated sim;
    sim.update_share = 0.55;
    sim.update_f = "enqueue";
    sim.query_f = "dequeue";
    sim.apply = [&](Operation& op) {
        if (op.f == "enqueue") {
            queue.push_back(op.value);
        } else if (queue.empty()) {
            op.value = Value::nil();
        } else {
            op.value = queue.front();
            queue.erase(queue.begin());
        }
    };
    sim.crashes = [&](const Operation& op) {
        const double crash = o.crash_rate + o.pending_rate;
        return chance(op.f == "enqueue" ? crash : crash * o.dequeue_crash_share);
    };
    sim.corrupt_query = [&](Operation& op, const std::vector<Value>& enqueued) {
        if (!chance(0.7)) return false;
        const std::size_t choice = pick(enqueued.size() + 2);
        op.value = choice < enqueued.size() ? enqueued[choice] : choice == enqueued.size() ? Value::nil() : Value::integer(999);
        return true;
    };
    return random_unique(rng, o, sim);
}

std::vector<Operation> random_unique_set(std::mt19937_64& rng, const UniqueHistoryOptions& o) {
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
    std::vector<Value> set;  // what the set holds, initial elements first
    if (o.initial) set.assign(o.initial->items().begin(), o.initial->items().end());
    Simulated sim;
    sim.update_share = 0.6;
    sim.update_f = "add";
    sim.query_f = "read";
    sim.apply = [&](Operation& op) {
        if (op.f == "add") {
            set.push_back(op.value);
            return;
        }
        std::vector<Value> items = set;
        std::shuffle(items.begin(), items.end(), rng);
        if (!items.empty() && chance(0.1)) items.push_back(items.front());  // a list may repeat an element
        op.value = Value::list(std::move(items));
    };
    sim.crashes = [&](const Operation&) { return chance(o.crash_rate) || chance(o.pending_rate); };
    sim.corrupt_query = [&](Operation& op, const std::vector<Value>& added) {
        if (!chance(0.7)) return false;
        std::vector<Value> items(op.value.items().begin(), op.value.items().end());
        const std::size_t choice = pick(4);
        if (choice == 3) {
            op.value = Value::nil();  // no result: a violation, or anything under --nil-read unknown
            return true;
        }
        if (choice == 0 && !items.empty()) items.erase(items.begin() + static_cast<std::ptrdiff_t>(pick(items.size())));
        else if (choice == 1 && !added.empty()) items.push_back(added[pick(added.size())]);
        else items.push_back(Value::integer(999));
        op.value = Value::list(std::move(items));
        return true;
    };
    return random_unique(rng, o, sim);
}

}  // namespace lincheck::testing
