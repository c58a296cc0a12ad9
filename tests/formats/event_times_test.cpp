// formats::EventTimes (event_times.hpp): each event's `time` kept beside the operations by
// read_and_pair, for the HTML report's time axis. Every operation finds its invoke's and completion's
// own time, whether the file is read whole or in pieces by one thread or two.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "lincheck/formats/event_times.hpp"
#include "lincheck/formats/read_in_pieces.hpp"
#include "lincheck/formats/write_jsonl.hpp"
#include "stress_history.hpp"

namespace lincheck {
namespace {

// The time given to the event at 1-based `index`: not its index, and not a whole number.
double time_of(std::uint64_t index) { return 1000.5 + 3.0 * static_cast<double>(index); }

// The process id in the name: two checkouts' suites may run at once and share the temporary folder.
std::string write_temp(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + std::to_string(::getpid()) + "-" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

formats::ReadOptions keeping_times() {
    formats::ReadOptions options;
    options.keep_event_times = true;
    return options;
}

TEST(EventTimes, EveryOperationFindsItsEventsTimesInPieces) {
    stress::Options o;
    o.model = "cas-register";
    o.operations = 30000;
    o.keys = 3;
    o.info_rate = 0.05;
    o.fail_rate = 0.05;
    o.pending = 2;
    std::vector<Event> events = stress::generate(o).events;
    for (std::size_t i = 0; i < events.size(); ++i) events[i].time = time_of(i + 1);
    const std::string text = formats::to_jsonl(events);
    ASSERT_GT(text.size(), std::size_t{1} << 20);  // several pieces
    const std::string path = write_temp("event_times_test.jsonl", text);
    for (const unsigned jobs : {1u, 2u}) {
        const formats::PairedHistory paired = formats::read_and_pair(path, keeping_times(), false, nullptr, jobs);
        ASSERT_TRUE(paired.times.complete());
        std::size_t checked = 0, failed = 0;
        for (const OperationRuns* runs : {&paired.ops, &paired.failed}) {
            for (const auto& run : *runs) {
                for (const Operation& op : run) {
                    EXPECT_EQ(paired.times.invoke_at(op.invoke_pos.event_index), time_of(op.invoke_pos.event_index));
                    if (op.outcome == Outcome::ok || op.outcome == Outcome::failed) {
                        EXPECT_EQ(paired.times.completion_at(op.complete_pos.event_index),
                                  time_of(op.complete_pos.event_index));
                        EXPECT_NE(op.ret, kNever);  // a failed operation is placed at its `fail` too
                    }
                    failed += op.outcome == Outcome::failed;
                    ++checked;
                }
            }
        }
        EXPECT_EQ(checked, std::size_t{30000});
        EXPECT_GT(failed, std::size_t{0});
    }
    // Not asked for: nothing kept.
    EXPECT_FALSE(formats::read_and_pair(path, {}, false).times.complete());
    std::remove(path.c_str());
}

TEST(EventTimes, OneEventWithoutTimeMeansNoTimes) {
    const std::string path = write_temp("event_times_untimed.jsonl",
                                        "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1,\"time\":5}\n"
                                        "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n");
    const formats::PairedHistory paired = formats::read_and_pair(path, keeping_times(), false);
    EXPECT_FALSE(paired.times.complete());
    EXPECT_FALSE(paired.times.invoke_at(1).has_value());
    EXPECT_TRUE(paired.times.any());  // some event has one: "not every event has a time"
    std::remove(path.c_str());
}

// Whether some event has a time, to say "no event has one" only when none has (the time first seen
// after an event without one counts too).
TEST(EventTimes, AnyTellsNoTimeFromSomeTimes) {
    const std::string none = write_temp("event_times_none.jsonl",
                                        "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
                                        "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n");
    EXPECT_FALSE(formats::read_and_pair(none, keeping_times(), false).times.any());
    const std::string late = write_temp("event_times_late.jsonl",
                                        "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
                                        "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1,\"time\":5}\n");
    const formats::PairedHistory paired = formats::read_and_pair(late, keeping_times(), false);
    EXPECT_TRUE(paired.times.any());
    EXPECT_FALSE(paired.times.complete());
    std::remove(none.c_str());
    std::remove(late.c_str());
}

TEST(EventTimes, ARecordHoldsItsCallAndReturnTimes) {
    const std::string path = write_temp("event_times_records.json",
                                        "[{\"process\":0,\"f\":\"write\",\"value\":1,\"call\":10,\"return\":25},\n"
                                        " {\"process\":1,\"f\":\"read\",\"output\":1,\"call\":12,\"return\":14}]\n");
    const formats::PairedHistory paired = formats::read_and_pair(path, keeping_times(), false);
    ASSERT_TRUE(paired.times.complete());
    ASSERT_EQ(paired.ops.size(), 1u);
    ASSERT_EQ(paired.ops[0].size(), 2u);
    for (const Operation& op : paired.ops[0]) {
        const double call = op.process == 0 ? 10 : 12, ret = op.process == 0 ? 25 : 14;
        EXPECT_EQ(paired.times.invoke_at(op.invoke_pos.event_index), call);
        EXPECT_EQ(paired.times.completion_at(op.complete_pos.event_index), ret);
    }
    std::remove(path.c_str());
}

}  // namespace
}  // namespace lincheck
