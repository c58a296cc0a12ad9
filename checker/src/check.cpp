#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <span>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "search.hpp"
#include "short_text.hpp"
#include "split_by_key.hpp"
#include "lincheck/check.hpp"
#include "lincheck/internal/check_knobs.hpp"
#include "lincheck/internal/engines.hpp"
#include "lincheck/internal/limits.hpp"

namespace lincheck {

std::ostream& operator<<(std::ostream& out, const EngineNote& note) {
    return out << note.view();
}

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::linearizable: return "linearizable";
        case Verdict::not_linearizable: return "not linearizable";
        case Verdict::unknown: return "unknown";
    }
    return "?";
}

namespace {

// An operation whose value is its argument (Model::value_is_argument) must carry one, and its ok
// completion may repeat it but not change it: otherwise the history says two things, and taking
// either would be a guess.
void check_argument(const Model& model, const Operation& op) {
    if (!op.value_missing && !op.completion_differs) return;
    const std::string words = "`" + op.f + "` by process " + std::to_string(op.process);
    if (op.value_missing) {
        throw InputError(words + " carries no value, on its invoke or its completion; model " +
                             std::string(model.name()) + " needs the argument of `" + op.f +
                             "` (write null explicitly where null is meant)",
                         op.invoke_pos);
    }
    if (op.completion_differs) {
        throw InputError("the ok completion of " + words + " carries " + op.value.to_string() +
                             ", not the argument its invoke at " +
                             (op.invoke_pos.line != 0 ? "line " + std::to_string(op.invoke_pos.line) : describe(op.invoke_pos)) +
                             " carried; the value of `" + op.f + "` is its argument, given by the invoke",
                         op.complete_pos);
    }
}

// The InputError for a value the model's validate rejected.
[[noreturn]] void throw_invalid(const Model& model, const Operation& op, const ModelError& e) {
    throw InputError(std::string(e.what()) + " (operation `" + op.f + "` by process " + std::to_string(op.process) +
                         ", model " + std::string(model.name()) + ")",
                     op.invoke_pos);
}

// Throws InputError when `op` is not valid for `model`, whose functions are `functions`.
// `f_known`: op.f is already known to be one of them.
void validate_one(const Model& model, const std::vector<std::string>& functions, const Operation& op,
                  bool f_known = false) {
    if (!f_known && std::find(functions.begin(), functions.end(), op.f) == functions.end()) {
        std::string accepted;
        for (const auto& f : functions) accepted += (accepted.empty() ? "" : ", ") + f;
        throw InputError("operation `" + op.f + "` by process " + std::to_string(op.process) +
                             " is not an operation of model " + std::string(model.name()) + " (it accepts: " +
                             accepted + ")",
                         op.invoke_pos);
    }
    if ((op.value_missing || op.completion_differs) && model.value_is_argument(op)) check_argument(model, op);
    try {
        model.validate(op);
    } catch (const ModelError& e) {
        throw_invalid(model, op, e);
    }
}

// `Ops`: anything with size() and operator[] giving operations (a span, Joined runs).
// `known`: the model's functions() when the caller has them (a SearchMemory keeps them), else asked here.
template <class Ops>
void validate_all(const Model& model, const Ops& ops, unsigned threads, const std::vector<std::string>* known_functions = nullptr) {
    std::vector<std::string> asked;
    if (!known_functions) asked = model.functions();
    const std::vector<std::string>& functions = known_functions ? *known_functions : asked;
    threads = usable_threads(threads);
    if (threads <= 1 || ops.size() < internal::kParallelFrom) {
        // The look-up in `functions` is skipped for an `f` equal to one of the last two found there
        // (histories mostly alternate between a few), compared by size and first word (head_of: one
        // load) and memcmp only past 8 bytes. Then the checks of validate_one, in its order, with its
        // messages, without a call per op.
        struct Known {
            const std::string* f = nullptr;
            std::uint64_t head = 0;
        } known[2];
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const Operation& op = ops[i];
            const std::uint64_t head = detail::head_of(op.f);
            const auto same = [&](const Known& k) {
                return k.f && k.head == head && k.f->size() == op.f.size() &&
                       (op.f.size() <= 8 || std::memcmp(k.f->data() + 8, op.f.data() + 8, op.f.size() - 8) == 0);
            };
            if (!same(known[0]) && !same(known[1])) {
                const auto it = std::find(functions.begin(), functions.end(), op.f);
                if (it == functions.end()) {
                    validate_one(model, functions, op);  // throws: not one of the model's functions
                    continue;
                }
                known[1] = known[0];
                known[0] = {&*it, head};
            }
            if ((op.value_missing || op.completion_differs) && model.value_is_argument(op)) check_argument(model, op);
            try {
                model.validate(op);
            } catch (const ModelError& e) {
                throw_invalid(model, op, e);
            }
        }
        return;
    }
    // In parallel: find the first offending operation (errors caught where they are found, never
    // thrown through TBB), then throw its error here.
    std::atomic<std::size_t> first_bad{ops.size()};
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, ops.size(), 4096), [&](const auto& range) {
            for (std::size_t i = range.begin(); i < range.end() && i < first_bad.load(std::memory_order_relaxed); ++i) {
                try {
                    validate_one(model, functions, ops[i]);
                } catch (const InputError&) {
                    std::size_t current = first_bad.load();
                    while (i < current && !first_bad.compare_exchange_weak(current, i)) {
                    }
                    return;
                }
            }
        });
    });
    if (first_bad < ops.size()) validate_one(model, functions, ops[first_bad]);
}

}  // namespace

