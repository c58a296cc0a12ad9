#include "json_items.hpp"

#include <limits>

#include "json_space.hpp"
#include "lines.hpp"
#include "text_position.hpp"
#include "truncation.hpp"

namespace lincheck::formats::detail {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxDepth = 256;

std::string position_words(LineCounter& lines, std::size_t offset) {
    const SourcePos p = lines.at(offset);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
}

// The end of the JSON value starting at `begin`. Checks only structure (strings closed, brackets
// matched, depth bounded); nlohmann checks the rest. Running out of text inside a string or a bracket
// is a CutOffError.
std::size_t scan_value(std::string_view text, std::size_t begin, LineCounter& lines) {
    std::vector<std::size_t> open;  // offsets of unclosed [ and {
    std::size_t pos = begin;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '"') {
            const std::size_t start = pos++;
            while (pos < text.size() && text[pos] != '"') pos += text[pos] == '\\' ? 2 : 1;
            if (pos >= text.size()) {
                throw CutOffError("unterminated string (opened at " + position_words(lines, start) + ")",
                                  lines.at(start));
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
        } else if (open.empty() && (c == ',' || is_json_space(c))) {
            return pos;
        } else {
            ++pos;
        }
        if (open.empty() && (c == ']' || c == '}' || c == '"')) return pos;
    }
    if (!open.empty()) {
        const char opener = text[open.back()];
        const std::string opened_at = position_words(lines, open.back());
        throw CutOffError(std::string("unexpected end of input: expected `") + (opener == '[' ? ']' : '}') +
                              "` to close " + (opener == '[' ? "array" : "object") + " opened at " + opened_at,
                          lines.at(text.size()));
    }
    return std::min(pos, text.size());
}

std::string parse_error_reason(const json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while ..."
    std::string_view what = e.what();
    if (auto column = what.find("column "); column != std::string_view::npos) {
        if (auto colon = what.find(": ", column); colon != std::string_view::npos) what.remove_prefix(colon + 2);
    }
    return "invalid JSON: " + std::string(what);
}

// nlohmann's DOM builder, except that an integer too large for 64 bits keeps its digits — as a binary
// value, which JSON text cannot otherwise produce; json_to_value makes it a big integer — instead of
// becoming a double that may equal a different integer. Also notes where a number overflowed.
class ExactIntegers : public nlohmann::detail::json_sax_dom_parser<json> {
public:
    using json_sax_dom_parser::json_sax_dom_parser;

    bool number_float(json::number_float_t value, const json::string_t& token) {
        if (token.find_first_of(".eE") == std::string::npos) {
            json::binary_t digits(std::vector<std::uint8_t>(token.begin(), token.end()));
            return binary(digits);
        }
        return json_sax_dom_parser::number_float(value, token);
    }

    template <class Exception>
    bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
        error_position = position;
        error_token = token;
        return json_sax_dom_parser::parse_error(position, token, e);
    }

    // Where in `item` the token a parse error is about starts: it ends at (or just before, at the end
    // of the input) the position the parser gives.
    std::size_t error_token_start(std::string_view item) const {
        const std::size_t at = item.rfind(error_token, error_position);
        return at == std::string_view::npos ? 0 : at;
    }

private:
    std::size_t error_position = 0;
    std::string error_token;
};

json parse_item(std::string_view text, std::size_t begin, std::size_t end, const SourcePos& pos,
                LineCounter& lines) {
    json result;
    ExactIntegers dom(result);
    try {
        json::sax_parse(text.begin() + static_cast<std::ptrdiff_t>(begin),
                        text.begin() + static_cast<std::ptrdiff_t>(end), &dom);
        return result;
    } catch (const json::parse_error& e) {
        const std::size_t offset = begin + (e.byte > 0 ? e.byte - 1 : 0);
        SourcePos at = lines.at(std::min(offset, end));
        at.event_index = pos.event_index;
        throw InputError(parse_error_reason(e), at);
    } catch (const json::out_of_range&) {
        // A number beyond a double's range (1e400; an integer of more than 308 digits).
        SourcePos at = lines.at(begin + dom.error_token_start(text.substr(begin, end - begin)));
        at.event_index = pos.event_index;
        throw InputError("invalid JSON: number out of range (beyond a double's)", at);
    }
}

}  // namespace

