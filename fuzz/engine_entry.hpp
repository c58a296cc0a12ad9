#pragma once
// fuzz_register_unique: bytes → a small register history with (mostly) unique written values, crashed
// and pending operations, any real-time shape → the register-unique engine against the search (and
// the brute-force oracle up to 7 operations). Included by entry.hpp after `Bug` and `require`.
//
// Invariants: the engine's verdict is the search's; its linearization is legal; its witness fails
// alone; resolving the unique-value rules keeps the search's verdict; the dispatch accepts the engine's
// answer (replay, confirmation).
#include <algorithm>
#include <string_view>
#include <vector>

#include "lincheck/engines.hpp"

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

}  // namespace lincheck::fuzz
