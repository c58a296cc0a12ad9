#pragma once
// Recording a history in-process, as a simulator or a test runs, and checking it there.
//
//     lincheck::Recorder rec;
//     const auto w = rec.invoke(/*process*/ 0, "write", /*key*/ 7, /*value*/ 3);
//     rec.ok(w);                                  // the write took effect
//     const auto r = rec.invoke(1, "read", 7, std::nullopt);
//     rec.ok(r, 3);                               // the read returned 3
//     const auto report = rec.check("cas-register");
//     if (!report.linearizable()) {
//         std::cerr << report.text;
//         lincheck::formats::save_jsonl(rec.to_events(), "failure.jsonl");  // lincheck/formats/write_jsonl.hpp
//     }
//
// Operations are recorded in a compact form (integers, an interned function id), with no allocation
// per operation beyond amortised vector growth; `Operation`s are built only when the history is
// checked or saved. Every call is one event of the history, in real-time order: an operation's
// interval runs from its `invoke` to its completion. Semantics are the CLI's (README, "Semantics"):
//  - `ok(id)` / `ok(id, result)`: completed and took effect. Without a result the invoke's value
//    stands (a write); with one, the result is the operation's value (a read's return).
//  - `fail(id)`: certainly did not take effect; dropped before the check (but kept for diagnosis: a
//    "failed" write whose value was read is pointed out).
//  - `info(id)`: indeterminate — may take effect at any time after its invoke, or never.
//  - operations never completed are pending (indeterminate) when the history is checked or saved.
//  - a process runs one operation at a time: invoking on a process whose operation is still open
//    throws. After `info` the process may invoke again (a new, independent operation).
//  - either every operation names a key or none does; operations on different keys are independent
//    objects and are checked separately.
// Misuse (an unknown id, completing twice, the rules above) throws std::logic_error at the call.
// A Recorder is not thread-safe, not even `check` (it keeps a memo): one per simulation thread.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/explain.hpp"
#include "lincheck/history.hpp"
#include "lincheck/model.hpp"
#include "lincheck/value.hpp"

namespace lincheck {

// A value as the recorder takes it: nil (`std::nullopt` or `{}`: the absence of a value, "never
// written"), an integer, a pair of integers (a cas's [expected, new]) — all stored inline — or any
// other `Value`, which the recorder copies. Only an argument type: a Datum made from a `Value` refers
// to it and must not outlive it.
class Datum {
public:
    enum class Kind : std::uint8_t { nil, integer, pair, value };

    constexpr Datum() noexcept = default;
    constexpr Datum(std::nullopt_t) noexcept {}  // NOLINT: implicit on purpose
    template <std::integral T>
        requires(!std::same_as<T, bool>)
    constexpr Datum(T i) noexcept : kind_(Kind::integer), first_(static_cast<std::int64_t>(i)) {}  // NOLINT
    // nil, integers and lists of two integers are stored as the kinds above; anything else by reference.
    Datum(const Value& v) noexcept;  // NOLINT
    static constexpr Datum pair(std::int64_t first, std::int64_t second) noexcept {
        Datum d;
        d.kind_ = Kind::pair;
        d.first_ = first;
        d.second_ = second;
        return d;
    }

    Kind kind() const { return kind_; }
    std::int64_t first() const { return first_; }                                  // integer, pair
    std::int64_t second() const { return kind_ == Kind::pair ? second_ : 0; }       // pair
    const Value* value() const { return kind_ == Kind::value ? value_ : nullptr; }  // Kind::value
    Value to_value() const;

private:
    Kind kind_ = Kind::nil;
    std::int64_t first_ = 0;
    union {
        std::int64_t second_ = 0;
        const Value* value_;
    };
};

// An operation's name, interned by Recorder::function: the fastest way to say `f`.
enum class FunctionId : std::uint16_t {};
// An operation's handle, for its completion: ids count 0, 1, 2, ... in invoke order until reset().
using OpId = std::uint32_t;

struct RecorderCheckOptions {
    // Histories whose values and keys are integers (or nil, or integer pairs) and whose keys have at
    // most 64 operations each are first searched by the recorder's own compact search, which learns
    // the model's states and steps once and keeps them from one history to the next (see `check`).
    // When it finds a linearization the verdict is final; anything else — a failure, a larger history,
    // other values — goes to check_history, whose verdict and explanation are reported. false: always
    // check_history.
    bool fast = true;
    CheckLimits limits;  // time / memory budget (nothing by default); the search answers unknown past it
    // Threads checking keys at once. 1 (default): the calling thread only, no thread pool — a simulator
    // runs one check per core. 0: all cores (worth it only for histories of thousands of operations).
    unsigned jobs = 1;
    bool explain = true;  // on failure: the smallest failing window and diagnosis hints (Explanation)
    bool render = true;   // on failure: the text report (RecorderReport::text), as the CLI prints it
    Value::Notation notation = Value::Notation::json;
    std::size_t width = 100;  // columns for the text report
};

struct RecorderReport {
    Verdict verdict = Verdict::linearizable;
    // Per key: the operations as checked (event i of the history is `event_index` i + 1, which is
    // line i + 1 of the file formats::save_jsonl writes) and each key's search result. Filled by check_history:
    // always unless the fast search settled the verdict (then `partitions` is empty).
    HistoryResult history;
    bool fast = false;  // the verdict came from the recorder's fast search
    // When not linearizable and options.explain: the explanation of history.first_failure, the
    // failing key with the fewest operations.
    std::optional<Explanation> explanation;
    std::string text;  // when not linearizable and options.render: the report, ending in a newline
    std::string unknown_reason;  // when unknown: why (a limit, ...)

