#pragma once
// The interface every model implements. The search knows nothing else about objects: it interns the
// states a model returns and memoises `step` per (state, kind of operation), so a model may be written
// plainly with `Value`s and still be fast in the search's inner loop.
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/value.hpp"

namespace lincheck {

struct ModelOptions {
    // The state before any operation; nullopt means the model's own default (nil for registers).
    std::optional<Value> initial;
    // Knossos' convention: an ok read of nil says nothing about the state (a wildcard). Default off:
    // a nil read means the object held no value.
    bool nil_read_is_unknown = false;
};

// An operation the model cannot interpret: unknown `f`, or a value of the wrong shape.
class ModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Knowledge of a model that lets the search cut branches that can never succeed (Model::query_pruning).
// `query` is always a completed query (Model::is_query), `update` never one. Both functions may depend
// only on what Model::step may. The search drops a configuration when a query that it must still
// linearize is hopeless in its state and every update that may still come before that query keeps it
// so. E.g. kv: a key holding "ab" is never read as "xab" after appends, nor after any update of another
// key; a put of "x" could undo it, a put of "y" could not.
class QueryPruning {
public:
    virtual ~QueryPruning() = default;
    // True promises that `query` is not legal in `state`. False is always safe.
    virtual bool hopeless(const Value& state, const Operation& query) const = 0;
    // True promises: whenever hopeless(s, query), also hopeless(s', query) for every state s' that
    // `update` may lead to from s. False is always safe.
    virtual bool keeps_hopeless(const Operation& update, const Operation& query) const = 0;
    // True promises: keeps_hopeless(update, query) whenever Model::leaves_state(update) and
    // Model::needs_state(query) are both defined and differ (only an update leaving the state a query
    // needs can unblock it). The search then looks for a query's unblockers among those updates alone,
    // not among every update called before it (a long key's reads x its crashed updates; issue 17).
    // False is always safe.
    virtual bool unblocking_follows_states() const { return false; }
};

// Knowledge of a FIFO queue model that lets the search drop configurations whose queue order can no
// longer agree with the order of the dequeues (Model::fifo_pruning; see checker/src/fifo_order.hpp).
// Promises: the state is the queue's elements, front first; an enqueue appends its element; a completed
// dequeue of an element removes the front, which must be that element; a completed dequeue of nil needs
// an empty queue; an indeterminate dequeue removes the front or nothing.
class FifoPruning {
public:
    virtual ~FifoPruning() = default;
    virtual std::span<const Value> elements(const Value& state) const = 0;
    // An enqueue's element; nullopt for any other op.
    virtual std::optional<Value> enqueued(const Operation& op) const = 0;
    // A completed dequeue's result (nil: the queue was empty); nullopt for any other op.
    virtual std::optional<Value> dequeued(const Operation& op) const = 0;
};

class Model {
public:
    virtual ~Model() = default;

    virtual std::string_view name() const = 0;
    // The `f`s this model accepts, for messages and --list-models.
    virtual std::vector<std::string> functions() const = 0;
    virtual Value initial_state() const = 0;

    // Throws ModelError when `op`'s value does not fit the model. Only called with an `f` listed by
    // functions(); the checker reports unknown `f`s itself.
    virtual void validate(const Operation& op) const = 0;

    // True when `op` can never change the state (a read). An indeterminate query constrains nothing,
    // so the checker drops it before searching.
    virtual bool is_query(const Operation& op) const = 0;

    // Appends to `next` every state that may follow `state` when `op` takes effect; appends nothing
    // when `op` cannot take effect in `state`. For a completed op, `op.value` is its result as logged;
    // for an indeterminate one (`!op.completed()`), the value its invoke carried and no result.
    // Must depend only on `state`, `op.f`, `op.value`, `op.key` and `op.completed()`.
    virtual void step(const Value& state, const Operation& op, std::vector<Value>& next) const = 0;

    // True when `op`'s value is an argument its invoke gives (a write's value, a cas's [from to], an
    // enqueued item), not a result its completion reports (a read's, a dequeue's). Validation then
    // refuses an operation that carried no value at all (an explicit nil is a value) and one whose ok
    // completion carried a value other than its invoke's (Operation::value_missing, completion_differs).
    // The default, false, checks neither.
    virtual bool value_is_argument(const Operation& /*op*/) const { return false; }

    // True when the model reads `op.key` itself and keeps the keys' states apart (kv: a map of
    // registers). Its operations then keep their `key` whatever the key convention, and one search over
    // every key (HistoryOptions::partition_by_key = false) is as exact as one per key. False: the model
    // sees one object, so keys must be checked apart.
    virtual bool keeps_keys_apart() const { return false; }

    // Optional: what lets the search drop configurations that can no longer succeed (see QueryPruning).
    virtual const QueryPruning* query_pruning() const { return nullptr; }

    // Optional: true promises that `op` may take effect in every state and leads to the same states
    // whatever the state was (a register's write). The search then never linearizes an indeterminate
    // operation just before it: the two have the effect of `op` alone, and the indeterminate one may
    // as well not have happened. False is always safe.
    virtual bool overwrites(const Operation& /*op*/) const { return false; }

    // Optional, for a model whose state is one value (a register; issue 17): the state `op` leaves when
    // it takes effect (a write's value, a cas's new value), and the state `op` needs to take effect (a
    // read's result, a cas's expected value, whether `op` completed or not). Promise: in the state an op
    // leaves, another op can take effect only if it needs that state, overwrites (Model::overwrites), or
    // leaves every state as it finds it (a wildcard read). An indeterminate op whose state no op needs
    // can then only be followed by ops that do the same without it: the search leaves it out (unless
    // asked for final states). nullopt is always safe.
    virtual std::optional<Value> leaves_state(const Operation& /*op*/) const { return std::nullopt; }
    virtual std::optional<Value> needs_state(const Operation& /*op*/) const { return std::nullopt; }

    // Optional: queue-specific pruning (see FifoPruning).
    virtual const FifoPruning* fifo_pruning() const { return nullptr; }

    virtual std::string describe_state(const Value& state, Value::Notation notation) const {
        return state.to_string(notation);
    }
    // e.g. "read → 5", "write 3", "cas 1 → 2"
    virtual std::string describe_op(const Operation& op, Value::Notation notation) const;

    // Optional hooks for diagnosis hints; the defaults opt out.
    // The value `op` makes visible to later observers: a write's argument, a cas's new value, an
    // enqueued item.
    virtual std::optional<Value> written_value(const Operation& /*op*/) const { return std::nullopt; }
    // The value a completed `op` observed: a read's result, a dequeued item. nullopt for a read that
    // says nothing (e.g. nil under nil_read_is_unknown).
    virtual std::optional<Value> observed_value(const Operation& /*op*/) const { return std::nullopt; }
    // For a read that observes a whole collection (a set's read): its elements. Empty otherwise.
    virtual std::vector<Value> observed_elements(const Operation& /*op*/) const { return {}; }
    // The verb for what written_value puts in, in hints: "written", "enqueued", "added".
    virtual std::string_view put_verb() const { return "written"; }
    // True when observing a value consumes it (a dequeue): seeing it more often than it was written
    // is then a "double dequeue".
    virtual bool observing_consumes() const { return false; }
    // A model-specific sentence on why `op` could not take effect in any of `states` (e.g. "the lock
    // was already held"); nullopt when the generic hints say enough.
    virtual std::optional<std::string> explain_rejection(const Operation& /*op*/, std::span<const Value> /*states*/,
                                                         Value::Notation /*notation*/) const {
        return std::nullopt;
    }
};

}  // namespace lincheck
