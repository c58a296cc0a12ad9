// The default report on stdout: a verdict line, and for a failure the explanation of each reported key.
#include <cstdio>
#include <iostream>
#include <map>

#include "session.hpp"

namespace lincheck::cli {

void write_verbose(const Session& session, std::ostream& out) {
    const HistoryResult& result = session.result;
    std::uint64_t configurations = 0, steps = 0;
    for (const auto& p : result.partitions) {
        configurations += p.result.stats.configurations;
        steps += p.result.stats.steps;
    }
    out << "read " << session.pairing.events << " events as " << formats::to_string(session.format) << " ("
        << session.skipped_non_client << " non-client skipped); " << session.operations << " operations ("
        << session.pairing.failed_dropped << " failed dropped, " << session.pairing.indeterminate
        << " indeterminate); model " << session.model->name() << "; " << result.partitions.size()
        << (result.partitions.size() == 1 ? " partition; " : " partitions; ") << configurations
        << " configurations explored in " << steps << " steps\n";
    if (!session.model_guess.empty()) out << "model " << session.model->name() << ": " << session.model_guess << '\n';
    out << "keys: " << formats::to_string(session.keys) << " convention"
        << (session.dropped_truncated ? "; dropped a cut-off last event (--allow-truncated)" : "") << '\n';
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
    std::snprintf(line, sizeof line, "read %.1f ms, check %.1f ms, explain %.1f ms\n", session.read_ms,
                  session.check_ms, session.explain_ms);
    out << line;
}

void write_text_report(const Session& session, std::ostream& out) {
    const Settings& s = session.settings;
    const HistoryResult& result = session.result;
    if (s.verbose) write_verbose(session, std::cerr);

    if (session.dropped_truncated) std::cerr << "lincheck: note: the last event was cut off and has been left out (--allow-truncated)\n";
    char summary[200];
    if (session.key_shard()) {
        std::snprintf(summary, sizeof summary, "shard %zu/%zu: %zu of %zu keys, %zu of %zu operations, %.1f ms",
                      s.shard->index, s.shard->count, result.partitions.size(), session.total_partitions,
                      session.operations, session.total_ops, session.read_ms + session.check_ms);
    } else {
        std::snprintf(summary, sizeof summary, "%zu operations%s, %.1f ms", session.operations,
                      result.partitions.size() > 1 ? (", " + std::to_string(result.partitions.size()) + " keys").c_str() : "",
                      session.read_ms + session.check_ms);
    }
    switch (result.verdict) {
        case Verdict::linearizable: out << "linearizable (" << summary << ")\n"; break;
        case Verdict::unknown: out << "unknown: " << session.unknown_reason() << " (" << summary << ")\n"; break;
        case Verdict::not_linearizable:
            out << "NOT linearizable (" << summary << ")\n";
            for (const std::string& text : session.explanation_texts) out << '\n' << text;
            break;
    }
}

}  // namespace lincheck::cli
