// The search's set-up and tear-down: each part resets itself, then is built from the operations.
#include "observed_first.hpp"
#include "wgl.hpp"

namespace lincheck::detail::wgl {

namespace {

thread_local std::uint64_t query_pruning_setups_here = 0;  // see detail::query_pruning_setups

// A kept memo past this many bytes starts over: it stays within some tens of MB even when every
// history brings new values.
constexpr std::size_t kMaxKeptMemo = std::size_t{64} << 20;

// Whether a kept memo should start over before this search: too large, learned from another model, or
// holding more than a quarter of the memory limit (all of it is charged to the search).

// A key too small for the prunings' set-up (build_prunings says why).
bool tiny_key(std::uint32_t ops, std::uint32_t max_open, std::uint32_t pruning_min_ops) {
    constexpr std::uint32_t kUnprunedMaxOpen = 6;
    return ops < pruning_min_ops && max_open <= kUnprunedMaxOpen;
}

}  // namespace

}  // namespace lincheck::detail::wgl

std::uint64_t lincheck::detail::query_pruning_setups() { return wgl::query_pruning_setups_here; }

namespace lincheck::detail::wgl {

bool start_over(const StepMemo& memo, const Model& model, const CheckLimits& limits) {
    if (memo.model() != &model) return true;
    const std::size_t bytes = memo.memory_bytes();
    if (bytes > kMaxKeptMemo) return true;
    const std::size_t limit = limits.memory_budget ? limits.memory_budget->limit() : limits.memory_limit_bytes;
    return limit != 0 && bytes > limit / 4;
}

void Search::begin(const Model& model, const CheckLimits& limits, StepMemo* memory, bool keep_memory) {
    end();
    model_ = &model;
    small_allowed_ = small_path_allowed();  // tests may send a search down the wide path (search_paths.hpp)
    pruning_min_ops_ = query_pruning_min_ops();
    pruning_at_once_ = query_pruning_at_once();
    query_pruning_ = model.query_pruning();
    fifo_pruning_ = model.fifo_pruning();
    setup_stop_ = nullptr;
    plain_ = false;
    limits_.begin(limits);
    kinds_.reset();
    entries_.reset();
    trail_.reset();
    memo_ = memory ? memory : &own_memo_;
    if (!keep_memory) memo_->reset();
    memo_->bind(model, &limits_);
}

void Search::prepare(const Model& model, std::span<const Operation> ops, const CheckLimits& limits, bool final_states,
                     StepMemo* memory) {
    begin(model, limits, memory, memory && !start_over(*memory, model, limits));
    kinds_.select(ops, *memo_, !final_states);  // left-out ops would change the final states
    if (setup_stopped()) return;
    build();
}

void Search::prepare(const Model& model, std::span<const Operation> all, std::span<const std::size_t> indices,
                     const CheckLimits& limits, bool final_states, StepMemo* memory) {
    begin(model, limits, memory, memory && !start_over(*memory, model, limits));
    kinds_.select(all, indices, *memo_, !final_states);
    if (setup_stopped()) return;
    build();
}

bool Search::setup_stopped() {
    if (kinds_.ops() < kSetupPollsFrom) return false;
    if (limits_.cancelled()) setup_stop_ = "cancelled";
    else if (limits_.short_of_time(0)) setup_stop_ = "time limit reached";
    return setup_stop_ != nullptr;
}

void Search::prepare(StepMemo& memory, const SmallInput& input, std::uint32_t i, const CheckLimits& limits, bool next_object) {
    // The kinds are the caller's ids in `memory`: it has decided whether the memory starts over.
    if (next_object && memo_ == &memory && model_ == memory.model()) {
        // The same search's next object: limits and memory stay bound (within_memory replaces the
        // charge at its next poll); only the parts of one object start over.
        kinds_.reset();
        entries_.reset();
        trail_.reset();
        setup_stop_ = nullptr;
    } else {
        begin(*memory.model(), limits, &memory, true);
    }
    const SmallInput::Object object = input.object(i);
    kinds_.select_small(object, *memo_);
    small_path_ = small_allowed_;
    if (small_path_) {
        small_.reset();
        small_.assign(object.bit, object.completed_ops);  // the same numbering as assign(kinds_)
    } else {
        wide_.reset();
        wide_.assign(kinds_);
    }
    entries_.build_small(object);
    if (tiny_key(kinds_.ops(), entries_.max_open, pruning_min_ops_) && !fifo_pruning_) {
        use_hopeless_ = hopeless_pending_ = use_fifo_ = false;  // what build_prunings would find: nothing to set up
    } else {
        build_prunings();
    }
}

void Search::assign_configs(bool small) {
    small_path_ = small;
    if (small_path_) {
        small_.reset();
        small_.assign(kinds_);
    } else {
        wide_.reset();
        wide_.assign(kinds_);
    }
}

void Search::build() {
    assign_configs(kinds_.ops() <= SmallConfigs::kMaxOps && small_allowed_);
    entries_.build(kinds_);
    if (setup_stopped()) return;
    build_prunings();
    setup_stopped();  // the prunings' set-up (HopelessQueries::prepare) is the third phase
}

void Search::build_prunings() {
    const std::uint32_t* const bit_of = small_path_ ? small_.bit_of() : wide_.bit_of();
    use_hopeless_ = hopeless_pending_ = false;
    // A key of fewer than kQueryPruningMinOps operations, few of them open at once (at most 2^15
    // linearized sets, and few orders of them, hence few states) is searched faster than its hopeless
    // queries are prepared (tiny keys of lincheck-bench small: ~16,000 instructions a check for the
    // pruning, more than the search). Many open at once, the states may be one per order (a kv key's
    // concurrent appends: 11! of them without the pruning), so the pruning stays. Tests lower the
    // threshold (search_paths.hpp). The same goes for the observed-first order of indeterminate ops
    // (observed_first.hpp, order only): on a tiny key it cost more than the search it could save
    // (~1,300 instructions of a Recorder check of 8 keys, issue 16 session 10).
    const bool tiny = tiny_key(kinds_.ops(), entries_.max_open, pruning_min_ops_);
    if (!tiny && kinds_.completed_total < kinds_.ops()) observed_first_.apply(*memo_, kinds_, entries_);  // some op indeterminate
    if (!tiny && query_pruning_) {
        // Rent or buy: the pruning's set-up costs about as much as a walk of a step per operation, and
        // it can only save the steps a walk spends off the way it ends up taking (tries that fail,
        // configurations met before, backtracking). So the walk goes without it until it has spent as
        // many such steps as the key has operations (steps less the stack's depth, looked at every 64
        // steps): a key decided on a nearly straight walk never pays for it, one that is not pays at
        // most about twice what the better choice would have. Counting all steps instead (session 12)
        // set it up on easy keys just past a step an op, where it saved nothing: etcd's 102 logs 12.48M
        // -> 12.00M check instructions, a 10^4-event register history 1.00 -> 0.75 ms (2ea8cb0, before
        // the pruning existed: 12.11M, 0.78 ms); waiting 1,024 steps instead cost the kv keys 45% more.
        // Keys of kSetupPollsFrom operations and more set it up now, between the set-up's polls of the
        // deadline.
        if (kinds_.ops() < kSetupPollsFrom && !pruning_at_once_) hopeless_pending_ = true;
        else build_hopeless();
    }
    use_fifo_ = false;
    if (const FifoPruning* pruning = fifo_pruning_) {
        std::vector<FifoOrder::Op>& info = fifo_.reset(*pruning);
        for (std::uint32_t j = 0; j < kinds_.ops(); ++j) {
            const std::uint32_t call = entries_.call_entry[j];
            info.push_back({&memo_->example(kinds_.kind[j]), call, entries_.match[call], bit_of[j]});
        }
        use_fifo_ = fifo_.prepare();
    }
}

void Search::build_hopeless() {
    const std::uint32_t* const bit_of = small_path_ ? small_.bit_of() : wide_.bit_of();
    hopeless_pending_ = false;
    ++query_pruning_setups_here;
    std::vector<HopelessQueries::Op>& info = hopeless_.reset(*query_pruning_);
    const bool by_leaves = query_pruning_->unblocking_follows_states();  // the states left and needed, for its index
    for (std::uint32_t j = 0; j < kinds_.ops(); ++j) {
        // Only tables the walk never edits (calls, matches, kinds): it may be half-way.
        const std::uint32_t call = entries_.call_entry[j], ret = entries_.match[call], k = kinds_.kind[j];
        const bool query = kinds_.query[j] != 0;
        info.push_back({&memo_->example(k), query, call, ret == kNone ? entries_.tail : ret, bit_of[j],
                        by_leaves && !query ? memo_->leaves(k) : kNone, by_leaves && query ? memo_->needs(k) : kNone});
    }
    hopeless_.prepare();
    use_hopeless_ = true;
}

void Search::end(bool free_states) {
    limits_.end();
    model_ = nullptr;
    if (free_states) own_memo_.release_states();  // their payloads may be large: give them back now
    memo_ = &own_memo_;  // a caller's memo is the caller's again
}

}  // namespace lincheck::detail::wgl
