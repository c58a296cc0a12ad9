#pragma once
// Bytes → a small, well-formed history for one of several models (the first byte picks the model):
// the model's own operations on small values, with ok, info, fail and pending outcomes. Used by
// fuzz_checker (the whole history) and fuzz_writers (single operations, their values made hostile).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/model.hpp"
#include "common/bytes.hpp"

namespace lincheck::fuzz::detail {

enum class FuzzModel : std::uint8_t {
    register_, cas_register, counter, set, fifo_queue, unordered_queue, mutex, kv, multi_register, count
};

std::string_view model_name(FuzzModel m);

// An invocation the model accepts.
struct Invocation {
    std::string f;
    Value value;
    bool has_value = true;
    std::optional<Value> key;
};
Invocation invocation(FuzzModel m, Bytes& b);

// The invoke event of `inv` by `process`.
Event invoke_event(std::int64_t process, const Invocation& inv);
// Its completion: bits 2–4 of `pick` choose the type (ok 5/8, info, fail, pending 1/8 each); the value
// is the invocation's (the caller may change it), absent when pending.
Event completion_event(std::int64_t process, const Invocation& inv, unsigned pick);

struct FuzzHistory {
    FuzzModel model = FuzzModel::register_;
    ModelOptions options;
    std::vector<Event> events;
};

inline constexpr int kMaxFuzzOps = 8;

// At most kMaxFuzzOps operations, from at most 4 processes; initial state and nil reads vary.
FuzzHistory history_from_bytes(std::string_view data);

}  // namespace lincheck::fuzz::detail
