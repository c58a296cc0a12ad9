// fuzz_edn: an EDN vector of events (Knossos), with the format forced and detected.
#include <string_view>

#include "common/read_and_check.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

void fuzz_edn(std::string_view data) { read_and_check(data, formats::Format::edn); }

}  // namespace lincheck::fuzz
