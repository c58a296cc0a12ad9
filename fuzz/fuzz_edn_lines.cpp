// fuzz_edn_lines: key-tagged EDN lines (Porcupine kv), checked with the kv model and keys from a field.
#include <string_view>

#include "common/read_and_check.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

void fuzz_edn_lines(std::string_view data) {
    read_and_check(data, formats::Format::edn, "kv", formats::KeyConvention::field);
}

}  // namespace lincheck::fuzz
