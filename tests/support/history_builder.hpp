#pragma once
// Terse histories for tests: H().invoke(0, "write", 3).ok(0, "write", 3).invoke(1, "read").ok(1, "read", 3)
#include <optional>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"

namespace lincheck::testing {

inline Value I(std::int64_t i) { return Value::integer(i); }
inline Value L(std::initializer_list<Value> items) { return Value::list(items); }
inline Value S(std::string s) { return Value::string(std::move(s)); }
inline Value K(std::string name) { return Value::keyword(std::move(name)); }

class H {
public:
    H& invoke(std::int64_t p, std::string f, Value v = {}) { return add(p, EventType::invoke, std::move(f), std::move(v)); }
    H& ok(std::int64_t p, std::string f, Value v = {}) { return add(p, EventType::ok, std::move(f), std::move(v)); }
    H& fail(std::int64_t p, std::string f, Value v = {}) { return add(p, EventType::fail, std::move(f), std::move(v)); }
    H& info(std::int64_t p, std::string f, Value v = Value::keyword("timed-out")) {
        return add(p, EventType::info, std::move(f), std::move(v));
    }
    H& pending(std::int64_t p, std::string f) { return add(p, EventType::pending, std::move(f), {}); }
    // Completion without a value field (the invoke's value stands).
    H& ok_bare(std::int64_t p, std::string f) {
        add(p, EventType::ok, std::move(f), {});
        events_.back().has_value = false;
        return *this;
    }

    // Events added from now on name key `k` (a keyed history).
    H& key(Value k) {
        key_ = std::move(k);
        return *this;
    }

    std::vector<Event> events() const { return events_; }
    std::vector<Operation> ops() const { return pair_events(events_); }

    Verdict check(const std::string& model = "cas-register", const ModelOptions& options = {}) const {
        const auto m = make_model(model, options);
        return check_history(*m, ops()).verdict;
    }
    // The message of the InputError that checking throws; "" when it throws none.
    std::string error(const std::string& model = "cas-register", const ModelOptions& options = {}) const {
        try {
            check(model, options);
        } catch (const InputError& e) {
            return e.what();
        }
        return "";
    }

private:
    H& add(std::int64_t p, EventType t, std::string f, Value v) {
        Event e;
        e.process = p;
        e.type = t;
        e.f = std::move(f);
        e.value = std::move(v);
        e.has_value = true;
        e.pos.line = static_cast<std::uint32_t>(events_.size() + 1);
        e.pos.event_index = events_.size() + 1;
        e.key = key_;
        events_.push_back(std::move(e));
        return *this;
    }
    std::vector<Event> events_;
    std::optional<Value> key_;
};

// `writes` concurrent writes of 0..writes-1 (processes 0..writes-1), then a read of `read` by process
// 100. With a value no write wrote, the read is hopeless at once (Model::query_pruning); the plain
// search tries the 2^writes sets of writes first.
inline H concurrent_writes_then_read(int writes, std::int64_t read) {
    H h;
    for (int p = 0; p < writes; ++p) h.invoke(p, "write", I(p));
    for (int p = 0; p < writes; ++p) h.ok(p, "write", I(p));
    h.invoke(100, "read").ok(100, "read", I(read));
    return h;
}

// A register history far beyond any small limit: 30 concurrent writes of 0..29, then reads of 0 and
// of 1, one after the other. Not linearizable (no write comes between the reads), but the search
// learns it only after trying the orders of the other 28 writes: the reads are hopeless
// (Model::query_pruning) only once both writes 0 and 1 are placed. (A single read of a value nobody
// wrote, the hard history before, is hopeless at once.)
inline H hard_register_history() {
    H h;
    for (int p = 0; p < 30; ++p) h.invoke(p, "write", I(p));
    for (int p = 0; p < 30; ++p) h.ok(p, "write", I(p));
    h.invoke(100, "read").ok(100, "read", I(0));
    h.invoke(100, "read").ok(100, "read", I(1));
    return h;
}

}  // namespace lincheck::testing
