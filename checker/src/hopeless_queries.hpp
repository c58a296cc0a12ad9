#pragma once
// Configurations that can no longer succeed because a query ahead of them can never be matched
// (Model::query_pruning). A completed query q must be linearized some time; if it is hopeless in the
// current state and every update that may still take effect before q returns keeps it hopeless, no
// continuation can linearize q, and the search may drop the configuration.
//
// Which updates "may still take effect before q returns": those not linearized yet whose call comes
// before q's return. The ones that would not keep q hopeless (its unblockers) are listed once per
// query, so the test is whether all of them are linearized already.
//
// Which queries to test: at the start, all; after a move, the first few queries of the moved
// operation's key not linearized yet, in call order — where a wrong order shows first.
// Testing fewer queries only prunes less: the verdict never depends on this choice.
//
// Part of the search's reusable workspace: every table is flat and starting over keeps its memory.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "flat_index.hpp"
#include "lincheck/model.hpp"

namespace lincheck::detail {

class HopelessQueries {
public:
    // What the search knows of one of its operations.
    struct Op {
        const Operation* op;
        bool query;           // a completed query
        std::uint32_t call;   // entry positions in real-time order
        std::uint32_t ret;    // of a completed op; for others, past every entry
        std::uint32_t bit;    // its bit in the search's set of linearized ops
    };

    // Starts over: the caller fills the returned list with the search's operations, in call order,
    // then calls prepare().
    std::vector<Op>& reset(const QueryPruning& pruning) {
        pruning_ = &pruning;
        ops_.clear();
        return ops_;
    }
    void prepare();

    // Calls f(q) for the queries to test after `update` is linearized, until f returns true: the
    // first kNear of its key not linearized yet, in call order.
    template <class IsSet, class F>
    void for_near(std::uint32_t update, std::uint32_t prefix, IsSet&& is_set, F&& f) const {
        constexpr int kNear = 8;
        const std::uint32_t key = key_of_[update];
        const auto begin = queries_.begin() + key_start_[key], end = queries_.begin() + key_start_[key + 1];
        auto it = std::lower_bound(begin, end, prefix, [&](std::uint32_t q, std::uint32_t p) { return ops_[q].bit < p; });
        for (int n = 0; it != end && n < kNear; ++it) {
            if (is_set(ops_[*it].bit)) continue;
            ++n;
            if (f(*it)) return;
        }
    }

    // Is query q hopeless in `state` (the model's QueryPruning::hopeless)? The search memoises it per
    // state and kind of query, as it may (it depends only on what Model::step does).
    bool hopeless_in(const Value& state, std::uint32_t q) const { return pruning_->hopeless(state, *ops_[q].op); }

    // Is every unblocker of query q linearized? `is_set(bit)` tells whether an op's bit is set;
    // completed ops' bits below `prefix` all are. A query (not linearized) hopeless in the current
    // state and with every unblocker linearized makes the configuration hopeless.
    template <class IsSet>
    bool unblockers_done(std::uint32_t q, std::uint32_t prefix, IsSet&& is_set) {
        for (const std::uint32_t u : unblockers(q)) {
            const std::uint32_t bit = ops_[u].bit;
            if (bit < prefix) break;  // so are all later ones: lower bits of completed ops
            if (!is_set(bit)) return false;
        }
        return true;
    }

    // The memory the tables hold, for the workspace's decision to keep it.
    std::size_t capacity_bytes() const;

private:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    // The updates called before q returns that may undo its hopelessness, highest bit first.
    std::span<const std::uint32_t> unblockers(std::uint32_t q);

    const QueryPruning* pruning_ = nullptr;
    std::vector<Op> ops_;
    std::vector<std::uint32_t> key_of_;     // op -> its key's number (keys numbered in order of first op)
    std::vector<const Value*> key_value_;   // key number -> the key (nil for an op without one)
    std::vector<std::uint32_t> key_start_;  // key number -> its first query in queries_; one more at the end
    std::vector<std::uint32_t> queries_;    // the completed queries, grouped by key, each group by bit
    FlatIndex key_index_;
    // Per op (a query): where its unblockers are in unblocker_pool_ (kNone: not listed yet), and how many.
    std::vector<std::uint32_t> unblockers_at_, unblockers_count_;
    std::vector<std::uint32_t> unblocker_pool_;
};

}  // namespace lincheck::detail
