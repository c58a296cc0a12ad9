#pragma once
// Checking operations for linearizability against a model.
//
// A history is linearizable when every completed operation can be given a single instant between its
// invoke and its completion, and some of the indeterminate ones (info, pending) an instant after their
// invoke, such that applying them in that order to the model from its initial state explains every
// completed operation's result. Operations on different keys are independent objects: the history is
// linearizable iff each key's sub-history is (P-compositionality), so `check_history` checks keys
// separately.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/model.hpp"

namespace lincheck {

enum class Verdict : std::uint8_t { linearizable, not_linearizable, unknown };

std::string_view to_string(Verdict verdict);

// Memory shared by the searches of one run (partitions checked in parallel): their caches together
// may take at most `limit` bytes.
class MemoryBudget {
public:
    explicit MemoryBudget(std::size_t limit) : limit_(limit) {}
    // Records that a search holds `delta` more bytes (or fewer); false when the total is over the limit.
    bool charge(std::int64_t delta) {
        const std::int64_t now = used_.fetch_add(delta, std::memory_order_relaxed) + delta;
        return now <= static_cast<std::int64_t>(limit_);
    }
    std::size_t limit() const { return limit_; }

private:
    std::atomic<std::int64_t> used_{0};
    std::size_t limit_;
};

struct CheckLimits {
    // The search gives up with Verdict::unknown when any of these is reached; it never guesses.
    // They are polled every few thousand steps, so a search overruns them by well under a millisecond.
    std::optional<std::chrono::steady_clock::time_point> deadline;
    std::size_t memory_limit_bytes = 0;  // for the search's caches; 0 = no limit
    MemoryBudget* memory_budget = nullptr;  // when set, charged instead of memory_limit_bytes
    const std::atomic<bool>* cancel = nullptr;
    std::function<bool()> stop;  // another way to cancel: polled like `cancel`
};

struct CheckStats {
    std::uint64_t configurations = 0;  // distinct (linearized set, state) pairs explored
    std::uint64_t steps = 0;           // search loop iterations
    std::size_t cache_bytes = 0;       // peak bytes of the configuration cache and transition memo
    std::size_t config_cache_bytes = 0;  // of which the configuration cache (arena + table)
    std::size_t states = 0;            // distinct model states met
    std::size_t op_kinds = 0;          // distinct (f, value, completed) among the operations
    std::size_t dropped_queries = 0;   // indeterminate reads, which constrain nothing
    std::uint64_t hopeless_dropped = 0;  // configurations dropped by the model's QueryPruning
};

// Why a history is not linearizable, as the search found it. Indices refer to the `ops` span given
// to `check_operations`.
struct Counterexample {
    // The operation that could not be placed: after the longest linearizable prefix, it had to take
    // effect next (its completion came before any remaining op could be placed) and no state allowed it;
    // or a query that the model's QueryPruning showed could never be matched from there.
    std::size_t stuck_op = 0;
    // The deepest partial linearization the search reached, in linearization order. A search that
    // dropped configurations as hopeless (CheckStats::hopeless_dropped), or a queue's search that took
    // its shortcuts (crashed ops dominated by completed ones, states told apart only by what the
    // dequeues left can reach), may stop short of the plain search's deepest one; refine_counterexample
    // gives that one when it is wanted.
    std::vector<std::size_t> longest_prefix;
    // Every model state in which the search met exactly those operations linearized: every one that
    // some linearization of them could have left, but for states the search dropped as hopeless
    // (Model::query_pruning) before reaching them, or a queue's shortcuts skipped (refine_counterexample
    // searches without either).
    std::vector<Value> states_before;
    // From a fast engine (checker/src/engines): the few operations whose sub-history alone cannot be
    // linearized, which make the violation certain. Empty when the search found the violation.
    std::vector<std::size_t> witness;
    std::string witness_reason;  // in words, e.g. "read → 3 returned before write 3 began"
};

struct CheckResult {
    Verdict verdict = Verdict::unknown;
    std::string unknown_reason;                    // when verdict == unknown
    std::optional<Counterexample> counterexample;  // when verdict == not_linearizable
    std::vector<std::size_t> linearization;        // when linearizable: a witness order
    std::vector<Value> final_states;               // only for searches that collect them
    CheckStats stats;
};

// Checks one object's operations (no partitioning). Operations must be valid for the model
// (see `validate_operations`).
CheckResult check_operations(const Model& model, std::span<const Operation> ops, const CheckLimits& limits = {});

// For a failure whose search dropped configurations as hopeless (the model's QueryPruning), or of a
// queue model (whose search takes shortcuts that may skip states): searches `ops` again without either
// and, when that search fails too, replaces result's counterexample by its own, whose longest prefix and
// states before are the plain search's (the pruning can see a stale read hopeless before the writes
// around it are placed). The verdict never changes. The second search keeps to `limits` and
// to a memory bound of its own (4 times the first search's cache, at least 4 MiB): past it the
// counterexample stays as it was, true but less telling. Returns whether it replaced it. Nothing to do
// (false) for other results, or for a fast engine's counterexample (it has a witness). The checks do
// not call it, since most callers read the verdict alone; the CLI and the Recorder call it before
// explaining a failure (`explain`).
bool refine_counterexample(const Model& model, std::span<const Operation> ops, CheckResult& result,
                           const CheckLimits& limits = {});

// What the search learns of a model — the kinds of its operations, its states, its steps — kept from
// one search to the next, so that checking many small histories of one model (a simulator's loop)
// asks the model only about (state, operation) pairs it has not met before. Made for one model, which
// it keeps alive; a search of another model does not use it. Not thread-safe: one per thread.
// Everything it holds is charged to each search's memory limit; it starts over by itself past 64 MiB,
// or past a quarter of a search's memory limit. CheckStats::states then counts the memory's states.
class SearchMemory {
public:
    explicit SearchMemory(std::shared_ptr<const Model> model);
    ~SearchMemory();
    SearchMemory(SearchMemory&&) noexcept;
    SearchMemory& operator=(SearchMemory&&) noexcept;

