#pragma once
// Histories cut off by a crashed writer: the last line unfinished, or the closing bracket missing.
#include "lincheck/formats/read.hpp"

namespace lincheck::formats::detail {

// The input (or, in line-based formats, the line) ended inside an unfinished value: an unterminated
// string or an unclosed bracket. Only such an error on the last event can mean a truncated file.
class CutOffError : public InputError {
public:
    using InputError::InputError;
};

// The last event could not be read because it is cut off (`cause` says how). Drops it when
// allow_truncated, otherwise throws an InputError that says the file looks truncated.
void handle_cut_off_last_event(const InputError& cause, bool allow_truncated, ReadResult& out);

// The top-level array or vector holding the history is not closed at the end of the input, though
// every event in it is whole. Accepts it when allow_truncated, otherwise throws.
void handle_unclosed_history(const InputError& cause, bool allow_truncated, ReadResult& out);

}  // namespace lincheck::formats::detail
