#pragma once
// The fuzz targets' entry functions, shared by the libFuzzer targets in fuzz/ and by
// tests/fuzz_regressions_test.cpp, which replays every input in fuzz/regressions/<target>/ through them.
//
// Contract: an entry function returns normally for any input. Bad input is fine — readers, pairing and
// validation throw InputError, which is caught here — but anything else escaping (another exception, a
// crash, a sanitizer report) is a bug. A broken invariant throws `Bug`, which nothing catches: libFuzzer
// reports it as a crash (std::terminate) and the regression test as a failure.
//
// Invariants checked beyond "no crash":
//  - every InputError from the readers carries a line and column inside the text;
//  - a forced format is the format read;
//  - (fuzz_json, fuzz_jsonl) the simdjson fast path reads exactly the events the nlohmann path reads, or
//    declines (tests/support/json_paths.hpp), as a JSON array and as JSON Lines alike;
//  - the search never contradicts the brute-force oracle (tests/support/oracle.hpp) on a partition small
//    enough for it, with or without limits: a limit may only turn an answer into `unknown`;
//  - (fuzz_jepsen_txt, fuzz_jepsen_log_2016) reading the text in pieces of whole lines, cut where the
//    streaming reader may cut, gives the events (positions included) or the first error reading it
//    whole gives;
//  - pairing the events in pieces (of 1, 3 and 7 events) gives what pairing them whole gives, errors
//    included (PiecePairer, as the streaming reader uses it);
//  - (fuzz_checker) a witness linearization is legal, a counterexample names a completed operation, and
//    the smallest failing window matches its definition, re-derived with the oracle.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/explain.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/models.hpp"
#include "lincheck/internal/piece_pairer.hpp"
#include "lincheck/recorder.hpp"
#include "lincheck/window.hpp"
#include "support/json_paths.hpp"
#include "support/oracle.hpp"
#include "support/recorder_replay.hpp"
#include "support/same_operation.hpp"
#include "support/window_oracle.hpp"

