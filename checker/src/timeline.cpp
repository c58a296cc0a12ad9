#include "lincheck/internal/timeline.hpp"

#include <algorithm>
#include <map>

namespace lincheck {

namespace {

// Counts display columns of UTF-8 text (each code point one column; enough for our labels).
std::size_t columns(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// The first `limit` columns of `s`, with "…" when cut.
std::string fit(const std::string& s, std::size_t limit) {
    if (columns(s) <= limit) return s;
    if (limit == 0) return "";
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80 && ++n == limit) break;
        out += s[i];
    }
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
    return out + "…";
}

bool label_fits_after(const std::vector<std::string>& cells, std::size_t at, std::size_t length) {
    if (at + length > cells.size()) return false;
    for (std::size_t c = at > 0 ? at - 1 : 0; c < at + length; ++c) {
        if (!cells[c].empty()) return false;
    }
    return true;
}

}  // namespace

std::string ascii_timeline(const Model& model, std::span<const Operation> ops, std::span<const std::size_t> shown,
                           std::size_t marked, Value::Notation notation, std::size_t width,
                           std::span<const std::string> labels) {
    if (shown.empty()) return "";
    // Instants that matter, in order; each gets a column.
    std::vector<std::uint64_t> ticks;
    for (std::size_t i : shown) {
        ticks.push_back(ops[i].call);
        if (ops[i].ret != kNever) ticks.push_back(ops[i].ret);
    }
    std::sort(ticks.begin(), ticks.end());
    ticks.erase(std::unique(ticks.begin(), ticks.end()), ticks.end());

    std::map<std::int64_t, std::vector<std::size_t>> rows;  // process -> ops, in call order
    for (std::size_t i : shown) rows[ops[i].process].push_back(i);
    std::size_t label_width = 0;
    for (const auto& [process, list] : rows) label_width = std::max(label_width, std::to_string(process).size() + 2);
    const std::size_t area = width > label_width + 12 ? width - label_width - 3 : 10;
    const std::size_t open_tail = 6;  // room after the last instant for open-ended bars
    const std::size_t span = area > open_tail ? area - open_tail : area;
    auto column = [&](std::uint64_t tick) {
        const auto rank = static_cast<std::size_t>(std::lower_bound(ticks.begin(), ticks.end(), tick) - ticks.begin());
        return ticks.size() <= 1 ? 0 : rank * (span - 1) / (ticks.size() - 1);
    };

    std::string out;
    for (const auto& [process, list] : rows) {
        std::vector<std::string> cells(area);  // multi-byte glyphs per column
        for (std::size_t i : list) {
            const Operation& op = ops[i];
            const std::size_t from = column(op.call);
            const std::size_t to = op.ret == kNever ? area - 1 : std::max(column(op.ret), from + 1);
            for (std::size_t c = from; c <= to && c < area; ++c) cells[c] = "─";
            cells[from] = "├";
            cells[std::min(to, area - 1)] = op.ret == kNever ? "…" : "┤";
            std::string label = i < labels.size() && !labels[i].empty() ? labels[i] : model.describe_op(op, notation);
            if (i == marked) label = "✗ " + label;
            const std::size_t room = to > from + 1 ? to - from - 1 : 0;
            std::size_t c = 0;
            if (columns(label) <= room) {
                c = from + 1 + (room - columns(label)) / 2;
            } else if (op.ret != kNever && label_fits_after(cells, to + 2, columns(label))) {
                c = to + 2;  // too long for its bar: written just after it
            } else if (from >= columns(label) + 2 && label_fits_after(cells, from - columns(label) - 1, columns(label))) {
                c = from - columns(label) - 1;  // or just before it
            } else {
                label = fit(label, room);
                c = from + 1 + (room - columns(label)) / 2;
            }
            for (std::size_t k = 0; k < label.size();) {
                const unsigned char b = static_cast<unsigned char>(label[k]);
                const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
                if (c < area) cells[c++] = label.substr(k, len);
                k += len;
            }
        }
        std::string line = "p" + std::to_string(process);
        line.resize(label_width, ' ');
        line += "│ ";
        for (std::size_t c = 0; c < area; ++c) line += cells[c].empty() ? " " : cells[c];
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

}  // namespace lincheck
