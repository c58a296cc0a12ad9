// fifo-queue-unique: a FIFO queue whose enqueued values are unique, with empty dequeues, decided in
// O(n log n). docs/engines.md states the rules and proves each step; in short:
//
// 1. Rules: an indeterminate enqueue never dequeued is dropped; one dequeued is completed just before
//    its dequeue's completion. An indeterminate dequeue is dropped when every value left is dequeued
//    by a completed dequeue (it can only have done nothing or returned empty); otherwise it may have
//    taken one of the others, and the engine guesses which (a violation that depends on the guess is
//    left to the search). A value dequeued twice, a dequeue of a value never enqueued, or a dequeue
//    completing before its enqueue began fail at once.
// 2. Empty dequeues: a value is certainly inside from its enqueue's completion to its dequeue's
//    invocation ("critical"); each empty dequeue needs an instant of its span where no value is
//    critical, and otherwise the values covering its span are the witness. One such instant per
//    empty dequeue cuts the history into segments; every value fits in one segment, and its spans
//    are clipped to it. Clipping changes no real-time order within a segment and orders the
//    segments, so the clipped history is linearizable iff the history without empty dequeues is.
// 3. The order of values (decrease-and-conquer): a value may go first when its enqueue began before
//    every remaining enqueue or dequeue completed and its dequeue began before every remaining
//    dequeue completed (a value never dequeued: only when no dequeued value remains). Any such value
//    may be taken; if none may, the history fails and a pair proves it: enqueue a completed before
//    enqueue b began and dequeue b completed before dequeue a began (a missing dequeue is at the end).
// 4. The linearization: enqueues and dequeues in the value order and the empty dequeues at their
//    instants, merged in real-time order of the clipped spans. It is replayed (dispatch.cpp).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <queue>
#include <unordered_map>

#include "lincheck/internal/engines.hpp"