namespace lincheck::fuzz {

// A broken invariant: never caught, so the fuzzer stops on it.
class Bug : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

namespace detail {

// Partitions with at most this many operations are also checked by the brute-force oracle.
inline constexpr std::size_t kOracleMaxOps = 7;

inline std::string dump(std::span<const Operation> ops) {
    std::string out;
    for (const Operation& op : ops) {
        out += "  p" + std::to_string(op.process) + " " + op.f + " " + op.value.to_string() +
               (op.key ? " key " + op.key->to_string() : "") + " " + std::string(to_string(op.outcome)) + " [" +
               std::to_string(op.call) + ", " + (op.ret == kNever ? std::string("inf") : std::to_string(op.ret)) +
               "]\n";
    }
    return out;
}

inline void require(bool ok, const std::string& what, std::span<const Operation> ops = {}) {
    if (!ok) throw Bug(what + (ops.empty() ? "" : ":\n" + dump(ops)));
}

inline std::size_t count_lines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// A reader's InputError must say where: a line and column inside the text.
inline void require_position(const InputError& e, std::string_view text) {
    const SourcePos& pos = e.pos();
    require(pos.line >= 1 && pos.line <= count_lines(text) && pos.column >= 1,
            "InputError without a position inside the text (line " + std::to_string(pos.line) + ", column " +
                std::to_string(pos.column) + "): " + e.what());
}

inline CheckLimits small_limits() {
    CheckLimits limits;
    limits.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
    limits.memory_limit_bytes = std::size_t{32} << 20;
    return limits;
}

// Explains a failing partition as the CLI does (window, hints, the text report), for coverage.
inline void explain_failure_of(const Model& model, const PartitionResult& partition,
                               std::span<const Operation> failed, Value::Notation notation) {
    std::vector<Operation> mine;
    for (const Operation& op : failed) {
        if (op.key == partition.key) mine.push_back(op);
    }
    const Explanation explanation = explain(model, partition, mine, small_limits());
    (void)render_failure(model, partition, explanation, notation);
    (void)explain_failure(model, partition, notation);
}

// Pairs `events` cut into pieces of `every` events (positions made relative to each piece, as the
// streaming reader makes them), or throws the InputError that pairing gives.
inline std::vector<Operation> pair_in_pieces(const std::vector<Event>& events, std::size_t every,
                                             PairingStats& stats, std::vector<Operation>& failed) {
    PiecePairer pairer;
    std::size_t begin = 0;
    do {  // an empty history is one empty piece
        const std::size_t end = std::min(events.size(), begin + every);
        std::vector<Event> piece(events.begin() + static_cast<std::ptrdiff_t>(begin),
                                 events.begin() + static_cast<std::ptrdiff_t>(end));
        // The piece's lowest line and event index become 1 (0 stays "unknown").
        PiecePairer::Offset offset;
        std::uint32_t lowest_line = 0;
        std::uint64_t lowest_index = 0;
        for (const Event& e : piece) {
            if (e.pos.line != 0 && (lowest_line == 0 || e.pos.line < lowest_line)) lowest_line = e.pos.line;
            if (e.pos.event_index != 0 && (lowest_index == 0 || e.pos.event_index < lowest_index)) lowest_index = e.pos.event_index;
        }
        if (lowest_line > 0) offset.lines = lowest_line - 1;
        if (lowest_index > 0) offset.events = lowest_index - 1;
        for (Event& e : piece) {
            if (e.pos.line != 0) e.pos.line -= offset.lines;
            if (e.pos.event_index != 0) e.pos.event_index -= offset.events;
        }
        pairer.add(PiecePairer::pre_pair(std::move(piece)), offset);
        begin = end;
    } while (begin < events.size());
    OperationRuns failed_runs;
    std::vector<Operation> ops;
    for (auto& run : pairer.finish_runs(&stats, failed_runs, 2)) ops.insert(ops.end(), run.begin(), run.end());
    for (auto& run : failed_runs) failed.insert(failed.end(), run.begin(), run.end());
    return ops;
}

// Pairing the events whole and in pieces gives the same operations, failed ones, counts and errors.
inline void require_pairing_in_pieces(const std::vector<Event>& events) {
    using testing::same_pos;
    const auto same_ops = [](const std::vector<Operation>& a, const std::vector<Operation>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), testing::same_operation);
    };
    PairingStats whole_stats;
    std::vector<Operation> whole;
    std::optional<InputError> whole_error;
    try {
        whole = pair_events(events, {}, &whole_stats);
    } catch (const InputError& e) {
        whole_error = e;
    }
    for (const std::size_t every : {std::size_t{1}, std::size_t{3}, std::size_t{7}}) {
        PairingStats stats;
        std::vector<Operation> failed;
        try {
            const std::vector<Operation> ops = pair_in_pieces(events, every, stats, failed);
            require(!whole_error, "pairing in pieces of " + std::to_string(every) + " found no error");
            require(same_ops(ops, whole) && same_ops(failed, whole_stats.failed) && stats.events == whole_stats.events &&
                        stats.failed_dropped == whole_stats.failed_dropped &&
                        stats.indeterminate == whole_stats.indeterminate,
                    "pairing in pieces of " + std::to_string(every) + " differs from pairing whole", ops);
        } catch (const InputError& e) {
            require(whole_error && std::string(e.what()) == whole_error->what() && same_pos(e.pos(), whole_error->pos()),
                    "pairing in pieces of " + std::to_string(every) + ": " + e.what() + " (whole: " +
                        (whole_error ? whole_error->what() : std::string("no error")) + ")");
        }
    }
}

