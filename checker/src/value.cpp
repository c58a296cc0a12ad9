#include "lincheck/value.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace lincheck {

struct Value::Payload {
    std::string text;
    std::vector<Value> items;
};

namespace {
const std::string kNoText;
}  // namespace

const std::string& Value::text() const {
    return payload_ ? payload_->text : kNoText;
}

std::span<const Value> Value::items() const {
    if (!payload_) return {};
    return payload_->items;
}

Value Value::boolean(bool b) {
    Value v;
    v.kind_ = Kind::boolean;
    v.scalar_.integer = b ? 1 : 0;
    return v;
}

Value Value::integer(std::int64_t i) {
    Value v;
    v.kind_ = Kind::integer;
    v.scalar_.integer = i;
    return v;
}

Value Value::big_integer(std::string digits) {
    Value v;
    v.kind_ = Kind::big_integer;
    v.payload_ = std::make_shared<const Payload>(Payload{std::move(digits), {}});
    return v;
}

Value Value::floating(double d) {
    Value v;
    v.kind_ = Kind::floating;
    v.scalar_.floating = d;
    return v;
}

Value Value::string(std::string s) {
    Value v;
    v.kind_ = Kind::string;
    v.payload_ = std::make_shared<const Payload>(Payload{std::move(s), {}});
    return v;
}

Value Value::keyword(std::string name) {
    Value v;
    v.kind_ = Kind::keyword;
    v.payload_ = std::make_shared<const Payload>(Payload{std::move(name), {}});
    return v;
}

Value Value::symbol(std::string name) {
    Value v;
    v.kind_ = Kind::symbol;
    v.payload_ = std::make_shared<const Payload>(Payload{std::move(name), {}});
    return v;
}

Value Value::list(std::vector<Value> items) {
    Value v;
    v.kind_ = Kind::list;
    if (!items.empty()) v.payload_ = std::make_shared<const Payload>(Payload{{}, std::move(items)});
    return v;
}

Value Value::set(std::vector<Value> items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    Value v;
    v.kind_ = Kind::set;
    if (!items.empty()) v.payload_ = std::make_shared<const Payload>(Payload{{}, std::move(items)});
    return v;
}

Value Value::map(std::vector<std::pair<Value, Value>> entries) {
    // Stable sort keeps file order among equal keys, so "last duplicate wins" is well defined. (Models
    // build their states' entries in order: then there is nothing to sort, nor a buffer to take.)
    const auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
    if (!std::is_sorted(entries.begin(), entries.end(), by_key)) std::stable_sort(entries.begin(), entries.end(), by_key);
    std::vector<Value> items;
    items.reserve(entries.size() * 2);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i + 1 < entries.size() && entries[i].first == entries[i + 1].first) continue;
        items.push_back(std::move(entries[i].first));
        items.push_back(std::move(entries[i].second));
    }
    Value v;
    v.kind_ = Kind::map;
    if (!items.empty()) v.payload_ = std::make_shared<const Payload>(Payload{{}, std::move(items)});
    return v;
}

