#pragma once
// fuzz_register_unique, fuzz_queue_unique, fuzz_set_unique. fuzz_register_unique: bytes → a small register history with (mostly) unique written values, crashed
// and pending operations, any real-time shape → the register-unique engine against the search (and
// the brute-force oracle up to 7 operations). Included by entry.hpp after `Bug` and `require`.
//
// Invariants: the engine's verdict is the search's; its linearization is legal; its witness fails
// alone; resolving the unique-value rules keeps the search's verdict; the dispatch accepts the engine's
// answer (replay, confirmation).
#include <algorithm>
#include <functional>
#include <string_view>
#include <vector>

#include "lincheck/internal/engines.hpp"

namespace lincheck::fuzz {

inline void check_unique_register(std::string_view data) {
    // Three bytes an operation: kind and outcome, invocation, duration and what a read returned.
    const std::size_t n = std::min<std::size_t>(data.size() / 3, 12);
    if (n == 0) return;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(data[i]); };
    const bool kv = data.size() % 3 == 1;
    const ModelOptions options = [&] {
        ModelOptions o;
        if (!kv && data.size() % 3 == 2) {
            o.initial = Value::integer(0);
            o.nil_read_is_unknown = true;
        }
        return o;
    }();
    const auto model = make_model(kv ? "kv" : "register", options);
    const auto value = [&](int v) { return kv ? Value::string("v" + std::to_string(v)) : Value::integer(v); };

    struct Stamp {
        unsigned key;
        std::size_t tiebreak;
    };
    std::vector<Operation> ops(n);
    std::vector<Stamp> stamps;
    int writes = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const unsigned a = byte(3 * k), b = byte(3 * k + 1), c = byte(3 * k + 2);
        Operation& op = ops[k];
        op.process = static_cast<std::int64_t>(k);
        if (kv) op.key = Value::string("k");
        const bool write = a & 1;
        op.f = write ? (kv ? "put" : "write") : (kv ? "get" : "read");
        const unsigned outcome = (a >> 1) % 8;  // 0–5 ok, 6 info, 7 pending
        op.outcome = outcome < 6 ? Outcome::ok : outcome == 6 ? Outcome::info : Outcome::pending;
        if (write) op.value = (a & 0x80) && writes > 0 ? value(1 + static_cast<int>(c) % writes) : value(++writes);
        stamps.push_back({b, 2 * k});
        if (op.completed()) stamps.push_back({b + 1 + c % 24, 2 * k + 1});
    }
    for (std::size_t k = 0; k < n; ++k) {  // what reads returned: a written value, the initial one or junk
        Operation& op = ops[k];
        if (op.f == "write" || op.f == "put") continue;
        if (!op.completed()) continue;
        const unsigned c = byte(3 * k + 2) / 24;
        op.value = c == 0 ? (kv ? Value::string("") : options.initial.value_or(Value::nil()))
                   : c == 1 ? value(99) : value(1 + static_cast<int>(c) % std::max(writes, 1));
    }
    std::sort(stamps.begin(), stamps.end(),
              [](const Stamp& x, const Stamp& y) { return x.key != y.key ? x.key < y.key : x.tiebreak < y.tiebreak; });
    for (std::size_t rank = 0; rank < stamps.size(); ++rank) {
        Operation& op = ops[stamps[rank].tiebreak / 2];
        (stamps[rank].tiebreak % 2 == 0 ? op.call : op.ret) = rank;
    }
    std::sort(ops.begin(), ops.end(), [](const Operation& x, const Operation& y) { return x.call < y.call; });

    const CheckResult searched = check_operations(*model, ops);
    detail::require(searched.verdict != Verdict::unknown, "the search gave up on a tiny history", ops);
    const bool valid = searched.verdict == Verdict::linearizable;
    if (ops.size() <= detail::kOracleMaxOps) {
        detail::require(testing::oracle_linearizable(*model, ops) == valid, "search vs oracle", ops);
    }
    const engines::FastVerdict fast = engines::register_unique(*model, ops);
    std::string why_not;
    const auto resolved = engines::resolve_register(*model, ops, why_not);
    detail::require(resolved.has_value() == fast.applies, "resolve and engine disagree on applying", ops);
    if (!fast.applies) return;
    detail::require(check_operations(*model, resolved->ops).verdict == searched.verdict, "resolving changed the verdict", ops);
    detail::require(fast.linearizable == valid, "register-unique vs search", ops);
    if (valid) {
        detail::require(testing::is_legal_linearization(*model, ops, fast.order), "illegal linearization", ops);
    } else {
        std::vector<Operation> sub;
        for (const std::size_t i : fast.witness) sub.push_back(ops[i]);
        detail::require(check_operations(*model, sub).verdict == Verdict::not_linearizable, "witness does not fail alone", ops);
    }
    detail::require(check_partition(*model, ops, {}, Engine::fast).engine == "register-unique",
                    "the dispatch did not accept the engine's answer", ops);
}

