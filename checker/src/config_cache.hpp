#pragma once
// The set of search configurations already explored: (set of linearized operations, state id).
//
// Keys are compact. Completed operations have bits 0..m-1 in call order and the search linearizes them
// roughly in that order, so a set is stored as: the length p of its leading run of ones, then only the
// words from bit p up to its last set completed bit, then the words of the indeterminate operations'
// bits (kept in words of their own, after the completed ones) up to the last set one.
//
// Subsumption: indeterminate operations are optional, so a configuration that has linearized a superset
// of another's indeterminate operations, with the same completed ones and the same state, can do
// nothing the other could not (the other may simply leave those operations out). Such a configuration
// counts as explored. Configurations are therefore grouped by (completed set, state) — the primary key
// — and each group keeps a chain of the indeterminate sets met, none a superset of an earlier one.
//
// Records lie back to back in one arena:
//   [header: p | window words << 32 | indeterminate words << 48] [window words] [indeterminate words]
//   [state | low half of the primary hash << 32] [offset of the next record of the group, or kEnd]
// An open-addressing table of (high half of the primary hash, offset of the group's newest record)
// finds groups; a probe compares 32 bits of hash before touching the arena, and growing the table needs
// no rehashing. The caller supplies the primary hash (a Zobrist hash of the completed bits, kept
// incrementally, mixed with the state).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <sys/mman.h>
#include <vector>

namespace lincheck::detail {

// Takes large blocks straight from the kernel (mmap) and gives them straight back, so that the memory
// of a finished search leaves the process at once. Through malloc it may not: glibc raises its mmap
// threshold after freeing such a block, keeps the next ones in its heap, and the pages of searches
// that have ended stay resident — over --memory-limit when keys are checked one after another.
template <class T>
struct PageAllocator {
    using value_type = T;
    static constexpr std::size_t kFromPages = std::size_t{1} << 20;  // bytes

    PageAllocator() = default;
    template <class U>
    PageAllocator(const PageAllocator<U>&) {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kFromPages) return static_cast<T*>(::operator new(bytes));
        void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kFromPages) {
            ::operator delete(p);
        } else {
            munmap(p, bytes);
        }
    }
    friend bool operator==(const PageAllocator&, const PageAllocator&) { return true; }
};

class ConfigCache {
public:
    static std::uint64_t mix_state(std::uint32_t state) {
        std::uint64_t x = (state + 1) * 0x9e3779b97f4a7c15ULL;
        return x ^ (x >> 29);
    }

    static std::size_t window_words(std::uint64_t header) { return (header >> 32) & 0xffff; }
    static std::size_t indeterminate_words(std::uint64_t header) { return header >> 48; }
    static std::size_t key_words(std::uint64_t header) {
        return 1 + window_words(header) + indeterminate_words(header);
    }

