// Batch mode: lincheck a.edn b.json ... or --recursive DIR checks the histories concurrently (each one's
// keys on one thread), then prints one table and the failures' explanations, in input order.
#include "batch.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <nlohmann/json.hpp>
#include <set>

#include "exit_codes.hpp"
#include "jepsen_store.hpp"
#include "progress.hpp"
#include "safe_text.hpp"
#include "session.hpp"

namespace lincheck::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int severity(int exit_code) {
    switch (exit_code) {
        case kLinearizable: return 0;
        case kUnknown: return 1;
        case kNotLinearizable: return 2;
        case kBadInput: return 3;
        default: return 4;
    }
}

std::string milliseconds(double ms) {
    char text[32];
    if (ms < 1000) std::snprintf(text, sizeof text, "%.1f ms", ms);
    else std::snprintf(text, sizeof text, "%.2f s", ms / 1000);
    return text;
}

// One history to check: the file, and the name it goes by in the table and the reports (a Jepsen run
// goes by its directory). `file` is empty for a Jepsen run without a history.
struct Target {
    std::string file;
    std::string name;
    std::string note;  // for -v: a Jepsen run's file checked and files skipped
};

// Adds the Jepsen run `dir` once (whatever links lead to it), with -v a note of what is left out.
void add_run(const fs::path& dir, std::vector<Target>& out, std::set<fs::path>& runs, bool verbose) {
    std::error_code error;
    fs::path canonical = fs::canonical(dir, error);
    if (error) canonical = dir;
    if (!runs.insert(canonical).second) {
        if (verbose) std::cerr << display_text("lincheck: " + dir.string() + ": skipped, the Jepsen run is already checked\n");
        return;
    }
    const auto history = run_history(dir);
    Target run{history ? history->string() : std::string(), dir.string(), {}};
    if (verbose) {
        std::string others;
        for (const std::string& name : run_others(dir, history)) others += (others.empty() ? "" : ", ") + name;
        run.note = "lincheck: " + dir.string() + ": Jepsen run, checking " +
                   (history ? history->filename().string() : std::string("nothing (no history)")) +
                   (others.empty() ? "" : "; skipped: " + others) + '\n';
    }
    out.push_back(std::move(run));
}

// Every regular file under `dir`, sorted by name (bytewise), skipping names that start with a dot (and
// what is under such directories) and links to directories. A Jepsen run directory (is_jepsen_run)
// counts as one history: its own (run_history), whatever else it holds. Throws fs::filesystem_error
// when a directory cannot be read.
void collect_files(const fs::path& dir, std::vector<Target>& out, std::set<fs::path>& runs, bool verbose) {
    std::vector<Target> found;
    if (is_jepsen_run(dir)) {
        add_run(dir, out, runs, verbose);
        return;
    }
    auto it = fs::recursive_directory_iterator(dir);
    for (auto end = fs::recursive_directory_iterator(); it != end; ++it) {
        const std::string name = it->path().filename().string();
        if (!name.empty() && name.front() == '.') {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_directory() && !it->is_symlink() && is_jepsen_run(it->path())) {
            it.disable_recursion_pending();
            add_run(it->path(), found, runs, verbose);
        } else if (it->is_regular_file()) {
            found.push_back({it->path().string(), it->path().string(), {}});
        }
    }
    std::sort(found.begin(), found.end(), [](const Target& a, const Target& b) { return a.name < b.name; });
    out.insert(out.end(), found.begin(), found.end());
}

// The display width of UTF-8 text (code points; the table's file names and models are plain text).
std::size_t width(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string padded(const std::string& text, std::size_t to, bool right = false) {
    const std::size_t w = width(text);
    if (w >= to) return text;
    return right ? std::string(to - w, ' ') + text : text + std::string(to - w, ' ');
}

// A Jepsen run goes by its directory in the table, JUnit and the JSON report ("input"); the report
// also says which of its files was read ("history").
void named_as_run(FileOutcome& file, const std::string& run) {
    if (!file.report.empty()) {
        nlohmann::ordered_json report = nlohmann::ordered_json::parse(file.report);
        report["history"] = file.input;
        report["input"] = run;
        file.report = report.dump();
    }
    file.input = run;
}

std::string missing_history_report(const std::string& run) {
    const std::string message = run + ": a Jepsen run directory without history.edn, history.txt or jepsen.log";
    const nlohmann::ordered_json report = {
        {"schema", "lincheck-report/1"},
        {"version", LINCHECK_VERSION},
        {"input", run},
        {"history", nullptr},
        {"format", nullptr},
        {"model", nullptr},
        {"verdict", "bad_input"},
        {"exit_code", kBadInput},
        {"reason", nullptr},
        {"counts", nullptr},
        {"timings_ms", {{"read", 0}, {"check", 0}, {"explain", 0}}},
        {"partitions", nlohmann::ordered_json::array()},
        {"failures", nlohmann::ordered_json::array()},
        {"shard", nullptr},
        {"error", {{"message", message}, {"text", "lincheck: " + message + "\n"}}},
    };
    return report.dump();
}

}  // namespace

