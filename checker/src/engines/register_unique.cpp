// register-unique: a read/write register whose written values are unique, decided in O(n log n) by
// Gibbons and Korach's zones (docs/engines.md states the rules and their arguments).
//
// After resolve_register every operation is completed. A value's cluster is its write and the reads
// that returned it (the initial value's write is virtual, at the very start). In any linearization a
// cluster is a block: its write, then its reads, before the next write. With f the earliest completion
// in a cluster and s its latest invocation, a cluster with f < s has a forward zone [f, s] — its block
// must span it — and one with s < f a backward zone [s, f] — its block fits at any instant there.
// The history is linearizable iff no read completes before its write begins, no two forward zones
// intersect and no backward zone lies inside a forward zone.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>

#include "lincheck/internal/engines.hpp"

namespace lincheck::engines {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::uint32_t kUnwritten = std::numeric_limits<std::uint32_t>::max();
// Positions beyond this would overflow once scaled.
constexpr std::uint64_t kLargestPosition = std::uint64_t{1} << 58;

std::int64_t scaled(std::uint64_t position) {
    return static_cast<std::int64_t>(position) * 8 + 16;
}

struct Shape {
    std::string_view write;
    std::string_view read;
};

std::optional<Shape> register_shape(const Model& model) {
    const std::string_view name = model.name();
    if (name == "register" || name == "cas-register") return Shape{"write", "read"};
    if (name == "kv") return Shape{"put", "get"};
    return std::nullopt;
}

// What the model says about one value, learnt by stepping it (the models keep --initial and
// --nil-read to themselves): read in the initial state, read in any state.
struct ValueFacts {
    std::size_t writer = kNone;  // the input index of the write of this value
    std::uint32_t cluster = kUnwritten;
    bool probed = false;
    bool initial = false;   // a read of it is legal in the initial state
    bool wildcard = false;  // a read of it is legal in any state (nil under --nil-read unknown)
    std::size_t first_observer = kNone;  // the ok read of it that completed first
};

class Resolver {
public:
    Resolver(const Model& model, std::span<const Operation> ops, Shape shape)
        : model_(model), ops_(ops), shape_(shape) {}

    std::optional<ResolvedRegister> run(std::string& why_not, std::vector<std::uint32_t>& cluster_of) {
        const Operation& first = ops_.front();
        read_probe_ = first;
        read_probe_.f = std::string(shape_.read);
        read_probe_.outcome = Outcome::ok;
        read_probe_.ret = first.call + 1;
        Operation write_probe = read_probe_;
        write_probe.f = std::string(shape_.write);
        write_probe.value = probe_value();
        initial_ = model_.initial_state();
        next_.clear();
        model_.step(initial_, write_probe, next_);
        if (next_.size() != 1 || next_[0] == initial_) {
            why_not = "the model does not behave as a register here";
            return std::nullopt;
        }
        elsewhere_ = next_[0];

        facts_.reserve(ops_.size());
        std::uint32_t clusters = 1;  // 0: the initial value
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            const Operation& op = ops_[i];
            if (op.f != shape_.write && op.f != shape_.read) {
                why_not = "`" + op.f + "` operations (only " + std::string(shape_.write) + " and " +
                          std::string(shape_.read) + ")";
                return std::nullopt;
            }
            if (op.key != first.key) {
                why_not = "several keys in one partition";
                return std::nullopt;
            }
            if (op.call >= kLargestPosition || (op.ret != kNever && op.ret >= kLargestPosition)) {
                why_not = "event positions too large";
                return std::nullopt;
            }
            if (op.value == write_probe.value) {
                why_not = "a value equal to the engine's probe";
                return std::nullopt;
            }
            if (op.f != shape_.write) continue;
            ValueFacts& facts = probe(op.value);
            if (facts.writer != kNone) {
                why_not = "value " + op.value.to_string() + " is written twice";
                return std::nullopt;
            }
            if (facts.initial) {
                why_not = "value " + op.value.to_string() + " is written and is the initial value";
                return std::nullopt;
            }
            facts.writer = i;
            facts.cluster = clusters++;
        }
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            const Operation& op = ops_[i];
            if (op.f != shape_.read || !op.completed()) continue;
            ValueFacts& facts = probe(op.value);
            if (facts.initial && facts.cluster == kUnwritten) facts.cluster = 0;
            if (facts.first_observer == kNone || ops_[facts.first_observer].ret > op.ret) facts.first_observer = i;
        }

