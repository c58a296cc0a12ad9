#include "progress.hpp"

#include <cstdio>
#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

#include "safe_text.hpp"

namespace lincheck::cli {

namespace {

using Clock = std::chrono::steady_clock;

// 1234567 -> "1,234,567"
std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

void write_stderr(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

std::size_t terminal_columns() {
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

// Cuts `text` to `columns` characters (UTF-8 aware), so that the line never wraps: a wrapped line
// could not be erased with a carriage return.
std::string fit(const std::string& text, std::size_t columns) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (++chars > columns) return text.substr(0, i);
    }
    return text;
}

}  // namespace

Progress::Progress(bool enabled, std::string label)
    : label_(display_text(label, false)), enabled_(enabled), start_(Clock::now()), delay_(1000) {
    if (!enabled) return;
    if (const char* env = std::getenv("LINCHECK_PROGRESS_DELAY_MS")) delay_ = std::chrono::milliseconds(std::atol(env));
    thread_ = std::thread([this] { run(); });
}

Progress::~Progress() { finish(); }

void Progress::finish() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Progress::run() {
    std::unique_lock lock(mutex_);
    auto next = start_ + delay_;
    while (!wake_.wait_until(lock, next, [this] { return stopping_; })) {
        const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        const std::size_t columns = terminal_columns();
        write_stderr("\r" + fit(line(seconds), columns > 1 ? columns - 1 : columns) + "\033[K");
        drawn_ = true;
        next = Clock::now() + std::chrono::milliseconds(200);
    }
    if (drawn_) write_stderr("\r\033[K");
}

std::string Progress::line(double seconds) const {
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, " · %.1f s", seconds);
    const std::size_t files = files_total.load();
    if (files != 0) {
        return "lincheck: " + grouped(files_done.load()) + " of " + grouped(files) + " histories, " +
               megabytes(bytes_read.load()) + " read, " + grouped(ops_done.load()) + " operations checked" + elapsed;
    }
    const std::string name = label_.empty() ? "" : " " + label_;
    switch (phase.load()) {
        case Phase::reading: {
            const std::uint64_t total = bytes_total.load();
            return "lincheck: reading" + name + ": " + megabytes(bytes_read.load()) +
                   (total != 0 ? " of " + megabytes(total) : "") + elapsed;
        }
        case Phase::parsing: return "lincheck: parsing" + name + " (" + megabytes(bytes_read.load()) + ")" + elapsed;
        case Phase::checking: {
            const std::size_t keys = partitions_total.load();
            return "lincheck: checking: " + grouped(partitions_done.load()) +
                   (keys != 0 ? " of " + grouped(keys) : "") + (keys == 1 ? " key, " : " keys, ") +
                   grouped(ops_done.load()) + " of " + grouped(ops_total.load()) + " operations" + elapsed;
        }
        case Phase::explaining: return "lincheck: explaining the failure" + std::string(elapsed);
    }
    return "lincheck:" + std::string(elapsed);
}

bool progress_wanted(const Settings& settings) { return !settings.quiet && ::isatty(STDERR_FILENO) == 1; }

}  // namespace lincheck::cli
