#pragma once
// Byte offsets to 1-based line and column, moving forward through a text.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <string_view>

#include "lincheck/history.hpp"

namespace lincheck::formats::detail {

class LineCounter {
public:
    explicit LineCounter(std::string_view text) : text_(text) {}

    // Offsets must not decrease between calls, except to restart from 0.
    SourcePos at(std::size_t offset) {
        if (offset < offset_) {
            offset_ = 0;
            line_ = 1;
            line_start_ = 0;
        }
        const std::size_t end = std::min(offset, text_.size());
        while (offset_ < end) {
            const void* newline = std::memchr(text_.data() + offset_, '\n', end - offset_);
            if (!newline) {
                offset_ = end;
                break;
            }
            offset_ = static_cast<std::size_t>(static_cast<const char*>(newline) - text_.data()) + 1;
            ++line_;
            line_start_ = offset_;
        }
        SourcePos pos;
        pos.line = static_cast<std::uint32_t>(line_);
        pos.column = static_cast<std::uint32_t>(offset - line_start_ + 1);
        return pos;
    }

private:
    std::string_view text_;
    std::size_t offset_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
};

}  // namespace lincheck::formats::detail
