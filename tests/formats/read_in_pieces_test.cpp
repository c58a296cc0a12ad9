// formats::read_and_pair (read_in_pieces.hpp), in-process: a line-based history of a few MB read in
// pieces, by one thread and by two, gives the operations reading it whole and pairing gives.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "lincheck/formats/read.hpp"
#include "lincheck/formats/read_in_pieces.hpp"
#include "lincheck/formats/write_jsonl.hpp"
#include "lincheck/internal/deferred_free.hpp"
#include "lincheck/pairing.hpp"
#include "stress_history.hpp"

namespace lincheck {
namespace {

TEST(ReadInPieces, GivesTheOperationsOfReadingWhole) {
    stress::Options o;
    o.model = "cas-register";
    o.operations = 30000;
    o.keys = 3;
    o.info_rate = 0.05;
    o.pending = 2;
    const std::string text = formats::to_jsonl(stress::generate(o).events);
    ASSERT_GT(text.size(), std::size_t{1} << 20);  // several pieces
    // The process id in the name: two checkouts' suites may run at once and share the temporary folder.
    const std::string path = ::testing::TempDir() + std::to_string(::getpid()) + "-read_in_pieces_test.jsonl";
    std::ofstream(path, std::ios::binary) << text;

    const auto whole = pair_events(formats::read_history(text).events);
    for (const unsigned jobs : {1u, 2u}) {
        const formats::PairedHistory paired = formats::read_and_pair(path, {}, false, nullptr, jobs);
        EXPECT_EQ(paired.read.format, formats::Format::jsonl);
        std::size_t i = 0;
        for (const auto& run : paired.ops) {
            for (const Operation& op : run) {
                ASSERT_LT(i, whole.size());
                const Operation& w = whole[i++];
                EXPECT_EQ(op.process, w.process) << i;
                EXPECT_EQ(op.f, w.f) << i;
                EXPECT_EQ(op.value, w.value) << i;
                EXPECT_EQ(op.key, w.key) << i;
                EXPECT_EQ(op.outcome, w.outcome) << i;
                EXPECT_EQ(op.invoke_pos.line, w.invoke_pos.line) << i;
            }
        }
        EXPECT_EQ(i, whole.size()) << jobs << " jobs";
    }
    std::remove(path.c_str());
}

// Reading that stops at its deadline does not free what it read (a million operations took 40-90 ms of
// wall time at load 10, past --time-limit's 5% + 50 ms): it leaves it to release_search_memory() or the
// process's exit, as a search does (deferred_free.hpp). A deadline already passed: the first piece's
// parsing stops at once, with one thread or two.
TEST(ReadInPieces, PastTheDeadlineLeavesWhatItReadForLater) {
    stress::Options o;
    o.model = "register";
    o.operations = 20000;
    const std::string path = ::testing::TempDir() + std::to_string(::getpid()) + "-read_in_pieces_deadline.jsonl";
    std::ofstream(path, std::ios::binary) << formats::to_jsonl(stress::generate(o).events);
    for (const unsigned jobs : {1u, 2u}) {
        release_search_memory();
        ASSERT_EQ(detail::deferred_bytes(), 0u);
        EXPECT_THROW(formats::read_and_pair(path, {}, false, nullptr, jobs, std::chrono::steady_clock::now()),
                     formats::ReadTimedOut)
            << jobs << " jobs";
        EXPECT_GT(detail::deferred_bytes(), 0u) << jobs << " jobs";
        release_search_memory();
        EXPECT_EQ(detail::deferred_bytes(), 0u);
    }
    std::remove(path.c_str());
}

}  // namespace
}  // namespace lincheck
