#pragma once
// The set of search configurations already explored: (bitset of linearized operations, state id).
// Keys live back to back in one arena; an open-addressing table of (hash fragment, arena index) finds
// them. The caller supplies the hash (an incrementally maintained Zobrist hash of the bitset mixed with
// the state), so inserting costs O(words) only for the comparison on a fragment match.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace lincheck::detail {

class ConfigCache {
public:
    // `zobrist[i]` is the random word of operation i; the hash of a configuration is the XOR of the
    // words of its set bits, mixed with its state by `mix_state`.
    ConfigCache(std::size_t words, const std::vector<std::uint64_t>& zobrist)
        : words_(words), stride_(words + 1), zobrist_(&zobrist), slots_(1024, 0) {}

    static std::uint64_t mix_state(std::uint32_t state) {
        std::uint64_t x = (state + 1) * 0x9e3779b97f4a7c15ULL;
        return x ^ (x >> 29);
    }

    // True when (bits, state) was not in the cache and has been added.
    bool insert(const std::uint64_t* bits, std::uint32_t state, std::uint64_t hash) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t fragment = (hash >> 32) | 1;  // never zero, so zero marks an empty slot
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const std::uint64_t slot = slots_[i];
            if (slot == 0) {
                slots_[i] = (fragment << 32) | static_cast<std::uint32_t>(count_);
                arena_.insert(arena_.end(), bits, bits + words_);
                arena_.push_back(state);
                ++count_;
                return true;
            }
            if ((slot >> 32) == fragment && equals(static_cast<std::uint32_t>(slot), bits, state)) return false;
        }
    }

    std::size_t size() const { return count_; }
    std::size_t bytes() const { return arena_.capacity() * 8 + slots_.size() * 8; }

    // Calls f(state) for every cached configuration whose bitset equals `bits`.
    template <class F>
    void for_each_state_with(const std::uint64_t* bits, F&& f) const {
        for (std::size_t i = 0; i < count_; ++i) {
            const std::uint64_t* key = &arena_[i * stride_];
            if (std::memcmp(key, bits, words_ * 8) == 0) f(static_cast<std::uint32_t>(key[words_]));
        }
    }

private:
    bool equals(std::uint32_t index, const std::uint64_t* bits, std::uint32_t state) const {
        const std::uint64_t* key = &arena_[static_cast<std::size_t>(index) * stride_];
        return key[words_] == state && std::memcmp(key, bits, words_ * 8) == 0;
    }

    void grow() {
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        // Slots keep only the hash's high half, so recompute the whole hash from the stored key.
        for (std::uint64_t slot : old) {
            if (slot == 0) continue;
            const std::uint32_t index = static_cast<std::uint32_t>(slot);
            std::size_t i = rehash(index) & mask;
            while (slots_[i] != 0) i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }

    std::uint64_t rehash(std::uint32_t index) const {
        const std::uint64_t* key = &arena_[static_cast<std::size_t>(index) * stride_];
        std::uint64_t h = mix_state(static_cast<std::uint32_t>(key[words_]));
        for (std::size_t w = 0; w < words_; ++w) {
            for (std::uint64_t bits = key[w]; bits != 0; bits &= bits - 1) {
                h ^= (*zobrist_)[w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))];
            }
        }
        return h;
    }

    std::size_t words_;
    std::size_t stride_;
    const std::vector<std::uint64_t>* zobrist_;
    std::size_t count_ = 0;
    std::vector<std::uint64_t> arena_;
    std::vector<std::uint64_t> slots_;
};

}  // namespace lincheck::detail
