#pragma once
// The vocabulary of event types, shared by every reader. See README "Event types".
#include <optional>
#include <string_view>

#include "lincheck/history.hpp"

namespace lincheck::formats::detail {

inline std::optional<EventType> event_type_from_word(std::string_view word) {
    if (!word.empty() && word.front() == ':') word.remove_prefix(1);
    if (word == "invoke" || word == "call") return EventType::invoke;
    if (word == "ok" || word == "respond" || word == "return") return EventType::ok;
    if (word == "fail") return EventType::fail;
    if (word == "info" || word == "timeout" || word == "crash") return EventType::info;
    if (word == "pending") return EventType::pending;
    return std::nullopt;
}

inline constexpr std::string_view kEventTypeWords =
    "invoke/call, ok/respond/return, fail, info/timeout/crash, pending";

}  // namespace lincheck::formats::detail