// Pairs, validates and checks what a reader produced; compares small partitions with the oracle.
inline void check_read(formats::ReadResult read, std::string_view model_name, const ModelOptions& model_options) {
    // Every event timed: in time order too (--order=time), on a copy.
    if (!read.events.empty() &&
        std::all_of(read.events.begin(), read.events.end(), [](const Event& e) { return e.time.has_value(); })) {
        PairingOptions by_time;
        by_time.order_by_time = true;
        try {
            const std::vector<Operation> ops = pair_events(read.events, by_time);
            const auto model = make_model(model_name.empty() ? guess_model(ops).name : model_name, model_options);
            HistoryOptions options;
            options.jobs = 1;
            (void)check_history(*model, ops, small_limits(), options);
        } catch (const InputError&) {
        }
    }
    require_pairing_in_pieces(read.events);
    PairingStats pairing;
    std::vector<Operation> ops;
    std::unique_ptr<Model> model;
    try {
        ops = pair_events(std::move(read.events), {}, &pairing);
        model = make_model(model_name.empty() ? guess_model(ops).name : model_name, model_options);
        require(model != nullptr, "no model named " + std::string(model_name));
        validate_operations(*model, ops);
    } catch (const InputError&) {
        return;  // bad input, reported with a position (pairing and validation name the event)
    }
    HistoryOptions options;
    options.jobs = 1;
    options.all_failures = true;
    HistoryResult result;
    try {
        result = check_history(*model, ops, small_limits(), options);
    } catch (const InputError&) {
        return;  // e.g. keyed and unkeyed operations mixed
    }
    for (const PartitionResult& partition : result.partitions) {
        const Verdict verdict = partition.result.verdict;
        if (verdict == Verdict::unknown) {
            require(!partition.result.unknown_reason.empty(), "unknown without a reason", partition.ops);
            continue;
        }
        if (partition.ops.size() <= kOracleMaxOps) {
            const bool expected = testing::oracle_linearizable(*model, partition.ops);
            require((verdict == Verdict::linearizable) == expected,
                    std::string("search says ") + std::string(to_string(verdict)) + ", the oracle " +
                        (expected ? "linearizable" : "not linearizable") + " (model " + std::string(model->name()) + ")",
                    partition.ops);
        }
        if (verdict == Verdict::not_linearizable) explain_failure_of(*model, partition, pairing.failed, read.notation);
    }
}

}  // namespace detail

// One reader target: `text` read with `format` forced (strict, then with allow_truncated), and with
// the format detected; each history that parses is checked. `model` empty: guessed, as the CLI does.
inline void read_and_check(std::string_view text, formats::Format format, std::string_view model = {},
                           formats::KeyConvention keys = formats::KeyConvention::detect) {
    formats::ReadOptions options;
    options.format = format;
    options.independent = keys;
    bool checked = false;
    for (const bool allow_truncated : {false, true}) {
        options.allow_truncated = allow_truncated;
        try {
            formats::ReadResult read = formats::read_history(text, options);
            detail::require(read.format == format, "forced format " + std::string(to_string(format)) + " read as " +
                                                       std::string(to_string(read.format)));
            if (!checked) detail::check_read(std::move(read), model, {});
            checked = true;
        } catch (const InputError& e) {
            detail::require_position(e, text);
        }
    }
    options.format = formats::Format::detect;
    options.allow_truncated = false;
    try {
        formats::ReadResult read = formats::read_history(text, options);
        if (read.format != format) detail::check_read(std::move(read), model, {});
    } catch (const InputError& e) {
        detail::require_position(e, text);
    }
}