        ResolvedRegister out;
        out.ops.reserve(ops_.size());
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            const Operation& op = ops_[i];
            const bool write = op.f == shape_.write;
            if (!write && !op.completed()) {
                ++out.dropped_reads;  // an indeterminate read constrains nothing
                continue;
            }
            const ValueFacts& facts = facts_.find(op.value)->second;
            if (!write && facts.wildcard) {
                ++out.dropped_reads;  // legal in every state: constrains nothing
                continue;
            }
            std::size_t tightened_by = kNone;
            std::int64_t ret = op.ret == kNever ? 0 : scaled(op.ret);
            if (write && !op.completed()) {
                if (facts.first_observer == kNone) {
                    ++out.dropped_writes;  // never observed: the history is the same without it
                    continue;
                }
                // Observed: it took effect before its first observer completed. (If that observer
                // completed before this write began, the history fails either way; keep call < ret.)
                tightened_by = facts.first_observer;
                ret = std::max(scaled(ops_[tightened_by].ret) - 4, scaled(op.call) + 1);
                ++out.tightened_writes;
            }
            Operation resolved = op;
            resolved.outcome = Outcome::ok;
            resolved.call = static_cast<std::uint64_t>(scaled(op.call));
            resolved.ret = static_cast<std::uint64_t>(ret);
            out.ops.push_back(std::move(resolved));
            out.origin.push_back(i);
            out.tightened_by.push_back(tightened_by);
            cluster_of.push_back(facts.cluster);
        }
        return out;
    }

private:
    static Value probe_value() { return Value::string("\x01lincheck register-unique probe\x01"); }

    bool read_legal(const Value& state, const Value& value) {
        read_probe_.value = value;
        next_.clear();
        model_.step(state, read_probe_, next_);
        return !next_.empty();
    }

    ValueFacts& probe(const Value& value) {
        ValueFacts& facts = facts_[value];
        if (!facts.probed) {
            facts.probed = true;
            facts.initial = read_legal(initial_, value);
            facts.wildcard = facts.initial && read_legal(elsewhere_, value);
        }
        return facts;
    }

    const Model& model_;
    std::span<const Operation> ops_;
    Shape shape_;
    Operation read_probe_;
    Value initial_, elsewhere_;
    std::vector<Value> next_;
    std::unordered_map<Value, ValueFacts, ValueHash> facts_;
};

std::optional<ResolvedRegister> resolve(const Model& model, std::span<const Operation> ops, std::string& why_not,
                                        std::vector<std::uint32_t>& cluster_of) {
    const auto shape = register_shape(model);
    if (!shape) {
        why_not = "not a register model";
        return std::nullopt;
    }
    if (ops.empty()) return ResolvedRegister{};
    return Resolver(model, ops, *shape).run(why_not, cluster_of);
}

struct Cluster {
    bool present = false;
    std::size_t write = kNone;  // index into the resolved ops; kNone for the initial value's
    std::int64_t write_call = 0;
    std::int64_t f = std::numeric_limits<std::int64_t>::max();  // earliest completion
    std::size_t f_op = kNone;
    std::int64_t s = std::numeric_limits<std::int64_t>::min();  // latest invocation
    std::size_t s_op = kNone;
    std::int64_t first_read_ret = std::numeric_limits<std::int64_t>::max();
    std::size_t first_read = kNone;
    std::int64_t point = 0;  // where its block goes, for a backward cluster
};

struct Zone {
    std::int64_t f, s;
    std::uint32_t cluster;
};

}  // namespace

std::optional<ResolvedRegister> resolve_register(const Model& model, std::span<const Operation> ops,
                                                 std::string& why_not) {
    std::vector<std::uint32_t> cluster_of;
    return resolve(model, ops, why_not, cluster_of);
}

