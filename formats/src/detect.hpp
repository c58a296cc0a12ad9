#pragma once
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// Tells the format by content (see the rules in detect.cpp). Throws InputError when it cannot.
Format detect_format(std::string_view text);

}  // namespace lincheck::formats::detail
