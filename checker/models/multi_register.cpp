// `multi-register` (Knossos): registers by name, read and written by atomic transactions.
//   txn [[read k v] [write k v] ...]   applies its micro-ops in order, atomically: a read must see the
//       value k holds at that point (nil when k was never written; with nil_read_is_unknown a nil read
//       is a wildcard, as in Knossos), a write sets it. `r` and `w` abbreviate read and write; the
//       micro-op name may be a keyword or a string. A txn of reads only is a query.
// The initial state is a map, e.g. {:x 0 :y 0} (default {}: every register nil). Names given as strings
// and keywords are the same register, so a JSON --initial {"x": 0} fits an EDN history's :x.
// Indeterminate: its writes may or may not have happened, all together; its reads constrain nothing.
#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "lincheck/model.hpp"

namespace lincheck {

namespace {

struct MicroOp {
    bool write = false;
    Value key;  // canonical: see register_name
    const Value* value = nullptr;
};

Value register_name(const Value& key) {
    const auto kind = key.kind();
    if (kind == Value::Kind::string || kind == Value::Kind::symbol) return Value::keyword(key.text());
    return key;
}

std::optional<bool> micro_is_write(const Value& f) {
    const auto kind = f.kind();
    if (kind != Value::Kind::keyword && kind != Value::Kind::string && kind != Value::Kind::symbol) return std::nullopt;
    if (f.text() == "read" || f.text() == "r") return false;
    if (f.text() == "write" || f.text() == "w") return true;
    return std::nullopt;
}

// Throws ModelError naming what is wrong.
std::vector<MicroOp> parse_txn(const Value& txn) {
    if (txn.kind() != Value::Kind::list) {
        throw ModelError("`txn` needs a list of micro-ops such as [[\"read\", \"x\", 1], [\"write\", \"y\", 2]], got " +
                         txn.to_string());
    }
    std::vector<MicroOp> micro;
    for (const Value& m : txn.items()) {
        const auto items = m.items();
        const std::optional<bool> write = m.kind() == Value::Kind::list && items.size() == 3 ? micro_is_write(items[0])
                                                                                                : std::nullopt;
        if (!write) throw ModelError("a `txn` micro-op is [read k v] or [write k v], got " + m.to_string());
        if (items[1].is_nil()) throw ModelError("a `txn` micro-op needs a register name, got " + m.to_string());
        if (*write && items[2].is_nil()) throw ModelError("a `txn` write needs a value, got " + m.to_string());
        micro.push_back({*write, register_name(items[1]), &items[2]});
    }
    return micro;
}

std::string micro_text(const Value& m, bool completed, Value::Notation notation) {
    const auto items = m.items();
    if (items.size() != 3) return m.to_string(notation);
    const bool write = micro_is_write(items[0]).value_or(false);
    std::string out = write ? "write " : "read ";
    items[1].append_to(out, notation);
    if (write || completed) {
        out += ' ';
        items[2].append_to(out, notation);
    }
    return out;
}

class MultiRegisterModel final : public Model {
public:
    explicit MultiRegisterModel(const ModelOptions& options) : nil_read_is_unknown_(options.nil_read_is_unknown) {
        if (!options.initial) return;
        const Value& initial = *options.initial;
        if (initial.kind() != Value::Kind::map) {
            throw ModelError("the initial state of a multi-register is a map from register to value, such as "
                             "{\"x\": 0, \"y\": 0}; got " + initial.to_string());
        }
        std::vector<std::pair<Value, Value>> entries;
        const auto items = initial.items();
        for (std::size_t i = 0; i < items.size(); i += 2) entries.emplace_back(register_name(items[i]), items[i + 1]);
        initial_ = Value::map(std::move(entries));
    }

    std::string_view name() const override { return "multi-register"; }
    std::vector<std::string> functions() const override { return {"txn"}; }
    Value initial_state() const override { return initial_; }
    void validate(const Operation& op) const override { parse_txn(op.value); }

