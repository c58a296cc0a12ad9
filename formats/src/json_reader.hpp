#pragma once
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// A JSON array of event objects.
void read_json_array(std::string_view text, const ReadOptions& options, ReadResult& out);
// One JSON event object per non-blank line.
void read_json_lines(std::string_view text, const ReadOptions& options, ReadResult& out);

}  // namespace lincheck::formats::detail
