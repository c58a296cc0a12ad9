#pragma once
// Internal (not installed): what formats::read_and_pair (read_in_pieces.hpp) uses to pair a file's
// pieces on several threads. Embedders call pair_events (lincheck/pairing.hpp) or read_and_pair.
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/pairing.hpp"

namespace lincheck {

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
    using Offset = PieceOffset;

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

}  // namespace lincheck
