#pragma once
// A field of a line as offsets into the whole text, and a field read as an integer: what the two readers
// of Jepsen's text layouts (jepsen_txt_reader: history.txt; jepsen_log_reader: the log) split lines into.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

namespace lincheck::formats::detail {

struct TextSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool empty() const { return begin == end; }
};

inline std::string_view text_of(std::string_view text, TextSpan s) {
    return text.substr(s.begin, s.end - s.begin);
}

// The whole of `digits` as a 64-bit integer (a leading '-' allowed), or nothing.
inline std::optional<std::int64_t> whole_integer(std::string_view digits) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return n;
}

}  // namespace lincheck::formats::detail
