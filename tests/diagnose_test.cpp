// Each diagnosis pattern has a history that triggers it and one that must not.
#include "lincheck/diagnose.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "lincheck/explain.hpp"
#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::L;
using testing::S;

std::vector<std::string> codes_for(const H& h, const std::string& model_name = "register") {
    const auto model = make_model(model_name);
    PairingStats stats;
    const auto ops = pair_events(h.events(), {}, &stats);
    const auto result = check_history(*model, ops);
    if (result.verdict != Verdict::not_linearizable) return {"<linearizable>"};
    const auto explanation = explain(*model, result.partitions[0], stats.failed);
    std::vector<std::string> codes;
    for (const auto& hint : explanation.hints) codes.push_back(hint.code);
    return codes;
}

using Codes = std::vector<std::string>;

TEST(Diagnose, NeverWritten) {
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(1, "read").ok(1, "read", I(5))),
              Codes{"never-written"});
    // 5 was written (concurrently): not "never written", and linearizable anyway.
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(5)).invoke(1, "read").ok(1, "read", I(5)).ok(0, "write", I(5))),
              Codes{"<linearizable>"});
}

TEST(Diagnose, FailedWriteObserved) {
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                            .invoke(0, "write", I(4)).fail(0, "write", I(4))
                            .invoke(1, "read").ok(1, "read", I(4))),
              Codes{"failed-write-observed"});
    // A failed write of 4 and a real write of 4: not this pattern.
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(4)).fail(0, "write", I(4))
                            .invoke(0, "write", I(4)).ok(0, "write", I(4))
                            .invoke(0, "write", I(1)).ok(0, "write", I(1))
                            .invoke(1, "read").ok(1, "read", I(4))),
              Codes{"stale-read"});
}

TEST(Diagnose, ReadBeforeWrite) {
    EXPECT_EQ(codes_for(H().invoke(1, "read").ok(1, "read", I(3)).invoke(0, "write", I(3)).ok(0, "write", I(3))),
              Codes{"read-before-write"});
}

TEST(Diagnose, StaleRead) {
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                            .invoke(0, "write", I(2)).ok(0, "write", I(2))
                            .invoke(1, "read").ok(1, "read", I(1))),
              Codes{"stale-read"});
    // Reading the initial nil after a write completed: stale against the initial state.
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(1, "read").ok(1, "read")),
              Codes{"stale-read"});
    // A cas that took effect saw its expected value: stale too.
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                            .invoke(0, "write", I(2)).ok(0, "write", I(2))
                            .invoke(1, "cas", L({I(1), I(3)})).ok(1, "cas", L({I(1), I(3)})),
                        "cas-register"),
              Codes{"stale-read"});
}

TEST(Diagnose, ZeroAsNil) {
    // nil ("never written") where the state was 0: a harness that takes 0 for "not set".
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(0)).ok(0, "write", I(0)).invoke(1, "read").ok(1, "read")),
              Codes{"zero-as-nil"});
    EXPECT_EQ(codes_for(H().invoke(0, "write", testing::S("")).ok(0, "write", testing::S("")).invoke(1, "read").ok(1, "read")),
              Codes{"zero-as-nil"});
    // The state could be 0 or 2 (a concurrent write of 2 may or may not have taken effect).
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(0)).ok(0, "write", I(0)).invoke(2, "write", I(2))
                            .invoke(1, "read").ok(1, "read")),
              Codes{"zero-as-nil"});
    // Nothing zero-like: a stale read of the initial state, no zero-as-nil.
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(5)).ok(0, "write", I(5)).invoke(1, "read").ok(1, "read")),
              Codes{"stale-read"});
}

// Hints with their text, for a keyed history checked by key (as the CLI does).
std::vector<std::string> hints_for(const H& h, const std::string& model_name = "register") {
    const auto model = make_model(model_name);
    PairingStats stats;
    const auto ops = pair_events(h.events(), {}, &stats);
    const auto result = check_history(*model, ops);
    if (result.verdict != Verdict::not_linearizable) return {"<linearizable>"};
    const auto explanation =
        explain(*model, result.partitions[*result.first_failure], stats.failed, {}, result.partitions);
    std::vector<std::string> hints;
    for (const auto& hint : explanation.hints) hints.push_back(hint.code + ": " + hint.text);
    return hints;
}

TEST(Diagnose, WrittenToAnotherKey) {
    const auto hints = hints_for(H().key(S("a")).invoke(0, "write", I(1)).ok(0, "write", I(1))
                                     .key(S("b")).invoke(1, "write", I(7)).ok(1, "write", I(7))
                                     .key(S("a")).invoke(2, "read").ok(2, "read", I(7)));
    ASSERT_EQ(hints.size(), 1u);
    EXPECT_EQ(hints[0].rfind("other-key: value 7 was never written to key \"a\", but was written to key \"b\" by write 7 "
                             "by process 1 (lines 3–4)", 0), 0u) << hints[0];
}

