#pragma once
// The set of linearized operations, as the configuration cache keys it (see ../config_cache.hpp).
//
// Completed operations get bits 0..m-1 in call order, indeterminate ones bits from word
// `completed_words` on, so that the sets the search meets have a long leading run of ones. Summaries
// of the set — the length of that run (`prefix`), the highest completed and indeterminate bits — are
// kept as bits change, saved in each stack frame (Marks) and restored on backtracking; the Zobrist
// hash of the completed bits is kept incrementally.
#include <vector>

#include "../config_cache.hpp"
#include "common.hpp"
#include "kinds.hpp"

namespace lincheck::detail::wgl {

// The Zobrist word of bit i: a fixed pseudo-random function (splitmix64's finaliser), so results never
// depend on the run and no table has to be built per search.
inline std::uint64_t zobrist(std::uint64_t i) {
    std::uint64_t z = i * 0x9e3779b97f4a7c15ULL + 0x6c696e636865636bULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

class ConfigKey {
public:
    // The summaries a stack frame saves.
    struct Marks {
        std::uint32_t prefix, max_completed, max_indeterminate;
    };

    void reset() {
        bit_of.clear();
        hash = 0;
        prefix = 0;
        max_completed = kNone;
        max_indeterminate = kNone;
        key_.clear();
    }
    // Gives `kinds`' operations their bits; the set starts empty.
    void assign(const Kinds& kinds) {
        completed_words = static_cast<std::uint32_t>((kinds.completed_total + 63) / 64);
        std::uint32_t next_completed = 0, next_indeterminate = completed_words * 64;
        for (std::uint32_t j = 0; j < kinds.ops(); ++j) {
            bit_of.push_back(kinds.completed[j] ? next_completed++ : next_indeterminate++);
        }
        completed_total_ = static_cast<std::uint32_t>(kinds.completed_total);
        words_ = std::max<std::size_t>(1, (next_indeterminate + 63) / 64);
        bits_.assign(words_, 0);
        key_.assign(1 + words_, 0);  // room for the longest key: encode() never resizes
    }
    std::size_t capacity_bytes() const { return held(bit_of) + held(bits_) + held(key_); }

    bool test_bit(std::uint32_t bit) const { return (bits_[bit >> 6] >> (bit & 63)) & 1; }
    bool test(std::uint32_t op) const { return test_bit(bit_of[op]); }
    Marks marks() const { return {prefix, max_completed, max_indeterminate}; }

    // Sets op's bit and the summaries (the caller saved them with marks()), and encodes the key.
    // (take and encode are the walk's: forced inline, as the walk grew they were left out of line,
    // +2% of the etcd corpus's walk.)
    [[gnu::always_inline]] void take(std::uint32_t op) {
        flip(op);
        const std::uint32_t bit = bit_of[op];
        if (bit < completed_words * 64) {
            if (max_completed == kNone || bit > max_completed) max_completed = bit;
            while (prefix < completed_total_ && test_bit(prefix)) ++prefix;
        } else if (max_indeterminate == kNone || bit > max_indeterminate) {
            max_indeterminate = bit;
        }
        encode();
    }
    // Clears op's bit and restores the summaries saved before take(op).
    void restore(std::uint32_t op, const Marks& m) {
        flip(op);
        prefix = m.prefix;
        max_completed = m.max_completed;
        max_indeterminate = m.max_indeterminate;
    }

    // Encodes the current set into the key (see config_cache.hpp) and returns it.
    [[gnu::always_inline]] const std::uint64_t* encode() {
        const std::uint32_t first = prefix >> 6;
        const std::uint32_t window_end = max_completed == kNone ? first : std::max(first, (max_completed >> 6) + 1);
        const std::uint32_t indet_words =
            max_indeterminate == kNone ? 0 : ((max_indeterminate >> 6) + 1 - completed_words);
        key_[0] = prefix | (static_cast<std::uint64_t>(window_end - first) << 32) |
                  (static_cast<std::uint64_t>(indet_words) << 48);
        std::uint64_t* const out = key_.data();
        const std::uint64_t* const bits = bits_.data();
        std::size_t at = 1;
        for (std::uint32_t w = first; w < window_end; ++w) out[at++] = bits[w];
        for (std::uint32_t w = 0; w < indet_words; ++w) out[at++] = bits[completed_words + w];
        return out;
    }
    // The key as last encoded.
    const std::uint64_t* key() const { return key_.data(); }
    std::size_t key_words() const { return ConfigCache::key_words(key_[0]); }
    // The cache's primary hash of the current set with `state`.
    std::uint64_t hash_with(std::uint32_t state) const { return hash ^ ConfigCache::mix_state(state); }

    std::vector<std::uint32_t> bit_of;  // local op -> bit
    std::uint32_t completed_words = 0;
    std::uint64_t hash = 0;
    std::uint32_t prefix = 0;                // completed bits 0..prefix-1 are all set
    std::uint32_t max_completed = kNone;     // highest set completed bit
    std::uint32_t max_indeterminate = kNone; // highest set indeterminate bit

private:
    [[gnu::always_inline]] void flip(std::uint32_t op) {
        const std::uint32_t bit = bit_of[op];
        bits_[bit >> 6] ^= 1ULL << (bit & 63);
        if (bit < completed_words * 64) hash ^= zobrist(bit);  // the cache hashes completed bits only
    }

    std::uint32_t completed_total_ = 0;
    std::size_t words_ = 1;
    std::vector<std::uint64_t> bits_;
    std::vector<std::uint64_t> key_;
};

}  // namespace lincheck::detail::wgl
