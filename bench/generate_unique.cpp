// lincheck-generate-unique: writes a synthetic, deterministic history (JSON Lines) of one register
// whose written values are unique, for the fast engines' benchmark (docs/engines.md). Clients run one
// operation at a time; each takes effect atomically at a random instant inside its span. A share of
// the writes crash (`info`, whether or not they took effect), and the crashed client returns under a
// new id. --plant adds one certain violation halfway: a read, begun after a write v completed, of a
// value u whose write completed before v's began.
//
// --queue: a fifo-queue instead (enqueue of unique values, dequeue → the front or null when empty);
// --plant then adds a second dequeue of a value already dequeued.
// --set: a grow-only set instead (add of unique values; about --reads N reads of the whole set, 10 by
// default, since each returns every element); --plant then adds a read, begun after an add completed,
// that misses its value.
//
//   lincheck-generate-unique --ops 100000 --processes 1000 --crash-rate 0.02 --seed 1 [--plant] [--queue] > h.jsonl
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "arguments.hpp"

namespace {

struct Options {
    long ops = 10000;
    long processes = 100;
    double crash_rate = 0.02;  // of writes
    double write_share = 0.5;
    unsigned long seed = 1;
    bool plant = false;
    bool queue = false;
    bool set = false;
    long reads = 10;  // --set
};

struct Client {
    long id = 0;
    bool busy = false;
    bool applied = false;
    bool write = false;
    long value = 0;    // a write's argument
    long result = -1;  // a read's result; -1: null
};

[[noreturn]] void usage() {
    std::fprintf(stderr, "usage: lincheck-generate-unique [--ops N] [--processes P] [--crash-rate R] [--write-share R]\n"
                         "                                [--plant] [--queue | --set [--reads N]] [--seed S]\n");
    std::exit(4);
}

std::string text(long v) {
    return v < 0 ? std::string("null") : std::to_string(v);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    lincheck::bench::Arguments(usage)
        .value("--ops", o.ops)
        .value("--processes", o.processes)
        .value("--crash-rate", o.crash_rate)
        .value("--write-share", o.write_share)
        .value("--seed", o.seed)
        .flag("--plant", o.plant)
        .flag("--queue", o.queue)
        .flag("--set", o.set)
        .value("--reads", o.reads)
        .parse(argc, argv);
    if (o.ops < 1 || o.processes < 1) usage();

    std::mt19937_64 rng(o.seed);
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](long n) { return std::uniform_int_distribution<long>(0, n - 1)(rng); };
    std::vector<Client> clients(static_cast<std::size_t>(o.processes));
    for (long p = 0; p < o.processes; ++p) clients[static_cast<std::size_t>(p)].id = p;
    long next_id = o.processes, next_value = 0, reg = -1, invoked = 0, busy = 0;
    // For --plant: completed writes in order of completion, with when they began and ended.
    struct Done {
        long value, invoked, completed;
    };
    std::vector<Done> done;
    std::vector<long> invoked_at;  // invoked_at[v]: event number of write v's invoke
    long events = 0;
    bool planted = false;
    std::string line;
    auto emit = [&](long process, const char* type, const char* f, const std::string& value) {
        line = "{\"process\": " + std::to_string(process) + ", \"type\": \"" + type + "\", \"f\": \"" + f +
               "\", \"value\": " + value + "}\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
        ++events;
    };
    // The stale value to plant: a write that completed before the last completed write began.
    auto stale_value = [&]() -> long {
        if (done.empty()) return -2;
        const Done& v = done.back();
        for (auto it = done.rbegin(); it != done.rend(); ++it) {
            if (it->completed < v.invoked) return it->value;
        }
        return -2;
    };
    if (o.queue) {
        // The queue: front at `head` of `items`.
        std::vector<long> items;
        std::size_t head = 0;
        long dequeued_some = -1;
        while (invoked < o.ops || busy > 0) {
            Client& c = clients[static_cast<std::size_t>(pick(o.processes))];
            if (!c.busy) {
                if (invoked == o.ops) continue;
                ++invoked;
                if (o.plant && !planted && invoked >= o.ops / 2 && dequeued_some >= 0) {
                    planted = true;  // a second dequeue of a value already dequeued
                    emit(c.id, "invoke", "dequeue", "null");
                    emit(c.id, "ok", "dequeue", text(dequeued_some));
                    continue;
                }
                ++busy;
                c.busy = true;
                c.applied = false;
                c.write = chance(o.write_share);
                c.value = c.write ? next_value++ : -1;
                emit(c.id, "invoke", c.write ? "enqueue" : "dequeue", c.write ? text(c.value) : "null");
            } else if (!c.applied) {
                if (c.write) {
                    items.push_back(c.value);
                } else {
                    c.result = head < items.size() ? items[head++] : -1;
                }
                c.applied = true;
            } else {
                --busy;
                c.busy = false;
                if (c.write && chance(o.crash_rate)) {
                    emit(c.id, "info", "enqueue", text(c.value));
                    c.id = next_id++;
                    continue;
                }
                emit(c.id, "ok", c.write ? "enqueue" : "dequeue", text(c.write ? c.value : c.result));
                if (!c.write && c.result >= 0) dequeued_some = c.result;
            }
        }
        return 0;
    }
    if (o.set) {
        std::vector<long> held;            // applied adds, in order
        std::vector<std::size_t> read_at;  // a busy read's snapshot: how many of `held` it saw
        read_at.resize(clients.size());
        long completed_add = -1;  // for --plant: an add that completed
        const double read_share = static_cast<double>(o.reads) / static_cast<double>(o.ops);
        auto set_text = [&](std::size_t count, long skip) {
            std::string out = "[";
            for (std::size_t k = 0; k < count; ++k) {
                if (held[k] == skip) continue;
                if (out.size() > 1) out += ", ";
                out += std::to_string(held[k]);
            }
            return out + "]";
        };
        while (invoked < o.ops || busy > 0) {
            const std::size_t ci = static_cast<std::size_t>(pick(o.processes));
            Client& c = clients[ci];
            if (!c.busy) {
                if (invoked == o.ops) continue;
                ++invoked;
                if (o.plant && !planted && invoked >= o.ops / 2 && completed_add >= 0) {
                    planted = true;  // a read that misses an add completed before it began
                    emit(c.id, "invoke", "read", "null");
                    emit(c.id, "ok", "read", set_text(held.size(), completed_add));
                    continue;
                }
                ++busy;
                c.busy = true;
                c.applied = false;
                c.write = !chance(read_share);
                c.value = c.write ? next_value++ : -1;
                emit(c.id, "invoke", c.write ? "add" : "read", c.write ? text(c.value) : "null");
            } else if (!c.applied) {
                if (c.write) held.push_back(c.value);
                else read_at[ci] = held.size();
                c.applied = true;
            } else {
                --busy;
                c.busy = false;
                if (c.write && chance(o.crash_rate)) {
                    emit(c.id, "info", "add", text(c.value));
                    c.id = next_id++;
                    continue;
                }
                emit(c.id, "ok", c.write ? "add" : "read", c.write ? text(c.value) : set_text(read_at[ci], -1));
                if (c.write) completed_add = c.value;
            }
        }
        return 0;
    }
    while (invoked < o.ops || busy > 0) {
        Client& c = clients[static_cast<std::size_t>(pick(o.processes))];
        if (!c.busy) {
            if (invoked == o.ops) continue;
            ++invoked;
            ++busy;
            if (o.plant && !planted && invoked >= o.ops / 2 && stale_value() >= 0) {
                planted = true;
                const long stale = stale_value();
                emit(c.id, "invoke", "read", "null");
                emit(c.id, "ok", "read", text(stale));
                --busy;
                continue;
            }
            c.busy = true;
            c.applied = false;
            c.write = chance(o.write_share);
            c.value = c.write ? next_value++ : -1;
            if (c.write) invoked_at.push_back(events);
            emit(c.id, "invoke", c.write ? "write" : "read", c.write ? text(c.value) : "null");
        } else if (!c.applied) {
            if (c.write) {
                reg = c.value;
            } else {
                c.result = reg;
            }
            c.applied = true;
        } else {
            --busy;
            c.busy = false;
            if (c.write && chance(o.crash_rate)) {
                emit(c.id, "info", "write", text(c.value));
                c.id = next_id++;  // Jepsen: a crashed client comes back under a new id
                continue;
            }
            emit(c.id, "ok", c.write ? "write" : "read", text(c.write ? c.value : c.result));
            if (c.write) done.push_back({c.value, invoked_at[static_cast<std::size_t>(c.value)], events - 1});
        }
    }
    return 0;
}
