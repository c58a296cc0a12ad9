#pragma once
// JSON's whitespace (RFC 8259: space, tab, newline, carriage return), for the readers that walk a JSON
// text between items.
#include <cstddef>
#include <string_view>

namespace lincheck::formats::detail {

inline bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The first offset from `pos` that is not JSON whitespace (the text's size if none).
inline std::size_t skip_json_space(std::string_view text, std::size_t pos) {
    while (pos < text.size() && is_json_space(text[pos])) ++pos;
    return pos;
}

}  // namespace lincheck::formats::detail
