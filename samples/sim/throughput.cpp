// lincheck-sim-throughput: how many small histories one core checks per second in-process.
//
// Histories come from the key-value simulator (correct harness, faults on): 100 events, 8 keys,
// 3 clients by default. They are recorded first, then checked over and over through
// Recorder::check (verdict only; a failure would also be explained). Prints checks per second for one
// thread (per second of the thread's CPU time, so that a busy machine does not skew it), and the cost
// of each stage.
//
//   lincheck-sim-throughput [--histories N] [--seconds S] [--events N] [--keys N] [--clients N]
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "kv_sim.hpp"
#include "lincheck/models.hpp"
#include "lincheck/recorder.hpp"

namespace {

// CPU time of this thread: a rate per core that other processes on the machine do not dilute.
double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Runs `body` over the histories until `seconds` of CPU time have passed; returns the rate per second.
template <class F>
double rate(std::size_t n, double seconds, F&& body) {
    std::size_t done = 0;
    const double start = cpu_seconds();
    double elapsed = 0;
    do {
        for (std::size_t i = 0; i < n; ++i) body(i);
        done += n;
        elapsed = cpu_seconds() - start;
    } while (elapsed < seconds);
    return static_cast<double>(done) / elapsed;
}

unsigned long long number(const char* flag, const char* text) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(text, &end, 10);
    if (!text[0] || *end) {
        std::fprintf(stderr, "lincheck-sim-throughput: %s needs a number, got \"%s\"\n", flag, text);
        std::exit(4);
    }
    return n;
}

// One recorder call of a history.
struct Call {
    lincheck::EventType type;
    std::int64_t process;
    lincheck::FunctionId f;
    lincheck::Datum key, value;
    std::uint32_t op;  // the operation's index in invoke order
    bool result;       // an ok with a result (a read's)
};

lincheck::Datum datum(const lincheck::Value& v) {
    if (v.is_nil()) return {};
    if (v.is_integer()) return v.as_integer();
    return lincheck::Datum::pair(v.items()[0].as_integer(), v.items()[1].as_integer());  // the sim's cas
}

std::vector<Call> script_of(lincheck::Recorder& rec) {
    std::vector<Call> calls;
    std::vector<std::uint32_t> open;  // by process: the op index of its open invoke
    std::uint32_t ops = 0;
    for (const lincheck::Event& e : rec.to_events()) {
        const auto p = static_cast<std::size_t>(e.process);
        if (open.size() <= p) open.resize(p + 1);
        Call c{e.type, e.process, rec.function(e.f), datum(*e.key), datum(e.value), 0, e.f == "read"};
        if (e.type == lincheck::EventType::invoke) open[p] = ops++;
        c.op = open[p];
        calls.push_back(c);
    }
    return calls;
}

