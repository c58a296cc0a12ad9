#pragma once
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// Jepsen's text log. Client op lines look like `INFO  jepsen.util - 3	:invoke	:cas	[4 4]` or, since
// 2016, `2017-09-20 13:25:00,756{GMT}	INFO	[jepsen worker 3] jepsen.util: 3	:invoke	:cas	[4 4]`:
// after the logger's name, the process, the type, the f and the value (EDN, the rest of the line, may be
// absent), separated by tabs or runs of spaces (the layouts: split_op_line in the .cpp). Every other line is skipped; `:nemesis` op lines are counted
// in skipped_non_client.
void read_jepsen_log(std::string_view text, const ReadOptions& options, ReadResult& out);

// Whether some line of the text is a client op line with a known event type (for detection).
bool looks_like_jepsen_log(std::string_view text);

}  // namespace lincheck::formats::detail
