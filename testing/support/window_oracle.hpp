#pragma once
// The smallest failing window's definition (lincheck/window.hpp), re-derived with the brute-force
// oracle: shared by tests/window_test.cpp and the fuzz_checker target.
#include <cstdint>
#include <span>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/model.hpp"

namespace lincheck::testing {

// `op` made optional: a completed operation becomes indeterminate (it may or may not take effect).
Operation optional_copy(Operation op);

// Does the window cut at tick `t` and ending at the completion of ops[x] fail from every state the
// history before the cut allows? Operations running across the cut are optional on both sides; those
// completing after ops[x] are optional inside. `start`, when given, receives the window's start states.
// The cut window at tick `t` (as window_fails builds it): its operations (optional ones already made
// indeterminate), each one's index in `ops`, and its start states (by enumeration).
struct CutWindow {
    std::vector<Operation> ops;
    std::vector<std::size_t> origin;
    std::vector<Value> start;
};
CutWindow cut_window(const Model& model, std::span<const Operation> ops, std::size_t x, std::uint64_t t);

bool window_fails(const Model& model, std::span<const Operation> ops, std::size_t x, std::uint64_t t,
                  std::vector<Value>* start = nullptr);

}  // namespace lincheck::testing