    bool is_query(const Operation& op) const override {
        if (op.value.kind() != Value::Kind::list) return false;
        const auto micro = op.value.items();
        return std::none_of(micro.begin(), micro.end(), [](const Value& m) {
            return m.items().empty() || micro_is_write(m.items()[0]).value_or(true);
        });
    }

    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        std::vector<std::pair<Value, Value>> entries;
        const auto items = state.items();
        for (std::size_t i = 0; i < items.size(); i += 2) entries.emplace_back(items[i], items[i + 1]);
        bool wrote = false;
        for (const MicroOp& m : parse_txn(op.value)) {
            auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.first == m.key; });
            if (m.write) {
                if (it == entries.end()) entries.emplace_back(m.key, *m.value);
                else it->second = *m.value;
                wrote = true;
                continue;
            }
            if (!op.completed() || (nil_read_is_unknown_ && m.value->is_nil())) continue;
            const Value held = it == entries.end() ? Value::nil() : it->second;
            if (held != *m.value) return;
        }
        next.push_back(wrote ? Value::map(std::move(entries)) : state);
    }

    std::string describe_op(const Operation& op, Value::Notation notation) const override {
        std::string out = "txn [";
        for (const Value& m : op.value.items()) {
            if (out.size() > 5) out += ", ";
            out += micro_text(m, op.completed(), notation);
        }
        return out + "]";
    }

private:
    Value initial_ = Value::map({});
    bool nil_read_is_unknown_;
};

}  // namespace

std::unique_ptr<Model> make_multi_register(const ModelOptions& options) {
    return std::make_unique<MultiRegisterModel>(options);
}

}  // namespace lincheck

// ---------------------------------------------------------------------------------------------------
// The description (models.hpp): the registry's entry, and the simulated registers of generated
// histories (internal/simulation.hpp).
#include <map>
#include <string>

#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck {

namespace {

// A txn of one to three micro-ops on registers x and y; only reads unless `update`. A quarter of them
// spelled tersely, as strings: ["r" "x" nil] rather than [:read :x nil].
SmallOp choose_txn(Choices& c, const Mix& mix, bool update, const SmallOp*, long& next_value) {
    SmallOp op;
    op.f = "txn";
    std::vector<Value> micro;
    for (long n = 1 + c.pick(3); n > 0; --n) {
        const bool write = update && c.pick(2) == 0;
        const bool terse = c.chance(0.25);
        const std::string f = write ? (terse ? "w" : "write") : (terse ? "r" : "read");
        const std::string name(1, c.pick(2) == 0 ? 'x' : 'y');
        micro.push_back(Value::list({terse ? Value::string(f) : Value::keyword(f),
                                     terse ? Value::string(name) : Value::keyword(name),
                                     write ? drawn_value(c, mix, next_value) : Value::nil()}));
    }
    op.value = Value::list(std::move(micro));
    return op;
}

class SimulatedRegisters final : public ObjectSimulator {
public:
    explicit SimulatedRegisters(const ModelOptions& options) {
        if (!options.initial) return;
        const auto items = options.initial->items();
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) state_[items[i].text()] = items[i + 1];
    }

    std::optional<Value> apply(SmallOp& op, Choices&) override {
        std::vector<Value> done;
        for (const Value& m : op.value.items()) {
            const auto it = m.items();
            Value& reg = state_[it[1].text()];
            if (it[0].text()[0] == 'w') reg = it[2];
            done.push_back(Value::list({it[0], it[1], reg}));
        }
        return Value::list(std::move(done));
    }
    // One read of the txn sees another value (nil a fifth of the time).
    std::optional<Value> corrupt(const SmallOp&, const Value& result, Choices& c) override {
        std::vector<std::size_t> reads;
        const auto micro = result.items();
        for (std::size_t i = 0; i < micro.size(); ++i) {
            if (micro[i].items()[0].text()[0] == 'r') reads.push_back(i);
        }
        if (reads.empty()) return std::nullopt;
        std::vector<Value> changed(micro.begin(), micro.end());
        auto& target = changed[reads[static_cast<std::size_t>(c.pick(static_cast<long>(reads.size())))]];
        const Value& was = target.items()[2];
        Value now = c.chance(0.2) ? Value::nil() : Value::integer(c.pick(4));
        if (now == was) now = Value::integer(-1);
        target = Value::list({target.items()[0], target.items()[1], std::move(now)});
        return Value::list(std::move(changed));
    }

private:
    std::map<std::string, Value> state_;
};

std::unique_ptr<ObjectSimulator> simulate_registers(const ModelOptions& options) {
    return std::make_unique<SimulatedRegisters>(options);
}

constexpr std::string_view kMultiRegisterFunctions[] = {"txn"};
const ModelGenerator kMultiRegisterGenerator{choose_txn, simulate_registers};

}  // namespace

const ModelInfo& multi_register_model_info() {
    static const ModelInfo info{
        .name = "multi-register",
        .summary = "registers by name (Knossos): txn [[read k v] [write k v] ...], atomic",
        .make = make_multi_register,
        .functions = kMultiRegisterFunctions,
        .generator = &kMultiRegisterGenerator,
    };
    return info;
}

}  // namespace lincheck