unsigned usable_threads(unsigned jobs) {
    const auto cores = static_cast<unsigned>(tbb::info::default_concurrency());
    return jobs == 0 ? cores : std::min(jobs, cores);
}

namespace {

thread_local std::size_t parallel_from_here = internal::kParallelFrom;  // see ParallelFromScope

}  // namespace

internal::ParallelFromScope::ParallelFromScope(std::size_t ops) : previous_(parallel_from_here) {
    parallel_from_here = ops;
}
internal::ParallelFromScope::~ParallelFromScope() { parallel_from_here = previous_; }
std::size_t internal::parallel_from() { return parallel_from_here; }

void validate_operations(const Model& model, std::span<const Operation> ops, unsigned threads) {
    validate_all(model, ops, threads);
}

namespace {

using detail::Joined;
using detail::split_by_key;

unsigned threads_for(const HistoryOptions& options) {
    return usable_threads(options.jobs);
}

// validate_operations, with the model's functions as options.memory keeps them (when it was made for
// this model: asking for them was a vector of strings made and freed per check).
template <class Ops>
void validate_for(const Model& model, const Ops& ops, const HistoryOptions& options) {
    const bool kept = options.memory && &options.memory->model() == &model;
    validate_all(model, ops, threads_for(options), kept ? &detail::model_functions(*options.memory) : nullptr);
}

// `spent`: what the partitions' operations were moved from, freed by one of the threads that check
// (freeing a million moved-from operations takes several milliseconds, not worth a wait).
HistoryResult check_partitions(const Model& model, std::vector<PartitionResult> partitions, std::size_t total_ops,
                               const CheckLimits& limits, const HistoryOptions& options,
                               OperationRuns spent = {});
// The same, for the partitions already in `history`, whose verdict and first failure it sets. With
// `by_index` (the verdict-first mode), the partitions hold op_indices into it and no operations.
void check_partitions_in(const Model& model, HistoryResult& history, std::size_t total_ops, const CheckLimits& limits,
                         const HistoryOptions& options, OperationRuns spent = {},
                         const std::span<const Operation>* by_index = nullptr);
// check_history_into in the verdict-first mode (HistoryOptions::verdict_only).
void check_verdicts_into(const Model& model, std::span<const Operation> ops, HistoryResult& out, const CheckLimits& limits,
                         const HistoryOptions& options);
// What the verdict-first mode leaves of a full result: no operations, linearizations or counterexamples.
void keep_verdicts(HistoryResult& history) {
    for (PartitionResult& partition : history.partitions) {
        std::vector<Operation>().swap(partition.ops);
        std::vector<std::size_t>().swap(partition.result.linearization);
        partition.result.counterexample.reset();
        partition.result.final_states.clear();
    }
}

// One search over every key sees one object unless the model keeps keys apart itself: for any other
// model that search could answer differently from the keys checked apart (the true verdict).
template <class Ops>
void refuse_unpartitioned_keys(const Model& model, const Ops& ops, const HistoryOptions& options) {
    if (options.partition_by_key || model.keeps_keys_apart() || ops.empty() || !ops[0].key) return;
    throw std::invalid_argument(unpartitioned_keys_message(model));
}

}  // namespace

