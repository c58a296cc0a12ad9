#include "support/random_model_history.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace lincheck::testing {

namespace {

struct Dice {
    std::mt19937_64& rng;
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
};

// The atomic object. `invoke` chooses an operation; `apply` performs it and returns its result (for an
// update, its argument), or nullopt when it cannot take effect now (it is then logged fail).
class Simulator {
public:
    virtual ~Simulator() = default;
    virtual void invoke(Event& e, Dice& d) = 0;
    virtual std::optional<Value> apply(const Event& invoke, Dice& d) = 0;
    // Changes the result of an ok event; false when its operation returns nothing worth changing.
    virtual bool corrupt_result(Event& ok, Dice& d) = 0;
};

Value small_int(Dice& d, int values) { return Value::integer(d.pick(values)); }

class KvSim final : public Simulator {
public:
    KvSim(const ModelOptions& o, int values, bool append_heavy, Dice& d)
        : start_(o.initial.value_or(Value::string(""))), values_(values), keys_(1 + d.pick(2)),
          append_heavy_(append_heavy) {}

    void invoke(Event& e, Dice& d) override {
        e.key = Value::string("k" + std::to_string(d.pick(keys_)));
        if (append_heavy_) {
            const int f = d.pick(10);  // 5 in 10 appends, 4 gets, 1 put
            e.f = f < 5 ? "append" : f < 9 ? "get" : "put";
            if (e.f != "get") e.value = fresh_piece();
            return;
        }
        const int f = d.pick(3);
        e.f = f == 0 ? "get" : f == 1 ? "put" : "append";
        if (f != 0) e.value = piece(d);
    }
    std::optional<Value> apply(const Event& e, Dice&) override {
        auto [it, fresh] = state_.try_emplace(*e.key, start_);
        if (e.f == "get") return it->second;
        it->second = e.f == "put" ? e.value : Value::string(it->second.text() + e.value.text());
        return e.value;
    }
    bool corrupt_result(Event& ok, Dice& d) override {
        if (ok.f != "get") return false;
        if (append_heavy_ && ok.value.is_string()) {
            std::string s = ok.value.text();
            const int how = d.pick(3);
            if (how == 0 && s.size() >= 2) {
                const auto i = static_cast<std::size_t>(d.pick(static_cast<int>(s.size()) - 1));
                std::swap(s[i], s[i + 1]);  // two appends seen in the other order
            } else if (how == 1 && !s.empty()) {
                s.erase(static_cast<std::size_t>(d.pick(static_cast<int>(s.size()))), 1);  // one missing
            } else {
                s += fresh_piece().text();  // one never appended
            }
            ok.value = Value::string(std::move(s));
            return true;
        }
        ok.value = d.chance(0.2) ? Value::nil() : Value::string(piece(d).text() + piece(d).text());
        return true;
    }

private:
    Value piece(Dice& d) const {
        const int i = d.pick(values_ + 1);
        return Value::string(i == 0 ? "" : std::string(1, static_cast<char>('a' + i - 1)));
    }
    Value fresh_piece() { return Value::string(std::string(1, static_cast<char>('a' + next_piece_++ % 26))); }
    Value start_;
    int values_;
    int keys_;
    bool append_heavy_;
    int next_piece_ = 0;
    std::map<Value, Value> state_;
};

class MultiRegisterSim final : public Simulator {
public:
    MultiRegisterSim(const ModelOptions& o, int values) : values_(values) {
        if (!o.initial) return;
        const auto items = o.initial->items();
        for (std::size_t i = 0; i < items.size(); i += 2) state_[items[i].text()] = items[i + 1];
    }

