// The fast path for JSON and JSON Lines histories: simdjson's DOM parser, one item (line, or element of
// the top-level array) at a time, straight from the caller's text. It must give what json_reader.cpp's
// nlohmann path gives, event for event, or decline; tests/json_fast_test.cpp and the fuzz targets
// compare the two. Where they could differ, it declines:
//  - any simdjson error: invalid JSON, an integer beyond 64 bits (nlohmann keeps its digits; simdjson
//    cannot), a number beyond a double, nesting deeper than json_items.cpp's 256 levels (the parser's
//    own depth limit, which counts the same way);
//  - anything the EventBuilder rejects (no `process`, an unknown `type`, ...), and a cut-off last item;
//    the nlohmann path then says what and where.
// simdjson reads up to SIMDJSON_PADDING bytes beyond an item, whose content does not affect the parse
// (simdjson issue #1965): an item is parsed in place, and one that ends closer than that to the end of
// the text is copied into a padded buffer first. No copy of the whole text.
#include "json_fast.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <simdjson.h>
#include <string>
#include <utility>
#include <vector>

#include "event_builder.hpp"
#include "json_space.hpp"
#include "text_position.hpp"

namespace lincheck::formats::detail {

namespace {

namespace dom = simdjson::dom;

constexpr std::size_t kMaxDepth = 256;  // as json_items.cpp's scan_value

std::atomic<std::uint64_t> fast_reads{0};
std::atomic<std::uint64_t> fast_declines{0};

// Thrown inside this file only: the fast path gives up on the text.
struct Decline {};

// Parses items of one text, each in place when the text goes on long enough after it.
class ItemParser {
public:
    explicit ItemParser(std::string_view text) : text_(text) {
        if (parser_.allocate(simdjson::dom::MINIMAL_DOCUMENT_CAPACITY, kMaxDepth) != simdjson::SUCCESS) throw Decline{};
    }

    // The item text_[begin, end), which must be one JSON object (whitespace around it allowed).
    dom::object object(std::size_t begin, std::size_t end) {
        const std::size_t length = end - begin;
        const char* data = text_.data() + begin;
        if (text_.size() - end < simdjson::SIMDJSON_PADDING) {
            padded_.assign(data, length);
            padded_.append(simdjson::SIMDJSON_PADDING, ' ');
            data = padded_.data();
        }
        dom::object result;
        if (parser_.parse(data, length, false).get(result) != simdjson::SUCCESS) throw Decline{};
        return result;
    }

private:
    std::string_view text_;
    dom::parser parser_;
    std::string padded_;
};

Value to_value(dom::element e);

Value to_list(dom::array array) {
    std::vector<Value> items;
    items.reserve(array.size());
    for (dom::element item : array) items.push_back(to_value(item));
    return Value::list(std::move(items));
}

Value to_map(dom::object object) {
    std::vector<std::pair<Value, Value>> entries;
    entries.reserve(object.size());
    for (dom::key_value_pair field : object) {
        entries.emplace_back(Value::string(std::string(field.key)), to_value(field.value));
    }
    return Value::map(std::move(entries));  // last duplicate wins, as in nlohmann's objects
}

// As json_items.cpp's json_to_value. simdjson has already rejected what JSON text nlohmann would keep
// as a big integer (beyond 64 bits), so every number here is an int64, a uint64 or a finite double.
Value to_value(dom::element e) {
    switch (e.type()) {
        case dom::element_type::NULL_VALUE: return Value::nil();
        case dom::element_type::BOOL: return Value::boolean(e.get_bool().value_unsafe());
        case dom::element_type::INT64: return Value::integer(e.get_int64().value_unsafe());
        case dom::element_type::UINT64: {
            const std::uint64_t u = e.get_uint64().value_unsafe();
            if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return Value::integer(static_cast<std::int64_t>(u));
            }
            return Value::big_integer(std::to_string(u));
        }
        case dom::element_type::DOUBLE: return Value::floating(e.get_double().value_unsafe());
        case dom::element_type::STRING: return Value::string(std::string(e.get_string().value_unsafe()));
        case dom::element_type::ARRAY: return to_list(e.get_array().value_unsafe());
        case dom::element_type::OBJECT: return to_map(e.get_object().value_unsafe());
    }
    throw Decline{};
}

// The events of one text, committed to a ReadResult only when the whole text was read. The builder's
// errors (no `process`, an unknown `type`, ...) decline: the nlohmann path then says what and where.
class Events {
public:
    // Walks one event object for the builder, as json_reader.cpp's read_event.
    void add(dom::object object, const SourcePos& pos) {
        // nlohmann keeps the last of duplicate fields: so do these.
        dom::element process, type, f, value, key, time;
        bool has_process = false, has_type = false, has_f = false, has_value = false, has_key = false, has_time = false;
        for (dom::key_value_pair field : object) {
            const std::string_view name = field.key;
            if (name == "process") process = field.value, has_process = true;
            else if (name == "type") type = field.value, has_type = true;
            else if (name == "f") f = field.value, has_f = true;
            else if (name == "value") value = field.value, has_value = true;
            else if (name == "key") key = field.value, has_key = true;
            else if (name == "time") time = field.value, has_time = true;
        }
        build_.start(pos);
        if (!has_process) throw Decline{};
        switch (process.type()) {
            case dom::element_type::INT64: build_.process(process.get_int64().value_unsafe()); break;
            case dom::element_type::STRING:
                if (!build_.process_text(process.get_string().value_unsafe())) return;
                break;
            case dom::element_type::NULL_VALUE: build_.non_client(); return;
            default: throw Decline{};  // beyond int64, or not an integer
        }
        if (!has_type || !type.is_string()) throw Decline{};
        build_.type(type.get_string().value_unsafe());
        if (!has_f || !f.is_string()) throw Decline{};
        build_.f(f.get_string().value_unsafe());
        if (has_value) build_.value(to_value(value));
        if (has_key) build_.key(to_value(key));
        if (has_time) {
            switch (time.type()) {
                case dom::element_type::INT64: build_.time(static_cast<double>(time.get_int64().value_unsafe())); break;
                case dom::element_type::UINT64: build_.time(static_cast<double>(time.get_uint64().value_unsafe())); break;
                case dom::element_type::DOUBLE: build_.time(time.get_double().value_unsafe()); break;
                default: break;  // not a number: no time, as in read_event
            }
        }
        build_.finish();
    }

