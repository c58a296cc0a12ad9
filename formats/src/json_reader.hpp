#pragma once
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

Value read_json_value(std::string_view text);
// A JSON array of event objects.
void read_json_array(std::string_view text, ReadResult& out);
// One JSON event object per non-blank line.
void read_json_lines(std::string_view text, ReadResult& out);

}  // namespace lincheck::formats::detail
