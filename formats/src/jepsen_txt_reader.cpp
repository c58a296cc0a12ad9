// Jepsen's history.txt. Every Jepsen version since 2014 writes the same layout (jepsen.util/op->str,
// later prn-op): the process, the type, the f and the value separated by tabs; since 2015 a tab and the
// op's :error (printed as plain text, not EDN) may follow the value.
#include "jepsen_txt_reader.hpp"

#include <optional>

#include "edn_parser.hpp"
#include "event_builder.hpp"
#include "lines.hpp"
#include "text_position.hpp"
#include "text_span.hpp"
#include "truncation.hpp"

namespace lincheck::formats::detail {

namespace {

using Span = TextSpan;

// The first three tab-separated fields of a line (process, type, f) and where the value begins.
struct OpFields {
    Span process;
    Span type;
    Span f;
    std::size_t value_begin = 0;  // after the third tab; == line end when there is no value
    bool has_value_field = false;
};

// Cuts the field starting at `pos` at the next tab (or the line's end, trailing '\r' excluded).
Span next_tab_field(std::string_view text, std::size_t& pos, std::size_t end) {
    Span s;
    s.begin = pos;
    while (pos < end && text[pos] != '\t') ++pos;
    s.end = pos;
    if (s.end > s.begin && text[s.end - 1] == '\r') --s.end;
    return s;
}

std::size_t content_end(std::string_view text, const LineSpan& line) {
    std::size_t end = line.end;
    if (end > line.begin && text[end - 1] == '\r') --end;
    return end;
}

// A process as Jepsen prints it: an integer (a client), or a keyword, `nil`, nothing or a plain name.
bool is_process_word(std::string_view p) {
    if (p.empty() || p == "nil") return true;
    std::size_t i = 0;
    if (p.front() == ':' || p.front() == '-' || p.front() == '+') i = 1;
    if (i == p.size()) return false;
    for (; i < p.size(); ++i) {
        const char c = p[i];
        const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_' || c == '.' || c == '/' || c == '*' || c == '?' || c == '!';
        if (!word) return false;
    }
    return true;
}

std::optional<std::int64_t> client_of(std::string_view p) {
    if (!p.empty() && p.front() == '+') p.remove_prefix(1);
    return whole_integer(p);
}

// The line's fields when it has the shape of an op line: a process, a tab, a `:type` keyword, a tab.
std::optional<OpFields> split_op_line(std::string_view text, const LineSpan& line) {
    const std::size_t end = content_end(text, line);
    std::size_t pos = line.begin;
    OpFields op;
    op.process = next_tab_field(text, pos, end);
    if (pos >= end) return std::nullopt;
    ++pos;
    op.type = next_tab_field(text, pos, end);
    const std::string_view type = text_of(text, op.type);
    if (type.size() < 2 || type.front() != ':' || !is_process_word(text_of(text, op.process))) return std::nullopt;
    for (const char c : type.substr(1)) {
        if (c == ' ' || c == ':') return std::nullopt;
    }
    if (pos < end) ++pos;
    op.f = next_tab_field(text, pos, end);
    op.has_value_field = pos < end;
    op.value_begin = op.has_value_field ? pos + 1 : end;
    return op;
}

// Walks a client op line for the builder. Returns whether free text (an error) follows the value.
bool read_op_line(std::string_view text, const LineSpan& line, const OpFields& op, std::int64_t process,
                  std::uint64_t index, LineCounter& lines, EventBuilder& build) {
    SourcePos at = lines.at(op.process.begin);  // first: the counter only moves forward
    at.event_index = index;
    build.start(at);
    build.process(process);
    build.type(text_of(text, op.type), lines.at(op.type.begin));
    const std::size_t end = content_end(text, line);
    {
        EdnParser p(text, op.f.begin, op.f.end, lines, "end of the f field");
        p.skip_ignorable();
        if (p.at_end()) build.no_f(lines.at(op.f.begin));
        const Value f = p.read_value();
        if (f.kind() != Value::Kind::keyword && f.kind() != Value::Kind::symbol && f.kind() != Value::Kind::string) {
            build.f_not_name(lines.at(op.f.begin));
        }
        p.skip_ignorable();
        if (!p.at_end()) p.fail("unexpected text after the f (fields are separated by tabs)", p.offset());
        build.f(f.text());
    }
    bool free_text = false;
    if (op.has_value_field) {
        EdnParser p(text, op.value_begin, end, lines, "end of line");
        build.value(p.read_value());
        while (!p.at_end() && p.peek() == ' ') p.advance();
        if (!p.at_end()) {
            if (p.peek() != '\t') p.fail("unexpected text after the value (an error would follow a tab)", p.offset());
            free_text = true;
        }
    }
    build.finish();
    return free_text;
}

}  // namespace

void read_jepsen_txt(std::string_view text, const ReadOptions& options, ReadResult& out) {
    LineCounter lines(text);
    EventBuilder build(kLogLine, out);
    std::uint64_t index = 0;
    bool may_continue = false;  // the line before ended in free text: this one may go on with it
    for_each_line(text, [&](const LineSpan& line) {
        const std::size_t end = content_end(text, line);
        std::size_t first = line.begin;
        while (first < end && is_blank_char(text[first])) ++first;
        if (first == end) return;
        const auto op = split_op_line(text, line);
        if (!op) {
            if (may_continue) return;
            throw InputError("not a history.txt op line (expected `process<TAB>:type<TAB>:f<TAB>value`, e.g. "
                             "`3\t:ok\t:read\t[4 2]`)",
                             lines.at(first));
        }
        ++index;
        const auto client = client_of(text_of(text, op->process));
        if (!client) {
            build.non_client();  // e.g. :nemesis; its value is not read, and may span lines
            may_continue = true;
            return;
        }
        try {
            may_continue = read_op_line(text, line, *op, *client, index, lines, build);
        } catch (const InputError& e) {
            // A last line that stops early (no newline, or inside a value) is a crashed writer's.
            const bool cut_off = !line.terminated || dynamic_cast<const CutOffError*>(&e) != nullptr;
            if (!line.last || !cut_off) throw;
            handle_cut_off_last_event(e, options.allow_truncated, out);
        }
    });
}

bool is_jepsen_txt_op_line(std::string_view line) {
    LineSpan span;
    span.end = line.size();
    std::size_t first = 0;
    while (first < line.size() && is_blank_char(line[first])) ++first;
    return first < line.size() && split_op_line(line, span).has_value();
}

bool looks_like_jepsen_txt(std::string_view text) {
    std::optional<bool> found;
    for_each_line(text, [&](const LineSpan& line) {
        if (found) return;
        const std::size_t end = content_end(text, line);
        std::size_t first = line.begin;
        while (first < end && is_blank_char(text[first])) ++first;
        if (first == end) return;
        const auto op = split_op_line(text, line);
        found = op && event_type_from_word(text_of(text, op->type)).has_value();
    });
    return found.value_or(false);
}

}  // namespace lincheck::formats::detail
