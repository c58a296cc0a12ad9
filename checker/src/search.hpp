#pragma once
// The search with the options the explanation needs; check_operations is its everyday front.
#include <span>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/internal/search_paths.hpp"
#include "search/small_input.hpp"

namespace lincheck::detail {

struct SearchRequest {
    // Start from each of these states (empty: the model's initial state).
    std::vector<Value> initial_states;
    // Do not stop at the first linearization: explore them all and report, in
    // CheckResult::final_states, every state in which one can end.
    bool collect_final_states = false;
    // The caller reads the verdict alone (and unknown_reason): no linearization, no counterexample.
    bool verdict_only = false;
    // With verdict_only: the stats are still filled, as a full search fills them (a few stores; check_history's
    // verdict-first mode, HistoryOptions::verdict_only, reports them).
    bool with_stats = false;
    // false: without the model's QueryPruning (Model::query_pruning) and the queue's shortcuts (the
    // dominance among crashed ops, states cut to what the dequeues left reach: search/loop.cpp). The
    // verdict is the same; the counterexample's longest prefix and states before are the ones the plain
    // search reaches, which those may cut short or leave out (refine_counterexample).
    bool query_pruning = true;
};

// The one search (checker/src/search/); every engine and front calls it here.
CheckResult search(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                   const SearchRequest& request);
// The same into `out`, every field of which it sets; out's linearization keeps its memory (a
// check_history_into partition's result: no allocation per key for it).
void search_into(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                 const SearchRequest& request, CheckResult& out);
// search_into for the operations all[indices[0]], all[indices[1]], ... (a key of a history, read where
// it is: check_history's verdict-first mode copies no Operation). The search is the one `search_into`
// makes of those operations copied in that order: the same kinds, configurations and steps, and indices
// in the result are places in `indices`. With request.verdict_only, only out's verdict, unknown_reason
// and (with_stats) stats are written.
void search_indexed_into(const Model& model, std::span<const Operation> all, std::span<const std::size_t> indices,
                         const CheckLimits& limits, const SearchRequest& request, CheckResult& out);

// memory.model().functions(), asked once and kept (validation reads it on every check).
const std::vector<std::string>& model_functions(SearchMemory& memory);

// For a caller that knows its operations' kinds (the Recorder, which learns them per record shape):
// prepare_memory starts `memory` over if a search within `limits` should not use it as it is (its
// generation then changes, and kind ids from before mean nothing); kind_in is op's kind in it.
void prepare_memory(SearchMemory& memory, const CheckLimits& limits);
std::uint64_t memory_generation(SearchMemory& memory);
std::uint32_t kind_in(SearchMemory& memory, const Operation& op);
// Searches pre-built input of the small path (search/small_input.hpp): each object of `input` in
// turn, for the verdict only (SearchRequest::verdict_only): the first verdict that is not
// `linearizable`, else `linearizable`. The kinds are `memory`'s (after prepare_memory); it never
// starts the memory over.
Verdict search_small(SearchMemory& memory, const SmallInput& input, const CheckLimits& limits);

// While one lives, searches of memory's model on this thread use `memory` (check_history's partitions
// checked on the calling thread go through engines that call `search`).
class MemoryScope {
public:
    explicit MemoryScope(SearchMemory* memory);
    ~MemoryScope();
    MemoryScope(const MemoryScope&) = delete;
    MemoryScope& operator=(const MemoryScope&) = delete;

private:
    SearchMemory* previous_;
};

}  // namespace lincheck::detail
