#pragma once
// The `time` of each event, by its place in the file: a side table kept beside the operations for the
// reports that draw a time axis (--html). Operation has no time field on purpose — the search never
// needs one and is hot — so an operation's times are looked up here by its invoke_pos / complete_pos.
#include <cstdint>
#include <optional>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/pairing.hpp"

namespace lincheck::formats {

class EventTimes {
public:
    // Events in file order (a piece of the file, or the whole), positions relative to it. An event
    // without a time makes the table useless (no axis can mix times and positions): it is emptied.
    void scan(const std::vector<Event>& events);
    // `later`: the scan of the piece after the ones seen so far, at `offset` in the whole file.
    void append(EventTimes later, PieceOffset offset);

    // Whether every event scanned carried a `time` (and there was one).
    bool complete() const { return any_ && !untimed_; }
    // Whether some event scanned carried a `time` (to tell "no event has one" from "not every one").
    bool any() const { return any_; }
    // The time of the invoke, or of the completion, at `event_index` (SourcePos::event_index, 1-based);
    // nothing when not known. (An operation record is one index holding both.)
    std::optional<double> invoke_at(std::uint64_t event_index) const { return at(event_index, 0); }
    std::optional<double> completion_at(std::uint64_t event_index) const { return at(event_index, 1); }

private:
    std::optional<double> at(std::uint64_t event_index, std::size_t slot) const;
    void put(std::uint64_t event_index, std::size_t slot, double time);

    std::vector<double> times_;  // [2 * (event_index - 1) + slot], slot 1 for a completion; NaN: none
    bool any_ = false;
    bool untimed_ = false;
};

}  // namespace lincheck::formats
