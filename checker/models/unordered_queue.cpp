// `unordered-queue`: a queue that may hand out its elements in any order (a multiset), initially empty
// (--initial takes a list or set of elements).
//   enqueue v     adds v (any value but nil). Indeterminate: may or may not have happened.
//   dequeue → v   completed: v was in the queue, and one copy of it is removed; a nil result means the
//                 queue was empty. Indeterminate: removed any one element (or never happened).
// The state is a list kept sorted, so equal multisets are equal states.
#include <algorithm>
#include <memory>

#include "lincheck/model.hpp"

namespace lincheck {

namespace {

Value without_one(std::span<const Value> items, std::size_t at) {
    std::vector<Value> rest;
    rest.reserve(items.size() - 1);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != at) rest.push_back(items[i]);
    }
    return Value::list(std::move(rest));
}

class UnorderedQueueModel final : public Model {
public:
    explicit UnorderedQueueModel(const ModelOptions& options) {
        if (!options.initial) return;
        const Value& initial = *options.initial;
        if (initial.kind() != Value::Kind::list && initial.kind() != Value::Kind::set) {
            throw ModelError("the initial state of an unordered-queue is a list of elements, got " + initial.to_string());
        }
        std::vector<Value> items(initial.items().begin(), initial.items().end());
        std::sort(items.begin(), items.end());
        initial_ = Value::list(std::move(items));
    }

    std::string_view name() const override { return "unordered-queue"; }
    std::vector<std::string> functions() const override { return {"enqueue", "dequeue"}; }
    Value initial_state() const override { return initial_; }

    void validate(const Operation& op) const override {
        if (op.f == "enqueue" && op.value.is_nil()) throw ModelError("`enqueue` needs a value, got null");
    }

    bool is_query(const Operation&) const override { return false; }
    bool value_is_argument(const Operation& op) const override { return op.f == "enqueue"; }

    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        const auto items = state.items();
        if (op.f == "enqueue") {
            std::vector<Value> queue(items.begin(), items.end());
            queue.insert(std::upper_bound(queue.begin(), queue.end(), op.value), op.value);
            next.push_back(Value::list(std::move(queue)));
        } else if (items.empty()) {
            if (!op.completed() || op.value.is_nil()) next.push_back(state);
        } else if (op.completed()) {
            const auto it = std::lower_bound(items.begin(), items.end(), op.value);
            if (it != items.end() && *it == op.value) next.push_back(without_one(items, static_cast<std::size_t>(it - items.begin())));
        } else {
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i == 0 || items[i] != items[i - 1]) next.push_back(without_one(items, i));
            }
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
            std::binary_search(initial.begin(), initial.end(), op.value)) {
            return std::nullopt;
        }
        return op.value;
    }
    bool observing_consumes() const override { return true; }
    std::string_view put_verb() const override { return "enqueued"; }

    std::optional<std::string> explain_rejection(const Operation& op, std::span<const Value> states,
                                                 Value::Notation) const override {
        if (op.f != "dequeue" || !op.completed() || !op.value.is_nil() || states.empty()) return std::nullopt;
        if (std::any_of(states.begin(), states.end(), [](const Value& s) { return s.size() == 0; })) return std::nullopt;
        return "the queue was not empty, yet the dequeue returned nothing";
    }

private:
    Value initial_ = Value::list({});
};

}  // namespace

std::unique_ptr<Model> make_unordered_queue(const ModelOptions& options) {
    return std::make_unique<UnorderedQueueModel>(options);
}

}  // namespace lincheck

// ---------------------------------------------------------------------------------------------------
// The description (models.hpp): the registry's entry, and the simulated queue of generated histories
// (internal/simulation.hpp; the FIFO queue's, dequeuing any element).
#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck {

// checker/models/fifo_queue.cpp
SmallOp choose_queue_op(Choices& c, const Mix& mix, bool update, const SmallOp* previous, long& next_value);
std::unique_ptr<ObjectSimulator> simulate_queue(const ModelOptions& options, bool fifo);
std::span<const std::string_view> queue_functions();

namespace {

const ModelGenerator kUnorderedQueueGenerator{choose_queue_op, [](const ModelOptions& options) {
                                                  return simulate_queue(options, false);
                                              }};

}  // namespace

const ModelInfo& unordered_queue_model_info() {
    static const ModelInfo info{
        .name = "unordered-queue",
        .summary = "a queue in any order (multiset): enqueue v, dequeue → v (nil when empty)",
        .make = make_unordered_queue,
        .functions = queue_functions(),
        .guessed = false,  // fifo-queue is the stricter guess for the same functions
        .generator = &kUnorderedQueueGenerator,
    };
    return info;
}

}  // namespace lincheck
