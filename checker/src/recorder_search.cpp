// The Recorder's way into the one search (checker/src/search/): it reads its own compact records
// into kinds (no Operation is built) and each key's calls and returns in real-time order, straight
// into the search's pre-built small-path input (search/small_input.hpp), and hands that to
// detail::search_small, with a SearchMemory that keeps what the search learned of the model — kinds,
// interned states, steps — from one check to the next. Only "linearizable" is final here; anything
// else goes to check_history (recorder_check.cpp), whose verdict and explanation are reported.
#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <stdexcept>

#include "lincheck/models.hpp"
#include "lincheck/recorder.hpp"
#include "search.hpp"

namespace lincheck {

struct Recorder::Fast {
    static constexpr std::uint32_t kNone = 0xffffffffu;
    // Keys of at most SmallInput::kMaxOps (64) operations, the search's small path, are searched here;
    // a history with a larger key goes to check_history, whose fast engines may decide it without a
    // search.
    // Past this many kinds the Recorder's own index of them starts over with the memory.
    static constexpr std::size_t kMaxKinds = std::size_t{1} << 18;

    // The memory of the search (made for the model checked) and, when the caller keeps the model,
    // the model it was made for.
    std::optional<SearchMemory> memory;
    std::shared_ptr<const Model> owner;
    bool owned = false;  // memory's model is kept alive by it (else a reference for one check)
    std::uint64_t generation = 0;  // memory's when the kinds below were looked up
    std::vector<std::string> model_functions;
    // check(name, options)'s model.
    std::string named;
    ModelOptions named_options;
    std::shared_ptr<const Model> named_model;

    const Recorder* rec = nullptr;  // during a check
    std::vector<std::uint8_t> f_accepted;  // per recorder function id: 0 not looked up yet, 1 yes, 2 no

    // Kinds as the records spell them (f, value, key, completed), and their ids in the memory.
    // Four words, compared and hashed as such: the values, and a tag of the rest.
    struct KindKey {
        std::int64_t a = 0, b = 0, key = 0;
        std::uint64_t tag = 0;  // f | value kind << 16 | key kind << 24 | keyed << 32 | completed << 33
        bool operator==(const KindKey&) const = default;

        static std::uint64_t tag_of(std::uint16_t f, Datum::Kind value_kind, Datum::Kind key_kind, bool keyed, bool completed) {
            return std::uint64_t{f} | std::uint64_t(value_kind) << 16 | std::uint64_t(key_kind) << 24 | std::uint64_t{keyed} << 32 |
                   std::uint64_t{completed} << 33;
        }
        std::uint16_t f() const { return static_cast<std::uint16_t>(tag); }
        Datum::Kind value_kind() const { return static_cast<Datum::Kind>((tag >> 16) & 0xff); }
        Datum::Kind key_kind() const { return static_cast<Datum::Kind>((tag >> 24) & 0xff); }
        bool keyed() const { return (tag >> 32) & 1; }
        bool completed() const { return (tag >> 33) & 1; }
    };
    static constexpr std::uint8_t kValid = 1, kQuery = 2, kOverwrites = 4;
    std::vector<KindKey> kinds;
    std::vector<std::uint32_t> kind_id;    // the memory's kind
    std::vector<std::uint8_t> kind_flags;
    std::vector<std::uint32_t> kind_index = std::vector<std::uint32_t>(64, kNone);  // open addressing

    // Per check: each record's place (its object and local op), each tick's entry, the input.
    struct Place {
        std::uint32_t object;
        std::uint32_t kind;   // the Recorder's
        std::uint32_t local;  // the op's number in its object
        bool completed;
    };
    std::vector<Place> place;              // by record
    std::vector<std::uint32_t> by_tick;    // tick -> record * 2 (+1: its return), or kNone
    detail::SmallInput input;
    // Keys -> objects: open addressing, a slot current when its stamp is this check's.
    struct Group {
        std::int64_t key = 0;
        std::uint32_t object = 0, stamp = 0;
    };
    std::vector<Group> groups = std::vector<Group>(16);
    std::uint32_t group_count = 0, stamp = 0;

    static std::uint64_t mix(std::uint64_t x) {
        x ^= x >> 31;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 29;
        return x;
    }

    void forget_kinds() {
        f_accepted.clear();
        kinds.clear();
        kind_id.clear();
        kind_flags.clear();
        if (kind_index.size() > 64 * 1024) kind_index = std::vector<std::uint32_t>(64, kNone);
        std::fill(kind_index.begin(), kind_index.end(), kNone);
    }

