// The entry points: check_operations and detail::search, on one reused Search per thread.
//
// Each thread reuses one Search (a workspace): prepare() clears every part but keeps its memory, so
// that checking many small keys one after another allocates next to nothing. A workspace holding over
// Search::kKeepBytes after a search is freed; one that ends near its deadline is freed later
// (../deferred_free.hpp).
#include <memory>

#include "../deferred_free.hpp"
#include "wgl.hpp"

namespace lincheck {

CheckResult check_operations(const Model& model, std::span<const Operation> ops, const CheckLimits& limits) {
    return detail::search(model, ops, limits, {});
}

CheckResult detail::search(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                           const SearchRequest& request) {
    using wgl::Search;
    // Each thread keeps one workspace; a search started while it is in use (none does so today) gets
    // a fresh one.
    thread_local std::unique_ptr<Search> workspace;
    thread_local bool busy = false;
    if (busy) {
        Search search;
        search.prepare(model, ops, limits);
        return search.run(request);
    }
    if (!workspace) workspace = std::make_unique<Search>();
    detail::free_deferred_if_time(limits);
    struct Release {
        const CheckLimits& limits;
        ~Release() {
            busy = false;
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
    workspace->prepare(model, ops, limits);
    return workspace->run(request);
}

}  // namespace lincheck
