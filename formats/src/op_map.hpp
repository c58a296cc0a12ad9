#pragma once
// An EDN op map, `{:process 0, :type :invoke, :f :write, :value 3}`, as an Event.
#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// Appends the event `op` describes, or counts it in skipped_non_client when its :process is not an
// integer (e.g. :nemesis). `pos` is where the map starts. Throws InputError on a malformed op.
void add_op_map(const Value& op, const SourcePos& pos, ReadResult& out);

}  // namespace lincheck::formats::detail
