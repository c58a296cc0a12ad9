#pragma once
// An open-addressing index from hashed things to dense ids (0, 1, 2, ... in the order they were
// added): sized once for the most entries it will get (the search's set-up), or grown by make_room
// as ids are added (the step memo's kinds and states); starting over clears it in O(its size) and
// keeps its memory for the next search. What is indexed lives elsewhere: the caller compares.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lincheck::detail {

class FlatIndex {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    // Empties the index, with room for `most` entries.
    void reset(std::size_t most) {
        std::size_t slots = 16;
        while (slots < most * 2) slots *= 2;
        slots_.assign(slots, Slot{0, kNone});
        mask_ = slots - 1;
    }

    // The same when the index holds exactly ids 0..count-1, hashed to `hash_of(id)`: when its size
    // is already the one reset(most) gives and it holds few, only their slots are emptied (a search's
    // step memo holds a few kinds and states in 16 and 64 slots: assigning every slot again was most
    // of starting it over).
    template <class HashOf>
    void reset(std::size_t most, std::size_t count, HashOf&& hash_of) {
        std::size_t slots = 16;
        while (slots < most * 2) slots *= 2;
        if (slots_.size() != slots || count * 4 > slots) return reset(most);
        for (std::uint32_t id = 0; id < count; ++id) {
            const std::size_t hash = hash_of(id);
            std::size_t i = (hash ^ (hash >> 29)) & mask_;
            for (std::size_t probes = 0; slots_[i].id != id; i = (i + 1) & mask_) {
                if (++probes == slots) return reset(most);  // not there (an add cut short by an exception)
            }
            slots_[i].id = kNone;
        }
    }

    // The id of the entry equal to the one hashed to `hash` (`same(id)` tells), or `fresh` after
    // adding it.
    template <class Same>
    std::uint32_t find_or_add(std::size_t hash, std::uint32_t fresh, Same&& same) {
        const auto fragment = static_cast<std::uint32_t>(hash >> 32) ^ static_cast<std::uint32_t>(hash);
        for (std::size_t i = (hash ^ (hash >> 29)) & mask_;; i = (i + 1) & mask_) {
            Slot& slot = slots_[i];
            if (slot.id == kNone) {
                slot = {fragment, fresh};
                return fresh;
            }
            if (slot.fragment == fragment && same(slot.id)) return slot.id;
        }
    }

    // Where find saw that an entry is missing: add_at puts it there.
    struct Miss {
        std::size_t slot = 0;
        std::uint32_t fragment = 0;
    };
    // The id of the entry equal to the one hashed to `hash` (`same(id)` tells), or kNone (and where
    // to add it in `miss`).
    template <class Same>
    std::uint32_t find(std::size_t hash, Same&& same, Miss& miss) const {
        const auto fragment = static_cast<std::uint32_t>(hash >> 32) ^ static_cast<std::uint32_t>(hash);
        for (std::size_t i = (hash ^ (hash >> 29)) & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.id == kNone) {
                miss = {i, fragment};
                return kNone;
            }
            if (slot.fragment == fragment && same(slot.id)) return slot.id;
        }
    }
    // Adds id `count` where find missed it (ids 0..count-1 are in; their hashes are `hash_of(id)`):
    // past half full, the table doubles first and the ids are added again.
    template <class HashOf>
    void add_at(const Miss& miss, std::size_t hash, std::uint32_t count, HashOf&& hash_of) {
        if ((std::size_t{count} + 1) * 2 <= slots_.size()) {
            slots_[miss.slot] = {miss.fragment, count};
            return;
        }
        make_room(count, hash_of);
        add(hash, count);
    }
    // Adds `id`, hashed to `hash`, which is not in.
    void add(std::size_t hash, std::uint32_t id) { find_or_add(hash, id, [](std::uint32_t) { return false; }); }

private:
    // Before adding id `count` (ids 0..count-1 are in): doubles the table when it would be over half
    // full, adding the ids again with their hashes `hash_of(id)`.
    template <class HashOf>
    void make_room(std::size_t count, HashOf&& hash_of) {
        if ((count + 1) * 2 <= slots_.size()) return;
        slots_.assign(slots_.size() * 2, Slot{0, kNone});
        mask_ = slots_.size() - 1;
        for (std::uint32_t id = 0; id < count; ++id) add(hash_of(id), id);
    }

public:
    std::size_t capacity_bytes() const { return slots_.capacity() * sizeof(Slot); }

private:
    struct Slot {
        std::uint32_t fragment;
        std::uint32_t id;
    };
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
};

}  // namespace lincheck::detail
