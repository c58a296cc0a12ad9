// lincheck-bench: in-process measurements for bench/run.sh and bench/RESULTS.md.
//
//   lincheck-bench files [--model M] [--initial V] [--nil-read-unknown] [--no-partition] [--reps R]
//                        [--time-limit S] FILE...
//       per file: read+pair time, check time (median of R runs), verdict, configurations explored and
//       configuration-cache bytes per stored configuration; then totals.
//   lincheck-bench small [--events 100] [--keys 8] [--processes 3] [--seconds 2] [--memory 0|1]
//                        [--reuse 0|1] [--verdict 0|1] [--checks N]
//       in-process checks per second of small random register histories with faults (the simulator
//       use case): histories are generated up front, then checked in a loop on one thread (rates per
//       second of the thread's CPU time); --memory 1 keeps a SearchMemory from one check to the next;
//       --reuse 1 checks with check_history_into into one HistoryResult kept from check to check;
//       --verdict 1 in the verdict-first mode (HistoryOptions::verdict_only).
//       --checks N: exactly N checks instead of --seconds (for instruction counts under callgrind:
//       run it with two N and divide the difference by theirs).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <random>
#include <string>
#include <vector>

#include "lincheck/check.hpp"
#include "lincheck/formats/read.hpp"
#include "lincheck/formats/read_in_pieces.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"

using namespace lincheck;
using Clock = std::chrono::steady_clock;

namespace {

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

int files(int argc, char** argv) {
    std::string model_name = "cas-register";
    ModelOptions model_options;
    HistoryOptions history_options;
    history_options.jobs = 1;
    int reps = 3;
    double time_limit = 0;  // seconds per check; 0: none
    std::vector<std::string> paths;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--model" && i + 1 < argc) model_name = argv[++i];
        else if (arg == "--initial" && i + 1 < argc) model_options.initial = formats::read_value(argv[++i], Value::Notation::edn);
        else if (arg == "--nil-read-unknown") model_options.nil_read_is_unknown = true;
        else if (arg == "--no-partition") history_options.partition_by_key = false;
        else if (arg == "--jobs" && i + 1 < argc) history_options.jobs = static_cast<unsigned>(std::stoul(argv[++i]));
        else if (arg == "--reps" && i + 1 < argc) reps = std::max(1, std::stoi(argv[++i]));
        else if (arg == "--time-limit" && i + 1 < argc) time_limit = std::stod(argv[++i]);
        else paths.push_back(arg);
    }
    const auto model = make_model(model_name, model_options);
    if (!model) {
        std::fprintf(stderr, "unknown model %s\n", model_name.c_str());
        return 4;
    }
    double total_read = 0, total_check = 0, worst = 0;
    std::string worst_name;
    std::printf("%-28s %-17s %9s %10s %12s %9s\n", "file", "verdict", "read ms", "check ms", "configs", "B/config");
    for (const std::string& path : paths) {
        const auto t0 = Clock::now();
        std::vector<Operation> ops;
        try {
            // Read as the CLI reads it: a line-based file in pieces (read_in_pieces.hpp).
            for (auto& run : formats::read_and_pair(path, formats::ReadOptions{}, false, nullptr, history_options.jobs).ops) {
                ops.insert(ops.end(), std::make_move_iterator(run.begin()), std::make_move_iterator(run.end()));
            }
        } catch (const InputError& e) {
            std::printf("%-28s bad input: %s\n", path.c_str(), e.what());
            continue;
        } catch (const std::runtime_error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            return 4;
        }
        const auto t1 = Clock::now();
        std::vector<double> times;
        HistoryResult result;
        for (int r = 0; r < reps; ++r) {
            const auto a = Clock::now();
            CheckLimits limits;
            if (time_limit > 0) {
                limits.deadline = a + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(time_limit));
            }
            result = check_history(*model, ops, limits, history_options);
            times.push_back(ms_between(a, Clock::now()));
        }
        std::sort(times.begin(), times.end());
        const double check = times[times.size() / 2];
        std::uint64_t configs = 0;
        std::size_t cache_bytes = 0;
        for (const auto& p : result.partitions) {
            configs += p.result.stats.configurations;
            cache_bytes += p.result.stats.config_cache_bytes;
        }
        const std::string name = path.substr(path.find_last_of('/') + 1);
        std::printf("%-28s %-17s %9.2f %10.3f %12llu %9.1f\n", name.c_str(), std::string(to_string(result.verdict)).c_str(),
                    ms_between(t0, t1), check, static_cast<unsigned long long>(configs),
                    configs ? static_cast<double>(cache_bytes) / static_cast<double>(configs) : 0.0);
        total_read += ms_between(t0, t1);
        total_check += check;
        if (check > worst) {
            worst = check;
            worst_name = name;
        }
    }
    std::printf("TOTAL %zu files: read %.1f ms, check %.1f ms (slowest: %s, %.2f ms)\n", paths.size(), total_read,
                total_check, worst_name.c_str(), worst);
    return 0;
}

