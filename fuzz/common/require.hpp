#pragma once
// How a fuzz property says an invariant broke: `Bug`, which nothing catches, so that libFuzzer reports
// it as a crash (std::terminate) and tests/fuzz_regressions_test.cpp as a failure. Bad input is not a
// bug: readers, pairing and validation throw InputError, which the properties catch.
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include "lincheck/history.hpp"

namespace lincheck::fuzz {

class Bug : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

namespace detail {

// Partitions with at most this many operations are also checked by the brute-force oracle.
inline constexpr std::size_t kOracleMaxOps = 7;

// The operations, one a line, for a failure message.
std::string dump(std::span<const Operation> ops);

inline void require(bool ok, const std::string& what, std::span<const Operation> ops = {}) {
    if (!ok) throw Bug(what + (ops.empty() ? "" : ":\n" + dump(ops)));
}

}  // namespace detail

}  // namespace lincheck::fuzz
