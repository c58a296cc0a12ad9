// `mutex`: a lock, initially free (--initial true starts it held). Operations carry no value; any value
// a log attaches (a lock name, an error token) is ignored.
//   acquire   takes effect only when the lock is free; then it is held.
//   release   takes effect only when the lock is held; then it is free.
// A refused acquire or release is logged `fail` (Jepsen's :not-held), and dropped. Indeterminate: may or
// may not have happened.
#include <algorithm>
#include <memory>

#include "lincheck/model.hpp"

namespace lincheck {

namespace {

class MutexModel final : public Model {
public:
    explicit MutexModel(const ModelOptions& options) : initial_(options.initial.value_or(Value::boolean(false))) {
        if (initial_.kind() != Value::Kind::boolean) {
            throw ModelError("the initial state of a mutex is true (held) or false (free), got " + initial_.to_string());
        }
    }

    std::string_view name() const override { return "mutex"; }
    std::vector<std::string> functions() const override { return {"acquire", "release"}; }
    Value initial_state() const override { return initial_; }
    void validate(const Operation&) const override {}
    bool is_query(const Operation&) const override { return false; }

    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        const bool acquire = op.f == "acquire";
        if (state.as_boolean() != acquire) next.push_back(Value::boolean(acquire));
    }

    std::string describe_state(const Value& state, Value::Notation) const override {
        return state.as_boolean() ? "held" : "free";
    }
    std::string describe_op(const Operation& op, Value::Notation) const override { return op.f; }

    std::optional<std::string> explain_rejection(const Operation& op, std::span<const Value> states,
                                                 Value::Notation) const override {
        const bool acquire = op.f == "acquire";
        const bool refused = !states.empty() && std::all_of(states.begin(), states.end(), [&](const Value& s) {
            return s.as_boolean() == acquire;
        });
        if (!refused) return std::nullopt;
        if (acquire) return std::string("the lock was already held: acquired again before a release");
        return std::string("the lock was free: released while nobody held it");
    }

private:
    Value initial_;
};

}  // namespace

std::unique_ptr<Model> make_mutex(const ModelOptions& options) {
    return std::make_unique<MutexModel>(options);
}

}  // namespace lincheck

// ---------------------------------------------------------------------------------------------------
// The description (models.hpp): the registry's entry, and the simulated lock of generated histories
// (internal/simulation.hpp).
#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck {

namespace {

// Each client alternates: acquire, then release, then acquire... (a crashed client starts again).
SmallOp choose_mutex_op(Choices&, const Mix&, bool, const SmallOp* previous, long&) {
    SmallOp op;
    op.f = previous && previous->f == "acquire" ? "release" : "acquire";
    op.has_value = false;
    return op;
}

class SimulatedLock final : public ObjectSimulator {
public:
    explicit SimulatedLock(const ModelOptions& options) : held_(options.initial && options.initial->as_boolean()) {}

    std::optional<Value> apply(SmallOp& op, Choices&) override {
        const bool acquire = op.f == "acquire";
        if (held_ == acquire) return std::nullopt;  // Jepsen logs it fail (:not-held, or a lock timeout)
        held_ = acquire;
        return Value::nil();
    }
    std::optional<Value> corrupt(const SmallOp&, const Value&, Choices&) override { return std::nullopt; }

private:
    bool held_;
};

std::unique_ptr<ObjectSimulator> simulate_mutex(const ModelOptions& options) {
    return std::make_unique<SimulatedLock>(options);
}

constexpr std::string_view kMutexFunctions[] = {"acquire", "release"};
const ModelGenerator kMutexGenerator{choose_mutex_op, simulate_mutex};

}  // namespace

const ModelInfo& mutex_model_info() {
    static const ModelInfo info{
        .name = "mutex",
        .summary = "a lock: acquire (only when free), release (only when held)",
        .make = make_mutex,
        .functions = kMutexFunctions,
        .generator = &kMutexGenerator,
    };
    return info;
}

}  // namespace lincheck