    bool linearizable() const { return verdict == Verdict::linearizable; }
    // The reported failing key's partition; nullptr unless not linearizable.
    const PartitionResult* failure() const {
        return history.first_failure ? &history.partitions[*history.first_failure] : nullptr;
    }
    // The diagnosis hints' codes and texts (never-written, stale-read, ...); empty without an explanation.
    const std::vector<Hint>& hints() const;
};

class Recorder {
public:
    Recorder();
    ~Recorder();
    Recorder(const Recorder& other);  // copies the history, not what the fast search learned
    Recorder& operator=(const Recorder& other);
    Recorder(Recorder&&) noexcept;
    Recorder& operator=(Recorder&&) noexcept;

    // Interns an operation name; the same name always gets the same id, also across reset().
    FunctionId function(std::string_view f);
    std::string_view function_name(FunctionId f) const;

    // Records an invoke and returns the operation's id. `value` is the invoke's argument (nil for a
    // read); `key` names the independent object the operation acts on.
    OpId invoke(std::int64_t process, FunctionId f, Datum value = {}) { return add(process, f, false, {}, value); }
    OpId invoke(std::int64_t process, FunctionId f, Datum key, Datum value) { return add(process, f, true, key, value); }
    OpId invoke(std::int64_t process, std::string_view f, Datum value = {}) { return invoke(process, function(f), value); }
    OpId invoke(std::int64_t process, std::string_view f, Datum key, Datum value) {
        return invoke(process, function(f), key, value);
    }

    void ok(OpId id);                // took effect; the invoke's value stands
    void ok(OpId id, Datum result);  // took effect and returned `result`
    void fail(OpId id);              // certainly did not take effect
    void info(OpId id);              // indeterminate

    std::size_t size() const { return records_.size(); }  // operations invoked
    std::size_t events() const { return ticks_; }        // invokes + completions
    bool empty() const { return records_.empty(); }
    bool is_open(OpId id) const;  // invoked and not completed (pending if the history ended now)

    // Forgets the history and keeps the memory (and the interned functions) for the next run.
    void reset();

    // The history as the checker sees it: operations in invoke order, `fail`ed ones left out (they
    // go to `failed` when given), positions as event indices.
    std::vector<Operation> operations(std::vector<Operation>* failed = nullptr) const;
    // The history as events, in order: event i is line i + 1 of the JSON Lines file that
    // `lincheck::formats::save_jsonl(rec.to_events(), path)` writes (lincheck/formats/write_jsonl.hpp),
    // which `lincheck --model M file.jsonl` checks again.
    std::vector<Event> to_events() const;

    // Checks the history against a model (the default options: on this thread, explained on failure).
    // Throws InputError when an operation does not fit the model (its position is the event index).
    //
    // The fast search memoises the model's steps. With a model given by name, or by shared_ptr, the
    // memo is kept (in this Recorder, across reset()) for as long as the same model is used: checking
    // run after run then costs a few microseconds per small history. With a `const Model&` the memo
    // lasts one call, since another model could later live at the same address.
    RecorderReport check(const Model& model, const RecorderCheckOptions& options = {}) const;
    RecorderReport check(std::shared_ptr<const Model> model, const RecorderCheckOptions& options = {}) const;
    // A model from the registry (`make_model`), made once and kept while the name and options stay the
    // same; throws std::invalid_argument for an unknown name and ModelError for options that do not fit.
    RecorderReport check(std::string_view model_name, const ModelOptions& model_options = {},
                         const RecorderCheckOptions& options = {}) const;

private:
    enum class Status : std::uint8_t { open, ok, failed, info };
    struct Slot {  // a value stored inline: kind, a, b (a indexes values_ for Kind::value)
        std::int64_t a = 0, b = 0;
    };
    struct Record {  // 64 bytes
        std::int64_t process;
        std::int64_t key;  // integer, or index into values_
        Slot value;        // the invoke's
        Slot result;       // the completion's, when ok(id, result)
        std::uint32_t call;
        std::uint32_t ret;  // completion tick (ok, fail, info)
        FunctionId f;
        Datum::Kind key_kind;
        Datum::Kind value_kind;
        Datum::Kind result_kind;
        Status status;
        bool has_result;
    };

    struct Fast;  // the way into the one search, and what it learned about the model (recorder_search.cpp)
    friend struct Fast;
    // true: the search linearized every key of the history (made and kept in fast_).
    bool fast_linearizable(const Model& model, const std::shared_ptr<const Model>& keep, const CheckLimits& limits) const;
    // check(name)'s model, kept in fast_ while the name and options stay the same.
    std::shared_ptr<const Model> named_model(std::string_view model_name, const ModelOptions& model_options) const;

    OpId add(std::int64_t process, FunctionId f, bool keyed, Datum key, Datum value);
    // `keep`: the model again, owned, when the fast search may keep its memo for the next check.
    RecorderReport check_with(const Model& model, const std::shared_ptr<const Model>& keep,
                              const RecorderCheckOptions& options) const;
    Record& open_record(OpId id, const char* what);
    void close(Record& r);
    Slot store(Datum d, Datum::Kind& kind);
    Value value_of(Datum::Kind kind, Slot s) const;
    Operation to_operation(const Record& r) const;

    std::vector<std::string> functions_;
    std::vector<Record> records_;
    std::vector<Value> values_;  // values that are not integers or pairs
    std::uint32_t ticks_ = 0;
    int keyed_ = -1;  // -1 unknown yet, 0 unkeyed, 1 keyed
    // The open operation of each process: dense for small process ids, a map for the others.
    std::vector<OpId> open_small_;
    std::unordered_map<std::int64_t, OpId> open_large_;
    mutable std::unique_ptr<Fast> fast_;
};

}  // namespace lincheck
