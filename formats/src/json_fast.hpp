#pragma once
// The fast path for JSON and JSON Lines histories (simdjson, included only in json_fast.cpp). It reads
// well-formed input into exactly the events the nlohmann path (json_reader.hpp) gives, or declines
// the whole text: on any error, and on anything it does not reproduce exactly (an integer beyond 64
// bits, a cut-off last event, ...). The caller then reads the text with the nlohmann path, which gives
// the precise error. Thread-safe: every call has its own parser.
#include <cstdint>
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// true: the events and skipped_non_client of `text` were appended to `out`. false: declined, `out`
// is untouched. `text` needs no padding (the last items are copied into a padded buffer).
bool fast_read_json_lines(std::string_view text, ReadResult& out, const ReadOptions& options = {});
bool fast_read_json_array(std::string_view text, ReadResult& out, const ReadOptions& options = {});

// How often the fast path read a text and how often it declined, over the process's lifetime (for
// tests: ordinary input must not silently take the slow path).
struct FastPathCounts {
    std::uint64_t read = 0;
    std::uint64_t declined = 0;
};
FastPathCounts fast_path_counts();

}  // namespace lincheck::formats::detail
