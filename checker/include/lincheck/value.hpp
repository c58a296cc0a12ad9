#pragma once
// A history value: what an operation wrote, read or carried. Format-neutral — JSON and EDN both map
// onto it — and model-neutral. `nil` is the absence of a value ("never written", "nothing read"); it is
// never equal to 0, "", false or an empty collection.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lincheck {

class Value {
public:
    // Kinds order values of different kinds in `operator<=>` (used to canonicalise sets and maps).
    enum class Kind : std::uint8_t {
        nil,
        boolean,
        integer,      // fits in int64
        big_integer,  // decimal digits, optional leading '-'; only when it does not fit in int64
        floating,
        string,
        keyword,      // EDN :name (stored without the colon)
        symbol,       // EDN bare symbol
        list,         // JSON array, EDN vector or list (Clojure compares them equal)
        set,          // elements sorted and unique
        map,          // entries sorted by key, keys unique; stored as key, value, key, value, ...
    };

    Value() = default;  // nil
    static Value nil() { return {}; }
    static Value boolean(bool b);
    static Value integer(std::int64_t i);
    static Value big_integer(std::string digits);
    static Value floating(double d);
    static Value string(std::string s);
    static Value keyword(std::string name);
    static Value symbol(std::string name);
    static Value list(std::vector<Value> items);
    static Value set(std::vector<Value> items);                          // sorts, drops duplicates
    static Value map(std::vector<std::pair<Value, Value>> entries);      // sorts; last duplicate wins

    Kind kind() const { return kind_; }
    bool is_nil() const { return kind_ == Kind::nil; }
    bool is_integer() const { return kind_ == Kind::integer; }
    bool is_list() const { return kind_ == Kind::list; }
    bool is_string() const { return kind_ == Kind::string; }

    bool as_boolean() const { return scalar_.integer != 0; }
    std::int64_t as_integer() const { return scalar_.integer; }
    double as_floating() const { return scalar_.floating; }
    // Text of a string, keyword, symbol or big integer.
    const std::string& text() const;
    // Elements of a list or set; for a map, keys and values alternating.
    std::span<const Value> items() const;
    std::size_t size() const { return kind_ == Kind::map ? items().size() / 2 : items().size(); }
    // Map lookup; nullptr when absent or not a map.
    const Value* find(const Value& key) const;

    friend bool operator==(const Value& a, const Value& b);
    friend std::strong_ordering operator<=>(const Value& a, const Value& b);
    std::size_t hash() const;

    // Notation for printing: JSON (null, "s", [..], {"k": v}) or EDN (nil, "s", :kw, [..], #{..}, {k v}).
    // This is the project's one Value→JSON encoder (the JSON Lines writer, the text reports; the JSON
    // report follows the same rules). In JSON, keywords and symbols become strings, sets lists, and a
    // map an object when is_json_object(), else a list of [key, value] pairs. Strings keep their bytes:
    // the reports make text that is not UTF-8 safe themselves (cli/safe_text.hpp).
    enum class Notation : std::uint8_t { json, edn };
    std::string to_string(Notation notation = Notation::json) const;
    void append_to(std::string& out, Notation notation) const;
    // A map that JSON writes as an object: every key a string or a keyword, no two with the same text.
    // Other maps are written as lists of [key, value] pairs, since JSON's keys are strings only: so no
    // key changes kind (1 into "1") and no two keys merge into one (the readers keep the last).
    bool is_json_object() const;

private:
    // Text and elements live in an immutable payload shared between copies: a Value is 32 bytes and
    // copying one never copies a string or a collection.
    struct Payload;
    Kind kind_ = Kind::nil;
    union Scalar {
        std::int64_t integer;  // integer, boolean
        double floating;
    } scalar_{0};
    std::shared_ptr<const Payload> payload_;
};

struct ValueHash {
    std::size_t operator()(const Value& v) const { return v.hash(); }
};

}  // namespace lincheck