    // The memory for `m`: kept when the caller keeps the model (`keep`), else for this check only.
    void bind(const Model& m, const std::shared_ptr<const Model>& keep, const CheckLimits& limits) {
        const bool reuse = keep && owned && owner == keep && memory && kinds.size() < kMaxKinds;
        if (!reuse) {
            if (keep) {
                memory.emplace(keep);
                owner = keep;
                owned = true;
            } else if (memory && !owned && &memory->model() == &m) {
                memory->clear();  // the same address: a new model may live there, so nothing is kept
            } else {
                memory.emplace(std::shared_ptr<const Model>(std::shared_ptr<const Model>{}, &m));  // not owning
                owner = nullptr;
                owned = false;
            }
            model_functions = m.functions();
            forget_kinds();
        }
        detail::prepare_memory(*memory, limits);
        if (const std::uint64_t g = detail::memory_generation(*memory); g != generation) {
            generation = g;
            forget_kinds();  // the memory started over: its kind ids from before mean nothing
        }
    }

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
        op.f = rec->functions_[k.f()];
        op.value = scalar(k.value_kind(), k.a, k.b);
        if (k.keyed()) op.key = scalar(k.key_kind(), k.key, 0);
        op.outcome = k.completed() ? Outcome::ok : Outcome::info;
        op.ret = k.completed() ? 1 : kNever;
        return op;
    }

