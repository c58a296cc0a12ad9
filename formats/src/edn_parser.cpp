#include "edn_parser.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include "truncation.hpp"

namespace lincheck::formats::detail {

namespace {

bool is_whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ',';
}

bool is_delimiter(char c) {
    return is_whitespace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"' ||
           c == ';';
}

bool is_closer(char c) {
    return c == ')' || c == ']' || c == '}';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool starts_symbol(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (is_alpha(c) || u >= 0x80) return true;  // non-ASCII: part of a UTF-8 name
    for (char s : std::string_view("*+!-_?<>=./&%$|")) {
        if (c == s) return true;
    }
    return false;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Bytes in the UTF-8 sequence a lead byte starts (1 for ASCII and for stray bytes).
std::size_t utf8_length(char lead) {
    const auto u = static_cast<unsigned char>(lead);
    if (u >= 0xF0 && u < 0xF8) return 4;
    if (u >= 0xE0) return u < 0xF0 ? 3 : 1;
    if (u >= 0xC0) return 2;
    return 1;
}

std::string quoted(std::string_view token) {
    constexpr std::size_t kMax = 40;
    std::string out = "`";
    out.append(token.substr(0, kMax));
    if (token.size() > kMax) out.append("...");
    out.append("`");
    return out;
}

}  // namespace

EdnParser::EdnParser(std::string_view text, std::size_t begin, std::size_t end, LineCounter& lines,
                     std::string_view end_words)
    : text_(text), pos_(std::min(begin, text.size())), end_(std::min(end, text.size())), lines_(lines),
      end_words_(end_words) {}

std::string EdnParser::where(std::size_t offset) {
    const SourcePos p = lines_.at(offset);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
}

void EdnParser::fail(const std::string& reason, std::size_t offset) {
    throw InputError(reason, lines_.at(offset));
}

void EdnParser::fail_cut_off(const std::string& reason) {
    throw CutOffError(reason, lines_.at(end_));
}

void EdnParser::skip_ignorable(std::size_t depth) {
    while (!at_end()) {
        const char c = text_[pos_];
        if (is_whitespace(c)) {
            ++pos_;
        } else if (c == ';') {
            while (!at_end() && text_[pos_] != '\n') ++pos_;
        } else if (c == '#' && pos_ + 1 < end_ && text_[pos_ + 1] == '_') {
            pos_ += 2;
            read_value(depth + 1);  // discarded; depth + 1 bounds chains of `#_ #_ ...`
        } else {
            return;
        }
    }
}

Value EdnParser::read_value(std::size_t depth) {
    if (depth > kMaxEdnDepth) {
        fail("values nested deeper than " + std::to_string(kMaxEdnDepth) + " levels", pos_);
    }
    skip_ignorable(depth);
    if (at_end()) fail_cut_off("unexpected " + std::string(end_words_) + ": expected a value");
    const char c = text_[pos_];
    switch (c) {
        case '[': return Value::list(read_collection(pos_, ']', "vector", depth));
        case '(': return Value::list(read_collection(pos_, ')', "list", depth));
        case '{': return read_map(depth);
        case '"': return read_string();
        case '\\': return read_character();
        case ':': return read_keyword();
        case '#': return read_dispatch(depth);
        case ')':
        case ']':
        case '}': fail(std::string("unexpected `") + c + "` with nothing open to close", pos_);
        default: break;
    }
    if (is_digit(c) || ((c == '+' || c == '-') && pos_ + 1 < end_ && is_digit(text_[pos_ + 1]))) return read_number();
    return read_symbol();
}

std::string_view EdnParser::read_token() {
    const std::size_t start = pos_;
    while (!at_end() && !is_delimiter(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
}

// `opened_at` is the offset of the opening `[`, `(` or the `#` of `#{`; the reader stands on the
// bracket itself.
std::vector<Value> EdnParser::read_collection(std::size_t opened_at, char closer, std::string_view name,
                                              std::size_t depth) {
    ++pos_;
    std::vector<Value> items;
    for (;;) {
        skip_ignorable(depth + 1);
        if (at_end()) {
            fail_cut_off("unexpected " + std::string(end_words_) + ": expected `" + closer + "` to close " +
                         std::string(name) + " opened at " + where(opened_at));
        }
        const char c = text_[pos_];
        if (c == closer) {
            ++pos_;
            break;
        }
        if (is_closer(c)) {
            const std::string opened = where(opened_at);
            fail(std::string("expected `") + closer + "` to close " + std::string(name) + " opened at " + opened +
                     ", found `" + c + "`",
                 pos_);
        }
        items.push_back(read_value(depth + 1));
    }
    return items;
}

Value EdnParser::read_map(std::size_t depth) {
    const std::size_t opened_at = pos_++;
    std::vector<std::pair<Value, Value>> entries;
    auto fail_unclosed = [&](std::size_t at) {
        if (at >= end_) {
            fail_cut_off("unexpected " + std::string(end_words_) + ": expected `}` to close map opened at " +
                         where(opened_at));
        }
        const std::string opened = where(opened_at);
        fail("expected `}` to close map opened at " + opened + ", found `" + text_[at] + "`", at);
    };
    for (;;) {
        skip_ignorable(depth + 1);
        if (at_end()) fail_unclosed(pos_);
        if (text_[pos_] == '}') {
            ++pos_;
            break;
        }
        if (is_closer(text_[pos_])) fail_unclosed(pos_);
        const std::size_t key_at = pos_;
        Value key = read_value(depth + 1);
        skip_ignorable(depth + 1);
        if (at_end()) fail_unclosed(pos_);
        if (text_[pos_] == '}') {
            const std::string opened = where(opened_at);
            fail("the map opened at " + opened + " has a key with no value: " +
                     quoted(key.to_string(Value::Notation::edn)),
                 key_at);
        }
        if (is_closer(text_[pos_])) fail_unclosed(pos_);
        Value value = read_value(depth + 1);
        entries.emplace_back(std::move(key), std::move(value));
    }
    return Value::map(std::move(entries));
}

unsigned EdnParser::read_hex4(std::size_t escape_start) {
    unsigned unit = 0;
    for (int i = 0; i < 4; ++i) {
        if (at_end()) fail_cut_off("unexpected " + std::string(end_words_) + " inside a `\\u` escape");
        const int d = hex_digit(text_[pos_]);
        if (d < 0) fail("a `\\u` escape needs four hex digits", escape_start);
        unit = unit * 16 + static_cast<unsigned>(d);
        ++pos_;
    }
    return unit;
}

// After `\u`: one code unit, or a surrogate pair written as two escapes.
void EdnParser::append_code_point(std::string& out, std::size_t escape_start) {
    unsigned cp = read_hex4(escape_start);
    if (cp >= 0xDC00 && cp <= 0xDFFF) fail("a `\\u` escape is a lone low surrogate", escape_start);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (pos_ + 1 >= end_ || text_[pos_] != '\\' || text_[pos_ + 1] != 'u') {
            fail("a `\\u` high surrogate must be followed by a `\\u` low surrogate", escape_start);
        }
        const std::size_t low_start = pos_;
        pos_ += 2;
        const unsigned low = read_hex4(low_start);
        if (low < 0xDC00 || low > 0xDFFF) fail("a `\\u` high surrogate must be followed by a low surrogate", low_start);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
}

Value EdnParser::read_string() {
    const std::size_t opened_at = pos_++;
    std::string s;
    for (;;) {
        if (at_end()) fail_cut_off("unterminated string (opened at " + where(opened_at) + ")");
        const char c = text_[pos_];
        if (c == '"') {
            ++pos_;
            return Value::string(std::move(s));
        }
        if (c != '\\') {
            s += c;
            ++pos_;
            continue;
        }
        const std::size_t escape_start = pos_;
        if (pos_ + 1 >= end_) fail_cut_off("unterminated string (opened at " + where(opened_at) + ")");
        const char e = text_[pos_ + 1];
        pos_ += 2;
        switch (e) {
            case '"': s += '"'; break;
            case '\\': s += '\\'; break;
            case '/': s += '/'; break;
            case 'n': s += '\n'; break;
            case 't': s += '\t'; break;
            case 'r': s += '\r'; break;
            case 'b': s += '\b'; break;
            case 'f': s += '\f'; break;
            case 'u': append_code_point(s, escape_start); break;
            default: fail(std::string("unknown escape `\\") + e + "` in a string", escape_start);
        }
    }
}

Value EdnParser::read_character() {
    const std::size_t start = pos_++;
    if (at_end()) fail_cut_off("unexpected " + std::string(end_words_) + " after `\\`");
    if (is_whitespace(text_[pos_])) fail("a character literal needs a character after `\\`", start);
    // The first character is taken whatever it is (`\(` is a parenthesis), then the name runs on.
    const std::size_t first = pos_;
    const std::size_t first_length = std::min(utf8_length(text_[pos_]), end_ - pos_);
    pos_ += first_length;
    read_token();
    const std::string_view name = text_.substr(first, pos_ - first);
    if (name.size() == first_length) return Value::string(std::string(name));
    if (name == "newline") return Value::string("\n");
    if (name == "space") return Value::string(" ");
    if (name == "tab") return Value::string("\t");
    if (name == "return") return Value::string("\r");
    if (name == "formfeed") return Value::string("\f");
    if (name == "backspace") return Value::string("\b");
    if (name.size() == 5 && name[0] == 'u') {
        unsigned cp = 0;
        bool hex = true;
        for (char c : name.substr(1)) {
            const int d = hex_digit(c);
            hex = hex && d >= 0;
            cp = cp * 16 + static_cast<unsigned>(d < 0 ? 0 : d);
        }
        if (hex && (cp < 0xD800 || cp > 0xDFFF)) {
            std::string s;
            append_utf8(s, cp);
            return Value::string(std::move(s));
        }
    }
    fail("unknown character literal " + quoted("\\" + std::string(name)), start);
}

Value EdnParser::read_keyword() {
    const std::size_t start = pos_++;
    const std::string_view name = read_token();
    if (name.empty()) fail("a keyword needs a name after `:`", start);
    if (name.front() == ':') {
        fail("`::` keywords are Clojure's, not EDN: " + quoted(text_.substr(start, pos_ - start)), start);
    }
    return Value::keyword(std::string(name));
}

// Integers: [+-]digits, optionally N. Floats: [+-]digits[.digits][e[+-]digits], optionally M.
Value EdnParser::read_number() {
    const std::size_t start = pos_;
    const std::string_view token = read_token();
    auto invalid = [&]() { fail("invalid number " + quoted(token), start); };
    std::size_t i = 0;
    const bool negative = token[0] == '-';
    if (token[0] == '+' || token[0] == '-') ++i;
    const std::size_t digits_begin = i;
    while (i < token.size() && is_digit(token[i])) ++i;
    const std::size_t digits_end = i;
    if (digits_end == digits_begin) invalid();

    if (i == token.size() || (token[i] == 'N' && i + 1 == token.size())) {
        std::string digits(token.substr(digits_begin, digits_end - digits_begin));
        const std::string signed_digits = (negative ? "-" : "") + digits;
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(signed_digits.data(), signed_digits.data() + signed_digits.size(), n);
        if (ec == std::errc() && end == signed_digits.data() + signed_digits.size()) return Value::integer(n);
        if (ec != std::errc::result_out_of_range) invalid();
        digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
        return Value::big_integer((negative ? "-" : "") + digits);
    }

    bool fractional = false;
    if (token[i] == '.') {
        fractional = true;
        ++i;
        while (i < token.size() && is_digit(token[i])) ++i;
    }
    if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
        fractional = true;
        ++i;
        if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
        const std::size_t exponent_begin = i;
        while (i < token.size() && is_digit(token[i])) ++i;
        if (i == exponent_begin) invalid();
    }
    const std::size_t number_end = i;
    if (i < token.size() && token[i] == 'M') {
        fractional = true;
        ++i;
    }
    if (!fractional || i != token.size()) invalid();
    // from_chars takes no leading '+'.
    const std::size_t number_begin = negative ? 0 : digits_begin;
    const std::string_view number = token.substr(number_begin, number_end - number_begin);
    double d = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), d);
    if (ec == std::errc::result_out_of_range) fail("number " + quoted(token) + " is out of range", start);
    if (ec != std::errc() || end != number.data() + number.size()) invalid();
    return Value::floating(d);
}

Value EdnParser::read_symbol() {
    const std::size_t start = pos_;
    if (!starts_symbol(text_[pos_])) fail(std::string("unexpected `") + text_[pos_] + "`", start);
    const std::string_view name = read_token();
    if (name == "nil") return Value::nil();
    if (name == "true") return Value::boolean(true);
    if (name == "false") return Value::boolean(false);
    return Value::symbol(std::string(name));
}

Value EdnParser::read_dispatch(std::size_t depth) {
    const std::size_t start = pos_;
    if (pos_ + 1 >= end_) fail_cut_off("unexpected " + std::string(end_words_) + " after `#`");
    const char c = text_[pos_ + 1];
    if (c == '{') {
        ++pos_;
        return Value::set(read_collection(start, '}', "set", depth));
    }
    if (c == '#') {
        pos_ += 2;
        const std::string_view name = read_token();
        if (name == "Inf") return Value::floating(std::numeric_limits<double>::infinity());
        if (name == "-Inf") return Value::floating(-std::numeric_limits<double>::infinity());
        if (name == "NaN") return Value::floating(std::numeric_limits<double>::quiet_NaN());
        fail("unknown symbolic value " + quoted(text_.substr(start, pos_ - start)) +
                 " (expected ##Inf, ##-Inf or ##NaN)",
             start);
    }
    if (is_alpha(c)) {
        // A tagged literal: the tag is dropped, the value it tags is kept.
        ++pos_;
        read_token();
        return read_value(depth + 1);
    }
    fail(std::string("unsupported `#") + c + "` (EDN has `#{` sets, `#_` discards and `#tag` literals)", start);
}

}  // namespace lincheck::formats::detail
