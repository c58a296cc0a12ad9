// PiecePairer: a history cut into pieces anywhere, each piece paired on its own and the pieces joined,
// gives what pairing it whole gives (operations, failed ones, counts, the first error with its message
// and position), and what a plain one-event-at-a-time reference pairing gives.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>

#include "lincheck/internal/piece_pairer.hpp"
#include "support/same_operation.hpp"

namespace lincheck {
namespace {

// Events of a few processes; now and then one breaks a pairing rule (an invoke on a busy process, a
// completion with no invoke, another f or another key).
std::vector<Event> random_events(std::mt19937_64& rng, int count, double broken_rate) {
    std::vector<Event> events;
    std::map<std::int64_t, Event> open;  // process -> its invoke
    std::uniform_real_distribution<double> chance(0, 1);
    const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const bool keyed = chance(rng) < 0.5;
    for (int i = 0; i < count; ++i) {
        const std::int64_t process = pick(4) == 0 ? 1'000'000 + pick(3) : pick(4);
        Event e;
        e.process = process;
        const auto it = open.find(process);
        const bool broken = chance(rng) < broken_rate;
        if (it == open.end() && !broken && pick(8) == 0) {  // a client's log event: an orphan info
            e.type = EventType::info;
            e.f = "log";
        } else if ((it == open.end()) != broken) {  // an invoke (on a busy process, if broken)
            e.type = EventType::invoke;
            e.f = pick(2) ? "read" : "write";
            if (e.f == "write") e.value = Value::integer(pick(3));
            e.has_value = e.f == "write" || pick(2);  // a read's invoke with a nil value or none
            if (keyed) e.key = Value::integer(pick(2));
            if (it == open.end()) open.emplace(process, e);
        } else {
            const EventType types[] = {EventType::ok, EventType::ok, EventType::fail, EventType::info, EventType::pending};
            e.type = types[pick(5)];
            if (it != open.end()) {
                e.f = it->second.f;
                if (keyed && pick(2)) e.key = it->second.key;
                if (broken) {  // broken and open: another f or another key
                    if (keyed && pick(2)) e.key = Value::integer(7);
                    else e.f = "cas";
                }
                open.erase(it);
            } else {
                e.f = "read";  // a completion with no invoke
            }
            e.has_value = e.type == EventType::ok && pick(3) != 0;
            if (e.has_value) e.value = pick(4) == 0 ? Value::nil() : Value::integer(pick(3));
        }
        e.pos.line = static_cast<std::uint32_t>(i + 1);
        e.pos.column = 1;
        e.pos.event_index = static_cast<std::uint64_t>(i + 1);
        events.push_back(std::move(e));
    }
    return events;
}

struct Paired {
    std::vector<Operation> ops;
    std::vector<Operation> failed;
    std::size_t events = 0, failed_dropped = 0, indeterminate = 0, orphan_info = 0;
    std::optional<std::string> error;
    SourcePos error_pos;
};

// Cut before each of `cuts` (ascending event indices), positions made relative to each piece.
Paired pair_in_pieces(const std::vector<Event>& events, const std::vector<std::size_t>& cuts, unsigned threads) {
    Paired out;
    try {
        PiecePairer pairer;
        std::size_t begin = 0;
        for (std::size_t c = 0; c <= cuts.size(); ++c) {
            const std::size_t end = c < cuts.size() ? cuts[c] : events.size();
            std::vector<Event> piece(events.begin() + static_cast<std::ptrdiff_t>(begin),
                                     events.begin() + static_cast<std::ptrdiff_t>(end));
            for (Event& e : piece) {
                e.pos.line -= static_cast<std::uint32_t>(begin);
                e.pos.event_index -= begin;
            }
            pairer.add(PiecePairer::pre_pair(std::move(piece)), {static_cast<std::uint32_t>(begin), begin});
            begin = end;
        }
        PairingStats stats;
        OperationRuns failed;
        for (auto& run : pairer.finish_runs(&stats, failed, threads)) {
            EXPECT_FALSE(run.empty());
            out.ops.insert(out.ops.end(), run.begin(), run.end());
        }
        for (auto& run : failed) out.failed.insert(out.failed.end(), run.begin(), run.end());
        out.events = stats.events;
        out.failed_dropped = stats.failed_dropped;
        out.indeterminate = stats.indeterminate;
        out.orphan_info = stats.orphan_info;
    } catch (const InputError& e) {
        out = Paired{};
        out.error = e.what();
        out.error_pos = e.pos();
    }
    return out;
}

// The plain way, one event at a time; the error is only its position.
Paired reference(const std::vector<Event>& events) {
    Paired out;
    std::map<std::int64_t, std::size_t> open;  // process -> index in `all`
    std::vector<Operation> all;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        const auto it = open.find(e.process);
        const auto fail = [&] {
            out = Paired{};
            out.error = "";
            out.error_pos = e.pos;
            return out;
        };
        if (e.type == EventType::invoke) {
            if (it != open.end()) return fail();
            Operation op;
            op.process = e.process;
            op.f = e.f;
            op.value = e.value;
            op.value_missing = !e.has_value;
            op.key = e.key;
            op.outcome = Outcome::pending;
            op.call = i;
            op.invoke_pos = e.pos;
            open[e.process] = all.size();
            all.push_back(op);
            continue;
        }
        if (it == open.end() && e.type == EventType::info) {
            ++out.orphan_info;
            continue;
        }
        if (it == open.end()) return fail();
        Operation& op = all[it->second];
        if (op.f != e.f || (e.key && op.key && !(*e.key == *op.key))) return fail();
        open.erase(it);
        if (e.key && !op.key) op.key = e.key;
        op.complete_pos = e.pos;
        if (e.type == EventType::ok) {
            op.outcome = Outcome::ok;
            op.ret = i;
            if (e.has_value) {
                op.completion_differs = !op.value_missing && !(e.value == op.value);
                op.value = e.value;
                op.value_missing = false;
            }
        } else {
            op.outcome = e.type == EventType::fail ? Outcome::failed : e.type == EventType::info ? Outcome::info : Outcome::pending;
            if (e.type == EventType::fail) op.ret = i;  // placed at its `fail`, for pictures
        }
    }
    for (Operation& op : all) {
        if (op.outcome == Outcome::failed) {
            out.failed.push_back(op);
            continue;
        }
        if (!op.completed()) ++out.indeterminate;
        out.ops.push_back(op);
    }
    out.events = events.size();
    out.failed_dropped = out.failed.size();
    return out;
}

using testing::same_operation;
using testing::same_pos;

void expect_same_ops(const std::vector<Operation>& a, const std::vector<Operation>& b, const std::string& what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same_operation(a[i], b[i])) << what << ", operation " << i;
}

