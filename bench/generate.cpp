// lincheck-generate: writes a synthetic, deterministic history (JSON Lines) of a keyed register
// store, for benchmarks. Clients run one operation at a time; each operation takes effect atomically at
// a random instant between its invoke and its completion, so the history is linearizable unless
// --corrupt asks for a stale read to be injected.
//
//   lincheck-generate --events 1000000 --keys 1000 --processes 20 --seed 1 > h.jsonl
//
// With --model, it writes a stress history of that model instead (stress_history.hpp): the shapes
// that make a search hard — unique values, long-tailed durations, crashes, pending operations.
//
//   lincheck-generate --model fifo-queue --ops 300 --processes 4 --update-rate 0.55 --tail-rate 0.05
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "arguments.hpp"
#include "stress_history.hpp"

namespace {

struct Options {
    long events = 10000;
    long keys = 10;
    long processes = 10;
    long values = 5;
    double info_rate = 0.02;
    double fail_rate = 0.02;
    double corrupt = 0;  // probability, per read, of logging a value never written
    unsigned long seed = 1;
    bool cas = true;
};

struct Client {
    long id;
    bool busy = false;
    bool applied = false;
    bool failed = false;
    long key = 0;
    int f = 0;  // 0 read, 1 write, 2 cas
    long a = 0, b = 0;
    long result = -1;  // -1: nil
};

void usage(int status = 4) {
    std::fprintf(status == 0 ? stdout : stderr,
                 "usage: lincheck-generate [--events N] [--keys K] [--processes P] [--values V]\n"
                 "                         [--info-rate R] [--fail-rate R] [--corrupt R] [--no-cas] [--seed S]\n"
                 "       lincheck-generate --model M [--ops N] [--keys K] [--processes P] [--values V]\n"
                 "                         [--update-rate R] [--cas-rate R] [--info-rate R] [--fail-rate R]\n"
                 "                         [--pending N] [--tail-rate R] [--tail-length X] [--corrupt R] [--refused-ok R]\n"
                 "                         [--reuse-after-info] [--seed S]\n"
                 "\n"
                 "Writes a synthetic history as JSON Lines on standard output; the same options and seed give\n"
                 "the same history. Without --model: a keyed register store of --events events (default 10000).\n"
                 "With --model: a stress history of that model, linearizable unless --corrupt or --refused-ok says:\n"
                 "  --model M          register, cas-register, kv, multi-register, set (reads return the whole set),\n"
                 "                     fifo-queue, unordered-queue (dequeues of an empty queue return null),\n"
                 "                     counter, mutex\n"
                 "  --ops N            operations (default 100)\n"
                 "  --keys K           independent objects, one picked per operation (default 1: no key field)\n"
                 "  --processes P      clients, each running one operation at a time (default 5)\n"
                 "  --values V         written/added/enqueued values drawn from 0..V-1; 0 (default): all distinct\n"
                 "  --update-rate R    share of updates (write, cas, put, append, add, enqueue) (default 0.5)\n"
                 "  --cas-rate R       cas-register: share of updates that are cas (default 0.5)\n"
                 "  --info-rate R      share of operations whose client crashes: logged info, half of them took\n"
                 "                     effect; the client comes back under a fresh process id (default 0)\n"
                 "  --reuse-after-info the crashed client keeps its process id\n"
                 "  --fail-rate R      share of operations that did not take effect, logged fail (default 0);\n"
                 "                     refused ones (a cas that does not match, a held lock) are logged fail too\n"
                 "  --pending N        N clients' last operation never completes; half took effect (default 0)\n"
                 "  --tail-rate R      share of operations that last much longer than the others (default 0)\n"
                 "  --tail-length X    how much longer on average (default 50; others last 1-10 units)\n"
                 "  --corrupt R        share of completed results replaced by a plausible wrong one (default 0)\n"
                 "  --refused-ok R     share of refused operations (a cas that does not match, an acquire of a held\n"
                 "                     lock, a release of a free one) logged ok: a planted bug (default 0)\n"
                 "  --seed S           (default 1)\n");
    std::exit(status);
}

int stress_main(int argc, char** argv) {
    lincheck::stress::Options o;
    lincheck::bench::Arguments([] { usage(); })
        .value("--model", o.model)
        .value("--ops", o.operations)
        .value("--keys", o.keys)
        .value("--processes", o.processes)
        .value("--values", o.values)
        .value("--update-rate", o.update_rate)
        .value("--cas-rate", o.cas_rate)
        .value("--info-rate", o.info_rate)
        .value("--fail-rate", o.fail_rate)
        .value("--pending", o.pending)
        .value("--tail-rate", o.tail_rate)
        .value("--tail-length", o.tail_length)
        .value("--corrupt", o.corrupt_rate)
        .value("--refused-ok", o.refused_ok_rate)
        .flag("--reuse-after-info", o.reuse_process_after_info)
        .value("--seed", o.seed)
        .parse(argc, argv);
    lincheck::stress::History h;
    try {
        h = lincheck::stress::generate(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "lincheck-generate: %s\n", e.what());
        return 4;
    }
    std::string line;
    for (const lincheck::Event& e : h.events) {
        line = "{\"process\": " + std::to_string(e.process) + ", \"type\": \"" + std::string(lincheck::to_string(e.type)) +
               "\", \"f\": \"" + e.f + "\"";
        if (e.key) line += ", \"key\": " + e.key->to_string();
        line += ", \"value\": ";
        e.value.append_to(line, lincheck::Value::Notation::json);
        line += "}\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--help" || std::string_view(argv[i]) == "-h") usage(0);
        if (std::string_view(argv[i]) == "--model") return stress_main(argc, argv);
    }
    Options o;
    bool no_cas = false;
    lincheck::bench::Arguments([] { usage(); })
        .value("--events", o.events)
        .value("--keys", o.keys)
        .value("--processes", o.processes)
        .value("--values", o.values)
        .value("--info-rate", o.info_rate)
        .value("--fail-rate", o.fail_rate)
        .value("--corrupt", o.corrupt)
        .value("--seed", o.seed)
        .flag("--no-cas", no_cas)
        .parse(argc, argv);
    o.cas = !no_cas;
    if (o.keys < 1 || o.processes < 1 || o.values < 1) usage();

