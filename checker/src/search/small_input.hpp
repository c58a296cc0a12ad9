#pragma once
// Pre-built input for the search's small path (configs.hpp: at most 64 operations per object, the
// linearized set one word, the flat cache reset by a stamp): objects whose operations' kinds in a
// SearchMemory the caller knows (detail::kind_in), with their calls and returns already in real-time
// order. A caller that reads its own compact records — the Recorder (recorder_search.cpp) — fills it
// in two passes (how many ops each object has, then its ticks in order), and the search reads each
// object's tables where they are: Kinds and EntryList point into them (copying them into the search's
// own tables was a sixth of a Recorder check, issue 16 session 11); only the linked list's next and
// prev, which the search edits, are its own.
//
// Its lifetime is the caller's: kept from one check to the next, filling it allocates nothing once
// warm. Its tables hold the objects' ops and entries end to end (memory grows with the history, not
// with 64 ops a key). detail::search_small (search.hpp) searches it with the caller's SearchMemory.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace lincheck::detail {

class SmallInput {
    // Per object: its place in the tables, and what the passes counted (32 bytes: an index is a shift).
    struct Header {
        std::uint32_t expected = 0, expected_completed = 0;  // counted in the first pass
        std::uint32_t op_base = 0, entry_base = 0;
        std::uint32_t ops = 0, entries = 0, max_open = 0, unused = 0;
    };

public:
    static constexpr std::uint32_t kMaxOps = 64;
    static constexpr std::uint32_t kNone = 0xffffffffu;

    // One object as the search reads it. Local op j is the object's j-th called; its entries are
    // 1..entries in real-time order (calls before returns at equal times), 0 the head and entries + 1
    // the tail (the sentinels: no op, not a call, no match). An indeterminate op has no return entry.
    struct Object {
        std::uint32_t ops, entries, completed_ops, max_open;  // max_open: most ops open at once
        // By local op:
        const std::uint32_t* kind;            // its kind in the memory
        const std::uint8_t* completed;        // completed (else indeterminate)
        const std::uint8_t* query;            // a completed query (Model::is_query)
        const std::uint8_t* overwrites;       // Model::overwrites
        const std::uint32_t* prev_same_kind;  // indeterminate op -> the earlier-called one of its kind, else kNone
        const std::uint32_t* bit;             // completed ops 0..m-1 in call order, then the others
        const std::uint32_t* call_entry;      // its call entry
        const std::uint64_t* priority;        // the order candidates are tried: completed ops by return, then the others by call
        // By entry (head, 1..entries, tail):
        const std::uint32_t* entry_op;        // local op (kNone: a sentinel)
        const std::uint32_t* match;           // call entry -> its return entry, or kNone (not set at return entries)
        const std::uint8_t* is_call;
    };

    // No objects (keeps the memory).
    void clear() { objects_.clear(); }
    // A new empty object: its index.
    std::uint32_t add_object() {
        objects_.emplace_back();
        return static_cast<std::uint32_t>(objects_.size() - 1);
    }
    // First pass: one more op of object `o` (an indeterminate query, which the search leaves out, is
    // not one). False past kMaxOps ops: the object is not for the small path.
    bool count(std::uint32_t o, bool completed) {
        Header& h = objects_[o];
        h.expected_completed += completed;
        return ++h.expected <= kMaxOps;
    }
    // After the counts: room for every object's ops and entries, end to end, and its sentinels.
    void place();

