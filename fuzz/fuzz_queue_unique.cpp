// fuzz_queue_unique: bytes → a small fifo-queue history (unique values mostly, crashed and pending
// enqueues and dequeues, empty dequeues; common/unique_history.hpp) → fifo-queue-unique against the
// search and the oracle.
//
// Property: the engine's verdict is the search's, it never gets stuck, its linearization is legal, the
// dispatch accepts its answer.
#include <algorithm>
#include <string_view>

#include "common/unique_history.hpp"
#include "lincheck/internal/engines.hpp"
#include "lincheck/models.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

detail::UniqueShape detail::queue_unique_shape() {
    UniqueShape shape;
    shape.update_f = "enqueue";
    shape.query_f = "dequeue";
    shape.result = [](unsigned c, unsigned, int updates) {
        const unsigned r = c / 24;  // null (empty), a value never enqueued, or an enqueued one
        return r <= 1 ? Value::nil() : r == 2 ? Value::integer(99) : Value::integer(1 + static_cast<int>(c) % std::max(updates, 1));
    };
    return shape;
}

void fuzz_queue_unique(std::string_view data) {
    const auto ops = detail::unique_history_from_bytes(data, detail::queue_unique_shape());
    if (ops.empty()) return;
    const auto model = make_model("fifo-queue", {});
    detail::require_engine_agrees(*model, ops, engines::fifo_queue_unique(*model, ops), "fifo-queue-unique");
}

}  // namespace lincheck::fuzz
