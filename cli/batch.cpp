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
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <nlohmann/json.hpp>
#include <set>

#include "exit_codes.hpp"
#include "lincheck/internal/check_knobs.hpp"
#include "report_schema.hpp"
#include "jepsen_store.hpp"
#include "progress.hpp"
#include "safe_text.hpp"
#include "session.hpp"

namespace lincheck::cli {

namespace {

namespace fs = std::filesystem;

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

// A Jepsen run goes by its directory in the table, JUnit and the JSON report ("input"); the report
// also says which of its files was read ("history").
void named_as_run(FileOutcome& file, const std::string& run) {
    if (!file.report.empty()) {
        nlohmann::ordered_json report = nlohmann::ordered_json::parse(file.report);
        report[schema::field::history] = file.input;
        report[schema::field::input] = run;
        file.report = report.dump();
    }
    file.input = run;
}

}  // namespace

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
    batch.options = options_json_text(settings);
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
    const unsigned jobs = usable_threads(settings.jobs);
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
                const std::string message =
                    files[i].name + ": a Jepsen run directory without history.edn, history.txt or jepsen.log";
                file.error = "lincheck: " + message + '\n';  // as the report says it
                if (with_reports) file.report = missing_history_report_text(files[i].name, message);
                progress.files_done.fetch_add(1, std::memory_order_relaxed);
                return;
            }
            Settings one = settings;  // this history alone
            one.input = files[i].file;
            one.inputs = {files[i].file};
            one.recursive = false;
            one.shard.reset();
            const Report report = check_one(one, *context, Clock::now(), per_history, &progress);
            batch.files[i] = outcome_of(report, with_reports);
            if (files[i].name != files[i].file) named_as_run(batch.files[i], files[i].name);
            if (!settings.html_report.empty() && report.exit_code != kLinearizable) {
                batch.files[i].html_data = html_history_data(report, true);
            }
            progress.files_done.fetch_add(1, std::memory_order_relaxed);
            // What searches that ended near their deadline left unfreed (check.hpp), now that this
            // history's clock has stopped.
            release_search_memory();
        };
        tbb::task_arena arena(static_cast<int>(jobs));  // usable_threads: at least 1, at most the cores
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
        return write_report_file(path, [&](std::ostream& out) { writer(batch, out); });
    };
    if (!settings.json_report.empty() && !write(settings.json_report, write_batch_json)) return kBadUsage;
    if (!settings.junit_report.empty() && !write(settings.junit_report, write_junit_report)) return kBadUsage;
    if (!settings.html_report.empty() && !write(settings.html_report, write_batch_html)) return kBadUsage;
    return batch.exit_code();
}

}  // namespace lincheck::cli
