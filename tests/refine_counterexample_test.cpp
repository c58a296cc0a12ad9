// refine_counterexample (check.hpp): a pruned search's counterexample searched again without the
// model's QueryPruning, only where a failure is explained (the CLI's reports, the Recorder).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lincheck/models.hpp"
#include "lincheck/recorder.hpp"
#include "support/history_builder.hpp"
#include "support/plain_search.hpp"
#include "support/query_pruning_from.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;

constexpr int kConcurrent = 10;
constexpr int kPrefix = kConcurrent + 1 + 20;  // the plain search's longest prefix

// Ten concurrent writes of 1..10, a read of 1 after them, twenty writes one after the other, then a
// read of 99, never written. The plain search tries the orders that end with another write than 1
// first (more steps than operations: the register's pruning starts on the way, search_paths.hpp), then places
// 31 operations before the read of 99 fails. The pruned search sees that read hopeless as soon as the
// pruning starts (no write of 99 can come before it), with at most the ten writes placed.
H writes_then_read_of_99() {
    H h;
    for (int p = 0; p < kConcurrent; ++p) h.invoke(p, "write", I(p + 1));
    for (int p = 0; p < kConcurrent; ++p) h.ok(p, "write", I(p + 1));
    h.invoke(40, "read").ok(40, "read", I(1));
    for (int v = kConcurrent + 1; v <= kConcurrent + 20; ++v) h.invoke(50, "write", I(v)).ok(50, "write", I(v));
    h.invoke(51, "read").ok(51, "read", I(99));
    return h;
}

// The model without its pruning hooks: the search runs plain.
CheckResult plain_search(const Model& model, const std::vector<Operation>& ops) {
    const testing::PlainModel plain(model);
    return check_operations(plain, ops);
}

TEST(RefineCounterexample, GivesThePlainSearchesCounterexample) {
    const auto model = make_model("register");
    const std::vector<Operation> ops = writes_then_read_of_99().ops();
    CheckResult result = check_operations(*model, ops);
    ASSERT_EQ(result.verdict, Verdict::not_linearizable);
    ASSERT_GT(result.stats.hopeless_dropped, 0u);
    EXPECT_GT(result.stats.steps, ops.size());  // the pruning started half-way
    ASSERT_TRUE(result.counterexample);
    EXPECT_LT(result.counterexample->longest_prefix.size(), std::size_t{kPrefix});  // cut short: not refined

    const CheckStats stats = result.stats;
    EXPECT_TRUE(refine_counterexample(*model, ops, result));
    const CheckResult plain = plain_search(*model, ops);
    ASSERT_TRUE(plain.counterexample);
    EXPECT_EQ(plain.stats.hopeless_dropped, 0u);
    EXPECT_EQ(result.verdict, Verdict::not_linearizable);
    EXPECT_EQ(result.counterexample->longest_prefix.size(), std::size_t{kPrefix});
    EXPECT_EQ(result.counterexample->longest_prefix, plain.counterexample->longest_prefix);
    EXPECT_EQ(result.counterexample->stuck_op, plain.counterexample->stuck_op);
    EXPECT_EQ(result.counterexample->states_before, plain.counterexample->states_before);
    EXPECT_EQ(result.stats.configurations, stats.configurations);  // the check's own figures stay
}

TEST(RefineCounterexample, CheckHistoryLeavesItToTheCaller) {
    const auto model = make_model("register");
    const std::vector<Operation> ops = writes_then_read_of_99().ops();
    HistoryResult history = check_history(*model, ops);
    ASSERT_EQ(history.verdict, Verdict::not_linearizable);
    PartitionResult& p = history.partitions.at(*history.first_failure);
    EXPECT_LT(p.result.counterexample->longest_prefix.size(), std::size_t{kPrefix});
    EXPECT_TRUE(refine_counterexample(*model, p.ops, p.result));
    EXPECT_EQ(p.result.counterexample->longest_prefix.size(), std::size_t{kPrefix});
}

