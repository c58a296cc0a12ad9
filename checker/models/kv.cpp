// `kv`: string registers by key, as Porcupine's kv model. The key is the operation's `key` field; an
// unkeyed history is one register. The history may be checked split by key or whole: the state maps
// each key written so far to its string, and a key not in it holds the starting value — "" by default
// (Porcupine), or whatever --initial says: a string, or null for "absent".
//   get → v      completed: the key holds v (with nil_read_is_unknown, a nil result matches any state).
//                Indeterminate: constrains nothing (dropped).
//   put v        sets the key to the string v.
//   append v     concatenates the string v to the key's value (an absent key counts as "").
// Indeterminate put and append may or may not have happened.
#include <memory>
#include <utility>

#include "lincheck/model.hpp"

namespace lincheck {

namespace {

class KvModel final : public Model, private QueryPruning {
public:
    explicit KvModel(const ModelOptions& options)
        : start_(options.initial.value_or(Value::string(""))), nil_read_is_unknown_(options.nil_read_is_unknown) {
        if (!start_.is_string() && !start_.is_nil()) {
            throw ModelError("the initial state of kv is the value every key starts with: a string, or null for "
                             "absent; got " + start_.to_string());
        }
    }

    std::string_view name() const override { return "kv"; }
    std::vector<std::string> functions() const override { return {"get", "put", "append"}; }
    Value initial_state() const override { return Value::map({}); }

    void validate(const Operation& op) const override {
        if (op.f == "get") {
            if (op.completed() && !op.value.is_string() && !op.value.is_nil()) {
                throw ModelError("`get` returns a string (or null for an absent key), got " + op.value.to_string());
            }
        } else if (!op.value.is_string()) {
            throw ModelError("`" + op.f + "` needs a string, got " + op.value.to_string());
        }
    }

    bool is_query(const Operation& op) const override { return op.f == "get"; }
    bool value_is_argument(const Operation& op) const override { return op.f != "get"; }
    bool keeps_keys_apart() const override { return true; }

    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        static const Value kNil;
        const Value& key = op.key ? *op.key : kNil;
        const Value* held = state.find(key);
        const Value& current = held ? *held : start_;
        if (op.f == "get") {
            if (!op.completed() || op.value == current || (nil_read_is_unknown_ && op.value.is_nil())) {
                next.push_back(state);
            }
            return;
        }
        Value value = op.f == "put" ? op.value : Value::string(current.text() + op.value.text());
        // The entries stay in key order (Value::map then has nothing to sort).
        std::vector<std::pair<Value, Value>> entries;
        const auto items = state.items();
        entries.reserve(items.size() / 2 + 1);
        // A key back at its starting value is left out, so equal contents are one state.
        bool placed = value == start_;
        for (std::size_t i = 0; i < items.size(); i += 2) {
            if (!placed && key < items[i]) {
                entries.emplace_back(key, std::move(value));
                placed = true;
            }
            if (items[i] != key) entries.emplace_back(items[i], items[i + 1]);
        }
        if (!placed) entries.emplace_back(key, std::move(value));
        next.push_back(Value::map(std::move(entries)));
    }

    // Appends only lengthen a key's string, and an absent key turns into a string: once the key's
    // value is not a beginning of what a get returned, appends cannot make it so. Updates of other
    // keys leave it alone; only a put of the same key can.
    const QueryPruning* query_pruning() const override { return this; }
    bool hopeless(const Value& state, const Operation& query) const override {
        if (nil_read_is_unknown_ && query.value.is_nil()) return false;
        static const Value kNil;
        const Value* held = state.find(query.key ? *query.key : kNil);
        const Value& current = held ? *held : start_;
        if (current.is_nil()) return false;  // absent: any string may follow, and it may be read as null
        return query.value.is_nil() || !query.value.text().starts_with(current.text());
    }
    bool keeps_hopeless(const Operation& update, const Operation& query) const override {
        if (update.f == "append" || update.key != query.key) return true;
        // A put of w: the key then holds w, which is hopeless unless the get's result begins with it.
        return query.value.is_nil() || !query.value.text().starts_with(update.value.text());
    }

