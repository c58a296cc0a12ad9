// set-unique: a grow-only set (add, read of the whole set) whose added values are unique, decided in
// O(n + total size of the reads) after sorting. docs/engines.md states the rules and the argument:
//
// 1. Rules: an indeterminate read is dropped, and so is a read with no result when the model takes a
//    null read as unknown; an indeterminate add that no read holds is dropped.
// 2. Levels: the sets read must form a chain under inclusion (the set only grows). Sorted by size,
//    each distinct set is a level; an add belongs to the first level whose set holds it (adds no
//    read holds come last).
// 3. The only linearizations are, up to order within a block: adds of level 0, reads of level 0,
//    adds of level 1, reads of level 1, ..., the adds no read holds. Such a block order respects
//    real time iff at every boundary the latest invocation before it precedes the earliest
//    completion after it.
// A violation is proven on at most 4 operations projected on at most 2 elements (plus the initial
// ones): each read's result is cut down to those elements, which keeps a linearizable history
// linearizable, so the projected witness failing proves the whole history fails.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <unordered_map>

#include "lincheck/internal/engines.hpp"

namespace lincheck::engines {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::uint64_t kInfinity = std::numeric_limits<std::uint64_t>::max();

bool is_collection(const Value& v) {
    return v.kind() == Value::Kind::list || v.kind() == Value::Kind::set;
}

}  // namespace

