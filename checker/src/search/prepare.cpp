// The search's set-up and tear-down: each part resets itself, then is built from the operations.
#include "wgl.hpp"

namespace lincheck::detail::wgl {

void Search::prepare(const Model& model, std::span<const Operation> ops, const CheckLimits& limits) {
    end();
    model_ = &model;
    all_ops_ = ops;
    limits_.begin(limits);
    kinds_.reset();
    key_.reset();
    memo_.reset();
    cache_.reset();
    entries_.reset();
    trail_.reset();

    kinds_.select(model, ops);
    key_.assign(kinds_);
    entries_.build(kinds_);
    memo_.bind(model, kinds_, limits_);
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
    if (free_states) memo_.release_states();  // their payloads may be large: give them back now
}

}  // namespace lincheck::detail::wgl
