// The register models, and each semantic rule of the core through them.
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "lincheck/models.hpp"
#include "support/history_builder.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::I;
using testing::L;

constexpr auto kYes = Verdict::linearizable;
constexpr auto kNo = Verdict::not_linearizable;

TEST(Register, ZeroIsAValue) {
    EXPECT_EQ(H().invoke(0, "write", I(0)).ok(0, "write", I(0)).invoke(1, "read").ok(1, "read", I(0)).check("register"), kYes);
}

TEST(Register, NilReadAfterWriteOfZeroIsAViolation) {
    EXPECT_EQ(H().invoke(0, "write", I(0)).ok(0, "write", I(0)).invoke(1, "read").ok(1, "read").check("register"), kNo);
}

TEST(Register, EmptyStringAndFalseAreValues) {
    const Value empty = Value::string("");
    EXPECT_EQ(H().invoke(0, "write", empty).ok(0, "write", empty).invoke(1, "read").ok(1, "read", empty).check("register"), kYes);
    EXPECT_EQ(H().invoke(0, "write", empty).ok(0, "write", empty).invoke(1, "read").ok(1, "read").check("register"), kNo);
    const Value no = Value::boolean(false);
    EXPECT_EQ(H().invoke(0, "write", no).ok(0, "write", no).invoke(1, "read").ok(1, "read", no).check("register"), kYes);
    EXPECT_EQ(H().invoke(0, "write", no).ok(0, "write", no).invoke(1, "read").ok(1, "read", I(0)).check("register"), kNo);
}

TEST(Register, NeverWrittenReadsNil) {
    EXPECT_EQ(H().invoke(1, "read").ok(1, "read").check("register"), kYes);
    EXPECT_EQ(H().invoke(1, "read").ok(1, "read", I(0)).check("register"), kNo);
}

TEST(Register, InitialStateIsConfigurable) {
    ModelOptions zero;
    zero.initial = I(0);
    EXPECT_EQ(H().invoke(1, "read").ok(1, "read", I(0)).check("register", zero), kYes);
    EXPECT_EQ(H().invoke(1, "read").ok(1, "read").check("register", zero), kNo);
}

TEST(Register, NilReadUnknownIsAWildcard) {
    ModelOptions knossos;
    knossos.initial = I(0);
    knossos.nil_read_is_unknown = true;
    EXPECT_EQ(H().invoke(0, "write", I(3)).ok(0, "write", I(3)).invoke(1, "read").ok(1, "read").check("register", knossos), kYes);
}

TEST(Register, StaleReadIsAViolation) {
    EXPECT_EQ(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                  .invoke(0, "write", I(2)).ok(0, "write", I(2))
                  .invoke(1, "read").ok(1, "read", I(1)).check("register"),
              kNo);
}

TEST(Register, ConcurrentReadMaySeeEitherValue) {
    const auto h = [](std::int64_t seen) {
        return H().invoke(0, "write", I(1)).ok(0, "write", I(1))
            .invoke(0, "write", I(2)).invoke(1, "read").ok(1, "read", I(seen)).ok(0, "write", I(2));
    };
    EXPECT_EQ(h(1).check("register"), kYes);
    EXPECT_EQ(h(2).check("register"), kYes);
    EXPECT_EQ(h(3).check("register"), kNo);
}

TEST(Register, FailedWriteDidNotHappen) {
    EXPECT_EQ(H().invoke(0, "write", I(1)).fail(0, "write", I(1)).invoke(1, "read").ok(1, "read", I(1)).check("register"), kNo);
    EXPECT_EQ(H().invoke(0, "write", I(1)).fail(0, "write", I(1)).invoke(1, "read").ok(1, "read").check("register"), kYes);
}

TEST(Register, InfoWriteMayOrMayNotHaveHappened) {
    auto h = [](bool read_it) {
        H h;
        h.invoke(0, "write", I(1)).info(0, "write");
        if (read_it) h.invoke(1, "read").ok(1, "read", I(1));
        else h.invoke(1, "read").ok(1, "read");
        return h;
    };
    EXPECT_EQ(h(true).check("register"), kYes);
    EXPECT_EQ(h(false).check("register"), kYes);
}

TEST(Register, InfoWriteMayTakeEffectLongAfterItsInfo) {
    // Read nil, then 1, then nil is impossible with one write of 1 and nothing else... but here the
    // register goes nil -> 1 once, late: both reads before it see nil, the last one sees 1.
    EXPECT_EQ(H().invoke(0, "write", I(1)).info(0, "write")
                  .invoke(1, "read").ok(1, "read")
                  .invoke(1, "read").ok(1, "read", I(1)).check("register"),
              kYes);
    // Once seen, the value cannot be unseen: a single write of 1 cannot explain nil after 1.
    EXPECT_EQ(H().invoke(0, "write", I(1)).info(0, "write")
                  .invoke(1, "read").ok(1, "read", I(1))
                  .invoke(1, "read").ok(1, "read").check("register"),
              kNo);
}

TEST(Register, InfoWriteCannotHappenBeforeItsInvoke) {
    EXPECT_EQ(H().invoke(1, "read").ok(1, "read", I(1)).invoke(0, "write", I(1)).info(0, "write").check("register"), kNo);
}

