#pragma once
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// One EDN value making up the whole text.
Value read_edn_value(std::string_view text);

// An EDN history: one top-level vector or list of op maps (Knossos), or one op map per line
// (EDN Lines: Jepsen's history.edn, Porcupine's kv logs).
void read_edn(std::string_view text, const ReadOptions& options, ReadResult& out);

}  // namespace lincheck::formats::detail
