#pragma once
// JSON texts as a sequence of items: the elements of one top-level array, or one value per line.
// A small scanner finds each item's extent first, so that every error knows its line and column,
// nesting depth is bounded before any recursive code runs, and the whole document is never one DOM.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

Value json_to_value(const nlohmann::json& j);

class EventBuilder;
// Feeds an item's `process` field to `build` (json_reader.cpp); false for a non-client's.
bool feed_json_process(const nlohmann::json& process, EventBuilder& build);

// Reads one JSON value making up the whole text.
Value read_json_value(std::string_view text);

// Called with each item and where it starts (event_index: the item's 1-based number).
using JsonItemVisitor = std::function<void(const nlohmann::json& item, const SourcePos& pos)>;

// The elements of a JSON array. A cut-off last element or a missing `]` goes through truncation.hpp.
void for_each_json_array_item(std::string_view text, bool allow_truncated, ReadResult& out,
                              const JsonItemVisitor& visit);
// One JSON value per non-blank line. A cut-off last line goes through truncation.hpp.
void for_each_json_line(std::string_view text, bool allow_truncated, ReadResult& out, const JsonItemVisitor& visit);

// The first item of a JSON array or of JSON Lines, if it parses; for telling formats apart.
std::optional<nlohmann::json> first_json_item(std::string_view text);

}  // namespace lincheck::formats::detail
