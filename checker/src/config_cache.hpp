#pragma once
// The set of search configurations already explored: (bitset of linearized operations, state id).
// Keys live back to back in one arena: the bitset's words, then one word holding the state id and the
// low half of the configuration's hash. An open-addressing table of (high half of the hash, arena
// index) finds them, so a probe compares 32 bits before touching the arena, and growing the table
// needs no rehashing of keys. The caller supplies the hash (a Zobrist hash of the bitset kept
// incrementally, mixed with the state), so inserting costs O(words) only on a probable match.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lincheck::detail {

class ConfigCache {
public:
    explicit ConfigCache(std::size_t words) : words_(words), stride_(words + 1), slots_(1024, 0) {}

    static std::uint64_t mix_state(std::uint32_t state) {
        std::uint64_t x = (state + 1) * 0x9e3779b97f4a7c15ULL;
        return x ^ (x >> 29);
    }

    // True when (bits, state) was not in the cache and has been added.
    bool insert(const std::uint64_t* bits, std::uint32_t state, std::uint64_t hash) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t fragment = (hash >> 32) | 1;  // never zero: zero marks an empty slot
        const std::uint64_t tail = (hash << 32) | state;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const std::uint64_t slot = slots_[i];
            if (slot == 0) {
                slots_[i] = (fragment << 32) | static_cast<std::uint32_t>(count_);
                arena_.insert(arena_.end(), bits, bits + words_);
                arena_.push_back(tail);
                ++count_;
                return true;
            }
            if ((slot >> 32) == fragment && equals(static_cast<std::uint32_t>(slot), bits, tail)) return false;
        }
    }

    std::size_t size() const { return count_; }
    std::size_t bytes() const { return arena_.capacity() * 8 + slots_.size() * 8; }

    // Calls f(state) for every cached configuration whose bitset equals `bits`.
    template <class F>
    void for_each_state_with(const std::uint64_t* bits, F&& f) const {
        for (std::size_t i = 0; i < count_; ++i) {
            const std::uint64_t* key = &arena_[i * stride_];
            bool same = true;
            for (std::size_t w = 0; w < words_ && same; ++w) same = key[w] == bits[w];
            if (same) f(static_cast<std::uint32_t>(key[words_]));
        }
    }

private:
    bool equals(std::uint32_t index, const std::uint64_t* bits, std::uint64_t tail) const {
        const std::uint64_t* key = &arena_[static_cast<std::size_t>(index) * stride_];
        if (key[words_] != tail) return false;
        for (std::size_t w = 0; w < words_; ++w) {
            if (key[w] != bits[w]) return false;
        }
        return true;
    }

    void grow() {
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (std::uint64_t slot : old) {
            if (slot == 0) continue;
            const std::uint32_t index = static_cast<std::uint32_t>(slot);
            const std::uint64_t low_hash = arena_[static_cast<std::size_t>(index) * stride_ + words_] >> 32;
            std::size_t i = low_hash & mask;
            while (slots_[i] != 0) i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }

    std::size_t words_;
    std::size_t stride_;
    std::size_t count_ = 0;
    std::vector<std::uint64_t> arena_;
    std::vector<std::uint64_t> slots_;
};

}  // namespace lincheck::detail
