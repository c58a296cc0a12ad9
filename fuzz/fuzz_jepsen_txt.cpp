// libFuzzer target: Jepsen's history.txt (--format jepsen-txt), also read in pieces of whole lines, and the same bytes with the format detected.
// The work is in entry.hpp, shared with tests/fuzz_regressions_test.cpp.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lincheck::fuzz::run_target("fuzz_jepsen_txt", std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
