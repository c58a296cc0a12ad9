#pragma once
// Reading and pairing a history in pieces, so that a large file's text and all its events are never in
// memory at once: the CLI, lincheck-bench and embedders read big histories this one way.
#include <atomic>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lincheck/formats/event_times.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/pairing.hpp"
#include "lincheck/formats/time_order.hpp"

namespace lincheck::formats {

struct PairedHistory {
    formats::ReadResult read;  // what was read (format, notation, keys, counts); its events are moved out
    OperationRuns ops;     // one run per piece read
    OperationRuns failed;  // the failed operations, the same way (pairing.failed is empty)
    PairingStats pairing;
    TimeOrder time_order;  // whether `time` goes backwards in file order
    EventTimes times;      // each event's `time`, when options.keep_event_times (for --html's axis)
};

// Line-based formats (JSON Lines, EDN lines, Jepsen logs) are read and paired piece by piece of whole
// lines (4 MB); a single-document file (a JSON array, an EDN vector), operation records (sorted by time) and
// --order=time are read whole. Positions in errors and operations are those of the whole file. With
// --independent auto, the key convention found in the first piece holds for the rest. `path` is a file
// or - for standard input. Throws InputError, or std::runtime_error when the file cannot be read.
// `bytes_read`, when given, counts the bytes read so far (for the progress line). Pieces of a
// line-based file are parsed and paired by up to `jobs` threads at once (0: all cores), then joined in
// file order (see PiecePairer).
// Past `deadline` (--time-limit), reading stops with ReadTimedOut (read.hpp): between pieces, between
// 4 MB reads of a single-document file, and while parsing either (ReadOptions::deadline). What a
// line-based file's pieces gave until then is not freed (that would run past the deadline): it is left
// to lincheck::release_search_memory() (check.hpp) or the process's exit.
PairedHistory read_and_pair(const std::string& path, const formats::ReadOptions& options, bool order_by_time,
                            std::atomic<std::size_t>* bytes_read = nullptr, unsigned jobs = 1,
                            std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

}  // namespace lincheck::formats