Value json_to_value(const json& j) {
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
        case json::value_t::binary: {  // an integer beyond 64 bits, as parse_item keeps it: its digits
            const auto& digits = j.get_binary();
            return Value::big_integer(std::string(digits.begin(), digits.end()));
        }
        case json::value_t::string: return Value::string(j.get<std::string>());
        case json::value_t::array: {
            std::vector<Value> items;
            items.reserve(j.size());
            for (const auto& item : j) items.push_back(json_to_value(item));
            return Value::list(std::move(items));
        }
        case json::value_t::object: {
            std::vector<std::pair<Value, Value>> entries;
            entries.reserve(j.size());
            for (const auto& [k, v] : j.items()) entries.emplace_back(Value::string(k), json_to_value(v));
            return Value::map(std::move(entries));
        }
        default: return Value::nil();
    }
}

Value read_json_value(std::string_view text) {
    LineCounter lines(text);
    const std::size_t begin = skip_json_space(text, 0);
    const std::size_t end = scan_value(text, begin, lines);
    if (skip_json_space(text, end) < text.size()) {
        throw InputError("unexpected text after the value", lines.at(skip_json_space(text, end)));
    }
    return json_to_value(parse_item(text, begin, end, lines.at(begin), lines));
}

void for_each_json_array_item(std::string_view text, bool allow_truncated, ReadResult& out,
                              const JsonItemVisitor& visit) {
    LineCounter lines(text);
    std::size_t pos = skip_json_space(text, 0);
    if (pos >= text.size() || text[pos] != '[') {
        throw InputError("expected `[` to open a JSON array of events", lines.at(pos));
    }
    const std::size_t array_start = pos;
    pos = skip_json_space(text, pos + 1);
    std::uint64_t index = 0;
    if (pos < text.size() && text[pos] == ']') {
        pos = skip_json_space(text, pos + 1);
    } else {
        for (;;) {
            if (pos >= text.size()) {
                const std::string opened_at = position_words(lines, array_start);
                handle_unclosed_history(
                    InputError("unexpected end of input: expected `]` to close the array opened at " + opened_at,
                               lines.at(text.size())),
                    allow_truncated, out);
                return;
            }
            SourcePos at = lines.at(pos);
            at.event_index = ++index;
            std::size_t end = 0;
            try {
                end = scan_value(text, pos, lines);
            } catch (const CutOffError& e) {
                handle_cut_off_last_event(e, allow_truncated, out);  // it ran to the end of the text
                return;
            }
            visit(parse_item(text, pos, end, at, lines), at);
            pos = skip_json_space(text, end);
            if (pos < text.size() && text[pos] == ',') {
                pos = skip_json_space(text, pos + 1);
                continue;
            }
            if (pos < text.size() && text[pos] == ']') {
                pos = skip_json_space(text, pos + 1);
                break;
            }
            if (pos >= text.size()) continue;  // reported at the top of the loop
            throw InputError("expected `,` or `]` after event " + std::to_string(index), lines.at(pos));
        }
    }
    if (pos < text.size()) throw InputError("unexpected text after the closing `]` of the history", lines.at(pos));
}

void for_each_json_line(std::string_view text, bool allow_truncated, ReadResult& out, const JsonItemVisitor& visit) {
    LineCounter lines(text);
    std::uint64_t index = 0;
    for_each_line(text, [&](const LineSpan& line) {
        const std::string_view upto_end = text.substr(0, line.end);
        const std::size_t begin = skip_json_space(upto_end, line.begin);
        if (begin >= line.end) return;
        SourcePos at = lines.at(begin);
        at.event_index = ++index;
        std::size_t end = 0;
        try {
            end = scan_value(upto_end, begin, lines);
        } catch (const CutOffError& e) {
            if (!line.last) throw;
            handle_cut_off_last_event(e, allow_truncated, out);
            return;
        }
        visit(parse_item(text, begin, end, at, lines), at);
        const std::size_t rest = skip_json_space(upto_end, end);
        if (rest < line.end) {
            throw InputError("unexpected text after the event on this line (JSON Lines holds one event per line)",
                             lines.at(rest));
        }
    });
}

std::optional<json> first_json_item(std::string_view text) {
    LineCounter lines(text);
    std::size_t begin = skip_json_space(text, 0);
    if (begin < text.size() && text[begin] == '[') begin = skip_json_space(text, begin + 1);
    if (begin >= text.size() || text[begin] != '{') return std::nullopt;
    try {
        const std::size_t end = scan_value(text, begin, lines);
        return json::parse(text.substr(begin, end - begin));
    } catch (const std::exception&) {
        return std::nullopt;  // the reader will say what is wrong
    }
}

}  // namespace lincheck::formats::detail
