// fifo-queue-unique: a FIFO queue whose enqueued values are unique, with empty dequeues, decided in
// O(n log n) (docs/engines.md states the rules and the argument).
//
// 1. Rules: an indeterminate enqueue never dequeued is dropped; one dequeued is completed just before
//    its dequeue's completion; an indeterminate dequeue is not resolvable (it may have taken any
//    value): the engine declines. A value dequeued twice, a dequeue of a value never enqueued, or a
//    dequeue completing before its enqueue began fail at once.
// 2. Order of values (Lee & Mathur's decrease-and-conquer, ignoring empty dequeues): a value may go
//    first when its enqueue began before every other remaining enqueue or dequeue completed, and its dequeue
//    began before every other remaining dequeue completed (a value never dequeued: only when no
//    remaining value is dequeued). Remove it; repeat. If none may, look for the pair that proves it:
//    enqueue a completed before enqueue b began, and dequeue b completed before dequeue a began.
// 3. Empty dequeues: a value is certainly inside from its enqueue's completion to its dequeue's
//    invocation; an empty dequeue needs an instant of its span where no value is. Otherwise the values
//    covering its span are the witness.
// 4. The linearization: the enqueues and the dequeues in the value order, merged in real-time order,
//    empty dequeues placed as soon as they may go and the queue is empty, dequeues before enqueues.
//    It is replayed (dispatch.cpp); if the merge gets stuck, the engine declines and the search decides.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <queue>
#include <unordered_map>

#include "lincheck/engines.hpp"

