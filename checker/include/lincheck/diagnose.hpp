#pragma once
// Diagnosis hints: known patterns behind a failure, named so that a person knows where to look.
#include <span>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/window.hpp"

namespace lincheck {

struct Hint {
    // never-written, failed-write-observed, read-before-write, stale-read, zero-as-nil, double-consume, model
    std::string code;
    std::string text;
};

// `ops` are the partition's operations, `failed` the ones the log marked `fail` (same key), `window`
// the failure found in `ops`.
std::vector<Hint> diagnose(const Model& model, std::span<const Operation> ops, std::span<const Operation> failed,
                           const FailureWindow& window, Value::Notation notation);

}  // namespace lincheck
