// JSON and JSON Lines histories, parsed with nlohmann::json one event at a time. A small scanner finds
// each event's extent first, so that every error knows its line and column, nesting depth is bounded
// before any recursive code runs, and the whole document is never held as one DOM.
#include "json_reader.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "event_words.hpp"
#include "text_position.hpp"

namespace lincheck::formats::detail {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxDepth = 256;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t skip_space(std::string_view text, std::size_t pos) {
    while (pos < text.size() && is_space(text[pos])) ++pos;
    return pos;
}

std::string position_words(LineCounter& lines, std::size_t offset) {
    const SourcePos p = lines.at(offset);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
}

// The end of the JSON value starting at `begin`. Checks only structure (strings closed, brackets
// matched, depth bounded); nlohmann checks the rest.
std::size_t scan_value(std::string_view text, std::size_t begin, LineCounter& lines) {
    std::vector<std::size_t> open;  // offsets of unclosed [ and {
    std::size_t pos = begin;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '"') {
            const std::size_t start = pos++;
            while (pos < text.size() && text[pos] != '"') pos += text[pos] == '\\' ? 2 : 1;
            if (pos >= text.size()) {
                throw InputError("unterminated string (opened at " + position_words(lines, start) + ")", lines.at(start));
            }
            ++pos;
        } else if (c == '[' || c == '{') {
            if (open.size() >= kMaxDepth) {
                throw InputError("values nested deeper than " + std::to_string(kMaxDepth) + " levels", lines.at(pos));
            }
            open.push_back(pos++);
        } else if (c == ']' || c == '}') {
            if (open.empty()) return pos;  // closes an enclosing container: the scalar before it ended
            const char opener = text[open.back()];
            if ((opener == '[') != (c == ']')) {
                throw InputError(std::string("expected `") + (opener == '[' ? ']' : '}') + "` to close " +
                                     (opener == '[' ? "array" : "object") + " opened at " +
                                     position_words(lines, open.back()) + ", found `" + c + "`",
                                 lines.at(pos));
            }
            open.pop_back();
            ++pos;
        } else if (open.empty() && (c == ',' || is_space(c))) {
            return pos;
        } else {
            ++pos;
        }
        if (open.empty() && (c == ']' || c == '}' || c == '"')) return pos;
    }
    if (!open.empty()) {
        const char opener = text[open.back()];
        throw InputError(std::string("unexpected end of input: expected `") + (opener == '[' ? ']' : '}') +
                             "` to close " + (opener == '[' ? "array" : "object") + " opened at " +
                             position_words(lines, open.back()),
                         lines.at(text.size()));
    }
    return pos;
}

Value to_value(const json& j) {
    switch (j.type()) {
        case json::value_t::null: return Value::nil();
        case json::value_t::boolean: return Value::boolean(j.get<bool>());
        case json::value_t::number_integer: return Value::integer(j.get<std::int64_t>());
        case json::value_t::number_unsigned: {
            const auto u = j.get<std::uint64_t>();
            if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return Value::integer(static_cast<std::int64_t>(u));
            }
            return Value::big_integer(std::to_string(u));
        }
        case json::value_t::number_float: return Value::floating(j.get<double>());
        case json::value_t::string: return Value::string(j.get<std::string>());
        case json::value_t::array: {
            std::vector<Value> items;
            items.reserve(j.size());
            for (const auto& item : j) items.push_back(to_value(item));
            return Value::list(std::move(items));
        }
        case json::value_t::object: {
            std::vector<std::pair<Value, Value>> entries;
            entries.reserve(j.size());
            for (const auto& [k, v] : j.items()) entries.emplace_back(Value::string(k), to_value(v));
            return Value::map(std::move(entries));
        }
        default: return Value::nil();
    }
}

std::string parse_error_reason(const json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while ..."
    std::string_view what = e.what();
    if (auto column = what.find("column "); column != std::string_view::npos) {
        if (auto colon = what.find(": ", column); colon != std::string_view::npos) what.remove_prefix(colon + 2);
    }
    return "invalid JSON: " + std::string(what);
}

