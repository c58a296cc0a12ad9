#pragma once
// What the search learns of the model: the kinds of its operations (what `Model::step` may depend
// on: f, value, key, completed), its states, interned (a state is a small id), and its steps,
// memoised per (state id, kind) — so the inner loop never touches a Value. Small models get a dense
// table (state * stride + kind); past kDenseCap cells, a hash map takes over. The pool holds each
// step's successors as [count, state ids...]. The memo also keeps QueryPruning's answers per (state,
// kind of query) (hopeless_queries.hpp).
//
// Its lifetime is the caller's choice: the search's own memo starts over with each search; a memo
// the caller keeps (lincheck::SearchMemory, the Recorder's) lasts from one search to the next for as
// long as the model does, so that checking many small histories of one model steps it only once per
// new (state, kind). Nothing in it depends on the operations searched but their kinds.
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "../flat_index.hpp"
#include "../short_text.hpp"
#include "common.hpp"
#include "lincheck/history.hpp"
#include "lincheck/model.hpp"
#include "memory.hpp"

namespace lincheck::detail::wgl {

// The bytes a Value may take with its payload, recursively (an overestimate; see step_memo.cpp).
std::size_t deep_bytes(const Value& v);

class StepMemo {
public:
    static constexpr std::size_t kDenseCap = 1 << 22;  // cells of the dense transition table

    // Empties the memo (keeping the memory of small tables).
    void reset();
    // The model it learns from (must outlive the searches) and the current search's limits (nullptr
    // between searches).
    void bind(const Model& model, const Limits* limits) {
        model_ = &model;
        limits_ = limits;
        out_of_time_ = false;
    }
    const Model* model() const { return model_; }
    // Changes whenever the memo starts over (kind and state ids from before then mean nothing).
    std::uint64_t generation() const { return generation_; }
    // Drops the states (their payloads may be large) and the model; reset() must follow before reuse.
    void release_states() {
        states.clear();
        scratch_.clear();
        model_ = nullptr;
        initial_ = kNone;
    }
    // What the memo holds, as a fresh memo filled with the same would hold it (the memory
    // accounting's figure), and what it really holds.
    std::size_t memory_bytes() const {
        return pool_capacity_.value * 4 + dense_capacity_.value * 4 + hopeless_capacity_.value + memo_.size() * 32 +
               state_bytes_ + kind_bytes_;
    }
    std::size_t capacity_bytes() const {
        return held(state_hash_) + state_index_.capacity_bytes() + held(dense_) + held(pool) + held(hopeless_memo_) + held(states) +
               held(scratch_) + held(kinds_) + held(owned_) + held(kind_flags_) + kind_index_.capacity_bytes() +
               held(elements_) + held(hook_values_) + held(hook_hash_) + hook_index_.capacity_bytes() + memo_.bucket_count() * 8 +
               memo_.size() * 32;
    }
    std::size_t state_bytes() const { return state_bytes_; }
    // A growth of the transition map was put off for the deadline: the search stops at its next poll.
    bool out_of_time() const { return out_of_time_; }

