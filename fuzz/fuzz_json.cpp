// fuzz_json: a JSON array of events, with the format forced and detected. Beyond the readers' property
// (common/read_and_check.hpp): the simdjson fast path reads exactly the events the nlohmann path
// reads, or declines (support/json_paths.hpp), the text read as a JSON array and as JSON Lines alike.
#include <string_view>

#include "support/json_paths.hpp"
#include "common/read_and_check.hpp"
#include "common/require.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

void fuzz_json(std::string_view data) {
    for (const bool array : {true, false}) {
        const testing::PathComparison c = testing::compare_json_paths(data, array);
        detail::require(c.mismatch.empty(), "the JSON fast path disagrees with the nlohmann path: " + c.mismatch);
    }
    read_and_check(data, formats::Format::json);
}

}  // namespace lincheck::fuzz
