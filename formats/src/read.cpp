#include "lincheck/formats/read.hpp"

#include <stdexcept>

#include "json_reader.hpp"

namespace lincheck::formats {

std::string_view to_string(Format format) {
    switch (format) {
        case Format::detect: return "detect";
        case Format::json: return "json";
        case Format::jsonl: return "jsonl";
    }
    return "?";
}

Format format_from_name(std::string_view name) {
    if (name == "auto" || name == "detect") return Format::detect;
    if (name == "json") return Format::json;
    if (name == "jsonl" || name == "json-lines" || name == "ndjson") return Format::jsonl;
    throw std::invalid_argument("unknown format \"" + std::string(name) + "\" (expected auto, json or jsonl)");
}

namespace {

std::string_view without_bom(std::string_view text) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

Format detect(std::string_view text) {
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if (c == '[') return Format::json;
        if (c == '{') return Format::jsonl;
        throw InputError(std::string("cannot tell the format: a history starts with `[` (a JSON array) or `{` (JSON "
                                     "Lines), not `") + c + "`",
                         SourcePos{1, 1, 0});
    }
    return Format::jsonl;  // empty or blank: an empty history
}

}  // namespace

Value read_value(std::string_view text) {
    return detail::read_json_value(text);
}

ReadResult read_history(std::string_view text, Format format) {
    text = without_bom(text);
    ReadResult result;
    result.format = format == Format::detect ? detect(text) : format;
    switch (result.format) {
        case Format::json: detail::read_json_array(text, result); break;
        case Format::jsonl:
        case Format::detect: detail::read_json_lines(text, result); break;
    }
    return result;
}

}  // namespace lincheck::formats
