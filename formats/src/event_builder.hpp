#pragma once
// The event schema in one place (README "Event format"). Every reader walks its own syntax and feeds
// what it finds here field by field; the builder settles what each field means (an integer process or
// a skipped non-client, the type word, `f` without its leading `:`, value and has_value, key, time),
// owns the checks and their messages, and appends the event. The readers differ only in how they spell
// the fields in messages (EventSpelling). It also keeps ReadOptions::deadline, so that a single
// document (a JSON array, an EDN vector) stops being read at --time-limit. (simdjson's walk apart from its tape builder; Porcupine's one place for defaults.)
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client_process.hpp"
#include "event_words.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/internal/deferred_free.hpp"

namespace lincheck::formats::detail {

// How a format names things in its messages.
struct EventSpelling {
    std::string_view noun;          // one item: "event", "op", "record", "op line"
    std::string_view mark;          // before a field's name: "" (`process`) or ":" (`:process`)
    std::string_view text_kind;     // what `type` and `f` are: "string" or "keyword"
    std::string_view name_example;  // a non-client process: "\"nemesis\"" or ":nemesis"
    std::string_view item;          // what an item should be, with an example
    std::string_view word_quote;    // around an unknown type word ("\"" in JSON)
    // The type word as the reader gives it lacks the keyword's `:` (an EDN map's value): it is then
    // matched whole (no `:` stripped) and shown with one.
    bool type_lacks_colon = false;
    bool positional = false;  // fields by place on a line (Jepsen's logs), not by name
};

inline constexpr EventSpelling kJsonEvent{
    "event", "", "string", "\"nemesis\"", "an event object such as {\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}",
    "\""};
inline constexpr EventSpelling kJsonRecord{
    "record", "", "string", "\"nemesis\"",
    "an operation record such as {\"process\": 0, \"f\": \"write\", \"value\": 1, \"call\": 10, \"return\": 12}", "\""};
inline constexpr EventSpelling kEdnOpMap{
    "op", ":", "keyword", ":nemesis", "an op map such as {:process 0, :type :invoke, :f :read}", "", true};
inline constexpr EventSpelling kLogLine{"op line", "", "keyword", ":nemesis", "", "", false, true};

class EventBuilder {
public:
    EventBuilder(const EventSpelling& spelling, ReadResult& out, const ReadOptions& options)
        : spelling_(spelling), out_(out), deadline_(options.deadline) {}

    // Starts the event of the item at `at`; messages point there unless told otherwise.
    void start(const SourcePos& at) {
        // Field by field, not `event_ = Event{}`: the last event was moved out, and this is the hot loop.
        event_.process = 0;
        event_.type = EventType::invoke;
        event_.f.clear();
        event_.value = Value();
        event_.has_value = false;
        event_.key.reset();
        event_.time.reset();
        event_.pos = at;
    }

    // The process, by one of these. Those returning bool return false for a non-client (counted as
    // skipped): the item is then done, feed nothing more.
    bool process(std::int64_t client) {
        event_.process = client;
        return true;
    }
    // A string: a client's number ("3"), or a non-client's name.
    bool process_text(std::string_view text) {
        if (const auto client = client_number(text)) return process(*client);
        return non_client();
    }
    bool non_client() {  // a keyword or symbol such as :nemesis, or null/nil
        ++out_.skipped_non_client;
        return false;
    }
    [[noreturn]] void no_process() const { fail(noun() + " has no " + field("process")); }
    [[noreturn]] void process_too_large() const { fail(field("process") + " does not fit in 64 bits"); }
    [[noreturn]] void process_not_integer() const {
        fail(field("process") + " must be an integer (or a name such as " + std::string(spelling_.name_example) +
             " for non-client " + noun() + "s)");
    }

    void type(std::string_view word) { type(word, event_.pos); }
    void type(std::string_view word, const SourcePos& at) {
        const auto type = spelling_.type_lacks_colon ? event_type_of_name(word) : event_type_from_word(word);
        if (!type) {
            const std::string quote(spelling_.word_quote);
            fail("unknown event type " + quote + (spelling_.type_lacks_colon ? ":" : "") + std::string(word) + quote +
                     " (expected one of: " + std::string(kEventTypeWords) + ")",
                 at);
        }
        event_.type = *type;
    }
    [[noreturn]] void no_type() const { fail(noun() + " has no " + field("type") + " " + std::string(spelling_.text_kind)); }

    void f(std::string_view name) { event_.f = operation_name(name); }
    [[noreturn]] void no_f() const { no_f(event_.pos); }
    [[noreturn]] void no_f(const SourcePos& at) const {
        if (spelling_.positional) fail(noun() + " has no f (the operation's name) after its type", at);
        fail(noun() + " has no " + field("f") + " " + std::string(spelling_.text_kind) + " (the operation's name)", at);
    }
    [[noreturn]] void f_not_name(const SourcePos& at) const {  // positional: fields are not named
        fail("the f (the operation's name) must be a " + std::string(spelling_.text_kind) + " such as :read", at);
    }

    void value(Value v) {
        event_.value = std::move(v);
        event_.has_value = true;
    }
    void key(Value k) { event_.key = std::move(k); }
    void time(double t) { event_.time = t; }

    // The item is not a map (object) at all; `found` shows what it is, where the format says so.
    [[noreturn]] void not_an_item(const std::string& found = {}) const {
        fail("expected " + std::string(spelling_.item) + (found.empty() ? "" : ", found " + found));
    }

    // Appends the event.
    void finish() {
        keep_time();
        out_.events.push_back(std::move(event_));
    }
    // The event so far, for a reader that makes more than one event of an item (records).
    Event take() {
        keep_time();
        return std::move(event_);
    }

private:
    std::string noun() const { return std::string(spelling_.noun); }
    std::string field(std::string_view name) const {
        return "`" + std::string(spelling_.mark) + std::string(name) + "`";
    }
    [[noreturn]] void fail(const std::string& message) const { fail(message, event_.pos); }
    [[noreturn]] static void fail(const std::string& message, const SourcePos& at) { throw InputError(message, at); }

    // Throws ReadTimedOut past the deadline; the clock is read every 4,096 events (~0.5 ms of reading).
    // The events read until then are not freed on the way out (a million of them: tens of ms on a
    // loaded machine, after the deadline): they are left to release_search_memory() or the exit, as
    // read_in_pieces.cpp leaves a line-based file's pieces.
    void keep_time() {
        if (deadline_ && (++events_ & 4095) == 0 && std::chrono::steady_clock::now() >= *deadline_) {
            if (out_.events.capacity() != 0) {
                auto* left = new std::vector<Event>(std::move(out_.events));
                lincheck::detail::defer_freeing(left->capacity() * sizeof(Event), [left] { delete left; });
            }
            throw ReadTimedOut("time limit reached while reading the input (" + std::to_string(events_) +
                               " events read)");
        }
    }

    const EventSpelling& spelling_;
    ReadResult& out_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;
    std::uint64_t events_ = 0;
    Event event_;
};

}  // namespace lincheck::formats::detail
