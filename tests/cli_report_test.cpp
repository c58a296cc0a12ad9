// The Report value (cli/report.hpp) and the writers that read it, in process: a history is checked
// through the same phases as the binary (check_prepared), and every writer tells the same story.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/batch.hpp"
#include "cli/exit_codes.hpp"
#include "cli/report_schema.hpp"
#include "cli/session.hpp"
#include "lincheck/internal/deferred_free.hpp"
#include "support/history_builder.hpp"

namespace lincheck::cli {
namespace {

using lincheck::testing::H;
using lincheck::testing::I;
namespace field = schema::field;

// The report check_one would make of `h` read from a JSON Lines file named `input`.
Report report_of(const H& h, const std::string& model, const std::string& input = "mem.jsonl") {
    Report report;
    report.settings.input = input;
    report.settings.inputs = {input};
    report.read.format = formats::Format::jsonl;
    Prepared prepared;
    prepared.model = make_model(model);
    prepared.ops.push_back(pair_events(h.events(), {}, &report.read.pairing));
    prepared.failed.push_back(std::move(report.read.pairing.failed));
    report.read.pairing.failed.clear();
    return check_prepared(std::move(report), std::move(prepared), HistoryLimits{}, 1, nullptr);
}

// A read of a value never written.
H stale() { return H().invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(1, "read").ok(1, "read", I(2)); }

std::string text_of(const Report& report) {
    std::ostringstream out;
    ::testing::internal::CaptureStderr();  // notes go to stderr
    write_text_report(report, out);
    ::testing::internal::GetCapturedStderr();
    return out.str();
}

nlohmann::json json_of(const Report& report) {
    std::ostringstream out;
    write_json_report(report, out);
    return nlohmann::json::parse(out.str());
}

TEST(CliReport, AFailureIsOneValueEveryWriterReads) {
    const Report report = report_of(stale(), "register");
    EXPECT_EQ(report.exit_code, kNotLinearizable);
    EXPECT_TRUE(report.checked());
    ASSERT_EQ(report.failures.size(), 1u);
    const std::string& explanation = report.failures[0].text;
    EXPECT_FALSE(explanation.empty());

    const std::string text = text_of(report);
    EXPECT_EQ(text.rfind("NOT linearizable (2 operations, ", 0), 0u) << text;
    EXPECT_NE(text.find(explanation), std::string::npos);

    const auto json = json_of(report);
    EXPECT_EQ(json[field::schema], schema::kReport);
    EXPECT_EQ(json[field::verdict], outcome_name(kNotLinearizable));
    EXPECT_EQ(json[field::exit_code], kNotLinearizable);
    EXPECT_EQ(json[field::input], "mem.jsonl");
    EXPECT_EQ(json[field::format], "jsonl");
    EXPECT_EQ(json[field::counts][field::operations], 2);
    ASSERT_EQ(json[field::failures].size(), 1u);
    EXPECT_EQ(json[field::failures][0][field::explanation], explanation);
    EXPECT_EQ(json[field::failures][0][field::failing_op][field::f], "read");

    // The row of the batch table and JUnit, made from the same value.
    BatchOutcome batch;
    batch.files.push_back(outcome_of(report, true));
    batch.files_total = 1;
    EXPECT_EQ(batch.exit_code(), kNotLinearizable);
    EXPECT_EQ(batch.files[0].explanations, std::vector<std::string>{explanation});
    std::ostringstream table, junit, batch_json;
    write_batch_text(batch, table);
    EXPECT_NE(table.str().find("NOT linearizable"), std::string::npos) << table.str();
    write_junit_report(batch, junit);
    EXPECT_NE(junit.str().find("<failure type=\"not_linearizable\""), std::string::npos) << junit.str();
    write_batch_json(batch, batch_json);
    const auto batch_report = nlohmann::json::parse(batch_json.str());
    EXPECT_EQ(batch_report[field::schema], schema::kBatch);
    EXPECT_EQ(batch_report[field::files][0], json) << "the batch embeds the history's own report";

    std::ostringstream html;
    write_html_report(report, html);
    EXPECT_NE(html.str().find("<!DOCTYPE html>"), std::string::npos);
}

// The batch report splices the histories' compact reports into one indented document without parsing
// them again: the text must be exactly what parsing and dumping it (dump(2)) gives.
TEST(CliReport, BatchJsonIsTheIndentedFormOfItsHistoriesReports) {
    BatchOutcome batch;
    batch.files.push_back(outcome_of(report_of(stale(), "register"), true));
    batch.files.push_back(outcome_of(report_of(H().invoke(0, "write", I(1)).ok(0, "write", I(1)), "register", "ok.jsonl"), true));
    FileOutcome odd;  // strings that look like structure, escapes, empty containers, numbers of every kind
    odd.exit_code = kBadInput;
    odd.report = nlohmann::ordered_json{{"s", "a\\\",:{}[]\n\u001b\u00e9\u2028"}, {"e", nlohmann::ordered_json::object()},
                                        {"a", nlohmann::ordered_json::array()}, {"n", {1, -2, 0.5, 1e300, 18446744073709551615ull}},
                                        {"o", {{"", nullptr}, {"t", true}}}, {"k", "\\"}}.dump();
    batch.files.push_back(odd);
    batch.files.push_back(FileOutcome{});  // no report: null
    batch.files_total = 5;
    batch.shard = Shard{1, 2};
    for (const std::string& options : {std::string(), options_json_text(Settings{})}) {
        batch.options = options;
        std::ostringstream out;
        write_batch_json(batch, out);
        EXPECT_EQ(out.str(), nlohmann::ordered_json::parse(out.str()).dump(2) + "\n");
        EXPECT_EQ(nlohmann::ordered_json::parse(out.str())[field::files][2].dump(), odd.report);
    }
}

// --time-limit holds for the --html page too (issue 17): past the deadline, the page keeps the operations
// the failure names and leaves the others out (null), saying so; with time, every one.
TEST(CliReport, AnHtmlPageOutOfTimeKeepsTheFailingOperationsAndSaysItWasCut) {
    H h;
    for (int i = 0; i < 600; ++i) h.invoke(i % 5, "write", I(i)).ok(i % 5, "write", I(i));
    h.invoke(7, "read").ok(7, "read", I(100000));
    Report report = report_of(h, "register");
    ASSERT_EQ(report.exit_code, kNotLinearizable);
    const auto page = [&] { return nlohmann::json::parse(html_history_data(report, false))["keys"][0]; };
    const auto shown = [](const nlohmann::json& ops) {
        return std::count_if(ops.begin(), ops.end(), [](const nlohmann::json& op) { return !op.is_null(); });
    };
    const nlohmann::json whole = page();
    EXPECT_FALSE(whole.contains("cut"));
    EXPECT_EQ(shown(whole["ops"]), 601);

    report.deadline = std::chrono::steady_clock::now();  // already over
    const nlohmann::json cut = page();
    ASSERT_EQ(cut["ops"].size(), 601u);  // the numbering stays: path, window and hints still point right
    EXPECT_LT(shown(cut["ops"]), 601);
    EXPECT_EQ(cut["failing"], whole["failing"]);
    EXPECT_EQ(cut["ops"][cut["failing"].get<std::size_t>()], whole["ops"][whole["failing"].get<std::size_t>()]);
    for (const auto& i : cut["window"]) EXPECT_FALSE(cut["ops"][i.get<std::size_t>()].is_null()) << i;
    for (const auto& i : cut["hint_ops"]) EXPECT_FALSE(cut["ops"][i.get<std::size_t>()].is_null()) << i;
    EXPECT_NE(cut["cut"].get<std::string>().find("cut to end within --time-limit"), std::string::npos) << cut["cut"];
}

// Past the deadline check_prepared does not free the history it was given (3.6 * 10^5 operations took
// ~0.1 s after --time-limit on a loaded machine): it is left to release_search_memory() or the exit, as
// the search and reading leave theirs (deferred_free.hpp). Before it, it is freed as usual.
TEST(CliReport, PastTheDeadlineTheHistoryIsLeftForLater) {
    H h;
    for (int i = 0; i < 200; ++i) h.invoke(i % 5, "write", I(i)).ok(i % 5, "write", I(i));
    const auto run = [&](std::optional<std::chrono::steady_clock::time_point> deadline) {
        Report report;
        Prepared prepared;
        prepared.model = make_model("register");
        prepared.ops.push_back(pair_events(h.events()));
        HistoryLimits limits;
        limits.check.deadline = deadline;
        return check_prepared(std::move(report), std::move(prepared), limits, 1, nullptr);
    };
    release_search_memory();
    ASSERT_EQ(detail::deferred_bytes(), 0u);
    EXPECT_EQ(run(std::nullopt).exit_code, kLinearizable);
    EXPECT_EQ(detail::deferred_bytes(), 0u);
    EXPECT_EQ(run(std::chrono::steady_clock::now()).exit_code, kUnknown);  // before the check began
    EXPECT_GT(detail::deferred_bytes(), 0u);
    release_search_memory();
    EXPECT_EQ(detail::deferred_bytes(), 0u);
}

TEST(CliReport, ALinearizableHistoryHasNoFailures) {
    const Report report = report_of(H().invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(1, "read").ok(1, "read", I(1)),
                                    "register");
    EXPECT_EQ(report.exit_code, kLinearizable);
    EXPECT_TRUE(report.failures.empty());
    EXPECT_EQ(text_of(report).rfind("linearizable (2 operations, ", 0), 0u);
    const auto json = json_of(report);
    EXPECT_EQ(json[field::verdict], "linearizable");
    EXPECT_TRUE(json[field::failures].empty());
    EXPECT_TRUE(json[field::error].is_null());
}

TEST(CliReport, AStoppedCheckReportsItsErrorWithThePosition) {
    Report report;
    report.settings.input = "bad.jsonl";
    const Stopped why = input_error(report.input_name(), InputError("no `type`", SourcePos{3, 4, 2}));
    EXPECT_EQ(why.exit_code, kBadInput);
    EXPECT_EQ(why.text, "bad.jsonl:3:4: error: no `type`\n");
    report = stopped(std::move(report), why);
    EXPECT_FALSE(report.checked());
    const auto json = json_of(report);
    EXPECT_EQ(json[field::verdict], outcome_name(kBadInput));
    EXPECT_EQ(json[field::error][field::message], "no `type`");
    EXPECT_EQ(json[field::error][field::line], 3);
    EXPECT_EQ(json[field::error][field::column], 4);
    EXPECT_TRUE(json[field::model].is_null());
    EXPECT_TRUE(json[field::counts].is_null());
    const FileOutcome row = outcome_of(report, false);
    EXPECT_EQ(row.error, why.text);
    EXPECT_TRUE(row.model.empty());
}

TEST(CliReport, MergeRefusesShardsRunWithDifferentOptions) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("lincheck-cli-report-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::vector<std::string> paths;
    for (std::size_t k = 1; k <= 2; ++k) {
        Report report = report_of(stale(), "register", "two-keys.jsonl");
        report.settings.shard = Shard{k, 2};
        report.settings.initial = Value::integer(static_cast<std::int64_t>(k));  // --initial 1, then --initial 2
        paths.push_back((dir / ("k" + std::to_string(k) + ".json")).string());
        std::ofstream out(paths.back(), std::ios::binary);
        write_json_report(report, out);
    }
    std::vector<std::string> args = {"merge", "-q", paths[0], paths[1]};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    ::testing::internal::CaptureStderr();
    const int code = run_merge(static_cast<int>(argv.size()), argv.data());
    const std::string err = ::testing::internal::GetCapturedStderr();
    std::filesystem::remove_all(dir);
    EXPECT_EQ(code, kBadInput);
    EXPECT_NE(err.find("shards run with different options: --initial 1 in "), std::string::npos) << err;
}

}  // namespace
}  // namespace lincheck::cli