    // One multiply per word and one to mix, the index taken from the product's high half.
    static std::size_t kind_hash(const KindKey& k) {
        const std::uint64_t x = static_cast<std::uint64_t>(k.a) * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(k.b) * 0x632be59bd9b4e019ULL +
                                static_cast<std::uint64_t>(k.key) * 0x85ebca77c2b2ae63ULL + k.tag;
        return static_cast<std::size_t>((x * 0xbf58476d1ce4e5b9ULL) >> 32);
    }
    // The Recorder's number for kind k (looking it up in the memory and validating it when new). Inline:
    // almost every record's kind is known already (a call per record was a tenth of the lookup).
    [[gnu::always_inline]] std::uint32_t kind_of(const KindKey& k) {
        const std::size_t mask = kind_index.size() - 1;
        for (std::size_t i = kind_hash(k) & mask;; i = (i + 1) & mask) {
            const std::uint32_t id = kind_index[i];
            if (id == kNone) return new_kind(k, i);
            if (kinds[id] == k) return id;
        }
    }
    // kind_of for a kind not met yet, `i` its free slot in kind_index.
    [[gnu::noinline]] std::uint32_t new_kind(const KindKey& k, std::size_t i) {
        // Is it the model's, and valid? (check_history will say why not.)
        const std::uint16_t fid = k.f();
        if (f_accepted.size() <= fid) f_accepted.resize(std::size_t{fid} + 1, 0);
        if (f_accepted[fid] == 0) {
            const std::string& f = rec->functions_[fid];
            f_accepted[fid] = std::find(model_functions.begin(), model_functions.end(), f) != model_functions.end() ? 1 : 2;
        }
        std::uint8_t flags = 0;
        std::uint32_t in_memory = kNone;
        if (f_accepted[fid] == 1) {
            const Operation op = operation_of(k);
            try {
                const Model& model = memory->model();
                model.validate(op);
                // Asked as the memory asks them of its kind (StepMemo::kind_of), for SmallInput::call.
                flags = kValid | (model.is_query(op) ? kQuery : 0) | (model.overwrites(op) ? kOverwrites : 0);
                in_memory = detail::kind_in(*memory, op);
            } catch (const ModelError&) {
                flags = 0;
            }
        }
        const auto id = static_cast<std::uint32_t>(kinds.size());
        kinds.push_back(k);
        kind_id.push_back(in_memory);
        kind_flags.push_back(flags);
        if (kinds.size() * 2 > kind_index.size()) {
            kind_index.assign(kind_index.size() * 2, kNone);
            const std::size_t mask = kind_index.size() - 1;
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

    // Keys 0..63 (a simulator's usual ones): their objects by key, current when the stamp is this check's.
    std::array<Group, 64> low_keys{};

    // The object of integer key `key` (made when new).
    std::uint32_t object_of(std::int64_t key) {
        if (static_cast<std::uint64_t>(key) < low_keys.size()) {
            Group& g = low_keys[static_cast<std::size_t>(key)];
            if (g.stamp != stamp) g = {key, input.add_object(), stamp};
            return g.object;
        }
        if ((group_count + 1) * 2 > groups.size()) {
            std::vector<Group> old(groups.size() * 2);
            old.swap(groups);
            const std::size_t mask = groups.size() - 1;
            for (const Group& g : old) {
                if (g.stamp != stamp) continue;
                std::size_t at = mix(static_cast<std::uint64_t>(g.key)) & mask;
                while (groups[at].stamp == stamp) at = (at + 1) & mask;
                groups[at] = g;
            }
        }
        const std::size_t mask = groups.size() - 1;
        for (std::size_t i = mix(static_cast<std::uint64_t>(key)) & mask;; i = (i + 1) & mask) {
            Group& g = groups[i];
            if (g.stamp != stamp) {
                g = {key, input.add_object(), stamp};
                ++group_count;
                return g.object;
            }
            if (g.key == key) return g.object;
        }
    }

    // True when every key of the recorder's history has a linearization. One pass over the records
    // (kinds, validity, keys), one over the ticks (each key's calls and returns in real-time order,
    // straight into the search's small-path input); a key of more than 64 operations, or a value the
    // records do not hold inline, is left to check_history.
    bool linearizable(const Recorder& r, const CheckLimits& limits) {
        rec = &r;
        const bool keyed = r.keyed_ == 1;
        const auto n = static_cast<std::uint32_t>(r.records_.size());
        input.clear();
        if (++stamp == 0) {  // wrapped: no slot may look current
            for (Group& g : groups) g.stamp = 0;
            for (Group& g : low_keys) g.stamp = 0;
            stamp = 1;
        }
        group_count = 0;
        std::uint32_t nil_object = kNone;
        if (place.size() < n) place.resize(n);
        by_tick.assign(r.ticks_, kNone);
        // 1. Every operation's kind (validating it) and its key's object.
        for (std::uint32_t i = 0; i < n; ++i) {
            const Record& x = r.records_[i];
            if (x.status == Status::failed) continue;
            const bool completed = x.status == Status::ok;
            const bool result = completed & x.has_result;  // & not &&: no branch to mispredict
            const Datum::Kind value_kind = result ? x.result_kind : x.value_kind;
            if (value_kind == Datum::Kind::value || x.key_kind == Datum::Kind::value) return false;
            KindKey k;
            const Slot& v = result ? x.result : x.value;
            if (value_kind != Datum::Kind::nil) k.a = v.a;
            if (value_kind == Datum::Kind::pair) k.b = v.b;
            const Datum::Kind key_kind = keyed ? x.key_kind : Datum::Kind::nil;
            if (key_kind != Datum::Kind::nil) k.key = x.key;
            k.tag = KindKey::tag_of(static_cast<std::uint16_t>(x.f), value_kind, key_kind, keyed, completed);
            const std::uint32_t kind = kind_of(k);
            if (!(kind_flags[kind] & kValid)) return false;
            if (!completed && (kind_flags[kind] & kQuery)) continue;  // an indeterminate read: constrains nothing
            std::uint32_t object = 0;
            if (key_kind == Datum::Kind::nil) {
                if (nil_object == kNone) nil_object = input.add_object();
                object = nil_object;
            } else {
                object = object_of(k.key);
            }
            if (!input.count(object, completed)) return false;  // over 64 ops: not the small path's
            place[i] = {object, kind, 0, completed};
            by_tick[x.call] = 2 * i;
            if (completed) by_tick[x.ret] = 2 * i + 1;
        }
        // 2. The entries in real-time order (ticks are distinct, one per event), each key's own.
        input.place();
        detail::SmallInput::Writer fill = input.writer();
        for (const std::uint32_t code : by_tick) {
            if (code == kNone) continue;
            const std::uint32_t i = code >> 1;
            Place& p = place[i];
            if ((code & 1) == 0) {
                const std::uint8_t flags = kind_flags[p.kind];
                p.local = fill.call(p.object, kind_id[p.kind], p.completed, flags & kQuery, flags & kOverwrites);
            } else {
                fill.ret(p.object, p.local);
            }
        }
        input.finish();
        if (input.size() == 0) return true;
        return detail::search_small(*memory, input, limits) == Verdict::linearizable;
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

bool Recorder::fast_linearizable(const Model& model, const std::shared_ptr<const Model>& keep,
                                 const CheckLimits& limits) const {
    if (!fast_) fast_ = std::make_unique<Fast>();
    fast_->bind(model, keep, limits);
    return fast_->linearizable(*this, limits);
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
