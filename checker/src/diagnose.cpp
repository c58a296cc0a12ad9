#include "lincheck/diagnose.hpp"

#include <algorithm>
#include <unordered_set>

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

std::size_t index_in(std::span<const Operation> ops, const Operation* op) {
    return static_cast<std::size_t>(op - ops.data());
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
std::optional<Hint> initial_state_seen(const Model& model, std::span<const Operation> ops,
                                       std::span<const std::optional<Value>> written, const Operation& x,
                                       const Value& seen, bool nobody_wrote_it, const FailureWindow& window,
                                       Value::Notation notation) {
    if (!nobody_wrote_it) return std::nullopt;
    const Operation* overwrite = nullptr;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Operation& o = ops[i];
        if (o.completed() && written[i] && *written[i] != seen && o.ret < x.call && (!overwrite || o.ret > overwrite->ret)) {
            overwrite = &o;
        }
    }
    const std::string v = seen.to_string(notation);
    // The states x may have met: just before it, at the window's start, or left by the latest write.
    std::vector<Value> states = window.states_before;
    states.insert(states.end(), window.start_states.begin(), window.start_states.end());
    if (overwrite) states.push_back(*written[index_in(ops, overwrite)]);
    const auto zero = std::find_if(states.begin(), states.end(), zero_like);
    if (seen.is_nil() && zero != states.end()) {
        std::string text = "the operation saw " + v + " (no value), where the state could be " +
                           model.describe_state(*zero, notation);
        const Operation* writer = nullptr;  // the latest write of that value completed before x began
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const Operation& o = ops[i];
            if (o.completed() && o.ret < x.call && written[i] == *zero && (!writer || o.ret > writer->ret)) writer = &o;
        }
        if (writer) text += ", " + std::string(model.put_verb()) + " by " + describe_operation(model, *writer, notation);
        text += ": " + zero->to_string(notation) + " is a value, not the absence of one — a harness or client that "
                "takes it for \"never written\" logs exactly this";
        Hint hint{"zero-as-nil", std::move(text), {}};
        if (writer) hint.ops.push_back(index_in(ops, writer));
        return hint;
    }
    if (!overwrite) return std::nullopt;
    return Hint{"stale-read",
                v + " is the initial state (nothing " + std::string(model.put_verb()) + " yet), but " +
                    describe_operation(model, *overwrite, notation) + " completed at " + line_of_completion(*overwrite) +
                    ", before this operation began at " + line_of_invoke(x) +
                    ": the operation saw the state from before that write",
                {index_in(ops, overwrite)}};
}

// The first operation of another key that puts `value` in, and that key's partition.
std::pair<const Operation*, const PartitionResult*> written_elsewhere(const Model& model, const Value& value,
                                                                      const std::optional<Value>& key,
                                                                      std::span<const PartitionResult> other_keys) {
    for (const PartitionResult& p : other_keys) {
        if (p.key == key) continue;
        for (const Operation& op : p.ops) {
            if (model.written_value(op) == value) return {&op, &p};
        }
    }
    return {nullptr, nullptr};
}

// The operations logged `fail` that put `value` in (those the model can read).
std::vector<const Operation*> failed_writers_of(const Model& model, std::span<const Operation> failed, const Value& value) {
    std::vector<const Operation*> out;
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
        if (model.written_value(op) == value) out.push_back(&op);
    }
    return out;
}

// A value no operation of this key puts in: it came from a failed operation, another key, or nowhere.
Hint nobody_put(const Model& model, const Value& value, std::string_view noun, std::span<const Operation> failed,
                const std::optional<Value>& key, std::span<const PartitionResult> other_keys, Value::Notation notation) {
    const std::string v = value.to_string(notation);
    const std::string verb(model.put_verb());
    const auto failed_writers = failed_writers_of(model, failed, value);
    if (!failed_writers.empty()) {
        return {"failed-write-observed",
                std::string(noun) + " " + v + " was " + verb + " only by " +
                    describe_operation(model, *failed_writers.front(), notation) +
                    ", which the log says failed: the \"failed\" operation did take effect (`fail` must mean it "
                    "certainly did not)",
                {},
                {static_cast<std::size_t>(failed_writers.front() - failed.data())}};
    }
    if (const auto [op, p] = written_elsewhere(model, value, key, other_keys); op) {
        return {"other-key",
                std::string(noun) + " " + v + " was never " + verb + " to key " + (key ? key->to_string(notation) : "null") +
                    ", but was " + verb + " to key " + (p->key ? p->key->to_string(notation) : "null") + " by " +
                    describe_operation(model, *op, notation) +
                    ": a harness that logs the wrong key, or a client that uses the wrong one, gives exactly this",
                {},
                {},
                {{static_cast<std::size_t>(p - other_keys.data()), static_cast<std::size_t>(op - p->ops.data())}}};
    }
    if (noun == "element") {
        return {"never-added", "element " + v + " was never " + verb + " by any operation in the history: a read that "
                               "invented it, or an add the test harness did not record",
                {}};
    }
    return {"never-written", std::string(noun) + " " + v + " was never " + verb + " by any operation in the history: " +
                                 (verb == "written" ? "a lost write, or a write the test harness did not record"
                                                    : "an operation the test harness did not record, or a value the "
                                                      "object made up"),
            {}};
}

