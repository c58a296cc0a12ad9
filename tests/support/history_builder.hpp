#pragma once
// Terse histories for tests: H().invoke(0, "write", 3).ok(0, "write", 3).invoke(1, "read").ok(1, "read", 3)
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"

namespace lincheck::testing {

inline Value I(std::int64_t i) { return Value::integer(i); }
inline Value L(std::initializer_list<Value> items) { return Value::list(items); }

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

    std::vector<Event> events() const { return events_; }
    std::vector<Operation> ops() const { return pair_events(events_); }

    Verdict check(const std::string& model = "cas-register", const ModelOptions& options = {}) const {
        const auto m = make_model(model, options);
        return check_history(*m, ops()).verdict;
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
        events_.push_back(std::move(e));
        return *this;
    }
    std::vector<Event> events_;
};

}  // namespace lincheck::testing
