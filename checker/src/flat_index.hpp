#pragma once
// An open-addressing index from hashed things to dense ids, for the search's set-up: sized once for
// the most entries it will get, so it never grows; starting over clears it in O(its size) and keeps
// its memory for the next search. What is indexed lives elsewhere: the caller compares.
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