    std::mt19937_64 rng(o.seed);
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](long n) { return std::uniform_int_distribution<long>(0, n - 1)(rng); };
    std::vector<long> store(static_cast<std::size_t>(o.keys), -1);
    std::vector<Client> clients(static_cast<std::size_t>(o.processes));
    for (long p = 0; p < o.processes; ++p) clients[static_cast<std::size_t>(p)].id = p;
    long next_id = o.processes;
    static const char* kF[] = {"read", "write", "cas"};
    std::string line;
    auto value_text = [](long v) { return v < 0 ? std::string("null") : std::to_string(v); };

    for (long written = 0; written < o.events;) {
        Client& c = clients[static_cast<std::size_t>(pick(o.processes))];
        line.clear();
        if (!c.busy) {
            c = Client{c.id, true, false, false, pick(o.keys), static_cast<int>(pick(o.cas ? 3 : 2)), pick(o.values),
                       pick(o.values), -1};
            line = "{\"process\": " + std::to_string(c.id) + ", \"type\": \"invoke\", \"f\": \"" + kF[c.f] +
                   "\", \"key\": " + std::to_string(c.key) + ", \"value\": ";
            line += c.f == 0 ? "null" : c.f == 1 ? std::to_string(c.a)
                                                 : "[" + std::to_string(c.a) + ", " + std::to_string(c.b) + "]";
        } else if (!c.applied && !c.failed && !chance(o.fail_rate)) {
            long& reg = store[static_cast<std::size_t>(c.key)];
            if (c.f == 0) c.result = reg;
            else if (c.f == 1) reg = c.a;
            else if (reg == c.a) reg = c.b;
            else c.failed = true;
            c.applied = !c.failed;
            continue;
        } else {
            std::string type = c.applied ? "ok" : "fail";
            if (chance(o.info_rate)) type = "info";
            line = "{\"process\": " + std::to_string(c.id) + ", \"type\": \"" + type + "\", \"f\": \"" + kF[c.f] +
                   "\", \"key\": " + std::to_string(c.key) + ", \"value\": ";
            if (type == "info") line += "\"timed-out\"";
            else if (c.f == 0) line += value_text(c.applied && chance(o.corrupt) ? o.values + 1 : c.result);
            else if (c.f == 1) line += std::to_string(c.a);
            else line += "[" + std::to_string(c.a) + ", " + std::to_string(c.b) + "]";
            c.busy = false;
            if (type == "info") c.id = next_id++;  // Jepsen: a crashed client comes back under a new id
        }
        line += "}\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
        ++written;
    }
    return 0;
}
