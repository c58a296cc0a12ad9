// libFuzzer target: each input line as the op text of Jepsen's 2016+ file log (`...{GMT}<TAB>INFO<TAB>[jepsen worker 0] jepsen.util: `), read as --format jepsen-log, also in pieces of whole lines.
// The work is in entry.hpp, shared with tests/fuzz_regressions_test.cpp.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lincheck::fuzz::run_target("fuzz_jepsen_log_2016", std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
