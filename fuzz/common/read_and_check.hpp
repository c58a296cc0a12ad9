#pragma once
// The property every reader target holds (fuzz_json, fuzz_edn, …): for any text, reading it gives
// events or an InputError with a line and column inside the text; a forced format is the format read;
// pairing the events in pieces (as the streaming reader pairs them) gives what pairing them whole
// gives; and each small partition's verdict is the brute-force oracle's, a limit only ever turning
// it into `unknown`. Line-based formats add: reading the text in pieces of whole lines gives the
// events, or the first error, reading it whole gives.
#include <string_view>

#include "lincheck/formats/read.hpp"

namespace lincheck::fuzz {

// `text` read with `format` forced (strict, then with allow_truncated), and with the format detected;
// each history that parses is checked. `model` empty: guessed, as the CLI does.
void read_and_check(std::string_view text, formats::Format format, std::string_view model = {},
                    formats::KeyConvention keys = formats::KeyConvention::detect);

// read_and_check, and reading in pieces of whole lines (where the streaming reader may cut).
void read_lines_and_check(std::string_view text, formats::Format format);

}  // namespace lincheck::fuzz
