#pragma once
// The set of linearized operations and the set of explored configurations, as the loop uses them:
// two representations behind one interface, for one loop (loop.cpp) instantiated twice.
//  - WideConfigs, any number of operations: the compact multi-word key of config_key.hpp and the
//    arena cache of ../config_cache.hpp.
//  - SmallConfigs, at most 64 operations: the set is one word, and the cache a flat table of (word,
//    state) records that is never cleared — each search bumps a stamp, and records with an older
//    stamp count as empty. Most keys of most histories are this small, and for them the wide key's
//    encoding, hashing and arena were most of the cost of a search (a 100-event history of 8 keys:
//    issue 16, bench/RESULTS.md).
// Both number the ops alike (completed ops first, in call order, then the indeterminate ones) and
// apply the same subsumption (config_cache.hpp): they explore the same configurations in the same
// order, so the verdict, the counts and the counterexample do not depend on which one ran
// (tests/search_paths_test.cpp holds them to that).
#include <algorithm>
#include <bit>
#include <vector>

#include "../config_cache.hpp"
#include "common.hpp"
#include "config_key.hpp"
#include "kinds.hpp"

namespace lincheck::detail::wgl {

using Marks = ConfigKey::Marks;

class WideConfigs {
public:
    void reset() {
        key_.reset();
        cache_.reset();
    }
    void assign(const Kinds& kinds) { key_.assign(kinds); }
    const std::uint32_t* bit_of() const { return key_.bit_of.data(); }
    std::size_t capacity_bytes() const { return key_.capacity_bytes() + cache_.capacity_bytes(); }

    bool test(std::uint32_t op) const { return key_.test(op); }
    bool test_bit(std::uint32_t bit) const { return key_.test_bit(bit); }
    std::uint32_t prefix() const { return key_.prefix; }
    Marks marks() const { return key_.marks(); }
    [[gnu::always_inline]] void take(std::uint32_t op) { key_.take(op); }
    void restore(std::uint32_t op, const Marks& m) { key_.restore(op, m); }
    // Makes the key the current set (take() does it too).
    void encode() { key_.encode(); }

    // Bytes the cache grows by if the current set is added next (0: it does not grow).
    std::size_t growth_bytes() const { return cache_.growth_bytes(key_.key()); }
    // Adds the current set with `state`; false if it was explored (or subsumed) already.
    bool explore(std::uint32_t state) { return cache_.insert(key_.key(), state, key_.hash_with(state)); }
    std::size_t size() const { return cache_.size(); }
    std::size_t bytes() const { return cache_.bytes(); }

    // The current set, for for_each_state_with.
    void save(std::vector<std::uint64_t>& out) {
        const std::uint64_t* key = key_.encode();
        out.assign(key, key + key_.key_words());
    }
    // Whether the set is the one saved in `saved` (just after take() or encode(): the key is current).
    bool holds(const std::vector<std::uint64_t>& saved) const {
        return saved.size() == key_.key_words() && std::equal(saved.begin(), saved.end(), key_.key());
    }
    template <class F>
    void for_each_state_with(const std::vector<std::uint64_t>& saved, F&& f) const {
        cache_.for_each_state_with(saved.data(), f);
    }

private:
    ConfigKey key_;
    ConfigCache cache_;
};

class SmallConfigs {
public:
    static constexpr std::uint32_t kMaxOps = 64;

    void reset() {
        bits_ = 0;
        count_ = 0;
        fresh_slots_ = kFirstSlots;
        if (slots_.size() < kFirstSlots) slots_.assign(kFirstSlots, Slot{});
        if (++stamp_ == 0) {  // wrapped: no slot may look current
            for (Slot& s : slots_) s.stamp = 0;
            stamp_ = 1;
        }
    }
    // Completed ops get bits 0..m-1 in call order, indeterminate ones the bits after (kinds.ops() <= 64).
    void assign(const Kinds& kinds) {
        const auto m = static_cast<std::uint32_t>(kinds.completed_total);
        std::uint32_t next_completed = 0, next_indeterminate = m;
        if (bit_of_.size() < kinds.ops()) bit_of_.resize(kinds.ops());  // sized up only, written by index
        for (std::uint32_t j = 0; j < kinds.ops(); ++j) {
            bit_of_[j] = kinds.completed[j] ? next_completed++ : next_indeterminate++;
        }
        assign(bit_of_.data(), m);
    }
    // The same with the bits numbered so already (a SmallInput object's: read where they are).
    void assign(const std::uint32_t* bit_of, std::uint32_t completed) {
        bit_view_ = bit_of;
        completed_ = completed;
        completed_mask_ = completed == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << completed) - 1;
    }
    const std::uint32_t* bit_of() const { return bit_view_; }
    std::size_t capacity_bytes() const { return held(slots_) + held(bit_of_); }