TEST(Register, PendingWriteMayHaveHappened) {
    EXPECT_EQ(H().invoke(0, "write", I(4)).invoke(1, "read").ok(1, "read", I(4)).check("register"), kYes);
    EXPECT_EQ(H().invoke(0, "write", I(4)).invoke(1, "read").ok(1, "read").check("register"), kYes);
}

TEST(Register, InfoReadConstrainsNothing) {
    EXPECT_EQ(H().invoke(0, "write", I(1)).ok(0, "write", I(1)).invoke(1, "read").info(1, "read", I(7)).check("register"), kYes);
}

TEST(CasRegister, CasSwapsOnlyWhenExpectedMatches) {
    EXPECT_EQ(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                  .invoke(0, "cas", L({I(1), I(2)})).ok(0, "cas", L({I(1), I(2)}))
                  .invoke(1, "read").ok(1, "read", I(2)).check(),
              kYes);
    EXPECT_EQ(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                  .invoke(0, "cas", L({I(3), I(2)})).ok(0, "cas", L({I(3), I(2)})).check(),
              kNo);
}

TEST(CasRegister, FailedCasIsDropped) {
    EXPECT_EQ(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                  .invoke(0, "cas", L({I(3), I(2)})).fail(0, "cas", L({I(3), I(2)}))
                  .invoke(1, "read").ok(1, "read", I(1)).check(),
              kYes);
}

TEST(CasRegister, IndeterminateCasMayHaveSwapped) {
    EXPECT_EQ(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                  .invoke(0, "cas", L({I(1), I(2)})).info(0, "cas")
                  .invoke(1, "read").ok(1, "read", I(2)).check(),
              kYes);
    EXPECT_EQ(H().invoke(0, "write", I(1)).ok(0, "write", I(1))
                  .invoke(0, "cas", L({I(0), I(2)})).info(0, "cas")
                  .invoke(1, "read").ok(1, "read", I(2)).check(),
              kNo);
}

TEST(CasRegister, MalformedCasIsAnInputError) {
    EXPECT_THROW(H().invoke(0, "cas", I(3)).ok(0, "cas", I(3)).check(), InputError);
}

TEST(Register, UnknownFunctionIsAnInputErrorListingTheAcceptedOnes) {
    try {
        H().invoke(0, "cas", L({I(1), I(2)})).ok(0, "cas", L({I(1), I(2)})).check("register");
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("read, write"), std::string::npos) << e.what();
        EXPECT_EQ(e.pos().line, 1u);
    }
}

TEST(Registry, KnowsTheRegisterModels) {
    EXPECT_NE(make_model("register"), nullptr);
    EXPECT_NE(make_model("cas-register"), nullptr);
    EXPECT_EQ(make_model("no-such-model"), nullptr);
}

// QueryPruning::unblocking_follows_states (the index of HopelessQueries by the states updates leave)
// is a promise about keeps_hopeless: an update leaving a state keeps a read needing another hopeless.
// Checked on every pair of writes, cas (completed or not) and reads over a few values, under each
// option that changes what a read needs.
TEST(CasRegister, UnblockingFollowsTheStatesLeftAndNeeded) {
    const std::vector<Value> values = {Value::nil(), I(0), I(1), I(2), Value::string("a")};
    std::vector<Operation> updates, reads;
    for (const Value& v : values) {
        for (const Outcome outcome : {Outcome::ok, Outcome::info}) {
            Operation w;
            w.f = "write";
            w.value = v;
            w.outcome = outcome;
            updates.push_back(w);
            for (const Value& from : values) {
                Operation c = w;
                c.f = "cas";
                c.value = L({from, v});
                updates.push_back(c);
            }
        }
        Operation r;
        r.f = "read";
        r.value = v;
        reads.push_back(r);
    }
    ModelOptions wildcard;
    wildcard.nil_read_is_unknown = true;
    ModelOptions zero;
    zero.initial = I(0);
    int checked = 0;
    for (const char* name : {"register", "cas-register"}) {
        for (const ModelOptions& options : {ModelOptions{}, wildcard, zero}) {
            const auto model = make_model(name, options);
            const QueryPruning& pruning = *model->query_pruning();
            ASSERT_TRUE(pruning.unblocking_follows_states()) << name;
            for (const Operation& u : updates) {
                if (u.f == "cas" && std::string_view(name) == "register") continue;
                const auto leaves = model->leaves_state(u);
                ASSERT_TRUE(leaves.has_value()) << "every update leaves a state: " << model->describe_op(u, Value::Notation::edn);
                for (const Operation& q : reads) {
                    const auto needs = model->needs_state(q);
                    if (!needs) continue;  // a wildcard read: the search looks at every update for it
                    if (*leaves != *needs) {
                        EXPECT_TRUE(pruning.keeps_hopeless(u, q))
                            << model->describe_op(u, Value::Notation::edn) << " / " << model->describe_op(q, Value::Notation::edn);
                        ++checked;
                    }
                }
            }
        }
    }
    EXPECT_GT(checked, 700);
}

// Only the register models make that promise: a model that starts to (kv, set...) needs its argument
// in its code and a test like the one above.
TEST(CasRegister, OnlyRegistersPromiseUnblockingFollowsStates) {
    for (const ModelInfo& info : all_models()) {
        const auto model = info.make({});
        const QueryPruning* pruning = model->query_pruning();
        const bool promises = pruning && pruning->unblocking_follows_states();
        EXPECT_EQ(promises, info.name == "register" || info.name == "cas-register") << info.name;
    }
}

}  // namespace
}  // namespace lincheck
