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
//  - an `info` with no open invoke on its process is not an operation but a client's log event (Jepsen
//    logs e.g. `{:type :info, :f :setup-logging, :process 1}`; Knossos ignores them): it is skipped and
//    counted in PairingStats::orphan_info.
//  - an `ok`, `fail` or `pending` with no open invoke, an invoke on a process whose operation is still open, or a
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
    std::size_t orphan_info = 0;    // `info` events with no open invoke (a client's log events): skipped
    std::vector<Operation> failed;  // the dropped operations, for diagnosis ("a failed write was read")
};

std::vector<Operation> pair_events(std::vector<Event> events, const PairingOptions& options = {},
                                   PairingStats* stats = nullptr);

// Pairing a history read in pieces (runs of consecutive events, in order), so that several threads
// can pair at once. `pre_pair` pairs a piece's events among themselves, on any thread; `add` then
// joins the pieces in order, settling only what crosses a boundary: each process's first event in a
// piece (a completion of an operation invoked earlier, or an invoke that must find its process idle).
// The in-order part thus costs per process, not per event. Operations, statistics and errors (the
// first in the history's order, with the same message and position) are those of pair_events on the
// whole history; real-time order is the order of the pieces and of the events in each.
class PiecePairer {
public:
    // What comes before a piece in the whole input: positions in it are shifted by this much.
    struct Offset {
        std::uint32_t lines = 0;
        std::uint64_t events = 0;  // SourcePos::event_index (events the reader skipped included)
    };

    // A piece paired on its own: operations invoked in it, with ticks and positions relative to it.
    class Piece {
    public:
        std::size_t events() const { return event_count_; }

    private:
        friend class PiecePairer;
        struct Boundary {
            std::uint64_t tick;  // the event's place in the piece
            std::int64_t process;
            std::uint32_t index;  // the invoked operation (in ops_ or failed_), or the completion in foreign_
            bool invoke;
            bool failed;  // an invoke whose operation is in failed_
        };
        std::vector<Operation> ops_;         // in invoke order, but those failed in the piece
        std::vector<Operation> failed_;      // those, in invoke order
        std::vector<Boundary> boundary_;     // each process's first event in the piece, in order
        std::vector<Event> foreign_;         // completions of operations invoked before the piece
        std::vector<std::pair<std::int64_t, std::uint32_t>> open_at_end_;  // process, operation
        std::vector<Event> events_;  // only when the piece breaks a rule by itself: replayed by add()
        std::size_t event_count_ = 0;
        std::size_t orphan_info_ = 0;  // info events with no open invoke, within the piece
    };

    static Piece pre_pair(std::vector<Event>&& events);
    // Throws InputError at the history's first offending event, once `piece` holds it.
    void add(Piece&& piece, Offset offset);
    // The operations in invoke order (what is still open was pending when the log ended): one run
    // per piece, put in place by up to `threads` threads. Nothing moves them into one vector. The
    // failed operations go to `failed` in runs the same way (stats->failed is left empty).
    OperationRuns finish_runs(PairingStats* stats, OperationRuns& failed, unsigned threads = 1);
    // The same, in one vector.
    std::vector<Operation> finish(PairingStats* stats = nullptr);

private:
    struct Chunk {
        std::vector<Operation> ops;     // kept and open ones; failed ones completed in a later piece too
        std::vector<Operation> failed;  // failed ones completed in the piece, in invoke order
        Offset offset;
        std::uint64_t ticks = 0;     // events before the piece
        std::size_t late_failed = 0;  // operations of `ops` that a later piece failed
    };
    struct Open {
        std::uint32_t chunk;
        std::uint32_t op;
    };
    [[noreturn]] void replay(std::vector<Event>& events, Offset offset) const;

    std::vector<Chunk> chunks_;
    std::unordered_map<std::int64_t, Open> open_;  // process -> its operation still open
    std::uint64_t ticks_ = 0;
    std::size_t orphan_info_ = 0;
};

// `pos` in a piece, as a position in the whole input.
SourcePos shifted(SourcePos pos, PiecePairer::Offset offset);

}  // namespace lincheck
