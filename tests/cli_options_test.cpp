// The command line is parsed once into typed Settings (cli/options.cpp): words become enums, --initial a
// Value, limits optional numbers; a bad value is a usage error (exit 4) before anything is read.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/report_schema.hpp"
#include "cli/settings.hpp"
#include "cli/writers/writers.hpp"

namespace lincheck::cli {
namespace {

struct Parsed {
    std::optional<Settings> settings;
    int exit_code = -1;
};

Parsed parse(std::vector<std::string> args) {
    args.insert(args.begin(), "lincheck");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    Parsed out;
    ::testing::internal::CaptureStderr();
    out.settings = parse_command_line(static_cast<int>(argv.size()), argv.data(), out.exit_code);
    ::testing::internal::GetCapturedStderr();
    return out;
}

TEST(CliOptions, DefaultsAreTyped) {
    const Parsed p = parse({"h.jsonl"});
    ASSERT_TRUE(p.settings);
    const Settings& s = *p.settings;
    EXPECT_EQ(p.exit_code, 0);
    EXPECT_EQ(s.input, "h.jsonl");
    EXPECT_EQ(s.format, formats::Format::detect);
    EXPECT_EQ(s.independent, formats::KeyConvention::detect);
    EXPECT_EQ(s.order, Order::file);
    EXPECT_EQ(s.nil_read, NilRead::empty);
    EXPECT_EQ(s.engine, Engine::automatic);
    EXPECT_FALSE(s.initial);
    EXPECT_FALSE(s.time_limit_s);
    EXPECT_FALSE(s.memory_limit_mib);
    EXPECT_FALSE(s.shard);
    EXPECT_FALSE(s.batch());
}

TEST(CliOptions, EveryWordBecomesItsValueOnce) {
    const Parsed p = parse({"--order", "time", "--nil-read", "unknown", "--engine", "fast", "--format", "ndjson",
                            "--independent", "tuples", "--initial", "{:x 0}", "--time-limit", "2.5", "--memory-limit",
                            "64", "--shard", "2/3", "-m", "register", "h.edn"});
    ASSERT_TRUE(p.settings);
    const Settings& s = *p.settings;
    EXPECT_EQ(s.order, Order::time);
    EXPECT_EQ(s.nil_read, NilRead::unknown);
    EXPECT_EQ(s.engine, Engine::fast);
    EXPECT_EQ(s.format, formats::Format::jsonl);
    EXPECT_EQ(s.independent, formats::KeyConvention::tuples);
    ASSERT_TRUE(s.initial);
    EXPECT_EQ(s.initial->to_string(Value::Notation::edn), "{:x 0}");  // JSON failed, EDN read it
    EXPECT_EQ(s.time_limit_s, 2.5);
    EXPECT_EQ(s.memory_limit_mib, 64u);
    ASSERT_TRUE(s.shard);
    EXPECT_EQ(s.shard->index, 2u);
    EXPECT_EQ(s.shard->count, 3u);
    EXPECT_EQ(s.model, "register");
    // --initial is JSON first: "0" is the integer 0.
    const Parsed zero = parse({"--initial", "0", "h"});
    ASSERT_TRUE(zero.settings && zero.settings->initial);
    EXPECT_EQ(*zero.settings->initial, Value::integer(0));
}

TEST(CliOptions, ABadValueIsBadUsage) {
    const std::vector<std::vector<std::string>> bad = {
        {"--order", "sideways", "h"}, {"--engine", "quick", "h"},   {"--nil-read", "maybe", "h"},
        {"--format", "yaml", "h"},    {"--independent", "x", "h"},  {"--initial", "[", "h"},
        {"--time-limit", "0", "h"},   {"--memory-limit", "0", "h"}, {"--shard", "3/2", "h"},
        {"--shard", "1/2", "--no-partition", "h"},                  {},
        {"-", "-"},                   {"--no-such-option", "h"},
    };
    for (const auto& args : bad) {
        const Parsed p = parse(args);
        std::string line;
        for (const std::string& a : args) line += a + ' ';
        EXPECT_FALSE(p.settings) << line;
        EXPECT_EQ(p.exit_code, kBadUsage) << line;
    }
}

TEST(CliOptions, HelpVersionAndModelsExitZeroWithoutSettings) {
    for (const char* flag : {"--help", "--version", "--list-models"}) {
        ::testing::internal::CaptureStdout();
        const Parsed p = parse({flag});
        ::testing::internal::GetCapturedStdout();
        EXPECT_FALSE(p.settings) << flag;
        EXPECT_EQ(p.exit_code, 0) << flag;
    }
}

TEST(CliOptions, TheReportsRecordTheOptionsByTheirNames) {
    const Parsed p = parse({"--format", "ndjson", "--order", "time", "--initial", "[1, 2]", "--time-limit", "30", "h"});
    ASSERT_TRUE(p.settings);
    const auto options = nlohmann::json::parse(options_json_text(*p.settings));
    namespace option = schema::option;
    EXPECT_EQ(options[option::model], "auto");
    EXPECT_EQ(options[option::format], "jsonl");  // an alias is recorded by the name it stands for
    EXPECT_EQ(options[option::independent], "auto");
    EXPECT_EQ(options[option::order], "time");
    EXPECT_EQ(options[option::nil_read], "empty");
    EXPECT_EQ(options[option::initial], nlohmann::json::parse("[1, 2]"));
    EXPECT_EQ(options[option::time_limit_s], 30.0);
    EXPECT_TRUE(options[option::memory_limit_mib].is_null());
    // Every field the reports record has its flag, for merge's messages.
    ASSERT_EQ(options.size(), std::size(schema::kOptionFields));
    for (const schema::OptionField& field : schema::kOptionFields) EXPECT_TRUE(options.contains(field.name)) << field.name;
    EXPECT_EQ(schema::flag_of("time_limit_s"), "--time-limit");
    EXPECT_EQ(schema::flag_of("some_new_option"), "--some-new-option");
}

TEST(CliOptions, ShardIsKOfN) {
    EXPECT_TRUE(parse_shard("1/1"));
    EXPECT_FALSE(parse_shard("0/1"));
    EXPECT_FALSE(parse_shard("2/1"));
    EXPECT_FALSE(parse_shard("1"));
    EXPECT_FALSE(parse_shard("a/b"));
    EXPECT_FALSE(parse_shard("1/2/3"));
}

}  // namespace
}  // namespace lincheck::cli
