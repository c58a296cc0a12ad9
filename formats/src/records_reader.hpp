#pragma once
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// Operation records, a JSON array or JSON Lines of objects, one per operation:
//   {"process": 2, "f": "write", "value": 5, "call": 1200, "return": 1350, "status": "ok"}
// Each becomes an invoke at `call` and a completion at `return`, and the events are sorted by time.
// Both events point at their record: its line and column, and event_index = the record's number.
void read_records(std::string_view text, const ReadOptions& options, ReadResult& out);

// Whether a JSON history holds records: its first object has `call` and no `type`.
bool looks_like_records(std::string_view text);

}  // namespace lincheck::formats::detail
