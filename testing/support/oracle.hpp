#pragma once
// The brute-force oracle the fast search is compared with. It follows the definition and nothing else:
// try every order of every subset of the operations that contains all completed ones, keep the orders
// that respect real time (an op that returned before another was invoked comes first), and ask the
// model for each step. No memoisation, no dropping, no symmetry: exponential, for tiny histories only.
#include <span>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/model.hpp"

namespace lincheck::testing {

bool oracle_linearizable(const Model& model, std::span<const Operation> ops);

// From any of `initial` states.
bool oracle_linearizable_from(const Model& model, std::span<const Operation> ops, const std::vector<Value>& initial);

// Every state a legal linearization (of all completed ops and any of the others) can end in.
std::vector<Value> oracle_final_states(const Model& model, std::span<const Operation> ops);

// The states before ops[x] (lincheck/window.hpp, states_before), by enumeration: every sequence of
// distinct operations invoked before ops[x] completed (ops[x] itself excluded), each one allowed by the
// model and placed only after every operation that returned before it was invoked, that contains every
// operation that returned before ops[x] was invoked. Operations still running when ops[x] completed are
// indeterminate here. The states those sequences end in, sorted.
std::vector<Value> oracle_states_before(const Model& model, std::span<const Operation> ops, std::size_t x);

// True when `order` (indices into ops) is a legal linearization: contains every completed op, respects
// real time, and every step is allowed by the model from its initial state.
bool is_legal_linearization(const Model& model, std::span<const Operation> ops, std::span<const std::size_t> order);

// The oracle has no bound of its own. While an OracleStepLimit lives (on this thread), the oracle
// functions throw OracleGaveUp after that many model steps: the fuzz targets use it to skip a
// comparison the oracle cannot finish in time, rather than report a hang of their own making.
struct OracleGaveUp {};
class OracleStepLimit {
public:
    explicit OracleStepLimit(std::size_t steps);
    ~OracleStepLimit();
    OracleStepLimit(const OracleStepLimit&) = delete;
    OracleStepLimit& operator=(const OracleStepLimit&) = delete;

private:
    std::size_t saved_;
};

}  // namespace lincheck::testing
