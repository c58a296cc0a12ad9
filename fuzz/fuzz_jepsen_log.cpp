// fuzz_jepsen_log: Jepsen text logs (Porcupine's, console and 2016+ layouts).
#include <string_view>

#include "common/read_and_check.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

void fuzz_jepsen_log(std::string_view data) { read_and_check(data, formats::Format::jepsen_log); }

}  // namespace lincheck::fuzz