FastVerdict set_unique(const Model& model, std::span<const Operation> ops) {
    FastVerdict verdict;
    if (model.name() != "set") {
        verdict.why_not = "not a set model";
        return verdict;
    }
    const Value initial = model.initial_state();
    // Whether a read with no result matches any state (--nil-read unknown): ask the model.
    bool nil_read_is_unknown = false;
    {
        Operation probe;
        probe.f = "read";
        probe.outcome = Outcome::ok;
        probe.call = 0;
        probe.ret = 1;
        std::vector<Value> next;
        model.step(initial, probe, next);
        nil_read_is_unknown = !next.empty();
    }
    // Elements: the initial ones first, then each added value.
    std::unordered_map<Value, std::size_t, ValueHash> element_of;
    std::vector<std::size_t> add_of;  // element -> input index of its add, kNone for initial ones
    for (const Value& v : initial.items()) {
        element_of.emplace(v, add_of.size());
        add_of.push_back(kNone);
    }
    const std::size_t initial_count = add_of.size();
    std::vector<std::size_t> reads, free_reads;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Operation& op = ops[i];
        if (op.key != ops.front().key) {
            verdict.why_not = "several keys in one partition";
            return verdict;
        }
        if (op.f == "add") {
            const auto [it, fresh] = element_of.try_emplace(op.value, add_of.size());
            if (!fresh) {
                verdict.why_not = "value " + op.value.to_string() +
                                  (it->second < initial_count ? " is added and in the initial set" : " is added twice");
                return verdict;
            }
            add_of.push_back(i);
        } else if (op.f == "read") {
            if (!op.completed()) continue;  // constrains nothing
            if (op.value.is_nil() && nil_read_is_unknown) {
                free_reads.push_back(i);  // matches any state: placed anywhere in its span
                continue;
            }
            reads.push_back(i);
        } else {
            verdict.why_not = "`" + op.f + "` operations (only add and read)";
            return verdict;
        }
    }
    verdict.applies = true;
    const std::size_t elements = add_of.size();
    // A read of a large set is summed up: the reason names what matters, not every element.
    const auto describe = [&](std::size_t i) {
        const Operation& op = ops[i];
        const bool long_read = op.f == "read" && is_collection(op.value) && op.value.items().size() > 8;
        return (long_read ? "read → a list of " + std::to_string(op.value.items().size()) + " elements"
                          : model.describe_op(op, Value::Notation::json)) +
               " by process " + std::to_string(op.process);
    };
    const auto fail = [&](std::vector<std::size_t> witness, std::vector<Value> projection, std::string reason) {
        std::sort(witness.begin(), witness.end());
        witness.erase(std::unique(witness.begin(), witness.end()), witness.end());
        verdict.witness = std::move(witness);
        verdict.witness_projection = std::move(projection);
        verdict.witness_projection.insert(verdict.witness_projection.end(), initial.items().begin(), initial.items().end());
        verdict.projected = true;
        verdict.witness_reason = std::move(reason);
        return verdict;
    };
    const auto value_of = [&](std::size_t e) { return e < initial_count ? initial.items()[e] : ops[add_of[e]].value; };

    // Each read's distinct elements, and how many reads hold each element.
    std::vector<std::vector<std::size_t>> held(reads.size());
    std::vector<std::size_t> mark(elements, kNone);
    for (std::size_t r = 0; r < reads.size(); ++r) {
        const Operation& op = ops[reads[r]];
        if (!is_collection(op.value)) return fail({reads[r]}, {}, describe(reads[r]) + " returned no set");
        for (const Value& x : op.value.items()) {
            const auto it = element_of.find(x);
            if (it == element_of.end()) {
                return fail({reads[r]}, {x}, describe(reads[r]) + " holds " + x.to_string() + ", which was never added");
            }
            if (mark[it->second] == r) continue;  // a duplicate in the list
            mark[it->second] = r;
            held[r].push_back(it->second);
        }
        for (std::size_t e = 0; e < initial_count; ++e) {
            if (mark[e] != r) return fail({reads[r]}, {}, describe(reads[r]) + " misses " + value_of(e).to_string() + ", initially in the set");
        }
    }
    // 2. Levels: reads sorted by size; each element must be held by every read from the first that
    // holds it on (else two reads are incomparable: neither set contains the other).
    std::vector<std::size_t> by_size(reads.size());
    for (std::size_t r = 0; r < reads.size(); ++r) by_size[r] = r;
    std::stable_sort(by_size.begin(), by_size.end(), [&](std::size_t a, std::size_t b) { return held[a].size() < held[b].size(); });
    std::vector<std::size_t> level(reads.size());
    std::size_t levels = 0;
    for (std::size_t k = 0; k < by_size.size(); ++k) {
        if (k > 0 && held[by_size[k]].size() != held[by_size[k - 1]].size()) ++levels;
        level[by_size[k]] = levels;
    }
    if (!reads.empty()) ++levels;
    // rank[r]: position in by_size; the reads holding e must be exactly a suffix of by_size.
    std::vector<std::size_t> rank(reads.size());
    for (std::size_t k = 0; k < by_size.size(); ++k) rank[by_size[k]] = k;
    std::vector<std::size_t> first_rank(elements, kNone), count(elements, 0);
    for (std::size_t r = 0; r < reads.size(); ++r) {
        for (const std::size_t e : held[r]) {
            first_rank[e] = std::min(first_rank[e], rank[r]);
            ++count[e];
        }
    }
    for (std::size_t e = initial_count; e < elements; ++e) {
        if (count[e] == 0 || count[e] == reads.size() - first_rank[e]) continue;
        // e is in read a = by_size[first_rank[e]] but missing from a later (at least as large) read b.
        const std::size_t a = by_size[first_rank[e]];
        std::vector<char> in_a(elements, 0);
        for (const std::size_t x : held[a]) in_a[x] = 1;
        for (std::size_t k = first_rank[e] + 1; k < by_size.size(); ++k) {
            const std::size_t b = by_size[k];
            if (std::find(held[b].begin(), held[b].end(), e) != held[b].end()) continue;
            // b is no smaller than a and lacks e, so it holds some f that a lacks.
            std::size_t f = kNone;
            for (const std::size_t x : held[b]) {
                if (!in_a[x]) {
                    f = x;
                    break;
                }
            }
            if (f == kNone) break;  // cannot happen (|b| >= |a|)
            return fail({reads[a], reads[b], add_of[e], add_of[f]}, {value_of(e), value_of(f)},
                        describe(reads[a]) + " holds " + value_of(e).to_string() + " but not " + value_of(f).to_string() + ", and " +
                            describe(reads[b]) + " the other way round: the set only grows");
        }
        verdict = {};
        verdict.why_not = "reads not a chain, and no pair of reads proves it (a bug)";
        return verdict;
    }

    // 3. Blocks: 2·level for the adds first held at that level, 2·level+1 for its reads, 2·levels for
    // the adds no read holds. Indeterminate adds no read holds are dropped.
    struct Placed {
        std::size_t block, op;
    };
    std::vector<Placed> placed;
    placed.reserve(ops.size());
    for (std::size_t e = initial_count; e < elements; ++e) {
        const std::size_t i = add_of[e];
        if (count[e] == 0) {
            if (ops[i].completed()) placed.push_back({2 * levels, i});
            continue;
        }
        placed.push_back({2 * level[by_size[first_rank[e]]], i});
    }
    for (std::size_t r = 0; r < reads.size(); ++r) placed.push_back({2 * level[r] + 1, reads[r]});
    std::sort(placed.begin(), placed.end(), [&](const Placed& a, const Placed& b) {
        return a.block != b.block ? a.block < b.block : ops[a.op].call < ops[b.op].call;
    });
    // Each boundary: the latest invocation before it must precede the earliest completion after it.
    const auto ret_of = [&](std::size_t i) { return ops[i].completed() ? ops[i].ret : kInfinity; };
    std::vector<std::size_t> suffix_min(placed.size() + 1, kNone);  // index into placed of the earliest completion
    for (std::size_t k = placed.size(); k-- > 0;) {
        const std::size_t best = suffix_min[k + 1];
        suffix_min[k] = best != kNone && ret_of(placed[best].op) < ret_of(placed[k].op) ? best : k;
    }
    std::size_t latest = kNone;  // index into placed of the latest invocation so far
    for (std::size_t k = 0; k < placed.size(); ++k) {
        if (latest == kNone || ops[placed[k].op].call > ops[placed[latest].op].call) latest = k;
        const bool boundary = k + 1 < placed.size() && placed[k + 1].block != placed[k].block;
        if (!boundary) continue;
        const std::size_t early = suffix_min[k + 1];
        if (!(ret_of(placed[early].op) < ops[placed[latest].op].call)) continue;
        // x (placed before) must come after y (placed later) in real time: say why that is certain.
        const std::size_t x = placed[latest].op, y = placed[early].op;
        const bool x_read = ops[x].f == "read", y_read = ops[y].f == "read";
        const auto element = [&](std::size_t add) { return element_of.at(ops[add].value); };
        const auto read_index = [&](std::size_t op) {
            return static_cast<std::size_t>(std::find(reads.begin(), reads.end(), op) - reads.begin());
        };
        if (!x_read && y_read) {  // y holds x's value but completed before x began
            return fail({x, y}, {ops[x].value}, describe(y) + " holds " + ops[x].value.to_string() + " but completed before " + describe(x) + " began");
        }
        if (x_read && !y_read) {  // x does not hold y's value, which was added before x began
            return fail({x, y}, {ops[y].value}, describe(x) + " misses " + ops[y].value.to_string() + ", added by " + describe(y) + " before it began");
        }
        if (x_read && y_read) {  // y holds more than x, yet completed before x began
            std::vector<char> in_x(elements, 0);
            for (const std::size_t e : held[read_index(x)]) in_x[e] = 1;
            const auto& y_held = held[read_index(y)];
            const auto f = std::find_if(y_held.begin(), y_held.end(), [&](std::size_t e) { return !in_x[e]; });
            if (f == y_held.end()) break;
            return fail({x, y, add_of[*f]}, {value_of(*f)},
                        describe(y) + " holds " + value_of(*f).to_string() + ", completed before " + describe(x) + " began, which misses it");
        }
        // Two adds: a read holds x's value but not y's, yet y's add completed before x's began.
        const std::size_t ex = element(x);
        const std::size_t r = by_size[first_rank[ex]];
        return fail({x, y, reads[r]}, {ops[x].value, ops[y].value},
                    describe(reads[r]) + " holds " + ops[x].value.to_string() + " but not " + ops[y].value.to_string() + ", yet " +
                        describe(y) + " completed before " + describe(x) + " began");
    }
    // No boundary is crossed: the blocks, each in invocation order, are a linearization. (A crossed
    // boundary the loop above could not explain reaches here only by `break`: checked again.)
    std::size_t latest_call = 0;
    bool ok = true;
    std::size_t max_call_index = kNone;
    for (std::size_t k = 0; k < placed.size(); ++k) {
        const std::size_t i = placed[k].op;
        if (max_call_index != kNone && ret_of(i) < latest_call) ok = false;
        if (max_call_index == kNone || ops[i].call > latest_call) {
            latest_call = ops[i].call;
            max_call_index = k;
        }
    }
    if (!ok) {
        verdict = {};
        verdict.why_not = "a block order violates real time and no few operations prove it (a bug)";
        return verdict;
    }
    verdict.linearizable = true;
    // The order is realised by points: each operation at the latest invocation so far (never after
    // its completion, by the boundary check). A read that matches any state goes at its invocation:
    // before the first operation whose point is later.
    std::sort(free_reads.begin(), free_reads.end(), [&](std::size_t a, std::size_t b) { return ops[a].call < ops[b].call; });
    std::size_t next_free = 0;
    std::uint64_t point = 0;
    verdict.order.reserve(placed.size() + free_reads.size());
    for (const Placed& p : placed) {
        point = std::max(point, ops[p.op].call);
        for (; next_free < free_reads.size() && ops[free_reads[next_free]].call < point; ++next_free) {
            verdict.order.push_back(free_reads[next_free]);
        }
        verdict.order.push_back(p.op);
    }
    for (; next_free < free_reads.size(); ++next_free) verdict.order.push_back(free_reads[next_free]);
    return verdict;
}

}  // namespace lincheck::engines
