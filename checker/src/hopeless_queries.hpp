#pragma once
// Configurations that can no longer succeed because a query ahead of them can never be matched
// (Model::query_pruning). A completed query q must be linearized some time; if it is hopeless in the
// current state and every update that may still take effect before q returns keeps it hopeless, no
// continuation can linearize q, and the search may drop the configuration.
//
// Which updates "may still take effect before q returns": those not linearized yet whose call comes
// before q's return. The ones that would not keep q hopeless (its unblockers) are found per query as
// the search asks, highest bit first, and kept: the test is whether all of them with a bit at or
// above the search's prefix are linearized already. The scan stops at the first unblocker not
// linearized (the answer is then no) or below the prefix, and resumes there when asked again; it
// used to list every unblocker at once, scanning every op from the first, which made a long key
// quadratic (tests/hopeless_queries_test.cpp compares the two).
//
// Even so each query's scan walked every update called before it that does not unblock it, and each
// ask walked the unblockers found linearized since: a long register key's reads x its crashed updates
// (issue 17, session 11: 10.8 s of check at 10^6 events, half of it here). So:
// - when the model promises that only an update leaving the state a query needs can unblock it
//   (QueryPruning::unblocking_follows_states, with Model::leaves_state / needs_state), and every
//   update says which state it leaves, the updates are grouped by that state; a query's scan walks the
//   group of the state it needs (every update, as before, for a query needing no one state). By the
//   promise the updates left out keep the query hopeless: the unblockers found are the same;
// - a query remembers the unblocker that made its last answer no (`witness`): a crashed update nobody
//   took stays so, and the answer is no again at once;
// - in the index, the few latest members of the query's group called before it returns, among the
//   completed ones, are looked at before the unblockers found (near_witness): while the search is
//   still short of the query, one of them usually is not linearized.
// Each shortcut answers no only on an unblocker it checked as the scan does (called before the query
// returns, unblocks it, not linearized), so every answer is the full scan's.
//
// Which queries to test: at the start, all; after a move, the first few queries of the moved
// operation's key not linearized yet, in call order — where a wrong order shows first.
// Testing fewer queries only prunes less: the verdict never depends on this choice.
//
// Part of the search's reusable workspace: every table is flat and starting over keeps its memory.
#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>
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
        // Model::leaves_state (of an update) and needs_state (of a query) as ids, equal ids for
        // equal states; kNone for nullopt, or when the pruning is not unblocking_follows_states.
        std::uint32_t leaves = kNone, needs = kNone;
    };
    static constexpr std::uint32_t kNone = 0xffffffffu;

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
        Scan& scan = scan_of(q);
        // The unblocker that was not linearized when last asked usually still is not (a crashed update
        // nobody took): the answer is then no at once, not after the found ones linearized since.
        if (scan.witness != kNone) {
            const std::uint32_t bit = ops_[scan.witness].bit;
            if (bit >= prefix && !is_set(bit)) return false;
        }
        if (const std::uint32_t u = near_witness(scan, q, prefix, is_set); u != kNone) {
            scan.witness = u;
            return false;
        }
        for (std::uint32_t at = scan.first; at != kNone; at = found_[at].next) {
            const std::uint32_t bit = ops_[found_[at].op].bit;
            if (bit < prefix) return true;  // so are all later ones: lower bits of completed ops
            if (!is_set(bit)) {
                scan.witness = found_[at].op;
                return false;
            }
        }
        // Further down: the candidates not scanned yet, highest bit first.
        for (std::uint32_t u = peek(scan, q); u != kNone; u = peek(scan, q)) {
            const std::uint32_t bit = ops_[u].bit;
            if (bit < prefix) return true;  // left for an ask with a lower prefix
            ++scan.at;
            if (!unblocks(u, q)) continue;
            keep(scan, u);
            if (!is_set(bit)) {
                scan.witness = u;
                return false;
            }
        }
        return true;
    }

    // The memory the tables hold, for the workspace's decision to keep it.
    std::size_t capacity_bytes() const;

    // Whether the updates were grouped by the state they leave (for tests and figures).
    bool indexed() const { return indexed_; }

