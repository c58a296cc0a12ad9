// --junit: JUnit XML, so that CI systems list each history as a test case. One <testsuite> (inside the
// usual <testsuites>); per history a <testcase> with classname = the model and name = the file. Not
// linearizable: <failure> with the explanation; bad input or usage: <error> with the message; unknown
// (a limit was reached): <skipped> with the reason.
#include <cstdint>
#include <cstdio>
#include <ostream>

#include "batch.hpp"
#include "exit_codes.hpp"

namespace lincheck::cli {

namespace {

// The length of the well-formed UTF-8 sequence at text[i] that XML 1.0 may hold (no surrogates, no
// U+FFFE or U+FFFF), or 0.
std::size_t utf8_length(const std::string& text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t n = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) n = 2, code = lead & 0x1Fu;
    else if (lead >= 0xE0 && lead <= 0xEF) n = 3, code = lead & 0x0Fu;
    else if (lead >= 0xF0 && lead <= 0xF4) n = 4, code = lead & 0x07u;
    else return 0;
    if (i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        code = (code << 6) | (byte(i + k) & 0x3Fu);
    }
    const bool overlong = (n == 3 && code < 0x800) || (n == 4 && code < 0x10000);
    const bool bad = (code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE || code == 0xFFFF || code > 0x10FFFF;
    return overlong || bad ? 0 : n;
}

// Text for XML 1.0 content or attributes: the five special characters escaped; what XML cannot hold
// (control characters other than tab and newline, bytes that are not UTF-8) replaced by U+FFFD.
std::string xml(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\t':
            case '\n': out += c; break;
            case '\r': out += "&#13;"; break;
            default: {
                const auto byte = static_cast<unsigned char>(c);
                if (byte >= 0x20 && byte < 0x80) {
                    out += c;
                } else if (const std::size_t n = byte >= 0x80 ? utf8_length(text, i) : 0; n != 0) {
                    out.append(text, i, n);
                    i += n - 1;
                } else {
                    out += "\xEF\xBF\xBD";
                }
            }
        }
    }
    return out;
}

std::string seconds(double ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", ms / 1000);
    return text;
}

// The first paragraph of `text`, on one line (the reports wrap their text at 100 columns).
std::string first_paragraph(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n') {
            out += text[i];
        } else if (i + 1 < text.size() && text[i + 1] != '\n') {
            out += ' ';
        } else {
            break;
        }
    }
    return out;
}

}  // namespace

void write_junit_report(const BatchOutcome& batch, std::ostream& out) {
    std::size_t failures = 0, errors = 0, skipped = 0;
    for (const FileOutcome& file : batch.files) {
        failures += file.exit_code == kNotLinearizable;
        errors += file.exit_code == kBadInput || file.exit_code == kBadUsage;
        skipped += file.exit_code == kUnknown;
    }
    std::string name = "lincheck";
    if (batch.shard) name += " shard " + std::to_string(batch.shard->index) + "/" + std::to_string(batch.shard->count);
    const std::string counts = " tests=\"" + std::to_string(batch.files.size()) + "\" failures=\"" +
                               std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" +
                               std::to_string(skipped) + "\" time=\"" + seconds(batch.elapsed_ms) + "\"";
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"" << xml(name) << "\"" << counts << ">\n";
    out << "  <testsuite name=\"" << xml(name) << "\"" << counts << ">\n";
    for (const FileOutcome& file : batch.files) {
        out << "    <testcase classname=\"" << xml(file.model.empty() ? "lincheck" : file.model) << "\" name=\""
            << xml(file.input) << "\" time=\"" << seconds(file.time_ms) << "\"";
        switch (file.exit_code) {
            case kLinearizable: out << "/>\n"; continue;
            case kNotLinearizable: {
                std::string text;
                for (std::size_t i = 0; i < file.explanations.size(); ++i) text += (i ? "\n" : "") + file.explanations[i];
                const std::string message = file.explanations.empty() ? "not linearizable" : first_paragraph(text);
                out << ">\n      <failure type=\"not_linearizable\" message=\"" << xml(message) << "\">" << xml(text)
                    << "</failure>\n";
                break;
            }
            case kUnknown: out << ">\n      <skipped message=\"unknown: " << xml(file.reason) << "\"/>\n"; break;
            default: {
                const std::string message = first_paragraph(file.error);
                out << ">\n      <error type=\"" << outcome_name(file.exit_code) << "\" message=\"" << xml(message)
                    << "\">" << xml(file.error) << "</error>\n";
                break;
            }
        }
        out << "    </testcase>\n";
    }
    out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace lincheck::cli
