// The batch table: one row per history (file, model, operations, verdict, time), a summary line, then
// each history that is not linearizable with its explanations, reason or error, in input order.
#include <algorithm>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/report_words.hpp"
#include "cli/safe_text.hpp"
#include "cli/writers/writers.hpp"

namespace lincheck::cli {

namespace {

std::string milliseconds(double ms) {
    char text[32];
    if (ms < 1000) std::snprintf(text, sizeof text, "%.1f ms", ms);
    else std::snprintf(text, sizeof text, "%.2f s", ms / 1000);
    return text;
}

// The display width of UTF-8 text (code points; the table's file names and models are plain text).
std::size_t width(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string padded(const std::string& text, std::size_t to, bool right = false) {
    const std::size_t w = width(text);
    if (w >= to) return text;
    return right ? std::string(to - w, ' ') + text : text + std::string(to - w, ' ');
}

void write_batch_text_raw(const BatchOutcome& batch, std::ostream& out) {
    const std::vector<std::string> header = {"FILE", "MODEL", "OPS", "VERDICT", "TIME"};
    std::vector<std::vector<std::string>> rows;
    for (const FileOutcome& file : batch.files) {
        // Each cell on one line, its width counted on what the terminal will show.
        rows.push_back({display_text(file.input, false), file.model.empty() ? "-" : display_text(file.model, false),
                        file.operations ? std::to_string(*file.operations) : "-", outcome_text(file.exit_code),
                        milliseconds(file.time_ms)});
    }
    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        widths[c] = width(header[c]);
        for (const auto& row : rows) widths[c] = std::max(widths[c], width(row[c]));
    }
    auto print = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const bool right = c == 2 || c == 4;
            line += padded(row[c], c + 1 == row.size() && !right ? 0 : widths[c], right);
            if (c + 1 < row.size()) line += "  ";
        }
        out << line << '\n';
    };
    print(header);
    for (const auto& row : rows) print(row);

    std::size_t counts[5] = {0, 0, 0, 0, 0};
    for (const FileOutcome& file : batch.files) ++counts[std::clamp(file.exit_code, 0, 4)];
    std::string summary;
    if (batch.shard) {
        summary += "shard " + std::to_string(batch.shard->index) + "/" + std::to_string(batch.shard->count) + ": " +
                   std::to_string(batch.files.size()) + " of " + std::to_string(batch.files_total) +
                   (batch.files_total == 1 ? " history" : " histories");
    } else {
        summary += std::to_string(batch.files.size()) + (batch.files.size() == 1 ? " history" : " histories");
    }
    std::string parts;
    for (const int code : {kLinearizable, kNotLinearizable, kUnknown, kBadInput, kBadUsage}) {
        if (counts[code] == 0) continue;
        parts += (parts.empty() ? ": " : ", ") + std::to_string(counts[code]) + " " + outcome_text(code);
    }
    out << '\n' << summary << parts << " (" << milliseconds(batch.elapsed_ms) << ")\n";

    for (const FileOutcome& file : batch.files) {
        if (file.exit_code == kLinearizable) continue;
        out << "\n== " << file.input << ": " << outcome_text(file.exit_code) << " ==\n";
        switch (file.exit_code) {
            case kNotLinearizable:
                for (std::size_t i = 0; i < file.explanations.size(); ++i) out << (i ? "\n" : "") << file.explanations[i];
                break;
            case kUnknown: out << file.reason << '\n'; break;
            default: out << file.error; break;
        }
    }
}

}  // namespace

// Written whole, then made safe for a terminal (safe_text.hpp).
void write_batch_text(const BatchOutcome& batch, std::ostream& out) {
    std::ostringstream text;
    write_batch_text_raw(batch, text);
    out << display_text(text.str());
}

}  // namespace lincheck::cli
