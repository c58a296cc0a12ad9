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
#include <vector>

#include "lincheck/history.hpp"

namespace lincheck {

struct PairingOptions {
    // Order events by their `time` field (stable) instead of by their position in the file.
    bool order_by_time = false;
};

// What comes before a piece of a history read in pieces (formats/read_in_pieces.hpp): positions in
// the piece are shifted by this much to be positions in the whole input.
struct PieceOffset {
    std::uint32_t lines = 0;
    std::uint64_t events = 0;  // SourcePos::event_index (events the reader skipped included)
};

// `pos` in a piece, as a position in the whole input.
SourcePos shifted(SourcePos pos, PieceOffset offset);

struct PairingStats {
    std::size_t events = 0;
    std::size_t failed_dropped = 0;
    std::size_t indeterminate = 0;  // info + pending + never completed
    std::size_t orphan_info = 0;    // `info` events with no open invoke (a client's log events): skipped
    std::vector<Operation> failed;  // the dropped operations, for diagnosis ("a failed write was read")
};

std::vector<Operation> pair_events(std::vector<Event> events, const PairingOptions& options = {},
                                   PairingStats* stats = nullptr);

// Pairing in pieces, on several threads (PiecePairer): lincheck/internal/piece_pairer.hpp.

}  // namespace lincheck
