// JSON and JSON Lines histories: one event object per item. json_fast.hpp reads well-formed text;
// what it declines, the nlohmann path here reads (json_items.hpp finds and parses the items), with the
// exact error and its position.
#include "json_reader.hpp"

#include <limits>

#include "client_process.hpp"
#include "event_words.hpp"
#include "json_fast.hpp"
#include "json_items.hpp"

namespace lincheck::formats::detail {

namespace {

using nlohmann::json;

// Converts one event object and appends it (or counts it as skipped).
void read_event(const json& j, const SourcePos& pos, ReadResult& out) {
    if (!j.is_object()) throw InputError("expected an event object such as {\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}", pos);

    const auto process = j.find("process");
    if (process == j.end()) throw InputError("event has no `process`", pos);
    Event event;
    if (process->is_number_integer()) {
        if (process->is_number_unsigned() && process->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            throw InputError("`process` does not fit in 64 bits", pos);
        }
        event.process = process->get<std::int64_t>();
    } else if (const auto client = process->is_string() ? client_number(process->get_ref<const std::string&>()) : std::nullopt) {
        event.process = *client;  // "3": client 3
    } else if (process->is_string() || process->is_null()) {
        ++out.skipped_non_client;  // e.g. "nemesis": not a client operation
        return;
    } else {
        throw InputError("`process` must be an integer (or a name such as \"nemesis\" for non-client events)", pos);
    }

    const auto type = j.find("type");
    if (type == j.end() || !type->is_string()) throw InputError("event has no `type` string", pos);
    event.type = event_type_or_error(type->get<std::string>(), pos, "\"");

    const auto f = j.find("f");
    if (f == j.end() || !f->is_string()) throw InputError("event has no `f` string (the operation's name)", pos);
    event.f = operation_name(f->get<std::string>());

    if (const auto value = j.find("value"); value != j.end()) {
        event.value = json_to_value(*value);
        event.has_value = true;
    }
    if (const auto key = j.find("key"); key != j.end()) event.key = json_to_value(*key);
    if (const auto time = j.find("time"); time != j.end() && time->is_number()) event.time = time->get<double>();
    event.pos = pos;
    out.events.push_back(std::move(event));
}

}  // namespace

void read_json_array_nlohmann(std::string_view text, const ReadOptions& options, ReadResult& out) {
    for_each_json_array_item(text, options.allow_truncated, out,
                             [&](const json& item, const SourcePos& pos) { read_event(item, pos, out); });
}

void read_json_lines_nlohmann(std::string_view text, const ReadOptions& options, ReadResult& out) {
    for_each_json_line(text, options.allow_truncated, out,
                       [&](const json& item, const SourcePos& pos) { read_event(item, pos, out); });
}

void read_json_array(std::string_view text, const ReadOptions& options, ReadResult& out) {
    if (!fast_read_json_array(text, out)) read_json_array_nlohmann(text, options, out);
}

void read_json_lines(std::string_view text, const ReadOptions& options, ReadResult& out) {
    if (!fast_read_json_lines(text, out)) read_json_lines_nlohmann(text, options, out);
}

}  // namespace lincheck::formats::detail
