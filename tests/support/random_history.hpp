#pragma once
// Random small concurrent register histories, for differential tests. Histories come from simulating
// an atomic register (so they are linearizable as generated) with injected faults — failed, timed-out
// (info) and never-completed ops — and then, sometimes, a corruption that may make them invalid: a read
// result changed, or an op that took effect logged as `fail`.
#include <random>
#include <vector>

#include "lincheck/history.hpp"

namespace lincheck::testing {

struct RandomHistoryOptions {
    int processes = 3;
    int operations = 6;
    int values = 3;           // written values are 0 .. values-1; the register starts nil
    bool cas = true;
    double info_rate = 0.1;
    double fail_rate = 0.05;  // an op that did not take effect, logged as fail
    double pending_rate = 0.05;
    double corrupt_rate = 0.4;
    bool reuse_process_after_info = false;  // Jepsen gives a fresh id; some logs reuse it
};

std::vector<Event> random_register_history(std::mt19937_64& rng, const RandomHistoryOptions& options);

// Gives every event one of `keys` keys (integers 0..keys-1): each invoke draws one, and its
// completion keeps it (a process keeps its key until its op completes).
void assign_keys(std::vector<Event>& events, std::mt19937_64& rng, int keys);

}  // namespace lincheck::testing
