#pragma once
// An ASCII picture of some operations in real time: one row per process, a bar from each operation's
// invoke to its completion (open-ended for indeterminate ones), the failing operation marked.
#include <span>
#include <string>
#include <vector>

#include "lincheck/model.hpp"

namespace lincheck {

// `shown` are indices into `ops`; `marked` is the operation to flag (or ops.size() for none). `labels`
// (optional, aligned with `ops`): a label to use instead of the model's words where not empty.
std::string ascii_timeline(const Model& model, std::span<const Operation> ops, std::span<const std::size_t> shown,
                           std::size_t marked, Value::Notation notation, std::size_t width = 100,
                           std::span<const std::string> labels = {});

}  // namespace lincheck
