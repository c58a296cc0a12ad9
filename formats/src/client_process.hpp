#pragma once
// What a `process` given as a string means. Jepsen's non-client processes are names (:nemesis,
// "nemesis"); a string of decimal digits is a client's number written as a string ("3" is client 3),
// never a reason to skip the event. Anything else (e.g. "nemesis", "3a", " 3") is a non-client name.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

namespace lincheck::formats::detail {

// The client number a string names, or nothing for a non-client name. Digits beyond 64 bits name no
// client (an id that large is no count of clients; the event is skipped and counted like a name).
inline std::optional<std::int64_t> client_number(std::string_view name) {
    std::int64_t n = 0;
    const char* end = name.data() + name.size();
    if (name.empty() || name.front() == '-') return std::nullopt;
    const auto [stop, error] = std::from_chars(name.data(), end, n);
    if (error != std::errc() || stop != end) return std::nullopt;
    return n;
}

}  // namespace lincheck::formats::detail
