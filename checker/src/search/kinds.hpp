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

#include "../flat_index.hpp"
#include "common.hpp"
#include "lincheck/model.hpp"

namespace lincheck::detail::wgl {

class Kinds {
public:
    // Empties every table for the next search (keeping their memory).
    void reset();
    // Selects and numbers `ops` (which must outlive the search) and compiles their kinds.
    void select(const Model& model, std::span<const Operation> ops);
    std::size_t capacity_bytes() const;

    std::uint32_t ops() const { return static_cast<std::uint32_t>(active.size()); }
    std::size_t count() const { return kind_example.size(); }
    // The caller's operation of local op j.
    const Operation& op(std::uint32_t j) const { return all_ops_[active[j]]; }
    // An operation of kind k, to step the model with.
    const Operation& example(std::uint32_t k) const { return op(kind_example[k]); }

    std::vector<std::size_t> active;            // local op -> index in the caller's operations
    std::vector<std::uint32_t> kind;            // local op -> kind
    std::vector<std::uint32_t> kind_example;    // kind -> a local op of that kind
    std::vector<std::uint32_t> prev_same_kind;  // indeterminate op -> earlier-called one of its kind
    std::vector<std::uint8_t> query;            // local op -> a completed query (never changes the state)
    std::vector<std::uint8_t> overwrites;       // local op -> Model::overwrites
    std::size_t completed_total = 0;
    std::size_t dropped_queries = 0;

private:
    std::span<const Operation> all_ops_;
    std::vector<std::size_t> order_;           // all_ops_ in call order (only when they are not already)
    std::vector<std::uint32_t> last_of_kind_;  // kind -> its latest indeterminate op so far (set-up)
    FlatIndex kind_index_;                     // KindKey -> kind (set-up)
};

}  // namespace lincheck::detail::wgl
