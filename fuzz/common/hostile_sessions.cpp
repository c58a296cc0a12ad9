#include "common/hostile_sessions.hpp"

#include <iterator>

#include "common/small_history.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"

namespace lincheck::fuzz::detail {

// Arbitrary bytes, often with the pieces that break writers.
std::string hostile_string(Bytes& b) {
    static constexpr std::string_view kPieces[] = {
        "<script>", "</script>", "<!--", "]]>", "&amp;", "\"", "'", "\\", "\x1B[2J", "\x1B]0;t\x07",
        std::string_view("\0", 1), "\r", "\xFF", "\xC3", "\xED\xA0\x80", "\xEF\xBF\xBD", "\xC2\x9B", "\xE2\x80\xA8",
        "\xEF\xBF\xBE", "a", "\xF0\x9F\x98\x80", "\n", "\t", "{}", "%s",
        "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x80\x8F", "\xD8\x9C"};  // bidirectional controls
    std::string out;
    const unsigned n = b.below(6);
    for (unsigned i = 0; i < n; ++i) {
        const unsigned pick = b.next();
        if (pick < 100) out += kPieces[pick % std::size(kPieces)];
        else out += static_cast<char>(b.next());
    }
    return out;
}

namespace {

// A value built from a pool of hostile strings (so that reads see what writes wrote), nested a little.
Value hostile_value(Bytes& b, const std::vector<std::string>& pool, int depth = 0) {
    const std::string& s = pool[b.below(static_cast<unsigned>(pool.size()))];
    switch (b.below(depth < 2 ? 7 : 4)) {
        case 0: return Value::integer(b.below(3));
        case 1: return Value::string(s);
        case 2: return Value::keyword(s);
        case 3: return Value::nil();
        case 4: return Value::list({hostile_value(b, pool, depth + 1), hostile_value(b, pool, depth + 1)});
        case 5: return Value::map({{Value::string(s), hostile_value(b, pool, depth + 1)}});
        default: return Value::set({hostile_value(b, pool, depth + 1)});
    }
}

}  // namespace

// The report of a small history made from `b` (checked, or bad input when pairing or validation
// rejects it), as check_one would make it.
cli::Report history_session(Bytes& b) {
    const auto model_kind = static_cast<FuzzModel>(b.below(static_cast<unsigned>(FuzzModel::count)));
    const unsigned bits = b.next();
    std::vector<std::string> pool;
    for (int i = 0; i < 3; ++i) pool.push_back(hostile_string(b));

    cli::Report s;
    s.settings.input = hostile_string(b);
    s.settings.inputs = {s.settings.input};
    s.settings.model = bits & 1 ? std::string(model_name(model_kind)) : "";
    s.settings.nil_read = bits & 2 ? cli::NilRead::unknown : cli::NilRead::empty;
    s.settings.all_failures = (bits & 4) != 0;
    s.settings.order = bits & 8 ? cli::Order::time : cli::Order::file;
    s.settings.independent = bits & 16 ? formats::KeyConvention::tuples : formats::KeyConvention::detect;
    if (bits & 32) s.settings.time_limit_s = 2.5;
    if (bits & 64) s.settings.memory_limit_mib = 64;
    ModelOptions options;
    options.nil_read_is_unknown = (bits & 2) != 0;
    if (bits & 128) {
        s.settings.initial = hostile_value(b, pool);
        options.initial = s.settings.initial;
    }
    s.read.format = static_cast<formats::Format>(b.below(4));
    s.notation = b.below(2) ? Value::Notation::json : Value::Notation::edn;
    if (!(bits & 1)) s.read.model_guess = hostile_string(b);
    cli::Prepared prepared;
    try {
        prepared.model = make_model(std::string(model_name(model_kind)), options);
    } catch (const ModelError&) {  // an initial state the model does not take
        options.initial.reset();
        s.settings.initial.reset();
        prepared.model = make_model(std::string(model_name(model_kind)), options);
    }
    s.model = prepared.model;

    // Events: the model's own operations, their values often replaced by hostile ones; now and then a
    // hostile `f`; keys for every operation or none (mixing them is bad input too).
    const bool keyed = b.below(3) == 0;
    const unsigned processes = 1 + b.below(3);
    std::vector<std::optional<Invocation>> open(processes);
    std::vector<Event> events;
    int invoked = 0;
    while (!b.empty() && events.size() < 16) {
        const unsigned pick = b.next();
        const unsigned p = pick % processes;
        Event e;
        if (!open[p]) {
            if (invoked == 6) break;
            Invocation inv = invocation(model_kind, b);
            if (pick & 8) inv.value = hostile_value(b, pool);
            if (pick & 16 && b.below(8) == 0) inv.f = hostile_string(b);
            if (keyed) inv.key = hostile_value(b, pool);
            e = invoke_event(p, inv);
            open[p] = std::move(inv);
            ++invoked;
        } else {
            e = completion_event(p, *open[p], pick);
            if (pick & 32) e.value = hostile_value(b, pool);
            open[p].reset();
        }
        e.pos.event_index = events.size() + 1;
        e.pos.line = static_cast<std::uint32_t>(events.size() + 1);
        e.pos.column = 1;
        events.push_back(std::move(e));
    }

    try {
        std::vector<Operation> ops = pair_events(events, {}, &s.read.pairing);
        prepared.failed.push_back(std::move(s.read.pairing.failed));
        s.read.pairing.failed.clear();
        prepared.ops.push_back(std::move(ops));
    } catch (const InputError& e) {
        const cli::Stopped why = cli::input_error(s.input_name(), e);
        return cli::stopped(std::move(s), why);
    }
    cli::HistoryLimits limits;
    limits.check.memory_limit_bytes = std::size_t{16} << 20;
    limits.explain = limits.check;
    return cli::check_prepared(std::move(s), std::move(prepared), limits, 1, nullptr);
}

// The report of a history a reader rejected: its message quotes the bytes.
std::optional<cli::Report> reader_error_session(Bytes& b, std::string_view text) {
    cli::Report s;
    s.settings.input = hostile_string(b);
    s.settings.inputs = {s.settings.input};
    try {
        formats::ReadOptions options;
        options.format = static_cast<formats::Format>(b.below(6));
        (void)formats::read_history(text, options);
        return std::nullopt;
    } catch (const InputError& e) {
        const cli::Stopped why = cli::input_error(s.input_name(), e);
        return cli::stopped(std::move(s), why);
    } catch (const std::exception&) {
        return std::nullopt;  // e.g. a format the options cannot force
    }
}

}  // namespace lincheck::fuzz::detail
