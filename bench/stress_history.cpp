#include "stress_history.hpp"

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>

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
    std::string f;
    Value arg;  // the invoke's value (a cas's expected value is chosen when it takes effect)
    double invoke, end;
    std::optional<double> effect;  // when it takes effect, if it does
    EventType outcome = EventType::ok;
    bool pending = false;
    Value result;
};

// One atomic object (one key). `apply` performs op and returns its result (an update's is its
// argument), or nullopt when it cannot take effect in the object's state (logged fail).
class Object {
public:
    virtual ~Object() = default;
    virtual std::optional<Value> apply(Op& op, Dice& d) = 0;
    // A plausible wrong result for a completed op, or nullopt when it has none worth changing.
    virtual std::optional<Value> corrupt(const Op& op, Dice& d) = 0;
};

class Register final : public Object {
public:
    std::optional<Value> apply(Op& op, Dice& d) override {
        if (op.f == "read") return value_;
        if (op.f == "write") {
            value_ = op.arg;
            seen_.push_back(op.arg);
            return op.arg;
        }
        // cas [expected new]: usually expects what the register holds, as a client that read it would.
        Value expected = d.chance(0.7) ? value_ : some_value(d);
        op.arg = Value::list({expected, op.arg.items()[1]});
        if (expected != value_) return std::nullopt;
        value_ = op.arg.items()[1];
        seen_.push_back(value_);
        return op.arg;
    }
    std::optional<Value> corrupt(const Op& op, Dice& d) override {
        if (op.f != "read") return std::nullopt;
        Value v = some_value(d);
        return v == op.result ? Value::integer(-1) : v;
    }
    Value some_value(Dice& d) const {
        return seen_.empty() || d.chance(0.1) ? Value::nil() : seen_[static_cast<std::size_t>(d.pick(static_cast<long>(seen_.size())))];
    }

private:
    Value value_;
    std::vector<Value> seen_;
};

class Kv final : public Object {
public:
    std::optional<Value> apply(Op& op, Dice&) override {
        if (op.f == "get") return Value::string(value_);
        value_ = op.f == "put" ? op.arg.text() : value_ + op.arg.text();
        return op.arg;
    }
    std::optional<Value> corrupt(const Op& op, Dice& d) override {
        if (op.f != "get") return std::nullopt;
        std::string s = op.result.text();
        if (!s.empty() && d.chance(0.5)) s.pop_back();
        else s += "z";
        return Value::string(std::move(s));
    }

private:
    std::string value_;
};

class Set final : public Object {
public:
    std::optional<Value> apply(Op& op, Dice&) override {
        if (op.f == "add") {
            if (std::find(elements_.begin(), elements_.end(), op.arg) == elements_.end()) elements_.push_back(op.arg);
            return op.arg;
        }
        return Value::list(elements_);
    }
    std::optional<Value> corrupt(const Op& op, Dice& d) override {
        if (op.f != "read") return std::nullopt;
        std::vector<Value> seen(op.result.items().begin(), op.result.items().end());
        if (!seen.empty() && d.chance(0.5)) seen.erase(seen.begin() + d.pick(static_cast<long>(seen.size())));
        else seen.push_back(Value::integer(-1));
        return Value::list(std::move(seen));
    }

private:
    std::vector<Value> elements_;
};

class Queue final : public Object {
public:
    explicit Queue(bool fifo) : fifo_(fifo) {}
    std::optional<Value> apply(Op& op, Dice& d) override {
        if (op.f == "enqueue") {
            queue_.push_back(op.arg);
            seen_.push_back(op.arg);
            return op.arg;
        }
        if (queue_.empty()) return Value::nil();
        const auto at = fifo_ ? 0 : static_cast<std::size_t>(d.pick(static_cast<long>(queue_.size())));
        Value v = queue_[at];
        queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(at));
        return v;
    }
    std::optional<Value> corrupt(const Op& op, Dice& d) override {
        if (op.f != "dequeue") return std::nullopt;
        if (seen_.empty() || d.chance(0.2)) return op.result.is_nil() ? Value::integer(-1) : Value::nil();
        Value v = seen_[static_cast<std::size_t>(d.pick(static_cast<long>(seen_.size())))];
        return v == op.result ? Value::integer(-1) : v;
    }

private:
    bool fifo_;
    std::deque<Value> queue_;
    std::vector<Value> seen_;
};

class Counter final : public Object {
public:
    std::optional<Value> apply(Op& op, Dice&) override {
        if (op.f == "read") return Value::integer(sum_);
        sum_ += op.arg.as_integer();
        return op.arg;
    }
    std::optional<Value> corrupt(const Op& op, Dice& d) override {
        if (op.f != "read") return std::nullopt;
        return Value::integer(op.result.as_integer() + (d.chance(0.5) ? 1 : -1));
    }

private:
    std::int64_t sum_ = 0;
};

class Mutex final : public Object {
public:
    std::optional<Value> apply(Op& op, Dice&) override {
        const bool acquire = op.f == "acquire";
        if (held_ == acquire) return std::nullopt;
        held_ = acquire;
        return Value::nil();
    }
    std::optional<Value> corrupt(const Op&, Dice&) override { return std::nullopt; }

private:
    bool held_ = false;
};

std::unique_ptr<Object> make_object(const std::string& model) {
    if (model == "register" || model == "cas-register") return std::make_unique<Register>();
    if (model == "kv") return std::make_unique<Kv>();
    if (model == "set") return std::make_unique<Set>();
    if (model == "fifo-queue") return std::make_unique<Queue>(true);
    if (model == "unordered-queue") return std::make_unique<Queue>(false);
    if (model == "counter") return std::make_unique<Counter>();
    if (model == "mutex") return std::make_unique<Mutex>();
    return nullptr;
}