    // `key` is an encoded set (see above). True when no explored configuration subsumes (key, state);
    // the configuration is then added.
    bool insert(const std::uint64_t* key, std::uint32_t state, std::uint64_t hash) {
        if ((groups_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t fragment = (hash >> 32) | 1;  // never zero: zero marks an empty slot
        const std::uint64_t tail = (hash << 32) | state;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const std::uint64_t slot = slots_[i];
            if (slot == 0) {
                slots_[i] = (fragment << 32) | append(key, tail, kEnd);
                ++groups_;
                return true;
            }
            const auto head = static_cast<std::uint32_t>(slot);
            if ((slot >> 32) != fragment || !same_group(head, key, tail)) continue;
            for (std::uint32_t r = head; r != kEnd; r = next_of(r)) {
                if (indeterminate_subset(r, key)) return false;
            }
            slots_[i] = (fragment << 32) | append(key, tail, head);
            return true;
        }
    }

    // Empties the cache for the next search. Blocks taken from the kernel go back (see PageAllocator);
    // smaller ones are kept.
    void reset() {
        count_ = 0;
        groups_ = 0;
        arena_.clear();
        arena_capacity_ = 0;
        if (arena_.capacity() * 8 >= PageAllocator<std::uint64_t>::kFromPages) Words().swap(arena_);
        if (slots_.capacity() * 8 >= PageAllocator<std::uint64_t>::kFromPages) Words().swap(slots_);
        slots_.assign(kFirstSlots, 0);
    }

    std::size_t size() const { return count_; }
    // What the cache would hold had it started empty (the memory accounting's figure: it does not
    // depend on what a reused cache kept from earlier searches).
    std::size_t bytes() const { return arena_capacity_ * 8 + slots_.size() * 8; }
    // What it really holds.
    std::size_t capacity_bytes() const { return (arena_.capacity() + slots_.capacity()) * 8; }

    // How many bytes more than bytes() the cache holds at the peak of the next insert of `key`, if
    // that insert grows it (0 if it cannot): a grown arena, and a doubled table while the old one is
    // still alive. The search asks before inserting, so that a memory limit is never overshot.
    std::size_t growth_bytes(const std::uint64_t* key) const {
        std::size_t extra = 0;
        const std::size_t words = key_words(key[0]) + 2;
        if (arena_.size() + words > arena_capacity_) extra += (grown_capacity(words) - arena_capacity_) * 8;
        if ((groups_ + 1) * 2 > slots_.size()) extra += slots_.size() * 2 * 8;
        return extra;
    }

    // Calls f(state) for every cached configuration whose set is exactly `key`.
    template <class F>
    void for_each_state_with(const std::uint64_t* key, F&& f) const {
        const std::size_t length = key_words(key[0]);
        for (std::size_t at = 0; at < arena_.size();) {
            const std::size_t here = key_words(arena_[at]);
            bool same = here == length;
            for (std::size_t w = 0; w < length && same; ++w) same = arena_[at + w] == key[w];
            if (same) f(static_cast<std::uint32_t>(arena_[at + here]));
            at += here + 2;
        }
    }

private:
    static constexpr std::uint32_t kEnd = 0xffffffffu;
    static constexpr std::size_t kFirstSlots = 64;

    // The arena's capacity after growing for `words` more: doubled, so that growth_bytes can tell it.
    std::size_t grown_capacity(std::size_t words) const {
        return std::max({arena_capacity_ * 2, arena_.size() + words, std::size_t{64}});
    }

    std::uint32_t append(const std::uint64_t* key, std::uint64_t tail, std::uint32_t next) {
        const auto offset = static_cast<std::uint32_t>(arena_.size());
        const std::size_t words = key_words(key[0]) + 2;
        if (arena_.size() + words > arena_capacity_) {
            arena_capacity_ = grown_capacity(words);
            if (arena_capacity_ > arena_.capacity()) arena_.reserve(arena_capacity_);
        }
        arena_.insert(arena_.end(), key, key + key_words(key[0]));
        arena_.push_back(tail);
        arena_.push_back(next);
        ++count_;
        return offset;
    }

    std::uint32_t next_of(std::uint32_t record) const {
        return static_cast<std::uint32_t>(arena_[record + key_words(arena_[record]) + 1]);
    }

    // Same completed set and state (and primary hash)?
    bool same_group(std::uint32_t record, const std::uint64_t* key, std::uint64_t tail) const {
        const std::uint64_t* stored = &arena_[record];
        constexpr std::uint64_t kPrimaryHeader = 0x0000ffffffffffffULL;  // p and window length
        if (((stored[0] ^ key[0]) & kPrimaryHeader) != 0) return false;
        if (stored[key_words(stored[0])] != tail) return false;
        for (std::size_t w = 1, end = 1 + window_words(key[0]); w < end; ++w) {
            if (stored[w] != key[w]) return false;
        }
        return true;
    }

    // Is the stored record's indeterminate set a subset of key's?
    bool indeterminate_subset(std::uint32_t record, const std::uint64_t* key) const {
        const std::uint64_t* stored = &arena_[record];
        const std::size_t start = 1 + window_words(key[0]);
        const std::size_t mine = indeterminate_words(stored[0]);
        const std::size_t theirs = indeterminate_words(key[0]);
        for (std::size_t w = 0; w < mine; ++w) {
            const std::uint64_t other = w < theirs ? key[start + w] : 0;
            if ((stored[start + w] & ~other) != 0) return false;
        }
        return true;
    }

    void grow() {
        Words old(slots_.size() * 2, 0);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (std::uint64_t slot : old) {
            if (slot == 0) continue;
            const auto offset = static_cast<std::uint32_t>(slot);
            const std::uint64_t low_hash = arena_[offset + key_words(arena_[offset])] >> 32;
            std::size_t i = low_hash & mask;
            while (slots_[i] != 0) i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }

    std::size_t count_ = 0;   // records
    std::size_t groups_ = 0;  // distinct (completed set, state)
    using Words = std::vector<std::uint64_t, PageAllocator<std::uint64_t>>;
    Words arena_;
    std::size_t arena_capacity_ = 0;  // as if the arena had started empty: it only ever reserves this much
    Words slots_ = Words(kFirstSlots, 0);
};

}  // namespace lincheck::detail
