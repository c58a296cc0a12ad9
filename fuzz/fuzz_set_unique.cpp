// fuzz_set_unique: bytes → a small grow-only set history (adds of mostly unique values; reads of any
// subset of the first seven values, sometimes with a value never added; common/unique_history.hpp) →
// set-unique against the search and the oracle; odd lengths start from {0} with null reads unknown.
//
// Property: the engine's verdict is the search's, it never gets stuck, its linearization is legal, the
// dispatch accepts its answer (its projected witness confirmed by the search).
#include <string_view>
#include <utility>
#include <vector>

#include "common/unique_history.hpp"
#include "lincheck/internal/engines.hpp"
#include "lincheck/models.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

void fuzz_set_unique(std::string_view data) {
    const bool from_initial = data.size() % 2 == 1;
    detail::UniqueShape shape;
    shape.update_f = "add";
    shape.query_f = "read";
    shape.result = [&](unsigned c, unsigned a, int) {
        if (from_initial && (a & 0x40) && (c & 1)) return Value::nil();
        std::vector<Value> items;
        if (from_initial && !(a & 0x20)) items.push_back(Value::integer(0));
        for (int bit = 0; bit < 7; ++bit) {
            if (c & (1u << bit)) items.push_back(Value::integer(bit + 1));
        }
        if (a & 0x40) items.push_back(Value::integer(99));
        return Value::list(std::move(items));
    };
    const auto ops = detail::unique_history_from_bytes(data, shape);
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