    std::string describe_op(const Operation& op, Value::Notation notation) const override {
        std::string out = op.f;
        if (op.key) {
            out += ' ';
            op.key->append_to(out, notation);
        }
        if (!op.completed() && op.f == "get") return out + " (no result)";
        out += op.f == "get" ? " → " : " ";
        op.value.append_to(out, notation);
        return out;
    }

    std::string describe_state(const Value& state, Value::Notation notation) const override {
        if (state.size() != 0) return state.to_string(notation);
        return start_.is_nil() ? "every key absent" : "every key " + start_.to_string(notation);
    }

private:
    Value start_;  // the value of a key never written
    bool nil_read_is_unknown_;
};

}  // namespace

std::unique_ptr<Model> make_kv(const ModelOptions& options) {
    return std::make_unique<KvModel>(options);
}

}  // namespace lincheck

// ---------------------------------------------------------------------------------------------------
// The description (models.hpp): the registry's entry, and the simulated store of generated histories
// (internal/simulation.hpp). One simulated object is one key.
#include <algorithm>

#include "lincheck/internal/simulation.hpp"
#include "lincheck/models.hpp"

namespace lincheck {

namespace {

SmallOp choose_kv_op(Choices& c, const Mix& mix, bool update, const SmallOp*, long& next_value) {
    SmallOp op;
    op.f = !update ? "get" : c.chance(0.2) ? "put" : "append";
    if (update) op.value = Value::string(std::to_string(drawn_value(c, mix, next_value).as_integer()) + ",");
    else op.has_value = false;
    return op;
}

class SimulatedKey final : public ObjectSimulator {
public:
    explicit SimulatedKey(const ModelOptions& options) : value_(options.initial.value_or(Value::string(""))) {}

    std::optional<Value> apply(SmallOp& op, Choices&) override {
        if (op.f == "get") return value_;
        const std::string before = value_.is_string() ? value_.text() : "";  // absent counts as ""
        value_ = Value::string(op.f == "put" ? op.value.text() : before + op.value.text());
        return op.value;
    }
    // The appends seen in another order, one missing, or one never made (pieces end with a comma).
    std::optional<Value> corrupt(const SmallOp& op, const Value& result, Choices& c) override {
        if (op.f != "get") return std::nullopt;
        std::vector<std::string> pieces;
        const std::string was = result.is_string() ? result.text() : "";
        for (std::size_t at = 0; at < was.size();) {
            const std::size_t end = std::min(was.find(',', at), was.size() - 1) + 1;
            pieces.push_back(was.substr(at, end - at));
            at = end;
        }
        const long how = c.pick(3);
        if (how == 0 && pieces.size() >= 2) {
            const auto i = static_cast<std::size_t>(c.pick(static_cast<long>(pieces.size()) - 1));
            std::swap(pieces[i], pieces[i + 1]);
        } else if (how == 1 && !pieces.empty()) {
            pieces.erase(pieces.begin() + c.pick(static_cast<long>(pieces.size())));
        } else {
            pieces.push_back("-1,");
        }
        std::string now;
        for (const std::string& piece : pieces) now += piece;
        return Value::string(now == was ? now + "-1," : now);
    }

private:
    Value value_;
};

std::unique_ptr<ObjectSimulator> simulate_kv(const ModelOptions& options) {
    return std::make_unique<SimulatedKey>(options);
}

constexpr std::string_view kKvFunctions[] = {"get", "put", "append"};
const ModelGenerator kKvGenerator{choose_kv_op, simulate_kv};

}  // namespace

const ModelInfo& kv_model_info() {
    static const ModelInfo info{
        .name = "kv",
        .summary = "string registers by key (Porcupine): get → v, put v, append v; keys start \"\"",
        .make = make_kv,
        .functions = kKvFunctions,
        .generator = &kKvGenerator,
    };
    return info;
}

}  // namespace lincheck
