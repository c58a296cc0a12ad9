// --junit: JUnit XML, so that CI systems list each history as a test case. One <testsuite> (inside the
// usual <testsuites>); per history a <testcase> with classname = the model and name = the file. Not
// linearizable: <failure> with the explanation; bad input or usage: <error> with the message; unknown
// (a limit was reached): <skipped> with the reason. The run's options: the <testsuite>'s <properties>.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/batch.hpp"
#include "cli/exit_codes.hpp"
#include "cli/safe_text.hpp"

namespace lincheck::cli {

namespace {

// Text for XML 1.0 content or attributes: made safe for people first (safe_text.hpp: bytes that are not
// UTF-8 and the characters XML cannot hold become U+FFFD or control pictures), then the five special
// characters escaped.
std::string xml(const std::string& text) {
    const std::string shown = display_text(text);
    std::string out;
    out.reserve(shown.size());
    for (const char c : shown) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

// The run's options as <properties> (docs/report-schema.md): lincheck.version, then lincheck.<option>
// for each field of the JSON reports' `options` (null written as `none`).
void write_properties(const BatchOutcome& batch, std::ostream& out) {
    if (batch.version.empty() && batch.options.empty()) return;
    out << "    <properties>\n";
    const auto property = [&](const std::string& name, const std::string& value) {
        out << "      <property name=\"lincheck." << xml(name) << "\" value=\"" << xml(value) << "\"/>\n";
    };
    if (!batch.version.empty()) property("version", batch.version);
    if (!batch.options.empty()) {
        const auto options = nlohmann::ordered_json::parse(batch.options, nullptr, false);
        if (options.is_object()) {
            for (const auto& [name, value] : options.items()) {
                const std::string text = value.is_string() ? value.get<std::string>() : value.is_null() ? "none" : value.dump();
                property(name, json_text_bytes(text));
            }
        }
    }
    out << "    </properties>\n";
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
    write_properties(batch, out);
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
