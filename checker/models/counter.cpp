// `counter`: one integer, initially 0 unless --initial says.
//   add n     adds the integer n (negative subtracts). Indeterminate: may or may not have happened.
//   read → v  completed: the counter holds v (with nil_read_is_unknown, a nil result matches any
//             state). Indeterminate: constrains nothing (dropped).
#include <cstdint>
#include <memory>

#include "lincheck/model.hpp"

namespace lincheck {

namespace {

class CounterModel final : public Model {
public:
    explicit CounterModel(const ModelOptions& options)
        : initial_(options.initial.value_or(Value::integer(0))), nil_read_is_unknown_(options.nil_read_is_unknown) {
        if (!initial_.is_integer()) {
            throw ModelError("the initial state of a counter is an integer, got " + initial_.to_string());
        }
    }

    std::string_view name() const override { return "counter"; }
    std::vector<std::string> functions() const override { return {"add", "read"}; }
    Value initial_state() const override { return initial_; }

    void validate(const Operation& op) const override {
        if (op.f == "add" && !op.value.is_integer()) {
            throw ModelError("`add` needs an integer, got " + op.value.to_string());
        }
        if (op.f == "read" && op.completed() && !op.value.is_integer() && !op.value.is_nil()) {
            throw ModelError("`read` returns an integer, got " + op.value.to_string());
        }
    }

    bool is_query(const Operation& op) const override { return op.f == "read"; }
    bool value_is_argument(const Operation& op) const override { return op.f == "add"; }

    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        if (op.f == "add") {
            // Two's-complement wrap, like the int64 counter it models; never undefined behaviour.
            const auto sum = static_cast<std::uint64_t>(state.as_integer()) + static_cast<std::uint64_t>(op.value.as_integer());
            next.push_back(Value::integer(static_cast<std::int64_t>(sum)));
        } else if (!op.completed() || op.value == state || (nil_read_is_unknown_ && op.value.is_nil())) {
            next.push_back(state);
        }
    }

    std::string describe_op(const Operation& op, Value::Notation notation) const override {
        if (op.f == "read") return op.completed() ? "read → " + op.value.to_string(notation) : "read (no result)";
        return "add " + op.value.to_string(notation);
    }

private:
    Value initial_;
    bool nil_read_is_unknown_;
};

}  // namespace

std::unique_ptr<Model> make_counter(const ModelOptions& options) {
    return std::make_unique<CounterModel>(options);
}

}  // namespace lincheck

// ---------------------------------------------------------------------------------------------------
// The description (models.hpp): the registry's entry, how guess_model tells a counter from a set, and
// the simulated counter of generated histories (internal/simulation.hpp).
#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck {

namespace {

// Reads that return integers.
bool values_fit_counter(std::span<const std::span<const Operation>> runs) {
    for (const auto run : runs) {
        for (const Operation& op : run) {
            if (op.f != "add" && op.completed() && op.value.is_integer()) return true;
        }
    }
    return false;
}

SmallOp choose_counter_op(Choices& c, const Mix& mix, bool update, const SmallOp*, long&) {
    SmallOp op;
    op.f = update ? "add" : "read";
    if (update) op.value = Value::integer(1 + c.pick(mix.values == 0 ? 5 : mix.values));
    else op.has_value = false;
    return op;
}

class SimulatedCounter final : public ObjectSimulator {
public:
    explicit SimulatedCounter(const ModelOptions& options) : sum_(options.initial ? options.initial->as_integer() : 0) {}

    std::optional<Value> apply(SmallOp& op, Choices&) override {
        if (op.f == "read") return Value::integer(sum_);
        sum_ += op.value.as_integer();
        return op.value;
    }
    std::optional<Value> corrupt(const SmallOp& op, const Value& result, Choices& c) override {
        if (op.f != "read") return std::nullopt;
        return Value::integer(result.as_integer() + (c.chance(0.5) ? 1 : -1));
    }

private:
    std::int64_t sum_;
};

std::unique_ptr<ObjectSimulator> simulate_counter(const ModelOptions& options) {
    return std::make_unique<SimulatedCounter>(options);
}

constexpr std::string_view kCounterFunctions[] = {"add", "read"};
const ModelGenerator kCounterGenerator{choose_counter_op, simulate_counter};

}  // namespace

const ModelInfo& counter_model_info() {
    static const ModelInfo info{
        .name = "counter",
        .summary = "an integer counter from 0: add n, read → sum",
        .make = make_counter,
        .functions = kCounterFunctions,
        .values_fit = values_fit_counter,
        .values_reason = "operations add/read, with integer adds and integer reads",
        .generator = &kCounterGenerator,
    };
    return info;
}

}  // namespace lincheck
