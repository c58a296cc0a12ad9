#pragma once
// The operations a search works on and their kinds.
//
// Indeterminate queries (a timed-out read) are dropped: they can never constrain anything. The others
// get local numbers in call order (`active[j]` is the index in the caller's operations) and a kind:
// what `Model::step` may depend on (f, value, key, completed), so that steps can be memoised per
// (state, kind). Indeterminate operations of one kind are interchangeable (symmetry): `prev_same_kind`
// links each to the earlier-called one of its kind, after which alone it may be linearized.
#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "../search.hpp"
#include "common.hpp"
#include "lincheck/model.hpp"
#include "step_memo.hpp"

namespace lincheck::detail::wgl {

class Kinds {
public:
    // Empties every table for the next search (keeping their memory).
    void reset() {
        // seen_ is stamped (last_of_kind_ is zero again after each select): nothing to walk.
        if (++stamp_ == 0) [[unlikely]] restamp();
        ops_ = 0;
        used_ = 0;
        uncounted_ = false;
        completed_total = 0;
        dropped_queries = 0;
        dropped_unneeded = 0;
    }
    // Selects and numbers `ops` and finds their kinds in `memo` (adding the new ones). With
    // `drop_unneeded`, indeterminate ops whose state no op needs (Model::leaves_state) are left out.
    // Nothing after the set-up reads the operations: the model's hooks are asked about memo.example.
    void select(std::span<const Operation> ops, StepMemo& memo, bool drop_unneeded = false);
    // The same for the operations all[indices[0]], all[indices[1]], ... read where they are: what select
    // does with them copied in that order (`active` holds places in `indices`).
    void select(std::span<const Operation> all, std::span<const std::size_t> indices, StepMemo& memo,
                bool drop_unneeded = false);
    // The same for a pre-built object of the small path (small_input.hpp), read where it is: the
    // tables below point into it (local op j is the object's op j, `active[j] == j`), none is left
    // out (the caller leaves out indeterminate queries). call and ret are not set: the entries come
    // built (EntryList::build_small).
    void select_small(const SmallInput::Object& object, StepMemo& memo) {
        active = kIdentity.data();
        kind = object.kind;
        prev_same_kind = object.prev_same_kind;
        query = object.query;
        overwrites = object.overwrites;
        completed = object.completed;
        uncounted_ = true;
        memo_kinds_ = memo.kinds();
        ops_ = object.ops;
        completed_total = object.completed_ops;
        memo.fit_kinds();
    }

    std::size_t capacity_bytes() const;

    std::uint32_t ops() const { return ops_; }
    // The kinds among this search's operations.
    // (select_small leaves it to be counted here, when asked: a verdict-only search never asks.)
    std::size_t count() const {
        if (uncounted_) count_used();
        return used_;
    }

    // Per local op 0..ops()-1: views of the search's own tables (select) or of a SmallInput object
    // (select_small). Read-only: only select writes, into the own ones.
    const std::size_t* active = nullptr;            // local op -> index in the caller's operations
    const std::uint32_t* kind = nullptr;            // local op -> kind (the memo's number)
    const std::uint32_t* prev_same_kind = nullptr;  // indeterminate op -> earlier-called one of its kind
    const std::uint8_t* query = nullptr;            // local op -> a completed query (never changes the state)
    const std::uint8_t* overwrites = nullptr;       // local op -> Model::overwrites
    const std::uint8_t* completed = nullptr;        // local op -> completed (else indeterminate)
    std::vector<std::uint64_t> call, ret;           // local op -> its call, its return (kNever: none); select only
    std::size_t completed_total = 0;
    std::size_t dropped_queries = 0;
    std::size_t dropped_unneeded = 0;

private:
    // active[] of a SmallInput object: local op j is the object's op j.
    static constexpr std::array<std::size_t, SmallInput::kMaxOps> kIdentity = [] {
        std::array<std::size_t, SmallInput::kMaxOps> a{};
        for (std::size_t j = 0; j < a.size(); ++j) a[j] = j;
        return a;
    }();
    // Makes the own per-op tables hold `n` ops and the per-kind ones every kind of `memo`, and points
    // the views at the own tables.
    void fit(std::size_t n, const StepMemo& memo) {
        if (active_.size() < n || last_of_kind_.size() < memo.kinds() || seen_.size() < memo.kinds()) grow(n, memo);  // usually they fit
        active = active_.data();
        kind = kind_.data();
        prev_same_kind = prev_same_kind_.data();
        query = query_.data();
        overwrites = overwrites_.data();
        completed = completed_.data();
    }
    void grow(std::size_t n, const StepMemo& memo);
    // The own per-op tables (select writes them; the views above point at them then).
    std::vector<std::size_t> active_;
    std::vector<std::uint32_t> kind_, prev_same_kind_;
    std::vector<std::uint8_t> query_, overwrites_, completed_;
    // An operation as select takes it: its kind in the memo and its times (ret: kNever unless completed).
    struct Taken {
        std::uint32_t kind;
        std::uint64_t call, ret;
        bool completed;
    };
    // Adds the `n` ops `at(k)` gives ({caller's index, Taken}, in call order), leaving out the
    // indeterminate queries and (with drop_unneeded) the unneeded indeterminate ops.
    template <class At>
    void take(std::size_t n, At&& at, StepMemo& memo, bool drop_unneeded);
    // take when every op completed (none is left out, none waits for an earlier one of its kind), in
    // one pass.
    template <class At>
    void take_completed(std::size_t n, At&& at, StepMemo& memo);
    // One completed op at `j` (caller's index i, kind kd with the memo's flags), as both one-pass
    // selects write it.
    void put_completed(std::uint32_t j, std::size_t i, std::uint32_t kd, std::uint8_t flags, std::uint64_t call_at,
                       std::uint64_t ret_at) {
        active_[j] = i;
        kind_[j] = kd;
        prev_same_kind_[j] = kNone;
        query_[j] = StepMemo::query_flag(flags) != 0;
        overwrites_[j] = StepMemo::overwrites_flag(flags);
        call[j] = call_at;
        ret[j] = ret_at;
        completed_[j] = 1;
        used_ += seen_[kd] != stamp_;
        seen_[kd] = stamp_;
    }
    // Ends a select.
    void done(StepMemo& memo);
    // select for the `n` operations `op(i)` gives (i < n).
    template <class Op>
    void select_from(std::size_t n, Op&& op, StepMemo& memo, bool drop_unneeded);
    // select_from's one pass for operations in call order, all completed.
    template <class Op>
    void select_completed_in_order(std::size_t n, Op& op, StepMemo& memo);

    std::vector<std::size_t> order_;           // the caller's Operations in call order (when they are not already)
    std::vector<std::uint32_t> op_kind_;       // set-up: the kind of each of the caller's Operations
    std::vector<std::uint8_t> needed_;         // set-up: hook value id -> needed by some op, 0 again after
    // Set-up: kind -> its latest indeterminate op so far plus one (0: none yet), 0 again after.
    std::vector<std::uint32_t> last_of_kind_;
    mutable std::vector<std::uint32_t> seen_;  // kind -> stamp_ when met in this search (count() may stamp)
    std::uint32_t stamp_ = 0;                  // this search's (bumped by reset)
    mutable std::size_t used_ = 0;
    mutable bool uncounted_ = false;  // used_ is still to be counted (select_small)
    std::size_t memo_kinds_ = 0;      // select_small: the memo's kinds then (seen_ is sized for them when counted)
    void count_used() const;
    void restamp();  // the stamp wrapped: no kind may look seen
    std::uint32_t ops_ = 0;
};

}  // namespace lincheck::detail::wgl