    // The hash kind_of takes for an op's key (7 for none): integers inline (Value::hash is a call:
    // ~36 instructions a key of a general check). Every caller of kind_of hashes keys with it.
    static std::size_t key_hash(const std::optional<Value>& key) {
        if (!key) return 7;
        return key->is_integer() ? static_cast<std::size_t>(key->as_integer()) * 0x9e3779b97f4a7c15ULL : key->hash();
    }
    // The kind of `op`; `key_hash` is key_hash(op.key). Inline: nearly every op's kind is known
    // already (the call was ~20 instructions of its ~130, session 12); a new one is new_kind's.
    std::uint32_t kind_of(const Operation& op, std::size_t key_hash) {
        // Names of functions are short: their first 8 bytes as one word, FNV-1a over the rest (byte by
        // byte over all of it was ~35 instructions an op of a general check: general16b, session 10).
        const std::uint64_t head = detail::head_of(op.f);
        std::size_t f_hash = (head ^ op.f.size()) * 0x100000001b3ULL;
        for (std::size_t i = 8; i < op.f.size(); ++i) f_hash = (f_hash ^ static_cast<unsigned char>(op.f[i])) * 0x100000001b3ULL;
        std::size_t hash = (f_hash * 31 + value_hash(op.value) * 2 + (op.completed() ? 1 : 0)) ^ (key_hash << 1);
        hash = (hash ^ (hash >> 31)) * 0xbf58476d1ce4e5b9ULL;  // spread: integer values hash to themselves
        hash ^= hash >> 29;
        FlatIndex::Miss miss;
        // f compared by its first 8 bytes as a word (kept per kind) and the rest, not by std::string's ==.
        const auto same = [&](std::uint32_t k) {
            const Kind& kind = kinds_[k];
            if (kind.hash != hash || kind.head != head) return false;
            const Operation& e = *kind.example;
            return e.f.size() == op.f.size() &&
                   (op.f.size() <= 8 || std::memcmp(e.f.data() + 8, op.f.data() + 8, op.f.size() - 8) == 0) &&
                   e.completed() == op.completed() && same_value(e.value, op.value) &&
                   e.key.has_value() == op.key.has_value() && (!e.key || same_value(*e.key, *op.key));
        };
        const std::uint32_t found = kind_index_.find(hash, same, miss);
        return found != kNone ? found : new_kind(op, hash, head, miss);
    }
    // Value equality with integers and nil compared inline (most kinds' values, keys and states are).
    static bool same_value(const Value& a, const Value& b) {
        if (a.kind() != b.kind()) return false;
        if (a.is_integer()) return a.as_integer() == b.as_integer();
        return a.is_nil() || a == b;
    }
    // A hash of a kind's value: integers and nil inline (only the memo compares these hashes).
    static std::size_t value_hash(const Value& v) {
        if (v.is_integer()) return static_cast<std::size_t>(v.as_integer()) * 0x9e3779b97f4a7c15ULL;
        if (v.is_nil()) return 0x51ed27;
        return v.hash();
    }
    std::size_t kinds() const { return kinds_.size(); }
    // Whether kinds keep their own copy of an example operation (a kept memo must: the operations
    // it met are gone by the next search); else they point at the search's operations.
    void keep_examples(bool keep) { keep_examples_ = keep; }
    // Model::is_query and Model::overwrites of kind k's operations (asked once per kind).
    bool is_query(std::uint32_t k) const { return kind_flags_[k] & kQueryFlag; }
    bool overwrites(std::uint32_t k) const { return kind_flags_[k] & kOverwritesFlag; }
    // The same for a tight loop: the flags by kind, and each flag of one (0 or 1).
    const std::uint8_t* flags() const { return kind_flags_.data(); }
    static std::uint8_t query_flag(std::uint8_t f) { return f & kQueryFlag; }
    static std::uint8_t overwrites_flag(std::uint8_t f) { return (f & kOverwritesFlag) >> 1; }
    // Makes room in the tables for every kind known (call after the kinds of a search are added).
    void fit_kinds() {
        if (kinds_.size() > stride_) widen();  // usually every kind has its column already
    }
    // An operation of kind k: what the model's hooks are asked about (they may depend only on what
    // `step` may). The search's set-up reads the operations through it, never the caller's.
    const Operation& example(std::uint32_t k) const { return *kinds_[k].example; }
    // Model::leaves_state and Model::needs_state of kind k's operations, as ids of hook values (equal
    // ids: equal values), kNone for nullopt; asked once per kind.
    std::uint32_t leaves(std::uint32_t k) { return hook(k, &Hooks::leaves, &Model::leaves_state); }
    std::uint32_t needs(std::uint32_t k) { return hook(k, &Hooks::needs, &Model::needs_state); }
    // Model::written_value, observed_value and observed_elements of kind k's operations, likewise.
    std::uint32_t written(std::uint32_t k) { return hook(k, &Hooks::written, &Model::written_value); }
    std::uint32_t observed(std::uint32_t k) { return hook(k, &Hooks::observed, &Model::observed_value); }
    std::span<const std::uint32_t> observed_elements(std::uint32_t k) {
        const std::uint32_t at = kinds_[k].hooks.elements_at != kUnasked ? kinds_[k].hooks.elements_at : ask_elements(k);
        return {elements_.data() + at + 1, elements_[at]};
    }
    std::size_t hook_values() const { return hook_values_.size(); }

    // The id of the model's initial state (interned once per memo).
    std::uint32_t initial_state() {
        if (initial_ == kNone) initial_ = intern(model_->initial_state());
        return initial_;
    }
    // The id of state `v`, adding it if new (moved from, then).
    std::uint32_t intern(Value&& v);
    std::uint32_t intern(const Value& v) { return intern(Value(v)); }

    // Successor state ids of `state` under operation kind `kind`: pool[offset] is the count.
    std::uint32_t successors(std::uint32_t state, std::uint32_t kind) {
        if (state < dense_states_) {
            if (const std::uint32_t offset = dense_[state * stride_ + kind]; offset != kNone) return offset;
        }
        return new_successors(state, kind);
    }

