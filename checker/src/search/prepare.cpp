// The search's set-up and tear-down: each part resets itself, then is built from the operations.
#include "observed_first.hpp"
#include "wgl.hpp"

namespace lincheck::detail::wgl {

namespace {

// A kept memo past this many bytes starts over: it stays within some tens of MB even when every
// history brings new values.
constexpr std::size_t kMaxKeptMemo = std::size_t{64} << 20;

// Whether a kept memo should start over before this search: too large, learned from another model, or
// holding more than a quarter of the memory limit (all of it is charged to the search).
}  // namespace

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
    limits_.begin(limits);
    kinds_.reset();
    key_.reset();
    cache_.reset();
    entries_.reset();
    trail_.reset();
    memo_ = memory ? memory : &own_memo_;
    if (!keep_memory) memo_->reset();
    memo_->bind(model, &limits_);
}

void Search::prepare(const Model& model, std::span<const Operation> ops, const CheckLimits& limits, bool final_states,
                     StepMemo* memory, std::span<const std::uint32_t> kinds) {
    // With kinds given, the caller has decided whether its memory starts over (they are its ids).
    begin(model, limits, memory, memory && (!kinds.empty() || !start_over(*memory, model, limits)));
    all_ops_ = ops;
    kinds_.select(model, ops, *memo_, kinds, !final_states);  // left-out ops would change the final states
    build();
}

void Search::build() {
    const Model& model = *model_;
    key_.assign(kinds_);
    entries_.build(kinds_);
    try_observed_first(model, kinds_, entries_);
    use_hopeless_ = false;
    if (const QueryPruning* pruning = model.query_pruning()) {
        std::vector<HopelessQueries::Op>& info = hopeless_.reset(*pruning);
        for (std::uint32_t j = 0; j < kinds_.ops(); ++j) {
            const std::uint32_t call = entries_.call_entry[j], ret = entries_.match[call];
            info.push_back({&kinds_.op(j), kinds_.query[j] != 0, call, ret == kNone ? entries_.tail : ret, key_.bit_of[j]});
        }
        hopeless_.prepare();
        use_hopeless_ = true;
    }
    use_fifo_ = false;
    if (const FifoPruning* pruning = model.fifo_pruning()) {
        std::vector<FifoOrder::Op>& info = fifo_.reset(*pruning);
        for (std::uint32_t j = 0; j < kinds_.ops(); ++j) {
            const std::uint32_t call = entries_.call_entry[j];
            info.push_back({&kinds_.op(j), call, entries_.match[call], key_.bit_of[j]});
        }
        use_fifo_ = fifo_.prepare();
    }
}

void Search::end(bool free_states) {
    limits_.end();
    model_ = nullptr;
    if (free_states) own_memo_.release_states();  // their payloads may be large: give them back now
    memo_ = &own_memo_;  // a caller's memo is the caller's again
}

}  // namespace lincheck::detail::wgl
