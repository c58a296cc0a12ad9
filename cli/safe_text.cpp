#include "safe_text.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <utility>

namespace lincheck::cli {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::uint32_t decode(std::string_view text, std::size_t i, std::size_t n) {
    const auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(text[k])); };
    if (n == 1) return byte(i);
    std::uint32_t code = byte(i) & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < n; ++k) code = (code << 6) | (byte(i + k) & 0x3Fu);
    return code;
}

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// The code points beyond ASCII that display_text shows as U+FFFD: the C1 controls, the noncharacters
// U+FFFE and U+FFFF, and the bidirectional controls, which make a terminal or a browser show text in
// another order than it is (ALM, LRM, RLM, U+202A–202E, U+2066–2069), and the line and paragraph
// separators U+2028, U+2029, which break a line where the report has none.
bool hidden(std::uint32_t code) {
    return code <= 0x9F || code == 0xFFFE || code == 0xFFFF || code == 0x200E || code == 0x200F || code == 0x061C ||
           (code >= 0x2028 && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069);
}

// Whether display_text would change `text` (the common case is no: then no copy is made).
bool needs_display_change(std::string_view text, bool keep_lines) {
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7F) {
            ++i;
            continue;
        }
        if (byte < 0x80) {
            if (!(keep_lines && (byte == '\t' || byte == '\n'))) return true;
            ++i;
            continue;
        }
        const std::size_t n = utf8_sequence_length(text, i);
        if (n == 0) return true;
        const std::uint32_t code = decode(text, i, n);
        if (hidden(code)) return true;
        i += n;
    }
    return false;
}

bool needs_json_change(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = utf8_sequence_length(text, i);
        if (n == 0 || text.substr(i, n) == kReplacement) return true;
        i += n;
    }
    return false;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

template <class Rule>
void apply_to_strings(nlohmann::ordered_json& j, Rule rule) {
    if (j.is_string()) {
        std::string& s = j.get_ref<std::string&>();
        if (std::string changed = rule(s); changed != s) s = std::move(changed);
    } else if (j.is_array()) {
        for (auto& item : j) apply_to_strings(item, rule);
    } else if (j.is_object()) {
        bool keys_change = false;
        for (auto& [key, value] : j.items()) {
            apply_to_strings(value, rule);
            keys_change = keys_change || rule(key) != key;
        }
        if (keys_change) {
            nlohmann::ordered_json renamed = nlohmann::ordered_json::object();
            for (auto& [key, value] : j.items()) renamed[rule(key)] = std::move(value);
            j = std::move(renamed);
        }
    }
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t n = 0;
    if (lead >= 0xC2 && lead <= 0xDF) n = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) n = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) n = 4;
    else return 0;
    if (i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    const std::uint32_t code = decode(text, i, n);
    const bool overlong = (n == 3 && code < 0x800) || (n == 4 && code < 0x10000);
    const bool not_scalar = (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF;
    return overlong || not_scalar ? 0 : n;
}

std::string display_text(std::string_view text, bool keep_lines) {
    if (!needs_display_change(text, keep_lines)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            if ((byte >= 0x20 && byte < 0x7F) || (keep_lines && (byte == '\t' || byte == '\n'))) out += text[i];
            else append_utf8(out, byte == 0x7F ? 0x2421 : 0x2400 + byte);  // the control pictures
            ++i;
            continue;
        }
        const std::size_t n = utf8_sequence_length(text, i);
        const std::uint32_t code = n == 0 ? 0 : decode(text, i, n);
        if (n == 0 || hidden(code)) out += kReplacement;
        else out.append(text, i, n);
        i += n == 0 ? 1 : n;
    }
    return out;
}

std::string json_text(std::string_view text) {
    if (!needs_json_change(text)) return std::string(text);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_sequence_length(text, i);
        if (n == 0) {
            const auto byte = static_cast<unsigned char>(text[i]);
            out += kReplacement;
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
            ++i;
            continue;
        }
        out.append(text, i, n);
        if (text.substr(i, n) == kReplacement) out += kReplacement;
        i += n;
    }
    return out;
}

std::string json_text_bytes(std::string_view text) {
    if (text.find(kReplacement) == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    const std::size_t r = kReplacement.size();
    for (std::size_t i = 0; i < text.size();) {
        if (text.substr(i, r) != kReplacement) {
            out += text[i++];
            continue;
        }
        if (text.substr(i + r, r) == kReplacement) {
            out += kReplacement;
            i += 2 * r;
            continue;
        }
        const int high = i + r + 1 < text.size() ? hex_digit(text[i + r]) : -1;
        const int low = high >= 0 ? hex_digit(text[i + r + 1]) : -1;
        if (low < 0) {  // not json_text's: kept
            out += kReplacement;
            i += r;
            continue;
        }
        out += static_cast<char>(high * 16 + low);
        i += r + 2;
    }
    return out;
}

void display_strings(nlohmann::ordered_json& document) {
    apply_to_strings(document, [](std::string_view s) { return display_text(s); });
}

void json_strings(nlohmann::ordered_json& document) { apply_to_strings(document, json_text); }

}  // namespace lincheck::cli