    // QueryPruning::hopeless for a query of kind `kind` in `state`, asked of `ask()` once per (state,
    // kind) in a dense table (up to kDenseCap cells, like the transitions).
    template <class Ask>
    bool hopeless(std::uint32_t state, std::uint32_t kind, Ask&& ask) {
        const std::size_t cell = state * stride_ + kind;
        if (cell >= hopeless_memo_.size()) {
            const std::size_t rows = (state + 1) * stride_;
            if (rows > kDenseCap) return ask();
            hopeless_capacity_.grow(hopeless_memo_.size(), rows);
            hopeless_memo_.resize(rows, 0);
        }
        std::uint8_t& memo = hopeless_memo_[cell];
        if (memo == 0) memo = ask() ? 2 : 1;
        return memo == 2;
    }

    std::vector<Value> states;         // by id
    std::vector<std::uint32_t> pool;   // successors: [count, ids...] at each offset

private:
    // fit_kinds when a kind has no column yet.
    void widen();
    // Forgets the steps (and the pruning's answers), keeping the kinds and states.
    void clear_steps();
    // kind_of for a kind not met yet (hashed to `hash`, its f's first word `head`; `miss` where the
    // index missed it).
    [[gnu::noinline]] std::uint32_t new_kind(const Operation& op, std::size_t hash, std::uint64_t head, const FlatIndex::Miss& miss);
    // successors() when the dense table has no entry yet.
    std::uint32_t new_successors(std::uint32_t state, std::uint32_t kind);
    // `table[k]`: the id of `(model.*ask)(example(k))`, asked the first time.
    static constexpr std::uint32_t kUnasked = kNone - 1;
    // Per kind, what its hooks said (one record: a new kind is one push, not five).
    struct Hooks {
        std::uint32_t leaves = kUnasked, needs = kUnasked, written = kUnasked, observed = kUnasked;  // hook value id, kNone, or kUnasked
        std::uint32_t elements_at = kUnasked;  // [count, ids...] in elements_, or kUnasked
    };
    using Hook = std::optional<Value> (Model::*)(const Operation&) const;
    using Field = std::uint32_t Hooks::*;
    std::uint32_t hook(std::uint32_t k, Field field, Hook ask) {
        const std::uint32_t id = kinds_[k].hooks.*field;
        return id != kUnasked ? id : ask_hook(k, field, ask);
    }
    std::uint32_t ask_hook(std::uint32_t k, Field field, Hook ask);
    // observed_elements the first time: where kind k's are in elements_.
    std::uint32_t ask_elements(std::uint32_t k);
    // The id of hook value `v`, adding it if new.
    std::uint32_t hook_value(Value&& v);

    const Model* model_ = nullptr;
    const Limits* limits_ = nullptr;
    std::uint64_t generation_ = 0;
    // Kinds: an operation of each (only what a kind is made of), its hash, an index by hash.
    std::vector<std::unique_ptr<Operation>> owned_;  // when keep_examples_: the copies
    bool keep_examples_ = false;
    // Per kind, in one record (a new kind is one push): an operation of the kind, its hash, the first
    // 8 bytes of its f (zero-padded), what its hooks said.
    struct Kind {
        const Operation* example;
        std::size_t hash;
        std::uint64_t head;
        Hooks hooks;
    };
    std::vector<Kind> kinds_;
    static constexpr std::uint8_t kQueryFlag = 1, kOverwritesFlag = 2;
    std::vector<std::uint8_t> kind_flags_;
    std::vector<std::uint32_t> elements_;
    std::vector<Value> hook_values_;             // what leaves_state / needs_state said, by id
    std::vector<std::size_t> hook_hash_;
    FlatIndex hook_index_;
    FlatIndex kind_index_;                      // hash -> kind
    std::size_t kind_bytes_ = 0;
    std::size_t stride_ = 0;                    // cells per state in the dense tables (>= kinds)
    // States.
    std::uint32_t initial_ = kNone;             // the model's initial state, once asked for
    std::size_t state_bytes_ = 0;               // of states and their payloads, with the index
    std::vector<std::size_t> state_hash_;       // per state id
    FlatIndex state_index_;                     // hash -> state id
    // Steps.
    std::vector<std::uint32_t> dense_;          // state * stride + kind -> pool offset
    FreshCapacity dense_capacity_;
    std::uint32_t dense_states_ = 0;            // states with a dense row
    std::unordered_map<std::uint64_t, std::uint32_t> memo_;
    bool out_of_time_ = false;
    FreshCapacity pool_capacity_;
    std::vector<std::uint8_t> hopeless_memo_;   // state * stride + kind -> 0 not known, 1 no, 2 hopeless
    FreshCapacity hopeless_capacity_;
    std::vector<Value> scratch_;
};

}  // namespace lincheck::detail::wgl
