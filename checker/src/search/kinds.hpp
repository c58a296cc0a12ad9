#pragma once
// The operations a search works on and their kinds.
//
// Indeterminate queries (a timed-out read) are dropped: they can never constrain anything. The others
// get local numbers in call order (`active[j]` is the index in the caller's operations) and a kind:
// what `Model::step` may depend on (f, value, key, completed), so that steps can be memoised per
// (state, kind). Indeterminate operations of one kind are interchangeable (symmetry): `prev_same_kind`
// links each to the earlier-called one of its kind, after which alone it may be linearized.
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common.hpp"
#include "lincheck/model.hpp"
#include "step_memo.hpp"

namespace lincheck::detail::wgl {

class Kinds {
public:
    // Empties every table for the next search (keeping their memory).
    void reset();
    // Selects and numbers `ops` (which must outlive the search) and finds their kinds in `memo`
    // (adding the new ones).
    // `given`: the ops' kinds in `memo` when the caller knows them already (else empty).
    // With `drop_unneeded`, indeterminate ops whose state no op needs (Model::leaves_state) are left out.
    void select(const Model& model, std::span<const Operation> ops, StepMemo& memo,
                std::span<const std::uint32_t> given = {}, bool drop_unneeded = false);

    std::size_t capacity_bytes() const;

    std::uint32_t ops() const { return static_cast<std::uint32_t>(active.size()); }
    // The kinds among this search's operations.
    std::size_t count() const { return used_; }
    // The caller's operation of local op j.
    const Operation& op(std::uint32_t j) const { return all_ops_[active[j]]; }

    std::vector<std::size_t> active;            // local op -> index in the caller's operations
    std::vector<std::uint32_t> kind;            // local op -> kind (the memo's number)
    std::vector<std::uint32_t> prev_same_kind;  // indeterminate op -> earlier-called one of its kind
    std::vector<std::uint8_t> query;            // local op -> a completed query (never changes the state)
    std::vector<std::uint8_t> overwrites;       // local op -> Model::overwrites
    std::vector<std::uint64_t> call, ret;       // local op -> its call, its return (kNever: none)
    std::vector<std::uint8_t> completed;        // local op -> completed (else indeterminate)
    std::size_t completed_total = 0;
    std::size_t dropped_queries = 0;
    std::size_t dropped_unneeded = 0;

private:
    // Adds caller's op i (kind k) as the next local op.
    void add(std::size_t i, std::uint32_t k, bool is_query, bool overwrites, std::uint64_t call, std::uint64_t ret,
             bool completed);
    // Ends a select.
    void done(StepMemo& memo);

    std::span<const Operation> all_ops_;
    std::vector<std::size_t> order_;           // all_ops_ in call order (only when they are not already)
    // Set-up: kind -> its latest indeterminate op so far plus one (0: none yet), 0 again after.
    std::vector<std::uint32_t> last_of_kind_;
    std::vector<std::uint8_t> seen_;           // kind -> met in this search (set-up), 0 again after
    std::size_t used_ = 0;
};

}  // namespace lincheck::detail::wgl
