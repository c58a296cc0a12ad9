// fuzz_register_unique: bytes → a small register history with (mostly) unique written values, crashed
// and pending operations, any real-time shape (common/unique_history.hpp) → the register-unique engine
// against the search (and the brute-force oracle up to 7 operations). A length of 3n+1 makes it a kv
// history (put/get of strings on one key); 3n+2, a register starting at 0 with null reads unknown.
//
// Property: the engine's verdict is the search's; its linearization is legal; its witness fails alone;
// resolving the unique-value rules keeps the search's verdict; the dispatch accepts the engine's answer
// (replay, confirmation).
#include <string>
#include <string_view>
#include <vector>

#include "common/require.hpp"
#include "common/unique_history.hpp"
#include "lincheck/check.hpp"
#include "lincheck/internal/engines.hpp"
#include "lincheck/models.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

void fuzz_register_unique(std::string_view data) {
    const bool kv = data.size() % 3 == 1;
    ModelOptions options;
    if (!kv && data.size() % 3 == 2) {
        options.initial = Value::integer(0);
        options.nil_read_is_unknown = true;
    }
    detail::UniqueShape shape;
    shape.update_f = kv ? "put" : "write";
    shape.query_f = kv ? "get" : "read";
    if (kv) {
        shape.key = Value::string("k");
        shape.value = [](int n) { return Value::string("v" + std::to_string(n)); };
    }
    // A read returned the initial value, a value never written, or a written one.
    shape.result = [&](unsigned c, unsigned, int updates) {
        const unsigned r = c / 24;
        return r == 0 ? (kv ? Value::string("") : options.initial.value_or(Value::nil()))
               : r == 1 ? shape.value(99) : shape.value(1 + static_cast<int>(r) % std::max(updates, 1));
    };
    const std::vector<Operation> ops = detail::unique_history_from_bytes(data, shape);
    if (ops.empty()) return;
    const auto model = make_model(kv ? "kv" : "register", options);
    const engines::FastVerdict fast = engines::register_unique(*model, ops);
    const bool valid = detail::require_engine_agrees(*model, ops, fast, "register-unique");
    std::string why_not;
    const auto resolved = engines::resolve_register(*model, ops, why_not);
    detail::require(resolved.has_value() == fast.applies, "resolve and engine disagree on applying", ops);
    if (!fast.applies) return;
    detail::require((check_operations(*model, resolved->ops).verdict == Verdict::linearizable) == valid,
                    "resolving changed the verdict", ops);
    if (!valid) {
        std::vector<Operation> sub;
        for (const std::size_t i : fast.witness) sub.push_back(ops[i]);
        detail::require(check_operations(*model, sub).verdict == Verdict::not_linearizable, "witness does not fail alone", ops);
    }
}

}  // namespace lincheck::fuzz
