#pragma once
// Turning a log of events into operations: each invoke is matched with the next completion of the
// same process.
//
// Rules (each is a documented, tested semantic — see README "Semantics"):
//  - `ok` completes the operation; its value (when the event carries one) is the operation's value,
//    so a read takes its result from the completion.
//  - `fail` means the operation certainly did not happen: it is dropped.
//  - `info` and `pending`, and an invoke left without completion when the log ends, are
//    indeterminate: the operation may take effect at any time after its invoke, or never. Its value
//    stays the invoke's (a timed-out write keeps its argument, whatever error token the completion has).
//  - after `info` the process is considered crashed; Jepsen gives its next operation a fresh process id,
//    but some logs reuse the id, so a later invoke on the same process starts a new operation.
//  - a completion with no open invoke, an invoke on a process whose operation is still open, or a
//    completion whose `f` differs from its invoke's is an InputError at the offending event.
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "lincheck/history.hpp"

namespace lincheck {

struct PairingOptions {
    // Order events by their `time` field (stable) instead of by their position in the file.
    bool order_by_time = false;
};

struct PairingStats {
    std::size_t events = 0;
    std::size_t failed_dropped = 0;
    std::size_t indeterminate = 0;  // info + pending + never completed
    std::vector<Operation> failed;  // the dropped operations, for diagnosis ("a failed write was read")
};

std::vector<Operation> pair_events(std::vector<Event> events, const PairingOptions& options = {},
                                   PairingStats* stats = nullptr);

// The same, one event at a time, for histories read in pieces (real-time order = the order of `add`;
// ordering by time needs every event first, so use pair_events for that).
class Pairer {
public:
    // Throws InputError at the offending event.
    void add(Event&& event);
    std::vector<Operation> finish(PairingStats* stats = nullptr);
    // Room for about this many operations, when the caller can estimate them (e.g. from the file's
    // size): saves the output's regrowth, moving every operation again at each doubling.
    void reserve(std::size_t operations) { out_.reserve(operations); }

private:
    enum class Slot : std::uint8_t { open, kept, dropped };
    Operation& op_at(std::uint64_t index) { return window_[index - base_]; }
    void settle(bool everything);

    // Operations are settled (moved to out_, or to the stats when failed) in invoke order as soon as
    // every earlier one has completed, so only the span from the oldest open invoke is held here,
    // not a second copy of the whole history.
    std::vector<Operation> window_;  // operations base_, base_ + 1, ... in invoke order
    std::vector<Slot> slots_;        // their state, same indices
    std::size_t head_ = 0;           // window_[0, head_) are settled (moved from)
    std::uint64_t base_ = 0;         // the invoke-order index of window_[0]
    std::vector<Operation> out_;
    // process -> invoke-order index of its open operation. Process ids below kDirect (the usual
    // case) index a vector, saving a hash lookup per event; others go to the map.
    static constexpr std::int64_t kDirect = 1 << 16;
    static constexpr std::uint64_t kNoOp = ~std::uint64_t{0};
    std::uint64_t open_of(std::int64_t process) const;
    void set_open(std::int64_t process, std::uint64_t index);
    std::vector<std::uint64_t> open_direct_;
    std::unordered_map<std::int64_t, std::uint64_t> open_other_;
    std::uint64_t tick_ = 0;
    PairingStats stats_;
};

}  // namespace lincheck
