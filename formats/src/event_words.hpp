#pragma once
// The vocabulary of event types, shared by every reader. See README "Event types".
#include <optional>
#include <string>
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

// An operation's name as every reader keeps it: `:read`, `read` and "read" are all `read`.
inline std::string operation_name(std::string_view f) {
    if (!f.empty() && f.front() == ':') f.remove_prefix(1);
    return std::string(f);
}

// The event type `word` names; an InputError at `at` listing the words otherwise. `quote` surrounds the
// word in the message (JSON readers quote strings).
inline EventType event_type_or_error(std::string_view word, SourcePos at, std::string_view quote = "") {
    if (const auto type = event_type_from_word(word)) return *type;
    throw InputError("unknown event type " + std::string(quote) + std::string(word) + std::string(quote) +
                         " (expected one of: " + std::string(kEventTypeWords) + ")",
                     at);
}

}  // namespace lincheck::formats::detail
