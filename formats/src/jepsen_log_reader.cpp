#include "jepsen_log_reader.hpp"

#include <optional>

#include "edn_parser.hpp"
#include "event_builder.hpp"
#include "lines.hpp"
#include "text_position.hpp"
#include "text_span.hpp"
#include "truncation.hpp"

namespace lincheck::formats::detail {

namespace {

bool is_separator(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// One whitespace-separated field of a line.
using Field = TextSpan;

// The fields of an op line after the logger prefix. `value_begin` is where the value starts (it is
// EDN and may contain spaces, so it is not split).
struct OpLine {
    Field process;
    Field type;
    Field f;
    std::size_t value_begin = 0;
    std::optional<std::int64_t> client;  // the process, when it is an integer
};

std::size_t skip_separators(std::string_view text, std::size_t pos, std::size_t end) {
    while (pos < end && is_separator(text[pos])) ++pos;
    return pos;
}

Field next_field(std::string_view text, std::size_t& pos, std::size_t end) {
    Field field;
    field.begin = pos = skip_separators(text, pos, end);
    while (pos < end && !is_separator(text[pos])) ++pos;
    field.end = pos;
    return field;
}

bool is_keyword(std::string_view text, const Field& field) {
    return field.end - field.begin >= 2 && text[field.begin] == ':';
}

// The op fields from `pos`, if they are there: an integer or keyword process, then a keyword type.
std::optional<OpLine> split_op_at(std::string_view text, const LineSpan& line, std::size_t pos) {
    OpLine op;
    op.process = next_field(text, pos, line.end);
    op.type = next_field(text, pos, line.end);
    if (op.process.empty() || !is_keyword(text, op.type)) return std::nullopt;
    const std::string_view process = text.substr(op.process.begin, op.process.end - op.process.begin);
    if (process.front() != ':') {
        op.client = whole_integer(process);
        if (!op.client) return std::nullopt;
    }
    op.f = next_field(text, pos, line.end);
    op.value_begin = skip_separators(text, pos, line.end);
    return op;
}

// Splits a line if it is an op line. The op follows the logger's name, in one of the layouts Jepsen's
// logging has had:
//   `INFO  jepsen.util - 3	:invoke ...`                                   (` - `, then the op)
//   `INFO [2019-04-01 11:25:23,791] jepsen worker 3 - jepsen.util 3	:invoke ...`  (` - `, the logger, the op)
//   `2017-09-20 13:25:00,756{GMT}	INFO	[jepsen worker 1] jepsen.util: 1	:invoke ...`
//                                                       (`] `, the logger and `: `, then the op; since 2016)
std::optional<OpLine> split_op_line(std::string_view text, const LineSpan& line) {
    const std::string_view content = text.substr(line.begin, line.end - line.begin);
    // The 2016+ layout when the first `] ` is followed by a logger name ending in `:`; then only there
    // (a ` - ` later on the line is message text, e.g. an op's error).
    if (const std::size_t thread_end = content.find("] "); thread_end != std::string_view::npos) {
        std::size_t pos = line.begin + thread_end + 2;
        const Field logger = next_field(text, pos, line.end);
        if (logger.end - logger.begin >= 2 && text[logger.end - 1] == ':') return split_op_at(text, line, logger.end);
    }
    const std::size_t dash = content.find(" - ");
    if (dash == std::string_view::npos) return std::nullopt;
    std::size_t pos = line.begin + dash + 3;
    if (auto op = split_op_at(text, line, pos)) return op;
    const Field logger = next_field(text, pos, line.end);
    if (logger.empty()) return std::nullopt;
    return split_op_at(text, line, pos);
}

void read_op_line(std::string_view text, const LineSpan& line, const OpLine& op, std::uint64_t index,
                  LineCounter& lines, EventBuilder& build) {
    SourcePos at = lines.at(op.process.begin);
    at.event_index = index;
    build.start(at);
    if (!op.client) {
        build.non_client();  // e.g. :nemesis
        return;
    }
    build.process(*op.client);
    build.type(text_of(text, op.type), lines.at(op.type.begin));
    if (op.f.empty()) build.no_f(lines.at(op.f.begin));
    build.f(text_of(text, op.f));
    if (op.value_begin < line.end) {
        // Jepsen may log the op's error after the value: the value is the first EDN form, the rest is ignored.
        EdnParser p(text, op.value_begin, line.end, lines, "end of line");
        build.value(p.read_value());
    }
    build.finish();
}

}  // namespace

void read_jepsen_log(std::string_view text, const ReadOptions& options, ReadResult& out) {
    LineCounter lines(text);
    EventBuilder build(kLogLine, out);
    std::uint64_t index = 0;
    for_each_line(text, [&](const LineSpan& line) {
        const auto op = split_op_line(text, line);
        if (!op) return;
        try {
            read_op_line(text, line, *op, ++index, lines, build);
        } catch (const InputError& e) {
            // A last line that stops early (no newline, or inside a value) is a crashed writer's.
            const bool cut_off = !line.terminated || dynamic_cast<const CutOffError*>(&e) != nullptr;
            if (!line.last || !cut_off) throw;
            handle_cut_off_last_event(e, options.allow_truncated, out);
        }
    });
}

bool looks_like_jepsen_log(std::string_view text) {
    bool found = false;
    for_each_line(text, [&](const LineSpan& line) {
        if (found) return;
        const auto op = split_op_line(text, line);
        found = op && op->client && event_type_from_word(text_of(text, op->type)).has_value();
    });
    return found;
}

}  // namespace lincheck::formats::detail
