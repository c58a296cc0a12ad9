#pragma once
// An EDN op map, `{:process 0, :type :invoke, :f :write, :value 3}`, as an Event.
#include "event_builder.hpp"

namespace lincheck::formats::detail {

// Walks the op map `op` for the builder (spelled kEdnOpMap): it appends the event, or counts it as
// skipped when its :process is not an integer (e.g. :nemesis). `pos` is where the map starts. Throws
// InputError on a malformed op.
void add_op_map(const Value& op, const SourcePos& pos, EventBuilder& build);

}  // namespace lincheck::formats::detail