// The other-key hint names the write of the value to the other key (for the picture to draw it), by
// its partition and index there.
TEST(Diagnose, WrittenToAnotherKeyNamesThatWrite) {
    const auto model = make_model("register");
    const auto ops = pair_events(H().key(S("a")).invoke(0, "write", I(1)).ok(0, "write", I(1))
                                     .key(S("b")).invoke(1, "write", I(3)).ok(1, "write", I(3))
                                     .key(S("b")).invoke(1, "write", I(7)).ok(1, "write", I(7))
                                     .key(S("a")).invoke(2, "read").ok(2, "read", I(7)).events());
    const auto result = check_history(*model, ops);
    ASSERT_EQ(result.verdict, Verdict::not_linearizable);
    const std::size_t a = *result.first_failure;
    const auto explanation = explain(*model, result.partitions[a], {}, {}, result.partitions);
    ASSERT_EQ(explanation.hints.size(), 1u);
    const Hint& hint = explanation.hints[0];
    EXPECT_EQ(hint.code, "other-key");
    ASSERT_EQ(hint.other_key_ops.size(), 1u);
    const auto [partition, op] = hint.other_key_ops[0];
    ASSERT_LT(partition, result.partitions.size());
    EXPECT_NE(partition, a);
    EXPECT_EQ(result.partitions[partition].key, S("b"));
    EXPECT_EQ(result.partitions[partition].ops.at(op).value, I(7));
}

TEST(Diagnose, QueuesSayEnqueued) {
    const auto hints = hints_for(H().invoke(0, "enqueue", S("a")).ok(0, "enqueue", S("a"))
                                     .invoke(1, "dequeue").ok(1, "dequeue", S("z")), "fifo-queue");
    ASSERT_FALSE(hints.empty());
    EXPECT_EQ(hints.back().rfind("never-written: value \"z\" was never enqueued by any operation", 0), 0u) << hints.back();
    const auto twice = hints_for(H().invoke(0, "enqueue", S("a")).ok(0, "enqueue", S("a"))
                                     .invoke(1, "dequeue").ok(1, "dequeue", S("a"))
                                     .invoke(1, "dequeue").ok(1, "dequeue", S("a")), "unordered-queue");
    ASSERT_FALSE(twice.empty());
    EXPECT_NE(twice.back().find("enqueued only 1 time"), std::string::npos) << twice.back();
    for (const auto& h : twice) EXPECT_EQ(h.find("written"), std::string::npos) << h;
}

TEST(Diagnose, SetElementNeverAdded) {
    const auto hints = hints_for(H().invoke(0, "add", I(1)).ok(0, "add", I(1))
                                     .invoke(1, "read").ok(1, "read", L({I(1), I(5)})), "set");
    ASSERT_EQ(hints.size(), 1u) << hints[0] << "\n" << hints.back();
    EXPECT_EQ(hints[0].rfind("never-added: element 5 was never added by any operation", 0), 0u) << hints[0];
    // An added element missing from a read is not this pattern.
    const auto missing = hints_for(H().invoke(0, "add", I(1)).ok(0, "add", I(1))
                                       .invoke(1, "read").ok(1, "read", L({})), "set");
    for (const auto& h : missing) EXPECT_EQ(h.rfind("never-added", 0), std::string::npos) << h;
}

TEST(Diagnose, LostWrite) {
    // write 2 completed, yet two later reads both see 1 and none sees 2: the write was lost.
    const auto hints = hints_for(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                                     .invoke(0, "write", I(2)).ok(0, "write", I(2))
                                     .invoke(1, "read").invoke(2, "read").ok(1, "read", I(1)).ok(2, "read", I(1)));
    ASSERT_EQ(hints.size(), 1u);
    EXPECT_EQ(hints[0].rfind("lost-write: write 2 by process 0 (lines 3–4) completed at line 4, yet no read that began "
                             "after it saw 2", 0), 0u) << hints[0];
    // A later read that saw 2: the write was not lost, this read was stale.
    EXPECT_EQ(codes_for(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                            .invoke(0, "write", I(2)).ok(0, "write", I(2))
                            .invoke(2, "read").ok(2, "read", I(2))
                            .invoke(1, "read").ok(1, "read", I(1))),
              Codes{"stale-read"});
}

