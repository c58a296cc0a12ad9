#pragma once
// Walking a text line by line, for the line-based formats.
#include <cstddef>
#include <string_view>

namespace lincheck::formats::detail {

struct LineSpan {
    std::size_t begin = 0;
    std::size_t end = 0;       // offset of the '\n', or the text's size
    bool last = false;         // no non-blank line follows (so a cut-off here may be a truncated file)
    bool terminated = false;   // ends with '\n'
};

inline bool is_blank_char(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

template <typename Visit>
void for_each_line(std::string_view text, Visit&& visit) {
    std::size_t last_content = text.size();
    while (last_content > 0 && is_blank_char(text[last_content - 1])) --last_content;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find('\n', begin);
        const bool terminated = end != std::string_view::npos;
        if (!terminated) end = text.size();
        LineSpan line;
        line.begin = begin;
        line.end = end;
        line.last = begin < last_content && last_content <= end;
        line.terminated = terminated;
        visit(line);
        begin = end + 1;
    }
}

}  // namespace lincheck::formats::detail
