#pragma once
// What fuzz_writers asks of every report: each check written independently of the writers' own code
// (cli/safe_text.cpp), with parsers that are not lincheck's (simdjson for JSON, expat for XML). Built
// without coverage instrumentation (fuzz/CMakeLists.txt): scanning a page byte by byte under it was
// most of an execution's time, and its features say nothing about lincheck.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lincheck::fuzz::detail {

// Well-formed UTF-8 (no overlong form, surrogate or code point beyond U+10FFFF), and nothing a terminal
// or a browser would act on or hide: no C0 control but tab and newline, no DEL, no C1 control, no
// bidirectional control (U+061C, U+200E, U+200F, U+202A–202E, U+2066–2069). Throws Bug.
void require_terminal_safe(std::string_view text, std::string_view what);

// Well-formed XML (expat). Throws Bug.
void require_well_formed_xml(std::string_view text, std::string_view what);

// The fields of a JSON document that fuzz_writers compares: the top-level `exit_code`, `input` (when a
// string) and whether `options` is an object.
struct JsonFields {
    std::optional<std::int64_t> exit_code;
    std::optional<std::string> input;
    bool options_object = false;
};
// Parses `text` as one JSON document (RFC 8259, UTF-8). Throws Bug when it is not JSON.
JsonFields require_json(std::string_view text, std::string_view what);

// How many times `piece` occurs in `text` (overlaps counted).
std::size_t count(std::string_view text, std::string_view piece);

}  // namespace lincheck::fuzz::detail
