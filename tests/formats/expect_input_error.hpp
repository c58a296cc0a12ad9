#pragma once
// Checks that reading fails with an InputError at a given line and column whose message says something.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "lincheck/history.hpp"

namespace lincheck::testing {

inline void expect_input_error(const std::function<void()>& read, std::uint32_t line, std::uint32_t column,
                               const std::string& words) {
    try {
        read();
        ADD_FAILURE() << "expected an InputError saying: " << words;
    } catch (const InputError& e) {
        EXPECT_EQ(e.pos().line, line) << e.what();
        EXPECT_EQ(e.pos().column, column) << e.what();
        EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << "message: " << e.what();
    }
}

}  // namespace lincheck::testing
