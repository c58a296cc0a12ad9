#pragma once
// Reading histories from text. Formats are told apart by content, never by file name.
#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lincheck/history.hpp"

namespace lincheck::formats {

enum class Format {
    detect,      // look at the content
    json,        // one JSON array of event objects
    jsonl,       // one JSON event object per line
    edn,         // one EDN vector/list of op maps (Knossos), or one EDN op map per line (Jepsen, Porcupine)
    jepsen_log,  // Jepsen's text log: `INFO  jepsen.util - 3	:invoke	:cas	[4 4]`
    jepsen_txt,  // Jepsen's history.txt: `3	:invoke	:cas	[4 4]` (tab-separated, values in EDN)
    records,     // one JSON object per operation, with `call` and `return` times (array or lines)
};

std::string_view to_string(Format format);
// Accepts the names --format takes; throws std::invalid_argument otherwise.
Format format_from_name(std::string_view name);

// Where an event's independent key (Event::key) comes from.
enum class KeyConvention {
    detect,  // `key` fields if any event has one, else Jepsen tuples if unmistakable (key_convention.cpp), else none
    tuples,  // Jepsen `independent`: every value is `[key value]`
    field,   // an explicit `key` field (JSON `key`, EDN `:key`)
    none,    // no keys: one object; tuples stay whole, `key` fields stay on the events (for kv)
};

std::string_view to_string(KeyConvention keys);  // "auto", "tuples", "field", "none"
// Accepts auto, tuples, field, none; throws std::invalid_argument otherwise.
KeyConvention key_convention_from_name(std::string_view name);

struct ReadOptions {
    Format format = Format::detect;
    KeyConvention independent = KeyConvention::detect;
    // A last event cut off by a crashed writer (an unfinished last line, a top-level array or vector
    // without its closing bracket) is dropped instead of being an error.
    bool allow_truncated = false;
    // read_and_pair only: keep each event's `time` beside the operations (PairedHistory::times).
    bool keep_event_times = false;
    // Past this point in time (--time-limit), reading stops with ReadTimedOut, also inside a single
    // document (the clock is read every few thousand events).
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

// Reading went past ReadOptions::deadline. Not an InputError: the input may be fine.
class ReadTimedOut : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ReadResult {
    std::vector<Event> events;
    Format format = Format::detect;                    // the format actually read
    Value::Notation notation = Value::Notation::json;  // how to print values back to this user
    KeyConvention keys = KeyConvention::none;          // the key convention actually applied
    std::size_t skipped_non_client = 0;                // events whose process is not a number (e.g. nemesis)
    bool dropped_truncated = false;                    // allow_truncated dropped a cut-off last event
    std::vector<std::string> warnings;                 // what the reader took on trust (docs/formats.md)
};

// Tells a history's format from the start of its text (the rules of docs/formats.md). Throws
// InputError when it cannot.
Format detect_format(std::string_view text);

// Whether a line-based history (jsonl, EDN Lines, jepsen-log, jepsen-txt) may be cut just before `line`
// (a whole line, without its newline) into pieces read on their own. Only jepsen-txt restricts it: a
// line there that is not an op line goes on with the free text of the line before.
bool may_cut_before(Format format, std::string_view line);

// Reads one value, e.g. for --initial: JSON (`0`, `null`, `{"x": 0}`) or EDN (`nil`, `{:x 0}`).
Value read_value(std::string_view text, Value::Notation notation = Value::Notation::json);

// Reads a whole history. Throws InputError (line, column; the event's index where it helps).
ReadResult read_history(std::string_view text, const ReadOptions& options = {});
ReadResult read_history(std::string_view text, Format format);

}  // namespace lincheck::formats
