// The Recorder's compact search: a second copy of the WGL search (search.cpp), kept until the main
// search can keep its step memo from one check to the next. tests/recorder_differential_test.cpp holds
// the two to the same verdicts on random histories of every model.
#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>

#include "lincheck/models.hpp"
#include "lincheck/recorder.hpp"

namespace lincheck {

// ---------------------------------------------------------------------------------------------------
// The fast search: WGL (as checker/src/search.cpp) for keys of at most 64 operations with integer
// values, straight from the records. What it learns about the model — operation kinds, states, steps —
// is kept in flat tables from one check to the next, so that a warm check of a small history does no
// model calls and no allocation. It only ever answers "linearizable" (with a linearization found);
// anything else is left to check_history.

struct Recorder::Fast {
    static constexpr std::uint32_t kNone = 0xffffffffu;
    static constexpr std::size_t kMaxOps = 64;                  // per key: the linearized set is one word
    static constexpr std::uint64_t kStepBudget = 1u << 20;      // per key; past it, check_history decides
    // Past this many states, kinds or transition cells, the memo starts over (at the next check): it
    // stays within some tens of MB even when every run brings new values.
    static constexpr std::size_t kMaxMemo = std::size_t{1} << 18;
    static constexpr std::size_t kMaxCells = std::size_t{1} << 22;

    // The model the memo was learned from, and (when kept across checks) a reference keeping it alive.
    const Model* model = nullptr;
    std::shared_ptr<const Model> owner;
    std::vector<std::string> model_functions;
    // check(name, options)'s model.
    std::string named;
    ModelOptions named_options;
    std::shared_ptr<const Model> named_model;

    const Recorder* rec = nullptr;  // during a check
    std::vector<std::uint8_t> f_accepted;  // per recorder function id: 0 not looked up yet, 1 yes, 2 no

    // Kinds: what Model::step depends on (f, value, key, completed), from the records' compact fields.
    struct KindKey {
        std::int64_t a = 0, b = 0, key = 0;
        std::uint16_t f = 0;
        Datum::Kind value_kind = Datum::Kind::nil, key_kind = Datum::Kind::nil;
        bool keyed = false, completed = false;
        bool operator==(const KindKey&) const = default;
    };
    static constexpr std::uint8_t kValid = 1, kQuery = 2;
    std::vector<KindKey> kinds;
    std::vector<std::uint8_t> kind_flags;
    std::vector<std::uint32_t> kind_index = std::vector<std::uint32_t>(64, kNone);  // open addressing

    std::vector<Value> states;
    std::vector<std::size_t> state_hash;
    std::vector<std::uint32_t> state_index = std::vector<std::uint32_t>(64, kNone);
    std::uint32_t initial = kNone;

    // Transitions: trans[kind][state] is an offset in pool, [count, successor state ids...], or kNone.
    std::vector<std::vector<std::uint32_t>> trans;
    std::size_t trans_cells = 0;  // entries in all rows
    std::vector<std::uint32_t> pool;
    std::vector<Value> scratch;

    // Per check: the operations to search, grouped by key.
    struct Item {
        std::uint32_t kind;
        std::uint32_t record;
        std::int64_t group;  // the key, or a bucket for it
    };
    std::vector<Item> items, grouped;
    std::vector<std::uint32_t> bucket_start;
    struct Op {
        std::uint32_t kind, call, ret, prev_same;
        bool completed;
    };
    std::vector<Op> ops;
    struct Config {
        std::uint64_t bits = 0;
        std::uint32_t state = 0, stamp = 0;  // stamp != the current one: an empty slot
    };
    std::vector<Config> cache = std::vector<Config>(256);
    std::size_t cache_count = 0;
    std::uint32_t stamp = 0;
    struct Frame {
        std::uint32_t entry, state, succ;
    };
    std::vector<Frame> stack;
    static constexpr std::size_t kEntries = 2 * kMaxOps + 2;
    std::array<std::uint8_t, kEntries> next{}, prev{}, entry_op{}, match{};
    std::array<bool, kEntries> is_call{};
    std::array<std::pair<std::uint32_t, std::uint8_t>, 2 * kMaxOps> raw{};

    static std::uint64_t mix(std::uint64_t x) {
        x ^= x >> 31;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 29;
        return x;
    }

