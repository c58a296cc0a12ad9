#include "common/report_checks.hpp"

#include <expat.h>

#include <simdjson.h>

#include "common/require.hpp"

namespace lincheck::fuzz::detail {

namespace {

std::string at(std::string_view what, std::size_t i, std::string_view problem, unsigned byte) {
    return std::string(what) + ": " + std::string(problem) + " at " + std::to_string(i) + " (byte " +
           std::to_string(byte) + ")";
}

bool bidi_control(std::uint32_t code) {
    return code == 0x061C || code == 0x200E || code == 0x200F || (code >= 0x202A && code <= 0x202E) ||
           (code >= 0x2066 && code <= 0x2069);
}

}  // namespace

void require_terminal_safe(std::string_view text, std::string_view what) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            if ((lead < 0x20 && lead != '\t' && lead != '\n') || lead == 0x7F) {
                throw Bug(at(what, i, "a control character", lead));
            }
            ++i;
            continue;
        }
        const std::size_t n = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                              : lead >= 0xF0 && lead <= 0xF4                  ? 4
                                                                               : 0;
        if (n == 0 || i + n > text.size()) throw Bug(at(what, i, "a byte that is not UTF-8", lead));
        std::uint32_t code = lead & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
        for (std::size_t k = 1; k < n; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if ((c & 0xC0) != 0x80) throw Bug(at(what, i, "a byte that is not UTF-8", lead));
            code = (code << 6) | (c & 0x3Fu);
        }
        if ((n == 3 && code < 0x800) || (n == 4 && code < 0x10000) || (code >= 0xD800 && code <= 0xDFFF) ||
            code > 0x10FFFF) {
            throw Bug(at(what, i, "a byte that is not UTF-8", lead));
        }
        if (code <= 0x9F) throw Bug(at(what, i, "a C1 control character", lead));
        if (bidi_control(code)) throw Bug(at(what, i, "a bidirectional control", lead));
        i += n;
    }
}

void require_well_formed_xml(std::string_view text, std::string_view what) {
    XML_Parser parser = XML_ParserCreate(nullptr);
    const bool ok = XML_Parse(parser, text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_OK;
    const std::string error = ok ? "" : XML_ErrorString(XML_GetErrorCode(parser));
    const auto line = XML_GetCurrentLineNumber(parser);
    XML_ParserFree(parser);
    if (!ok) throw Bug(std::string(what) + ": not well-formed XML (" + error + ", line " + std::to_string(line) + ")");
}

JsonFields require_json(std::string_view text, std::string_view what) {
    static thread_local simdjson::dom::parser parser;
    const simdjson::padded_string padded(text);
    simdjson::dom::element document;
    if (const auto error = parser.parse(padded).get(document)) {
        throw Bug(std::string(what) + ": not JSON: " + simdjson::error_message(error));
    }
    JsonFields fields;
    simdjson::dom::object object;
    if (document.get(object)) return fields;
    std::int64_t exit_code = 0;
    if (!object["exit_code"].get(exit_code)) fields.exit_code = exit_code;
    std::string_view input;
    if (!object["input"].get(input)) fields.input = std::string(input);
    fields.options_object = object["options"].is_object();
    return fields;
}

std::size_t count(std::string_view text, std::string_view piece) {
    std::size_t n = 0;
    for (std::size_t at = text.find(piece); at != std::string_view::npos; at = text.find(piece, at + 1)) ++n;
    return n;
}

}  // namespace lincheck::fuzz::detail