// A mutex's acquire that cannot be placed: who held the lock when it returned. When another completed
// acquire A can be separated from it by no release (none could take effect between the two), A's process
// held the lock: that alone is the failure. Otherwise, when counting shows it — from the window's start
// to this acquire's completion more acquires completed than releases could take effect (plus one when
// the lock may have been free at the start) — the hint says so and names the last acquire to complete
// before this one. Every sentence is a consequence of the history, never a guess.
std::optional<Hint> lock_held(const Model& model, std::span<const Operation> ops, const FailureWindow& window) {
    if (model.name() != "mutex") return std::nullopt;
    const Operation& x = ops[window.failing_op];
    if (x.f != "acquire") return std::nullopt;
    auto separates = [&](const Operation& r, const Operation& a) {  // r can take effect between a and x
        return (r.ret > a.call && r.call < x.ret) || (r.ret > x.call && r.call < a.ret);
    };
    const Operation* holder = nullptr;
    const Operation* last = nullptr;
    for (const Operation& a : ops) {
        if (&a == &x || a.f != "acquire" || !a.completed() || a.call > x.ret) continue;
        if (a.ret < x.ret && (!last || a.ret > last->ret)) last = &a;
        const bool alone = std::none_of(ops.begin(), ops.end(), [&](const Operation& r) {
            return r.f == "release" && separates(r, a);
        });
        if (alone && (!holder || a.ret > holder->ret)) holder = &a;
    }
    if (holder) {
        const std::string who = "process " + std::to_string(holder->process);
        return Hint{"lock-held",
                    who + " held the lock when this acquire returned: " + who + "'s acquire (" + describe_span(*holder) +
                        ") completed too, and no release could take effect between the two (none ran between them)",
                    {index_in(ops, holder)}};
    }
    std::size_t acquires = 0, releases = 0;
    for (const Operation& op : ops) {
        if (op.f == "acquire" && op.completed() && op.call >= window.cut && op.ret <= x.ret) ++acquires;
        if (op.f == "release" && op.call < x.ret && (!op.completed() || op.ret >= window.cut)) ++releases;
    }
    const bool may_be_free = std::any_of(window.start_states.begin(), window.start_states.end(),
                                         [](const Value& s) { return !s.as_boolean(); });
    if (window.start_states.empty() || acquires <= releases + (may_be_free ? 1 : 0)) return std::nullopt;
    const Operation* first = nullptr;  // the window's first operation: where it starts
    for (std::size_t i : window.ops) {
        if (!first || ops[i].call < first->call) first = &ops[i];
    }
    std::string text = "from " + line_of_invoke(*first) + ", where the lock " +
                       (may_be_free ? "was free or held" : "was held") + ", to this acquire's completion at " +
                       line_of_completion(x) + ", " + std::to_string(acquires) + " acquires completed (this one "
                       "included) but only " + std::to_string(releases) + (releases == 1 ? " release" : " releases") +
                       " could take effect: at least " + std::to_string(acquires - releases - (may_be_free ? 1 : 0)) +
                       " of them returned while another process held the lock";
    Hint hint{"lock-held", std::move(text), {}};
    if (last) {
        hint.text += "; the last acquire to complete before this one was process " + std::to_string(last->process) +
                     "'s (" + describe_span(*last) + ")";
        hint.ops.push_back(index_in(ops, last));
    }
    return hint;
}

}  // namespace