    void bind(const Model& m, const std::shared_ptr<const Model>& keep) {
        const bool small = states.size() < kMaxMemo && kinds.size() < kMaxMemo && trans_cells < kMaxCells &&
                           pool.size() < kMaxCells;
        if (keep && owner == keep && small) return;
        model = &m;
        owner = keep;
        model_functions = m.functions();
        f_accepted.clear();
        kinds.clear();
        kind_flags.clear();
        std::fill(kind_index.begin(), kind_index.end(), kNone);
        states.clear();
        state_hash.clear();
        std::fill(state_index.begin(), state_index.end(), kNone);
        if (small) {
            for (auto& row : trans) row.clear();  // keeps their memory for the next model
        } else {
            trans = {};  // gives the memory back
            pool = {};
            states.shrink_to_fit();
        }
        trans_cells = 0;
        pool.clear();
        initial = intern_state(m.initial_state());
    }

    std::uint32_t intern_state(Value&& v) {
        const std::size_t hash = v.hash();
        std::size_t mask = state_index.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const std::uint32_t id = state_index[i];
            if (id == kNone) break;
            if (state_hash[id] == hash && states[id] == v) return id;
        }
        const auto id = static_cast<std::uint32_t>(states.size());
        states.push_back(std::move(v));
        state_hash.push_back(hash);
        if (states.size() * 2 > state_index.size()) {
            state_index.assign(state_index.size() * 2, kNone);
            mask = state_index.size() - 1;
            for (std::uint32_t k = 0; k < states.size(); ++k) {
                std::size_t i = state_hash[k] & mask;
                while (state_index[i] != kNone) i = (i + 1) & mask;
                state_index[i] = k;
            }
        } else {
            std::size_t i = hash & mask;
            while (state_index[i] != kNone) i = (i + 1) & mask;
            state_index[i] = id;
        }
        return id;
    }
    std::uint32_t intern_state(const Value& v) { return intern_state(Value(v)); }

    static Value scalar(Datum::Kind kind, std::int64_t a, std::int64_t b) {
        switch (kind) {
            case Datum::Kind::integer: return Value::integer(a);
            case Datum::Kind::pair: return Value::list({Value::integer(a), Value::integer(b)});
            default: return Value::nil();
        }
    }

    // An operation of kind `k`, for the model: only what step, validate and is_query may look at.
    Operation operation_of(const KindKey& k) const {
        Operation op;
        op.f = rec->functions_[k.f];
        op.value = scalar(k.value_kind, k.a, k.b);
        if (k.keyed) op.key = scalar(k.key_kind, k.key, 0);
        op.outcome = k.completed ? Outcome::ok : Outcome::info;
        op.ret = k.completed ? 1 : kNever;
        return op;
    }

    static std::size_t kind_hash(const KindKey& k) {
        return mix(static_cast<std::uint64_t>(k.a) * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(k.b) * 0x632be59bd9b4e019ULL +
                   static_cast<std::uint64_t>(k.key) * 0x85ebca77c2b2ae63ULL +
                   (std::uint64_t{k.f} | std::uint64_t(k.value_kind) << 16 | std::uint64_t(k.key_kind) << 24 |
                    std::uint64_t{k.keyed} << 32 | std::uint64_t{k.completed} << 33));
    }

    std::uint32_t kind_of(const KindKey& k) {
        std::size_t mask = kind_index.size() - 1;
        const std::size_t hash = kind_hash(k);
        std::size_t i = hash & mask;
        for (;; i = (i + 1) & mask) {
            const std::uint32_t id = kind_index[i];
            if (id == kNone) break;
            if (kinds[id] == k) return id;
        }
        // New: is it the model's, and valid? (check_history will say why not.)
        if (f_accepted.size() <= k.f) f_accepted.resize(std::size_t{k.f} + 1, 0);
        if (f_accepted[k.f] == 0) {
            const std::string& f = rec->functions_[k.f];
            f_accepted[k.f] = std::find(model_functions.begin(), model_functions.end(), f) != model_functions.end() ? 1 : 2;
        }
        std::uint8_t flags = 0;
        if (f_accepted[k.f] == 1) {
            const Operation op = operation_of(k);
            try {
                model->validate(op);
                flags = kValid | (model->is_query(op) ? kQuery : 0);
            } catch (const ModelError&) {
                flags = 0;
            }
        }
        const auto id = static_cast<std::uint32_t>(kinds.size());
        kinds.push_back(k);
        kind_flags.push_back(flags);
        if (kinds.size() * 2 > kind_index.size()) {
            kind_index.assign(kind_index.size() * 2, kNone);
            mask = kind_index.size() - 1;
            for (std::uint32_t j = 0; j < kinds.size(); ++j) {
                std::size_t at = kind_hash(kinds[j]) & mask;
                while (kind_index[at] != kNone) at = (at + 1) & mask;
                kind_index[at] = j;
            }
        } else {
            kind_index[i] = id;
        }
        return id;
    }

