#pragma once
// Every report writer, each reading one Report (one history) or one BatchOutcome (the rows of many).
// Each writes whole text, already made safe for its reader (safe_text.hpp).
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/report.hpp"

namespace lincheck::cli {

// text_report.cpp: the verdict and explanations on `out` (-v's lines and the notes on stderr).
void write_text_report(const Report& report, std::ostream& out);
void write_verbose(const Report& report, std::ostream& out);  // what -v prints on stderr
// The notes and warnings that go with the verdict on stderr, one line each without `lincheck: `:
// keys that --independent auto inferred, and the read's warnings.
std::vector<std::string> verdict_notes(const Report& report);

// json_report.cpp: --json (docs/report-schema.md).
void write_json_report(const Report& report, std::ostream& out);
// The JSON report as one compact line, for embedding in a batch report.
std::string json_report_text(const Report& report);
// The report of a Jepsen run directory that holds no history: bad input, `message` its error.
std::string missing_history_report_text(const std::string& run, const std::string& message);
// The options a run was given, as the reports record them (a compact JSON object).
std::string options_json_text(const Settings& settings);
// A value as the JSON report writes it (compact, before its text is made safe): the shape of
// Value::to_string(Notation::json), but a big integer is a string (tests/value_json_test.cpp).
std::string value_json_text(const Value& value);
void write_batch_json(const BatchOutcome& batch, std::ostream& out);

// html_report.cpp: --html.
void write_html_report(const Report& report, std::ostream& out);
// One history's data for an HTML page (a JSON object); with `failures_only`, only its failing keys.
std::string html_history_data(const Report& report, bool failures_only);
// One page: a table of every history, linking to each failure and bad input, drawn below it.
void write_batch_html(const BatchOutcome& batch, std::ostream& out);

// batch_table.cpp: the table of many histories, then the failures' explanations.
void write_batch_text(const BatchOutcome& batch, std::ostream& out);
// junit_report.cpp: --junit.
void write_junit_report(const BatchOutcome& batch, std::ostream& out);

// Writes a report file at `path` with `write`; says so on stderr (as `program`) and returns false when
// the file cannot be written (the caller exits 4).
bool write_report_file(const std::string& path, const std::function<void(std::ostream&)>& write,
                       std::string_view program = "lincheck");

}  // namespace lincheck::cli