    void invoke(Event& e, Dice& d) override {
        e.f = "txn";
        std::vector<Value> micro;
        for (int n = 1 + d.pick(3); n > 0; --n) {
            const bool write = d.pick(2) == 0;
            const bool terse = d.chance(0.25);  // [:r "x" ..] rather than [:read :x ..]
            const std::string f = write ? (terse ? "w" : "write") : (terse ? "r" : "read");
            const std::string name(1, d.pick(2) == 0 ? 'x' : 'y');
            micro.push_back(Value::list({terse ? Value::string(f) : Value::keyword(f),
                                         terse ? Value::string(name) : Value::keyword(name),
                                         write ? small_int(d, values_) : Value::nil()}));
        }
        e.value = Value::list(std::move(micro));
    }
    std::optional<Value> apply(const Event& e, Dice&) override {
        std::vector<Value> done;
        for (const Value& m : e.value.items()) {
            const auto it = m.items();
            Value& reg = state_[it[1].text()];
            if (it[0].text()[0] == 'w') reg = it[2];
            done.push_back(Value::list({it[0], it[1], reg}));
        }
        return Value::list(std::move(done));
    }
    bool corrupt_result(Event& ok, Dice& d) override {
        std::vector<std::size_t> reads;
        const auto micro = ok.value.items();
        for (std::size_t i = 0; i < micro.size(); ++i) {
            if (micro[i].items()[0].text()[0] == 'r') reads.push_back(i);
        }
        if (reads.empty()) return false;
        std::vector<Value> changed(micro.begin(), micro.end());
        auto& target = changed[reads[static_cast<std::size_t>(d.pick(static_cast<int>(reads.size())))]];
        target = Value::list({target.items()[0], target.items()[1], d.chance(0.2) ? Value::nil() : small_int(d, values_)});
        ok.value = Value::list(std::move(changed));
        return true;
    }

private:
    int values_;
    std::map<std::string, Value> state_;
};

class SetSim final : public Simulator {
public:
    SetSim(const ModelOptions& o, int values) : values_(values) {
        if (o.initial) elements_.assign(o.initial->items().begin(), o.initial->items().end());
    }

    void invoke(Event& e, Dice& d) override {
        if (d.pick(2) == 0) {
            e.f = "add";
            e.value = small_int(d, values_);
        } else {
            e.f = "read";
        }
    }
    std::optional<Value> apply(const Event& e, Dice& d) override {
        if (e.f == "add") {
            if (std::find(elements_.begin(), elements_.end(), e.value) == elements_.end()) elements_.push_back(e.value);
            return e.value;
        }
        std::vector<Value> seen = elements_;
        std::shuffle(seen.begin(), seen.end(), d.rng);  // the order of a read does not matter
        return d.chance(0.3) ? Value::set(std::move(seen)) : Value::list(std::move(seen));
    }
    bool corrupt_result(Event& ok, Dice& d) override {
        if (ok.f != "read") return false;
        if (d.chance(0.1)) {
            ok.value = Value::nil();
            return true;
        }
        std::vector<Value> seen(ok.value.items().begin(), ok.value.items().end());
        const Value x = small_int(d, values_ + 1);
        const auto it = std::find(seen.begin(), seen.end(), x);
        if (it == seen.end()) seen.push_back(x);
        else seen.erase(it);
        ok.value = Value::list(std::move(seen));
        return true;
    }

private:
    int values_;
    std::vector<Value> elements_;
};

class QueueSim final : public Simulator {
public:
    QueueSim(const ModelOptions& o, int values, bool fifo) : values_(values), fifo_(fifo) {
        if (o.initial) queue_.assign(o.initial->items().begin(), o.initial->items().end());
    }

    void invoke(Event& e, Dice& d) override {
        if (d.pick(2) == 0) {
            e.f = "enqueue";
            e.value = small_int(d, values_);
        } else {
            e.f = "dequeue";
        }
    }
    std::optional<Value> apply(const Event& e, Dice& d) override {
        if (e.f == "enqueue") {
            queue_.push_back(e.value);
            return e.value;
        }
        if (queue_.empty()) return Value::nil();
        const std::size_t at = fifo_ ? 0 : static_cast<std::size_t>(d.pick(static_cast<int>(queue_.size())));
        Value v = queue_[at];
        queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(at));
        return v;
    }
    bool corrupt_result(Event& ok, Dice& d) override {
        if (ok.f != "dequeue") return false;
        ok.value = d.chance(0.2) ? Value::nil() : small_int(d, values_);
        return true;
    }

private:
    int values_;
    bool fifo_;
    std::deque<Value> queue_;
};

class MutexSim final : public Simulator {
public:
    explicit MutexSim(const ModelOptions& o) : held_(o.initial && o.initial->as_boolean()) {}

    void invoke(Event& e, Dice& d) override { e.f = d.pick(2) == 0 ? "acquire" : "release"; }
    std::optional<Value> apply(const Event& e, Dice&) override {
        const bool acquire = e.f == "acquire";
        if (held_ == acquire) return std::nullopt;  // Jepsen logs it fail (:not-held, or a lock timeout)
        held_ = acquire;
        return Value::nil();
    }
    bool corrupt_result(Event&, Dice&) override { return false; }

private:
    bool held_;
};

class CounterSim final : public Simulator {
public:
    explicit CounterSim(const ModelOptions& o) : sum_(o.initial ? o.initial->as_integer() : 0) {}

