#pragma once
// The set of search configurations already explored: (set of linearized operations, state id).
//
// Keys are compact. Completed operations have bits 0..m-1 in call order and the search linearizes them
// roughly in that order, so a set is stored as: the length p of its leading run of ones, then only the
// words from bit p up to its last set completed bit, then the words of the indeterminate operations'
// bits (kept in words of their own, after the completed ones) up to the last set one. A configuration
// of a 100,000-operation history thus takes a few words, not 1,500.
//
// Records lie back to back in one arena: [header: p | window words << 32 | indeterminate words << 48]
// [window words] [indeterminate words] [state | low half of hash << 32]. An open-addressing table of
// (high half of the hash, arena offset) finds them; a probe compares 32 bits of hash before touching
// the arena, and growing the table needs no rehashing. The caller supplies the hash: a Zobrist hash of
// the whole set, kept incrementally, mixed with the state.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lincheck::detail {

class ConfigCache {
public:
    static std::uint64_t mix_state(std::uint32_t state) {
        std::uint64_t x = (state + 1) * 0x9e3779b97f4a7c15ULL;
        return x ^ (x >> 29);
    }

    static std::size_t key_words(std::uint64_t header) {
        return 1 + ((header >> 32) & 0xffff) + (header >> 48);
    }

    // `key` is an encoded set (see above), key_words(key[0]) words long. True when (key, state) was not
    // in the cache and has been added.
    bool insert(const std::uint64_t* key, std::uint32_t state, std::uint64_t hash) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t fragment = (hash >> 32) | 1;  // never zero: zero marks an empty slot
        const std::uint64_t tail = (hash << 32) | state;
        const std::size_t length = key_words(key[0]);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const std::uint64_t slot = slots_[i];
            if (slot == 0) {
                slots_[i] = (fragment << 32) | static_cast<std::uint32_t>(arena_.size());
                arena_.insert(arena_.end(), key, key + length);
                arena_.push_back(tail);
                ++count_;
                return true;
            }
            if ((slot >> 32) == fragment && equals(static_cast<std::uint32_t>(slot), key, length, tail)) return false;
        }
    }

    std::size_t size() const { return count_; }
    std::size_t bytes() const { return arena_.capacity() * 8 + slots_.size() * 8; }
    // Whether the arena can still be addressed by 32-bit offsets after `words` more.
    bool has_room(std::size_t words) const { return arena_.size() + words < (std::size_t{1} << 32); }

    // Calls f(state) for every cached configuration whose set is `key`.
    template <class F>
    void for_each_state_with(const std::uint64_t* key, F&& f) const {
        const std::size_t length = key_words(key[0]);
        for (std::size_t at = 0; at < arena_.size();) {
            const std::size_t here = key_words(arena_[at]);
            bool same = here == length;
            for (std::size_t w = 0; w < length && same; ++w) same = arena_[at + w] == key[w];
            if (same) f(static_cast<std::uint32_t>(arena_[at + here]));
            at += here + 1;
        }
    }

private:
    bool equals(std::uint32_t offset, const std::uint64_t* key, std::size_t length, std::uint64_t tail) const {
        const std::uint64_t* stored = &arena_[offset];
        if (stored[0] != key[0] || stored[length] != tail) return false;
        for (std::size_t w = 1; w < length; ++w) {
            if (stored[w] != key[w]) return false;
        }
        return true;
    }

    void grow() {
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (std::uint64_t slot : old) {
            if (slot == 0) continue;
            const std::uint32_t offset = static_cast<std::uint32_t>(slot);
            const std::uint64_t low_hash = arena_[offset + key_words(arena_[offset])] >> 32;
            std::size_t i = low_hash & mask;
            while (slots_[i] != 0) i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }

    std::size_t count_ = 0;
    std::vector<std::uint64_t> arena_;
    std::vector<std::uint64_t> slots_ = std::vector<std::uint64_t>(1024, 0);
};

}  // namespace lincheck::detail
