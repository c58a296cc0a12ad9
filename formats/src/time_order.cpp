#include "lincheck/formats/time_order.hpp"

namespace lincheck::formats {

void TimeOrder::scan(const std::vector<Event>& events) {
    for (const Event& e : events) {
        if (!e.time) continue;
        if (last_ && *e.time < *last_ && !back_) back_ = Back{e.pos, *e.time, *last_};
        if (!first_) {
            first_ = e.time;
            first_pos_ = e.pos;
        }
        last_ = e.time;
    }
}

void TimeOrder::append(const TimeOrder& later, PieceOffset offset) {
    if (!later.first_) return;
    if (!back_) {
        // The later piece's first timed event comes before any backward step inside it.
        if (last_ && *later.first_ < *last_) {
            back_ = Back{shifted(later.first_pos_, offset), *later.first_, *last_};
        } else if (later.back_) {
            back_ = later.back_;
            back_->pos = shifted(back_->pos, offset);
        }
    }
    if (!first_) {
        first_ = later.first_;
        first_pos_ = shifted(later.first_pos_, offset);
    }
    last_ = later.last_;
}

}  // namespace lincheck::formats
