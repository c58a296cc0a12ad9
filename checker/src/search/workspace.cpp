// The entry points: check_operations and detail::search, on one reused Search per thread, and the
// caller-kept SearchMemory.
//
// Each thread reuses one Search (a workspace): prepare() clears every part but keeps its memory, so
// that checking many small keys one after another allocates next to nothing. A workspace holding over
// Search::kKeepBytes after a search is freed; one that ends near its deadline is freed later
// (../deferred_free.hpp).
#include <memory>

#include "../deferred_free.hpp"
#include "wgl.hpp"

namespace lincheck {

namespace {

thread_local SearchMemory* scoped_memory = nullptr;  // see detail::MemoryScope
thread_local bool small_path = true;                 // see detail::allow_small_path
thread_local unsigned pruning_min_ops = detail::kQueryPruningMinOps;  // see detail::set_query_pruning_min_ops
thread_local bool pruning_at_once = false;                            // see detail::set_query_pruning_at_once

}  // namespace

struct SearchMemory::Impl {
    detail::wgl::StepMemo memo;
    std::vector<std::string> functions;  // the model's, once asked (detail::model_functions)
    bool functions_known = false;
};

SearchMemory::SearchMemory(std::shared_ptr<const Model> model) : model_(std::move(model)), impl_(std::make_unique<Impl>()) {
    impl_->memo.keep_examples(true);
    impl_->memo.reset();
}
SearchMemory::~SearchMemory() = default;
SearchMemory::SearchMemory(SearchMemory&&) noexcept = default;
SearchMemory& SearchMemory::operator=(SearchMemory&&) noexcept = default;

std::size_t SearchMemory::bytes() const { return impl_->memo.capacity_bytes() + impl_->memo.state_bytes(); }
void SearchMemory::clear() { impl_->memo.reset(); }

void detail::allow_small_path(bool allowed) { small_path = allowed; }
bool detail::small_path_allowed() { return small_path; }
void detail::set_query_pruning_min_ops(unsigned ops) { pruning_min_ops = ops; }
unsigned detail::query_pruning_min_ops() { return pruning_min_ops; }
void detail::set_query_pruning_at_once(bool at_once) { pruning_at_once = at_once; }
bool detail::query_pruning_at_once() { return pruning_at_once; }

detail::MemoryScope::MemoryScope(SearchMemory* memory) : previous_(scoped_memory) { scoped_memory = memory; }
detail::MemoryScope::~MemoryScope() { scoped_memory = previous_; }

CheckResult check_operations(const Model& model, std::span<const Operation> ops, const CheckLimits& limits) {
    return detail::search(model, ops, limits, {});
}

CheckResult check_operations(SearchMemory& memory, std::span<const Operation> ops, const CheckLimits& limits) {
    const detail::MemoryScope scope(&memory);
    return detail::search(memory.model(), ops, limits, {});
}

namespace {

// `run(search)` (which sets the search up and runs it, maybe more than once) on this thread's
// workspace; `fresh(search)` on a fresh Search when the workspace is in use.
template <class Run, class Fresh>
auto on_workspace(const CheckLimits& limits, Run&& run, Fresh&& fresh) {
    using detail::wgl::Search;
    // Each thread keeps one workspace; a search started while it is in use (none does so today) gets
    // a fresh one, with a memo of its own.
    thread_local std::unique_ptr<Search> workspace;
    thread_local bool busy = false;
    if (busy) {
        Search search;
        return fresh(search);
    }
    if (!workspace) workspace = std::make_unique<Search>();
    detail::free_deferred_if_time(limits);
    struct Release {
        const CheckLimits& limits;
        ~Release() {
            busy = false;
            if (workspace->surely_small()) {
                workspace->end();
                return;
            }
            const std::size_t bytes = workspace->held_bytes();
            if (bytes > Search::kKeepBytes && detail::should_defer_freeing(limits, bytes)) {
                // Freeing would pass the deadline: later (deferred_free.hpp).
                workspace->end(false);
                detail::defer_freeing(bytes, [search = workspace.release()] { delete search; });
                return;
            }
            workspace->end();
            // A large search's memory goes back at once, as it would without reuse.
            if (workspace->capacity_bytes() > Search::kKeepBytes) workspace.reset();
        }
    } release{limits};
    busy = true;
    return run(*workspace);
}

}  // namespace

CheckResult detail::search(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                           const SearchRequest& request) {
    CheckResult result;
    search_into(model, ops, limits, request, result);
    return result;
}

void detail::search_into(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                         const SearchRequest& request, CheckResult& out) {
    // The caller's memory, when it was made for this model.
    wgl::StepMemo* memory = scoped_memory && &scoped_memory->model() == &model ? &scoped_memory->impl().memo : nullptr;
    on_workspace(
        limits,
        [&](wgl::Search& search) {
            search.prepare(model, ops, limits, request.collect_final_states, memory);
            if (!request.query_pruning) search.without_query_pruning();
            search.run_into(request, out);
        },
        [&](wgl::Search& search) {
            search.prepare(model, ops, limits, request.collect_final_states);
            if (!request.query_pruning) search.without_query_pruning();
            search.run_into(request, out);
        });
}

void detail::search_indexed_into(const Model& model, std::span<const Operation> all, std::span<const std::size_t> indices,
                                 const CheckLimits& limits, const SearchRequest& request, CheckResult& out) {
    wgl::StepMemo* memory = scoped_memory && &scoped_memory->model() == &model ? &scoped_memory->impl().memo : nullptr;
    const auto run = [&](wgl::Search& search, wgl::StepMemo* memo) {
        search.prepare(model, all, indices, limits, request.collect_final_states, memo);
        if (!request.query_pruning) search.without_query_pruning();
        if (request.verdict_only) search.run_verdict_into(request, out);
        else search.run_into(request, out);
    };
    on_workspace(
        limits, [&](wgl::Search& search) { run(search, memory); }, [&](wgl::Search& search) { run(search, nullptr); });
}

void detail::prepare_memory(SearchMemory& memory, const CheckLimits& limits) {
    wgl::StepMemo& memo = memory.impl().memo;
    if (wgl::start_over(memo, memory.model(), limits)) memo.reset();
    memo.bind(memory.model(), nullptr);
}

const std::vector<std::string>& detail::model_functions(SearchMemory& memory) {
    SearchMemory::Impl& impl = memory.impl();
    if (!impl.functions_known) {
        impl.functions = memory.model().functions();
        impl.functions_known = true;
    }
    return impl.functions;
}

std::uint64_t detail::memory_generation(SearchMemory& memory) { return memory.impl().memo.generation(); }

std::uint32_t detail::kind_in(SearchMemory& memory, const Operation& op) {
    return memory.impl().memo.kind_of(op, wgl::StepMemo::key_hash(op.key));
}

Verdict detail::search_small(SearchMemory& memory, const SmallInput& input, const CheckLimits& limits) {
    wgl::StepMemo& memo = memory.impl().memo;
    detail::SearchRequest request;
    request.verdict_only = true;
    // One workspace for all the objects, and no CheckResult per object: with a few operations per
    // object, those were a tenth of the Recorder's check. (A search started while the workspace is
    // in use, none does so today, gets the same memory.)
    const auto run = [&](wgl::Search& search) {
        for (std::uint32_t i = 0; i < input.size(); ++i) {
            search.prepare(memo, input, i, limits, i != 0);
            if (const Verdict v = search.run_verdict(request); v != Verdict::linearizable) return v;
        }
        return Verdict::linearizable;
    };
    return on_workspace(limits, run, run);
}

}  // namespace lincheck
