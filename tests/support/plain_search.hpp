#pragma once
// What differential tests of the search's shortcuts share: a model with none of its optional hooks
// (so the search runs plain: the reference at sizes the oracle cannot finish), and a history's
// operations as lines for a failure message.
#include <string>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/model.hpp"

namespace lincheck::testing {

// `inner`'s core, forwarded: what every model must say. Test models that wrap another derive from it
// and forward the optional hooks they keep.
class ForwardedCore : public Model {
public:
    explicit ForwardedCore(const Model& inner) : inner_(inner) {}
    std::string_view name() const override { return inner_.name(); }
    std::vector<std::string> functions() const override { return inner_.functions(); }
    Value initial_state() const override { return inner_.initial_state(); }
    void validate(const Operation& op) const override { inner_.validate(op); }
    bool is_query(const Operation& op) const override { return inner_.is_query(op); }
    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        inner_.step(state, op, next);
    }
    bool value_is_argument(const Operation& op) const override { return inner_.value_is_argument(op); }

protected:
    const Model& inner_;
};

// `inner` without its pruning hooks (FifoPruning, QueryPruning, overwrites, leaves_state...).
class PlainModel final : public ForwardedCore {
public:
    using ForwardedCore::ForwardedCore;
};

// "  p3 dequeue → 1 ok [4, 9]" per operation (∞: no return).
inline std::string dump_ops(const Model& model, const std::vector<Operation>& ops) {
    std::string out;
    for (const auto& op : ops) {
        out += "  p" + std::to_string(op.process) + " " + model.describe_op(op, Value::Notation::edn) + " " +
               (op.key ? op.key->to_string() + " " : "") + std::string(to_string(op.outcome)) + " [" +
               std::to_string(op.call) + ", " + (op.ret == kNever ? std::string("∞") : std::to_string(op.ret)) + "]\n";
    }
    return out;
}

}  // namespace lincheck::testing
