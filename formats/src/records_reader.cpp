// Records give each operation's call and return times. Intervals are closed: an operation returning at
// t overlaps one called at t, so at equal times every invoke sorts before every completion.
#include "records_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "event_builder.hpp"
#include "json_items.hpp"

namespace lincheck::formats::detail {

namespace {

using nlohmann::json;

// A timestamp, exact for integers (nanosecond clocks exceed a double's 53 bits).
struct Stamp {
    bool integral = true;
    std::int64_t i = 0;
    double d = 0;

    long double wide() const { return integral ? static_cast<long double>(i) : static_cast<long double>(d); }
    double as_double() const { return integral ? static_cast<double>(i) : d; }
    friend bool operator<(const Stamp& a, const Stamp& b) {
        if (a.integral && b.integral) return a.i < b.i;
        return a.wide() < b.wide();
    }
};

std::optional<Stamp> stamp_of(const json& j) {
    Stamp s;
    if (j.is_number_unsigned()) {
        if (j.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            s.integral = false;
            s.d = j.get<double>();
        } else {
            s.i = j.get<std::int64_t>();
        }
    } else if (j.is_number_integer()) {
        s.i = j.get<std::int64_t>();
    } else if (j.is_number_float()) {
        s.integral = false;
        s.d = j.get<double>();
    } else if (j.is_binary()) {  // an integer beyond 64 bits (json_items.hpp keeps its digits)
        const auto& digits = j.get_binary();
        s.integral = false;
        s.d = std::strtod(std::string(digits.begin(), digits.end()).c_str(), nullptr);
    } else {
        return std::nullopt;
    }
    return s;
}

struct Timed {
    Stamp at;
    int rank = 0;  // 0 invoke, 1 completion: invokes first at equal times
    Event event;
};

// The invoke and completion of one record, appended to `timed` (or the record counted as skipped).
void read_record(const json& j, const SourcePos& pos, std::vector<Timed>& timed, EventBuilder& build) {
    build.start(pos);
    if (!j.is_object()) build.not_an_item();
    const auto process = j.find("process");
    if (process == j.end()) build.no_process();
    if (!feed_json_process(*process, build)) return;

    const auto f = j.find("f");
    if (f == j.end() || !f->is_string()) build.no_f();
    build.f(f->get_ref<const std::string&>());

    const auto call_field = j.find("call");
    const auto call = call_field == j.end() ? std::nullopt : stamp_of(*call_field);
    if (!call) throw InputError("record has no `call` time (a number)", pos);
    std::optional<Stamp> ret;
    if (const auto r = j.find("return"); r != j.end() && !r->is_null()) {
        ret = stamp_of(*r);
        if (!ret) throw InputError("`return` must be a number, or null while the operation is pending", pos);
        if (*ret < *call) throw InputError("`return` is earlier than `call`", pos);
    }

    EventType status = ret ? EventType::ok : EventType::pending;
    if (const auto s = j.find("status"); s != j.end() && !s->is_null()) {
        const auto word = s->is_string() ? event_type_from_word(s->get<std::string>()) : std::nullopt;
        if (!word || *word == EventType::invoke) {
            throw InputError("`status` must be \"ok\", \"fail\", \"info\" or \"pending\"", pos);
        }
        status = *word;
    }
    if (status == EventType::ok && !ret) throw InputError("an `ok` record needs a `return` time", pos);

    if (const auto key = j.find("key"); key != j.end()) build.key(json_to_value(*key));
    Event invoke = build.take();
    Event completion = invoke;
    completion.type = status;
    invoke.type = EventType::invoke;
    const auto value = j.find("value");
    if (value != j.end()) {
        invoke.value = json_to_value(*value);
        invoke.has_value = true;
    }
    if (const auto output = j.find("output"); output != j.end()) {
        completion.value = json_to_value(*output);
        completion.has_value = true;
    } else {
        completion.value = invoke.value;
        completion.has_value = invoke.has_value;
    }
    // Without a return time the completion (pending, or a fail/info never returned) goes right after the
    // invoke: it does not constrain the order, and the process may start another operation later.
    const Stamp completed_at = ret ? *ret : *call;
    invoke.time = call->as_double();
    completion.time = completed_at.as_double();
    timed.push_back(Timed{*call, 0, std::move(invoke)});
    timed.push_back(Timed{completed_at, 1, std::move(completion)});
}

}  // namespace

void read_records(std::string_view text, const ReadOptions& options, ReadResult& out) {
    std::vector<Timed> timed;
    EventBuilder build(kJsonRecord, out);
    const auto visit = [&](const json& item, const SourcePos& pos) { read_record(item, pos, timed, build); };
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '[') {
        for_each_json_array_item(text, options.allow_truncated, out, visit);
    } else {
        for_each_json_line(text, options.allow_truncated, out, visit);
    }
    std::stable_sort(timed.begin(), timed.end(), [](const Timed& a, const Timed& b) {
        if (a.at < b.at) return true;
        if (b.at < a.at) return false;
        return a.rank < b.rank;
    });
    out.events.reserve(out.events.size() + timed.size());
    for (Timed& t : timed) out.events.push_back(std::move(t.event));
}

bool looks_like_records(std::string_view text) {
    const auto first = first_json_item(text);
    return first && first->is_object() && first->contains("call") && !first->contains("type");
}

}  // namespace lincheck::formats::detail
