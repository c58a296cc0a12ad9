// A lone history: lincheck [options] HISTORY. Checks it (session.hpp), prints the text report and
// writes the report files asked for.
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "exit_codes.hpp"
#include "progress.hpp"
#include "safe_text.hpp"
#include "session.hpp"

namespace lincheck::cli {

namespace {

// When the process started: exec, from /proc/self/stat (in clock ticks since boot, rounded down, so
// never late), or failing that this file's static initialisation. Loading the libraries comes between
// the two: 5 ms on an idle machine, 50 ms or more on one loaded ten times over.
Clock::time_point start_of_process() {
    const Clock::time_point now = Clock::now();
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto name_end = stat.rfind(')');  // the command name may hold spaces and parentheses
    timespec boot{};
    const long ticks_per_second = sysconf(_SC_CLK_TCK);
    if (name_end == std::string::npos || ticks_per_second <= 0 || clock_gettime(CLOCK_BOOTTIME, &boot) != 0) return now;
    std::istringstream fields(stat.substr(name_end + 2));
    std::string field;
    for (int i = 3; i < 22 && fields >> field; ++i) {  // fields 3..21, then starttime (22)
    }
    unsigned long long start_ticks = 0;
    if (!(fields >> start_ticks)) return now;
    const double since_boot = static_cast<double>(boot.tv_sec) + static_cast<double>(boot.tv_nsec) / 1e9;
    const double elapsed = since_boot - static_cast<double>(start_ticks) / static_cast<double>(ticks_per_second);
    if (elapsed < 0 || elapsed > 10) return now;  // not believable
    return now - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(elapsed));
}

const Clock::time_point process_start = start_of_process();

}  // namespace

int run_session(const Settings& settings) {
    const auto context = prepare_run(settings);
    if (!context) return kBadUsage;
    // Never freed: the process is about to exit, and freeing a large history and its results one
    // object at a time is a serial tail of the run, after --time-limit's deadline (10^6 events: ~15 ms
    // on an idle machine). Reachable from here, so it is no leak to the sanitizers. (main calls this once.)
    static Report* kept = nullptr;
    {
        Progress progress(progress_wanted(settings), settings.input == "-" ? "<stdin>" : settings.input);
        kept = new Report(check_one(settings, *context, process_start, settings.jobs, &progress));
    }
    const Report& report = *kept;
    if (!report.error.empty()) std::cerr << display_text(report.error);
    if (report.exit_code == kBadUsage) return kBadUsage;

    if (report.checked() && !settings.quiet) write_text_report(report, std::cout);
    if (!settings.json_report.empty() &&
        !write_report_file(settings.json_report, [&](std::ostream& out) { write_json_report(report, out); })) {
        return kBadUsage;
    }
    if (!settings.html_report.empty() &&
        !write_report_file(settings.html_report, [&](std::ostream& out) { write_html_report(report, out); })) {
        return kBadUsage;
    }
    if (!settings.junit_report.empty()) {
        BatchOutcome batch;
        batch.files.push_back(outcome_of(report, false));
        batch.files_total = 1;
        batch.elapsed_ms = report.timings.total_ms();
        batch.options = options_json_text(settings);
        batch.version = LINCHECK_VERSION;
        if (!write_report_file(settings.junit_report, [&](std::ostream& out) { write_junit_report(batch, out); })) return kBadUsage;
    }
    return report.exit_code;
}

}  // namespace lincheck::cli