    std::uint32_t successors(std::uint32_t state, std::uint32_t kind) {
        if (kind < trans.size() && state < trans[kind].size() && trans[kind][state] != kNone) return trans[kind][state];
        scratch.clear();
        // Interning happens after `step` returns, so the reference into `states` stays valid during it.
        model->step(states[state], operation_of(kinds[kind]), scratch);
        const auto offset = static_cast<std::uint32_t>(pool.size());
        pool.push_back(0);
        for (Value& v : scratch) {
            const std::uint32_t id = intern_state(std::move(v));
            if (std::find(pool.begin() + offset + 1, pool.end(), id) == pool.end()) pool.push_back(id);
        }
        pool[offset] = static_cast<std::uint32_t>(pool.size() - offset - 1);
        if (trans.size() <= kind) trans.resize(std::size_t{kind} + 1);
        auto& row = trans[kind];
        if (row.size() <= state) {
            const std::size_t size = std::max<std::size_t>(std::size_t{state} + 1, 8);
            trans_cells += size - row.size();
            row.resize(size, kNone);
        }
        row[state] = offset;
        return offset;
    }

    // Adds (bits, state) to the explored configurations; false when it was there already.
    bool explore(std::uint64_t bits, std::uint32_t state) {
        if ((cache_count + 1) * 2 > cache.size()) {
            std::vector<Config> old(cache.size() * 2);
            old.swap(cache);
            const std::size_t mask = cache.size() - 1;
            for (const Config& c : old) {
                if (c.stamp != stamp) continue;
                std::size_t at = mix(c.bits ^ (std::uint64_t{c.state} * 0x9e3779b97f4a7c15ULL)) & mask;
                while (cache[at].stamp == stamp) at = (at + 1) & mask;
                cache[at] = c;
            }
        }
        const std::size_t mask = cache.size() - 1;
        for (std::size_t i = mix(bits ^ (std::uint64_t{state} * 0x9e3779b97f4a7c15ULL)) & mask;; i = (i + 1) & mask) {
            Config& c = cache[i];
            if (c.stamp != stamp) {
                c = {bits, state, stamp};
                ++cache_count;
                return true;
            }
            if (c.bits == bits && c.state == state) return false;
        }
    }

    void lift(std::uint32_t e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
        if (const std::uint32_t r = match[e]; r != 0) {
            next[prev[r]] = next[r];
            prev[next[r]] = prev[r];
        }
    }
    void unlift(std::uint32_t e) {
        if (const std::uint32_t r = match[e]; r != 0) {
            next[prev[r]] = static_cast<std::uint8_t>(r);
            prev[next[r]] = static_cast<std::uint8_t>(r);
        }
        next[prev[e]] = static_cast<std::uint8_t>(e);
        prev[next[e]] = static_cast<std::uint8_t>(e);
    }