namespace detail {

// Three bytes an operation: the first picks the kind (bit 0), the outcome ((a >> 1) % 8: 0–5 ok,
// 6 info, 7 pending) and whether an update repeats an earlier value (bit 7); the second is the
// invocation's time, the third the duration and what a query returned. Times are ranked into
// positions; ties keep input order.
inline std::vector<Operation> unique_history_from_bytes(std::string_view data, const char* update_f, const char* query_f,
                                                        const std::function<Value(unsigned c, unsigned a, int updates)>& result) {
    const std::size_t n = std::min<std::size_t>(data.size() / 3, 12);
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(data[i]); };
    struct Stamp {
        unsigned key;
        std::size_t tiebreak;
    };
    std::vector<Operation> ops(n);
    std::vector<Stamp> stamps;
    int updates = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const unsigned a = byte(3 * k), b = byte(3 * k + 1), c = byte(3 * k + 2);
        Operation& op = ops[k];
        op.process = static_cast<std::int64_t>(k);
        const bool update = a & 1;
        op.f = update ? update_f : query_f;
        const unsigned outcome = (a >> 1) % 8;
        op.outcome = outcome < 6 ? Outcome::ok : outcome == 6 ? Outcome::info : Outcome::pending;
        if (update) op.value = Value::integer((a & 0x80) && updates > 0 ? 1 + static_cast<int>(c) % updates : ++updates);
        stamps.push_back({b, 2 * k});
        if (op.completed()) stamps.push_back({b + 1 + c % 24, 2 * k + 1});
    }
    for (std::size_t k = 0; k < n; ++k) {
        Operation& op = ops[k];
        if (op.f == update_f || !op.completed()) continue;
        op.value = result(byte(3 * k + 2), byte(3 * k), updates);
    }
    std::sort(stamps.begin(), stamps.end(),
              [](const Stamp& x, const Stamp& y) { return x.key != y.key ? x.key < y.key : x.tiebreak < y.tiebreak; });
    for (std::size_t rank = 0; rank < stamps.size(); ++rank) {
        Operation& op = ops[stamps[rank].tiebreak / 2];
        (stamps[rank].tiebreak % 2 == 0 ? op.call : op.ret) = rank;
    }
    std::sort(ops.begin(), ops.end(), [](const Operation& x, const Operation& y) { return x.call < y.call; });
    return ops;
}

// The invariants shared by the queue and set engines: the engine's verdict is the search's (and the
// oracle's), its linearization is legal, and the dispatch accepts its answer (replay, confirmation).
inline void require_engine_agrees(const Model& model, const std::vector<Operation>& ops, const engines::FastVerdict& fast,
                                  const std::string& name) {
    const CheckResult searched = check_operations(model, ops);
    require(searched.verdict != Verdict::unknown, "the search gave up on a tiny history", ops);
    const bool valid = searched.verdict == Verdict::linearizable;
    if (ops.size() <= kOracleMaxOps) require(testing::oracle_linearizable(model, ops) == valid, "search vs oracle", ops);
    if (!fast.applies) {
        require(fast.why_not.find("a bug") == std::string::npos, name + " got stuck: " + fast.why_not, ops);
        return;
    }
    require(fast.linearizable == valid, name + " vs search", ops);
    if (valid) require(testing::is_legal_linearization(model, ops, fast.order), "illegal linearization", ops);
    require(check_partition(model, ops, {}, Engine::fast).engine == name, "the dispatch did not accept the engine's answer", ops);
}

}  // namespace detail

// fuzz_queue_unique: bytes → a small fifo-queue history (unique values mostly, crashed and pending
// enqueues and dequeues, empty dequeues) → fifo-queue-unique against the search and the oracle.
inline void check_unique_queue(std::string_view data) {
    const auto ops = detail::unique_history_from_bytes(data, "enqueue", "dequeue", [](unsigned c, unsigned, int updates) {
        const unsigned r = c / 24;  // null (empty), a value never enqueued, or an enqueued one
        return r <= 1 ? Value::nil() : r == 2 ? Value::integer(99) : Value::integer(1 + static_cast<int>(c) % std::max(updates, 1));
    });
    if (ops.empty()) return;
    const auto model = make_model("fifo-queue", {});
    detail::require_engine_agrees(*model, ops, engines::fifo_queue_unique(*model, ops), "fifo-queue-unique");
}

// fuzz_set_unique: bytes → a small grow-only set history (adds of mostly unique values; reads of any
// subset of the first seven values, sometimes with a value never added) → set-unique against the
// search and the oracle; odd lengths start from {0} with null reads unknown.
inline void check_unique_set(std::string_view data) {
    const bool from_initial = data.size() % 2 == 1;
    const auto ops = detail::unique_history_from_bytes(data, "add", "read", [&](unsigned c, unsigned a, int) {
        if (from_initial && (a & 0x40) && (c & 1)) return Value::nil();
        std::vector<Value> items;
        if (from_initial && !(a & 0x20)) items.push_back(Value::integer(0));
        for (int bit = 0; bit < 7; ++bit) {
            if (c & (1u << bit)) items.push_back(Value::integer(bit + 1));
        }
        if (a & 0x40) items.push_back(Value::integer(99));
        return Value::list(std::move(items));
    });
    if (ops.empty()) return;
    ModelOptions options;
    if (from_initial) {
        options.initial = Value::set({Value::integer(0)});
        options.nil_read_is_unknown = true;
    }
    const auto model = make_model("set", options);
    detail::require_engine_agrees(*model, ops, engines::set_unique(*model, ops), "set-unique");
}

}  // namespace lincheck::fuzz
