// JSON and JSON Lines histories: one event object per item. json_fast.hpp reads well-formed text;
// what it declines, the nlohmann path here reads (json_items.hpp finds and parses the items), with the
// exact error and its position.
#include "json_reader.hpp"

#include <limits>

#include "event_builder.hpp"
#include "json_fast.hpp"
#include "json_items.hpp"

namespace lincheck::formats::detail {

namespace {

using nlohmann::json;

// Walks one event object for the builder.
void read_event(const json& j, const SourcePos& pos, EventBuilder& build) {
    build.start(pos);
    if (!j.is_object()) build.not_an_item();

    const auto process = j.find("process");
    if (process == j.end()) build.no_process();
    if (!feed_json_process(*process, build)) return;

    const auto type = j.find("type");
    if (type == j.end() || !type->is_string()) build.no_type();
    build.type(type->get_ref<const std::string&>());

    const auto f = j.find("f");
    if (f == j.end() || !f->is_string()) build.no_f();
    build.f(f->get_ref<const std::string&>());

    if (const auto value = j.find("value"); value != j.end()) build.value(json_to_value(*value));
    if (const auto key = j.find("key"); key != j.end()) build.key(json_to_value(*key));
    if (const auto time = j.find("time"); time != j.end() && time->is_number()) build.time(time->get<double>());
    build.finish();
}

}  // namespace

bool feed_json_process(const json& process, EventBuilder& build) {
    if (process.is_number_unsigned() &&
        process.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        build.process_too_large();
    }
    if (process.is_number_integer()) return build.process(process.get<std::int64_t>());
    if (process.is_string()) return build.process_text(process.get_ref<const std::string&>());
    if (process.is_null()) return build.non_client();
    build.process_not_integer();
}

void read_json_array_nlohmann(std::string_view text, const ReadOptions& options, ReadResult& out) {
    EventBuilder build(kJsonEvent, out);
    for_each_json_array_item(text, options.allow_truncated, out,
                             [&](const json& item, const SourcePos& pos) { read_event(item, pos, build); });
}

void read_json_lines_nlohmann(std::string_view text, const ReadOptions& options, ReadResult& out) {
    EventBuilder build(kJsonEvent, out);
    for_each_json_line(text, options.allow_truncated, out,
                       [&](const json& item, const SourcePos& pos) { read_event(item, pos, build); });
}

void read_json_array(std::string_view text, const ReadOptions& options, ReadResult& out) {
    if (!fast_read_json_array(text, out)) read_json_array_nlohmann(text, options, out);
}

void read_json_lines(std::string_view text, const ReadOptions& options, ReadResult& out) {
    if (!fast_read_json_lines(text, out)) read_json_lines_nlohmann(text, options, out);
}

}  // namespace lincheck::formats::detail
