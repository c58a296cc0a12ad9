// fuzz_records: operation records (lines or an array, call and return times).
#include <string_view>

#include "common/read_and_check.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

void fuzz_records(std::string_view data) { read_and_check(data, formats::Format::records); }

}  // namespace lincheck::fuzz
