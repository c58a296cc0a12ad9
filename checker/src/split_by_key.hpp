#pragma once
// check_history's split of a history into one partition per key (P-compositionality), keys in order
// of their first operation. Templates over the operations' container: a span (copied), a vector or
// runs (moved). Only check.cpp includes it.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "flat_index.hpp"
#include "lincheck/check.hpp"
#include "lincheck/internal/check_knobs.hpp"

namespace lincheck::detail {

using internal::kParallelFrom;

// Numbers the keys of ops[begin, end) in order of their first operation: key_of_op[i] is operation
// i's number, and the result lists each number's key.
template <class Ops>
std::vector<const Value*> number_keys_of(const Ops& ops, std::size_t begin, std::size_t end,
                                         std::vector<std::uint32_t>& key_of_op) {
    std::vector<const Value*> keys;
    std::unordered_map<Value, std::uint32_t, ValueHash> number_of;
    for (std::size_t i = begin; i < end; ++i) {
        // Consecutive operations often share a key: skip the lookup then.
        if (i > begin && ops[i - 1].key == ops[i].key) {
            key_of_op[i] = key_of_op[i - 1];
            continue;
        }
        const auto [it, inserted] = number_of.try_emplace(*ops[i].key, static_cast<std::uint32_t>(keys.size()));
        if (inserted) keys.push_back(&*ops[i].key);
        key_of_op[i] = it->second;
    }
    return keys;
}

// Numbers the keys of `ops` in order of their first operation: key_of_op[i] is operation i's, and
// the result lists each number's key. With several threads, each numbers the keys of one stretch of
// the operations; the stretches' numbers are then joined in order (a look-up per key and stretch).
template <class Ops>
std::vector<Value> number_keys(const Ops& ops, unsigned threads, std::vector<std::uint32_t>& key_of_op) {
    const std::size_t n = ops.size();
    key_of_op.resize(n);
    std::vector<Value> keys;
    if (n < kParallelFrom) {  // small: a flat index, no node per key
        detail::FlatIndex number_of;
        number_of.reset(n);
        keys.reserve(std::min<std::size_t>(n, 16));
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0 && ops[i - 1].key == ops[i].key) {
                key_of_op[i] = key_of_op[i - 1];
                continue;
            }
            const Value& key = *ops[i].key;
            const auto fresh = static_cast<std::uint32_t>(keys.size());
            key_of_op[i] = number_of.find_or_add(key.hash(), fresh, [&](std::uint32_t k) { return keys[k] == key; });
            if (key_of_op[i] == fresh) keys.push_back(key);
        }
        return keys;
    }
    if (threads <= 1) {
        for (const Value* key : number_keys_of(ops, 0, n, key_of_op)) keys.push_back(*key);
        return keys;
    }
    std::vector<std::vector<const Value*>> stretch_keys(threads);
    const auto stretch_begin = [&](unsigned t) { return n * t / threads; };
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute([&] {
        tbb::parallel_for(0u, threads, [&](unsigned t) {
            stretch_keys[t] = number_keys_of(ops, stretch_begin(t), stretch_begin(t + 1), key_of_op);
        });
    });
    // number[t][local]: the whole history's number of stretch t's key `local`.
    std::vector<std::vector<std::uint32_t>> number(threads);
    std::unordered_map<Value, std::uint32_t, ValueHash> number_of;
    for (unsigned t = 0; t < threads; ++t) {
        for (const Value* key : stretch_keys[t]) {
            const auto [it, inserted] = number_of.try_emplace(*key, static_cast<std::uint32_t>(keys.size()));
            if (inserted) keys.push_back(*key);
            number[t].push_back(it->second);
        }
    }
    arena.execute([&] {
        tbb::parallel_for(0u, threads, [&](unsigned t) {
            for (std::size_t i = stretch_begin(t); i < stretch_begin(t + 1); ++i) key_of_op[i] = number[t][key_of_op[i]];
        });
    });
    return keys;
}

