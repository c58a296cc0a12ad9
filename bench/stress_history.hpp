#pragma once
// Stress histories for every model: the shapes that make a linearizability search hard (issue 17).
// Clients run one operation at a time; each operation lasts a random time (a few much longer ones
// with a long tail), takes effect atomically at a random instant inside it — or, when its client
// crashes (`info`) or the log ends first (pending), perhaps never — and the atomic object's answer is
// what the log records. So a history is linearizable unless `corrupt_rate` asks for wrong results.
// A crashed client comes back under a fresh process id (Jepsen's convention), unless told otherwise.
// The same options and seed always give the same history. The operations and the object's answers
// are the model's own generator's (lincheck/internal/simulation.hpp); the clients, timing and faults
// are drawn here.
//
// Used by lincheck-generate (bench/generate.cpp) and by the differential tests, at small sizes.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "lincheck/history.hpp"

namespace lincheck::stress {

struct Options {
    // A registry name: every model's description has the generator used here (ModelInfo::generator).
    std::string model = "register";
    long operations = 100;
    long keys = 1;              // independent objects; operations pick one at random
    long processes = 5;         // clients running at once
    long values = 0;            // 0: every written / added / enqueued value is new; else drawn from 0..values-1
    double update_rate = 0.5;   // writes, cas, puts, appends, adds, enqueues, counter adds (vs reads, dequeues)
    double cas_rate = 0.5;      // cas-register: the share of updates that are cas
    double info_rate = 0.0;     // operations whose client crashes: logged `info`; half took effect
    double fail_rate = 0.0;     // operations that did not take effect, logged `fail` (besides refused ones)
    long pending = 0;           // clients whose last operation never completes (half took effect)
    double tail_rate = 0.0;     // operations that last much longer than the others
    double tail_length = 50;    // how much longer, on average (durations are otherwise 1..10 units)
    double corrupt_rate = 0.0;  // per completed result: replaced by a plausible wrong one
    double refused_ok_rate = 0.0;  // a planted bug: a refused operation (a cas that did not match, a
                                   // held lock, a release of a free lock) logged ok at this rate
    bool reuse_process_after_info = false;
    std::uint64_t seed = 1;
};

struct History {
    std::vector<Event> events;  // in real-time order; pos.event_index set
    bool corrupted = false;     // some result was changed: the history may be non-linearizable
};

// Throws std::invalid_argument for an unknown model or option out of range.
History generate(const Options& options);

// The models generate() knows: every model in the registry.
const std::vector<std::string>& models();

}  // namespace lincheck::stress