std::string unpartitioned_keys_message(const Model& model) {
    return "the history has keys and model " + std::string(model.name()) +
           " sees one object: one search over every key would mix them up; only a model that keeps keys "
           "apart (kv) can be checked that way";
}

HistoryResult check_history(const Model& model, std::span<const Operation> ops, const CheckLimits& limits,
                            const HistoryOptions& options) {
    if (options.verdict_only) {
        HistoryResult history;
        check_verdicts_into(model, ops, history, limits, options);
        return history;
    }
    refuse_unpartitioned_keys(model, ops, options);
    validate_for(model, ops, options);
    return check_partitions(model, split_by_key(ops, options.partition_by_key, threads_for(options)), ops.size(), limits, options);
}

HistoryResult check_history(const Model& model, std::vector<Operation>&& ops, const CheckLimits& limits,
                            const HistoryOptions& options) {
    if (options.verdict_only) return check_history(model, std::span<const Operation>(ops), limits, options);
    refuse_unpartitioned_keys(model, ops, options);
    validate_for(model, ops, options);
    const std::size_t total = ops.size();
    auto partitions = split_by_key(ops, options.partition_by_key, threads_for(options));
    OperationRuns spent;
    spent.push_back(std::move(ops));
    return check_partitions(model, std::move(partitions), total, limits, options, std::move(spent));
}

void check_history_into(const Model& model, std::span<const Operation> ops, HistoryResult& out, const CheckLimits& limits,
                        const HistoryOptions& options) {
    if (options.verdict_only) return check_verdicts_into(model, ops, out, limits, options);
    refuse_unpartitioned_keys(model, ops, options);
    validate_for(model, ops, options);
    if (ops.empty() || ops.size() >= internal::kParallelFrom) {
        out = check_partitions(model, split_by_key(ops, options.partition_by_key, threads_for(options)), ops.size(), limits, options);
        return;
    }
    detail::refuse_mixed_keys(ops);
    detail::split_small_into(ops, options.partition_by_key && ops.front().key.has_value(), out.partitions);
    check_partitions_in(model, out, ops.size(), limits, options);
}

HistoryResult check_history(const Model& model, OperationRuns&& runs, const CheckLimits& limits,
                            const HistoryOptions& options) {
    Joined ops(runs);
    refuse_unpartitioned_keys(model, ops, options);
    validate_for(model, ops, options);
    auto partitions = split_by_key(ops, options.partition_by_key, threads_for(options));
    HistoryResult history = check_partitions(model, std::move(partitions), ops.size(), limits, options, std::move(runs));
    if (options.verdict_only) keep_verdicts(history);  // the full check, then only what the mode keeps
    return history;
}

