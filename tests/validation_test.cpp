// Validation before a check (check.cpp): the first offending operation's error, whichever kind it is
// (an `f` the model lacks, an argument missing or contradicted, a value the model rejects), with the
// same message on the small-history path (checks inline, the last `f`s remembered) and on the
// parallel one (validate_operations with threads, a history of kParallelFrom operations or more).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/internal/check_knobs.hpp"
#include "lincheck/models.hpp"

namespace lincheck {
namespace {

Operation op_of(std::int64_t process, std::string f, Value value, std::uint64_t call) {
    Operation op;
    op.process = process;
    op.f = std::move(f);
    op.value = std::move(value);
    op.call = call;
    op.ret = call + 1;
    op.invoke_pos.line = static_cast<std::uint32_t>(call + 1);
    return op;
}

// n valid cas-register operations: reads, writes and cas in turn (runs of one f and alternations).
std::vector<Operation> valid_ops(std::size_t n) {
    std::vector<Operation> ops;
    for (std::size_t i = 0; i < n; ++i) {
        const auto call = static_cast<std::uint64_t>(2 * i);
        switch ((i / 3 + i) % 3) {
            case 0: ops.push_back(op_of(0, "read", Value(), call)); break;
            case 1: ops.push_back(op_of(1, "write", Value::integer(static_cast<std::int64_t>(i % 5)), call)); break;
            default: ops.push_back(op_of(2, "cas", Value::list({Value::integer(1), Value::integer(2)}), call)); break;
        }
    }
    return ops;
}

// The message validation throws for `ops` (empty: none), by check_history and by validate_operations.
std::string error_of(const std::vector<Operation>& ops, unsigned threads) {
    const auto model = make_model("cas-register");
    std::string by_check, by_validate;
    try {
        HistoryOptions options;
        options.jobs = threads;
        (void)check_history(*model, std::span<const Operation>(ops), {}, options);
    } catch (const InputError& e) {
        by_check = e.what() + std::string(" @") + std::to_string(e.pos().line);
    }
    try {
        validate_operations(*model, ops, threads);
    } catch (const InputError& e) {
        by_validate = e.what() + std::string(" @") + std::to_string(e.pos().line);
    }
    EXPECT_EQ(by_check, by_validate);
    return by_validate;
}

struct Bad {
    const char* what;
    void (*spoil)(Operation&);
    const char* says;
};

const Bad kBad[] = {
    {"unknown f", [](Operation& op) { op.f = "wrte"; },
     "operation `wrte` by process 1 is not an operation of model cas-register (it accepts: read, write, cas)"},
    {"missing argument", [](Operation& op) { op.f = "write"; op.value = Value(); op.value_missing = true; },
     "`write` by process 1 carries no value, on its invoke or its completion; model cas-register needs the "
     "argument of `write` (write null explicitly where null is meant)"},
    {"rejected value", [](Operation& op) { op.f = "cas"; op.value = Value::integer(3); },
     "`cas` needs a value [expected new], got 3 (operation `cas` by process 1, model cas-register)"},
};

TEST(Validation, TheFirstOffendingOperationWinsOnEveryPath) {
    for (const std::size_t n : {std::size_t{40}, internal::kParallelFrom + 500}) {
        EXPECT_EQ(error_of(valid_ops(n), 1), "") << n;
        for (const Bad& first : kBad) {
            for (const Bad& second : kBad) {
                for (const std::size_t at : {std::size_t{0}, std::size_t{7}, n - 2}) {
                    std::vector<Operation> ops = valid_ops(n);
                    ops[at].process = 1;
                    first.spoil(ops[at]);
                    ops[at + 1].process = 1;
                    second.spoil(ops[at + 1]);
                    const std::string expected = std::string(first.says) + " @" + std::to_string(ops[at].invoke_pos.line);
                    for (const unsigned threads : {1u, 2u}) {
                        EXPECT_EQ(error_of(ops, threads), expected)
                            << n << " ops, " << first.what << " then " << second.what << " at " << at << ", threads " << threads;
                    }
                }
            }
        }
    }
}

// A read's completion may differ from its invoke (its result); a write's may repeat its argument.
TEST(Validation, ReadsAndRepeatedArgumentsPass) {
    std::vector<Operation> ops = valid_ops(40);
    for (Operation& op : ops) {
        if (op.f == "read") {
            op.value = Value::integer(1);
            op.completion_differs = true;
        }
    }
    EXPECT_EQ(error_of(ops, 1), "");
}

}  // namespace
}  // namespace lincheck
