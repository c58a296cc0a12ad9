#include "lincheck/history.hpp"

namespace lincheck {

std::string describe(const SourcePos& pos) {
    if (pos.line != 0) {
        std::string out = "line " + std::to_string(pos.line);
        if (pos.column != 0) out += ", column " + std::to_string(pos.column);
        return out;
    }
    if (pos.event_index != 0) return "event " + std::to_string(pos.event_index);
    return "unknown position";
}

std::string_view to_string(EventType type) {
    switch (type) {
        case EventType::invoke: return "invoke";
        case EventType::ok: return "ok";
        case EventType::fail: return "fail";
        case EventType::info: return "info";
        case EventType::pending: return "pending";
    }
    return "?";
}

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::ok: return "ok";
        case Outcome::info: return "info";
        case Outcome::pending: return "pending";
        case Outcome::failed: return "failed";
    }
    return "?";
}

}  // namespace lincheck
