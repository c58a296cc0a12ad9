#include "lincheck/diagnose.hpp"

#include <algorithm>

#include "lincheck/explain.hpp"

namespace lincheck {

namespace {

std::string line_of_completion(const Operation& op) {
    if (op.complete_pos.line != 0) return "line " + std::to_string(op.complete_pos.line);
    if (op.complete_pos.event_index != 0) return "event " + std::to_string(op.complete_pos.event_index);
    return "its completion";
}

std::string line_of_invoke(const Operation& op) {
    if (op.invoke_pos.line != 0) return "line " + std::to_string(op.invoke_pos.line);
    if (op.invoke_pos.event_index != 0) return "event " + std::to_string(op.invoke_pos.event_index);
    return "its invocation";
}

// 0, 0.0, "" or false: values that careless code takes for "no value".
bool zero_like(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::boolean:
        case Value::Kind::integer: return v.as_integer() == 0;
        case Value::Kind::floating: return v.as_floating() == 0;
        case Value::Kind::string: return v.text().empty();
        default: return false;
    }
}

// `x` saw the initial state, which no operation writes. When that is nil ("never written") where the
// state could be a zero-like value, most likely the harness or the client took that value for "not
// set". Otherwise it is stale if a write of something else completed before x began.
std::optional<Hint> initial_state_seen(const Model& model, std::span<const Operation> ops, const Operation& x,
                                       const Value& seen, bool nobody_wrote_it, const FailureWindow& window,
                                       Value::Notation notation) {
    if (!nobody_wrote_it) return std::nullopt;
    const Operation* overwrite = nullptr;
    for (const Operation& o : ops) {
        const auto written = model.written_value(o);
        if (o.completed() && written && *written != seen && o.ret < x.call && (!overwrite || o.ret > overwrite->ret)) {
            overwrite = &o;
        }
    }
    const std::string v = seen.to_string(notation);
    // The states x may have met: just before it, at the window's start, or left by the latest write.
    std::vector<Value> states = window.states_before;
    states.insert(states.end(), window.start_states.begin(), window.start_states.end());
    if (overwrite) states.push_back(*model.written_value(*overwrite));
    const auto zero = std::find_if(states.begin(), states.end(), zero_like);
    if (seen.is_nil() && zero != states.end()) {
        std::string text = "the operation saw " + v + " (no value), where the state could be " +
                           model.describe_state(*zero, notation);
        const Operation* writer = nullptr;  // the latest write of that value completed before x began
        for (const Operation& o : ops) {
            if (o.completed() && o.ret < x.call && model.written_value(o) == *zero && (!writer || o.ret > writer->ret)) {
                writer = &o;
            }
        }
        if (writer) text += ", written by " + describe_operation(model, *writer, notation);
        text += ": " + zero->to_string(notation) + " is a value, not the absence of one — a harness or client that "
                "takes it for \"never written\" logs exactly this";
        return Hint{"zero-as-nil", std::move(text)};
    }
    if (!overwrite) return std::nullopt;
    return Hint{"stale-read", v + " is the initial state (nothing written yet), but " +
                                  describe_operation(model, *overwrite, notation) + " completed at " +
                                  line_of_completion(*overwrite) + ", before this operation began at " + line_of_invoke(x) +
                                  ": the operation saw the state from before that write"};
}

}  // namespace

std::vector<Hint> diagnose(const Model& model, std::span<const Operation> ops, std::span<const Operation> failed,
                           const FailureWindow& window, Value::Notation notation) {
    std::vector<Hint> hints;
    const Operation& x = ops[window.failing_op];
    if (auto words = model.explain_rejection(x, window.states_before, notation)) hints.push_back({"model", *words});

    const std::optional<Value> seen = model.observed_value(x);
    if (!seen) return hints;
    const std::string v = seen->to_string(notation);
    const bool initially = model.initial_state() == *seen;

    std::vector<const Operation*> writers, failed_writers, observers;
    for (const Operation& op : ops) {
        if (model.written_value(op) == seen) writers.push_back(&op);
        if (op.completed() && model.observed_value(op) == seen) observers.push_back(&op);
    }
    const std::vector<std::string> functions = model.functions();
    for (const Operation& op : failed) {
        // `fail`ed operations are dropped before validation: skip any the model cannot read (an unknown
        // `f`, a `cas` without its pair), which its hooks may not be given.
        if (std::find(functions.begin(), functions.end(), op.f) == functions.end()) continue;
        try {
            model.validate(op);
        } catch (const ModelError&) {
            continue;
        }
        if (model.written_value(op) == seen) failed_writers.push_back(&op);
    }

    if (writers.empty() && !initially) {
        if (failed_writers.empty()) {
            hints.push_back({"never-written", "value " + v + " was never written by any operation in the history: a lost "
                                              "write, or a write the test harness did not record"});
        } else {
            hints.push_back({"failed-write-observed",
                             "value " + v + " was written only by " + describe_operation(model, *failed_writers.front(), notation) +
                                 ", which the log says failed: the \"failed\" operation did take effect (`fail` must mean "
                                 "it certainly did not)"});
        }
        return hints;
    }
    if (model.observing_consumes()) {
        if (observers.size() > writers.size() + (initially ? 1 : 0)) {
            hints.push_back({"double-consume", "value " + v + " was taken " + std::to_string(observers.size()) +
                                                   " times but put in only " + std::to_string(writers.size()) +
                                                   (writers.size() == 1 ? " time" : " times")});
        }
        return hints;
    }
    if (initially) {
        if (auto hint = initial_state_seen(model, ops, x, *seen, writers.empty(), window, notation)) {
            hints.push_back(std::move(*hint));
        }
        return hints;
    }

    bool all_later = true;
    for (const Operation* w : writers) all_later = all_later && w->call > x.ret;
    if (all_later) {
        hints.push_back({"read-before-write", "value " + v + " was observed before any operation writing it began: " +
                                                  describe_operation(model, *writers.front(), notation) +
                                                  " was invoked after this one completed"});
        return hints;
    }

    // Stale: every write of v was followed, before x began, by a completed write of something else.
    const Operation* latest = nullptr;
    const Operation* overwrite = nullptr;
    for (const Operation* w : writers) {
        const Operation* over = nullptr;
        for (const Operation& o : ops) {
            const auto other = model.written_value(o);
            if (o.completed() && other && *other != *seen && w->completed() && w->ret < o.call && o.ret < x.call) {
                if (!over || o.ret > over->ret) over = &o;
            }
        }
        if (!over) return hints;
        if (!latest || w->ret > latest->ret) {
            latest = w;
            overwrite = over;
        }
    }
    if (latest && overwrite) {
        hints.push_back({"stale-read", v + " was written by " + describe_operation(model, *latest, notation) +
                                           ", then overwritten by " + describe_operation(model, *overwrite, notation) +
                                           ", which completed at " + line_of_completion(*overwrite) +
                                           ", before this operation began at " + line_of_invoke(x)});
    }
    return hints;
}

}  // namespace lincheck