int worse(int a, int b) { return severity(a) >= severity(b) ? a : b; }

int BatchOutcome::exit_code() const {
    int code = kLinearizable;
    for (const FileOutcome& file : files) code = worse(code, file.exit_code);
    return code;
}

std::string outcome_text(int exit_code) {
    switch (exit_code) {
        case kLinearizable: return "linearizable";
        case kNotLinearizable: return "NOT linearizable";
        case kUnknown: return "unknown";
        case kBadInput: return "bad input";
        default: return "bad usage";
    }
}

std::string outcome_name(int exit_code) {
    switch (exit_code) {
        case kLinearizable: return "linearizable";
        case kNotLinearizable: return "not_linearizable";
        case kUnknown: return "unknown";
        case kBadInput: return "bad_input";
        default: return "bad_usage";
    }
}

FileOutcome outcome_of(const Session& session, bool with_report) {
    FileOutcome file;
    file.input = session.input_name();
    file.exit_code = session.exit_code;
    file.time_ms = session.read_ms + session.check_ms + session.explain_ms;
    file.error = session.error;
    if (session.model && session.exit_code != kBadInput && session.exit_code != kBadUsage) {
        file.model = std::string(session.model->name());
        file.operations = session.total_ops;
        file.keys = session.total_partitions;
        if (session.exit_code == kUnknown) file.reason = session.unknown_reason();
        file.explanations = session.explanation_texts;
        std::ostringstream notes;
        if (session.settings.verbose) write_verbose(session, notes);
        if (session.dropped_truncated) notes << "note: the last event was cut off and has been left out (--allow-truncated)\n";
        for (const std::string& warning : session.warnings) notes << "warning: " << warning << '\n';
        file.notes = notes.str();
    }
    if (with_report) file.report = json_report_text(session);
    return file;
}

namespace {

void write_batch_text_raw(const BatchOutcome& batch, std::ostream& out) {
    const std::vector<std::string> header = {"FILE", "MODEL", "OPS", "VERDICT", "TIME"};
    std::vector<std::vector<std::string>> rows;
    for (const FileOutcome& file : batch.files) {
        // Each cell on one line, its width counted on what the terminal will show.
        rows.push_back({display_text(file.input, false), file.model.empty() ? "-" : display_text(file.model, false),
                        file.operations ? std::to_string(*file.operations) : "-", outcome_text(file.exit_code),
                        milliseconds(file.time_ms)});
    }
    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        widths[c] = width(header[c]);
        for (const auto& row : rows) widths[c] = std::max(widths[c], width(row[c]));
    }
    auto print = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const bool right = c == 2 || c == 4;
            line += padded(row[c], c + 1 == row.size() && !right ? 0 : widths[c], right);
            if (c + 1 < row.size()) line += "  ";
        }
        out << line << '\n';
    };
    print(header);
    for (const auto& row : rows) print(row);

    std::size_t counts[5] = {0, 0, 0, 0, 0};
    for (const FileOutcome& file : batch.files) ++counts[std::clamp(file.exit_code, 0, 4)];
    std::string summary;
    if (batch.shard) {
        summary += "shard " + std::to_string(batch.shard->index) + "/" + std::to_string(batch.shard->count) + ": " +
                   std::to_string(batch.files.size()) + " of " + std::to_string(batch.files_total) +
                   (batch.files_total == 1 ? " history" : " histories");
    } else {
        summary += std::to_string(batch.files.size()) + (batch.files.size() == 1 ? " history" : " histories");
    }
    std::string parts;
    for (const int code : {kLinearizable, kNotLinearizable, kUnknown, kBadInput, kBadUsage}) {
        if (counts[code] == 0) continue;
        parts += (parts.empty() ? ": " : ", ") + std::to_string(counts[code]) + " " + outcome_text(code);
    }
    out << '\n' << summary << parts << " (" << milliseconds(batch.elapsed_ms) << ")\n";

    for (const FileOutcome& file : batch.files) {
        if (file.exit_code == kLinearizable) continue;
        out << "\n== " << file.input << ": " << outcome_text(file.exit_code) << " ==\n";
        switch (file.exit_code) {
            case kNotLinearizable:
                for (std::size_t i = 0; i < file.explanations.size(); ++i) out << (i ? "\n" : "") << file.explanations[i];
                break;
            case kUnknown: out << file.reason << '\n'; break;
            default: out << file.error; break;
        }
    }
}

}  // namespace

// Written whole, then made safe for a terminal (safe_text.hpp).
void write_batch_text(const BatchOutcome& batch, std::ostream& out) {
    std::ostringstream text;
    write_batch_text_raw(batch, text);
    out << display_text(text.str());
}

