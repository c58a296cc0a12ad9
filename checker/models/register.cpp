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

class RegisterModel final : public Model {
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