TEST(RefineCounterexample, LeavesOtherResultsAlone) {
    const auto model = make_model("register");
    H fine;
    fine.invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(1, "read").ok(1, "read", I(1));
    CheckResult ok = check_operations(*model, fine.ops());
    EXPECT_FALSE(refine_counterexample(*model, fine.ops(), ok));
    EXPECT_EQ(ok.verdict, Verdict::linearizable);

    // A failure whose search dropped nothing is the plain search's already.
    const std::vector<Operation> ops = writes_then_read_of_99().ops();
    CheckResult plain = plain_search(*model, ops);
    const Counterexample before = *plain.counterexample;
    EXPECT_FALSE(refine_counterexample(*model, ops, plain));
    EXPECT_EQ(plain.counterexample->longest_prefix, before.longest_prefix);

    // A fast engine's counterexample holds a witness: it stays as it is.
    CheckResult witnessed = check_operations(*model, ops);
    witnessed.counterexample->witness = {ops.size() - 1};
    witnessed.counterexample->witness_reason = "a planted witness";
    EXPECT_FALSE(refine_counterexample(*model, ops, witnessed));
    EXPECT_EQ(witnessed.counterexample->witness_reason, "a planted witness");
}

TEST(RefineCounterexample, KeepsTheCounterexampleWhenTheSecondSearchIsStopped) {
    // Twelve concurrent writes, then a read of 99: the plain search tries their 2^12 sets.
    const H h = testing::concurrent_writes_then_read(12, 99);
    const testing::QueryPruningFrom pruning(0);  // 13 operations: fewer than the default threshold
    const auto model = make_model("register");
    CheckResult result = check_operations(*model, h.ops());
    ASSERT_GT(result.stats.hopeless_dropped, 0u);
    const Counterexample before = *result.counterexample;
    std::atomic<bool> cancel{true};
    CheckLimits limits;
    limits.cancel = &cancel;
    EXPECT_FALSE(refine_counterexample(*model, h.ops(), result, limits));
    EXPECT_EQ(result.verdict, Verdict::not_linearizable);
    EXPECT_EQ(result.counterexample->longest_prefix, before.longest_prefix);
    // Unstopped, the same failure is refined.
    EXPECT_TRUE(refine_counterexample(*model, h.ops(), result));
    EXPECT_EQ(result.counterexample->longest_prefix.size(), 12u);
}

TEST(RefineCounterexample, TheRecordersExplainedFailureIsRefined) {
    Recorder rec;
    std::vector<OpId> concurrent;
    for (int p = 0; p < kConcurrent; ++p) concurrent.push_back(rec.invoke(p, "write", p + 1));
    for (const OpId id : concurrent) rec.ok(id);
    rec.ok(rec.invoke(40, "read"), 1);
    for (int v = kConcurrent + 1; v <= kConcurrent + 20; ++v) rec.ok(rec.invoke(50, "write", v));
    rec.ok(rec.invoke(51, "read"), 99);
    const RecorderReport report = rec.check("register");
    ASSERT_EQ(report.verdict, Verdict::not_linearizable);
    ASSERT_NE(report.failure(), nullptr);
    EXPECT_EQ(report.failure()->result.counterexample->longest_prefix.size(), std::size_t{kPrefix});
}

TEST(RefineCounterexample, TheCliReportsThePlainSearchesPrefix) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("lincheck-refine-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        std::ofstream out(dir / "history.jsonl");
        const auto event = [&](const char* type, int process, const char* f, const std::string& value) {
            out << R"({"type":")" << type << R"(","process":)" << process << R"(,"f":")" << f << R"(","value":)" << value
                << "}\n";
        };
        for (int p = 0; p < kConcurrent; ++p) event("invoke", p, "write", std::to_string(p + 1));
        for (int p = 0; p < kConcurrent; ++p) event("ok", p, "write", std::to_string(p + 1));
        event("invoke", 40, "read", "null");
        event("ok", 40, "read", "1");
        for (int v = kConcurrent + 1; v <= kConcurrent + 20; ++v) {
            event("invoke", 50, "write", std::to_string(v));
            event("ok", 50, "write", std::to_string(v));
        }
        event("invoke", 51, "read", "null");
        event("ok", 51, "read", "99");
    }
    const std::string command = std::string(LINCHECK_BINARY) + " -q --model register --json " +
                                (dir / "report.json").string() + " " + (dir / "history.jsonl").string();
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1);
    std::ifstream in(dir / "report.json");
    const nlohmann::json report = nlohmann::json::parse(in);
    ASSERT_EQ(report["failures"].size(), 1u);
    EXPECT_EQ(report["failures"][0]["longest_prefix_length"], kPrefix);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace lincheck
