#include "lincheck/formats/event_times.hpp"

#include <cmath>
#include <limits>

namespace lincheck::formats {

namespace {
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
}

void EventTimes::put(std::uint64_t event_index, std::size_t slot, double time) {
    const std::size_t at = 2 * (event_index - 1) + slot;
    if (times_.size() <= at) times_.resize(at + 1, kNone);
    times_[at] = time;
}

std::optional<double> EventTimes::at(std::uint64_t event_index, std::size_t slot) const {
    if (untimed_ || event_index == 0) return std::nullopt;
    const std::size_t at = 2 * (event_index - 1) + slot;
    if (at >= times_.size() || std::isnan(times_[at])) return std::nullopt;
    return times_[at];
}

void EventTimes::scan(const std::vector<Event>& events) {
    for (const Event& e : events) {
        if (untimed_) {  // only whether some event has a time is still to learn (any())
            if (any_) return;
            any_ = e.time.has_value();
            continue;
        }
        if (!e.time || e.pos.event_index == 0) {
            untimed_ = true;
            times_ = {};
            continue;
        }
        any_ = true;
        put(e.pos.event_index, e.type == EventType::invoke ? 0 : 1, *e.time);
    }
}

void EventTimes::append(EventTimes later, PieceOffset offset) {
    if (untimed_) {
        any_ = any_ || later.any_;
        return;
    }
    if (later.untimed_) {
        any_ = any_ || later.any_;
        untimed_ = true;
        times_ = {};
        return;
    }
    if (!later.any_) return;
    any_ = true;
    const std::size_t from = 2 * static_cast<std::size_t>(offset.events);
    if (times_.size() < from) times_.resize(from, kNone);
    times_.resize(from + later.times_.size(), kNone);
    for (std::size_t i = 0; i < later.times_.size(); ++i) {
        if (!std::isnan(later.times_[i])) times_[from + i] = later.times_[i];
    }
}

}  // namespace lincheck::formats
