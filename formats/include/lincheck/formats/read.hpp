#pragma once
// Reading histories from text. Formats are told apart by content, never by file name.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lincheck/history.hpp"

namespace lincheck::formats {

enum class Format {
    detect,  // look at the content
    json,    // one JSON array of event objects
    jsonl,   // one JSON event object per line
};

std::string_view to_string(Format format);
// Accepts the names --format takes; throws std::invalid_argument otherwise.
Format format_from_name(std::string_view name);

struct ReadResult {
    std::vector<Event> events;
    Format format = Format::detect;              // the format actually read
    Value::Notation notation = Value::Notation::json;  // how to print values back to this user
    std::size_t skipped_non_client = 0;          // events whose process is not a number (e.g. nemesis)
};

// Reads one value, e.g. for --initial: JSON (`0`, `null`, `{"x": 0}`).
Value read_value(std::string_view text);

// Reads a whole history. Throws InputError (line, column; event index inside a JSON array).
ReadResult read_history(std::string_view text, Format format = Format::detect);

}  // namespace lincheck::formats