    // Second pass, the calls and returns in real-time order, through a Writer (after place()). Its raw
    // pointers live in a local object that byte stores cannot alias: through the vectors, every store
    // of a flag made the compiler load the tables' addresses again.
    class Writer {
    public:
        // The call of a new op of object `o` (its kind in the memory; completed or indeterminate; what
        // Model::is_query and Model::overwrites say of it, as the memory's kind would): its local number.
        std::uint32_t call(std::uint32_t o, std::uint32_t kind, bool completed, bool query, bool overwrites) {
            Header& h = headers_[o];
            const std::uint32_t j = h.ops++, at = h.op_base + j;
            const std::uint32_t e = ++h.entries, ea = h.entry_base + e;
            kind_[at] = kind;
            completed_[at] = completed;
            query_[at] = completed && query;
            overwrites_[at] = overwrites;
            call_entry_[at] = e;
            entry_op_[ea] = j;
            match_[ea] = kNone;
            is_call_[ea] = 1;
            // Open now: the calls so far (j + 1) less the returns so far (e - j - 1). No branch: as
            // a branch it was mispredicted at one call in three (callgrind --branch-sim).
            h.max_open = std::max(h.max_open, 2 * j + 2 - e);
            return j;
        }
        // The return of local op `j` of object `o` (a completed op, called already).
        void ret(std::uint32_t o, std::uint32_t j) {
            Header& h = headers_[o];
            const std::uint32_t e = ++h.entries, ea = h.entry_base + e, at = h.op_base + j;
            entry_op_[ea] = j;
            is_call_[ea] = 0;
            match_[h.entry_base + call_entry_[at]] = e;
            priority_[at] = e;  // completed: by its return
        }

    private:
        friend class SmallInput;
        Header* headers_;
        std::uint32_t *kind_, *call_entry_, *entry_op_, *match_;
        std::uint8_t *completed_, *query_, *overwrites_, *is_call_;
        std::uint64_t* priority_;
    };
    Writer writer();
    // After the second pass: for an object with indeterminate ops, their bits,
    // priorities and earlier ops of their kind (an object of completed ops only reads shared tables).
    void finish();

    std::uint32_t size() const { return static_cast<std::uint32_t>(objects_.size()); }
    // Object i (after finish()), as the search reads it.
    Object object(std::uint32_t i) const {
        const Header& h = objects_[i];
        const std::uint32_t at = h.op_base, ea = h.entry_base;
        const bool all_completed = h.expected_completed == h.ops;
        return {h.ops,
                h.entries,
                h.expected_completed,
                h.max_open,
                kind_.data() + at,
                completed_.data() + at,
                query_.data() + at,
                overwrites_.data() + at,
                all_completed ? kNoneAll.data() : prev_same_kind_.data() + at,
                all_completed ? kIdentity.data() : bit_.data() + at,
                call_entry_.data() + at,
                priority_.data() + at,
                entry_op_.data() + ea,
                match_.data() + ea,
                is_call_.data() + ea};
    }
    // Bytes held (the caller's to count).
    std::size_t capacity_bytes() const {
        return objects_.capacity() * sizeof(Header) + kind_.capacity() * (4 * sizeof(std::uint32_t) + sizeof(std::uint64_t) + 3) +
               entry_op_.capacity() * (2 * sizeof(std::uint32_t) + 1);
    }

private:
    // The tables of an object whose ops all completed: bit j for op j, no earlier op of its kind to wait for.
    static constexpr std::array<std::uint32_t, kMaxOps> kIdentity = [] {
        std::array<std::uint32_t, kMaxOps> a{};
        for (std::uint32_t j = 0; j < a.size(); ++j) a[j] = j;
        return a;
    }();
    static constexpr std::array<std::uint32_t, kMaxOps> kNoneAll = [] {
        std::array<std::uint32_t, kMaxOps> a{};
        for (std::uint32_t& x : a) x = kNone;
        return a;
    }();
    // Sized up only: every cell read is written first.
    void fit(std::size_t ops, std::size_t entries);

    std::vector<Header> objects_;
    std::vector<std::uint32_t> kind_, prev_same_kind_, bit_, call_entry_;
    std::vector<std::uint8_t> completed_, query_, overwrites_;
    std::vector<std::uint64_t> priority_;
    std::vector<std::uint32_t> entry_op_, match_;
    std::vector<std::uint8_t> is_call_;
};

}  // namespace lincheck::detail
