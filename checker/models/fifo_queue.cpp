// `fifo-queue`: a first-in first-out queue, initially empty (--initial takes a list, front first).
//   enqueue v     adds v (any value but nil) at the back. Indeterminate: may or may not have happened.
//   dequeue → v   completed: v was at the front, and is removed; a nil result means the queue was
//                 empty. Indeterminate: removed the front element if there was one (or never happened).
#include <algorithm>
#include <memory>

#include "lincheck/model.hpp"

namespace lincheck {

namespace {

class FifoQueueModel final : public Model, private FifoPruning {
public:
    explicit FifoQueueModel(const ModelOptions& options) : initial_(options.initial.value_or(Value::list({}))) {
        if (!initial_.is_list()) {
            throw ModelError("the initial state of a fifo-queue is a list, front first, got " + initial_.to_string());
        }
    }

    std::string_view name() const override { return "fifo-queue"; }
    std::vector<std::string> functions() const override { return {"enqueue", "dequeue"}; }
    Value initial_state() const override { return initial_; }

    void validate(const Operation& op) const override {
        if (op.f == "enqueue" && op.value.is_nil()) throw ModelError("`enqueue` needs a value, got null");
    }

    bool is_query(const Operation&) const override { return false; }
    bool value_is_argument(const Operation& op) const override { return op.f == "enqueue"; }

    const FifoPruning* fifo_pruning() const override { return this; }
    std::span<const Value> elements(const Value& state) const override { return state.items(); }
    std::optional<Value> enqueued(const Operation& op) const override {
        if (op.f == "enqueue") return op.value;
        return std::nullopt;
    }
    std::optional<Value> dequeued(const Operation& op) const override {
        if (op.f == "dequeue" && op.completed()) return op.value;
        return std::nullopt;
    }

    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        const auto items = state.items();
        if (op.f == "enqueue") {
            std::vector<Value> queue(items.begin(), items.end());
            queue.push_back(op.value);
            next.push_back(Value::list(std::move(queue)));
        } else if (items.empty()) {
            if (!op.completed() || op.value.is_nil()) next.push_back(state);
        } else if (!op.completed() || op.value == items.front()) {
            next.push_back(Value::list(std::vector<Value>(items.begin() + 1, items.end())));
        }
    }

    std::string describe_op(const Operation& op, Value::Notation notation) const override {
        if (op.f == "enqueue") return "enqueue " + op.value.to_string(notation);
        if (!op.completed()) return "dequeue (no result)";
        return op.value.is_nil() ? "dequeue → nothing (empty)" : "dequeue → " + op.value.to_string(notation);
    }

    // Diagnosis hooks: an enqueue writes its value, a dequeue observes and consumes it.
    std::optional<Value> written_value(const Operation& op) const override {
        if (op.f == "enqueue") return op.value;
        return std::nullopt;
    }
    std::optional<Value> observed_value(const Operation& op) const override {
        const auto initial = initial_.items();
        if (op.f != "dequeue" || !op.completed() || op.value.is_nil() ||
            std::find(initial.begin(), initial.end(), op.value) != initial.end()) {
            return std::nullopt;
        }
        return op.value;
    }
    bool observing_consumes() const override { return true; }
    std::string_view put_verb() const override { return "enqueued"; }

    std::optional<std::string> explain_rejection(const Operation& op, std::span<const Value> states,
                                                 Value::Notation notation) const override {
        if (op.f != "dequeue" || !op.completed() || states.empty()) return std::nullopt;
        if (op.value.is_nil()) {
            if (std::any_of(states.begin(), states.end(), [](const Value& s) { return s.size() == 0; })) return std::nullopt;
            return "the queue was not empty, yet the dequeue returned nothing";
        }
        std::string fronts;
        for (const Value& s : states) {
            const auto items = s.items();
            if (items.empty() || items.front() == op.value || std::find(items.begin(), items.end(), op.value) == items.end()) {
                return std::nullopt;
            }
            fronts += (fronts.empty() ? "" : " or ") + items.front().to_string(notation);
        }
        return op.value.to_string(notation) + " was in the queue, but behind " + fronts + ": dequeued out of FIFO order";
    }

private:
    Value initial_;
};

}  // namespace

std::unique_ptr<Model> make_fifo_queue(const ModelOptions& options) {
    return std::make_unique<FifoQueueModel>(options);
}

}  // namespace lincheck

// ---------------------------------------------------------------------------------------------------
// The description (models.hpp): the registry's entry, and the simulated queue of generated histories
// (internal/simulation.hpp), which unordered_queue.cpp shares.
#include <deque>

#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck {

SmallOp choose_queue_op(Choices& c, const Mix& mix, bool update, const SmallOp*, long& next_value) {
    return update_or_read(update, "enqueue", "dequeue", c, mix, next_value);
}

std::unique_ptr<ObjectSimulator> simulate_queue(const ModelOptions& options, bool fifo);

namespace {

class SimulatedQueue final : public ObjectSimulator {
public:
    SimulatedQueue(const ModelOptions& options, bool fifo) : fifo_(fifo) {
        if (options.initial) queue_.assign(options.initial->items().begin(), options.initial->items().end());
    }

    std::optional<Value> apply(SmallOp& op, Choices& c) override {
        if (op.f == "enqueue") {
            queue_.push_back(op.value);
            seen_.push_back(op.value);
            return op.value;
        }
        if (queue_.empty()) return Value::nil();
        const auto at = fifo_ ? 0 : static_cast<std::size_t>(c.pick(static_cast<long>(queue_.size())));
        Value v = queue_[at];
        queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(at));
        return v;
    }
    std::optional<Value> corrupt(const SmallOp& op, const Value& result, Choices& c) override {
        if (op.f != "dequeue") return std::nullopt;
        if (seen_.empty() || c.chance(0.2)) return result.is_nil() ? Value::integer(-1) : Value::nil();
        Value v = seen_[static_cast<std::size_t>(c.pick(static_cast<long>(seen_.size())))];
        return v == result ? Value::integer(-1) : v;
    }

private:
    bool fifo_;
    std::deque<Value> queue_;
    std::vector<Value> seen_;
};

constexpr std::string_view kQueueFunctions[] = {"enqueue", "dequeue"};
const ModelGenerator kFifoQueueGenerator{choose_queue_op, [](const ModelOptions& options) {
                                             return simulate_queue(options, true);
                                         }};

}  // namespace

std::unique_ptr<ObjectSimulator> simulate_queue(const ModelOptions& options, bool fifo) {
    return std::make_unique<SimulatedQueue>(options, fifo);
}

std::span<const std::string_view> queue_functions() {
    return kQueueFunctions;
}

const ModelInfo& fifo_queue_model_info() {
    static const ModelInfo info{
        .name = "fifo-queue",
        .summary = "a FIFO queue: enqueue v, dequeue → v (nil when empty)",
        .make = make_fifo_queue,
        .functions = kQueueFunctions,
        .generator = &kFifoQueueGenerator,
    };
    return info;
}

}  // namespace lincheck
