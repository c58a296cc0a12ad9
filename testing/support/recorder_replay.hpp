#pragma once
// A history of events recorded again through lincheck::Recorder, as a simulator would record it: for
// differential tests of the Recorder's checks against check_history (tests/recorder_differential_test.cpp,
// fuzz_checker); and which histories the Recorder's small path must settle itself when linearizable.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "lincheck/history.hpp"
#include "lincheck/recorder.hpp"

namespace lincheck::testing {

// Replaces `rec`'s history with `events`. A process that invokes while its earlier operation is still
// open (it was left pending) is recorded under a fresh id, as the Recorder requires; the events must
// otherwise pair (every completion follows an invoke of its process).
inline void replay(const std::vector<Event>& events, Recorder& rec) {
    rec.reset();
    std::map<std::int64_t, OpId> open;       // by the log's process: its latest operation
    std::map<std::int64_t, OpId> latest_as;  // by the Recorder's process: its latest operation
    std::int64_t fresh = 1000000;
    for (const Event& e : events) {
        if (e.type == EventType::invoke) {
            // The log's process id, unless an operation recorded under it is still open (left pending).
            std::int64_t as = e.process;
            while (latest_as.count(as) && rec.is_open(latest_as[as])) as = fresh++;
            const OpId id = e.key ? rec.invoke(as, e.f, Datum(*e.key), Datum(e.value)) : rec.invoke(as, e.f, Datum(e.value));
            open[e.process] = id;
            latest_as[as] = id;
            continue;
        }
        const auto at = open.find(e.process);
        if (at == open.end() || !rec.is_open(at->second)) continue;  // nothing open to complete
        const OpId id = at->second;
        switch (e.type) {
            case EventType::ok:
                if (e.has_value) rec.ok(id, Datum(e.value));
                else rec.ok(id);
                break;
            case EventType::fail: rec.fail(id); break;
            case EventType::info: rec.info(id); break;
            case EventType::pending:
            case EventType::invoke: break;  // stays open
        }
    }
}

// A value or key the Recorder's records hold inline: nil, an integer, or a pair of integers.
inline bool held_inline(const Value& v) {
    return v.is_nil() || v.is_integer() ||
           (v.is_list() && v.size() == 2 && v.items()[0].is_integer() && v.items()[1].is_integer());
}

// Whether the Recorder's small path takes the history `ops` (pair_events of what was replayed; else it
// leaves it to check_history): every
// operation's value held inline, its key (if any) nil or an integer, and at most 64 operations per
// key once the indeterminate queries (which constrain nothing) are left out.
inline bool small_path_takes(const Model& model, const std::vector<Operation>& ops) {
    std::map<std::optional<Value>, int> per_key;
    for (const Operation& op : ops) {
        if (!held_inline(op.value)) return false;
        if (op.key && !(op.key->is_nil() || op.key->is_integer())) return false;
        if (!op.completed() && model.is_query(op)) continue;
        if (++per_key[op.key] > 64) return false;
    }
    return true;
}

}  // namespace lincheck::testing