// Reading a line-based history cut into pieces of whole lines (where the format allows a cut, as the
// streaming reader cuts it), each piece read on its own with positions shifted by what comes before,
// gives the events reading it whole gives, or an error at the same place.
inline void require_reading_in_pieces(std::string_view text, formats::Format format) {
    formats::ReadOptions options;
    options.format = format;
    // Keys are not what is compared here: with `auto` a piece may look keyed where the whole does not
    // (the streaming reader takes the first piece's convention for the rest).
    options.independent = formats::KeyConvention::none;
    std::optional<formats::ReadResult> whole;
    SourcePos whole_error;
    try {
        whole = formats::read_history(text, options);
    } catch (const InputError& e) {
        whole_error = e.pos();
    }
    // Where a piece may begin: after a newline, before a line the format may be cut before.
    std::vector<std::size_t> cuts;
    for (std::size_t i = text.find('\n'); i != std::string_view::npos && i + 1 < text.size(); i = text.find('\n', i + 1)) {
        std::size_t end = text.find('\n', i + 1);
        if (end == std::string_view::npos) end = text.size();
        if (formats::may_cut_before(format, text.substr(i + 1, end - i - 1))) cuts.push_back(i + 1);
    }
    for (const std::size_t every : {1, 2, 5}) {
        std::vector<Event> events;
        std::size_t begin = 0;
        std::uint32_t lines_before = 0;
        std::uint64_t events_before = 0;
        std::optional<SourcePos> error;
        for (std::size_t c = every - 1; !error && begin < text.size(); c += every) {
            const std::size_t end = c < cuts.size() ? cuts[c] : text.size();
            const std::string_view piece = text.substr(begin, end - begin);
            try {
                formats::ReadResult read = formats::read_history(piece, options);
                for (Event& e : read.events) {
                    e.pos = shifted(e.pos, {lines_before, events_before});
                    events.push_back(std::move(e));
                }
                events_before += read.events.size() + read.skipped_non_client;
            } catch (const InputError& e) {
                error = shifted(e.pos(), {lines_before, events_before});
            }
            lines_before += static_cast<std::uint32_t>(std::count(piece.begin(), piece.end(), '\n'));
            begin = end;
        }
        const std::string where = "reading in pieces of " + std::to_string(every) + " lines";
        if (!whole) {
            detail::require(error.has_value(), where + " found no error (whole: line " + std::to_string(whole_error.line) + ")");
            detail::require(error->line == whole_error.line && error->column == whole_error.column,
                    where + ": the error is at " + std::to_string(error->line) + ":" + std::to_string(error->column) +
                        ", whole at " + std::to_string(whole_error.line) + ":" + std::to_string(whole_error.column));
            continue;
        }
        detail::require(!error, where + ": an error at line " + std::to_string(error ? error->line : 0) + " that whole has not");
        detail::require(events.size() == whole->events.size(), where + ": another number of events");
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event& a = events[i];
            const Event& b = whole->events[i];
            detail::require(a.process == b.process && a.type == b.type && a.f == b.f && a.has_value == b.has_value &&
                        a.value == b.value && a.pos.line == b.pos.line && a.pos.column == b.pos.column &&
                        a.pos.event_index == b.pos.event_index,
                    where + ": event " + std::to_string(i) + " differs: " + describe(a.pos) + " " + a.f + " " +
                        a.value.to_string() + " against " + describe(b.pos) + " " + b.f + " " + b.value.to_string());
        }
    }
}

// A line-based reader target: read_and_check, and reading in pieces.
inline void read_lines_and_check(std::string_view text, formats::Format format) {
    require_reading_in_pieces(text, format);
    read_and_check(text, format);
}

// fuzz_jepsen_log_2016: every line of the input as the op text of Jepsen's file log since 2016.
inline std::string in_2016_log_layout(std::string_view data) {
    std::string text;
    std::size_t begin = 0;
    while (begin <= data.size()) {
        std::size_t end = data.find('\n', begin);
        if (end == std::string_view::npos) end = data.size();
        text += "2023-05-01 10:00:00,001{GMT}\tINFO\t[jepsen worker 0] jepsen.util: ";
        text += data.substr(begin, end - begin);
        if (end < data.size()) text += '\n';
        begin = end + 1;
    }
    return text;
}

// ---------------------------------------------------------------------------------------------------
// fuzz_checker: bytes → a small history (at most 8 operations) for one of several models → the search
// compared with the brute-force oracle, with and without limits.

