#pragma once
// Bytes → what the CLI holds after checking a small history whose text is hostile: values, `f` names,
// keys, `--initial`, file names and reader error messages that are arbitrary bytes (not UTF-8, markup,
// control characters). fuzz_writers hands them to every report writer.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/session.hpp"
#include "common/bytes.hpp"

namespace lincheck::fuzz::detail {

// Arbitrary bytes, often with the pieces that break writers.
std::string hostile_string(Bytes& b);

// The report of a small history made from `b` (checked, or bad input when pairing or validation
// rejects it), as check_one would make it.
cli::Report history_session(Bytes& b);

// The report of a history a reader rejected on `text`: its message quotes the bytes. Nothing when
// the reader takes the text.
std::optional<cli::Report> reader_error_session(Bytes& b, std::string_view text);

}  // namespace lincheck::fuzz::detail
