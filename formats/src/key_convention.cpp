// Keys of independent objects: an explicit `key` field, or Jepsen's `independent` tuples, where every
// value is `[key value]` on invokes and completions alike.
//
// Auto-detection of tuples (KeyConvention::detect) must not mistake an ordinary history whose values are
// pairs (a queue of [producer seq] items, a register holding pairs) for a keyed one: splitting such a
// history by the pairs' first elements checks other objects than the real one, and can pass a broken
// history. So it takes tuples only when the history is unmistakably Jepsen-independent:
//  1. no event has a `key` field (an explicit key wins);
//  2. EVERY invoke carries a 2-element list whose first element (the key) is a non-nil scalar — reads
//     and dequeues included, which Jepsen's independent generator invokes as `[k nil]`;
//  3. at least one invoke is such a `[k nil]` (a read, a dequeue, an acquire);
//  4. every ok event with a non-nil value holds such a pair too;
//  5. for operations whose own argument is naturally a pair (cas `[from to]`, txn), the second element
//     is itself a list: `cas [1 2]` is a plain cas, `cas [7 [1 2]]` is a cas on key 7.
// When 2, 4 and 5 hold but not 3 (pairs everywhere, but no read names a key), or 3, 4 and 5 hold and
// every invoke with a value carries a pair but some carry none, the history is checked whole with a
// warning (ReadResult::warnings): only --independent tuples splits it.
// Completions that are `info` or `fail` may carry anything (`:timed-out`); a non-pair there keeps
// its value and takes its key from its invoke when paired. `--independent tuples` skips rules 2-5 and
// requires pairs instead. `none` leaves values whole; `key` fields stay on the events (a model that
// reads keys as part of its operations, kv, needs them; for the others the CLI drops them).
#include "key_convention.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace lincheck::formats::detail {

namespace {

bool is_collection(const Value& v) {
    return v.kind() == Value::Kind::list || v.kind() == Value::Kind::set || v.kind() == Value::Kind::map;
}

bool argument_is_a_pair(std::string_view f) {
    static constexpr std::array<std::string_view, 4> kPairs = {"cas", "compare-and-set", "compare_and_set", "txn"};
    return std::find(kPairs.begin(), kPairs.end(), f) != kPairs.end();
}

// Rules 2 and 5 for one value.
bool looks_like_tuple(const Event& e) {
    if (!e.value.is_list() || e.value.size() != 2) return false;
    const Value& key = e.value.items()[0];
    if (key.is_nil() || is_collection(key)) return false;
    return !argument_is_a_pair(e.f) || e.value.items()[1].is_list();
}

bool must_be_tuple(const Event& e) {
    return (e.type == EventType::invoke || e.type == EventType::ok) && e.has_value && !e.value.is_nil();
}

enum class Tuples {
    no,
    yes,
    no_keyed_read,  // pairs on every invoke, but no [k nil]
    mixed,          // [k nil] reads and pairs everywhere, but some invokes carry no value
};

// Rules 2-5.
Tuples history_has_tuples(const std::vector<Event>& events, const Event*& first_bare_invoke) {
    bool any_invoke = false, keyed_read = false;
    first_bare_invoke = nullptr;
    for (const Event& e : events) {
        if (must_be_tuple(e)) {
            if (!looks_like_tuple(e)) return Tuples::no;
            if (e.type == EventType::invoke) {
                any_invoke = true;
                keyed_read = keyed_read || e.value.items()[1].is_nil();
            }
        } else if (e.type == EventType::invoke && !first_bare_invoke) {
            first_bare_invoke = &e;
        }
    }
    if (!any_invoke) return Tuples::no;
    if (first_bare_invoke) return keyed_read ? Tuples::mixed : Tuples::no;
    return keyed_read ? Tuples::yes : Tuples::no_keyed_read;
}

void split(Event& e) {
    Value key = e.value.items()[0];
    Value inner = e.value.items()[1];
    e.key = std::move(key);
    e.value = std::move(inner);
}

void split_tuples(std::vector<Event>& events, bool forced) {
    for (Event& e : events) {
        if (!e.has_value || e.value.is_nil()) continue;
        const bool pair = forced ? e.value.is_list() && e.value.size() == 2 : looks_like_tuple(e);
        if (pair) {
            split(e);
        } else if (must_be_tuple(e)) {
            throw InputError("with --independent tuples every value must be a [key value] pair; this " +
                                 std::string(to_string(e.type)) + " of `" + e.f + "` has " +
                                 e.value.to_string(Value::Notation::edn).substr(0, 60),
                             e.pos);
        }
    }
}

}  // namespace

void apply_key_convention(KeyConvention requested, ReadResult& out) {
    auto& events = out.events;
    const auto with_key = std::find_if(events.begin(), events.end(), [](const Event& e) { return e.key.has_value(); });
    const bool any_key = with_key != events.end();
    switch (requested) {
        case KeyConvention::none:
            out.keys = KeyConvention::none;  // `key` fields stay (see the top of the file)
            return;
        case KeyConvention::field:
            out.keys = any_key ? KeyConvention::field : KeyConvention::none;
            return;
        case KeyConvention::tuples:
            if (any_key) {
                throw InputError("with --independent tuples the values carry the keys, but this event also has a "
                                 "`key` field",
                                 with_key->pos);
            }
            split_tuples(events, true);
            out.keys = KeyConvention::tuples;
            return;
        case KeyConvention::detect:
            if (any_key) {
                out.keys = KeyConvention::field;
                return;
            }
            const Event* bare = nullptr;
            switch (history_has_tuples(events, bare)) {
                case Tuples::yes:
                    split_tuples(events, false);
                    out.keys = KeyConvention::tuples;
                    return;
                case Tuples::no_keyed_read:
                    out.warnings.push_back(
                        "every value is a [key value] pair, as in Jepsen's independent histories, but no "
                        "invoke reads a key as [key nil]: the pairs are taken as values of one object; "
                        "--independent tuples checks their first elements as keys");
                    break;
                case Tuples::mixed:
                    out.warnings.push_back(
                        "the values look like Jepsen's independent [key value] tuples, but the invoke of `" +
                        bare->f + "` at " + describe(bare->pos) +
                        " carries none: the pairs are taken as values of one object; --independent tuples "
                        "checks their first elements as keys");
                    break;
                case Tuples::no: break;
            }
            out.keys = KeyConvention::none;
            return;
    }
}

}  // namespace lincheck::formats::detail
