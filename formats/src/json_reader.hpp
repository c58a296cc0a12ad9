#pragma once
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// A JSON array of event objects.
void read_json_array(std::string_view text, const ReadOptions& options, ReadResult& out);
// One JSON event object per non-blank line.
void read_json_lines(std::string_view text, const ReadOptions& options, ReadResult& out);

// The same with nlohmann only: what the two above do when json_fast.hpp's fast path declines the text
// (they give the same events; these also give the exact error). For tests, which compare the paths.
void read_json_array_nlohmann(std::string_view text, const ReadOptions& options, ReadResult& out);
void read_json_lines_nlohmann(std::string_view text, const ReadOptions& options, ReadResult& out);

}  // namespace lincheck::formats::detail
