// `register` and `cas-register`: one value, initially nil ("never written") unless --initial says.
//   read  → v   completed: the register holds v (with nil_read_is_unknown, a nil result matches any
//               state, as in Knossos). Indeterminate: constrains nothing (dropped).
//   write v     sets v. Indeterminate: may or may not have happened.
//   cas [a b]   (cas-register only) if the register holds a, sets b; otherwise cannot take effect —
//               Jepsen logs a compare that did not match as `fail`, which the pairing drops.
#include <memory>

#include "lincheck/model.hpp"

namespace lincheck {

namespace {

class RegisterModel final : public Model, private QueryPruning {
public:
    RegisterModel(const ModelOptions& options, bool with_cas)
        : initial_(options.initial.value_or(Value::nil())),
          nil_read_is_unknown_(options.nil_read_is_unknown),
          with_cas_(with_cas) {}

    std::string_view name() const override { return with_cas_ ? "cas-register" : "register"; }

    std::vector<std::string> functions() const override {
        if (with_cas_) return {"read", "write", "cas"};
        return {"read", "write"};
    }

    Value initial_state() const override { return initial_; }

    void validate(const Operation& op) const override {
        if (op.f == "cas" && (!op.value.is_list() || op.value.size() != 2)) {
            throw ModelError("`cas` needs a value [expected new], got " + op.value.to_string());
        }
    }

    bool is_query(const Operation& op) const override { return op.f == "read"; }
    bool value_is_argument(const Operation& op) const override { return op.f != "read"; }

    // A read of v in a state other than v can only match after an update leaves v: a write of v, or a
    // cas to v from another value (a cas from v cannot take effect there). Crashed writes and cas step
    // as completed ones do, so they count alike; a wildcard read (nil, nil_read_is_unknown) is never
    // hopeless. Issue 17: halves the configurations of the campaign's repeated-value histories.
    const QueryPruning* query_pruning() const override { return this; }
    bool hopeless(const Value& state, const Operation& query) const override {
        return !(nil_read_is_unknown_ && query.value.is_nil()) && query.value != state;
    }
    bool keeps_hopeless(const Operation& update, const Operation& query) const override {
        if (update.f == "write") return update.value != query.value;
        if (update.f == "cas") {
            const auto items = update.value.items();
            return items[1] != query.value || items[0] == query.value;
        }
        return true;  // a read (one with no result, if the search keeps it) leaves the state as it is
    }
    // Only an update leaving the value a read needs can unblock it (QueryPruning::
    // unblocking_follows_states, HopelessQueries' index by leaves_state). The updates are writes and cas
    // (an indeterminate read is dropped before the search; one kept would leave no state, and the index
    // is then off). A write of v leaves v, and keeps_hopeless above is v != the read's value: true when
    // v differs from it. A cas [a b] leaves b, and keeps_hopeless is b != the read's value || a == the
    // read's value: true when b differs from it. The read's value is its needs_state (a completed read
    // that is not a wildcard; a wildcard needs no state, and its unblockers are looked for among every
    // update). So leaves_state(u) != needs_state(q) implies keeps_hopeless(u, q), as code, whatever the
    // state (tests/models/register_test.cpp checks it on every pair of a few values' ops).
    bool unblocking_follows_states() const override { return true; }

    bool overwrites(const Operation& op) const override { return op.f == "write"; }
    std::optional<Value> leaves_state(const Operation& op) const override { return written_value(op); }
    std::optional<Value> needs_state(const Operation& op) const override {
        if (op.f == "cas") return op.value.items()[0];
        if (op.f == "read" && op.completed() && !(nil_read_is_unknown_ && op.value.is_nil())) return op.value;
        return std::nullopt;
    }

    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        if (op.f == "read") {
            if (!op.completed() || op.value == state || (nil_read_is_unknown_ && op.value.is_nil())) {
                next.push_back(state);
            }
        } else if (op.f == "write") {
            next.push_back(op.value);
        } else {  // cas
            const auto items = op.value.items();
            if (items[0] == state) next.push_back(items[1]);
        }
    }

    std::string describe_op(const Operation& op, Value::Notation notation) const override {
        if (op.f == "cas") {
            const auto items = op.value.items();
            return "cas " + items[0].to_string(notation) + " → " + items[1].to_string(notation);
        }
        if (op.f == "read") {
            return op.completed() ? "read → " + op.value.to_string(notation) : "read (no result)";
        }
        return Model::describe_op(op, notation);
    }

    std::optional<Value> written_value(const Operation& op) const override {
        if (op.f == "write") return op.value;
        if (op.f == "cas") return op.value.items()[1];
        return std::nullopt;
    }