namespace lincheck::engines {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max();
constexpr std::uint64_t kLargestPosition = std::uint64_t{1} << 56;

// Input positions times 16: a tightened completion goes 8 before its observer's, a cut instant at
// 4 mod 8 (between any two events), clipped spans 2 inside a cut, an empty dequeue ±1 around it.
std::int64_t scaled(std::uint64_t position) {
    return static_cast<std::int64_t>(position) * 16 + 32;
}

struct Span {
    std::int64_t call = kInfinity, ret = kInfinity;
    std::size_t op = kNone;  // input index
};

struct Item {
    Span enq, deq;  // deq.op == kNone: never dequeued (its span is at +∞)
    std::size_t tightened_by = kNone;
};

// A min-heap of completions with lazy deletion.
class MinRet {
public:
    void add(std::int64_t ret, std::size_t id) { heap_.push({ret, id}); }
    void remove(std::size_t id) {
        if (id >= gone_.size()) gone_.resize(id + 1, 0);
        gone_[id] = 1;
    }
    std::int64_t min() {
        while (!heap_.empty() && heap_.top().second < gone_.size() && gone_[heap_.top().second]) heap_.pop();
        return heap_.empty() ? kInfinity : heap_.top().first;
    }

private:
    using Entry = std::pair<std::int64_t, std::size_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
    std::vector<char> gone_;
};

// Enqueue a completed before enqueue b began, and dequeue b completed before dequeue a began (or a
// was never dequeued): b cannot be dequeued while a is ahead of it. Returns {a, b}, or kNone.
std::pair<std::size_t, std::size_t> find_crossed_pair(const std::vector<Item>& items) {
    std::vector<std::size_t> by_call(items.size()), by_ret(items.size());
    for (std::size_t v = 0; v < items.size(); ++v) by_call[v] = by_ret[v] = v;
    std::sort(by_ret.begin(), by_ret.end(), [&](std::size_t a, std::size_t b) { return items[a].enq.ret < items[b].enq.ret; });
    std::sort(by_call.begin(), by_call.end(), [&](std::size_t a, std::size_t b) { return items[a].enq.call < items[b].enq.call; });
    std::size_t p = 0, best = kNone;  // best: among enqueues completed so far, the latest dequeue call
    for (const std::size_t b : by_call) {
        for (; p < by_ret.size() && items[by_ret[p]].enq.ret < items[b].enq.call; ++p) {
            const std::size_t a = by_ret[p];
            if (best == kNone || items[a].deq.call > items[best].deq.call) best = a;
        }
        if (best != kNone && items[b].deq.op != kNone && items[best].deq.call > items[b].deq.ret) return {best, b};
    }
    return {kNone, kNone};
}

// Step 3: values in an order in which each may go first among those left; shorter when stuck.
std::vector<std::size_t> peel(const std::vector<Item>& items) {
    const std::size_t n = items.size();
    std::vector<std::size_t> by_enq_call(n), by_deq_call(n);
    for (std::size_t v = 0; v < n; ++v) by_enq_call[v] = by_deq_call[v] = v;
    std::sort(by_enq_call.begin(), by_enq_call.end(), [&](std::size_t a, std::size_t b) { return items[a].enq.call < items[b].enq.call; });
    std::sort(by_deq_call.begin(), by_deq_call.end(), [&](std::size_t a, std::size_t b) {
        return items[a].deq.call != items[b].deq.call ? items[a].deq.call < items[b].deq.call : a < b;
    });
    MinRet enq_rets, deq_rets;
    std::size_t with_dequeue_left = 0;
    for (std::size_t v = 0; v < n; ++v) {
        enq_rets.add(items[v].enq.ret, v);
        if (items[v].deq.op != kNone) {
            deq_rets.add(items[v].deq.ret, v);
            ++with_dequeue_left;
        }
    }
    std::vector<char> marks(n, 0);  // bit 1: its enqueue may go first; bit 2: its dequeue may
    // Any value that may go first will do (docs/engines.md); the one whose dequeue completes first
    // keeps the linearization close to the input's order.
    const auto later = [&](std::size_t a, std::size_t b) {
        return items[a].deq.ret != items[b].deq.ret ? items[a].deq.ret > items[b].deq.ret : items[a].enq.ret > items[b].enq.ret;
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> ready(later);
    std::vector<std::size_t> order;
    order.reserve(n);
    std::size_t enq_ptr = 0, deq_ptr = 0;
    while (order.size() < n) {
        const std::int64_t min_enq = enq_rets.min(), min_deq = deq_rets.min();
        // The bounds only grow as values go, so a mark, once set, stays true.
        for (; enq_ptr < n && items[by_enq_call[enq_ptr]].enq.call < std::min(min_enq, min_deq); ++enq_ptr) {
            if ((marks[by_enq_call[enq_ptr]] |= 1) == 3) ready.push(by_enq_call[enq_ptr]);
        }
        // A value never dequeued goes behind every value dequeued (crashed dequeues too, whose
        // completion is also at +∞): only when none is left.
        const auto dequeue_ready = [&](std::size_t v) {
            return items[v].deq.op != kNone ? items[v].deq.call < min_deq : with_dequeue_left == 0;
        };
        for (; deq_ptr < n && dequeue_ready(by_deq_call[deq_ptr]); ++deq_ptr) {
            if ((marks[by_deq_call[deq_ptr]] |= 2) == 3) ready.push(by_deq_call[deq_ptr]);
        }
        if (ready.empty()) break;
        const std::size_t v = ready.top();
        ready.pop();
        order.push_back(v);
        if (items[v].deq.op != kNone) --with_dequeue_left;
        enq_rets.remove(v);
        deq_rets.remove(v);
    }
    return order;
}

}  // namespace

FastVerdict fifo_queue_unique(const Model& model, std::span<const Operation> ops) {
    FastVerdict verdict;
    if (model.name() != "fifo-queue") {
        verdict.why_not = "not a fifo-queue model";
        return verdict;
    }
    if (model.initial_state().size() != 0) {
        verdict.why_not = "the queue does not start empty";
        return verdict;
    }
    std::unordered_map<Value, std::size_t, ValueHash> item_of;
    std::vector<Item> items;
    std::vector<Span> empties;
    std::vector<Span> pending_dequeues;  // completion at +∞
    item_of.reserve(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Operation& op = ops[i];
        if (op.call >= kLargestPosition || (op.ret != kNever && op.ret >= kLargestPosition)) {
            verdict.why_not = "event positions too large";
            return verdict;
        }
        if (op.key != ops.front().key) {
            verdict.why_not = "several keys in one partition";
            return verdict;
        }
        if (op.f == "dequeue" && !op.completed()) pending_dequeues.push_back({scaled(op.call), kInfinity, i});
        if (op.f != "enqueue") continue;
        const auto [it, fresh] = item_of.try_emplace(op.value, items.size());
        if (!fresh) {
            verdict.why_not = "value " + op.value.to_string() + " is enqueued twice";
            return verdict;
        }
        items.push_back({{scaled(op.call), op.ret == kNever ? kInfinity : scaled(op.ret), i}, {}, kNone});
    }
    verdict.applies = true;
    const auto describe = [&](std::size_t i) {
        return model.describe_op(ops[i], Value::Notation::json) + " by process " + std::to_string(ops[i].process);
    };
    const auto fail = [&](std::vector<std::size_t> witness, std::string reason) {
        std::sort(witness.begin(), witness.end());
        witness.erase(std::unique(witness.begin(), witness.end()), witness.end());
        verdict.witness = std::move(witness);
        verdict.witness_reason = std::move(reason);
        return verdict;
    };
    const auto decline = [&](std::string why) {
        verdict = {};
        verdict.why_not = std::move(why);
        return verdict;
    };
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Operation& op = ops[i];
        if (op.f != "dequeue" || !op.completed()) continue;
        const Span span{scaled(op.call), scaled(op.ret), i};
        if (op.value.is_nil()) {
            empties.push_back(span);
            continue;
        }
        const auto it = item_of.find(op.value);
        if (it == item_of.end()) return fail({i}, describe(i) + " returned a value never enqueued");
        Item& item = items[it->second];
        if (item.deq.op != kNone) {
            return fail({item.enq.op, item.deq.op, i}, "value " + op.value.to_string() + " was dequeued twice");
        }
        item.deq = span;
    }
    // 1. Rules for indeterminate enqueues: drop if never dequeued, else complete before the dequeue does.
    std::vector<Item> kept;
    kept.reserve(items.size());
    for (Item& item : items) {
        if (item.enq.ret == kInfinity) {
            if (item.deq.op == kNone) continue;
            if (item.deq.ret > item.enq.call) {
                item.tightened_by = item.deq.op;
                item.enq.ret = item.deq.ret - 8;
            }
        }
        if (item.deq.op != kNone && item.deq.ret < item.enq.call) {
            return fail({item.enq.op, item.deq.op}, describe(item.deq.op) + " completed before " + describe(item.enq.op) + " began");
        }
        kept.push_back(item);
    }
    items = std::move(kept);
    const std::size_t n = items.size();
    // Indeterminate dequeues: with every value left dequeued by a completed dequeue, one can only have
    // done nothing or returned empty, which changes nothing: dropped. Otherwise each may have taken one
    // of the values no completed dequeue returned. The engine then *guesses*: those values in order of
    // invocation of their enqueues take the crashed dequeues in order of invocation. A linearization
    // found so is checked like any other; a violation counts only if its witness involves none of the
    // values guessed about (else the engine declines and the search decides).
    std::vector<char> guessed(n, 0);
    bool guessing = false;
    if (!pending_dequeues.empty()) {
        std::vector<std::size_t> undequeued;
        for (std::size_t v = 0; v < n; ++v) {
            if (items[v].deq.op == kNone) undequeued.push_back(v);
        }
        if (!undequeued.empty()) {
            guessing = true;
            std::sort(undequeued.begin(), undequeued.end(), [&](std::size_t a, std::size_t b) {
                return items[a].enq.call != items[b].enq.call ? items[a].enq.call < items[b].enq.call : items[a].enq.ret < items[b].enq.ret;
            });
            std::sort(pending_dequeues.begin(), pending_dequeues.end(), [](const Span& a, const Span& b) { return a.call < b.call; });
            for (std::size_t k = 0; k < undequeued.size(); ++k) {
                guessed[undequeued[k]] = 1;
                if (k < pending_dequeues.size()) items[undequeued[k]].deq = pending_dequeues[k];
            }
        }
    }
    const auto guessed_about = [&](const std::vector<std::size_t>& values) {
        return guessing && std::any_of(values.begin(), values.end(), [&](std::size_t v) { return guessed[v] != 0; });
    };
    const auto decline_guess = [&] {
        return decline("a dequeue with no result may have taken one of the values no completed dequeue returned, and "
                       "the engine's guess of which fails (left to the search)");
    };
    const auto value_ops = [&](std::size_t v, std::vector<std::size_t>& out) {
        out.push_back(items[v].enq.op);
        if (items[v].deq.op != kNone) out.push_back(items[v].deq.op);
    };