TEST(Diagnose, LockHolder) {
    const auto model = make_model("mutex");
    auto hints_for = [&](const H& h) {
        const auto ops = pair_events(h.events());
        const auto result = check_history(*model, ops);
        EXPECT_EQ(result.verdict, Verdict::not_linearizable);
        return explain(*model, result.partitions[0], {}).hints;
    };
    // Process 0 acquired and never released; process 1's acquire returned later: 0 held the lock.
    const auto held = hints_for(H().invoke(0, "acquire").ok(0, "acquire").invoke(1, "acquire").ok(1, "acquire"));
    const auto hint = std::find_if(held.begin(), held.end(), [](const Hint& h) { return h.code == "lock-held"; });
    ASSERT_NE(hint, held.end());
    EXPECT_NE(hint->text.find("process 0 held the lock when this acquire returned"), std::string::npos) << hint->text;
    EXPECT_EQ(hint->ops, (std::vector<std::size_t>{0}));
    // A release ran between them, but two acquires overlap it: counting shows the lock held twice.
    const auto twice = hints_for(H().invoke(0, "acquire").ok(0, "acquire")
                                     .invoke(1, "acquire").invoke(2, "acquire")
                                     .invoke(0, "release").ok(0, "release")
                                     .ok(1, "acquire").ok(2, "acquire"));
    const auto count = std::find_if(twice.begin(), twice.end(), [](const Hint& h) { return h.code == "lock-held"; });
    ASSERT_NE(count, twice.end());
    EXPECT_NE(count->text.find("2 acquires completed (this one included) but only 1 release could take effect"),
              std::string::npos) << count->text;
    // Released in between: linearizable, so no hint at all; a release of a free lock gets no lock-held.
    EXPECT_EQ(codes_for(H().invoke(0, "acquire").ok(0, "acquire").invoke(0, "release").ok(0, "release")
                            .invoke(1, "acquire").ok(1, "acquire"), "mutex"),
              Codes{"<linearizable>"});
    const auto free = hints_for(H().invoke(0, "release").ok(0, "release"));
    EXPECT_TRUE(std::none_of(free.begin(), free.end(), [](const Hint& h) { return h.code == "lock-held"; }));
}

TEST(Diagnose, HintsNameTheirOperations) {
    const auto model = make_model("register");
    const auto ops = H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                         .invoke(0, "write", I(2)).ok(0, "write", I(2))
                         .invoke(1, "read").ok(1, "read", I(1)).ops();
    const auto result = check_history(*model, ops);
    const auto explanation = explain(*model, result.partitions[0], {});
    ASSERT_EQ(explanation.hints.size(), 1u);
    EXPECT_EQ(explanation.hints[0].ops, (std::vector<std::size_t>{0, 1}));
}

TEST(Explain, TextNamesTheOpTheWindowAndTheHint) {
    const auto model = make_model("register");
    const auto ops = H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                         .invoke(0, "write", I(2)).ok(0, "write", I(2))
                         .invoke(1, "read").ok(1, "read", I(1)).ops();
    const auto result = check_history(*model, ops);
    const auto explanation = explain(*model, result.partitions[0], {});
    const std::string text = render_failure(*model, result.partitions[0], explanation, Value::Notation::json);
    std::string flat = text;
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    EXPECT_NE(flat.find("read → 1 by process 1 (lines 5–6) cannot be linearized: just before it, the state was 2, in "
                        "which it cannot take effect."),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Smallest failing window: the failing operation alone (lines 5–6), from the states before it:"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Hint (stale-read)"), std::string::npos) << text;
    for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
        end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::size_t columns = 0;
        for (std::size_t k = start; k < end; ++k) columns += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
        EXPECT_LE(columns, 100u) << text.substr(start, end - start);
    }
}

}  // namespace
}  // namespace lincheck

namespace lincheck {
namespace {

// A fast engine's witness is listed in columns aligned by display width ("→" is one column).
TEST(Explain, WitnessRowsAlignByDisplayWidth) {
    const auto model = make_model("register");
    PartitionResult p;
    p.ops = testing::H().invoke(1, "write", testing::I(0)).ok(1, "write", testing::I(0))
                .invoke(2, "read").ok(2, "read", testing::I(0))
                .invoke(661, "read").ok(661, "read", Value::nil()).ops();
    p.result = check_history(*model, p.ops).partitions[0].result;
    ASSERT_EQ(p.result.verdict, Verdict::not_linearizable);
    p.result.counterexample->witness = {0, 1, 2};  // as a fast engine gives it
    p.result.counterexample->witness_reason = "the two stretches overlap";
    p.engine = "register-unique";
    const std::string text = render_failure(*model, p, explain(*model, p, {}), Value::Notation::json);
    std::size_t column = 0;  // where "line" starts on each witness row, in display columns
    for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
        end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string row = text.substr(start, end - start);
        if (row.rfind("  p", 0) != 0 || row.find("line") == std::string::npos) continue;
        std::size_t columns = 0;
        for (std::size_t k = 0; k < row.find("line"); ++k) columns += (static_cast<unsigned char>(row[k]) & 0xC0) != 0x80;
        if (column == 0) column = columns;
        EXPECT_EQ(columns, column) << text;
    }
    EXPECT_NE(column, 0u) << text;
}

}  // namespace
}  // namespace lincheck
