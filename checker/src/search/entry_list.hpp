#pragma once
// The entries of the search: each operation's call and (when it completed) its return, in a doubly
// linked list in real-time order. Entry 0 is the head sentinel, then the calls and returns, then the
// tail sentinel. Linearizing an operation unlinks its entries (lift); backtracking relinks them
// (unlift), in the reverse order.
#include <vector>

#include "common.hpp"
#include "kinds.hpp"

namespace lincheck::detail::wgl {

class EntryList {
public:
    void reset() { raw_.clear(); }
    // Builds the list of `kinds`' operations (chosen by Kinds::select).
    void build(const Kinds& kinds);
    // Builds the list of a pre-built object of the small path (its entries in real-time order already;
    // Kinds::select_small numbered its ops).
    void build_small(const SmallInput::Object& object);
    std::size_t capacity_bytes() const {
        return held(raw_) + held(next) + held(prev) + held(entry_op) + held(match) + held(is_call) + held(call_entry) +
               held(priority);
    }

    [[gnu::always_inline]] void lift(std::uint32_t e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
        if (const std::uint32_t r = match[e]; r != kNone) {
            next[prev[r]] = next[r];
            prev[next[r]] = prev[r];
        }
    }
    [[gnu::always_inline]] void unlift(std::uint32_t e) {
        if (const std::uint32_t r = match[e]; r != kNone) {
            next[prev[r]] = r;
            prev[next[r]] = r;
        }
        next[prev[e]] = e;
        prev[next[e]] = e;
    }
    // The first return entry still in the list (the tail when none is left).
    std::uint32_t first_return() const {
        std::uint32_t e = next[head];
        while (is_call[e]) e = next[e];
        return e;
    }

    std::vector<std::uint32_t> next, prev;
    std::vector<std::uint32_t> entry_op;    // entry -> local op (kNone for the sentinels)
    std::vector<std::uint32_t> match;       // call entry -> its return entry, or kNone
    std::vector<std::uint8_t> is_call;
    std::vector<std::uint32_t> call_entry;  // local op -> its call entry
    std::vector<std::uint64_t> priority;    // local op -> its place in the order candidates are tried
    std::uint32_t head = 0, tail = 0;
    // The most operations open at once (called, not returned; an indeterminate one stays open).
    std::uint32_t max_open = 0;

private:
    void begin(std::size_t n, std::uint32_t ops);  // room, and the sentinels linked
    struct Raw {
        std::uint64_t time;
        std::uint32_t op;
    };
    std::vector<Raw> raw_;  // set-up: the returns
};

}  // namespace lincheck::detail::wgl