    std::optional<Value> observed_value(const Operation& op) const override {
        if (!op.completed()) return std::nullopt;
        if (op.f == "cas") return op.value.items()[0];  // a cas that took effect saw its expected value
        if (op.f != "read" || (nil_read_is_unknown_ && op.value.is_nil())) return std::nullopt;
        return op.value;
    }

private:
    Value initial_;
    bool nil_read_is_unknown_;
    bool with_cas_;
};

}  // namespace

std::unique_ptr<Model> make_register(const ModelOptions& options) {
    return std::make_unique<RegisterModel>(options, false);
}

std::unique_ptr<Model> make_cas_register(const ModelOptions& options) {
    return std::make_unique<RegisterModel>(options, true);
}

}  // namespace lincheck

// ---------------------------------------------------------------------------------------------------
// The description (models.hpp): the registry's entries, and the simulated register of generated
// histories (internal/simulation.hpp).
#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck {

namespace {

SmallOp choose_register_op(Choices& c, const Mix& mix, bool update, bool with_cas, long& next_value) {
    SmallOp op;
    if (!update) {
        op.f = "read";
        op.has_value = false;
    } else if (with_cas && c.chance(mix.cas_rate)) {
        op.f = "cas";  // [expected new]: the expected value is chosen when it takes effect
        op.value = Value::list({Value::nil(), drawn_value(c, mix, next_value)});
    } else {
        op.f = "write";
        op.value = drawn_value(c, mix, next_value);
    }
    return op;
}

class SimulatedRegister final : public ObjectSimulator {
public:
    explicit SimulatedRegister(const ModelOptions& options) : value_(options.initial.value_or(Value::nil())) {
        if (options.initial) seen_.push_back(*options.initial);
    }

    std::optional<Value> apply(SmallOp& op, Choices& c) override {
        if (op.f == "read") return value_;
        if (op.f == "write") {
            value_ = op.value;
            seen_.push_back(op.value);
            return op.value;
        }
        // cas: usually expects what the register holds, as a client that read it would.
        Value expected = c.chance(0.7) ? value_ : some_value(c);
        op.value = Value::list({expected, op.value.items()[1]});
        if (expected != value_) return std::nullopt;
        value_ = op.value.items()[1];
        seen_.push_back(value_);
        return op.value;
    }
    std::optional<Value> corrupt(const SmallOp& op, const Value& result, Choices& c) override {
        if (op.f != "read") return std::nullopt;
        Value v = some_value(c);
        return v == result ? Value::integer(-1) : v;
    }
    // A cas that never took effect expected some value the register held at some time, or nil.
    void never_applied(SmallOp& op, Choices& c) override {
        if (op.f == "cas" && op.value.items()[0].is_nil()) op.value = Value::list({some_value(c), op.value.items()[1]});
    }

private:
    Value some_value(Choices& c) const {
        return seen_.empty() || c.chance(0.1) ? Value::nil() : seen_[static_cast<std::size_t>(c.pick(static_cast<long>(seen_.size())))];
    }
    Value value_;
    std::vector<Value> seen_;
};

std::unique_ptr<ObjectSimulator> simulate_register(const ModelOptions& options) {
    return std::make_unique<SimulatedRegister>(options);
}

constexpr std::string_view kRegisterFunctions[] = {"read", "write"};
constexpr std::string_view kCasRegisterFunctions[] = {"read", "write", "cas"};
const ModelGenerator kRegisterGenerator{
    [](Choices& c, const Mix& mix, bool update, const SmallOp*, long& next) { return choose_register_op(c, mix, update, false, next); },
    simulate_register};
const ModelGenerator kCasRegisterGenerator{
    [](Choices& c, const Mix& mix, bool update, const SmallOp*, long& next) { return choose_register_op(c, mix, update, true, next); },
    simulate_register};

}  // namespace

const ModelInfo& register_model_info() {
    static const ModelInfo info{
        .name = "register",
        .summary = "a read/write register: read → v, write v",
        .make = make_register,
        .functions = kRegisterFunctions,
        .guessed = false,  // cas-register accepts the same histories
        .generator = &kRegisterGenerator,
    };
    return info;
}

const ModelInfo& cas_register_model_info() {
    static const ModelInfo info{
        .name = "cas-register",
        .summary = "a register with compare-and-set: read → v, write v, cas [expected new]",
        .make = make_cas_register,
        .functions = kCasRegisterFunctions,
        .generator = &kCasRegisterGenerator,
    };
    return info;
}

}  // namespace lincheck