    const Model& model() const { return *model_; }
    const std::shared_ptr<const Model>& shared_model() const { return model_; }
    std::size_t bytes() const;  // what it holds now
    void clear();               // forgets what it learned (keeps the model)
    struct Impl;                // the search's (checker/src/search/workspace.cpp)
    Impl& impl() { return *impl_; }

private:
    std::shared_ptr<const Model> model_;
    std::unique_ptr<Impl> impl_;
};

// check_operations for `memory`'s model, with what `memory` learned from earlier searches.
CheckResult check_operations(SearchMemory& memory, std::span<const Operation> ops, const CheckLimits& limits = {});

// Frees the memory of searches that ended at or near their deadline: they return without freeing it,
// since freeing millions of states can take longer than the limit allows. The next search with time
// to spare (no deadline, or a distant one) frees it too, and so does the process's exit.
void release_search_memory();

// Throws InputError, at the operation's invoke, for an `f` the model does not accept (listing the ones
// it does) or a value the model rejects.
// Up to `threads` threads look (0: all cores); the error is always the first offending operation's.
void validate_operations(const Model& model, std::span<const Operation> ops, unsigned threads = 1);

// Which engine decides a partition (docs/engines.md): `automatic` a fast engine when its
// preconditions hold (unique values, nothing left unresolved) and the partition is large enough to
// need one, else the search; `search` always the search; `fast` a fast engine whenever it applies.
enum class Engine : std::uint8_t { automatic, search, fast };

// Why the fast engines did not decide a partition, as text. Usually one of a few fixed reasons
// ("fewer than 256 operations"), held as a pointer to text that lives as long as the program: a
// simulator checks thousands of small histories a second, and a string per key cost as much as
// a tenth of their search. Read it as a string_view (or str()); it converts to std::string too.
class EngineNote {
public:
    EngineNote() = default;
    EngineNote(std::string text) : text_(std::move(text)) {}  // NOLINT: a note is text
    // `lasting` must outlive every copy of the note (a literal, or a static string's).
    static EngineNote fixed(const char* lasting) {
        EngineNote note;
        note.fixed_ = lasting;
        return note;
    }
    std::string_view view() const { return fixed_ ? std::string_view(fixed_) : std::string_view(text_); }
    operator std::string_view() const { return view(); }  // NOLINT: read as text
    operator std::string() const { return str(); }        // NOLINT
    std::string str() const { return std::string(view()); }
    bool empty() const { return view().empty(); }
    friend bool operator==(const EngineNote& a, std::string_view b) { return a.view() == b; }
    friend bool operator==(const EngineNote& a, const EngineNote& b) { return a.view() == b.view(); }

private:
    const char* fixed_ = nullptr;  // when set, the text; else text_
    std::string text_;
};
std::ostream& operator<<(std::ostream& out, const EngineNote& note);

struct PartitionResult {
    std::optional<Value> key;                // nullopt for an unkeyed history
    std::string engine;                      // what decided it: "search" or a fast engine's name
    EngineNote engine_note;                  // why the fast engines did not apply (empty if one did)
    std::vector<std::size_t> op_indices;     // into the whole history, in call order
    std::vector<Operation> ops;              // this key's operations, as checked
    CheckResult result;                      // indices in here refer to `ops`
};

struct HistoryOptions {
    // Threads checking partitions at once; 0 = all cores. Histories of fewer than 2,000 operations
    // are checked on the calling thread whatever it says: starting threads costs more than checking them.
    unsigned jobs = 0;
    bool all_failures = false;   // keep checking after a failing key, to report every one
    // false: one search over all keys (for measuring the raw search). Only for an unkeyed history or a
    // model that keeps keys apart (Model::keeps_keys_apart): check_history throws std::invalid_argument
    // (unpartitioned_keys_message) otherwise, rather than check keys as one object.
    bool partition_by_key = true;
    Engine engine = Engine::automatic;
    // For progress displays: bumped as each partition finishes (by its operation count for ops_done).
    std::atomic<std::size_t>* partitions_done = nullptr;
    std::atomic<std::size_t>* ops_done = nullptr;
    // What the searches of the partitions checked on the calling thread learn of the model is kept
    // here (see SearchMemory), when it was made for the model checked; nullptr: each search learns it
    // again.
    SearchMemory* memory = nullptr;
    // Verdict first (a simulator's loop; Porcupine's CheckOperations beside CheckOperationsVerbose).
    // The caller reads HistoryResult::verdict and first_failure and, per partition, key, op_indices,
    // engine, engine_note, result.verdict, result.unknown_reason and result.stats — all of them what
    // the full mode gives, limits and `unknown` included (the searches are the same ones). Partitions
    // then hold no copy of the operations (PartitionResult::ops stays empty) and results no
    // linearization and no counterexample: a caller that wants the explanation of a failure checks
    // the history again without this option (check_history, then refine_counterexample and explain on
    // the failing partition).
    // Cheaper: no Operation is copied, keys are searched where they lie in `ops` (a 100-event, 8-key
    // history with a kept SearchMemory and check_history_into: ~14% fewer instructions than the
    // full mode, bench/RESULTS.md "Issue 16, session 12").
    bool verdict_only = false;
};

struct HistoryResult {
    // Invalid if any partition is; else unknown if any is; else linearizable.
    Verdict verdict = Verdict::linearizable;
    std::vector<PartitionResult> partitions;  // in order of each key's first operation
    // The failing partition to report: the one with the fewest operations (ties: the earlier key).
    // Deterministic whatever the threads' timing, because a failure only cancels partitions ranked
    // after it.
    std::optional<std::size_t> first_failure;
};

// Why a keyed history cannot be checked by `model` in one search over every key.
std::string unpartitioned_keys_message(const Model& model);

// Validates, splits by key (an unkeyed history is one partition), and checks the partitions in
// parallel. A failure cancels the larger partitions (unless all_failures).
HistoryResult check_history(const Model& model, std::span<const Operation> ops, const CheckLimits& limits = {},
                            const HistoryOptions& options = {});
// The same, into `out`: a result of an earlier check (or a new one) whose partitions keep the memory
// of their vectors, so that checking many small histories in a loop (a simulator's) allocates little.
// `out` ends as check_history(model, ops, limits, options) would return it; after an exception it
// holds no meaningful result (it is left as it was when the history is refused before the check).
void check_history_into(const Model& model, std::span<const Operation> ops, HistoryResult& out,
                        const CheckLimits& limits = {}, const HistoryOptions& options = {});
// The same, moving the operations into the partitions instead of copying them (for large histories).
HistoryResult check_history(const Model& model, std::vector<Operation>&& ops, const CheckLimits& limits = {},
                            const HistoryOptions& options = {});
// The same, for a history kept in runs (a large file read in pieces): PartitionResult::op_indices
// are places in the runs' concatenation.
HistoryResult check_history(const Model& model, OperationRuns&& runs, const CheckLimits& limits = {},
                            const HistoryOptions& options = {});

}  // namespace lincheck