void replay(const std::vector<Call>& calls, lincheck::Recorder& rec, std::vector<lincheck::OpId>& ids) {
    rec.reset();
    ids.clear();
    for (const Call& c : calls) {
        switch (c.type) {
            case lincheck::EventType::invoke: ids.push_back(rec.invoke(c.process, c.f, c.key, c.value)); break;
            case lincheck::EventType::ok:
                if (c.result) rec.ok(ids[c.op], c.value);
                else rec.ok(ids[c.op]);  // writes and cas keep the invoke's value
                break;
            case lincheck::EventType::fail: rec.fail(ids[c.op]); break;
            case lincheck::EventType::info: rec.info(ids[c.op]); break;
            case lincheck::EventType::pending: break;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t histories = 1000;
    double seconds = 2;
    bool only_check = false;  // --only-check 1: just the main figure (for profiling)
    kvsim::Config config;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--histories") histories = number("--histories", argv[i + 1]);
        else if (a == "--seconds") seconds = static_cast<double>(number("--seconds", argv[i + 1]));
        else if (a == "--events") config.events = static_cast<std::uint32_t>(number("--events", argv[i + 1]));
        else if (a == "--keys") config.keys = static_cast<int>(number("--keys", argv[i + 1]));
        else if (a == "--clients") config.clients = static_cast<int>(number("--clients", argv[i + 1]));
        else if (a == "--only-check") only_check = number("--only-check", argv[i + 1]) != 0;
        else {
            std::fprintf(stderr, "usage: lincheck-sim-throughput [--histories N] [--seconds S] [--events N] [--keys N] [--clients N]\n");
            return 4;
        }
    }
    if (histories == 0) histories = 1;

    const std::shared_ptr<const lincheck::Model> model = lincheck::make_model("cas-register");
    lincheck::RecorderCheckOptions slow;
    slow.fast = false;

    // The histories, as scripts of recorder calls: replaying one into a recorder is what a simulator
    // does as it runs, without the simulation.
    lincheck::Recorder rec;
    std::vector<std::vector<Call>> scripts(histories);
    std::size_t ops = 0, failures = 0;
    for (std::size_t i = 0; i < histories; ++i) {
        kvsim::simulate(i + 1, config, rec);
        ops += rec.size();
        if (!rec.check(*model, slow).linearizable()) ++failures;
        scripts[i] = script_of(rec);
    }
    std::printf("%zu histories of %u events (%.1f operations on average), %d keys, %d clients, faults on; %zu not "
                "linearizable\n",
                histories, config.events, static_cast<double>(ops) / static_cast<double>(histories), config.keys,
                config.clients, failures);

    std::size_t sink = 0;
    std::vector<lincheck::OpId> ids;
    const double record = rate(histories, seconds / 4, [&](std::size_t i) {
        replay(scripts[i], rec, ids);
        sink += rec.size();
    });
    // The figure: record and check, one recorder reused, as in a simulator's loop.
    const double both = rate(histories, seconds, [&](std::size_t i) {
        replay(scripts[i], rec, ids);
        sink += static_cast<std::size_t>(rec.check(model).verdict);
    });
    const double check = 1 / (1 / both - 1 / record);
    std::printf("record + check (one thread):      %8.0f histories/s per core (%.2f us each)\n", both, 1e6 / both);
    std::printf("  record alone:                   %8.0f /s (%.2f us each)\n", record, 1e6 / record);
    std::printf("  so the check alone:             %8.0f /s (%.2f us each)\n", check, 1e6 / check);
    if (only_check) return sink == 0xffffffff ? 1 : 0;

    const double cold = rate(histories, seconds / 4, [&](std::size_t i) {
        replay(scripts[i], rec, ids);
        sink += static_cast<std::size_t>(rec.check(*model).verdict);
    });
    const double general = rate(histories, seconds / 4, [&](std::size_t i) {
        replay(scripts[i], rec, ids);
        sink += static_cast<std::size_t>(rec.check(*model, slow).verdict);
    });
    const double build = rate(histories, seconds / 4, [&](std::size_t i) {
        replay(scripts[i], rec, ids);
        sink += rec.operations().size();
    });
    const double sim = rate(histories, seconds / 4, [&](std::size_t i) { sink += kvsim::simulate(i + 1, config, rec).ops; });
    const double full = rate(histories, seconds / 2, [&](std::size_t i) {
        kvsim::simulate(i + 1, config, rec);
        sink += static_cast<std::size_t>(rec.check(model).verdict);
    });
    std::printf("record + check with a const Model& (memo for one call only): %.0f /s (%.2f us each)\n", cold, 1e6 / cold);
    std::printf("record + check without the fast search (check_history):     %.0f /s (%.2f us each)\n", general,
                1e6 / general);
    std::printf("record + build Operations (no check):                        %.0f /s (%.2f us each)\n", build,
                1e6 / build);
    std::printf("simulate + record:                                           %.0f /s (%.2f us each)\n", sim, 1e6 / sim);
    std::printf("simulate + record + check:                                   %.0f sims/s per core\n", full);
    return sink == 0xffffffff ? 1 : 0;  // keeps the loops from being optimised away
}