int run_batch(const Settings& settings) {
    const auto context = prepare_run(settings);
    if (!context) return kBadUsage;
    const auto start = Clock::now();

    std::vector<Target> files;
    std::set<fs::path> runs;  // the Jepsen runs taken, by canonical path
    for (const std::string& input : settings.inputs) {
        std::error_code error;
        const bool directory = input != "-" && fs::is_directory(input, error);
        if (directory && (settings.recursive || is_jepsen_run(input))) {
            try {
                const std::size_t before = files.size();
                collect_files(input, files, runs, settings.verbose);
                if (files.size() == before) std::cerr << display_text("lincheck: note: no files under " + input + '\n');
            } catch (const fs::filesystem_error& e) {
                std::cerr << display_text("lincheck: cannot read the directory " + input + ": " + e.code().message() + '\n');
                return kBadInput;
            }
        } else {
            files.push_back({input, input, {}});
        }
    }
    for (const Target& target : files) std::cerr << display_text(target.note);
    if (files.empty()) {
        std::cerr << "lincheck: no histories to check\n";
        return kBadInput;
    }

    BatchOutcome batch;
    batch.files_total = files.size();
    batch.shard = settings.shard;
    batch.options = options_json_text(settings, context->model_options.initial);
    batch.version = LINCHECK_VERSION;
    if (settings.shard) {
        // Part K of N: the files whose place in the bytewise-sorted list is K-1 modulo N. Every shard
        // that is given the same paths picks the same files, whatever the machine or the locale.
        std::vector<std::size_t> by_path(files.size());
        std::iota(by_path.begin(), by_path.end(), std::size_t{0});
        std::stable_sort(by_path.begin(), by_path.end(),
                         [&](std::size_t a, std::size_t b) { return files[a].name < files[b].name; });
        std::vector<bool> mine(files.size());
        for (std::size_t rank = 0; rank < by_path.size(); ++rank) {
            mine[by_path[rank]] = rank % settings.shard->count == settings.shard->index - 1;
        }
        std::vector<Target> kept;
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (mine[i]) kept.push_back(std::move(files[i]));
        }
        files = std::move(kept);
    }

    // Histories run concurrently, each on one thread (a lone history gets every thread for its keys).
    // Each result lands in its own slot, so the output does not depend on the order they finish in.
    const unsigned jobs = settings.jobs != 0 ? settings.jobs : static_cast<unsigned>(tbb::info::default_concurrency());
    const unsigned per_history = files.size() == 1 ? jobs : 1;
    const bool with_reports = !settings.json_report.empty();
    batch.files.resize(files.size());
    {
        Progress progress(progress_wanted(settings));
        progress.files_total = std::max<std::size_t>(files.size(), 1);
        auto check = [&](std::size_t i) {
            if (files[i].file.empty()) {  // a Jepsen run without a history
                FileOutcome& file = batch.files[i];
                file.input = files[i].name;
                file.exit_code = kBadInput;
                file.error = "lincheck: " + files[i].name +
                             ": a Jepsen run directory without history.edn, history.txt or jepsen.log\n";  // as the report
                if (with_reports) file.report = missing_history_report(files[i].name);
                progress.files_done.fetch_add(1, std::memory_order_relaxed);
                return;
            }
            Session session;
            session.settings = settings;
            session.settings.input = files[i].file;
            session.settings.inputs = {files[i].file};
            session.settings.recursive = false;
            session.settings.shard.reset();
            check_one(session, *context, per_history, &progress);
            batch.files[i] = outcome_of(session, with_reports);
            if (files[i].name != files[i].file) named_as_run(batch.files[i], files[i].name);
            if (!settings.html_report.empty() && session.exit_code != kLinearizable) {
                batch.files[i].html_data = html_history_data(session, true);
            }
            progress.files_done.fetch_add(1, std::memory_order_relaxed);
            // What searches that ended near their deadline left unfreed (check.hpp), now that this
            // history's clock has stopped.
            release_search_memory();
        };
        // TBB has no more workers than cores (asking for more only prints a warning).
        const int threads = static_cast<int>(std::clamp(jobs, 1u, static_cast<unsigned>(tbb::info::default_concurrency())));
        tbb::task_arena arena(threads);
        arena.execute([&] {
            tbb::parallel_for(std::size_t{0}, files.size(), [&](std::size_t i) { check(i); });
        });
    }
    batch.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();

    for (const FileOutcome& file : batch.files) {
        if (file.notes.empty()) continue;
        std::istringstream lines(file.notes);
        for (std::string line; std::getline(lines, line);) std::cerr << display_text(file.input + ": " + line + '\n');
    }
    if (!settings.quiet) write_batch_text(batch, std::cout);
    auto write = [&](const std::string& path, void (*writer)(const BatchOutcome&, std::ostream&)) {
        std::ofstream out(path, std::ios::binary);
        if (out) writer(batch, out);
        if (!out) std::cerr << display_text("lincheck: cannot write " + path + '\n');
        return static_cast<bool>(out);
    };
    if (!settings.json_report.empty() && !write(settings.json_report, write_batch_json)) return kBadUsage;
    if (!settings.junit_report.empty() && !write(settings.junit_report, write_junit_report)) return kBadUsage;
    if (!settings.html_report.empty() && !write(settings.html_report, write_batch_html)) return kBadUsage;
    return batch.exit_code();
}

}  // namespace lincheck::cli
