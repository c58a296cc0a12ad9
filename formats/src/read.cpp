#include "lincheck/formats/read.hpp"

#include <stdexcept>

#include "detect.hpp"
#include "edn_reader.hpp"
#include "jepsen_log_reader.hpp"
#include "jepsen_txt_reader.hpp"
#include "json_items.hpp"
#include "json_reader.hpp"
#include "key_convention.hpp"
#include "records_reader.hpp"

namespace lincheck::formats {

std::string_view to_string(Format format) {
    switch (format) {
        case Format::detect: return "detect";
        case Format::json: return "json";
        case Format::jsonl: return "jsonl";
        case Format::edn: return "edn";
        case Format::jepsen_log: return "jepsen-log";
        case Format::jepsen_txt: return "jepsen-txt";
        case Format::records: return "records";
    }
    return "?";
}

Format format_from_name(std::string_view name) {
    if (name == "auto" || name == "detect") return Format::detect;
    if (name == "json") return Format::json;
    if (name == "jsonl" || name == "json-lines" || name == "ndjson") return Format::jsonl;
    if (name == "edn" || name == "edn-lines") return Format::edn;
    if (name == "jepsen-log" || name == "jepsen_log") return Format::jepsen_log;
    if (name == "records") return Format::records;
    if (name == "jepsen-txt" || name == "jepsen_txt" || name == "history-txt") return Format::jepsen_txt;
    throw std::invalid_argument("unknown format \"" + std::string(name) +
                                "\" (expected auto, json, jsonl, edn, jepsen-log, jepsen-txt or records)");
}

std::string_view to_string(KeyConvention keys) {
    switch (keys) {
        case KeyConvention::detect: return "auto";
        case KeyConvention::tuples: return "tuples";
        case KeyConvention::field: return "field";
        case KeyConvention::none: return "none";
    }
    return "?";
}

KeyConvention key_convention_from_name(std::string_view name) {
    if (name == "auto" || name == "detect") return KeyConvention::detect;
    if (name == "tuples") return KeyConvention::tuples;
    if (name == "field") return KeyConvention::field;
    if (name == "none") return KeyConvention::none;
    throw std::invalid_argument("unknown key convention \"" + std::string(name) +
                                "\" (expected auto, tuples, field or none)");
}

namespace {

std::string_view without_bom(std::string_view text) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
}

}  // namespace

Value read_value(std::string_view text, Value::Notation notation) {
    text = without_bom(text);
    return notation == Value::Notation::edn ? detail::read_edn_value(text) : detail::read_json_value(text);
}

ReadResult read_history(std::string_view text, const ReadOptions& options) {
    text = without_bom(text);
    ReadResult result;
    result.format = options.format == Format::detect ? detail::detect_format(text) : options.format;
    switch (result.format) {
        case Format::json: detail::read_json_array(text, options, result); break;
        case Format::jsonl:
        case Format::detect: detail::read_json_lines(text, options, result); break;
        case Format::edn:
            result.notation = Value::Notation::edn;
            detail::read_edn(text, options, result);
            break;
        case Format::jepsen_log:
            result.notation = Value::Notation::edn;
            detail::read_jepsen_log(text, options, result);
            break;
        case Format::jepsen_txt:
            result.notation = Value::Notation::edn;
            detail::read_jepsen_txt(text, options, result);
            break;
        case Format::records: detail::read_records(text, options, result); break;
    }
    detail::apply_key_convention(options.independent, result);
    return result;
}

ReadResult read_history(std::string_view text, Format format) {
    ReadOptions options;
    options.format = format;
    return read_history(text, options);
}

Format detect_format(std::string_view text) {
    return detail::detect_format(text);
}

bool may_cut_before(Format format, std::string_view line) {
    return format != Format::jepsen_txt || detail::is_jepsen_txt_op_line(line);
}

}  // namespace lincheck::formats