FastVerdict register_unique(const Model& model, std::span<const Operation> input) {
    FastVerdict verdict;
    std::vector<std::uint32_t> cluster_of;
    auto resolved = resolve(model, input, verdict.why_not, cluster_of);
    if (!resolved) return verdict;
    verdict.applies = true;
    const std::vector<Operation>& ops = resolved->ops;
    const auto describe = [&](std::size_t i) {
        return model.describe_op(ops[i], Value::Notation::json) + " by process " + std::to_string(ops[i].process);
    };

    const std::string_view write_f = register_shape(model)->write;
    std::uint32_t clusters = 1;
    for (const std::uint32_t c : cluster_of) {
        if (c != kUnwritten) clusters = std::max(clusters, c + 1);
    }
    std::vector<Cluster> cluster(clusters);
    cluster[0].present = true;  // the initial value's virtual write: call 0, completion 8
    cluster[0].write_call = 0;
    cluster[0].f = 8;
    cluster[0].s = 0;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const std::uint32_t c = cluster_of[i];
        if (c == kUnwritten) {
            verdict.witness = {resolved->origin[i]};
            verdict.witness_reason = describe(i) + " returned a value that is neither written nor the initial value";
            return verdict;
        }
        Cluster& k = cluster[c];
        const auto call = static_cast<std::int64_t>(ops[i].call), ret = static_cast<std::int64_t>(ops[i].ret);
        k.present = true;
        if (ret < k.f) k.f = ret, k.f_op = i;
        if (call > k.s) k.s = call, k.s_op = i;
        if (ops[i].f == write_f) {
            k.write = i;
            k.write_call = call;
        } else if (ret < k.first_read_ret) {
            k.first_read_ret = ret;
            k.first_read = i;
        }
    }

    // The operations that pin a cluster's zone: its write (and the read that tightened it), the op
    // completing first and the op invoked last. Their sub-history has the same zone.
    const auto pins = [&](std::uint32_t c, std::vector<std::size_t>& out) {
        const Cluster& k = cluster[c];
        for (const std::size_t i : {k.write, k.f_op, k.s_op}) {
            if (i == kNone) continue;
            out.push_back(resolved->origin[i]);
            if (resolved->tightened_by[i] != kNone) out.push_back(resolved->tightened_by[i]);
        }
    };
    const auto finish_witness = [&] {
        std::sort(verdict.witness.begin(), verdict.witness.end());
        verdict.witness.erase(std::unique(verdict.witness.begin(), verdict.witness.end()), verdict.witness.end());
    };

    // 1. No read completes before its value's write begins.
    for (std::uint32_t c = 1; c < clusters; ++c) {
        const Cluster& k = cluster[c];
        if (!k.present || k.write == kNone || k.first_read == kNone || k.first_read_ret >= k.write_call) continue;
        verdict.witness = {resolved->origin[k.write], resolved->origin[k.first_read]};
        finish_witness();
        verdict.witness_reason = describe(k.first_read) + " completed before " + describe(k.write) + " began";
        return verdict;
    }

    // 2. Forward zones do not intersect.
    std::vector<Zone> forward;
    for (std::uint32_t c = 0; c < clusters; ++c) {
        const Cluster& k = cluster[c];
        if (k.present && k.f < k.s) forward.push_back({k.f, k.s, c});
    }
    std::sort(forward.begin(), forward.end(), [](const Zone& a, const Zone& b) { return a.f < b.f; });
    const auto value_words = [&](std::uint32_t c) {
        return c == 0 || cluster[c].write == kNone ? std::string("the initial value")
                                                   : "value " + ops[cluster[c].write].value.to_string();
    };
    const auto forward_words = [&](std::uint32_t c) {
        const Cluster& k = cluster[c];
        return value_words(c) + " must be held from the completion of " +
               (k.f_op == kNone ? std::string("the start") : describe(k.f_op)) + " to the start of " +
               describe(k.s_op);
    };
    for (std::size_t z = 1; z < forward.size(); ++z) {
        if (forward[z].f > forward[z - 1].s) continue;
        pins(forward[z - 1].cluster, verdict.witness);
        pins(forward[z].cluster, verdict.witness);
        finish_witness();
        verdict.witness_reason = forward_words(forward[z - 1].cluster) + ", and " + forward_words(forward[z].cluster) +
                                 ": the two stretches overlap";
        return verdict;
    }

    // 3. No backward zone lies inside a forward zone. The forward zones are now disjoint and sorted:
    // the only one that may contain [s, f] is the last starting at or before s. Each backward
    // cluster's block goes at an instant of its zone outside every forward zone (widened by one
    // before f, where the forward block's write goes): s, or just after the zone that holds s.
    const auto zone_at = [&](std::int64_t t) -> const Zone* {
        auto it = std::upper_bound(forward.begin(), forward.end(), t, [](std::int64_t x, const Zone& z) { return x < z.f - 1; });
        if (it == forward.begin()) return nullptr;
        --it;
        return t <= it->s ? &*it : nullptr;
    };
    for (std::uint32_t c = 0; c < clusters; ++c) {
        Cluster& k = cluster[c];
        if (!k.present || k.f < k.s) continue;
        const Zone* holder = zone_at(k.s);
        if (!holder) {
            k.point = k.s;
            continue;
        }
        if (k.f > holder->s) {
            k.point = holder->s + 1;
            continue;
        }
        pins(holder->cluster, verdict.witness);
        pins(c, verdict.witness);
        finish_witness();
        verdict.witness_reason = forward_words(holder->cluster) + ", but " + value_words(c) +
                                 " must be written and read within that stretch";
        return verdict;
    }

    // Linearizable: each forward block from just before its f (the write) through its reads, each
    // at its invocation or f, whichever is later; each backward block at its point.
    struct Placed {
        std::int64_t point;
        std::uint32_t cluster;
        bool read;
        std::size_t op;
    };
    std::vector<Placed> placed;
    placed.reserve(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const Cluster& k = cluster[cluster_of[i]];
        const bool read = i != k.write;
        std::int64_t point;
        if (k.f < k.s) point = read ? std::max(static_cast<std::int64_t>(ops[i].call), k.f) : k.f - 1;
        else point = k.point;
        placed.push_back({point, cluster_of[i], read, i});
    }
    std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
        if (a.point != b.point) return a.point < b.point;
        if (a.cluster != b.cluster) return a.cluster < b.cluster;
        return a.read < b.read;
    });
    verdict.linearizable = true;
    verdict.order.reserve(placed.size());
    for (const Placed& p : placed) verdict.order.push_back(resolved->origin[p.op]);
    return verdict;
}

}  // namespace lincheck::engines