    void invoke(Event& e, Dice& d) override {
        if (d.pick(2) == 0) {
            e.f = "add";
            e.value = Value::integer(d.pick(4) - 1);  // -1, 0, 1, 2
        } else {
            e.f = "read";
        }
    }
    std::optional<Value> apply(const Event& e, Dice&) override {
        if (e.f == "read") return Value::integer(sum_);
        sum_ += e.value.as_integer();
        return e.value;
    }
    bool corrupt_result(Event& ok, Dice& d) override {
        if (ok.f != "read") return false;
        ok.value = d.chance(0.1) ? Value::nil() : Value::integer(ok.value.as_integer() + (d.pick(2) == 0 ? -1 : 1));
        return true;
    }

private:
    std::int64_t sum_;
};

std::unique_ptr<Simulator> make_simulator(std::string_view model, const ModelOptions& o, int values,
                                          bool kv_append_heavy, Dice& d) {
    if (model == "kv") return std::make_unique<KvSim>(o, values, kv_append_heavy, d);
    if (model == "multi-register") return std::make_unique<MultiRegisterSim>(o, values);
    if (model == "set") return std::make_unique<SetSim>(o, values);
    if (model == "fifo-queue") return std::make_unique<QueueSim>(o, values, true);
    if (model == "unordered-queue") return std::make_unique<QueueSim>(o, values, false);
    if (model == "mutex") return std::make_unique<MutexSim>(o);
    if (model == "counter") return std::make_unique<CounterSim>(o);
    return nullptr;
}

struct InFlight {
    std::size_t invoke_event;
    bool applied = false;
    bool refused = false;  // could not take effect: it will be logged fail
    Value result;
};

}  // namespace

RandomModelHistory random_model_history(std::string_view model, const ModelOptions& model_options,
                                        std::mt19937_64& rng, const RandomModelHistoryOptions& o) {
    Dice d{rng};
    const auto sim = make_simulator(model, model_options, o.values, o.kv_append_heavy, d);
    RandomModelHistory out;
    if (!sim) return out;
    std::vector<Event>& events = out.events;
    std::vector<std::optional<InFlight>> flight(static_cast<std::size_t>(o.processes));
    std::vector<std::int64_t> process_id(flight.size());
    for (std::size_t p = 0; p < flight.size(); ++p) process_id[p] = static_cast<std::int64_t>(p);
    std::int64_t next_id = o.processes;
    int invoked = 0;

    auto in_flight = [&] { return std::any_of(flight.begin(), flight.end(), [](const auto& f) { return f.has_value(); }); };
    while (invoked < o.operations || in_flight()) {
        const auto p = static_cast<std::size_t>(d.pick(o.processes));
        auto& slot = flight[p];
        if (!slot) {
            if (invoked == o.operations) continue;
            ++invoked;
            Event e;
            e.process = process_id[p];
            e.type = EventType::invoke;
            sim->invoke(e, d);
            e.has_value = true;
            slot = InFlight{events.size(), false, false, Value()};
            events.push_back(std::move(e));
            continue;
        }
        const Event& invoke = events[slot->invoke_event];
        if (!slot->applied && !slot->refused && !d.chance(o.fail_rate)) {
            // The op takes effect now, atomically.
            if (auto result = sim->apply(invoke, d)) {
                slot->result = std::move(*result);
                slot->applied = true;
            } else {
                slot->refused = true;
            }
            continue;
        }
        Event e;
        e.process = invoke.process;
        e.f = invoke.f;
        e.key = invoke.key;
        e.has_value = true;
        if (d.chance(o.pending_rate)) {
            // Never completes: the log ends with it in flight. Free the process under a new id.
            slot.reset();
            process_id[p] = next_id++;
            continue;
        }
        if (d.chance(o.info_rate)) {
            e.type = EventType::info;
            e.value = Value::keyword("timed-out");
            events.push_back(std::move(e));
            slot.reset();
            if (!o.reuse_process_after_info) process_id[p] = next_id++;
            continue;
        }
        e.type = slot->applied ? EventType::ok : EventType::fail;
        e.value = slot->applied ? slot->result : invoke.value;
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
            Event& e = events[candidates[static_cast<std::size_t>(d.pick(static_cast<int>(candidates.size())))]];
            if (e.type == EventType::fail) {
                e.type = EventType::ok;  // did not take effect, but the log says it did
            } else if (!sim->corrupt_result(e, d)) {
                e.type = EventType::fail;  // took effect, but the log says it did not
            }
        }
    }
    for (std::size_t i = 0; i < events.size(); ++i) events[i].pos.event_index = i + 1;
    return out;
}

}  // namespace lincheck::testing
