// `set`: a grow-only set, initially empty (--initial takes a list or set of elements).
//   add v      adds v (any value but nil). Indeterminate: may or may not have happened.
//   read → s   completed: the set is exactly s, a list or set compared as a set (order and duplicates
//              do not matter); with nil_read_is_unknown, a nil result matches any state.
//              Indeterminate: constrains nothing (dropped).
#include <algorithm>
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

// How many distinct elements of the collection `read` the set `state` holds, without building a set of
// `read` (reads of a large set are long lists, compared with many states).
std::size_t held_of(const Value& read, const Value& state) {
    const auto held = state.items();
    std::vector<bool> seen(held.size(), false);
    std::size_t count = 0;
    for (const Value& x : read.items()) {
        const auto it = std::lower_bound(held.begin(), held.end(), x);
        if (it == held.end() || *it != x) continue;
        const auto at = static_cast<std::size_t>(it - held.begin());
        if (!seen[at]) ++count;
        seen[at] = true;
    }
    return count;
}

// Is the collection `read`, taken as a set, the set `state`?
bool same_set(const Value& read, const Value& state) {
    if (read.kind() == Value::Kind::set) return read == state;
    const auto items = read.items();
    for (const Value& x : items) {  // every element read is held
        const auto held = state.items();
        if (!std::binary_search(held.begin(), held.end(), x)) return false;
    }
    return held_of(read, state) == state.items().size();  // and every element held is read
}

class SetModel final : public Model, private QueryPruning {
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

    // A grow-only set never loses an element: a read that misses an element the set holds already can
    // never match, whatever adds come before it (issue 17's set family).
    const QueryPruning* query_pruning() const override { return this; }
    bool hopeless(const Value& state, const Operation& query) const override {
        if (query.value.is_nil()) return false;  // no result, or a wildcard: nothing to miss
        return held_of(query.value, state) != state.items().size();  // some element held is not read
    }
    bool keeps_hopeless(const Operation& update, const Operation&) const override { return update.f == "add"; }

    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        if (op.f == "add") {
            std::vector<Value> items(state.items().begin(), state.items().end());
            items.push_back(op.value);
            next.push_back(Value::set(std::move(items)));
        } else if (!op.completed() || (nil_read_is_unknown_ && op.value.is_nil()) ||
                   (!op.value.is_nil() && same_set(op.value, state))) {
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

// ---------------------------------------------------------------------------------------------------
// The description (models.hpp): the registry's entry, how guess_model tells a set from a counter, and
// the simulated set of generated histories (internal/simulation.hpp).
#include <algorithm>

#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck {

namespace {

// Reads that return collections, or adds of non-integers.
bool values_fit_set(std::span<const std::span<const Operation>> runs) {
    for (const auto run : runs) {
        for (const Operation& op : run) {
            if (op.f == "add") {
                if (!op.value.is_integer()) return true;
            } else if (op.completed() && (op.value.kind() == Value::Kind::list || op.value.kind() == Value::Kind::set)) {
                return true;
            }
        }
    }
    return false;
}

SmallOp choose_set_op(Choices& c, const Mix& mix, bool update, const SmallOp*, long& next_value) {
    return update_or_read(update, "add", "read", c, mix, next_value);
}

class SimulatedSet final : public ObjectSimulator {
public:
    explicit SimulatedSet(const ModelOptions& options) {
        if (options.initial) elements_.assign(options.initial->items().begin(), options.initial->items().end());
    }

    std::optional<Value> apply(SmallOp& op, Choices&) override {
        if (op.f == "add") {
            if (std::find(elements_.begin(), elements_.end(), op.value) == elements_.end()) elements_.push_back(op.value);
            return op.value;
        }
        return Value::list(elements_);
    }
    std::optional<Value> corrupt(const SmallOp& op, const Value& result, Choices& c) override {
        if (op.f != "read") return std::nullopt;
        std::vector<Value> seen(result.items().begin(), result.items().end());
        if (!seen.empty() && c.chance(0.5)) seen.erase(seen.begin() + c.pick(static_cast<long>(seen.size())));
        else seen.push_back(Value::integer(-1));
        return Value::list(std::move(seen));
    }

private:
    std::vector<Value> elements_;
};

std::unique_ptr<ObjectSimulator> simulate_set(const ModelOptions& options) {
    return std::make_unique<SimulatedSet>(options);
}

constexpr std::string_view kSetFunctions[] = {"add", "read"};
const ModelGenerator kSetGenerator{choose_set_op, simulate_set};

}  // namespace

const ModelInfo& set_model_info() {
    static const ModelInfo info{
        .name = "set",
        .summary = "a grow-only set: add v, read → the whole set",
        .make = make_set,
        .functions = kSetFunctions,
        .values_fit = values_fit_set,
        .values_reason = "operations add/read, and reads return collections or adds carry non-integers",
        .generator = &kSetGenerator,
    };
    return info;
}

}  // namespace lincheck