    // The search over `ops` (one key, in call order). True when a linearization exists; false when
    // none does or the step budget ran out.
    bool search() {
        const std::size_t n = ops.size();
        std::uint32_t completed_total = 0;
        std::size_t m = 0;
        for (std::size_t i = 0; i < n; ++i) {
            raw[m++] = {ops[i].call, static_cast<std::uint8_t>(2 * i)};
            if (ops[i].completed) {
                ++completed_total;
                raw[m++] = {ops[i].ret, static_cast<std::uint8_t>(2 * i + 1)};
            }
        }
        if (completed_total == 0) return true;
        // Real-time order; ticks are distinct (one per event). Calls are already in order: insertion sort.
        for (std::size_t i = 1; i < m; ++i) {
            const auto x = raw[i];
            std::size_t j = i;
            for (; j > 0 && raw[j - 1].first > x.first; --j) raw[j] = raw[j - 1];
            raw[j] = x;
        }
        // Entries: 0 is the head, 1..m the calls and returns, m + 1 the tail. match: 0 = none.
        const auto tail = static_cast<std::uint32_t>(m + 1);
        std::array<std::uint8_t, kMaxOps> call_entry{};
        for (std::uint32_t e = 0; e <= tail; ++e) {
            next[e] = static_cast<std::uint8_t>(e + 1);
            prev[e] = static_cast<std::uint8_t>(e == 0 ? 0 : e - 1);
            match[e] = 0;
        }
        for (std::size_t k = 0; k < m; ++k) {
            const auto e = static_cast<std::uint8_t>(k + 1);
            const std::uint8_t op = raw[k].second / 2;
            entry_op[e] = op;
            is_call[e] = raw[k].second % 2 == 0;
            if (is_call[e]) call_entry[op] = e;
            else match[call_entry[op]] = e;
        }

        if (++stamp == 0) {  // wrapped: every slot's stamp is stale anyway, but make sure
            for (Config& c : cache) c.stamp = 0;
            stamp = 1;
        }
        cache_count = 0;
        stack.clear();
        std::uint64_t bits = 0;
        std::uint32_t state = initial, done = 0, from = 0;
        explore(bits, state);
        std::uint32_t e = next[0];
        for (std::uint64_t steps = 0; steps < kStepBudget; ++steps) {
            if (e != tail && is_call[e]) {
                const std::uint32_t op = entry_op[e];
                const Op& o = ops[op];
                bool moved = false;
                if (o.prev_same == kNone || ((bits >> o.prev_same) & 1)) {
                    const std::uint32_t offset = successors(state, o.kind);
                    const std::uint32_t count = pool[offset];
                    const std::uint64_t with = bits | (std::uint64_t{1} << op);
                    for (std::uint32_t i = from; i < count; ++i) {
                        const std::uint32_t next_state = pool[offset + 1 + i];
                        if (!explore(with, next_state)) continue;
                        stack.push_back({e, state, i});
                        state = next_state;
                        bits = with;
                        lift(e);
                        if (o.completed && ++done == completed_total) return true;
                        moved = true;
                        break;
                    }
                }
                e = moved ? next[0] : next[e];
                from = 0;
                continue;
            }
            // A return entry: its operation had to be linearized by now and was not. Backtrack.
            if (stack.empty()) return false;
            const Frame f = stack.back();
            stack.pop_back();
            unlift(f.entry);
            const std::uint32_t op = entry_op[f.entry];
            bits &= ~(std::uint64_t{1} << op);
            if (ops[op].completed) --done;
            state = f.state;
            e = f.entry;
            from = f.succ + 1;
        }
        return false;  // out of budget
    }

