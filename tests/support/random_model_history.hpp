#pragma once
// Random small concurrent histories for every model, for differential tests. Each comes from the
// model's simulated atomic object (ModelInfo::generator, lincheck/internal/simulation.hpp: code
// written apart from the model's step, so an uncorrupted history being linearizable is itself a check
// of the model) with injected faults (failed, timed-out and never-completed ops) and then, sometimes,
// one corruption that may make it invalid: a result changed (to nil a tenth of the time, where the
// model accepts a nil result), an op that
// took effect logged as `fail`, or the reverse.
#include <random>
#include <string_view>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/model.hpp"

namespace lincheck::testing {

struct RandomModelHistoryOptions {
    int processes = 3;
    int operations = 6;
    int values = 3;  // updates carry 0 .. values-1 (counter adds 1 .. values; kv appends "0," ...)
    double info_rate = 0.1;
    double fail_rate = 0.05;  // an op that did not take effect, logged as fail
    double pending_rate = 0.05;
    double corrupt_rate = 0.4;
    bool reuse_process_after_info = false;
    // kv only: mostly appends of pieces never used before and gets, few puts, and a corrupted get
    // sees the appends in another order, one missing or one too many — histories like Porcupine's kv
    // tests, where every order of the appends is a different state.
    bool kv_append_heavy = false;
};

struct RandomModelHistory {
    std::vector<Event> events;
    bool corrupted = false;  // false: linearizable by construction
};

// `model` is a registry name (an unknown one gives no events). The simulated object starts where the
// model given `model_options` starts (its `initial`; kv's starting value of every key). Ops of a model
// that keeps keys apart (kv) name one of one or two keys.
RandomModelHistory random_model_history(std::string_view model, const ModelOptions& model_options,
                                        std::mt19937_64& rng, const RandomModelHistoryOptions& options);

}  // namespace lincheck::testing
