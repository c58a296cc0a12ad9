#pragma once
// Events as a test harness logs them, and operations as the checker sees them.
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lincheck/value.hpp"

namespace lincheck {

// Where something stands in the input, for messages. Zero means "not known".
struct SourcePos {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint64_t event_index = 0;  // 1-based position among the history's events
};

// "file:line:column" or "event N" — whatever is known.
std::string describe(const SourcePos& pos);

// Bad input: a message and where it was found. Readers and pairing throw it; the CLI exits 3.
class InputError : public std::runtime_error {
public:
    InputError(std::string message, SourcePos pos) : std::runtime_error(shorten(std::move(message))), pos_(pos) {}
    const SourcePos& pos() const { return pos_; }

    // Messages quote the input (an `f`, a value); quoting a megabyte-long one would bury the message.
    // A message over 1,200 bytes keeps its first and last 400 (cut at UTF-8 character boundaries).
    static std::string shorten(std::string message) {
        constexpr std::size_t kKeep = 400;
        if (message.size() <= 3 * kKeep) return message;
        const auto continuation = [&](std::size_t i) { return (static_cast<unsigned char>(message[i]) & 0xC0) == 0x80; };
        std::size_t head = kKeep, tail = message.size() - kKeep;
        while (head > 0 && continuation(head)) --head;
        while (tail < message.size() && continuation(tail)) ++tail;
        return message.substr(0, head) + " … (" + std::to_string(tail - head) + " bytes left out) … " +
               message.substr(tail);
    }

private:
    SourcePos pos_;
};

enum class EventType : std::uint8_t {
    invoke,   // the call began
    ok,       // it completed and took effect (its value is the result)
    fail,     // it certainly did not take effect
    info,     // indeterminate: may take effect at any time after the invoke, or never
    pending,  // explicitly still in flight when the log ended (same as no completion)
};

std::string_view to_string(EventType type);

struct Event {
    std::int64_t process = 0;
    EventType type = EventType::invoke;
    std::string f;
    Value value;                 // nil when the event carries none
    bool has_value = false;      // the event had a value field (even if nil)
    std::optional<Value> key;    // the independent object the op acts on, if the history is keyed
    std::optional<double> time;  // only used for ordering with order_by_time
    SourcePos pos;
};

// How an operation ended, after pairing. `fail`ed operations are dropped before this point.
enum class Outcome : std::uint8_t {
    ok,       // completed: must be linearized between call and return
    info,     // indeterminate: may be linearized at any point after call, or not at all
    pending,  // no completion before the log ended: same freedom as info
    failed,   // logged `fail`: did not happen. Only in PairingStats::failed, never searched.
};

std::string_view to_string(Outcome outcome);

inline constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

struct Operation {
    std::int64_t process = 0;
    std::string f;
    // Jepsen's convention: the completion's value when it completed ok (a read's result), the invoke's
    // value otherwise (an indeterminate write keeps its argument; a timed-out read keeps nil).
    Value value;
    std::optional<Value> key;
    Outcome outcome = Outcome::ok;
    // Neither the invoke nor its ok completion carried a value (not even nil): `value` is nil for want
    // of one (Model::value_is_argument makes that an error).
    bool value_missing = false;
    // The ok completion carried a value other than the invoke's, and `value` is the completion's: right
    // for a read, an input error for an argument (Model::value_is_argument).
    bool completion_differs = false;
    // Real-time order: positions in one total order of events. `call < ret`; `ret == kNever` for
    // indeterminate operations; a failed operation's is its `fail` event's.
    std::uint64_t call = 0;
    std::uint64_t ret = kNever;
    SourcePos invoke_pos;
    SourcePos complete_pos;  // of the ok / info event; zero for pending

    bool completed() const { return outcome == Outcome::ok; }
};

// A history's operations in consecutive runs (e.g. one per piece of a large file read in parallel):
// concatenated, they are the history, and an operation's index is its place in the concatenation.
using OperationRuns = std::vector<std::vector<Operation>>;

}  // namespace lincheck
