// Each diagnosis pattern has a history that triggers it and one that must not.
#include "lincheck/diagnose.hpp"

#include <gtest/gtest.h>

#include "lincheck/explain.hpp"
#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::L;

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

TEST(Explain, TextNamesTheOpTheWindowAndTheHint) {
    const auto model = make_model("register");
    const auto ops = H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                         .invoke(0, "write", I(2)).ok(0, "write", I(2))
                         .invoke(1, "read").ok(1, "read", I(1)).ops();
    const auto result = check_history(*model, ops);
    const auto explanation = explain(*model, result.partitions[0], {});
    const std::string text = render_failure(*model, result.partitions[0], explanation, Value::Notation::json);
    EXPECT_NE(text.find("read → 1 by process 1 (lines 5–6) cannot be linearized: just before it, the state was 2."),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Smallest failing window: 1 operation (lines 5–6), starting from the state 2"), std::string::npos)
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