namespace detail {

class Bytes {
public:
    explicit Bytes(std::string_view data) : data_(data) {}
    bool empty() const { return at_ >= data_.size(); }
    std::uint8_t next() { return empty() ? 0 : static_cast<std::uint8_t>(data_[at_++]); }
    // 0 .. n-1
    unsigned below(unsigned n) { return next() % n; }

private:
    std::string_view data_;
    std::size_t at_ = 0;
};

enum class FuzzModel : std::uint8_t {
    register_, cas_register, counter, set, fifo_queue, unordered_queue, mutex, kv, multi_register, count
};

inline std::string_view model_name(FuzzModel m) {
    switch (m) {
        case FuzzModel::register_: return "register";
        case FuzzModel::cas_register: return "cas-register";
        case FuzzModel::counter: return "counter";
        case FuzzModel::set: return "set";
        case FuzzModel::fifo_queue: return "fifo-queue";
        case FuzzModel::unordered_queue: return "unordered-queue";
        case FuzzModel::mutex: return "mutex";
        case FuzzModel::kv: return "kv";
        case FuzzModel::multi_register: return "multi-register";
        case FuzzModel::count: break;
    }
    return "register";
}

// A small value: nil sometimes, else 0..2.
inline Value small_int(Bytes& b, bool may_be_nil) {
    const unsigned v = b.below(may_be_nil ? 4 : 3);
    return v == 3 ? Value::nil() : Value::integer(v);
}

inline Value small_string(Bytes& b) {
    static constexpr std::string_view kStrings[] = {"", "a", "b", "ab", "ba", "aa"};
    return Value::string(std::string(kStrings[b.below(6)]));
}

inline Value subset_list(Bytes& b) {
    const unsigned bits = b.below(9);  // 8: nil
    if (bits == 8) return Value::nil();
    std::vector<Value> items;
    for (unsigned i = 0; i < 3; ++i) {
        if (bits & (1u << i)) items.push_back(Value::integer(i));
    }
    return Value::list(std::move(items));
}

inline Value txn(Bytes& b) {
    std::vector<Value> micro;
    const unsigned n = 1 + b.below(2);
    for (unsigned i = 0; i < n; ++i) {
        const bool write = b.below(2) == 0;
        const Value reg = Value::string(b.below(2) == 0 ? "x" : "y");
        Value v = write ? Value::integer(b.below(3)) : Value::nil();
        micro.push_back(Value::list({Value::string(write ? "write" : "read"), reg, std::move(v)}));
    }
    return Value::list(std::move(micro));
}

struct Invocation {
    std::string f;
    Value value;
    bool has_value = true;
    std::optional<Value> key;
};

inline Invocation call(std::string f, Value value = Value::nil(), bool has_value = true) {
    Invocation inv;
    inv.f = std::move(f);
    inv.value = std::move(value);
    inv.has_value = has_value;
    return inv;
}

inline Invocation invocation(FuzzModel m, Bytes& b) {
    const unsigned pick = b.next();
    switch (m) {
        case FuzzModel::register_:
            return pick % 2 ? call("write", Value::integer(b.below(3))) : call("read", Value::nil(), false);
        case FuzzModel::cas_register:
            if (pick % 3 == 2) return call("cas", Value::list({Value::integer(b.below(3)), Value::integer(b.below(3))}));
            return pick % 3 ? call("write", Value::integer(b.below(3))) : call("read", Value::nil(), false);
        case FuzzModel::counter:
            return pick % 2 ? call("add", Value::integer(static_cast<int>(b.below(4)) - 1))
                            : call("read", Value::nil(), false);
        case FuzzModel::set:
            return pick % 2 ? call("add", Value::integer(b.below(3))) : call("read", Value::nil(), false);
        case FuzzModel::fifo_queue:
        case FuzzModel::unordered_queue:
            return pick % 2 ? call("enqueue", Value::integer(b.below(3)))
                            : call("dequeue", Value::nil(), false);
        case FuzzModel::mutex: return call(pick % 2 ? "acquire" : "release", Value::nil(), false);
        case FuzzModel::kv: {
            Invocation inv;
            inv.key = Value::integer(b.below(2));
            if (pick % 3 == 0) {
                inv.f = "get";
                inv.has_value = false;
            } else {
                inv.f = pick % 3 == 1 ? "put" : "append";
                inv.value = small_string(b);
            }
            return inv;
        }
        case FuzzModel::multi_register: return call("txn", txn(b));
        case FuzzModel::count: break;
    }
    return call("read", Value::nil(), false);
}

// The value an `ok` completion carries (has_value false: the invoke's value stands).
inline Value result(FuzzModel m, const Invocation& inv, Bytes& b, bool& has_value) {
    has_value = true;
    const bool reads = inv.f == "read" || inv.f == "get" || inv.f == "dequeue" || inv.f == "txn";
    if (!reads) {
        has_value = b.below(4) == 0;  // usually the invoke's value stands; sometimes the ok repeats it
        return inv.value;
    }
    switch (m) {
        case FuzzModel::set: return subset_list(b);
        case FuzzModel::kv: return b.below(5) == 0 ? Value::nil() : small_string(b);
        case FuzzModel::multi_register: {
            // The invoke's micro-ops, with results for the reads.
            std::vector<Value> micro;
            for (const Value& m : inv.value.items()) {
                const bool read = m.items()[0] == Value::string("read");
                micro.push_back(Value::list({m.items()[0], m.items()[1], read ? small_int(b, true) : m.items()[2]}));
            }
            return Value::list(std::move(micro));
        }
        case FuzzModel::counter: {
            const unsigned v = b.below(5);
            return v == 4 ? Value::nil() : Value::integer(static_cast<int>(v) - 1);
        }
        default: return small_int(b, true);
    }
}

inline ModelOptions model_options(FuzzModel m, unsigned bits) {
    ModelOptions options;
    options.nil_read_is_unknown = (bits & 1) != 0;
    if ((bits & 2) == 0) return options;
    switch (m) {
        case FuzzModel::register_:
        case FuzzModel::cas_register: options.initial = Value::integer(0); break;
        case FuzzModel::counter: options.initial = Value::integer(1); break;
        case FuzzModel::set: options.initial = Value::list({Value::integer(0)}); break;
        case FuzzModel::fifo_queue:
        case FuzzModel::unordered_queue: options.initial = Value::list({Value::integer(1), Value::integer(0)}); break;
        case FuzzModel::mutex: options.initial = Value::boolean(true); break;
        case FuzzModel::kv: options.initial = Value::nil(); break;
        case FuzzModel::multi_register:
            options.initial = Value::map({{Value::string("x"), Value::integer(0)}});
            break;
        case FuzzModel::count: break;
    }
    return options;
}

struct FuzzHistory {
    FuzzModel model = FuzzModel::register_;
    ModelOptions options;
    std::vector<Event> events;
};

inline constexpr int kMaxFuzzOps = 8;

inline FuzzHistory history_from_bytes(std::string_view data) {
    Bytes b(data);
    FuzzHistory h;
    h.model = static_cast<FuzzModel>(b.below(static_cast<unsigned>(FuzzModel::count)));
    h.options = model_options(h.model, b.next());
    const unsigned processes = 1 + b.below(4);
    std::vector<std::optional<Invocation>> open(processes);
    int invoked = 0;
    while (!b.empty()) {
        const unsigned pick = b.next();
        const unsigned p = pick % processes;
        Event e;
        e.process = p;
        if (!open[p]) {
            if (invoked == kMaxFuzzOps) {
                if (std::none_of(open.begin(), open.end(), [](const auto& o) { return o.has_value(); })) break;
                continue;
            }
            Invocation inv = invocation(h.model, b);
            e.type = EventType::invoke;
            e.f = inv.f;
            e.value = inv.value;
            e.has_value = inv.has_value;
            e.key = inv.key;
            open[p] = std::move(inv);
            ++invoked;
        } else {
            const Invocation& inv = *open[p];
            const unsigned outcome = (pick >> 2) % 8;  // ok 5/8, info, fail, pending 1/8 each
            e.f = inv.f;
            e.key = inv.key;
            if (outcome < 5) {
                e.type = EventType::ok;
                e.value = result(h.model, inv, b, e.has_value);
            } else {
                e.type = outcome == 5 ? EventType::info : outcome == 6 ? EventType::fail : EventType::pending;
                e.value = e.type == EventType::info ? Value::keyword("timed-out") : inv.value;
                e.has_value = e.type != EventType::pending;
            }
            open[p].reset();
        }
        e.pos.event_index = h.events.size() + 1;
        h.events.push_back(std::move(e));
    }
    return h;
}

using testing::window_fails;  // window.hpp's definition, re-derived with the oracle

// The window `w` found by lincheck against its definition, re-derived with the oracle.
inline void check_window_with_oracle(const Model& model, std::span<const Operation> ops, const FailureWindow& window) {
    const FailureWindow* w = &window;
    const std::size_t x = w->failing_op;
    require(x < ops.size() && ops[x].completed(), "the window's failing op is not a completed op", ops);
    require(window_fails(model, ops, x, 0), "the history up to the failing op's completion does not fail", ops);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].completed() && ops[i].ret < ops[x].ret) {
            require(!window_fails(model, ops, i, 0), "an earlier completion already fails", ops);
        }
    }
    if (w->states_before_known) {
        require(w->states_before == testing::oracle_states_before(model, ops, x),
                "the states before the failing op differ from the oracle's", ops);
    }
    if (w->failing_op_alone) {
        require(w->states_before_known && w->start_states == w->states_before && w->ops.size() == 1,
                "a window of the failing op alone does not start from the states before it", ops);
        std::vector<Value> next;
        for (const Value& s : w->states_before) model.step(s, ops[x], next);
        require(next.empty(), "the failing op alone can take effect in a state before it", ops);
        return;
    }
    std::vector<Value> start;
    require(window_fails(model, ops, x, w->cut, &start), "the window does not fail from its start states", ops);
    require(start == w->start_states, "the window's start states differ from the oracle's", ops);
    if (!w->minimal) return;
    std::optional<std::uint64_t> later;
    for (const Operation& op : ops) {
        if (op.call > w->cut && op.call <= ops[x].call && (!later || op.call < *later)) later = op.call;
    }
    if (later) require(!window_fails(model, ops, x, *later), "a later cut still fails: the window is not minimal", ops);
}