// CPU time of this thread.
double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// A random register history over `keys` keys with `processes` clients and faults, `events` events.
std::vector<Operation> small_history(std::mt19937_64& rng, int events, int keys, int processes) {
    std::vector<Event> out;
    struct Client {
        bool busy = false;
        bool applied = false;
        int key = 0;
        int f = 0;
        std::int64_t arg = 0, result = -1;
    };
    std::vector<Client> clients(static_cast<std::size_t>(processes));
    std::vector<std::int64_t> store(static_cast<std::size_t>(keys), -1);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    while (static_cast<int>(out.size()) < events) {
        const int p = pick(processes);
        Client& c = clients[static_cast<std::size_t>(p)];
        Event e;
        e.process = p;
        if (!c.busy) {
            c = Client{true, false, pick(keys), pick(2), pick(5), -1};
            e.type = EventType::invoke;
            e.f = c.f == 0 ? "read" : "write";
            e.value = c.f == 0 ? Value() : Value::integer(c.arg);
        } else if (!c.applied && pick(4) != 0) {
            std::int64_t& reg = store[static_cast<std::size_t>(c.key)];
            if (c.f == 0) c.result = reg;
            else reg = c.arg;
            c.applied = true;
            continue;
        } else {
            const int fault = pick(20);
            e.type = fault == 0 ? EventType::info : (c.applied ? EventType::ok : EventType::fail);
            e.f = c.f == 0 ? "read" : "write";
            e.value = c.f == 0 ? (c.result < 0 ? Value() : Value::integer(c.result)) : Value::integer(c.arg);
            c.busy = false;
        }
        e.has_value = true;
        e.key = Value::integer(c.key);
        out.push_back(std::move(e));
    }
    return pair_events(std::move(out));
}

int small(int argc, char** argv) {
    int events = 100, keys = 8, processes = 3;
    double seconds = 2;
    bool keep_memory = false;  // --memory 1: a SearchMemory kept from one history to the next
    bool reuse = false;        // --reuse 1: check_history_into one HistoryResult
    bool verdict_only = false;  // --verdict 1: HistoryOptions::verdict_only
    std::size_t fixed_checks = 0;  // --checks N: exactly N checks, whatever the time
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--events") events = std::stoi(argv[i + 1]);
        else if (arg == "--keys") keys = std::stoi(argv[i + 1]);
        else if (arg == "--processes") processes = std::stoi(argv[i + 1]);
        else if (arg == "--seconds") seconds = std::stod(argv[i + 1]);
        else if (arg == "--memory") keep_memory = std::stoi(argv[i + 1]) != 0;
        else if (arg == "--reuse") reuse = std::stoi(argv[i + 1]) != 0;
        else if (arg == "--verdict") verdict_only = std::stoi(argv[i + 1]) != 0;
        else if (arg == "--checks") fixed_checks = std::stoul(argv[i + 1]);
    }
    std::mt19937_64 rng(1);
    std::vector<std::vector<Operation>> histories;
    for (int i = 0; i < 1000; ++i) histories.push_back(small_history(rng, events, keys, processes));
    const std::shared_ptr<const Model> model = make_model("register");
    SearchMemory memory(model);
    HistoryOptions options;
    options.jobs = 1;
    if (keep_memory) options.memory = &memory;
    options.verdict_only = verdict_only;
    HistoryResult kept;  // --reuse 1
    std::size_t checked = 0, valid = 0;
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    const auto more = [&] { return fixed_checks != 0 ? checked < fixed_checks : ms_between(start, Clock::now()) < seconds * 1000; };
    while (more()) {
        for (std::size_t i = 0; i < histories.size() && (fixed_checks == 0 || checked < fixed_checks); ++i) {
            if (reuse) {
                check_history_into(*model, histories[i], kept, {}, options);
                valid += kept.verdict == Verdict::linearizable;
            } else {
                valid += check_history(*model, histories[i], {}, options).verdict == Verdict::linearizable;
            }
            ++checked;
        }
    }
    // Per second of this thread's CPU time: other load on the machine does not dilute it.
    const double elapsed = cpu_seconds() - cpu_start;
    const double rate = static_cast<double>(checked) / elapsed;
    std::printf("%d-event histories (%d keys, %d clients, faults on%s%s%s): %.0f checks/s on one core, %.2f us/check (%zu "
                "checked, %.0f%% linearizable)\n",
                events, keys, processes, keep_memory ? ", SearchMemory kept" : "", reuse ? ", result reused" : "",
                verdict_only ? ", verdict only" : "", rate, 1e6 / rate, checked,
                100.0 * static_cast<double>(valid) / static_cast<double>(checked));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "files") == 0) return files(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "small") == 0) return small(argc, argv);
    std::fprintf(stderr, "usage: lincheck-bench files [options] FILE... | lincheck-bench small [options]\n");
    return 4;
}
