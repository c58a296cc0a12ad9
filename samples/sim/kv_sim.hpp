#pragma once
// A small deterministic simulator in the style of TigerBeetle's VOPR: clients drive a replicated
// key-value store through a simulated network with injected faults, and a harness records every
// operation through lincheck::Recorder. Everything follows from the seed.
//
// The store holds integer registers by key (initially absent: "never written") and serves
//   read k        → the value, or nothing
//   write k v     → ok, or "rejected" (storage refused it: not applied)
//   cas k [a b]   → ok (k held a, now b), or "mismatch" (not applied) — the read-modify-write op
// Each request takes effect atomically when it reaches the leader, so the store itself is
// linearizable (model `cas-register`, per key). Faults:
//   - rejected writes: storage refuses a write (disk full, quota); the client gets a definite error;
//   - partial writes: the leader replicated a write to a minority and then failed over; the client
//     hears "accepted, not committed", and the new leader commits the write later — or never;
//   - slow messages: a request or a response is delayed past the client's timeout;
//   - crashed clients: a client dies with a request in flight (which may still take effect) and
//     restarts later under a new process id;
//   - the run ends after a fixed number of events, with requests still in flight.
// The correct harness records a definite error (rejected, cas mismatch) as `fail`; a partial write, a
// timeout or a crash as `info`; and leaves requests in flight at the end open (pending). Each Bug
// re-introduces one classic harness mistake.
#include <cstdint>
#include <string_view>

#include "lincheck/recorder.hpp"

namespace kvsim {

enum Bug : unsigned {
    kNone = 0,
    kZeroAsNil = 1u << 0,        // a read of 0 is recorded as "never written" (nil)
    kRejectedWriteOk = 1u << 1,  // a write storage rejected is recorded as ok
    kPartialWriteOk = 1u << 2,   // a partial write (timed out, fate unknown) is recorded as ok
    // requests in flight at the end are discarded — recorded `fail` ("cancelled at shutdown"), which the
    // checker treats as leaving them out — instead of being left pending
    kDropPending = 1u << 3,
    kUnrecordedRmw = 1u << 4,    // cas requests are executed but not recorded
};

struct BugInfo {
    Bug bug;
    std::string_view flag;  // command-line name
    std::string_view what;
};
inline constexpr BugInfo kBugs[] = {
    {kZeroAsNil, "zero-as-nil", "treats a read of 0 as \"never written\""},
    {kRejectedWriteOk, "rejected-write-ok", "records a write that storage rejected as successful"},
    {kPartialWriteOk, "partial-write-ok", "records a partial write as a full success"},
    {kDropPending, "drop-pending", "drops the requests still in flight when the run ends"},
    {kUnrecordedRmw, "unrecorded-rmw", "executes read-modify-write (cas) requests without recording them"},
};

struct Config {
    int clients = 3;
    int keys = 8;
    std::uint32_t events = 100;  // the run ends when the history has this many events
    bool faults = true;
    unsigned bugs = kNone;
};

struct Stats {
    std::uint32_t ops = 0, reads = 0, writes = 0, cas = 0;
    std::uint32_t rejected = 0, partial = 0, timeouts = 0, crashes = 0, in_flight_at_end = 0;
};

// Runs one simulation from `seed`, recording into `rec` (which it resets first).
Stats simulate(std::uint64_t seed, const Config& config, lincheck::Recorder& rec);

}  // namespace kvsim