inline void check_window(const Model& model, std::span<const Operation> ops) {
    // Windows are searched from every start state the history before them allows: a few indeterminate
    // enqueues make that far more work than the check (fuzz/regressions/fuzz_checker/window-search-slow
    // took 1.5 s unbounded). Under a memory limit, no window is an allowed answer; a wrong one is not.
    CheckLimits limits;
    limits.memory_limit_bytes = std::size_t{16} << 20;
    const auto w = find_failure_window(model, ops, limits);
    if (!w) return;
    // The oracle has no memo and starts from every start state: bounded, so that a comparison it
    // cannot finish is skipped (fuzz/regressions/fuzz_checker/window-oracle-slow took it 15 s under
    // ASan) rather than reported as a hang of the harness's own making.
    try {
        testing::OracleStepLimit oracle_limit(300'000);
        check_window_with_oracle(model, ops, *w);
    } catch (const testing::OracleGaveUp&) {
    }
}

}  // namespace detail

inline void check_small_history(std::string_view data) {
    using namespace detail;
    const FuzzHistory h = history_from_bytes(data);
    const std::string name(model_name(h.model));
    const std::unique_ptr<Model> model = make_model(name, h.options);
    require(model != nullptr, "no model " + name);
    std::vector<Operation> ops;
    PairingStats pairing;
    try {
        ops = pair_events(h.events, {}, &pairing);
        validate_operations(*model, ops);
    } catch (const InputError& e) {
        throw Bug("the generator made an invalid history for " + name + ": " + e.what());
    }
    const bool expected = testing::oracle_linearizable(*model, ops);
    const std::string where = " (model " + name + (h.options.nil_read_is_unknown ? ", nil read unknown" : "") +
                              (h.options.initial ? ", initial " + h.options.initial->to_string() : "") + ")";

    // The search alone, without limits: exact.
    const CheckResult r = check_operations(*model, ops);
    require(r.verdict != Verdict::unknown, "unknown without limits" + where, ops);
    require((r.verdict == Verdict::linearizable) == expected,
            std::string("search says ") + std::string(to_string(r.verdict)) + ", the oracle " +
                (expected ? "linearizable" : "not linearizable") + where,
            ops);
    if (expected) {
        require(testing::is_legal_linearization(*model, ops, r.linearization),
                "the witness is not a legal linearization" + where, ops);
    } else {
        require(r.counterexample.has_value(), "no counterexample" + where, ops);
        require(r.counterexample->stuck_op < ops.size() && ops[r.counterexample->stuck_op].completed(),
                "the counterexample's op is not a completed op" + where, ops);
        require(!r.counterexample->states_before.empty(), "the counterexample has no states" + where, ops);
    }

    // Split by key (kv) and checked whole: the same verdict.
    HistoryOptions options;
    options.jobs = 1;
    options.all_failures = true;
    const HistoryResult split = check_history(*model, ops, {}, options);
    require((split.verdict == Verdict::linearizable) == expected && split.verdict != Verdict::unknown,
            "check_history says " + std::string(to_string(split.verdict)) + where, ops);

    // Recorded again through lincheck::Recorder, whose compact search (a second copy of the search,
    // recorder_fast.cpp) has the final word when it says linearizable: the same verdict, with a memo
    // made for this history (model by reference) and with one kept from earlier inputs (by name).
    static thread_local Recorder recorder;
    testing::replay(h.events, recorder);
    RecorderCheckOptions recorder_options;
    recorder_options.explain = false;
    for (const bool warm : {false, true}) {
        const RecorderReport report =
            warm ? recorder.check(name, h.options, recorder_options) : recorder.check(*model, recorder_options);
        require((report.verdict == Verdict::linearizable) == expected && report.verdict != Verdict::unknown,
                std::string("the Recorder (") + (report.fast ? "fast search" : "check_history") +
                    (warm ? ", memo kept from earlier histories" : "") + ") says " +
                    std::string(to_string(report.verdict)) + where,
                ops);
    }

    // Limits never lie: with a tiny memory budget or a deadline already passed, unknown or the truth.
    for (int round = 0; round < 2; ++round) {
        CheckLimits limits;
        if (round == 0) limits.memory_limit_bytes = 1 + (data.size() * 97) % 4096;
        else limits.deadline = std::chrono::steady_clock::now();
        const CheckResult limited = check_operations(*model, ops, limits);
        if (limited.verdict == Verdict::unknown) {
            require(!limited.unknown_reason.empty(), "unknown without a reason" + where, ops);
        } else {
            require((limited.verdict == Verdict::linearizable) == expected,
                    std::string("under a limit the search says ") + std::string(to_string(limited.verdict)) + where,
                    ops);
        }
    }

    if (!expected) {
        check_window(*model, ops);
        for (const PartitionResult& partition : split.partitions) {
            if (partition.result.verdict == Verdict::not_linearizable) {
                explain_failure_of(*model, partition, pairing.failed, Value::Notation::json);
            }
        }
    }
}

