// Telling formats apart by content, never by file name:
//  - blank                                   → jsonl (an empty history)
//  - `;`, `(` or `#` first                   → edn (a comment, a Knossos list, a tagged op)
//  - `[` or `{` first, then at the first key or element an EDN keyword `:process`, a comment, a
//    tagged literal or a list                → edn
//  - otherwise `[` or `{` first              → JSON: records if the first object has `call` and no
//                                              `type`, else json (`[`) or jsonl (`{`)
//  - first line `<process>\t:<type>\t...`   → jepsen-txt (history.txt; process an integer, a keyword
//                                              such as :nemesis, nil or nothing)
//  - any Jepsen log op line (`... - <int> :invoke ...`, `...] jepsen.util: <int>\t:invoke ...`)
//                                            → jepsen-log (the first op line may follow other log lines)
#include "detect.hpp"

#include "jepsen_log_reader.hpp"
#include "jepsen_txt_reader.hpp"
#include "records_reader.hpp"
#include "text_position.hpp"

namespace lincheck::formats::detail {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The first character that is not blank and not an opening bracket, after `from`.
char first_inside(std::string_view text, std::size_t from) {
    for (std::size_t i = from; i < text.size(); ++i) {
        const char c = text[i];
        if (!is_blank(c) && c != ',' && c != '[' && c != '{') return c;
    }
    return '\0';
}

}  // namespace

Format detect_format(std::string_view text) {
    std::size_t first = 0;
    while (first < text.size() && is_blank(text[first])) ++first;
    if (first == text.size()) return Format::jsonl;
    const char c = text[first];
    if (c == ';' || c == '(' || c == '#') return Format::edn;
    if (c == '[' || c == '{') {
        const char inside = first_inside(text, first + 1);
        if (inside == ':' || inside == ';' || inside == '#' || inside == '(') return Format::edn;
        if (looks_like_records(text)) return Format::records;
        return c == '[' ? Format::json : Format::jsonl;
    }
    if (looks_like_jepsen_txt(text)) return Format::jepsen_txt;
    if (looks_like_jepsen_log(text)) return Format::jepsen_log;
    LineCounter lines(text);
    throw InputError(std::string("cannot tell the format: expected JSON (`[` or `{\"process\": ...`), EDN "
                                 "(`[{:process ...` or `{:process ...` per line), a Jepsen history.txt (`0<TAB>:invoke<TAB>:read<TAB>nil`) "
                                 "or a Jepsen log (`INFO  jepsen.util - 0 :invoke :read nil`), not `") +
                         c + "`",
                     lines.at(first));
}

}  // namespace lincheck::formats::detail