namespace {

void check_verdicts_into(const Model& model, std::span<const Operation> ops, HistoryResult& out, const CheckLimits& limits,
                         const HistoryOptions& options) {
    refuse_unpartitioned_keys(model, ops, options);
    validate_for(model, ops, options);
    if (ops.size() < internal::kParallelFrom) {
        detail::refuse_mixed_keys(ops);
        const bool keyed = !ops.empty() && options.partition_by_key && ops.front().key.has_value();
        if (ops.empty()) out.partitions.clear();
        else detail::split_small_into(ops, keyed, out.partitions, false);
    } else {
        out.partitions = split_by_key(ops, options.partition_by_key, threads_for(options), false);
    }
    check_partitions_in(model, out, ops.size(), limits, options, {}, &ops);
}

// One partition in the verdict-first mode: its operations are ops[partition.op_indices[...]]. A key the
// full mode leaves to the search is searched where it is, for its verdict and stats (the search is the
// one the full mode makes: detail::search_indexed_into). A key a fast engine may decide is checked as
// the full mode checks it, on a copy of its operations, and only its verdict, reason, stats, engine
// and note are kept. (Both modes' check of a key is its search alone, so a kept SearchMemory learns
// the same from each; refine_counterexample belongs to the explanation. tests/verdict_only_test.cpp
// compares the memories' effects through the stats.)
void check_verdict(const Model& model, std::span<const Operation> ops, const CheckLimits& limits, Engine choice,
                   PartitionResult& partition) {
    const std::size_t size = partition.op_indices.size();
    if (choice == Engine::search || (choice == Engine::automatic && size < kFastEngineFrom)) {
        // As engines/dispatch.cpp names these.
        static_assert(kFastEngineFrom == 256, "the note below names kFastEngineFrom");
        // (The split left an earlier check's engine: assigning the same text again was a call.)
        if (std::string_view(partition.engine) != "search") partition.engine = "search";
        partition.engine_note = EngineNote::fixed(choice == Engine::search ? "--engine search" : "fewer than 256 operations");
        detail::SearchRequest request;
        request.verdict_only = true;
        request.with_stats = true;
        detail::search_indexed_into(model, ops, partition.op_indices, limits, request, partition.result);
        return;
    }
    thread_local std::vector<Operation> copy;
    copy.clear();
    copy.reserve(size);
    // (emplace_back, not push_back: a second caller of push_back made GCC stop inlining it in
    // split_small, +700 instructions a check of the full mode.)
    for (const std::size_t i : partition.op_indices) copy.emplace_back(ops[i]);
    EngineDecision decision = check_partition(model, copy, limits, choice);
    if (copy.capacity() > 4096) std::vector<Operation>().swap(copy);
    else copy.clear();
    partition.engine = std::move(decision.engine);
    partition.engine_note = std::move(decision.note);
    partition.result.verdict = decision.result.verdict;
    partition.result.unknown_reason = std::move(decision.result.unknown_reason);
    partition.result.stats = decision.result.stats;
}

HistoryResult check_partitions(const Model& model, std::vector<PartitionResult> partitions, std::size_t total_ops,
                               const CheckLimits& limits, const HistoryOptions& options, OperationRuns spent) {
    HistoryResult history;
    history.partitions = std::move(partitions);
    check_partitions_in(model, history, total_ops, limits, options, std::move(spent));
    return history;
}

void check_partitions_in(const Model& model, HistoryResult& history, std::size_t total_ops, const CheckLimits& limits,
                         const HistoryOptions& options, OperationRuns spent, const std::span<const Operation>* by_index) {
    history.verdict = Verdict::linearizable;
    history.first_failure.reset();
    const std::size_t n = history.partitions.size();

    // Which failure to report: the failing key with the fewest operations (ties: the earlier), the
    // quickest to read and, usually, to find. rank[i] is partition i's place in that order. A failure
    // cancels only partitions ranked after it, so the reported key does not depend on timing.
    // by_size and rank share one block, on the stack for a few keys (a small history's usual lot).
    std::array<std::size_t, 32> few;
    std::unique_ptr<std::size_t[]> many;
    if (2 * n > few.size()) many = std::make_unique_for_overwrite<std::size_t[]>(2 * n);
    const std::span<std::size_t> by_size(many ? many.get() : few.data(), n), rank(by_size.data() + n, n);
    for (std::size_t i = 0; i < n; ++i) by_size[i] = i;
    std::sort(by_size.begin(), by_size.end(), [&](std::size_t a, std::size_t b) {
        const std::size_t size_a = history.partitions[a].op_indices.size(), size_b = history.partitions[b].op_indices.size();
        return size_a != size_b ? size_a < size_b : a < b;
    });
    for (std::size_t r = 0; r < n; ++r) rank[by_size[r]] = r;

    std::optional<MemoryBudget> budget;
    if (limits.memory_limit_bytes != 0 && !limits.memory_budget) budget.emplace(limits.memory_limit_bytes);
    // Lowest rank of a failing partition so far, and the caller's stop: what each search's stop asks.
    struct Shared {
        std::atomic<std::size_t> failed_rank;
        const std::function<bool()>* outer;
    } shared{{n}, limits.stop ? &limits.stop : nullptr};
    std::atomic<std::size_t>& failed_rank = shared.failed_rank;
    const auto outer_stopped = [&] { return stopped(limits); };

    // One worker takes keys from the small end (a failure there settles the verdict early and
    // cancels the larger keys); the others from the large end, so that one big key does not finish
    // last alone. Alone, the small end only.
    const unsigned jobs = usable_threads(options.jobs);
    const bool alone = jobs <= 1 || n <= 1 || total_ops < internal::parallel_from();

    // The caller's SearchMemory serves the searches on this thread (thread-local: never two at once).
    const detail::MemoryScope memory_scope(options.memory);
    auto check_one = [&](std::size_t index) {
        PartitionResult& partition = history.partitions[index];
        constexpr const char* kSkipped = "not checked: a smaller key already failed";
        if (!options.all_failures && failed_rank.load(std::memory_order_relaxed) < rank[index]) {
            partition.result.unknown_reason = kSkipped;
            if (by_index) partition.engine.clear();  // (the verdict-first split keeps an earlier one)
            return;
        }
        // On the calling thread alone, keys are checked in rank order and one ranked after a failure is
        // skipped above: no search can be cancelled by another key's failure, so the caller's limits
        // serve as they are (no copy of them and no std::function per key: ~300 instructions of a
        // 100-event, 8-key check).
        std::optional<CheckLimits> copy;
        if (!alone || budget) {
            CheckLimits& mine = copy.emplace(limits);
            if (budget) mine.memory_budget = &*budget;
            if (!alone && !options.all_failures) {
                // Two words, kept inside the std::function: no allocation per partition.
                mine.stop = [context = &shared, r = rank[index]] {
                    return context->failed_rank.load(std::memory_order_relaxed) < r || (context->outer && (*context->outer)());
                };
            }
        }
        const CheckLimits& mine = copy ? *copy : limits;
        // Past the deadline before this key's engines and search set-up begin (which do not look at the
        // clock: 0.1-0.3 s on a 10^5-operation key): unknown at once, the time left to the reports.
        if (limits.deadline && std::chrono::steady_clock::now() >= *limits.deadline) {
            partition.result.verdict = Verdict::unknown;
            partition.result.unknown_reason = "time limit reached";
            if (by_index) partition.engine.clear();
            if (options.partitions_done) options.partitions_done->fetch_add(1, std::memory_order_relaxed);
            return;
        }
        if (by_index) check_verdict(model, *by_index, mine, options.engine, partition);
        else check_partition(model, partition.ops, mine, options.engine, partition);
        if (partition.result.verdict == Verdict::unknown && partition.result.unknown_reason == "cancelled" &&
            failed_rank.load() < rank[index] && !outer_stopped()) {
            partition.result.unknown_reason = kSkipped;
        }
        if (options.partitions_done) options.partitions_done->fetch_add(1, std::memory_order_relaxed);
        if (options.ops_done) options.ops_done->fetch_add(partition.op_indices.size(), std::memory_order_relaxed);
        if (partition.result.verdict == Verdict::not_linearizable) {
            std::size_t current = failed_rank.load();
            while (rank[index] < current && !failed_rank.compare_exchange_weak(current, rank[index])) {
            }
        }
    };

    std::mutex ends;
    std::size_t small_end = 0, large_end = n;  // keys by_size[small_end, large_end) are not taken yet
    auto take = [&](bool small) -> std::optional<std::size_t> {
        std::lock_guard lock(ends);
        if (small_end == large_end) return std::nullopt;
        return small ? by_size[small_end++] : by_size[--large_end];
    };
    auto worker = [&](bool small) {
        while (const auto index = take(small)) check_one(*index);
    };
    if (alone) {
        OperationRuns().swap(spent);
        for (const std::size_t index : by_size) check_one(index);  // the small end, without the lock
    } else {
        tbb::task_arena arena(static_cast<int>(jobs));
        arena.execute([&] {
            tbb::task_group group;
            group.run([&] { OperationRuns().swap(spent); });
            for (unsigned t = 1; t < std::min<std::size_t>(jobs, n); ++t) group.run([&] { worker(false); });
            // The small end on this thread, at once. As a task it waited for a worker to steal it (this
            // thread takes its own tasks last in, first out): on a busy machine this thread searched
            // the largest key for a second while a small key that fails, and cancels it, sat queued.
            worker(true);
            group.wait();
        });
    }

    bool any_unknown = false;
    for (std::size_t r = 0; r < n; ++r) {
        const Verdict v = history.partitions[by_size[r]].result.verdict;
        if (v == Verdict::not_linearizable && !history.first_failure) history.first_failure = by_size[r];
        if (v == Verdict::unknown) any_unknown = true;
    }
    if (history.first_failure) history.verdict = Verdict::not_linearizable;
    else if (any_unknown) history.verdict = Verdict::unknown;
}

}  // namespace

}  // namespace lincheck
