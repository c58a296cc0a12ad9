// EDN histories. The first form decides the layout: a vector or list holds the whole history
// (Knossos); a map (or a tagged map such as #jepsen.history.Op{...}) starts EDN Lines, one op per line.
#include "edn_reader.hpp"

#include "edn_parser.hpp"
#include "lines.hpp"
#include "op_map.hpp"
#include "text_position.hpp"
#include "truncation.hpp"

namespace lincheck::formats::detail {

namespace {

bool is_closer(char c) {
    return c == ')' || c == ']' || c == '}';
}

// `[op op ...]` or `(op op ...)`, with comments and discards anywhere around the ops.
void read_collection_history(EdnParser& p, LineCounter& lines, const ReadOptions& options, ReadResult& out) {
    EventBuilder build(kEdnOpMap, out);
    const std::size_t opened_at = p.offset();
    const char closer = p.peek() == '[' ? ']' : ')';
    const std::string name = closer == ']' ? "vector" : "list";
    p.advance();
    std::uint64_t index = 0;
    for (;;) {
        p.skip_ignorable(1);
        if (p.at_end()) {
            const std::string opened = p.where(opened_at);
            handle_unclosed_history(InputError("unexpected end of input: expected `" + std::string(1, closer) +
                                                   "` to close the " + name + " opened at " + opened,
                                               lines.at(p.offset())),
                                    options.allow_truncated, out);
            return;
        }
        const char c = p.peek();
        if (c == closer) {
            p.advance();
            break;
        }
        if (is_closer(c)) {
            const std::string opened = p.where(opened_at);
            p.fail("expected `" + std::string(1, closer) + "` to close the " + name + " opened at " + opened +
                       ", found `" + c + "`",
                   p.offset());
        }
        SourcePos at = lines.at(p.offset());
        at.event_index = ++index;
        Value op;
        try {
            op = p.read_value(1);
        } catch (const CutOffError& e) {
            handle_cut_off_last_event(e, options.allow_truncated, out);  // it ran to the end of the text
            return;
        }
        add_op_map(op, at, build);
    }
    p.skip_ignorable();
    if (!p.at_end()) {
        p.fail("unexpected text after the closing `" + std::string(1, closer) + "` of the history", p.offset());
    }
}

void read_edn_lines(std::string_view text, LineCounter& lines, const ReadOptions& options, ReadResult& out) {
    EventBuilder build(kEdnOpMap, out);
    std::uint64_t index = 0;
    for_each_line(text, [&](const LineSpan& line) {
        EdnParser p(text, line.begin, line.end, lines, "end of line");
        p.skip_ignorable();
        if (p.at_end()) return;
        SourcePos at = lines.at(p.offset());
        at.event_index = ++index;
        Value op;
        try {
            op = p.read_value();
        } catch (const CutOffError& e) {
            if (line.last) {
                handle_cut_off_last_event(e, options.allow_truncated, out);
                return;
            }
            throw InputError(std::string(e.what()) +
                                 " (EDN Lines hold one event per line; put multi-line events inside `[` `]`)",
                             e.pos());
        }
        add_op_map(op, at, build);
        p.skip_ignorable();
        if (!p.at_end()) {
            p.fail("unexpected text after the event on this line (EDN Lines hold one event per line)", p.offset());
        }
    });
}

}  // namespace

Value read_edn_value(std::string_view text) {
    LineCounter lines(text);
    EdnParser p(text, 0, text.size(), lines);
    Value v = p.read_value();
    p.skip_ignorable();
    if (!p.at_end()) p.fail("unexpected text after the value", p.offset());
    return v;
}

void read_edn(std::string_view text, const ReadOptions& options, ReadResult& out) {
    LineCounter lines(text);
    EdnParser p(text, 0, text.size(), lines);
    p.skip_ignorable();
    if (p.at_end()) return;  // only comments: an empty history
    if (p.peek() == '[' || p.peek() == '(') {
        read_collection_history(p, lines, options, out);
    } else {
        read_edn_lines(text, lines, options, out);
    }
}

}  // namespace lincheck::formats::detail
