// fuzz_jepsen_txt: Jepsen history.txt; also read in pieces of whole lines.
#include <string_view>

#include "common/read_and_check.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

void fuzz_jepsen_txt(std::string_view data) { read_lines_and_check(data, formats::Format::jepsen_txt); }

}  // namespace lincheck::fuzz
