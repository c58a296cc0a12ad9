#include "common/read_and_check.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/explain_failure.hpp"
#include "common/require.hpp"
#include "lincheck/check.hpp"
#include "lincheck/models.hpp"
#include "lincheck/internal/piece_pairer.hpp"
#include "lincheck/pairing.hpp"
#include "support/oracle.hpp"
#include "support/same_operation.hpp"

namespace lincheck::fuzz {

namespace detail {
namespace {

std::size_t count_lines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// A reader's InputError must say where: a line and column inside the text.
void require_position(const InputError& e, std::string_view text) {
    const SourcePos& pos = e.pos();
    require(pos.line >= 1 && pos.line <= count_lines(text) && pos.column >= 1,
            "InputError without a position inside the text (line " + std::to_string(pos.line) + ", column " +
                std::to_string(pos.column) + "): " + e.what());
}


// Pairs `events` cut into pieces of `every` events (positions made relative to each piece, as the
// streaming reader makes them), or throws the InputError that pairing gives.
std::vector<Operation> pair_in_pieces(const std::vector<Event>& events, std::size_t every,
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
void require_pairing_in_pieces(const std::vector<Event>& events) {
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
void check_read(formats::ReadResult read, std::string_view model_name, const ModelOptions& model_options) {
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

}  // namespace
}  // namespace detail

void read_and_check(std::string_view text, formats::Format format, std::string_view model,
                    formats::KeyConvention keys) {
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

namespace {

// Reading a line-based history cut into pieces of whole lines (where the format allows a cut, as the
// streaming reader cuts it), each piece read on its own with positions shifted by what comes before,
// gives the events reading it whole gives, or an error at the same place.
void require_reading_in_pieces(std::string_view text, formats::Format format) {
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

}  // namespace

void read_lines_and_check(std::string_view text, formats::Format format) {
    require_reading_in_pieces(text, format);
    read_and_check(text, format);
}

}  // namespace lincheck::fuzz
