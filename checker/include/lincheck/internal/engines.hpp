#pragma once
// Fast engines: near-linear deciders for histories whose written values are unique, siblings of the
// exhaustive search (docs/engines.md). Each one either declines (its preconditions do not hold: the
// search decides) or decides, and every decision is checked before it is returned: a linearization by
// replaying it through the model, a violation by the search on the few operations of its witness.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lincheck/check.hpp"

namespace lincheck {

// What decided a partition, and why the fast engines did not.
struct EngineDecision {
    CheckResult result;
    std::string engine;  // "search" or a fast engine's name, e.g. "register-unique"
    EngineNote note;     // why no fast engine decided; empty when one did
};

// Decides one partition with the engine `choice` allows (see Engine in check.hpp).
EngineDecision check_partition(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                               Engine choice);
// The same, written into `out`'s result, engine and engine_note, which must be empty (check_history's
// keys: nothing is moved per key). `ops` may be out.ops.
void check_partition(const Model& model, std::span<const Operation> ops, const CheckLimits& limits, Engine choice,
                     PartitionResult& out);

// Partitions with fewer operations than this are left to the search under Engine::automatic: it
// decides them at once, and its explanation covers the whole partition.
inline constexpr std::size_t kFastEngineFrom = 256;

namespace engines {

// A history of one register (register, cas-register without cas, kv without append, one key) after
// the unique-value rules of docs/engines.md: every operation left is completed. `origin[i]` is the
// index in the input of ops[i]; positions are the input's times 8, plus 16 (room for a tightened
// completion just before an observer's and for the initial value's virtual write at 0..8).
struct ResolvedRegister {
    std::vector<Operation> ops;
    std::vector<std::size_t> origin;
    // origin index of the read that tightened ops[i] (an indeterminate write), or none.
    std::vector<std::size_t> tightened_by;
    std::size_t dropped_writes = 0;    // indeterminate writes never observed
    std::size_t tightened_writes = 0;  // indeterminate writes observed: completed before the first observer
    std::size_t dropped_reads = 0;     // indeterminate reads, and reads that match any state
};

// nullopt (with `why_not`) when the preconditions fail: not a register, an operation other than
// read and write, several keys, a value written twice or equal to the initial value.
std::optional<ResolvedRegister> resolve_register(const Model& model, std::span<const Operation> ops,
                                                 std::string& why_not);

struct FastVerdict {
    bool applies = false;
    std::string why_not;               // when !applies
    bool linearizable = false;
    std::vector<std::size_t> order;    // when linearizable: a linearization (indices into the input)
    std::vector<std::size_t> witness;  // when not: input indices whose sub-history cannot be linearized
    std::string witness_reason;
    // When `projected`: the witness fails once every read's result is cut down to these elements
    // (set-unique). Cutting reads down to some elements keeps a linearizable set history linearizable.
    bool projected = false;
    std::vector<Value> witness_projection;
};

// Gibbons–Korach zones on a resolved register history, O(n log n).
FastVerdict register_unique(const Model& model, std::span<const Operation> ops);

// A fifo-queue (starting empty) with unique enqueued values and empty dequeues, O(n log n). Declines
// an indeterminate dequeue that may have taken a value (some value is dequeued by no completed
// dequeue). Its construction is proven never to get stuck (docs/engines.md); if it did, it would
// decline with "(a bug)" in why_not.
FastVerdict fifo_queue_unique(const Model& model, std::span<const Operation> ops);

// A grow-only set (add, read of the whole set) with unique added values, O(n log n + total read size).
FastVerdict set_unique(const Model& model, std::span<const Operation> ops);

}  // namespace engines

}  // namespace lincheck
