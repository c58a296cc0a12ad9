// libFuzzer target: Bytes -> a unique-value grow-only set history -> the set-unique engine against the search and the oracle (engine_entry.hpp).
// The work is in entry.hpp, shared with tests/fuzz_regressions_test.cpp.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lincheck::fuzz::run_target("fuzz_set_unique", std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