// A copy of ops[i] from a span, or ops[i] moved from a vector or runs.
template <class Ops>
decltype(auto) take_op(Ops& ops, std::size_t i) {
    if constexpr (std::is_const_v<std::remove_reference_t<decltype(ops[i])>>) return ops[i];
    else return std::move(ops[i]);
}

// Keys are integers in most histories: those are hashed and compared inline. Consistent with
// Value's operator== (an integer equals only an integer); the hashes serve the split's index only.
inline std::size_t key_hash(const Value& key) {
    return key.is_integer() ? static_cast<std::size_t>(key.as_integer()) * 0x9E3779B97F4A7C15ULL : key.hash();
}
inline bool same_key(const Value& a, const Value& b) {
    return a.is_integer() && b.is_integer() ? a.as_integer() == b.as_integer() : a == b;
}

// The keys of a small history (fewer than kParallelFrom operations), numbered in order of their first
// operation, in scratch kept by the thread: keys[p] is key p, counts[p] its number of operations,
// partition_of_op[i] operation i's key.
struct SmallSplit {
    std::vector<std::uint32_t> partition_of_op, counts;
    std::vector<const Value*> keys;
    detail::FlatIndex number_of;
    std::vector<std::size_t*> cursor;  // split_small_into without operations: where each key's next index goes
    // Integer keys 0..63 (a simulator's usual ones) are numbered here, not in number_of: low[k] is
    // key k's number when its stamp is this split's (no hash, no index to empty; session 12).
    struct Low {
        std::uint32_t stamp = 0, number = 0;
    };
    std::array<Low, 64> low{};
    std::uint32_t stamp = 0;
};

template <class Ops>
[[gnu::always_inline]] inline SmallSplit& number_small(const Ops& ops) {
    const std::size_t n = ops.size();
    thread_local SmallSplit scratch;  // one block: one thread-local look-up
    std::vector<std::uint32_t>& partition_of_op = scratch.partition_of_op;
    std::vector<std::uint32_t>& counts = scratch.counts;
    std::vector<const Value*>& keys = scratch.keys;
    partition_of_op.resize(n);
    counts.clear();
    keys.clear();
    if (++scratch.stamp == 0) {  // wrapped: no slot may look current
        for (SmallSplit::Low& low : scratch.low) low.stamp = 0;
        scratch.stamp = 1;
    }
    bool index_ready = false;  // number_of is emptied when a key other than 0..63 first needs it
    for (std::size_t i = 0; i < n; ++i) {
        const Value& key = *ops[i].key;
        std::uint32_t p;
        if (i > 0 && same_key(*ops[i - 1].key, key)) {
            p = partition_of_op[i - 1];
        } else if (key.is_integer() && static_cast<std::uint64_t>(key.as_integer()) < scratch.low.size()) {
            SmallSplit::Low& low = scratch.low[static_cast<std::size_t>(key.as_integer())];
            if (low.stamp != scratch.stamp) {
                low = {scratch.stamp, static_cast<std::uint32_t>(keys.size())};
                keys.push_back(&key);
                counts.push_back(0);
            }
            p = low.number;
        } else {
            if (!index_ready) {
                scratch.number_of.reset(n);
                index_ready = true;
            }
            const auto fresh = static_cast<std::uint32_t>(keys.size());
            p = scratch.number_of.find_or_add(key_hash(key), fresh, [&](std::uint32_t k) { return same_key(*keys[k], key); });
            if (p == fresh) {
                keys.push_back(&key);
                counts.push_back(0);
            }
        }
        partition_of_op[i] = p;
        ++counts[p];
    }
    return scratch;
}

