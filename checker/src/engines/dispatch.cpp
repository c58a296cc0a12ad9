// Which engine decides a partition, and the checks that make a fast engine's answer certain: its
// linearization is replayed through the model, its witness is searched on its own.
#include <algorithm>
#include <unordered_set>

#include "../search.hpp"
#include "lincheck/internal/engines.hpp"

namespace lincheck {

namespace {

// Walks a proposed linearization over `ops`: each op placed at most once, real time respected. The
// replays below share it and add their own model.
class OrderWalk {
public:
    explicit OrderWalk(std::span<const Operation> ops) : ops_(ops), seen_(ops.size(), 0) {}

    // The op at `i`, now placed; nullptr when `i` is out of range, already placed, or completed before
    // an earlier-placed op began.
    const Operation* take(std::size_t i) {
        if (i >= ops_.size() || seen_[i]) return nullptr;
        seen_[i] = 1;
        const Operation& op = ops_[i];
        if (op.ret < latest_call_) return nullptr;
        latest_call_ = std::max(latest_call_, op.call);
        return &op;
    }

    // Whether every completed op was placed, but those `may_skip` lets off.
    template <class MaySkip>
    bool placed_every_completed(MaySkip may_skip) const {
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            if (ops_[i].completed() && !seen_[i] && !may_skip(ops_[i])) return false;
        }
        return true;
    }
    bool placed_every_completed() const {
        return placed_every_completed([](const Operation&) { return false; });
    }

private:
    std::span<const Operation> ops_;
    std::vector<char> seen_;
    std::uint64_t latest_call_ = 0;
};

// True when `order` is a linearization of `ops`: every completed op once, others at most once, real
// time respected, and each step legal in the model (which must be deterministic along it).
bool replays(const Model& model, std::span<const Operation> ops, std::span<const std::size_t> order) {
    OrderWalk walk(ops);
    Value state = model.initial_state();
    std::vector<Value> next;
    for (const std::size_t i : order) {
        const Operation* op = walk.take(i);
        if (!op) return false;
        next.clear();
        model.step(state, *op, next);
        if (next.size() != 1) return false;
        state = std::move(next[0]);
    }
    return walk.placed_every_completed();
}

// The same for a FIFO queue, simulated here: the model copies its whole state at every step.
bool replays_fifo(std::span<const Operation> ops, std::span<const std::size_t> order) {
    OrderWalk walk(ops);
    std::vector<const Value*> queue;
    std::size_t front = 0;
    for (const std::size_t i : order) {
        const Operation* placed = walk.take(i);
        if (!placed) return false;
        const Operation& op = *placed;
        if (op.f == "enqueue") {
            queue.push_back(&op.value);
        } else if (!op.completed()) {
            // A dequeue with no result: the engine places it only where it took the front.
            if (front == queue.size()) return false;
            ++front;
        } else if (op.value.is_nil()) {
            if (front != queue.size()) return false;
        } else {
            if (front == queue.size() || *queue[front] != op.value) return false;
            ++front;
        }
    }
    return walk.placed_every_completed();
}

// The same for a grow-only set, simulated here (the model copies the set at every add).
bool replays_set(const Model& model, std::span<const Operation> ops, std::span<const std::size_t> order) {
    OrderWalk walk(ops);
    std::unordered_set<Value, ValueHash> held(model.initial_state().items().begin(), model.initial_state().items().end());
    std::unordered_set<Value, ValueHash> read;
    for (const std::size_t i : order) {
        const Operation* placed = walk.take(i);
        if (!placed) return false;
        const Operation& op = *placed;
        if (op.f == "add") {
            held.insert(op.value);
            continue;
        }
        if (op.f == "read" && op.completed() && op.value.is_nil()) {
            // Placed only when a null read matches any state (--nil-read unknown): ask the model.
            std::vector<Value> next;
            model.step(model.initial_state(), op, next);
            if (next.empty()) return false;
            continue;
        }
        if (op.f != "read" || !op.completed() || (op.value.kind() != Value::Kind::list && op.value.kind() != Value::Kind::set)) {
            return false;  // the engine places only reads with a set for a result
        }
        read.clear();
        for (const Value& x : op.value.items()) {
            if (!held.contains(x)) return false;
            read.insert(x);
        }
        if (read.size() != held.size()) return false;
    }
    // Reads the engine dropped (no result, or a null read that matches any state) need no place.
    return walk.placed_every_completed([](const Operation& op) { return op.f == "read" && op.value.is_nil(); });
}

// check_operations into `out` (a kept partition's result: its linearization keeps its memory).
void search_all(const Model& model, std::span<const Operation> ops, const CheckLimits& limits, CheckResult& out) {
    detail::search_into(model, ops, limits, {}, out);
}

// The search on the witness alone: a counterexample in the partition's indices, or nullopt when it
// does not fail on its own (the engine was wrong) or a limit stopped it.
std::optional<Counterexample> confirm(const Model& model, std::span<const Operation> ops,
                                      const engines::FastVerdict& fast, const CheckLimits& limits) {
    const std::vector<std::size_t>& witness = fast.witness;
    std::vector<Operation> sub;
    sub.reserve(witness.size());
    for (const std::size_t i : witness) sub.push_back(ops[i]);
    if (fast.projected) {
        // Every read's result cut down to the projection's elements.
        const std::unordered_set<Value, ValueHash> keep(fast.witness_projection.begin(), fast.witness_projection.end());
        for (Operation& op : sub) {
            if (op.f != "read" || (op.value.kind() != Value::Kind::list && op.value.kind() != Value::Kind::set)) continue;
            std::vector<Value> items;
            for (const Value& x : op.value.items()) {
                if (keep.contains(x)) items.push_back(x);
            }
            op.value = Value::set(std::move(items));
        }
    }
    const CheckResult r = detail::search(model, sub, limits, {});
    if (r.verdict != Verdict::not_linearizable || !r.counterexample) return std::nullopt;
    Counterexample cx = *r.counterexample;
    cx.stuck_op = witness[cx.stuck_op];
    for (std::size_t& i : cx.longest_prefix) i = witness[i];
    cx.witness = witness;
    return cx;
}

}  // namespace