std::vector<Hint> diagnose(const Model& model, std::span<const Operation> ops, std::span<const Operation> failed,
                           const FailureWindow& window, Value::Notation notation,
                           std::span<const PartitionResult> other_keys) {
    std::vector<Hint> hints;
    const Operation& x = ops[window.failing_op];
    if (auto words = model.explain_rejection(x, window.states_before, notation)) hints.push_back({"model", *words, {}});
    if (auto hint = lock_held(model, ops, window)) hints.push_back(std::move(*hint));

    // A read of a whole collection: any element nobody put in.
    const std::vector<Value> elements = model.observed_elements(x);
    if (!elements.empty()) {
        const Value initial = model.initial_state();
        const auto initial_items = initial.items();
        std::vector<Value> put_in;  // every value some operation puts in, sorted: one pass over the history
        for (const Operation& op : ops) {
            if (auto v = model.written_value(op)) put_in.push_back(std::move(*v));
        }
        std::sort(put_in.begin(), put_in.end());
        for (const Value& e : elements) {
            if (std::find(initial_items.begin(), initial_items.end(), e) != initial_items.end()) continue;
            const bool put = std::binary_search(put_in.begin(), put_in.end(), e);
            if (!put) hints.push_back(nobody_put(model, e, "element", failed, x.key, other_keys, notation));
        }
        return hints;
    }

    const std::optional<Value> seen = model.observed_value(x);
    if (!seen) return hints;
    const std::string v = seen->to_string(notation);
    const bool initially = model.initial_state() == *seen;

    // What each operation puts in, asked of the model once (a history can have 10^6 operations).
    std::vector<std::optional<Value>> written(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) written[i] = model.written_value(ops[i]);

    std::vector<const Operation*> writers, observers;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (written[i] == seen) writers.push_back(&ops[i]);
        if (ops[i].completed() && model.observed_value(ops[i]) == seen) observers.push_back(&ops[i]);
    }

    if (writers.empty() && !initially) {
        hints.push_back(nobody_put(model, *seen, "value", failed, x.key, other_keys, notation));
        return hints;
    }
    if (model.observing_consumes()) {
        if (observers.size() > writers.size() + (initially ? 1 : 0)) {
            Hint hint{"double-consume", "value " + v + " was taken " + std::to_string(observers.size()) + " times but " +
                                            std::string(model.put_verb()) + " only " + std::to_string(writers.size()) +
                                            (writers.size() == 1 ? " time" : " times"),
                      {}};
            for (const Operation* o : writers) hint.ops.push_back(index_in(ops, o));
            for (const Operation* o : observers) {
                if (o != &x) hint.ops.push_back(index_in(ops, o));
            }
            hints.push_back(std::move(hint));
        }
        return hints;
    }
    if (initially) {
        if (auto hint = initial_state_seen(model, ops, written, x, *seen, writers.empty(), window, notation)) {
            hints.push_back(std::move(*hint));
        }
        return hints;
    }

    bool all_later = true;
    for (const Operation* w : writers) all_later = all_later && w->call > x.ret;
    if (all_later) {
        hints.push_back({"read-before-write",
                         "value " + v + " was observed before any operation that " + std::string(model.put_verb()) +
                             " it began: " + describe_operation(model, *writers.front(), notation) +
                             " was invoked after this one completed",
                         {index_in(ops, writers.front())}});
        return hints;
    }

    // Stale: every write of v was followed, before x began, by a completed write of something else.
    // The writer that completed last decides (an overwrite after it follows every other one too), and
    // the overwrite named is the one that completed last: one pass, not one per writer.
    const Operation* latest = nullptr;
    for (const Operation* w : writers) {
        if (!w->completed()) return hints;
        if (!latest || w->ret > latest->ret) latest = w;
    }
    const Operation* overwrite = nullptr;
    for (std::size_t i = 0; latest && i < ops.size(); ++i) {
        const Operation& o = ops[i];
        if (o.completed() && written[i] && *written[i] != *seen && latest->ret < o.call && o.ret < x.call &&
            (!overwrite || o.ret > overwrite->ret)) {
            overwrite = &o;
        }
    }
    if (!overwrite) return hints;
    if (latest && overwrite) {
        // Lost rather than stale: no read that began after the overwrite completed saw its value, and
        // another one (besides this) saw an older value.
        const Value lost = *written[index_in(ops, overwrite)];
        bool seen_new = false;
        const Operation* also_old = nullptr;
        for (const Operation& o : ops) {
            if (!o.completed() || o.call < overwrite->ret || &o == &x) continue;
            const auto observed = model.observed_value(o);
            if (!observed) continue;
            if (*observed == lost) seen_new = true;
            else if (*observed == *seen && !also_old) also_old = &o;
        }
        if (!seen_new && also_old) {
            hints.push_back({"lost-write",
                             describe_operation(model, *overwrite, notation) + " completed at " +
                                 line_of_completion(*overwrite) + ", yet no read that began after it saw " +
                                 lost.to_string(notation) + ": this one saw " + v + " (" +
                                 std::string(model.put_verb()) + " by " + describe_operation(model, *latest, notation) +
                                 "), and so did " + describe_operation(model, *also_old, notation) +
                                 " — the write was acknowledged but lost",
                             {index_in(ops, latest), index_in(ops, overwrite), index_in(ops, also_old)}});
        } else {
            hints.push_back({"stale-read", v + " was " + std::string(model.put_verb()) + " by " +
                                               describe_operation(model, *latest, notation) + ", then overwritten by " +
                                               describe_operation(model, *overwrite, notation) + ", which completed at " +
                                               line_of_completion(*overwrite) + ", before this operation began at " +
                                               line_of_invoke(x),
                             {index_in(ops, latest), index_in(ops, overwrite)}});
        }
    }
    return hints;
}

}  // namespace lincheck