private:
    // Where the scan of query q's candidates stands: the updates of its group called before q
    // returns, highest bit first, are by_bit_[at..] in run `run` and then the group's later runs'
    // (up to run `end`, each from its first one called before q returns); the unblockers found so far
    // are a list in found_ from `first`.
    struct Scan {
        std::uint32_t run = kNone;  // kNone: not begun
        std::uint32_t at = 0, end = 0;
        std::uint32_t group = kNone;  // its group: of the state it needs, or of every update
        std::uint32_t first = kNone, last = kNone;
        std::uint32_t witness = kNone;  // the last unblocker found not linearized
    };
    struct Found {
        std::uint32_t op, next;
    };
    Scan& scan_of(std::uint32_t q);
    // The candidate at the scan's place (moving on to the next run when one is done), or kNone.
    std::uint32_t peek(Scan& scan, std::uint32_t q);
    std::uint32_t run_start(std::uint32_t run, std::uint32_t q) const;
    bool unblocks(std::uint32_t u, std::uint32_t q) const { return !pruning_->keeps_hopeless(*ops_[u].op, *ops_[q].op); }
    void keep(Scan& scan, std::uint32_t u);
    void index_updates(bool with_every_update);
    template <class Major>
    void sort_updates(std::size_t from, Major&& major_of);

    // An unblocker of q not linearized among the few latest called before q returns in each of its
    // group's later runs (the completed updates leaving the state q needs), found without walking the
    // crashed ones linearized already. In the index only, where nearly every member of the group
    // unblocks q (a register's cas v -> v does not); kNone: ask on.
    template <class IsSet>
    std::uint32_t near_witness(const Scan& scan, std::uint32_t q, std::uint32_t prefix, IsSet&& is_set) const {
        constexpr std::uint32_t kLook = 8;
        if (!indexed_ || scan.group == kNone) return kNone;
        for (std::uint32_t run = group_run_[scan.group] + 1; run < group_run_[scan.group + 1]; ++run) {
            const std::uint32_t end = run_begin_[run + 1];
            for (std::uint32_t i = run_start(run, q), n = 0; i < end && n < kLook; ++i, ++n) {
                const std::uint32_t u = by_bit_[i], bit = ops_[u].bit;
                if (bit < prefix) break;  // so are the later ones of the run: linearized
                if (!is_set(bit) && unblocks(u, q)) return u;
            }
        }
        return kNone;
    }

    const QueryPruning* pruning_ = nullptr;
    std::vector<Op> ops_;
    std::vector<std::uint32_t> key_of_;     // op -> its key's number (keys numbered in order of first op)
    std::vector<const Value*> key_value_;   // key number -> the key (nil for an op without one)
    std::vector<std::uint32_t> key_start_;  // key number -> its first query in queries_; one more at the end
    std::vector<std::uint32_t> queries_;    // the completed queries, grouped by key, each group by bit
    FlatIndex key_index_;
    // The updates (every op but the completed queries) in groups, each by bit, highest first, cut
    // into runs along which the call goes down: run r is by_bit_[run_begin_[r], run_begin_[r + 1]),
    // group g's runs are group_run_[g] .. group_run_[g + 1]. The search gives completed ops bits in
    // call order and indeterminate ones higher bits in call order (search/config_key.hpp): two runs a
    // group, so a query's candidates are two ranges, found by bisection. Not indexed: one group, every
    // update. Indexed: a group per state left (group_leaves_, ascending), then, if some query needs no
    // one state, one of every update (its id kNone).
    std::vector<std::uint32_t> by_bit_, run_begin_, group_run_, group_leaves_;
    bool indexed_ = false;
    std::vector<std::uint32_t> group_begin_;  // set-up only: where each group begins in by_bit_
    std::vector<std::pair<std::uint64_t, std::uint32_t>> sort_keys_;  // set-up only (sort_updates)
    std::vector<Scan> scans_;  // per op (a query)
    std::vector<Found> found_;
};

}  // namespace lincheck::detail
