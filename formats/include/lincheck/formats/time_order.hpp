#pragma once
// Whether events' `time` fields go backwards in file order. Then --order file and --order time put
// the events in different real-time orders, which may change the verdict: the user is told (once, at
// the first event whose time is below the one before it) which order was used.
#include <optional>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/pairing.hpp"

namespace lincheck::formats {

class TimeOrder {
public:
    struct Back {
        SourcePos pos;        // the event whose time is below the previous one's
        double time = 0;
        double previous = 0;  // the time of the timed event before it
    };

    // Events in file order (a piece of the file, or the whole); events without a time are passed over.
    void scan(const std::vector<Event>& events);
    // `later`: the scan of the piece after the ones seen so far, at `offset` in the whole file.
    void append(const TimeOrder& later, PieceOffset offset);

    const std::optional<Back>& back() const { return back_; }

private:
    std::optional<double> first_, last_;  // the first and last times seen
    SourcePos first_pos_;                  // the event of first_
    std::optional<Back> back_;
};

}  // namespace lincheck::formats