    // True when every key of the recorder's history has a linearization.
    bool linearizable(const Recorder& r) {
        rec = &r;
        const bool keyed = r.keyed_ == 1;
        // 1. Every operation's kind (validating it), its key's group.
        items.clear();
        std::int64_t low = std::numeric_limits<std::int64_t>::max(), high = std::numeric_limits<std::int64_t>::min();
        for (std::uint32_t i = 0; i < r.records_.size(); ++i) {
            const Record& x = r.records_[i];
            if (x.status == Status::failed) continue;
            const bool completed = x.status == Status::ok;
            const bool result = completed && x.has_result;
            KindKey k;
            k.f = static_cast<std::uint16_t>(x.f);
            k.value_kind = result ? x.result_kind : x.value_kind;
            if (k.value_kind == Datum::Kind::value || x.key_kind == Datum::Kind::value) return false;
            const Slot& v = result ? x.result : x.value;
            if (k.value_kind != Datum::Kind::nil) k.a = v.a;
            if (k.value_kind == Datum::Kind::pair) k.b = v.b;
            k.keyed = keyed;
            if (keyed) {
                k.key_kind = x.key_kind;
                if (k.key_kind != Datum::Kind::nil) k.key = x.key;
            }
            k.completed = completed;
            const std::uint32_t kind = kind_of(k);
            if (!(kind_flags[kind] & kValid)) return false;
            if (!completed && (kind_flags[kind] & kQuery)) continue;  // an indeterminate read: constrains nothing
            // Groups: integer keys as they are; a nil key below them all (the lowest integer is left to
            // check_history, so that the two cannot meet).
            constexpr std::int64_t kNilGroup = std::numeric_limits<std::int64_t>::min();
            if (k.key_kind == Datum::Kind::integer && k.key == kNilGroup) return false;
            const std::int64_t group = k.key_kind == Datum::Kind::nil ? kNilGroup : k.key;
            items.push_back({kind, i, group});
            low = std::min(low, group);
            high = std::max(high, group);
        }
        if (items.empty()) return true;
        // 2. Group by key, keeping call order within a key: a counting sort when the keys are close.
        const std::vector<Item>* ordered = &items;
        if (low != high) {
            const auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
            if (span < 4 * items.size() + 64) {
                bucket_start.assign(static_cast<std::size_t>(span) + 2, 0);
                for (const Item& it : items) ++bucket_start[static_cast<std::size_t>(static_cast<std::uint64_t>(it.group) - static_cast<std::uint64_t>(low)) + 1];
                for (std::size_t b = 1; b < bucket_start.size(); ++b) bucket_start[b] += bucket_start[b - 1];
                grouped.resize(items.size());
                for (const Item& it : items) {
                    grouped[bucket_start[static_cast<std::size_t>(static_cast<std::uint64_t>(it.group) - static_cast<std::uint64_t>(low))]++] = it;
                }
            } else {
                grouped = items;
                std::stable_sort(grouped.begin(), grouped.end(), [](const Item& a, const Item& b) { return a.group < b.group; });
            }
            ordered = &grouped;
        }
        // 3. Each key's search.
        const std::vector<Item>& all = *ordered;
        for (std::size_t start = 0; start < all.size();) {
            ops.clear();
            std::size_t end = start;
            for (; end < all.size() && all[end].group == all[start].group; ++end) {
                if (ops.size() == kMaxOps) return false;
                const Record& x = r.records_[all[end].record];
                const std::uint32_t kind = all[end].kind;
                const bool completed = x.status == Status::ok;
                Op op{kind, x.call, x.ret, kNone, completed};
                if (!completed) {  // symmetry: indeterminate ops of one kind are linearized in call order
                    for (std::size_t j = ops.size(); j-- > 0;) {
                        if (!ops[j].completed && ops[j].kind == kind) {
                            op.prev_same = static_cast<std::uint32_t>(j);
                            break;
                        }
                    }
                }
                ops.push_back(op);
            }
            if (!search()) return false;
            start = end;
        }
        return true;
    }
};

Recorder::Recorder() = default;
Recorder::~Recorder() = default;
Recorder::Recorder(Recorder&&) noexcept = default;
Recorder& Recorder::operator=(Recorder&&) noexcept = default;

Recorder::Recorder(const Recorder& other)
    : functions_(other.functions_), records_(other.records_), values_(other.values_), ticks_(other.ticks_),
      keyed_(other.keyed_), open_small_(other.open_small_), open_large_(other.open_large_) {}

Recorder& Recorder::operator=(const Recorder& other) {
    if (this != &other) *this = Recorder(other);
    return *this;
}

bool Recorder::fast_linearizable(const Model& model, const std::shared_ptr<const Model>& keep) const {
    if (!fast_) fast_ = std::make_unique<Fast>();
    fast_->bind(model, keep);
    return fast_->linearizable(*this);
}

std::shared_ptr<const Model> Recorder::named_model(std::string_view model_name, const ModelOptions& model_options) const {
    if (!fast_) fast_ = std::make_unique<Fast>();
    Fast& fast = *fast_;
    if (!fast.named_model || fast.named != model_name || fast.named_options.initial != model_options.initial ||
        fast.named_options.nil_read_is_unknown != model_options.nil_read_is_unknown) {
        std::unique_ptr<Model> made = make_model(model_name, model_options);
        if (!made) throw std::invalid_argument("lincheck::Recorder::check: no model named `" + std::string(model_name) + "`");
        fast.named_model = std::move(made);
        fast.named = model_name;
        fast.named_options = model_options;
    }
    return fast.named_model;
}

}  // namespace lincheck
