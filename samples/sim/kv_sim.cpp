#include "kv_sim.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <optional>
#include <vector>

namespace kvsim {

namespace {

// splitmix64: tiny, fast, and the same on every platform (std:: distributions are not).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n).
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32); }
    bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }

private:
    std::uint64_t state_;
};

// Fault rates, per mille.
constexpr std::uint32_t kRejectRate = 50;   // of writes: storage refuses
constexpr std::uint32_t kPartialRate = 50;  // of writes: replicated to a minority, then a failover
constexpr std::uint32_t kSlowRate = 30;     // of messages: delayed past the client's timeout
constexpr std::uint32_t kCrashRate = 20;    // of requests: the client dies while it is in flight
constexpr std::int64_t kTimeout = 12;       // ticks a client waits for a response
constexpr int kValues = 10;                 // writes write 0..9

enum class Op : std::uint8_t { read, write, cas };
enum class Reply : std::uint8_t { none, ok, rejected, partial, mismatch };

struct Request {
    int client = 0;
    Op op = Op::read;
    int key = 0;
    std::int64_t value = 0;     // write: the value; cas: the new value
    std::int64_t expected = 0;  // cas
    lincheck::OpId id = 0;
    bool recorded = false;      // the harness recorded its invoke
    bool settled = false;       // the client has its answer, gave up, or died
    Reply reply = Reply::none;  // as the leader decided it
    std::optional<std::int64_t> read;  // a read's result
};

struct Client {
    std::int64_t process = 0;
    int busy = -1;  // request in flight, or -1
    std::vector<std::optional<std::int64_t>> known;  // last value seen per key, for cas
};

enum class Ev : std::uint8_t { issue, arrive, respond, timeout, crash, restart, commit };

struct Event {
    Ev type;
    int target;  // client (issue, restart) or request
};

// Events by time: a timing wheel of one bucket per tick (every delay is under kWheel ticks), each
// bucket in scheduling order — deterministic, and O(1) per event.
constexpr std::int64_t kWheel = 64;

class Simulation {
public:
    // Starts a run; buffers keep their memory from the previous one.
    void start(std::uint64_t seed, const Config& config, lincheck::Recorder& rec) {
        rng_ = Rng(seed * 0x2545f4914f6cdd1dULL + 1);
        config_ = &config;
        rec_ = &rec;
        store_.assign(static_cast<std::size_t>(config.keys), std::nullopt);
        clients_.resize(static_cast<std::size_t>(config.clients));
        requests_.clear();
        for (auto& bucket : wheel_) bucket.clear();
        pending_events_ = 0;
        now_ = 0;
        stats_ = {};
        read_ = rec.function("read");
        write_ = rec.function("write");
        cas_ = rec.function("cas");
        for (int c = 0; c < config.clients; ++c) {
            Client& cl = clients_[static_cast<std::size_t>(c)];
            cl.process = c;
            cl.busy = -1;
            cl.known.assign(static_cast<std::size_t>(config.keys), std::nullopt);
            schedule(rng_.below(3), Ev::issue, c);
        }
    }

    Stats run() {
        while (pending_events_ > 0 && rec_->events() < config_->events) {
            auto& bucket = wheel_[static_cast<std::size_t>(now_ % kWheel)];
            // Events scheduled for now while handling these are appended to this bucket and run too.
            for (std::size_t i = 0; i < bucket.size() && rec_->events() < config_->events; ++i) {
                const Event e = bucket[i];
                --pending_events_;
                handle(e);
            }
            bucket.clear();
            ++now_;
        }
        // The run ends: requests still in flight stay open (pending) — or, with the bug, are dropped.
        for (Request& r : requests_) {
            if (r.settled || !r.recorded) continue;
            ++stats_.in_flight_at_end;
            if (config_->bugs & kDropPending) rec_->fail(r.id);
        }
        return stats_;
    }

private:
    bool faults() const { return config_->faults; }
    void schedule(std::int64_t delay, Ev type, int target) {
        assert(delay >= 0 && delay < kWheel);  // the longest delay is a partial write's commit, 44 ticks
        wheel_[static_cast<std::size_t>((now_ + delay) % kWheel)].push_back({type, target});
        ++pending_events_;
    }
    std::int64_t network_delay() {
        if (faults() && rng_.chance(kSlowRate)) return kTimeout + 1 + rng_.below(20);
        return 1 + rng_.below(4);
    }
    Client& client(int c) { return clients_[static_cast<std::size_t>(c)]; }
    std::optional<std::int64_t>& cell(int key) { return store_[static_cast<std::size_t>(key)]; }

    void handle(const Event& e) {
        switch (e.type) {
            case Ev::issue: issue(e.target); break;
            case Ev::arrive: arrive(requests_[static_cast<std::size_t>(e.target)]); break;
            case Ev::respond: respond(requests_[static_cast<std::size_t>(e.target)]); break;
            case Ev::timeout: give_up(requests_[static_cast<std::size_t>(e.target)], false); break;
            case Ev::crash: give_up(requests_[static_cast<std::size_t>(e.target)], true); break;
            case Ev::restart: schedule(0, Ev::issue, e.target); break;
            case Ev::commit: {  // the new leader commits a partially replicated write
                const Request& r = requests_[static_cast<std::size_t>(e.target)];
                cell(r.key) = r.value;
                break;
            }
        }
    }

