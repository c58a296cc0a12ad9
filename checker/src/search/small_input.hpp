#pragma once
// Pre-built input for the search's small path (configs.hpp: at most 64 operations per object, the
// linearized set one word, the flat cache reset by a stamp): objects whose operations' kinds in a
// SearchMemory the caller knows (detail::kind_in), with their calls and returns already in real-time
// order. A caller that reads its own compact records — the Recorder (recorder_search.cpp) — fills it
// in one pass over its ticks, and the search takes each object as it is: no Operation, no sort, no
// KindedOp list (the general set-up's passes were a third of a Recorder check: issue 16).
//
// Its lifetime is the caller's: kept from one check to the next, filling it allocates nothing once
// warm. detail::search_small (search.hpp) searches it with the caller's SearchMemory.
#include <array>
#include <cstdint>
#include <vector>

namespace lincheck::detail {

class SmallInput {
public:
    static constexpr std::uint32_t kMaxOps = 64;
    static constexpr std::uint32_t kFull = 0xffffffffu;  // call(): the object has kMaxOps ops already

    // One object's operations: local op j is the j-th called; entry[k] is local op * 2 for its call,
    // + 1 for its return, in real-time order (calls before returns at equal times). An indeterminate
    // op has no return entry.
    struct Object {
        std::uint32_t ops = 0, entries = 0;
        std::array<std::uint32_t, kMaxOps> kind;       // local op -> its kind in the memory
        std::array<std::uint8_t, kMaxOps> completed;   // local op -> completed (else indeterminate)
        std::array<std::uint8_t, 2 * kMaxOps> entry;
    };

    // No objects (keeps the memory).
    void clear() { used_ = 0; }
    // A new empty object: its index.
    std::uint32_t add_object() {
        if (used_ == objects_.size()) objects_.emplace_back();
        Object& o = objects_[used_];
        o.ops = o.entries = 0;
        return used_++;
    }
    // The call of a new op of object `o` (its kind in the memory; completed or indeterminate): its
    // local number, or kFull. Calls come in real-time order with the returns.
    std::uint32_t call(std::uint32_t o, std::uint32_t kind, bool completed) {
        Object& x = objects_[o];
        if (x.ops == kMaxOps) return kFull;
        const std::uint32_t j = x.ops++;
        x.kind[j] = kind;
        x.completed[j] = completed;
        x.entry[x.entries++] = static_cast<std::uint8_t>(2 * j);
        return j;
    }
    // The return of local op `j` of object `o` (a completed op, called already).
    void ret(std::uint32_t o, std::uint32_t j) {
        Object& x = objects_[o];
        x.entry[x.entries++] = static_cast<std::uint8_t>(2 * j + 1);
    }

    std::uint32_t size() const { return used_; }
    const Object& object(std::uint32_t i) const { return objects_[i]; }

private:
    std::vector<Object> objects_;
    std::uint32_t used_ = 0;
};

}  // namespace lincheck::detail
