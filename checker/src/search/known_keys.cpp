#include "known_keys.hpp"

#include <cstring>

#include "lincheck/internal/engines.hpp"
#include "lincheck/internal/check_knobs.hpp"
#include "wgl.hpp"

namespace lincheck::detail {

namespace {

// Two operations' keys equal, as Kinds::select compares them to hash a key once per run of equal ones.
bool same_key(const std::optional<Value>& a, const std::optional<Value>& b) {
    if (a.has_value() != b.has_value()) return false;
    if (!a) return true;
    if (a->is_integer() && b->is_integer()) return a->as_integer() == b->as_integer();
    return *a == *b;
}

}  // namespace

bool KnownKeys::takes(const Model& model, std::span<const Operation> ops, const HistoryOptions& options) {
    if (!options.memory || &options.memory->model() != &model || ops.size() >= internal::kParallelFrom ||
        !small_path_allowed() || (options.engine != Engine::automatic && options.engine != Engine::search)) {
        return false;
    }
    if (ops.empty()) return true;
    const bool keyed = ops.front().key.has_value();
    for (const Operation& op : ops) {
        if (op.key.has_value() != keyed) return false;
    }
    return true;
}

void KnownKeys::build(SearchMemory& memory, const Model& model, const CheckLimits& limits, std::span<const Operation> ops,
                      std::span<const PartitionResult> partitions) {
    memory_ = &memory;
    wgl::StepMemo& memo = wgl::memo_of(memory);
    generation_ = memo.generation();
    input_.clear();
    object_.assign(partitions.size(), kNone);
    span_.clear();
    all_valid_ = false;
    if (&memory.model() != &model || wgl::start_over(memo, model, limits)) return;
    if (kind_.size() < ops.size()) {
        kind_.resize(ops.size());
        call_.resize(ops.size());
        ret_.resize(ops.size());
        completed_.resize(ops.size());
        taken_.resize(ops.size());
    }
    bool all_valid = true;
    const std::uint8_t* const flags = memo.flags();  // (looking kinds up adds none)
    std::size_t at = 0;
    // 1. Each operation read once: its kind, whether it is known valid, its times.
    for (std::size_t p = 0; p < partitions.size(); ++p) {
        const std::span<const std::size_t> indices = partitions[p].op_indices;
        const std::size_t n = indices.size();
        if (n == 0) continue;
        std::uint32_t* const kind = kind_.data() + at;
        std::uint64_t* const call = call_.data() + at;
        std::uint64_t* const ret = ret_.data() + at;
        std::uint8_t* const completed = completed_.data() + at;
        const std::optional<Value>* hashed_key = nullptr;
        std::size_t key_hash = 0;
        bool known = true, in_order = true, valid = true;
        std::uint32_t completed_ops = 0;
        std::uint64_t previous = 0;
        for (std::size_t j = 0; j < n; ++j) {
            const Operation& op = ops[indices[j]];
            if (!hashed_key || !same_key(*hashed_key, op.key)) {
                hashed_key = &op.key;
                key_hash = wgl::StepMemo::key_hash(op.key);
            }
            const std::uint32_t k = memo.known_kind(op, key_hash);
            if (k == wgl::kNone) {
                known = false;
                break;
            }
            const bool done = op.completed();
            const std::uint8_t f = flags[k];
            // Validation would find nothing: the kind is valid, and the argument check (validate_all's,
            // when the op's flags ask for it) does not apply.
            valid &= wgl::StepMemo::valid_flag(f) & !((op.value_missing | op.completion_differs) & wgl::StepMemo::argument_flag(f));
            in_order &= (op.call >= previous) & !(done & (op.ret < op.call));
            completed_ops += done;
            previous = op.call;
            kind[j] = k;
            call[j] = op.call;
            ret[j] = op.ret;
            completed[j] = done;
        }
        all_valid = all_valid && known && valid;
        if (!known || !in_order || n >= kFastEngineFrom) continue;  // (a key of kFastEngineFrom ops: a fast engine's)
        std::uint32_t dropped = 0, taken = static_cast<std::uint32_t>(n), taken_completed = completed_ops;
        if (completed_ops == n) {
            std::memset(taken_.data() + at, 1, n);
        } else {
            dropped = choose(at, n);
            taken = taken_completed = 0;
            for (std::size_t j = 0; j < n; ++j) {
                taken += taken_[at + j];
                taken_completed += taken_[at + j] & completed[j];
            }
        }
        if (taken > SmallInput::kMaxOps) continue;  // the wide path's, from the operations
        const std::uint32_t o = input_.add_object(taken, taken_completed);
        input_.dropped_queries(o, dropped);
        object_[p] = o;
        span_.push_back({at, n, taken == n});
        at += n;
    }
    all_valid_ = all_valid;
    if (span_.empty()) return;
    input_.place();
    // 2. Each object's calls and returns in real-time order, as EntryList::build orders them: returns
    // by time then call order, a call before a return at the same time (intervals are closed).
    SmallInput::Writer writer = input_.writer();
    if (returns_.size() < SmallInput::kMaxOps) returns_.resize(SmallInput::kMaxOps);
    if (order_.size() < SmallInput::kMaxOps) order_.resize(SmallInput::kMaxOps);
    Return* const returns = returns_.data();
    std::uint32_t* const order = order_.data();
    for (std::uint32_t o = 0; o < span_.size(); ++o) {
        const Span span = span_[o];
        const std::uint8_t* const taken = taken_.data() + span.at;
        const std::uint8_t* const completed = completed_.data() + span.at;
        const std::uint64_t* const call = call_.data() + span.at;
        const std::uint64_t* const ret = ret_.data() + span.at;
        const std::uint32_t* const kind = kind_.data() + span.at;
        // The taken ops (local number -> place in the key), and their returns by an insertion sort.
        std::uint32_t m = 0, count = 0;
        for (std::uint32_t j = 0; j < span.n; ++j) {
            if (!span.all_taken && !taken[j]) continue;
            order[m] = j;
            if (completed[j]) {
                const Return x{ret[j], m};
                std::uint32_t k = count++;
                for (; k > 0 && x.time < returns[k - 1].time; --k) returns[k] = returns[k - 1];
                returns[k] = x;
            }
            ++m;
        }
        std::uint32_t c = 0, r = 0;
        while (c < m) {
            const std::uint32_t j = order[c];
            if (r < count && returns[r].time < call[j]) {
                writer.ret(o, returns[r++].op);
                continue;
            }
            const std::uint8_t f = flags[kind[j]];
            writer.call(o, kind[j], completed[j] != 0, wgl::StepMemo::query_flag(f) != 0, wgl::StepMemo::overwrites_flag(f) != 0);
            ++c;
        }
        while (r < count) writer.ret(o, returns[r++].op);
    }
    input_.finish();
}

std::uint32_t KnownKeys::choose(std::size_t at, std::size_t n) {
    // Kinds::take's choices, with its hooks asked in its order (the memory numbers their values as asked).
    wgl::StepMemo& memo = wgl::memo_of(*memory_);
    const std::uint32_t* const kind = kind_.data() + at;
    const std::uint8_t* const completed = completed_.data() + at;
    std::uint8_t* const taken = taken_.data() + at;
    bool drop_unneeded = false;
    for (std::size_t j = 0; j < n && !drop_unneeded; ++j) drop_unneeded = !completed[j] && memo.leaves(kind[j]) != wgl::kNone;
    if (drop_unneeded) {
        for (std::size_t j = 0; j < n; ++j) {
            if (const std::uint32_t v = memo.needs(kind[j]); v != wgl::kNone) {
                if (v >= needed_.size()) needed_.resize(memo.hook_values(), 0);
                needed_[v] = 1;
            }
        }
    }
    std::uint32_t dropped_queries = 0;
    for (std::size_t j = 0; j < n; ++j) {
        taken[j] = 1;
        if (completed[j]) continue;
        if (memo.is_query(kind[j])) {
            ++dropped_queries;
            taken[j] = 0;
        } else if (drop_unneeded) {
            const std::uint32_t left = memo.leaves(kind[j]);
            taken[j] = left == wgl::kNone || (left < needed_.size() && needed_[left]);
        }
    }
    if (drop_unneeded) {
        for (std::size_t j = 0; j < n; ++j) {
            if (const std::uint32_t v = memo.needs(kind[j]); v != wgl::kNone) needed_[v] = 0;
        }
    }
    return dropped_queries;
}

void KnownKeys::mark_valid() {
    if (!memory_) return;
    wgl::StepMemo& memo = wgl::memo_of(*memory_);
    if (memo.generation() != generation_) return;
    for (const Span& s : span_) {
        for (std::size_t j = 0; j < s.n; ++j) memo.mark_valid(kind_[s.at + j]);
    }
}

bool KnownKeys::search_into(std::size_t p, const CheckLimits& limits, const SearchRequest& request, CheckResult& out) const {
    const std::uint32_t o = object(p);
    return o != kNone && search_small_into(*memory_, generation_, input_, o, limits, request, out);
}

}  // namespace lincheck::detail
