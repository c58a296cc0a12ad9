// `set`: a grow-only set, initially empty (--initial takes a list or set of elements).
//   add v      adds v (any value but nil). Indeterminate: may or may not have happened.
//   read → s   completed: the set is exactly s, a list or set compared as a set (order and duplicates
//              do not matter); with nil_read_is_unknown, a nil result matches any state.
//              Indeterminate: constrains nothing (dropped).
#include <memory>

#include "lincheck/model.hpp"

namespace lincheck {

namespace {

bool is_collection(const Value& v) {
    return v.kind() == Value::Kind::list || v.kind() == Value::Kind::set;
}

Value as_set(const Value& v) {
    return v.kind() == Value::Kind::set ? v : Value::set(std::vector<Value>(v.items().begin(), v.items().end()));
}

class SetModel final : public Model {
public:
    explicit SetModel(const ModelOptions& options) : nil_read_is_unknown_(options.nil_read_is_unknown) {
        if (!options.initial) return;
        if (!is_collection(*options.initial)) {
            throw ModelError("the initial state of a set is a list or set of elements, got " +
                             options.initial->to_string());
        }
        initial_ = as_set(*options.initial);
    }

    std::string_view name() const override { return "set"; }
    std::vector<std::string> functions() const override { return {"add", "read"}; }
    Value initial_state() const override { return initial_; }

    void validate(const Operation& op) const override {
        if (op.f == "add" && op.value.is_nil()) throw ModelError("`add` needs an element, got null");
        if (op.f == "read" && op.completed() && !is_collection(op.value) && !op.value.is_nil()) {
            throw ModelError("`read` returns the whole set, as a list or set, got " + op.value.to_string());
        }
    }

    bool is_query(const Operation& op) const override { return op.f == "read"; }
    bool value_is_argument(const Operation& op) const override { return op.f == "add"; }

    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        if (op.f == "add") {
            std::vector<Value> items(state.items().begin(), state.items().end());
            items.push_back(op.value);
            next.push_back(Value::set(std::move(items)));
        } else if (!op.completed() || (nil_read_is_unknown_ && op.value.is_nil()) ||
                   (!op.value.is_nil() && as_set(op.value) == state)) {
            next.push_back(state);
        }
    }

    std::string describe_op(const Operation& op, Value::Notation notation) const override {
        if (op.f == "read") return op.completed() ? "read → " + op.value.to_string(notation) : "read (no result)";
        return "add " + op.value.to_string(notation);
    }

    std::optional<Value> written_value(const Operation& op) const override {
        if (op.f == "add") return op.value;
        return std::nullopt;
    }
    std::vector<Value> observed_elements(const Operation& op) const override {
        if (op.f != "read" || !op.completed() || !is_collection(op.value)) return {};
        const Value elements = as_set(op.value);
        return {elements.items().begin(), elements.items().end()};
    }
    std::string_view put_verb() const override { return "added"; }

private:
    Value initial_ = Value::set({});
    bool nil_read_is_unknown_;
};

}  // namespace

std::unique_ptr<Model> make_set(const ModelOptions& options) {
    return std::make_unique<SetModel>(options);
}

}  // namespace lincheck