bool is_update(const std::string& f) { return f != "read" && f != "get" && f != "dequeue"; }

}  // namespace

const std::vector<std::string>& models() {
    static const std::vector<std::string> names = {"register", "cas-register", "kv",      "set",
                                                   "fifo-queue", "unordered-queue", "counter", "mutex"};
    return names;
}

History generate(const Options& o) {
    if (!make_object(o.model)) throw std::invalid_argument("no stress generator for model " + o.model);
    if (o.operations < 0 || o.keys < 1 || o.processes < 1 || o.values < 0 || o.pending < 0 || o.tail_length < 0) {
        throw std::invalid_argument("stress options out of range");
    }
    Dice d{std::mt19937_64(o.seed)};
    std::vector<std::unique_ptr<Object>> objects;
    for (long k = 0; k < o.keys; ++k) objects.push_back(make_object(o.model));

    // Clients take turns by the time they are free; each runs one operation at a time.
    const auto clients = static_cast<std::size_t>(o.processes);
    std::vector<double> free_at(clients, 0);
    std::vector<std::int64_t> process(clients);
    std::vector<bool> holds(clients, false);  // mutex: the client's next op is a release
    for (std::size_t c = 0; c < clients; ++c) process[c] = static_cast<std::int64_t>(c);
    std::int64_t next_process = o.processes;
    long next_value = 0;
    auto new_value = [&] { return o.values == 0 ? next_value++ : d.pick(o.values); };

    std::vector<Op> ops;
    ops.reserve(static_cast<std::size_t>(o.operations));
    for (long i = 0; i < o.operations; ++i) {
        const auto c = static_cast<std::size_t>(std::min_element(free_at.begin(), free_at.end()) - free_at.begin());
        Op op;
        op.client = c;
        op.process = process[c];
        op.key = o.keys > 1 ? d.pick(o.keys) : 0;
        const bool update = d.chance(o.update_rate);
        if (o.model == "register" || o.model == "cas-register") {
            op.f = !update ? "read" : o.model == "cas-register" && d.chance(o.cas_rate) ? "cas" : "write";
            if (op.f == "write") op.arg = Value::integer(new_value());
            if (op.f == "cas") op.arg = Value::list({Value::nil(), Value::integer(new_value())});
        } else if (o.model == "kv") {
            op.f = !update ? "get" : d.chance(0.2) ? "put" : "append";
            if (update) op.arg = Value::string(std::to_string(new_value()) + ",");
        } else if (o.model == "set") {
            op.f = update ? "add" : "read";
            if (update) op.arg = Value::integer(new_value());
        } else if (o.model == "fifo-queue" || o.model == "unordered-queue") {
            op.f = update ? "enqueue" : "dequeue";
            if (update) op.arg = Value::integer(new_value());
        } else if (o.model == "counter") {
            op.f = update ? "add" : "read";
            if (update) op.arg = Value::integer(1 + d.pick(o.values == 0 ? 5 : o.values));
        } else {  // mutex
            op.f = holds[c] ? "release" : "acquire";  // each client alternates
            holds[c] = !holds[c];
        }
        op.invoke = free_at[c] + d.uniform();
        double duration = 1 + 9 * d.uniform();
        if (d.chance(o.tail_rate)) duration *= 1 + std::exponential_distribution<double>(1 / o.tail_length)(d.rng);
        op.end = op.invoke + duration;
        free_at[c] = op.end;
        if (d.chance(o.info_rate)) {
            op.outcome = EventType::info;
            if (d.chance(0.5)) op.effect = op.invoke + duration * d.uniform();
            if (!o.reuse_process_after_info) process[c] = next_process++;
            holds[c] = false;
        } else if (d.chance(o.fail_rate)) {
            op.outcome = EventType::fail;
        } else {
            op.effect = op.invoke + duration * d.uniform();
        }
        ops.push_back(std::move(op));
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
        Object& object = *objects[static_cast<std::size_t>(op.key)];
        if (auto result = object.apply(op, d)) {
            op.result = std::move(*result);
        } else if (op.outcome == EventType::ok) {
            op.outcome = EventType::fail;  // refused: a cas that did not match, a lock already held
        }
        if (op.outcome == EventType::ok && o.corrupt_rate > 0 && d.chance(o.corrupt_rate)) {
            if (auto wrong = object.corrupt(op, d)) {
                op.result = std::move(*wrong);
                out.corrupted = true;
            }
        }
    }
    // A cas that never took effect expected some value the register held at some time, or nil.
    for (Op& op : ops) {
        if (op.f == "cas" && op.arg.items()[0].is_nil() && !op.effect) {
            auto& reg = static_cast<Register&>(*objects[static_cast<std::size_t>(op.key)]);
            op.arg = Value::list({reg.some_value(d), op.arg.items()[1]});
        }
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
        e.f = op.f;
        if (o.keys > 1) e.key = Value::integer(op.key);
        e.has_value = true;
        if (t.call) {
            e.type = EventType::invoke;
            e.value = op.arg;
        } else {
            e.type = op.outcome;
            e.value = op.outcome == EventType::ok ? (is_update(op.f) ? op.arg : op.result) : op.arg;
        }
        out.events.push_back(std::move(e));
    }
    for (std::size_t i = 0; i < out.events.size(); ++i) out.events[i].pos.event_index = i + 1;
    return out;
}

}  // namespace lincheck::stress
