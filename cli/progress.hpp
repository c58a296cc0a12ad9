#pragma once
// The progress line: on a terminal, a run that lasts more than about a second shows what it is doing on
// stderr (bytes read, keys and operations checked, elapsed time), redrawn five times a second by a
// background thread and erased when the run ends. Silent when stderr is not a terminal or with --quiet.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "settings.hpp"

namespace lincheck::cli {

class Progress {
public:
    enum class Phase : int { reading, parsing, checking, explaining };

    // Counters the work bumps and the display reads. For one history, the bytes and the phase; for a
    // batch, files_total > 0 and the counters add up over every history.
    std::atomic<std::uint64_t> bytes_read{0};
    std::atomic<std::uint64_t> bytes_total{0};  // 0: not known (standard input)
    std::atomic<std::size_t> partitions_done{0};
    std::atomic<std::size_t> partitions_total{0};  // 0: not known yet
    std::atomic<std::size_t> ops_done{0};
    std::atomic<std::size_t> ops_total{0};
    std::atomic<std::size_t> files_done{0};
    std::atomic<std::size_t> files_total{0};
    std::atomic<Phase> phase{Phase::reading};

    // Draws nothing unless `enabled`. The line appears once the run has lasted `delay` (1 s; the
    // environment variable LINCHECK_PROGRESS_DELAY_MS overrides it, for tests).
    explicit Progress(bool enabled, std::string label = "");
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // Stops the thread and erases the line, if one was drawn. Call before printing anything else.
    void finish();

    bool enabled() const { return enabled_; }

    // The line for the counters' current values, `seconds` into the run (without terminal codes).
    std::string line(double seconds) const;

private:
    void run();

    std::string label_;
    bool enabled_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::milliseconds delay_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool drawn_ = false;
    std::thread thread_;
};

// Whether this run should show a progress line: stderr is a terminal and --quiet was not given.
bool progress_wanted(const Settings& settings);

}  // namespace lincheck::cli