    // 2. Empty dequeues: an instant of each one's span where no value is critical.
    struct Critical {
        std::int64_t from, to;
        std::size_t value;
    };
    std::vector<Critical> critical;
    for (std::size_t v = 0; v < n; ++v) {
        if (items[v].enq.ret < items[v].deq.call) critical.push_back({items[v].enq.ret, items[v].deq.call, v});
    }
    std::sort(critical.begin(), critical.end(), [](const Critical& a, const Critical& b) { return a.from < b.from; });
    std::sort(empties.begin(), empties.end(), [](const Span& a, const Span& b) { return a.call < b.call; });
    std::vector<std::int64_t> cut_of(empties.size());  // each empty dequeue's instant
    {
        // Merged stretches where some value is critical, each with where it begins in `critical`.
        struct Stretch {
            std::int64_t from, to;
            std::size_t first, last;
        };
        std::vector<Stretch> stretches;
        for (std::size_t k = 0; k < critical.size(); ++k) {
            if (!stretches.empty() && critical[k].from < stretches.back().to) {
                stretches.back().to = std::max(stretches.back().to, critical[k].to);
                stretches.back().last = k;
            } else {
                stretches.push_back({critical[k].from, critical[k].to, k, k});
            }
        }
        for (std::size_t j = 0; j < empties.size(); ++j) {
            const Span& e = empties[j];
            // Just after its invocation, or just after the stretch holding that instant ends. Event
            // positions are multiples of 8, so +4 lies strictly between two events.
            cut_of[j] = e.call + 4;
            auto it = std::upper_bound(stretches.begin(), stretches.end(), e.call,
                                       [](std::int64_t t, const Stretch& s) { return t < s.from; });
            if (it == stretches.begin()) continue;
            --it;
            if (!(e.call < it->to)) continue;
            if (it->to < e.ret) {
                cut_of[j] = it->to + 4;
                continue;
            }
            // Covered throughout: the witness is a chain of values covering the span, chosen greedily.
            std::vector<std::size_t> witness{e.op}, chain;
            std::int64_t reached = e.call;
            std::size_t k = it->first;
            while (reached <= e.ret) {
                std::size_t pick = kNone;
                for (; k <= it->last && critical[k].from < reached; ++k) {
                    if (pick == kNone || critical[k].to > critical[pick].to) pick = k;
                }
                if (pick == kNone) break;  // cannot happen inside a stretch
                value_ops(critical[pick].value, witness);
                chain.push_back(critical[pick].value);
                reached = critical[pick].to;
            }
            if (guessed_about(chain)) return decline_guess();
            return fail(std::move(witness), describe(e.op) + " returned empty, but throughout it some value was certainly in the queue");
        }
    }
    // The segments between cuts; each value goes in the one after the last cut before min(enqueue's
    // completion, dequeue's completion) and its spans are clipped to it.
    std::vector<std::int64_t> cuts = cut_of;
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<Item> clipped = items;
    for (Item& item : clipped) {
        const std::int64_t earliest_ret = std::min(item.enq.ret, item.deq.ret);
        const auto s = static_cast<std::size_t>(std::lower_bound(cuts.begin(), cuts.end(), earliest_ret) - cuts.begin());
        const std::int64_t lo = s == 0 ? std::numeric_limits<std::int64_t>::min() : cuts[s - 1] + 2;
        const std::int64_t hi = s == cuts.size() ? kInfinity : cuts[s] - 2;
        for (Span* span : {&item.enq, &item.deq}) {
            if (span->op == kNone) continue;
            span->call = std::max(span->call, lo);
            span->ret = std::min(span->ret, hi);
            if (span->call >= span->ret) return decline("a value fits no segment between empty dequeues (a bug)");
        }
        if (item.deq.op == kNone && hi != kInfinity) return decline("a value never dequeued before an empty dequeue (a bug)");
    }

