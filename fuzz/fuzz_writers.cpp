// fuzz_writers: every report writer on one to three small histories whose values, `f` names, keys,
// `--initial`, file names and error messages are arbitrary bytes from the fuzz input (bytes that are not
// UTF-8, markup, control characters; common/hostile_sessions.hpp).
//
// Property, for every input:
//  - each history's exit code is 0–3, and the batch's and merge's too;
//  - the text report, -v, the error message and the batch table are UTF-8 without control characters
//    but tab and newline (no escape sequence reaches a terminal);
//  - the JSON report and the batch report parse, say the same exit code, and give the file name back
//    byte for byte (json_text_bytes);
//  - the JUnit XML is well-formed (expat), also after `lincheck merge` (run on a quarter of the inputs:
//    it goes through files);
//  - the HTML page is UTF-8 without control characters, has only lincheck's own <script> elements, and
//    its embedded data parses as JSON;
//  - no text for people (terminal, HTML) holds a bidirectional control.
// The checks (common/report_checks.hpp) use their own UTF-8 decoder and parsers that are not lincheck's.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/batch.hpp"
#include "cli/exit_codes.hpp"
#include "cli/safe_text.hpp"
#include "cli/session.hpp"
#include "common/bytes.hpp"
#include "common/hostile_sessions.hpp"
#include "common/report_checks.hpp"
#include "common/require.hpp"
#include "lincheck/models.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

namespace {

using detail::count;
using detail::require;
using detail::require_json;
using detail::require_terminal_safe;
using detail::require_well_formed_xml;

// How many <script elements lincheck's own page has (measured once, on a plain history).
std::size_t own_script_elements() {
    static const std::size_t n = [] {
        cli::Report plain;
        plain.settings.input = "plain";
        cli::Prepared prepared;
        prepared.model = make_model("register");
        prepared.ops.emplace_back();
        const cli::Report s = cli::check_prepared(std::move(plain), std::move(prepared), {}, 1, nullptr);
        std::ostringstream page;
        cli::write_html_report(s, page);
        return count(page.str(), "<script");
    }();
    return n;
}

void check_html(const cli::Report& s) {
    std::ostringstream out;
    cli::write_html_report(s, out);
    const std::string page = out.str();
    require_terminal_safe(page, "HTML report");
    require(count(page, "<script") == own_script_elements(), "HTML report: a <script element from the input");
    require(page.find("<!--") == std::string::npos, "HTML report: a comment opener from the input");
    const std::string_view open = "id=\"data\">";
    const std::size_t begin = page.find(open);
    require(begin != std::string::npos, "HTML report: no embedded data");
    const std::size_t end = page.find("</script>", begin);
    require(end != std::string::npos, "HTML report: the data is not closed");
    (void)require_json(std::string_view(page).substr(begin + open.size(), end - begin - open.size()),
                       "HTML report's data");
}

void check_session(const cli::Report& s) {
    if (s.exit_code < 0 || s.exit_code > 3) throw Bug("exit code " + std::to_string(s.exit_code));
    const bool checked = s.exit_code != cli::kBadInput;
    std::ostringstream text;
    if (checked) {
        cli::write_text_report(s, text);
        cli::write_verbose(s, text);
    } else {
        text << cli::display_text(s.error);
    }
    require_terminal_safe(text.str(), "text report");

    std::ostringstream json;
    cli::write_json_report(s, json);
    const detail::JsonFields report = require_json(json.str(), "JSON report");
    require(report.exit_code == s.exit_code, "JSON report: another exit code");
    require(report.input && cli::json_text_bytes(*report.input) == s.input_name(),
            "JSON report: the file name does not come back byte for byte");
    require(report.options_object, "JSON report: no options");
    if (checked) check_html(s);
}

std::string slurp(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// `lincheck merge` on the batch report, through files as the command runs it.
void check_merge(const std::string& batch_json) {
    static const std::filesystem::path dir = [] {
        char name[] = "/tmp/lincheck-fuzz-writers-XXXXXX";
        const char* made = mkdtemp(name);
        if (made == nullptr) throw std::runtime_error("mkdtemp failed");
        return std::filesystem::path(made);
    }();
    const std::string in = (dir / "batch.json").string(), out = (dir / "merged.json").string(),
                      xml = (dir / "merged.xml").string();
    std::ofstream(in, std::ios::binary) << batch_json;
    std::filesystem::remove(out);
    std::filesystem::remove(xml);
    std::vector<std::string> args = {"merge", "-q", "--json", out, "--junit", xml, in};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    const int code = cli::run_merge(static_cast<int>(argv.size()), argv.data());
    if (code < 0 || code > 3) throw Bug("merge: exit code " + std::to_string(code));
    if (!std::filesystem::exists(out)) {  // merge refused the report (e.g. a history twice): said on stderr
        if (code != cli::kBadInput) throw Bug("merge wrote nothing, yet exits " + std::to_string(code));
        return;
    }
    require(require_json(slurp(out), "merged JSON report").exit_code == code, "merged JSON report: another exit code");
    require_well_formed_xml(slurp(xml), "merged JUnit report");
}

}  // namespace

void fuzz_writers(std::string_view data) {
    detail::Bytes b(data);
    const unsigned flags = b.next();
    std::vector<cli::Report> sessions;
    sessions.push_back(detail::history_session(b));
    if (flags & 1) {
        if (auto s = detail::reader_error_session(b, data.substr(data.size() / 2))) sessions.push_back(std::move(*s));
    }
    if (flags & 2) sessions.push_back(detail::history_session(b));
    for (const cli::Report& s : sessions) check_session(s);

    cli::BatchOutcome batch;
    for (const cli::Report& s : sessions) batch.files.push_back(cli::outcome_of(s, true));
    batch.files_total = batch.files.size();
    batch.options = cli::options_json_text(sessions.front().settings);
    batch.version = LINCHECK_VERSION;
    require(batch.exit_code() >= 0 && batch.exit_code() <= 3, "batch exit code");
    std::ostringstream table, json, junit;
    cli::write_batch_text(batch, table);
    require_terminal_safe(table.str(), "batch table");
    cli::write_batch_json(batch, json);
    require(require_json(json.str(), "batch JSON report").exit_code == batch.exit_code(),
            "batch JSON report: another exit code");
    cli::write_junit_report(batch, junit);
    require_well_formed_xml(junit.str(), "JUnit report");
    if ((flags & 12) == 12) check_merge(json.str());  // a quarter of the inputs: it goes through files
}

}  // namespace lincheck::fuzz
