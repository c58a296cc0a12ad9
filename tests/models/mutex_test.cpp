#include <gtest/gtest.h>

#include "support/history_builder.hpp"
#include "support/hints.hpp"

namespace lincheck {
namespace {

using testing::H;
using testing::S;

constexpr auto kYes = Verdict::linearizable;
constexpr auto kNo = Verdict::not_linearizable;

TEST(Mutex, AcquireReleaseAcquire) {
    EXPECT_EQ(H().invoke(0, "acquire").ok(0, "acquire").invoke(0, "release").ok(0, "release")
                  .invoke(1, "acquire").ok(1, "acquire").check("mutex"),
              kYes);
}

TEST(Mutex, TwoHoldersAtOnceIsAViolation) {
    EXPECT_EQ(H().invoke(0, "acquire").ok(0, "acquire").invoke(1, "acquire").ok(1, "acquire").check("mutex"), kNo);
    // Even when the acquires overlap: only one can take effect before a release.
    EXPECT_EQ(H().invoke(0, "acquire").invoke(1, "acquire").ok(0, "acquire").ok(1, "acquire").check("mutex"), kNo);
}

TEST(Mutex, ReleaseOfAFreeLockIsAViolation) {
    EXPECT_EQ(H().invoke(0, "release").ok(0, "release").check("mutex"), kNo);
}

TEST(Mutex, ARefusedOperationIsLoggedFailAndDropped) {
    EXPECT_EQ(H().invoke(0, "release").fail(0, "release", testing::K("not-held"))
                  .invoke(0, "acquire").ok(0, "acquire").invoke(1, "acquire").fail(1, "acquire").check("mutex"),
              kYes);
}

TEST(Mutex, InfoAcquireMayOrMayNotHaveHappened) {
    // Another process acquires: the info acquire did not happen (yet).
    EXPECT_EQ(H().invoke(0, "acquire").info(0, "acquire").invoke(1, "acquire").ok(1, "acquire").check("mutex"), kYes);
    // A release with no other acquire: the info acquire happened.
    EXPECT_EQ(H().invoke(0, "acquire").info(0, "acquire").invoke(1, "release").ok(1, "release").check("mutex"), kYes);
    // It cannot have happened twice.
    EXPECT_EQ(H().invoke(0, "acquire").info(0, "acquire").invoke(1, "release").ok(1, "release")
                  .invoke(1, "release").ok(1, "release").check("mutex"),
              kNo);
}

TEST(Mutex, InitiallyHeld) {
    ModelOptions held;
    held.initial = Value::boolean(true);
    EXPECT_EQ(H().invoke(0, "release").ok(0, "release").check("mutex", held), kYes);
    EXPECT_EQ(H().invoke(0, "acquire").ok(0, "acquire").check("mutex", held), kNo);
    held.initial = S("held");
    EXPECT_THROW(make_model("mutex", held), ModelError);
}

TEST(Mutex, ValuesAreIgnored) {
    EXPECT_EQ(H().invoke(0, "acquire", S("lock-1")).ok(0, "acquire", S("lock-1"))
                  .invoke(0, "release", testing::I(0)).ok(0, "release").check("mutex"),
              kYes);
}

TEST(Mutex, Describes) {
    const auto model = make_model("mutex");
    const auto ops = H().invoke(0, "acquire", S("x")).ok(0, "acquire").ops();
    EXPECT_EQ(model->describe_op(ops[0], Value::Notation::json), "acquire");
    EXPECT_EQ(model->describe_state(Value::boolean(true), Value::Notation::json), "held");
    EXPECT_EQ(model->describe_state(model->initial_state(), Value::Notation::json), "free");
}

using Hints = std::vector<std::string>;

TEST(Mutex, HintsSayWhyTheLockRefused) {
    EXPECT_EQ(testing::hints_for(H().invoke(0, "acquire").ok(0, "acquire").invoke(1, "acquire").ok(1, "acquire"), "mutex"),
              (Hints{"model: the lock was already held: acquired again before a release",
                     "lock-held: process 0 held the lock when this acquire returned: process 0's acquire (lines 1–2) "
                     "completed too, and no release could take effect between the two (none ran between them)"}));
    EXPECT_EQ(testing::hints_for(H().invoke(0, "release").ok(0, "release"), "mutex"),
              Hints{"model: the lock was free: released while nobody held it"});
}

}  // namespace
}  // namespace lincheck
