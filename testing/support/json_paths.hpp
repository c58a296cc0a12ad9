#pragma once
// The two ways of reading JSON and JSON Lines histories, compared: the simdjson fast path
// (formats/src/json_fast.hpp) must give exactly the nlohmann path's events, or decline. Used by
// tests/json_fast_test.cpp and the fuzz targets (fuzz/common/).
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

#include "json_fast.hpp"
#include "json_reader.hpp"
#include "lincheck/formats/read.hpp"

namespace lincheck::testing {

// Equal down to the kind and the bits: 1 and 1.0, 0.0 and -0.0 differ.
inline bool identical(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case Value::Kind::nil: return true;
        case Value::Kind::boolean:
        case Value::Kind::integer: return a.as_integer() == b.as_integer();
        case Value::Kind::floating:
            return std::bit_cast<std::uint64_t>(a.as_floating()) == std::bit_cast<std::uint64_t>(b.as_floating());
        case Value::Kind::big_integer:
        case Value::Kind::string:
        case Value::Kind::keyword:
        case Value::Kind::symbol: return a.text() == b.text();
        case Value::Kind::list:
        case Value::Kind::set:
        case Value::Kind::map: {
            const auto x = a.items(), y = b.items();
            if (x.size() != y.size()) return false;
            for (std::size_t i = 0; i < x.size(); ++i) {
                if (!identical(x[i], y[i])) return false;
            }
            return true;
        }
    }
    return false;
}

// Empty when the two events are the same in every field; else what differs.
inline std::string event_difference(const Event& a, const Event& b) {
    const auto pos = [](const SourcePos& p) {
        return std::to_string(p.line) + ":" + std::to_string(p.column) + " #" + std::to_string(p.event_index);
    };
    const auto time = [](const std::optional<double>& t) {
        return t ? std::to_string(*t) + " (bits " + std::to_string(std::bit_cast<std::uint64_t>(*t)) + ")"
                 : std::string("none");
    };
    if (a.process != b.process) return "process " + std::to_string(a.process) + " vs " + std::to_string(b.process);
    if (a.type != b.type) return "type " + std::string(to_string(a.type)) + " vs " + std::string(to_string(b.type));
    if (a.f != b.f) return "f \"" + a.f + "\" vs \"" + b.f + "\"";
    if (a.has_value != b.has_value) return "has_value differs";
    if (!identical(a.value, b.value)) return "value " + a.value.to_string() + " vs " + b.value.to_string();
    if (a.key.has_value() != b.key.has_value()) return "key present in one only";
    if (a.key && !identical(*a.key, *b.key)) return "key " + a.key->to_string() + " vs " + b.key->to_string();
    if (a.time.has_value() != b.time.has_value() ||
        (a.time && std::bit_cast<std::uint64_t>(*a.time) != std::bit_cast<std::uint64_t>(*b.time))) {
        return "time " + time(a.time) + " vs " + time(b.time);
    }
    if (a.pos.line != b.pos.line || a.pos.column != b.pos.column || a.pos.event_index != b.pos.event_index) {
        return "pos " + pos(a.pos) + " vs " + pos(b.pos);
    }
    return {};
}

struct PathComparison {
    bool fast = false;     // the fast path read the text (else it declined)
    std::string mismatch;  // empty when the paths agree
};

// Reads `text` as a JSON array (array true) or as JSON Lines both ways. They agree when the fast path
// declines leaving its result untouched, or reads what the nlohmann path reads without an error.
inline PathComparison compare_json_paths(std::string_view text, bool array) {
    using namespace formats;
    PathComparison c;
    ReadResult fast;
    c.fast = array ? detail::fast_read_json_array(text, fast) : detail::fast_read_json_lines(text, fast);
    if (!c.fast) {
        if (!fast.events.empty() || fast.skipped_non_client != 0) c.mismatch = "declined, but left events behind";
        return c;
    }
    ReadResult slow;
    try {
        if (array) detail::read_json_array_nlohmann(text, ReadOptions{}, slow);
        else detail::read_json_lines_nlohmann(text, ReadOptions{}, slow);
    } catch (const InputError& e) {
        c.mismatch = "the fast path read " + std::to_string(fast.events.size()) +
                     " events, the nlohmann path says: " + describe(e.pos()) + ": " + e.what();
        return c;
    }
    if (fast.events.size() != slow.events.size()) {
        c.mismatch = std::to_string(fast.events.size()) + " events vs " + std::to_string(slow.events.size());
    } else if (fast.skipped_non_client != slow.skipped_non_client) {
        c.mismatch = "skipped " + std::to_string(fast.skipped_non_client) + " vs " +
                     std::to_string(slow.skipped_non_client);
    } else if (fast.dropped_truncated || slow.dropped_truncated) {
        c.mismatch = "dropped_truncated without allow_truncated";
    } else {
        for (std::size_t i = 0; i < fast.events.size() && c.mismatch.empty(); ++i) {
            const std::string d = event_difference(fast.events[i], slow.events[i]);
            if (!d.empty()) c.mismatch = "event " + std::to_string(i + 1) + ": " + d;
        }
    }
    if (!c.mismatch.empty()) c.mismatch = std::string(array ? "JSON array: " : "JSON Lines: ") + c.mismatch;
    return c;
}

}  // namespace lincheck::testing
