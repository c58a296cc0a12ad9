#pragma once
// Diagnosis hints: known patterns behind a failure, named so that a person knows where to look.
#include <span>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/window.hpp"

namespace lincheck {

struct Hint {
    // never-written, other-key, failed-write-observed, read-before-write, stale-read, lost-write,
    // zero-as-nil, double-consume, never-added, lock-held, model
    std::string code;
    std::string text;
    // The operations the text names (besides the failing one), as indices into the partition's ops:
    // what a picture of the failure must show. Operations of other keys or logged `fail` are named below.
    std::vector<std::size_t> ops;
    // The operations logged `fail` the text names, as indices into diagnose's `failed` (a picture
    // draws them struck through: they did not happen, yet their value was seen).
    std::vector<std::size_t> failed_ops = {};
    // The operations of other keys the text names (`other-key`: the write of the value read, to another
    // key), as indices into diagnose's `other_keys` and into that partition's ops.
    struct OtherKeyOp {
        std::size_t partition;
        std::size_t op;
        bool operator==(const OtherKeyOp&) const = default;
    };
    std::vector<OtherKeyOp> other_key_ops = {};
};

// `ops` are the partition's operations, `failed` the ones the log marked `fail` (same key), `window`
// the failure found in `ops`. `other_keys` (optional): the other partitions of a keyed history, to
// say when a value was written to another key.
std::vector<Hint> diagnose(const Model& model, std::span<const Operation> ops, std::span<const Operation> failed,
                           const FailureWindow& window, Value::Notation notation,
                           std::span<const PartitionResult> other_keys = {});

}  // namespace lincheck
