#pragma once
// The entries of the search: each operation's call and (when it completed) its return, in a doubly
// linked list in real-time order. Entry 0 is the head sentinel, then the calls and returns, then the
// tail sentinel. Linearizing an operation unlinks its entries (lift); backtracking relinks them
// (unlift), in the reverse order.
#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "common.hpp"
#include "kinds.hpp"

namespace lincheck::detail::wgl {

class EntryList {
public:
    void reset() {}  // (every table is written before it is read)
    // Builds the list of `kinds`' operations (chosen by Kinds::select).
    void build(const Kinds& kinds);
    // Builds the list of a pre-built object of the small path (its entries in real-time order already;
    // Kinds::select_small numbered its ops): the tables below but next and prev point into it.
    void build_small(const SmallInput::Object& object) {
        const std::uint32_t n = object.entries + 2;
        if (next.size() < n) {
            next.resize(n);
            prev.resize(n);
        }
        entry_op = object.entry_op;
        match = object.match;
        is_call = object.is_call;
        call_entry = object.call_entry;
        priority = object.priority;
        ops_ = object.ops;
        max_open = object.max_open;
        head = 0;
        tail = n - 1;
        // next[e] = e + 1 and prev[e] = e - 1: copied from one table (a loop was ~100 instructions a key).
        std::memcpy(next.data(), kCounting.data() + 2, n * sizeof(std::uint32_t));
        std::memcpy(prev.data(), kCounting.data(), n * sizeof(std::uint32_t));
        next[tail] = kNone;
    }
    std::size_t capacity_bytes() const {
        return held(raw_) + held(next) + held(prev) + held(entry_op_) + held(match_) + held(is_call_) + held(call_entry_) +
               held(priority_);
    }
    // Sets op's priority (ObservedFirst), in the own table (copied there first when it was a view).
    void set_priority(std::uint32_t op, std::uint64_t p) {
        if (priority != priority_.data()) {
            if (priority_.size() < ops_) priority_.resize(ops_);
            std::copy(priority, priority + ops_, priority_.begin());
            priority = priority_.data();
        }
        priority_[op] = p;
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

    std::vector<std::uint32_t> next, prev;   // the search's own: lift and unlift edit them
    // Views of the own tables (build) or of a SmallInput object (build_small); read-only.
    const std::uint32_t* entry_op = nullptr;    // entry -> local op (kNone for the sentinels)
    const std::uint32_t* match = nullptr;       // call entry -> its return entry, or kNone
    const std::uint8_t* is_call = nullptr;
    const std::uint32_t* call_entry = nullptr;  // local op -> its call entry
    const std::uint64_t* priority = nullptr;    // local op -> its place in the order candidates are tried (set_priority)
    std::uint32_t head = 0, tail = 0;
    // The most operations open at once (called, not returned; an indeterminate one stays open).
    std::uint32_t max_open = 0;

private:
    // kNone, 0, 1, 2, ...: the links of a list in order (build_small).
    static constexpr std::array<std::uint32_t, 2 * SmallInput::kMaxOps + 4> kCounting = [] {
        std::array<std::uint32_t, 2 * SmallInput::kMaxOps + 4> a{};
        a[0] = kNone;
        for (std::uint32_t i = 1; i < a.size(); ++i) a[i] = i - 1;
        return a;
    }();
    void begin(std::size_t n, std::uint32_t ops);  // room, and the sentinels linked
    struct Raw {
        std::uint64_t time;
        std::uint32_t op;
    };
    std::vector<Raw> raw_;  // set-up: the returns (sized up only)
    // The own tables behind the views (build writes them).
    std::vector<std::uint32_t> entry_op_, match_, call_entry_;
    std::vector<std::uint8_t> is_call_;
    std::vector<std::uint64_t> priority_;
    std::uint32_t ops_ = 0;
};

}  // namespace lincheck::detail::wgl
