#pragma once
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// Jepsen's history.txt, one op per line, fields separated by tabs:
//     process <TAB> :type <TAB> f <TAB> value [<TAB> error]
// e.g. `3	:ok	:read	[4 2]`. The process is an integer for a client (anything else, such as
// `:nemesis`, is counted in skipped_non_client); f and value are EDN (`nil`, `[4 2]`); the error, when
// there is one, is free text and ignored. A line that is not an op line may only continue the free text
// of the line before it (a multi-line error or nemesis value); anywhere else it is an input error.
void read_jepsen_txt(std::string_view text, const ReadOptions& options, ReadResult& out);

// Whether `line` (without its newline) is an op line: a piece of the text may begin there (not before a
// blank line, which free text may go on after).
bool is_jepsen_txt_op_line(std::string_view line);

// Whether the first non-blank line is a history.txt op line (for detection).
bool looks_like_jepsen_txt(std::string_view text);

}  // namespace lincheck::formats::detail
