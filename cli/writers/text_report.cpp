// The default report on stdout: a verdict line, and for a failure the explanation of each reported key.
#include <sys/ioctl.h>
#include <unistd.h>

#include <map>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/exit_codes.hpp"
#include "cli/report_words.hpp"
#include "cli/safe_text.hpp"
#include "cli/writers/writers.hpp"

namespace lincheck::cli {

namespace {

void write_verbose_raw(const Report& report, std::ostream& out) {
    const HistoryResult& result = report.result;
    std::uint64_t configurations = 0, steps = 0;
    for (const auto& p : result.partitions) {
        configurations += p.result.stats.configurations;
        steps += p.result.stats.steps;
    }
    out << "read " << report.read.pairing.events << " events as " << formats::to_string(report.read.format) << " ("
        << report.read.skipped_non_client << " non-client skipped, " << report.read.pairing.orphan_info
        << " orphan info skipped); " << report.operations << " operations ("
        << report.read.pairing.failed_dropped << " failed dropped, " << report.read.pairing.indeterminate
        << " indeterminate); model " << report.model->name() << "; " << result.partitions.size()
        << (result.partitions.size() == 1 ? " partition; " : " partitions; ") << configurations
        << " configurations explored in " << steps << " steps\n";
    if (!report.read.model_guess.empty()) out << "model " << report.model->name() << ": " << report.read.model_guess << '\n';
    out << "keys: " << formats::to_string(report.read.keys) << " convention"
        << (report.read.dropped_truncated ? "; dropped a cut-off last event (--allow-truncated)" : "") << '\n';
    out << "memory budget " << (report.memory_budget.bytes >> 20) << " MiB (" << report.memory_budget.detail << ")\n";
    // Which engine decided the partitions, and why the fast ones did not (docs/engines.md).
    std::map<std::string, std::size_t> decided_by;
    std::map<std::string, std::size_t> notes;
    for (const auto& p : result.partitions) {
        if (p.engine.empty()) continue;
        ++decided_by[p.engine];
        if (!p.engine_note.empty()) ++notes[p.engine_note];
    }
    for (const auto& [engine, count] : decided_by) {
        out << "engine " << engine << ": " << count << (count == 1 ? " partition\n" : " partitions\n");
    }
    std::size_t shown = 0;
    for (const auto& [note, count] : notes) {
        if (++shown > 5) {
            out << "  … " << notes.size() - 5 << " more reasons\n";
            break;
        }
        out << "  search because " << note << " (" << count << (count == 1 ? " partition)\n" : " partitions)\n");
    }
    char line[160];
    std::snprintf(line, sizeof line, "read %.1f ms, check %.1f ms, explain %.1f ms\n", report.timings.read_ms,
                  report.timings.check_ms, report.timings.explain_ms);
    out << line;
}

// The columns explanations are wrapped to: $COLUMNS when it is a number, else the terminal's width
// when stdout is one, else 100. At least 40.
std::size_t report_width() {
    std::size_t width = 100;
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        char* end = nullptr;
        const unsigned long n = std::strtoul(columns, &end, 10);
        if (*end == '\0' && n > 0) width = n;
    } else if (winsize size{}; isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        width = size.ws_col;
    }
    return std::max<std::size_t>(width, 40);
}

void write_text_report_raw(const Report& report, std::ostream& out) {
    const Settings& s = report.settings;
    const HistoryResult& result = report.result;
    if (s.verbose) write_verbose(report, std::cerr);

    if (report.read.dropped_truncated) std::cerr << "lincheck: note: the last event was cut off and has been left out (--allow-truncated)\n";
    char summary[200];
    if (report.key_shard()) {
        std::snprintf(summary, sizeof summary, "shard %zu/%zu: %zu of %zu keys, %zu of %zu operations, %.1f ms",
                      s.shard->index, s.shard->count, result.partitions.size(), report.total_partitions,
                      report.operations, report.total_ops, report.timings.read_ms + report.timings.check_ms);
    } else {
        std::snprintf(summary, sizeof summary, "%zu operations%s, %.1f ms", report.operations,
                      result.partitions.size() > 1 ? (", " + std::to_string(result.partitions.size()) + " keys").c_str() : "",
                      report.timings.read_ms + report.timings.check_ms);
    }
    switch (result.verdict) {
        case Verdict::linearizable: out << outcome_text(kLinearizable) << " (" << summary << ")\n"; break;
        case Verdict::unknown:
            out << outcome_text(kUnknown) << ": " << report.unknown_reason() << " (" << summary << ")\n";
            if (report.unknown_reason().starts_with("memory limit") && report.memory_budget.source != "--memory-limit") {
                std::cerr << "lincheck: note: that is the default memory budget, " << (report.memory_budget.bytes >> 20)
                          << " MiB: " << report.memory_budget.detail << "; --memory-limit sets another\n";
            }
            break;
        case Verdict::not_linearizable:
            out << outcome_text(kNotLinearizable) << " (" << summary << ")\n";
            if (const std::size_t width = report_width(); width != 100) {
                for (const ExplainedFailure& f : report.failures) {
                    out << '\n'
                        << render_failure(*report.model, result.partitions[f.partition], f.explanation, report.notation, width,
                                          result.partitions);
                }
            } else {
                for (const ExplainedFailure& f : report.failures) out << '\n' << f.text;
            }
            break;
    }
}

}  // namespace

std::vector<std::string> verdict_notes(const Report& report) {
    std::vector<std::string> notes;
    for (const std::string& w : report.read.warnings) notes.push_back("warning: " + w);
    const bool inferred = report.settings.independent == formats::KeyConvention::detect;
    if (inferred && report.read.keys != formats::KeyConvention::none) {
        const std::size_t keys = report.key_shard() ? report.total_partitions : report.result.partitions.size();
        notes.push_back(std::string("note: keys taken from ") +
                        (report.read.keys == formats::KeyConvention::tuples ? "Jepsen's [key value] tuples"
                                                                        : "the events' `key` field") +
                        " (--independent auto): " + std::to_string(keys) + (keys == 1 ? " key" : " keys") +
                        " checked as independent objects");
    }
    return notes;
}

// Both reports are written whole, then made safe for a terminal (safe_text.hpp): the history's values
// may hold escape sequences and bytes that are not UTF-8.
void write_verbose(const Report& report, std::ostream& out) {
    std::ostringstream text;
    write_verbose_raw(report, text);
    out << display_text(text.str());
}

void write_text_report(const Report& report, std::ostream& out) {
    std::ostringstream text;
    write_text_report_raw(report, text);
    out << display_text(text.str());
    // After the verdict (which a progress line's erasure leaves in place on a terminal).
    const auto notes = verdict_notes(report);
    if (!notes.empty()) out.flush();
    for (const std::string& note : notes) std::cerr << display_text("lincheck: " + note + '\n');
}

}  // namespace lincheck::cli