namespace lincheck::engines {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max();
constexpr std::uint64_t kLargestPosition = std::uint64_t{1} << 58;

std::int64_t scaled(std::uint64_t position) {
    return static_cast<std::int64_t>(position) * 8 + 16;
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
        if (op.f == "dequeue" && !op.completed()) {
            verdict.why_not = "a dequeue with no result (it may have taken any value)";
            return verdict;
        }
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
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Operation& op = ops[i];
        if (op.f != "dequeue") continue;
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
    // Rules for indeterminate enqueues: drop if never dequeued, else complete before the dequeue does.
    std::vector<Item> kept;
    kept.reserve(items.size());
    for (Item& item : items) {
        if (item.enq.ret == kInfinity) {
            if (item.deq.op == kNone) continue;
            item.tightened_by = item.deq.op;
            item.enq.ret = std::max(item.deq.ret - 4, item.enq.call + 1);
        }
        if (item.deq.op != kNone && item.deq.ret < item.enq.call) {
            return fail({item.enq.op, item.deq.op}, describe(item.deq.op) + " completed before " + describe(item.enq.op) + " began");
        }
        kept.push_back(item);
    }
    items = std::move(kept);
    const std::size_t n = items.size();
    const auto value_ops = [&](std::size_t v, std::vector<std::size_t>& out) {
        out.push_back(items[v].enq.op);
        if (items[v].deq.op != kNone) out.push_back(items[v].deq.op);
    };

    // 2. The order of values, by peeling one that may go first.
    std::vector<std::size_t> by_enq_call(n), by_deq_call(n);
    for (std::size_t v = 0; v < n; ++v) by_enq_call[v] = by_deq_call[v] = v;
    std::sort(by_enq_call.begin(), by_enq_call.end(), [&](std::size_t a, std::size_t b) { return items[a].enq.call < items[b].enq.call; });
    std::sort(by_deq_call.begin(), by_deq_call.end(), [&](std::size_t a, std::size_t b) {
        return items[a].deq.call != items[b].deq.call ? items[a].deq.call < items[b].deq.call : a < b;
    });
    MinRet enq_rets, deq_rets;
    for (std::size_t v = 0; v < n; ++v) {
        enq_rets.add(items[v].enq.ret, v);
        if (items[v].deq.op != kNone) deq_rets.add(items[v].deq.ret, v);
    }
    std::vector<char> marks(n, 0), removed(n, 0);  // bit 1: enqueue may go first; bit 2: dequeue may
    // Among the values that may go first, the one whose dequeue completes first: the queue then
    // drains as early as it can, which leaves the most room for empty dequeues.
    const auto later = [&](std::size_t a, std::size_t b) {
        return items[a].deq.ret != items[b].deq.ret ? items[a].deq.ret > items[b].deq.ret : items[a].enq.ret > items[b].enq.ret;
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> ready(later);
    std::vector<std::size_t> order;
    order.reserve(n);
    std::size_t enq_ptr = 0, deq_ptr = 0;
    while (order.size() < n) {
        const std::int64_t min_enq = enq_rets.min(), min_deq = deq_rets.min();
        // An enqueue may go first only if no remaining operation, enqueue or dequeue, completed before
        // it began: a dequeue of u completing first would put u before it.
        for (; enq_ptr < n && items[by_enq_call[enq_ptr]].enq.call < std::min(min_enq, min_deq); ++enq_ptr) {
            if ((marks[by_enq_call[enq_ptr]] |= 1) == 3) ready.push(by_enq_call[enq_ptr]);
        }
        // A value never dequeued (call +∞) may go first only when no dequeued value remains.
        for (; deq_ptr < n && (items[by_deq_call[deq_ptr]].deq.call < min_deq || min_deq == kInfinity); ++deq_ptr) {
            if ((marks[by_deq_call[deq_ptr]] |= 2) == 3) ready.push(by_deq_call[deq_ptr]);
        }
        if (ready.empty()) break;
        const std::size_t v = ready.top();
        ready.pop();
        removed[v] = 1;
        order.push_back(v);
        enq_rets.remove(v);
        deq_rets.remove(v);
    }
    if (order.size() < n) {
        // Stuck: find enqueue a → enqueue b with dequeue b → dequeue a (a missing dequeue is at +∞)
        // among the values left.
        std::vector<std::size_t> left;
        for (std::size_t v = 0; v < n; ++v) {
            if (!removed[v]) left.push_back(v);
        }
        std::vector<std::size_t> by_enq_ret = left;
        std::sort(by_enq_ret.begin(), by_enq_ret.end(), [&](std::size_t a, std::size_t b) { return items[a].enq.ret < items[b].enq.ret; });
        std::sort(left.begin(), left.end(), [&](std::size_t a, std::size_t b) { return items[a].enq.call < items[b].enq.call; });
        std::size_t p = 0, best = kNone;
        for (const std::size_t b : left) {
            for (; p < by_enq_ret.size() && items[by_enq_ret[p]].enq.ret < items[b].enq.call; ++p) {
                const std::size_t a = by_enq_ret[p];
                if (best == kNone || items[a].deq.call > items[best].deq.call) best = a;
            }
            if (best != kNone && items[b].deq.op != kNone && items[best].deq.call > items[b].deq.ret) {
                std::vector<std::size_t> witness;
                value_ops(best, witness);
                value_ops(b, witness);
                const Operation& a_op = ops[items[best].enq.op];
                return fail(std::move(witness),
                            describe(items[best].enq.op) + " completed before " + describe(items[b].enq.op) + " began, and " +
                                describe(items[b].deq.op) + " completed before " +
                                (items[best].deq.op == kNone ? "the end, with " + a_op.value.to_string() + " never dequeued"
                                                             : describe(items[best].deq.op) + " began"));
            }
        }
        verdict.applies = false;
        verdict.why_not = "no value may go first, and no pair proves it (left to the search)";
        return verdict;
    }

    // 3. Empty dequeues: each needs an instant of its span with no value certainly inside.
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
    {
        // Merged stretches where some value is inside, each with where it begins in `critical`.
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
        for (const Span& e : empties) {
            auto it = std::upper_bound(stretches.begin(), stretches.end(), e.call,
                                       [](std::int64_t t, const Stretch& s) { return t < s.from; });
            if (it == stretches.begin()) continue;
            --it;
            if (!(it->from < e.call && e.ret < it->to)) continue;
            // Covered throughout: the witness is a chain of values covering the span, chosen greedily.
            std::vector<std::size_t> witness{e.op};
            std::int64_t reached = e.call;
            std::size_t k = it->first;
            while (reached <= e.ret) {
                std::size_t pick = kNone;
                for (; k <= it->last && critical[k].from < reached; ++k) {
                    if (pick == kNone || critical[k].to > critical[pick].to) pick = k;
                }
                if (pick == kNone) break;  // cannot happen inside a stretch
                value_ops(critical[pick].value, witness);
                reached = critical[pick].to;
            }
            return fail(std::move(witness), describe(e.op) + " returned empty, but throughout it some value was certainly in the queue");
        }
    }

    // 4. The linearization: enqueues and dequeues in the value order, merged.
    std::vector<std::size_t> enq_chain, deq_chain;
    for (const std::size_t v : order) {
        enq_chain.push_back(v);
        if (items[v].deq.op != kNone) deq_chain.push_back(v);
    }
    // Every unplaced operation's completion: ids 0..n-1 enqueues, n..2n-1 dequeues, 2n.. empties.
    MinRet pending;
    for (std::size_t v = 0; v < n; ++v) {
        pending.add(items[v].enq.ret, v);
        if (items[v].deq.op != kNone) pending.add(items[v].deq.ret, n + v);
    }
    for (std::size_t k = 0; k < empties.size(); ++k) pending.add(empties[k].ret, 2 * n + k);
    std::size_t placed_enq = 0, placed_deq = 0, placed_empty = 0;
    const std::size_t total = n + deq_chain.size() + empties.size();
    verdict.order.reserve(total);
    while (verdict.order.size() < total) {
        const std::int64_t min_ret = pending.min();
        // The queue is empty when every value enqueued so far was dequeued.
        if (placed_enq == placed_deq && placed_empty < empties.size() && empties[placed_empty].call < min_ret) {
            verdict.order.push_back(empties[placed_empty].op);
            pending.remove(2 * n + placed_empty++);
        } else if (placed_deq < placed_enq && placed_deq < deq_chain.size() && items[deq_chain[placed_deq]].deq.call < min_ret) {
            const std::size_t v = deq_chain[placed_deq++];
            verdict.order.push_back(items[v].deq.op);
            pending.remove(n + v);
        } else if (placed_enq < n && items[enq_chain[placed_enq]].enq.call < min_ret) {
            const std::size_t v = enq_chain[placed_enq++];
            verdict.order.push_back(items[v].enq.op);
            pending.remove(v);
        } else {
            verdict.applies = false;
            verdict.why_not = "the value order found admits no merge (left to the search)";
            verdict.order.clear();
            return verdict;
        }
    }
    verdict.linearizable = true;
    return verdict;
}

}  // namespace lincheck::engines
