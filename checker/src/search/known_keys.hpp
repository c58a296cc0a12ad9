#pragma once
// check_history's verdict-first mode with a kept SearchMemory that has met the history's kinds before
// (a simulator checking many small histories of one model): each operation is read once, in one pass
// that finds its kind in the memory (without adding: the memory learns only what it would have
// learned), tells whether validation can be skipped, and gathers the key's calls and returns in compact
// tables; each qualifying key then goes to the search pre-built (small_input.hpp), as the Recorder's do,
// instead of being selected and sorted from the operations by its search's set-up (Kinds::select,
// EntryList::build, and the validation pass: half of such a check, issue 16 session 13).
//
// The search is the one search_indexed_into makes of the same operations: the same local numbers
// (call order), kinds (the memory's ids), operations left out (indeterminate queries, and
// indeterminate ops leaving a state no op needs, chosen as Kinds::take chooses them), entries (calls
// before returns at equal times, returns by time then call order), and the same memory, bound the same
// way. A key qualifies when its operations are in call order, none returns before its call, the memory
// knows every kind, and at most SmallInput::kMaxOps are taken (the small path). The others, and every
// key searched after the memory started over, are searched from the operations as before.
#include <cstdint>
#include <span>
#include <vector>

#include "../search.hpp"
#include "lincheck/check.hpp"

namespace lincheck::detail {

class KnownKeys {
public:
    static constexpr std::uint32_t kNone = SmallInput::kNone;

    // Whether the verdict-first mode takes `ops` this way: a small history, a memory kept for this
    // model, the search's small path allowed, an engine that searches small keys, and keys on every
    // operation or on none (a history with mixed keys goes the other way, which validates it before
    // refusing it).
    static bool takes(const Model& model, std::span<const Operation> ops, const HistoryOptions& options);

    // Builds an object for each partition (op_indices into `ops`) that qualifies, with `memory`'s kinds
    // as a search of `model` within `limits` would find them (none when it would start over).
    void build(SearchMemory& memory, const Model& model, const CheckLimits& limits, std::span<const Operation> ops,
               std::span<const PartitionResult> partitions);
    // Every operation's kind is one the memory has marked valid (mark_valid) and none needs the
    // argument check (Operation::value_missing or completion_differs on an op whose value is its
    // argument): validating them again would find nothing.
    bool all_valid() const { return all_valid_; }
    // After every operation passed validation: the kinds of the qualifying keys' operations are valid.
    void mark_valid();
    // Partition p's object, or kNone: search it from its operations.
    std::uint32_t object(std::size_t p) const { return p < object_.size() ? object_[p] : kNone; }
    // search_small_into for partition p's object: false when the caller must search the operations.
    bool search_into(std::size_t p, const CheckLimits& limits, const SearchRequest& request, CheckResult& out) const;

private:
    // The drops of Kinds::take for the `n` ops from `at`, some indeterminate: taken_ and the count of
    // indeterminate queries left out.
    std::uint32_t choose(std::size_t at, std::size_t n);

    SearchMemory* memory_ = nullptr;
    std::uint64_t generation_ = 0;
    bool all_valid_ = false;
    SmallInput input_;
    std::vector<std::uint32_t> object_;  // by partition
    struct Span {
        std::size_t at, n;  // its ops in the tables below
        bool all_taken;     // none left out
    };
    std::vector<Span> span_;  // by object
    // By op of the qualifying keys, end to end: what the search needs of each, read once.
    std::vector<std::uint32_t> kind_;
    std::vector<std::uint64_t> call_, ret_;
    std::vector<std::uint8_t> completed_, taken_;
    std::vector<std::uint8_t> needed_;  // choose: by hook value id, some op needs it (0 again after)
    struct Return {
        std::uint64_t time;
        std::uint32_t op;
    };
    std::vector<Return> returns_;
    std::vector<std::uint32_t> order_;  // the taken ops of an object, by local number
};

}  // namespace lincheck::detail