namespace detail {

// The JSON readers' two paths agree on `text`, read either way.
inline void require_same_json_paths(std::string_view text) {
    for (const bool array : {true, false}) {
        const testing::PathComparison c = testing::compare_json_paths(text, array);
        require(c.mismatch.empty(), "the JSON fast path disagrees with the nlohmann path: " + c.mismatch);
    }
}

}  // namespace detail

// fuzz_writers: every report writer on histories with hostile text (writers_entry.hpp).
inline void check_writers(std::string_view data);

// The targets by name, as fuzz/regressions/<target>/ names them.
}  // namespace lincheck::fuzz

#include "engine_entry.hpp"  // fuzz_register_unique, fuzz_queue_unique, fuzz_set_unique

namespace lincheck::fuzz {

inline void run_target(std::string_view target, std::string_view data) {
    using formats::Format;
    if (target == "fuzz_json" || target == "fuzz_jsonl") detail::require_same_json_paths(data);
    if (target == "fuzz_json") return read_and_check(data, Format::json);
    if (target == "fuzz_jsonl") return read_and_check(data, Format::jsonl);
    if (target == "fuzz_edn") return read_and_check(data, Format::edn);
    if (target == "fuzz_jepsen_log") return read_and_check(data, Format::jepsen_log);
    if (target == "fuzz_edn_lines") return read_and_check(data, Format::edn, "kv", formats::KeyConvention::field);
    if (target == "fuzz_records") return read_and_check(data, Format::records);
    if (target == "fuzz_jepsen_txt") return read_lines_and_check(data, Format::jepsen_txt);
    if (target == "fuzz_jepsen_log_2016") return read_lines_and_check(in_2016_log_layout(data), Format::jepsen_log);
    if (target == "fuzz_checker") return check_small_history(data);
    if (target == "fuzz_writers") return check_writers(data);
    if (target == "fuzz_register_unique") return check_unique_register(data);
    if (target == "fuzz_queue_unique") return check_unique_queue(data);
    if (target == "fuzz_set_unique") return check_unique_set(data);
    throw std::invalid_argument("unknown fuzz target " + std::string(target));
}

}  // namespace lincheck::fuzz

#include "writers_entry.hpp"  // check_writers
