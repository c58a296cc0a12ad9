#pragma once
// The one rule every report follows for text that comes from the input: values, `f` names, keys, file
// names, and the error messages that quote them. Such text is bytes; it need not be UTF-8 and may hold
// markup or control characters (docs/report-schema.md, "Text from the input").
//
//  - For people (the terminal, HTML, JUnit XML): display_text. Valid UTF-8 stays as it is; each byte
//    that is not part of a well-formed UTF-8 sequence becomes U+FFFD; control characters become
//    visible. Markup is then escaped by the HTML and XML writers themselves.
//  - For programs (JSON): json_text, lossless. Each byte that is not part of a well-formed UTF-8
//    sequence becomes U+FFFD followed by its two hex digits, and a U+FFFD of the input is written twice,
//    so that json_text_bytes gives the bytes back. Control characters are JSON's to escape.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace lincheck::cli {

// The length of the well-formed UTF-8 sequence that starts at text[i] (1 to 4), or 0 when the byte there
// does not start one (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, cut off).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// Text for people. Invalid bytes, C1 controls (U+0080–U+009F), the noncharacters U+FFFE and U+FFFF and
// the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: they reorder what
// is shown) and the line and paragraph separators U+2028, U+2029 become U+FFFD; C0 controls and DEL become their control pictures (NUL ␀, ESC ␛, CR ␍,
// DEL ␡), except tab and newline when `keep_lines` (a table cell keeps everything on one line: false).
std::string display_text(std::string_view text, bool keep_lines = true);

// Text for JSON, losslessly (above). Valid UTF-8 without U+FFFD is returned unchanged.
std::string json_text(std::string_view text);
// The bytes json_text was given. Text json_text cannot have written is returned unchanged.
std::string json_text_bytes(std::string_view text);

// Applies display_text or json_text to every string, and every object key, of a JSON document that is
// about to be dumped (nlohmann's dump throws on bytes that are not UTF-8).
void display_strings(nlohmann::ordered_json& document);
void json_strings(nlohmann::ordered_json& document);

}  // namespace lincheck::cli