    // 3. The order of values.
    const std::vector<std::size_t> order = peel(clipped);
    if (order.size() < n) {
        const auto [a, b] = find_crossed_pair(items);
        if (guessing && (a == kNone || guessed_about({a, b}))) return decline_guess();
        if (a == kNone) return decline("no value may go first, and no pair proves it (a bug; left to the search)");
        std::vector<std::size_t> witness;
        value_ops(a, witness);
        value_ops(b, witness);
        return fail(std::move(witness),
                    describe(items[a].enq.op) + " completed before " + describe(items[b].enq.op) + " began, and " +
                        describe(items[b].deq.op) + " completed before " +
                        (items[a].deq.op == kNone ? "the end, with " + ops[items[a].enq.op].value.to_string() + " never dequeued"
                                                  : describe(items[a].deq.op) + " began"));
    }

    // 4. The linearization: enqueues and dequeues in the value order, empty dequeues at their cuts,
    // merged in real-time order of the clipped spans (a point around each cut for an empty dequeue).
    std::vector<std::size_t> enq_chain, deq_chain;
    for (const std::size_t v : order) {
        enq_chain.push_back(v);
        if (clipped[v].deq.op != kNone) deq_chain.push_back(v);
    }
    std::vector<std::size_t> empty_chain(empties.size());
    for (std::size_t j = 0; j < empties.size(); ++j) empty_chain[j] = j;
    std::sort(empty_chain.begin(), empty_chain.end(), [&](std::size_t a, std::size_t b) { return cut_of[a] < cut_of[b]; });
    // Every unplaced operation's completion: ids 0..n-1 enqueues, n..2n-1 dequeues, 2n.. empties.
    MinRet pending;
    for (std::size_t v = 0; v < n; ++v) {
        pending.add(clipped[v].enq.ret, v);
        if (clipped[v].deq.op != kNone) pending.add(clipped[v].deq.ret, n + v);
    }
    for (std::size_t j = 0; j < empties.size(); ++j) pending.add(cut_of[j] + 1, 2 * n + j);
    std::size_t placed_enq = 0, placed_deq = 0, placed_empty = 0;
    const std::size_t total = n + deq_chain.size() + empties.size();
    verdict.order.reserve(total);
    while (verdict.order.size() < total) {
        const std::int64_t min_ret = pending.min();
        // The queue is empty when every value enqueued so far was dequeued.
        if (placed_enq == placed_deq && placed_empty < empties.size() && cut_of[empty_chain[placed_empty]] - 1 < min_ret) {
            const std::size_t j = empty_chain[placed_empty++];
            verdict.order.push_back(empties[j].op);
            pending.remove(2 * n + j);
        } else if (placed_deq < placed_enq && placed_deq < deq_chain.size() && clipped[deq_chain[placed_deq]].deq.call < min_ret) {
            const std::size_t v = deq_chain[placed_deq++];
            verdict.order.push_back(clipped[v].deq.op);
            pending.remove(n + v);
        } else if (placed_enq < n && clipped[enq_chain[placed_enq]].enq.call < min_ret) {
            const std::size_t v = enq_chain[placed_enq++];
            verdict.order.push_back(clipped[v].enq.op);
            pending.remove(v);
        } else {
            return decline("the value order found admits no merge (a bug; left to the search)");
        }
    }
    verdict.linearizable = true;
    return verdict;
}

}  // namespace lincheck::engines