    bool test(std::uint32_t op) const { return test_bit(bit_view_[op]); }
    bool test_bit(std::uint32_t bit) const { return (bits_ >> bit) & 1; }
    std::uint32_t prefix() const {
        return std::min<std::uint32_t>(static_cast<std::uint32_t>(std::countr_one(bits_)), completed_);
    }
    Marks marks() const { return {}; }
    void take(std::uint32_t op) { bits_ |= std::uint64_t{1} << bit_view_[op]; }
    void restore(std::uint32_t op, const Marks&) { bits_ &= ~(std::uint64_t{1} << bit_view_[op]); }
    void encode() {}

    std::size_t growth_bytes() const {
        return (count_ + 1) * 2 > fresh_slots_ ? fresh_slots_ * 2 * sizeof(Slot) : 0;
    }
    // As ConfigCache::insert: grouped by (completed ops, state); a record whose indeterminate ops are
    // a subset of the current set's subsumes it. A group's records all lie in the probe sequence from
    // the group's slot (linear probing, nothing is ever removed), so the walk to an empty slot meets
    // every one of them.
    [[gnu::always_inline]] bool explore(std::uint32_t state) {
        if ((count_ + 1) * 2 > fresh_slots_) {
            fresh_slots_ *= 2;
            if (slots_.size() < fresh_slots_) grow(fresh_slots_);
        }
        const std::uint64_t completed = bits_ & completed_mask_;
        const std::uint64_t outside = ~bits_ & ~completed_mask_;  // indeterminate ops not in the set
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = slot_of(completed, state) & mask;; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.stamp != stamp_) {
                s = {bits_, state, stamp_};
                ++count_;
                return true;
            }
            if (s.state == state && (s.bits & completed_mask_) == completed && (s.bits & outside) == 0) return false;
        }
    }
    std::size_t size() const { return count_; }
    // What a fresh table of this search's records would hold (the memory accounting's figure).
    std::size_t bytes() const { return fresh_slots_ * sizeof(Slot); }

    void save(std::vector<std::uint64_t>& out) const { out.assign(1, bits_); }
    bool holds(const std::vector<std::uint64_t>& saved) const { return saved.size() == 1 && saved[0] == bits_; }
    template <class F>
    void for_each_state_with(const std::vector<std::uint64_t>& saved, F&& f) const {
        for (const Slot& s : slots_) {
            if (s.stamp == stamp_ && s.bits == saved[0]) f(s.state);
        }
    }

private:
    struct Slot {
        std::uint64_t bits = 0;
        std::uint32_t state = 0;
        std::uint32_t stamp = 0;  // not the current stamp: empty
    };
    static constexpr std::size_t kFirstSlots = 64;

    static std::size_t slot_of(std::uint64_t completed, std::uint32_t state) {
        std::uint64_t x = completed ^ (std::uint64_t{state} + 1) * 0x9e3779b97f4a7c15ULL;
        x = (x ^ (x >> 31)) * 0xbf58476d1ce4e5b9ULL;
        return static_cast<std::size_t>(x ^ (x >> 29));
    }
    void grow(std::size_t slots) {
        std::vector<Slot> old(slots);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.stamp != stamp_) continue;
            std::size_t i = slot_of(s.bits & completed_mask_, s.state) & mask;
            while (slots_[i].stamp == stamp_) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }

    std::uint64_t bits_ = 0;
    std::uint64_t completed_mask_ = 0;
    std::uint32_t completed_ = 0;
    std::vector<std::uint32_t> bit_of_;           // assign(kinds)'s
    const std::uint32_t* bit_view_ = nullptr;     // local op -> bit: bit_of_ or the caller's
    std::vector<Slot> slots_;
    std::size_t count_ = 0;
    std::size_t fresh_slots_ = kFirstSlots;
    std::uint32_t stamp_ = 0;
};

}  // namespace lincheck::detail::wgl