const Value* Value::find(const Value& key) const {
    if (kind_ != Kind::map) return nullptr;
    const auto entries = items();
    std::size_t lo = 0, hi = entries.size() / 2;
    while (lo < hi) {
        std::size_t mid = (lo + hi) / 2;
        auto c = entries[2 * mid] <=> key;
        if (c == 0) return &entries[2 * mid + 1];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return nullptr;
}

// (a <=> b) == 0, without ordering anything: texts and collections of different sizes differ at once.
bool operator==(const Value& a, const Value& b) {
    if (a.kind_ != b.kind_) return false;
    if (a.payload_ == b.payload_ && a.payload_) return true;
    switch (a.kind_) {
        case Value::Kind::nil: return true;
        case Value::Kind::boolean:
        case Value::Kind::integer: return a.scalar_.integer == b.scalar_.integer;
        case Value::Kind::floating: return std::strong_order(a.scalar_.floating, b.scalar_.floating) == 0;
        case Value::Kind::big_integer:
        case Value::Kind::string:
        case Value::Kind::keyword:
        case Value::Kind::symbol: return a.text() == b.text();
        case Value::Kind::list:
        case Value::Kind::set:
        case Value::Kind::map: {
            const auto x = a.items();
            const auto y = b.items();
            return std::equal(x.begin(), x.end(), y.begin(), y.end());
        }
    }
    return true;
}

std::strong_ordering operator<=>(const Value& a, const Value& b) {
    if (a.kind_ != b.kind_) return a.kind_ <=> b.kind_;
    if (a.payload_ && a.payload_ == b.payload_) return std::strong_ordering::equal;
    switch (a.kind_) {
        case Value::Kind::nil: return std::strong_ordering::equal;
        case Value::Kind::boolean:
        case Value::Kind::integer: return a.scalar_.integer <=> b.scalar_.integer;
        case Value::Kind::floating: return std::strong_order(a.scalar_.floating, b.scalar_.floating);
        case Value::Kind::big_integer: {
            const std::string& x = a.text();
            const std::string& y = b.text();
            if (x.size() != y.size() && !x.empty() && !y.empty() && x[0] != '-' && y[0] != '-') return x.size() <=> y.size();
            return x <=> y;
        }
        case Value::Kind::string:
        case Value::Kind::keyword:
        case Value::Kind::symbol: return a.text() <=> b.text();
        case Value::Kind::list:
        case Value::Kind::set:
        case Value::Kind::map: {
            const auto x = a.items();
            const auto y = b.items();
            return std::lexicographical_compare_three_way(x.begin(), x.end(), y.begin(), y.end());
        }
    }
    return std::strong_ordering::equal;
}

namespace {
std::size_t mix(std::size_t h, std::size_t x) {
    h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}
}  // namespace

std::size_t Value::hash() const {
    std::size_t h = static_cast<std::size_t>(kind_) * 0x100000001b3ULL;
    switch (kind_) {
        case Kind::nil: break;
        case Kind::boolean:
        case Kind::integer: h = mix(h, std::hash<std::int64_t>{}(scalar_.integer)); break;
        case Kind::floating: h = mix(h, std::hash<double>{}(scalar_.floating)); break;
        case Kind::big_integer:
        case Kind::string:
        case Kind::keyword:
        case Kind::symbol: h = mix(h, std::hash<std::string>{}(text())); break;
        case Kind::list:
        case Kind::set:
        case Kind::map:
            for (const auto& item : items()) h = mix(h, item.hash());
            break;
    }
    return h;
}

namespace {
void append_quoted(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}
}  // namespace

void Value::append_to(std::string& out, Notation notation) const {
    const bool edn = notation == Notation::edn;
    switch (kind_) {
        case Kind::nil: out += edn ? "nil" : "null"; break;
        case Kind::boolean: out += scalar_.integer ? "true" : "false"; break;
        case Kind::integer: out += std::to_string(scalar_.integer); break;
        case Kind::big_integer: out += text(); if (edn) out += 'N'; break;
        case Kind::floating: {
            char buf[32];
            auto [end, ec] = std::to_chars(buf, buf + sizeof buf, scalar_.floating);
            std::string_view text(buf, ec == std::errc{} ? static_cast<std::size_t>(end - buf) : 0);
            out += text;
            if (std::isfinite(scalar_.floating) && text.find_first_of(".e") == std::string_view::npos) out += ".0";
            break;
        }
        case Kind::string: append_quoted(out, text()); break;
        case Kind::keyword:
            if (edn) {
                out += ':';
                out += text();
            } else {
                append_quoted(out, text());
            }
            break;
        case Kind::symbol: edn ? void(out += text()) : append_quoted(out, text()); break;
        case Kind::list:
        case Kind::set: {
            const auto elements = items();
            out += (kind_ == Kind::set && edn) ? "#{" : "[";
            for (std::size_t i = 0; i < elements.size(); ++i) {
                if (i) out += edn ? " " : ", ";
                elements[i].append_to(out, notation);
            }
            out += (kind_ == Kind::set && edn) ? "}" : "]";
            break;
        }
        case Kind::map: {
            const auto entries = items();
            if (!edn && !is_json_object()) {  // [[key, value], ...]
                out += '[';
                for (std::size_t i = 0; i + 1 < entries.size(); i += 2) {
                    if (i) out += ", ";
                    out += '[';
                    entries[i].append_to(out, notation);
                    out += ", ";
                    entries[i + 1].append_to(out, notation);
                    out += ']';
                }
                out += ']';
                break;
            }
            out += '{';
            for (std::size_t i = 0; i + 1 < entries.size(); i += 2) {
                if (i) out += ", ";
                entries[i].append_to(out, notation);  // in JSON, a string or a keyword: a quoted string
                out += edn ? " " : ": ";
                entries[i + 1].append_to(out, notation);
            }
            out += '}';
            break;
        }
    }
}

bool Value::is_json_object() const {
    if (kind_ != Kind::map) return false;
    const auto entries = items();
    std::vector<std::string_view> keys;
    keys.reserve(entries.size() / 2);
    for (std::size_t i = 0; i + 1 < entries.size(); i += 2) {
        if (entries[i].kind_ != Kind::string && entries[i].kind_ != Kind::keyword) return false;
        keys.push_back(entries[i].text());
    }
    std::sort(keys.begin(), keys.end());
    return std::adjacent_find(keys.begin(), keys.end()) == keys.end();  // "a" and :a would merge
}

std::string Value::to_string(Notation notation) const {
    std::string out;
    append_to(out, notation);
    return out;
}

}  // namespace lincheck
