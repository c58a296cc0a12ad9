// The libFuzzer entry of one target: LINCHECK_FUZZ_TARGET names its property (fuzz/targets.hpp),
// fuzz/CMakeLists.txt builds this file once per target.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lincheck::fuzz::LINCHECK_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
