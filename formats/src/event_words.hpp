#pragma once
// The vocabulary of event types, shared by every reader. See README "Event types".
#include <optional>
#include <string>
#include <string_view>

#include "lincheck/history.hpp"

namespace lincheck::formats::detail {

// The event type a word names exactly (`invoke`), if any.
inline std::optional<EventType> event_type_of_name(std::string_view word) {
    if (word == "invoke" || word == "call") return EventType::invoke;
    if (word == "ok" || word == "respond" || word == "return") return EventType::ok;
    if (word == "fail") return EventType::fail;
    if (word == "info" || word == "timeout" || word == "crash") return EventType::info;
    if (word == "pending") return EventType::pending;
    return std::nullopt;
}

// The event type a word names, with or without a keyword's `:` (`:invoke`, `invoke`).
inline std::optional<EventType> event_type_from_word(std::string_view word) {
    if (!word.empty() && word.front() == ':') word.remove_prefix(1);
    return event_type_of_name(word);
}

inline constexpr std::string_view kEventTypeWords =
    "invoke/call, ok/respond/return, fail, info/timeout/crash, pending";

// An operation's name as every reader keeps it: `:read`, `read` and "read" are all `read`.
inline std::string operation_name(std::string_view f) {
    if (!f.empty() && f.front() == ':') f.remove_prefix(1);
    return std::string(f);
}

}  // namespace lincheck::formats::detail