TEST(PairingPieces, AnyCutGivesWhatPairingWholeGives) {
    std::mt19937_64 rng(20261125);
    int broken = 0;
    for (int round = 0; round < 3000; ++round) {
        const int count = 1 + static_cast<int>(rng() % 40);
        const auto events = random_events(rng, count, round % 3 == 0 ? 0.0 : 0.03);
        const Paired whole = pair_in_pieces(events, {}, 1);
        const Paired plain = reference(events);
        const std::string where = "round " + std::to_string(round);
        ASSERT_EQ(whole.error.has_value(), plain.error.has_value()) << where << (whole.error ? ": " + *whole.error : "");
        if (whole.error) {
            ++broken;
            EXPECT_TRUE(same_pos(whole.error_pos, plain.error_pos)) << where << ": " << *whole.error;
        } else {
            expect_same_ops(whole.ops, plain.ops, where);
            expect_same_ops(whole.failed, plain.failed, where + ", failed");
            EXPECT_EQ(whole.indeterminate, plain.indeterminate) << where;
            EXPECT_EQ(whole.failed_dropped, plain.failed_dropped) << where;
            EXPECT_EQ(whole.events, plain.events) << where;
            EXPECT_EQ(whole.orphan_info, plain.orphan_info) << where;
        }
        for (int cutting = 0; cutting < 4; ++cutting) {
            std::vector<std::size_t> cuts;
            for (int i = 1; i < count; ++i) {
                if (rng() % 4 == 0) cuts.push_back(static_cast<std::size_t>(i));
            }
            if (cutting == 3) cuts.insert(cuts.begin(), 0);  // an empty first piece
            const Paired pieces = pair_in_pieces(events, cuts, 1 + cutting % 2);
            const std::string at = where + ", cutting " + std::to_string(cutting);
            ASSERT_EQ(pieces.error, whole.error) << at;
            if (whole.error) {
                EXPECT_TRUE(same_pos(pieces.error_pos, whole.error_pos)) << at;
                continue;
            }
            expect_same_ops(pieces.ops, whole.ops, at);
            expect_same_ops(pieces.failed, whole.failed, at + ", failed");
            EXPECT_EQ(pieces.indeterminate, whole.indeterminate) << at;
            EXPECT_EQ(pieces.failed_dropped, whole.failed_dropped) << at;
            EXPECT_EQ(pieces.events, whole.events) << at;
            EXPECT_EQ(pieces.orphan_info, whole.orphan_info) << at;
        }
    }
    EXPECT_GT(broken, 300);  // the rules are exercised, not only the happy path
}

}  // namespace
}  // namespace lincheck