// Parses one event's text and appends it (or counts it as skipped).
void read_event(std::string_view text, std::size_t begin, std::size_t end, SourcePos pos, LineCounter& lines,
                ReadResult& out) {
    json j;
    try {
        j = json::parse(text.begin() + static_cast<std::ptrdiff_t>(begin),
                        text.begin() + static_cast<std::ptrdiff_t>(end));
    } catch (const json::parse_error& e) {
        const std::size_t offset = begin + (e.byte > 0 ? e.byte - 1 : 0);
        SourcePos at = lines.at(std::min(offset, end));
        at.event_index = pos.event_index;
        throw InputError(parse_error_reason(e), at);
    }
    if (!j.is_object()) throw InputError("expected an event object such as {\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}", pos);

    const auto process = j.find("process");
    if (process == j.end()) throw InputError("event has no `process`", pos);
    Event event;
    if (process->is_number_integer()) {
        event.process = process->get<std::int64_t>();
    } else if (process->is_string() || process->is_null()) {
        ++out.skipped_non_client;  // e.g. "nemesis": not a client operation
        return;
    } else {
        throw InputError("`process` must be an integer (or a name such as \"nemesis\" for non-client events)", pos);
    }

    const auto type = j.find("type");
    if (type == j.end() || !type->is_string()) throw InputError("event has no `type` string", pos);
    const auto word = type->get<std::string>();
    const auto event_type = event_type_from_word(word);
    if (!event_type) {
        throw InputError("unknown event type \"" + word + "\" (expected one of: " + std::string(kEventTypeWords) + ")", pos);
    }
    event.type = *event_type;

    const auto f = j.find("f");
    if (f == j.end() || !f->is_string()) throw InputError("event has no `f` string (the operation's name)", pos);
    event.f = f->get<std::string>();
    if (!event.f.empty() && event.f.front() == ':') event.f.erase(0, 1);

    if (const auto value = j.find("value"); value != j.end()) {
        event.value = to_value(*value);
        event.has_value = true;
    }
    if (const auto key = j.find("key"); key != j.end()) event.key = to_value(*key);
    if (const auto time = j.find("time"); time != j.end() && time->is_number()) event.time = time->get<double>();
    event.pos = pos;
    out.events.push_back(std::move(event));
}

}  // namespace

Value read_json_value(std::string_view text) {
    LineCounter lines(text);
    const std::size_t begin = skip_space(text, 0);
    const std::size_t end = scan_value(text, begin, lines);
    if (skip_space(text, end) < text.size()) throw InputError("unexpected text after the value", lines.at(skip_space(text, end)));
    try {
        return to_value(json::parse(text.substr(begin, end - begin)));
    } catch (const json::parse_error& e) {
        throw InputError(parse_error_reason(e), lines.at(begin + (e.byte > 0 ? e.byte - 1 : 0)));
    }
}

void read_json_array(std::string_view text, ReadResult& out) {
    LineCounter lines(text);
    std::size_t pos = skip_space(text, 0);
    if (pos >= text.size() || text[pos] != '[') throw InputError("expected `[` to open a JSON array of events", lines.at(pos));
    const std::size_t array_start = pos;
    pos = skip_space(text, pos + 1);
    std::uint64_t index = 0;
    if (pos < text.size() && text[pos] == ']') {
        pos = skip_space(text, pos + 1);
    } else {
        for (;;) {
            if (pos >= text.size()) {
                throw InputError("unexpected end of input: expected `]` to close the array opened at " +
                                     position_words(lines, array_start),
                                 lines.at(text.size()));
            }
            const std::size_t end = scan_value(text, pos, lines);
            SourcePos at = lines.at(pos);
            at.event_index = ++index;
            read_event(text, pos, end, at, lines, out);
            pos = skip_space(text, end);
            if (pos < text.size() && text[pos] == ',') {
                pos = skip_space(text, pos + 1);
                continue;
            }
            if (pos < text.size() && text[pos] == ']') {
                pos = skip_space(text, pos + 1);
                break;
            }
            if (pos >= text.size()) continue;  // reported at the top of the loop
            throw InputError("expected `,` or `]` after event " + std::to_string(index), lines.at(pos));
        }
    }
    if (pos < text.size()) throw InputError("unexpected text after the closing `]` of the history", lines.at(pos));
}

void read_json_lines(std::string_view text, ReadResult& out) {
    LineCounter lines(text);
    std::uint64_t index = 0;
    std::size_t line_start = 0;
    while (line_start < text.size()) {
        std::size_t line_end = text.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = text.size();
        const std::size_t begin = skip_space(text.substr(0, line_end), line_start);
        if (begin < line_end) {
            const std::size_t end = scan_value(text.substr(0, line_end), begin, lines);
            SourcePos at = lines.at(begin);
            at.event_index = ++index;
            read_event(text, begin, end, at, lines, out);
            const std::size_t rest = skip_space(text.substr(0, line_end), end);
            if (rest < line_end) {
                throw InputError("unexpected text after the event on this line (JSON Lines holds one event per line)",
                                 lines.at(rest));
            }
        }
        line_start = line_end + 1;
    }
}

}  // namespace lincheck::formats::detail
