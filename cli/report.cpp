#include "report.hpp"

#include <sstream>

#include "exit_codes.hpp"
#include "report_words.hpp"
#include "writers/writers.hpp"

namespace lincheck::cli {

bool Report::checked() const { return exit_code != kBadInput && exit_code != kBadUsage; }

std::string Report::unknown_reason() const {
    for (const auto& p : result.partitions) {
        if (p.result.verdict == Verdict::unknown && !p.result.unknown_reason.empty()) return p.result.unknown_reason;
    }
    return "";
}

int BatchOutcome::exit_code() const {
    int code = kLinearizable;
    for (const FileOutcome& file : files) code = worse(code, file.exit_code);
    return code;
}

FileOutcome outcome_of(const Report& report, bool with_report) {
    FileOutcome file;
    file.input = report.input_name();
    file.exit_code = report.exit_code;
    file.time_ms = report.timings.total_ms();
    file.error = report.error;
    if (report.model && report.checked()) {
        file.model = std::string(report.model->name());
        file.operations = report.total_ops;
        file.keys = report.total_partitions;
        if (report.exit_code == kUnknown) file.reason = report.unknown_reason();
        for (const ExplainedFailure& f : report.failures) file.explanations.push_back(f.text);
        std::ostringstream notes;
        if (report.settings.verbose) write_verbose(report, notes);
        if (report.read.dropped_truncated) notes << "note: the last event was cut off and has been left out (--allow-truncated)\n";
        for (const std::string& warning : report.read.warnings) notes << "warning: " << warning << '\n';
        file.notes = notes.str();
    }
    if (with_report) file.report = json_report_text(report);
    return file;
}

}  // namespace lincheck::cli
