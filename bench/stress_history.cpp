#include "stress_history.hpp"

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>

#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck::stress {

namespace {

struct Dice {
    std::mt19937_64 rng;
    double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng); }
    bool chance(double p) { return uniform() < p; }
    long pick(long n) { return std::uniform_int_distribution<long>(0, n - 1)(rng); }
};

struct Op {
    std::size_t client;
    std::int64_t process;
    long key;
    SmallOp call;  // what the invoke carries (a cas's expected value is settled when it takes effect)
    double invoke, end;
    std::optional<double> effect;  // when it takes effect, if it does
    EventType outcome = EventType::ok;
    bool pending = false;
    Value result;
};

// The model's description: its operations and its simulated object (checker/models/<name>.cpp).
const ModelGenerator* generator_of(const std::string& model) {
    const ModelInfo* info = find_model(model);
    return info ? info->generator : nullptr;
}

}  // namespace

const std::vector<std::string>& models() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const ModelInfo& info : all_models()) {
            if (info.generator) out.emplace_back(info.name);
        }
        return out;
    }();
    return names;
}

History generate(const Options& o) {
    const ModelGenerator* generator = generator_of(o.model);
    if (!generator) throw std::invalid_argument("no stress generator for model " + o.model);
    if (o.operations < 0 || o.keys < 1 || o.processes < 1 || o.values < 0 || o.pending < 0 || o.tail_length < 0) {
        throw std::invalid_argument("stress options out of range");
    }
    Dice d{std::mt19937_64(o.seed)};
    RandomChoices choices(d.rng);
    std::vector<std::unique_ptr<ObjectSimulator>> objects;
    for (long k = 0; k < o.keys; ++k) objects.push_back(generator->simulate(ModelOptions{}));
    const Mix mix{o.update_rate, o.cas_rate, o.values};

    // Clients take turns by the time they are free; each runs one operation at a time.
    const auto clients = static_cast<std::size_t>(o.processes);
    std::vector<double> free_at(clients, 0);
    std::vector<std::int64_t> process(clients);
    constexpr std::size_t kNone = ~std::size_t{0};
    std::vector<std::size_t> last_op(clients, kNone);  // the client's previous op (a mutex client alternates)
    for (std::size_t c = 0; c < clients; ++c) process[c] = static_cast<std::int64_t>(c);
    std::int64_t next_process = o.processes;
    long next_value = 0;

    std::vector<Op> ops;
    ops.reserve(static_cast<std::size_t>(o.operations));
    for (long i = 0; i < o.operations; ++i) {
        const auto c = static_cast<std::size_t>(std::min_element(free_at.begin(), free_at.end()) - free_at.begin());
        Op op;
        op.client = c;
        op.process = process[c];
        op.key = o.keys > 1 ? d.pick(o.keys) : 0;
        op.call = draw_op(*generator, choices, mix, last_op[c] == kNone ? nullptr : &ops[last_op[c]].call, next_value);
        op.invoke = free_at[c] + d.uniform();
        double duration = 1 + 9 * d.uniform();
        if (d.chance(o.tail_rate)) duration *= 1 + std::exponential_distribution<double>(1 / o.tail_length)(d.rng);
        op.end = op.invoke + duration;
        free_at[c] = op.end;
        if (d.chance(o.info_rate)) {
            op.outcome = EventType::info;
            if (d.chance(0.5)) op.effect = op.invoke + duration * d.uniform();
            if (!o.reuse_process_after_info) process[c] = next_process++;
        } else if (d.chance(o.fail_rate)) {
            op.outcome = EventType::fail;
        } else {
            op.effect = op.invoke + duration * d.uniform();
        }
        const bool crashed = op.outcome == EventType::info;
        ops.push_back(std::move(op));
        last_op[c] = crashed ? kNone : ops.size() - 1;
    }
    // Pending at the end: the last operation of `pending` clients never completes.
    {
        std::vector<std::size_t> last(clients, ops.size());
        for (std::size_t i = 0; i < ops.size(); ++i) last[ops[i].client] = i;
        std::vector<std::size_t> order(clients);
        for (std::size_t c = 0; c < clients; ++c) order[c] = c;
        std::shuffle(order.begin(), order.end(), d.rng);
        for (std::size_t n = 0; n < clients && n < static_cast<std::size_t>(o.pending); ++n) {
            if (last[order[n]] == ops.size()) continue;
            Op& op = ops[last[order[n]]];
            op.pending = true;
            op.outcome = EventType::info;
            op.effect.reset();
            if (d.chance(0.5)) op.effect = op.invoke + (op.end - op.invoke) * d.uniform();
        }
    }

    // The atomic object: operations take effect in the order of their instants.
    std::vector<std::size_t> by_effect;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].effect) by_effect.push_back(i);
    }
    std::sort(by_effect.begin(), by_effect.end(), [&](std::size_t a, std::size_t b) { return *ops[a].effect < *ops[b].effect; });
    History out;
    for (const std::size_t i : by_effect) {
        Op& op = ops[i];
        ObjectSimulator& object = *objects[static_cast<std::size_t>(op.key)];
        if (auto result = object.apply(op.call, choices)) {
            op.result = std::move(*result);
        } else if (op.outcome == EventType::ok) {
            if (o.refused_ok_rate > 0 && d.chance(o.refused_ok_rate)) {
                out.corrupted = true;  // refused, but logged as done: its result is its argument
                op.result = op.call.value;
            } else {
                op.outcome = EventType::fail;  // refused: a cas that did not match, a lock already held
            }
        }
        if (op.outcome == EventType::ok && o.corrupt_rate > 0 && d.chance(o.corrupt_rate)) {
            if (auto wrong = object.corrupt(op.call, op.result, choices)) {
                op.result = std::move(*wrong);
                out.corrupted = true;
            }
        }
    }
    // What apply would have settled (a cas's expected value) for the operations that never took effect.
    for (Op& op : ops) {
        if (!op.effect) objects[static_cast<std::size_t>(op.key)]->never_applied(op.call, choices);
    }

    struct Timed {
        double time;
        std::size_t op;
        bool call;
    };
    std::vector<Timed> timeline;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        timeline.push_back({ops[i].invoke, i, true});
        if (!ops[i].pending) timeline.push_back({ops[i].end, i, false});
    }
    std::sort(timeline.begin(), timeline.end(), [](const Timed& a, const Timed& b) { return a.time < b.time; });
    for (const Timed& t : timeline) {
        const Op& op = ops[t.op];
        Event e;
        e.process = op.process;
        e.f = op.call.f;
        if (o.keys > 1) e.key = Value::integer(op.key);
        e.has_value = true;
        if (t.call) {
            e.type = EventType::invoke;
            e.value = op.call.value;
        } else {
            e.type = op.outcome;
            e.value = op.outcome == EventType::ok ? op.result : op.call.value;  // an update's result is its argument
        }
        out.events.push_back(std::move(e));
    }
    for (std::size_t i = 0; i < out.events.size(); ++i) out.events[i].pos.event_index = i + 1;
    return out;
}

}  // namespace lincheck::stress