    void issue(int c) {
        Client& cl = client(c);
        const int index = static_cast<int>(requests_.size());
        Request& r = requests_.emplace_back();  // filled in place
        r.client = c;
        r.key = static_cast<int>(rng_.below(static_cast<std::uint32_t>(config_->keys)));
        const std::uint32_t roll = rng_.below(10);
        const auto& known = cl.known[static_cast<std::size_t>(r.key)];
        if (roll < 4) {
            r.op = Op::read;
        } else if (roll < 8 || !known) {
            r.op = Op::write;
            r.value = rng_.below(kValues);
        } else {  // an increment, as read-modify-write: cas [last seen, last seen + 1]
            r.op = Op::cas;
            r.expected = *known;
            r.value = *known + 1;
        }
        ++stats_.ops;
        switch (r.op) {
            case Op::read:
                ++stats_.reads;
                r.id = rec_->invoke(cl.process, read_, r.key, std::nullopt);
                r.recorded = true;
                break;
            case Op::write:
                ++stats_.writes;
                r.id = rec_->invoke(cl.process, write_, r.key, r.value);
                r.recorded = true;
                break;
            case Op::cas:
                ++stats_.cas;
                if (!(config_->bugs & kUnrecordedRmw)) {
                    r.id = rec_->invoke(cl.process, cas_, r.key, lincheck::Datum::pair(r.expected, r.value));
                    r.recorded = true;
                }
                break;
        }
        cl.busy = index;
        schedule(network_delay(), Ev::arrive, index);
        schedule(kTimeout, Ev::timeout, index);
        if (faults() && rng_.chance(kCrashRate)) schedule(1 + rng_.below(kTimeout - 1), Ev::crash, index);
    }

    // The leader applies the request atomically, now.
    void arrive(Request& r) {
        auto& value = cell(r.key);
        switch (r.op) {
            case Op::read:
                r.read = value;
                r.reply = Reply::ok;
                break;
            case Op::write:
                if (faults() && rng_.chance(kRejectRate)) {
                    r.reply = Reply::rejected;
                    ++stats_.rejected;
                } else if (faults() && rng_.chance(kPartialRate)) {
                    // Accepted by the leader, replicated to a minority, then a failover: the client hears
                    // "accepted, not committed"; the new leader commits it later, or it is lost.
                    r.reply = Reply::partial;
                    ++stats_.partial;
                    if (rng_.below(2) == 0) schedule(5 + rng_.below(40), Ev::commit, static_cast<int>(&r - requests_.data()));
                } else {
                    value = r.value;
                    r.reply = Reply::ok;
                }
                break;
            case Op::cas:
                if (value == r.expected) {
                    value = r.value;
                    r.reply = Reply::ok;
                } else {
                    r.reply = Reply::mismatch;
                }
                break;
        }
        schedule(network_delay(), Ev::respond, static_cast<int>(&r - requests_.data()));
    }

    void respond(Request& r) {
        if (r.settled) return;  // the client gave up on it, or died
        r.settled = true;
        Client& cl = client(r.client);
        auto& known = cl.known[static_cast<std::size_t>(r.key)];
        switch (r.reply) {
            case Reply::ok:
                if (r.op == Op::read) {
                    std::optional<std::int64_t> seen = r.read;
                    if ((config_->bugs & kZeroAsNil) && seen == 0) seen.reset();  // "0 means unset"
                    if (r.recorded) rec_->ok(r.id, seen ? lincheck::Datum(*seen) : lincheck::Datum());
                    if (r.read) known = r.read;
                } else {
                    if (r.recorded) rec_->ok(r.id);
                    known = r.value;
                }
                break;
            case Reply::rejected:
                if (r.recorded) {
                    if (config_->bugs & kRejectedWriteOk) rec_->ok(r.id);
                    else rec_->fail(r.id);
                }
                break;
            case Reply::partial:
                if (r.recorded) {
                    if (config_->bugs & kPartialWriteOk) rec_->ok(r.id);
                    else rec_->info(r.id);
                }
                next_process(cl);
                break;
            case Reply::mismatch:
                if (r.recorded) rec_->fail(r.id);
                known.reset();
                break;
            case Reply::none: break;
        }
        cl.busy = -1;
        schedule(rng_.below(3), Ev::issue, r.client);
    }

    // A timeout (the client stops waiting) or a crash (the client dies): the request may still take effect.
    void give_up(Request& r, bool crash) {
        if (r.settled) return;
        r.settled = true;
        Client& cl = client(r.client);
        if (r.recorded) rec_->info(r.id);
        cl.busy = -1;
        next_process(cl);
        if (crash) {
            ++stats_.crashes;
            std::fill(cl.known.begin(), cl.known.end(), std::nullopt);
            schedule(5 + rng_.below(10), Ev::restart, r.client);
        } else {
            ++stats_.timeouts;
            schedule(rng_.below(3), Ev::issue, r.client);
        }
    }

    // After an indeterminate outcome the client continues as a new process, as Jepsen does.
    void next_process(Client& cl) { cl.process += config_->clients; }

    Rng rng_{0};
    const Config* config_ = nullptr;
    lincheck::Recorder* rec_ = nullptr;
    lincheck::FunctionId read_{}, write_{}, cas_{};
    std::vector<std::optional<std::int64_t>> store_;
    std::vector<Client> clients_;
    std::vector<Request> requests_;
    std::array<std::vector<Event>, kWheel> wheel_;
    std::size_t pending_events_ = 0;
    std::int64_t now_ = 0;
    Stats stats_;
};

}  // namespace

Stats simulate(std::uint64_t seed, const Config& config, lincheck::Recorder& rec) {
    rec.reset();
    thread_local Simulation sim;  // its buffers are reused from run to run
    sim.start(seed, config, rec);
    return sim.run();
}

}  // namespace kvsim
