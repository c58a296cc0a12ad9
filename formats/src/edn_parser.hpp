#pragma once
// EDN values as Values, by recursive descent with a depth bound. The grammar, one function each:
//
//   value   := nil | true | false | number | string | character | keyword | symbol
//            | vector `[..]` | list `(..)` | map `{..}` | set `#{..}` | `#tag value` | `##Inf` ..
//   ignored := whitespace | `,` | `; comment` | `#_ value`
//
// Vectors and lists both become Value::list; a tagged literal (`#inst "..."`, `#uuid "..."`,
// `#jepsen.history.Op{...}`) is read as its inner value; a character `\a` as a one-character string.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lincheck/value.hpp"
#include "text_position.hpp"

namespace lincheck::formats::detail {

inline constexpr std::size_t kMaxEdnDepth = 256;

class EdnParser {
public:
    // Parses text[begin, end). `lines` gives positions for messages; `end_words` names what `end` is
    // ("end of input", "end of line").
    EdnParser(std::string_view text, std::size_t begin, std::size_t end, LineCounter& lines,
              std::string_view end_words = "end of input");

    // Skips whitespace, commas, `;` comments and `#_` discarded values. `depth` is that of the values
    // a discard would read.
    void skip_ignorable(std::size_t depth = 0);
    bool at_end() const { return pos_ >= end_; }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }
    void advance() { if (!at_end()) ++pos_; }
    std::size_t offset() const { return pos_; }

    // Reads the value at the current position (skipping what is ignorable first). `depth` is the
    // number of collections around it. Throws InputError, or CutOffError when the text ends inside it.
    Value read_value(std::size_t depth = 0);

    [[noreturn]] void fail(const std::string& reason, std::size_t offset);
    // The text ended inside a value: a CutOffError at the end.
    [[noreturn]] void fail_cut_off(const std::string& reason);
    // "line:column" of an offset.
    std::string where(std::size_t offset);
    std::string_view end_words() const { return end_words_; }

private:
    std::vector<Value> read_collection(std::size_t opened_at, char closer, std::string_view name, std::size_t depth);
    Value read_map(std::size_t depth);
    Value read_string();
    Value read_character();
    Value read_keyword();
    Value read_number();
    Value read_symbol();
    Value read_dispatch(std::size_t depth);
    std::string_view read_token();  // up to the next delimiter
    unsigned read_hex4(std::size_t escape_start);
    void append_code_point(std::string& out, std::size_t escape_start);

    std::string_view text_;
    std::size_t pos_;
    std::size_t end_;
    LineCounter& lines_;
    std::string_view end_words_;
};

}  // namespace lincheck::formats::detail
