// The --json report, written by the real binary, checked field by field against docs/report-schema.md.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json report_for(const std::string& args, int expected_exit) {
    const fs::path out = fs::temp_directory_path() / ("lincheck-report-" + std::to_string(::getpid()) + ".json");
    const std::string command = std::string(LINCHECK_BINARY) + " -q --json " + out.string() + " " + args;
    const int status = std::system(command.c_str());
    EXPECT_TRUE(WIFEXITED(status)) << command;
    EXPECT_EQ(WEXITSTATUS(status), expected_exit) << command;
    std::ifstream in(out);
    json report = json::parse(in);
    fs::remove(out);
    return report;
}

std::string sample(const std::string& name) {
    return std::string(LINCHECK_SOURCE_DIR) + "/samples/" + name;
}

void expect_position(const json& p) {
    if (p.is_null()) return;
    ASSERT_TRUE(p.is_object());
    if (p.contains("line")) {
        EXPECT_TRUE(p["line"].is_number_unsigned());
        EXPECT_TRUE(p["column"].is_number_unsigned());
    }
    if (p.contains("event")) {
        EXPECT_TRUE(p["event"].is_number_unsigned());
    }
}

void expect_operation(const json& op) {
    ASSERT_TRUE(op.is_object()) << op;
    EXPECT_TRUE(op["process"].is_number_integer());
    EXPECT_TRUE(op["f"].is_string());
    EXPECT_TRUE(op.contains("value"));
    EXPECT_TRUE(op.contains("key"));
    EXPECT_TRUE(op["outcome"] == "ok" || op["outcome"] == "info" || op["outcome"] == "pending") << op;
    expect_position(op["invoke"]);
    expect_position(op["complete"]);
    EXPECT_TRUE(op["invoke_time"].is_null() || op["invoke_time"].is_number()) << op;
    EXPECT_TRUE(op["complete_time"].is_null() || op["complete_time"].is_number()) << op;
    EXPECT_TRUE(op["text"].is_string());
}

void expect_common(const json& r, const std::string& verdict, int exit_code) {
    EXPECT_EQ(r["schema"], "lincheck-report/1");
    EXPECT_TRUE(r["version"].is_string());
    EXPECT_TRUE(r["input"].is_string());
    EXPECT_TRUE(r["format"].is_string());
    EXPECT_TRUE(r["model"].is_string());
    EXPECT_EQ(r["verdict"], verdict);
    EXPECT_EQ(r["exit_code"], exit_code);
    for (const char* count : {"events", "operations", "failed_dropped", "indeterminate", "skipped_non_client", "partitions"}) {
        EXPECT_TRUE(r["counts"][count].is_number_unsigned()) << count;
    }
    for (const char* t : {"read", "check", "explain"}) {
        EXPECT_TRUE(r["timings_ms"][t].is_number()) << t;
    }
    EXPECT_TRUE(r["memory_budget"]["mib"].is_number_unsigned());
    EXPECT_TRUE(r["memory_budget"]["source"].is_string());
    EXPECT_TRUE(r["memory_budget"]["detail"].is_string());
    ASSERT_TRUE(r["partitions"].is_array());
    for (const json& p : r["partitions"]) {
        EXPECT_TRUE(p.contains("key"));
        EXPECT_TRUE(p["operations"].is_number_unsigned());
        EXPECT_TRUE(p["verdict"].is_string());
        EXPECT_TRUE(p["configurations"].is_number_unsigned());
    }
    EXPECT_TRUE(r["failures"].is_array());
}

TEST(JsonReport, NamesTheMemoryBudget) {
    const json given = report_for("--memory-limit 64 --model register " + sample("register-valid.json"), 0);
    EXPECT_EQ(given["memory_budget"]["mib"], 64);
    EXPECT_EQ(given["memory_budget"]["source"], "--memory-limit");
    const json fallback = report_for("--model register " + sample("register-valid.json"), 0);
    const std::string source = fallback["memory_budget"]["source"];
    EXPECT_TRUE(source == "physical memory" || source == "cgroup" || source == "RLIMIT_AS" || source == "RLIMIT_DATA")
        << source;
    EXPECT_GT(fallback["memory_budget"]["mib"], 0);
}

TEST(JsonReport, LinearizableHistory) {
    const json r = report_for("--model register " + sample("register-valid.json"), 0);
    expect_common(r, "linearizable", 0);
    EXPECT_TRUE(r["reason"].is_null());
    EXPECT_TRUE(r["failures"].empty());
}

TEST(JsonReport, SaysWhichEngineDecidedAndWhyNotAFastOne) {
    const json automatic = report_for("--model register " + sample("register-valid.json"), 0);
    ASSERT_EQ(automatic["partitions"].size(), 1u);
    EXPECT_EQ(automatic["partitions"][0]["engine"], "search");
    EXPECT_EQ(automatic["partitions"][0]["engine_note"], "fewer than 256 operations");
    const json named = report_for("--engine search --model register " + sample("register-valid.json"), 0);
    EXPECT_EQ(named["partitions"][0]["engine_note"], "--engine search");
}

