#pragma once
// Random small register histories with unique written values, for the fast engines' differential
// tests: an atomic register simulated with crashes (info: the write may or may not have taken effect)
// and ops never completed, then sometimes corrupted (a read's result changed to another value, an
// operation's span moved) so that about half fail. Rarely a value is written twice, which the
// engines must decline.
#include <random>
#include <string>
#include <vector>

#include "lincheck/history.hpp"

namespace lincheck::testing {

struct UniqueHistoryOptions {
    int processes = 3;
    int operations = 6;
    double crash_rate = 0.15;   // an op ends `info`
    double pending_rate = 0.05;  // an op never completes
    double corrupt_rate = 0.8;
    double duplicate_rate = 0.02;  // a write repeats an earlier value
    double dequeue_crash_share = 0.1;  // queue: a dequeue crashes at this share of crash_rate + pending_rate
    // kv: put/get of strings on one key (initial ""), else register read/write of integers (initial
    // nil, or `initial` when set).
    bool kv = false;
    std::optional<Value> initial;
};

std::vector<Operation> random_unique_register(std::mt19937_64& rng, const UniqueHistoryOptions& options);

// The same for a fifo-queue starting empty: enqueue of unique integers, dequeue → the front or nil
// when empty. Crashed enqueues as crashed writes; a dequeue crashes at dequeue_crash_share of that.
std::vector<Operation> random_unique_queue(std::mt19937_64& rng, const UniqueHistoryOptions& options);

// The same for a grow-only set (add of unique integers, read → the whole set as a shuffled list,
// sometimes repeating an element), starting from `initial` when set. Crashed reads have no result.
std::vector<Operation> random_unique_set(std::mt19937_64& rng, const UniqueHistoryOptions& options);

}  // namespace lincheck::testing
