#pragma once
// Writing events as JSON Lines, one event object per line — the format the readers (read.hpp) take
// back, so that a history recorded in-process (lincheck::Recorder::to_events) can be saved and checked
// again with `lincheck --model M file.jsonl`:
//
//     {"process": 0, "type": "invoke", "f": "write", "key": 7, "value": 3}
//
// Values are written by the project's one Value→JSON encoder (Value::to_string(Notation::json);
// value.hpp says how keywords, sets and maps become JSON). `key` is written when the event has one,
// `value` when the event carries one. Header-only on purpose: it needs nothing but the checker's
// types, so an embedder linking only lincheck::checker can save what it recorded.
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/value.hpp"

namespace lincheck::formats {

inline std::string_view jsonl_type_word(EventType type) {
    switch (type) {
        case EventType::invoke: return "invoke";
        case EventType::ok: return "ok";
        case EventType::fail: return "fail";
        case EventType::info: return "info";
        case EventType::pending: return "pending";
    }
    return "invoke";
}

// Appends one event as one line, ending in '\n'.
inline void append_jsonl(std::string& out, const Event& e) {
    out += "{\"process\": ";
    out += std::to_string(e.process);
    out += ", \"type\": \"";
    out += jsonl_type_word(e.type);
    out += "\", \"f\": ";
    Value::string(e.f).append_to(out, Value::Notation::json);
    if (e.key) {
        out += ", \"key\": ";
        e.key->append_to(out, Value::Notation::json);
    }
    if (e.has_value) {
        out += ", \"value\": ";
        e.value.append_to(out, Value::Notation::json);
    }
    if (e.time) {
        out += ", \"time\": ";
        Value::floating(*e.time).append_to(out, Value::Notation::json);
    }
    out += "}\n";
}

inline std::string to_jsonl(const std::vector<Event>& events) {
    std::string out;
    out.reserve(events.size() * 64);
    for (const Event& e : events) append_jsonl(out, e);
    return out;
}

inline void write_jsonl(const std::vector<Event>& events, std::ostream& out) {
    out << to_jsonl(events);
}

// Writes the events to the file at `path` (replacing it); throws std::runtime_error when it cannot.
inline void save_jsonl(const std::vector<Event>& events, const std::string& path) {
    const std::string text = to_jsonl(events);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error("lincheck: cannot open " + path + " for writing");
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    file.close();
    if (!file) throw std::runtime_error("lincheck: cannot write " + path);
}

}  // namespace lincheck::formats
