#pragma once
#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// Sets Event::key by the requested convention (see KeyConvention) and records the one applied in
// out.keys. Throws InputError when `tuples` is forced on values that are not pairs.
void apply_key_convention(KeyConvention requested, ReadResult& out);

}  // namespace lincheck::formats::detail