// split_by_key for fewer than kParallelFrom operations (a simulator checks thousands of these a
// second, so the split must cost little beside their searches): one pass numbers the keys and counts
// their operations (number_small); a second gathers each operation into its key's partition, whose
// vectors are sized once.
template <class Ops>
std::vector<PartitionResult> split_small(Ops& ops, bool keyed) {
    const std::size_t n = ops.size();
    std::vector<PartitionResult> partitions;
    if (!keyed) {
        PartitionResult& all = partitions.emplace_back();
        all.op_indices.resize(n);
        all.ops.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            all.op_indices[i] = i;
            all.ops.push_back(take_op(ops, i));
        }
        return partitions;
    }
    const SmallSplit& split = number_small(ops);
    partitions.reserve(split.keys.size());
    for (std::size_t p = 0; p < split.keys.size(); ++p) {
        PartitionResult& partition = partitions.emplace_back();
        partition.key.emplace(*split.keys[p]);
        partition.op_indices.reserve(split.counts[p]);
        partition.ops.reserve(split.counts[p]);
    }
    const std::uint32_t* const partition_of_op = split.partition_of_op.data();  // not reloaded after each push
    for (std::size_t i = 0; i < n; ++i) {
        PartitionResult& partition = partitions[partition_of_op[i]];
        partition.op_indices.push_back(i);
        partition.ops.push_back(take_op(ops, i));
    }
    return partitions;
}

// A partition kept from an earlier check, made as a new one is, but for the memory of its vectors
// (op_indices, ops): `ops` is resized to `count` operations, to be assigned (`with_ops`), else emptied
// (the verdict-first mode, HistoryOptions::verdict_only).
// Without `with_ops`, `engine` is left as it was: the verdict-first mode's check sets it, or clears it
// for a key it does not check.
inline void renew_partition(PartitionResult& partition, std::size_t count, bool with_ops = true) {
    partition.key.reset();
    if (with_ops) partition.engine.clear();
    partition.engine_note = EngineNote();
    partition.op_indices.clear();
    if (with_ops) {
        partition.op_indices.reserve(count);
        partition.ops.resize(count);
    } else {
        partition.ops.clear();  // (the caller sizes op_indices)
    }
    // As a new CheckResult, field by field (a new one assigned costs its construction and a move of
    // every field); the vectors keep their memory.
    CheckResult& result = partition.result;
    result.verdict = Verdict::unknown;
    result.unknown_reason.clear();
    result.counterexample.reset();
    result.linearization.clear();
    result.final_states.clear();
    result.stats = CheckStats();
    struct Fields {  // CheckResult's, as reset above
        Verdict verdict;
        std::string unknown_reason;
        std::optional<Counterexample> counterexample;
        std::vector<std::size_t> linearization;
        std::vector<Value> final_states;
        CheckStats stats;
    };
    static_assert(sizeof(CheckResult) == sizeof(Fields), "a field added to CheckResult must be reset here too");
}

// split_small into `partitions`, partitions of an earlier split whose vectors keep their memory:
// the operations are copied by assignment into operations already there (a string keeps its buffer),
// and a partition's vectors are allocated only when it has more operations than ever before. The
// partitions are those split_small makes. Without `with_ops` (the verdict-first mode), the partitions
// get their op_indices alone and no operation is copied.
inline void split_small_into(std::span<const Operation> ops, bool keyed, std::vector<PartitionResult>& partitions,
                             bool with_ops = true) {
    const std::size_t n = ops.size();
    if (!keyed) {
        partitions.resize(1);
        PartitionResult& all = partitions[0];
        renew_partition(all, n, with_ops);
        all.op_indices.resize(n);
        for (std::size_t i = 0; i < n; ++i) all.op_indices[i] = i;
        if (with_ops) std::copy(ops.begin(), ops.end(), all.ops.begin());
        return;
    }
    SmallSplit& split = number_small(ops);
    const std::size_t keys = split.keys.size();
    partitions.resize(keys);
    for (std::size_t p = 0; p < keys; ++p) {
        renew_partition(partitions[p], split.counts[p], with_ops);
        partitions[p].key.emplace(*split.keys[p]);
    }
    const std::uint32_t* const partition_of_op = split.partition_of_op.data();
    if (!with_ops) {
        // Each key's indices written in place (sized once; a push_back per op was a call each).
        split.cursor.resize(keys);
        for (std::size_t p = 0; p < keys; ++p) {
            partitions[p].op_indices.resize(split.counts[p]);
            split.cursor[p] = partitions[p].op_indices.data();
        }
        std::size_t** const cursor = split.cursor.data();
        for (std::size_t i = 0; i < n; ++i) *cursor[partition_of_op[i]]++ = i;
        return;
    }
    for (std::size_t i = 0; i < n; ++i) {
        PartitionResult& partition = partitions[partition_of_op[i]];
        partition.ops[partition.op_indices.size()] = ops[i];
        partition.op_indices.push_back(i);
    }
}