namespace {

// Where a decision goes: an EngineDecision's fields, or a PartitionResult's (check_history's keys).
// Both start out empty.
struct DecisionRef {
    CheckResult& result;
    std::string& engine;
    EngineNote& note;
};

void decide(const Model& model, std::span<const Operation> ops, const CheckLimits& limits, Engine choice,
            DecisionRef out) {
    // Written in place: on small histories this runs once per key, and a copy or a move of the
    // result (or a note built as a string each time) costs as much as a tiny search.
    const auto by_search = [&](EngineNote note) {
        out.engine = "search";
        out.note = std::move(note);
        search_all(model, ops, limits, out.result);
    };
    if (choice == Engine::search) return by_search(EngineNote::fixed("--engine search"));
    if (choice == Engine::automatic && ops.size() < kFastEngineFrom) {
        // A literal: it outlives every note that points at it, even during the program's exit.
        static_assert(kFastEngineFrom == 256, "the note below names kFastEngineFrom");
        return by_search(EngineNote::fixed("fewer than 256 operations"));
    }

    const bool queue = model.name() == "fifo-queue";
    const bool set = model.name() == "set";
    if (!queue && !set && model.name() != "register" && model.name() != "cas-register" && model.name() != "kv") {
        return by_search("no fast engine for model " + std::string(model.name()));
    }
    const engines::FastVerdict fast = queue ? engines::fifo_queue_unique(model, ops)
                                      : set ? engines::set_unique(model, ops)
                                            : engines::register_unique(model, ops);
    const std::string name = queue ? "fifo-queue-unique" : set ? "set-unique" : "register-unique";
    if (!fast.applies) return by_search(name + ": " + fast.why_not);
    if (fast.linearizable) {
        const bool replayed = queue ? replays_fifo(ops, fast.order) : set ? replays_set(model, ops, fast.order) : replays(model, ops, fast.order);
        if (!replayed) {
            return by_search(name + "'s linearization did not replay (a bug)");
        }
        out.engine = name;
        out.result.verdict = Verdict::linearizable;
        out.result.linearization = fast.order;
        return;
    }
    auto cx = confirm(model, ops, fast, limits);
    if (!cx) return by_search(name + "'s witness was not confirmed by the search (a bug, or a limit)");
    cx->witness_reason = fast.witness_reason;
    out.engine = name;
    out.result.verdict = Verdict::not_linearizable;
    out.result.counterexample = std::move(*cx);
}

}  // namespace

EngineDecision check_partition(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                               Engine choice) {
    EngineDecision decision;
    decide(model, ops, limits, choice, {decision.result, decision.engine, decision.note});
    return decision;
}

void check_partition(const Model& model, std::span<const Operation> ops, const CheckLimits& limits, Engine choice,
                     PartitionResult& out) {
    decide(model, ops, limits, choice, {out.result, out.engine, out.engine_note});
}

}  // namespace lincheck
