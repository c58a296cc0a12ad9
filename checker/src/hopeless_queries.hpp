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
#include <algorithm>
#include <cstdint>
#include <vector>

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

    HopelessQueries(const QueryPruning& pruning, std::vector<Op> ops);

    // Calls f(q) for the queries to test after `update` is linearized, until f returns true: the
    // first kNear of its key not linearized yet, in call order.
    template <class IsSet, class F>
    void for_near(std::uint32_t update, std::uint32_t prefix, IsSet&& is_set, F&& f) const {
        constexpr int kNear = 8;
        if (key_of_[update] == kNoKey) return;
        const std::vector<std::uint32_t>& list = queries_of_key_[key_of_[update]];
        auto it = std::lower_bound(list.begin(), list.end(), prefix,
                                   [&](std::uint32_t q, std::uint32_t p) { return ops_[q].bit < p; });
        for (int n = 0; it != list.end() && n < kNear; ++it) {
            if (is_set(ops_[*it].bit)) continue;
            ++n;
            if (f(*it)) return;
        }
    }

    // Is query q (not linearized) hopeless in `state`, with every unblocker linearized? `is_set(bit)`
    // tells whether an op's bit is set; completed ops' bits below `prefix` all are.
    template <class IsSet>
    bool hopeless(const Value& state, std::uint32_t q, std::uint32_t prefix, IsSet&& is_set) {
        if (!pruning_.hopeless(state, *ops_[q].op)) return false;
        for (const std::uint32_t u : unblockers(q)) {
            const std::uint32_t bit = ops_[u].bit;
            if (bit < prefix) break;  // so are all later ones: lower bits of completed ops
            if (!is_set(bit)) return false;
        }
        return true;
    }

private:
    // The updates called before q returns that may undo its hopelessness, highest bit first.
    const std::vector<std::uint32_t>& unblockers(std::uint32_t q);

    const QueryPruning& pruning_;
    std::vector<Op> ops_;
    static constexpr std::uint32_t kNoKey = 0xffffffffu;
    std::vector<std::uint32_t> key_of_;                        // op -> index into queries_of_key_
    std::vector<std::vector<std::uint32_t>> queries_of_key_;   // completed queries of a key, by bit
    std::vector<std::vector<std::uint32_t>> unblockers_;
    std::vector<bool> unblockers_known_;
};

}  // namespace lincheck::detail
