#pragma once
// What the unique-value engine targets share (fuzz_register_unique, fuzz_queue_unique,
// fuzz_set_unique): a small history of one object built from bytes, and the invariants every fast
// engine keeps against the search and the oracle.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lincheck/internal/engines.hpp"
#include "lincheck/history.hpp"
#include "lincheck/model.hpp"

namespace lincheck::fuzz::detail {

struct UniqueShape {
    std::string update_f;  // write, put, enqueue, add
    std::string query_f;   // read, get, dequeue
    std::optional<Value> key;
    std::function<Value(int n)> value = [](int n) { return Value::integer(n); };  // the n-th value updated
    // What a completed query returned, from its third byte `c`, its first byte `a`, and how many
    // distinct values the history updates.
    std::function<Value(unsigned c, unsigned a, int updates)> result;
};

// Three bytes an operation, at most 12 operations: the first picks the kind (bit 0), the outcome
// ((a >> 1) % 8: 0–5 ok, 6 info, 7 pending) and whether an update repeats an earlier value (bit 7); the
// second is the invocation's time, the third the duration and what a query returned. Times are ranked
// into positions; ties keep input order.
std::vector<Operation> unique_history_from_bytes(std::string_view data, const UniqueShape& shape);

// fuzz_queue_unique's shape: enqueues of 1, 2, ... (some repeated), dequeues of nothing (nil), of 99
// (never enqueued) or of an enqueued value.
UniqueShape queue_unique_shape();

// The engine's verdict is the search's (and the oracle's up to kOracleMaxOps operations); an engine
// that declines is not stuck (no "a bug" in why_not); its linearization is legal; the dispatch accepts
// its answer (replay, confirmation). Returns whether the history is linearizable.
bool require_engine_agrees(const Model& model, const std::vector<Operation>& ops, const engines::FastVerdict& fast,
                           const std::string& name);

}  // namespace lincheck::fuzz::detail