    void reserve(std::size_t events) { read_.events.reserve(events); }

    void commit(ReadResult& out) {
        if (out.events.empty()) {
            out.events = std::move(read_.events);
        } else {
            out.events.insert(out.events.end(), std::make_move_iterator(read_.events.begin()),
                              std::make_move_iterator(read_.events.end()));
        }
        out.skipped_non_client += read_.skipped_non_client;
    }

private:
    ReadResult read_;
    EventBuilder build_{kJsonEvent, read_};
};

// The end of the object starting at `begin` ('{'), by counting brackets outside strings; npos when
// the text ends first. Mismatched brackets give a wrong extent, which simdjson then rejects.
std::size_t object_end(std::string_view text, std::size_t begin) {
    std::size_t depth = 0;
    for (std::size_t i = begin; i < text.size(); ++i) {
        switch (text[i]) {
            case '"':
                for (++i; i < text.size() && text[i] != '"'; ++i) {
                    if (text[i] == '\\') ++i;
                }
                break;
            case '{':
            case '[': ++depth; break;
            case '}':
            case ']':
                if (--depth == 0) return i + 1;
                break;
            default: break;
        }
    }
    return std::string_view::npos;
}

bool finish(bool read) {
    (read ? fast_reads : fast_declines).fetch_add(1, std::memory_order_relaxed);
    return read;
}

}  // namespace

bool fast_read_json_lines(std::string_view text, ReadResult& out) {
    try {
        ItemParser parser(text);
        Events events;
        events.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
        std::uint32_t line = 1;
        std::uint64_t index = 0;
        for (std::size_t begin = 0; begin < text.size(); ++line) {
            const void* nl = std::memchr(text.data() + begin, '\n', text.size() - begin);
            const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
            std::size_t first = begin;
            while (first < end && is_json_space(text[first])) ++first;
            if (first < end) {
                SourcePos pos;
                pos.line = line;
                pos.column = static_cast<std::uint32_t>(first - begin + 1);
                pos.event_index = ++index;
                events.add(parser.object(first, end), pos);
            }
            begin = end + 1;
        }
        events.commit(out);
        return finish(true);
    } catch (const Decline&) {
        return finish(false);
    } catch (const InputError&) {  // the builder's: the nlohmann path says it again, with its position
        return finish(false);
    }
}

bool fast_read_json_array(std::string_view text, ReadResult& out) {
    try {
        ItemParser parser(text);
        LineCounter lines(text);
        Events events;
        std::size_t pos = skip_json_space(text, 0);
        if (pos >= text.size() || text[pos] != '[') throw Decline{};
        pos = skip_json_space(text, pos + 1);
        std::uint64_t index = 0;
        if (pos < text.size() && text[pos] == ']') {
            pos = skip_json_space(text, pos + 1);
        } else {
            for (;;) {
                if (pos >= text.size() || text[pos] != '{') throw Decline{};
                const std::size_t end = object_end(text, pos);
                if (end == std::string_view::npos) throw Decline{};
                SourcePos at = lines.at(pos);
                at.event_index = ++index;
                events.add(parser.object(pos, end), at);
                pos = skip_json_space(text, end);
                if (pos < text.size() && text[pos] == ',') {
                    pos = skip_json_space(text, pos + 1);
                } else if (pos < text.size() && text[pos] == ']') {
                    pos = skip_json_space(text, pos + 1);
                    break;
                } else {
                    throw Decline{};
                }
            }
        }
        if (pos < text.size()) throw Decline{};
        events.commit(out);
        return finish(true);
    } catch (const Decline&) {
        return finish(false);
    } catch (const InputError&) {  // the builder's: the nlohmann path says it again, with its position
        return finish(false);
    }
}

FastPathCounts fast_path_counts() {
    return {fast_reads.load(std::memory_order_relaxed), fast_declines.load(std::memory_order_relaxed)};
}

}  // namespace lincheck::formats::detail
