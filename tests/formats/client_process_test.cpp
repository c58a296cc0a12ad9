// A `process` written as a string of digits is that client (issue 15): before, "0" was skipped as a
// non-client name, and a history of such events passed as "linearizable (0 operations)". Names such as
// "nemesis" or :nemesis stay non-client events, skipped and counted.
#include <gtest/gtest.h>

#include "lincheck/formats/read.hpp"
#include "support/json_paths.hpp"

namespace lincheck {
namespace {

using formats::Format;
using formats::read_history;

void expect_clients(const formats::ReadResult& r, std::size_t skipped) {
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.events[0].process, 0);
    EXPECT_EQ(r.events[1].process, 12);
    EXPECT_EQ(r.skipped_non_client, skipped);
}

TEST(ClientProcess, NumericStringsAreClientsInEveryFormat) {
    const char* lines = R"({"process": "0", "type": "invoke", "f": "write", "value": 1}
{"process": "nemesis", "type": "info", "f": "start"}
{"process": "12", "type": "invoke", "f": "read"}
{"process": "3a", "type": "info", "f": "start"}
)";
    expect_clients(read_history(lines, Format::jsonl), 2);
    const std::string array = R"([{"process": "0", "type": "invoke", "f": "write", "value": 1},
 {"process": "nemesis", "type": "info", "f": "start"}, {"process": "12", "type": "invoke", "f": "read"},
 {"process": " 1", "type": "info", "f": "start"}])";
    expect_clients(read_history(array, Format::json), 2);
    // Both JSON paths (simdjson and nlohmann) agree.
    EXPECT_EQ(testing::compare_json_paths(lines, false).mismatch, "");
    EXPECT_EQ(testing::compare_json_paths(array, true).mismatch, "");
    expect_clients(read_history(R"([{:process "0", :type :invoke, :f :write, :value 1}
 {:process :nemesis, :type :info, :f :start} {:process "12", :type :invoke, :f :read}
 {:process "-1", :type :info, :f :start}])", Format::edn), 2);
    const auto records = read_history(R"({"process": "0", "f": "write", "value": 1, "call": 1, "return": 2}
{"process": "nemesis", "f": "start", "call": 1}
)", Format::records);
    ASSERT_EQ(records.events.size(), 2u);
    EXPECT_EQ(records.events[0].process, 0);
    EXPECT_EQ(records.skipped_non_client, 1u);
}

}  // namespace
}  // namespace lincheck