TEST(JsonReport, FailureHasWindowStatesAndDiagnosis) {
    const json r = report_for("--model register " + sample("register-stale-read.json"), 1);
    expect_common(r, "not_linearizable", 1);
    ASSERT_EQ(r["failures"].size(), 1u);
    const json& f = r["failures"][0];
    EXPECT_TRUE(f["partition"].is_number_unsigned());
    expect_operation(f["failing_op"]);
    EXPECT_EQ(f["failing_op"]["text"], "read → 1");
    EXPECT_EQ(f["states_before"], json::array({3}));
    ASSERT_TRUE(f["window"].is_object());
    EXPECT_EQ(f["window"]["start_states"], json::array({3}));
    EXPECT_TRUE(f["window"]["minimal"].is_boolean());
    for (const json& op : f["window"]["operations"]) {
        expect_operation(op);
        EXPECT_TRUE(op["optional"].is_boolean());
        EXPECT_TRUE(op["failing"].is_boolean());
    }
    EXPECT_TRUE(f["longest_prefix_length"].is_number_unsigned());
    ASSERT_EQ(f["diagnosis"].size(), 1u);
    EXPECT_EQ(f["diagnosis"][0]["code"], "stale-read");
    EXPECT_TRUE(f["diagnosis"][0]["text"].is_string());
}

std::string gallery(const std::string& name) {
    return std::string(LINCHECK_SOURCE_DIR) + "/tests/gallery/" + name;
}

// The other-key hint names the write of the value to the other key (issue 18).
TEST(JsonReport, OtherKeyHintNamesTheWriteToTheOtherKey) {
    const json r = report_for("--model register " + gallery("other-key.jsonl"), 1);
    ASSERT_EQ(r["failures"].size(), 1u);
    const json& hint = r["failures"][0]["diagnosis"][0];
    EXPECT_EQ(hint["code"], "other-key");
    EXPECT_TRUE(hint["operations"].empty());
    ASSERT_EQ(hint["other_key_operations"].size(), 1u);
    const json& write = hint["other_key_operations"][0];
    expect_operation(write);
    EXPECT_EQ(write["key"], "y");
    EXPECT_EQ(write["value"], 7);
    EXPECT_EQ(write["process"], 3);
    EXPECT_EQ(write["invoke"]["line"], 3);
    // Other hints name none.
    const json stale = report_for("--model register " + sample("register-stale-read.json"), 1);
    EXPECT_TRUE(stale["failures"][0]["diagnosis"][0]["other_key_operations"].empty());
}

// Operations carry their events' own `time` when every event has one (null otherwise).
TEST(JsonReport, OperationsCarryTheirEventsTimes) {
    const json r = report_for("--model register " + gallery("timed-keyed.jsonl"), 1);
    ASSERT_EQ(r["failures"].size(), 1u);
    const json& x = r["failures"][0]["failing_op"];
    EXPECT_EQ(x["text"], "read → 1");
    EXPECT_EQ(x["invoke_time"], 350);
    EXPECT_EQ(x["complete_time"], 352);
    for (const json& op : r["failures"][0]["window"]["operations"]) {
        EXPECT_TRUE(op["invoke_time"].is_number()) << op;
        EXPECT_TRUE(op["complete_time"].is_number()) << op;
    }
    const json untimed = report_for("--model register " + sample("register-stale-read.json"), 1);
    EXPECT_TRUE(untimed["failures"][0]["failing_op"]["invoke_time"].is_null());
    EXPECT_TRUE(untimed["failures"][0]["failing_op"]["complete_time"].is_null());
}

TEST(JsonReport, UnknownHasAReason) {
    // 30 concurrent writes, then reads of 0 and of 1: far beyond a 0.2 s limit (history_builder.hpp).
    const fs::path history = fs::temp_directory_path() / ("lincheck-hard-" + std::to_string(::getpid()) + ".jsonl");
    {
        std::ofstream out(history);
        for (int p = 0; p < 30; ++p) out << R"({"process": )" << p << R"(, "type": "invoke", "f": "write", "value": )" << p << "}\n";
        for (int p = 0; p < 30; ++p) out << R"({"process": )" << p << R"(, "type": "ok", "f": "write", "value": )" << p << "}\n";
        for (int v = 0; v < 2; ++v) {
            out << R"({"process": 99, "type": "invoke", "f": "read"})" << "\n"
                << R"({"process": 99, "type": "ok", "f": "read", "value": )" << v << "}\n";
        }
    }
    const json r = report_for("--model register --time-limit 0.2 " + history.string(), 2);
    fs::remove(history);
    expect_common(r, "unknown", 2);
    EXPECT_EQ(r["reason"], "time limit reached");
}

}  // namespace