// Throws InputError when some operations name a key and others none.
template <class Ops>
void refuse_mixed_keys(const Ops& ops) {
    if (ops.empty()) return;
    const bool keyed = ops.front().key.has_value();
    std::size_t mixed = 0;
    while (mixed < ops.size() && ops[mixed].key.has_value() == keyed) ++mixed;
    if (mixed != ops.size()) {
        const Operation& op = ops[mixed];
        throw InputError("operation `" + op.f + "` by process " + std::to_string(op.process) +
                             (op.key ? " names a key" : " names no key") + " but the history's first " +
                             (op.key ? "names none" : "does") + "; a keyed history needs a key on every operation",
                         op.invoke_pos);
    }
}

// Splits operations by key, keeping keys in order of their first operation. `Ops` is a span (the
// operations are copied) or a vector (they are moved). Keys are numbered first; then each partition,
// its size known, gathers its operations (partitions in parallel, with `threads`). Without `gather`
// (the verdict-first mode, a span), the partitions get their op_indices alone.
template <class Ops>
std::vector<PartitionResult> split_by_key(Ops& ops, bool by_key, unsigned threads, bool gather_ops = true) {
    std::vector<PartitionResult> partitions;
    if (ops.empty()) return partitions;
    const bool keyed = ops.front().key.has_value();
    refuse_mixed_keys(ops);
    if (ops.size() < kParallelFrom && gather_ops) return split_small(ops, by_key && keyed);
    std::vector<std::uint32_t> partition_of_op;
    if (by_key && keyed) {
        std::vector<Value> keys = number_keys(ops, threads, partition_of_op);
        partitions.reserve(keys.size());
        for (Value& key : keys) partitions.emplace_back().key = std::move(key);
    } else {
        partition_of_op.assign(ops.size(), 0);
        partitions.emplace_back();
    }
    std::vector<std::uint32_t> counts(partitions.size());
    for (const std::uint32_t p : partition_of_op) ++counts[p];
    for (std::size_t p = 0; p < partitions.size(); ++p) partitions[p].op_indices.reserve(counts[p]);
    for (std::size_t i = 0; i < ops.size(); ++i) partitions[partition_of_op[i]].op_indices.push_back(i);
    if (!gather_ops) return partitions;

    auto gather = [&](std::size_t p) {
        PartitionResult& partition = partitions[p];
        partition.ops.reserve(partition.op_indices.size());
        for (const std::size_t i : partition.op_indices) {
            if constexpr (std::is_const_v<std::remove_reference_t<decltype(ops[i])>>) partition.ops.push_back(ops[i]);
            else partition.ops.push_back(std::move(ops[i]));
        }
    };
    if (threads > 1 && partitions.size() > 1 && ops.size() >= kParallelFrom) {
        tbb::task_arena arena(static_cast<int>(threads));
        arena.execute([&] { tbb::parallel_for(std::size_t{0}, partitions.size(), gather); });
    } else {
        for (std::size_t p = 0; p < partitions.size(); ++p) gather(p);
    }
    return partitions;
}

// The operations of runs, indexed as their concatenation (for split_by_key).
class Joined {
public:
    explicit Joined(OperationRuns& runs) {
        std::size_t n = 0;
        for (const auto& run : runs) n += run.size();
        refs_.reserve(n);
        for (auto& run : runs) {
            for (Operation& op : run) refs_.push_back(&op);
        }
    }
    std::size_t size() const { return refs_.size(); }
    bool empty() const { return refs_.empty(); }
    Operation& operator[](std::size_t i) const { return *refs_[i]; }
    Operation& front() const { return *refs_.front(); }

private:
    std::vector<Operation*> refs_;
};

}  // namespace lincheck::detail
