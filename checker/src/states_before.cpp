// The states before an operation (window.hpp), computed by the search itself: the operation is replaced
// by a probe that always succeeds and freezes the state, so the search's final states are exactly the
// states the probe met. After the probe every operation leaves the frozen state alone: operations that
// come after the failing one in a linearization do not matter to what it met.
#include <algorithm>

#include "lincheck/window.hpp"
#include "window_shrink.hpp"

namespace lincheck {

namespace {

// No model accepts this `f` (a control character), so it can be no history's operation.
constexpr std::string_view kProbe = "\x01probe";

class ProbedModel final : public Model {
public:
    explicit ProbedModel(const Model& inner) : inner_(inner) {}

    std::string_view name() const override { return inner_.name(); }
    std::vector<std::string> functions() const override { return inner_.functions(); }
    Value initial_state() const override { return wrap(inner_.initial_state(), false); }
    void validate(const Operation& op) const override { inner_.validate(op); }
    bool is_query(const Operation& op) const override { return op.f != kProbe && inner_.is_query(op); }
    void step(const Value& state, const Operation& op, std::vector<Value>& next) const override {
        const Value& inner_state = state.items()[0];
        const bool frozen = state.items()[1].as_boolean();
        if (op.f == kProbe) {
            if (!frozen) next.push_back(wrap(inner_state, true));
            return;
        }
        if (frozen) {
            next.push_back(state);
            return;
        }
        std::vector<Value> inner_next;
        inner_.step(inner_state, op, inner_next);
        for (Value& s : inner_next) next.push_back(wrap(std::move(s), false));
    }

private:
    static Value wrap(Value inner, bool frozen) { return Value::list({std::move(inner), Value::boolean(frozen)}); }
    const Model& inner_;
};

}  // namespace

std::optional<std::vector<Value>> states_before(const Model& model, std::span<const Operation> ops, std::size_t x,
                                                const CheckLimits& limits) {
    const std::uint64_t end = ops[x].ret;
    std::vector<Operation> sub;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].call > end) continue;  // invoked after x completed: cannot precede it
        Operation op = ops[i];
        if (i == x) {
            op.f = std::string(kProbe);
            op.value = Value::nil();
        } else if (op.completed() && op.ret > end) {  // running when x completed: may or may not precede it
            op.outcome = Outcome::info;
            op.ret = kNever;
        }
        sub.push_back(std::move(op));
    }
    const ProbedModel probed(model);
    detail::SearchRequest request;
    request.collect_final_states = true;
    const CheckResult r = detail::search_in_time(probed, sub, limits, request);
    if (r.verdict == Verdict::unknown) return std::nullopt;
    std::vector<Value> out;
    for (const Value& s : r.final_states) out.push_back(s.items()[0]);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace lincheck
