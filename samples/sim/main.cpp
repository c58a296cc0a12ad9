// lincheck-sim: runs the key-value store simulator on many seeds, checks each run's history in-process
// with lincheck::Recorder, and prints a reproduction line for every failure.
//
//   lincheck-sim --seeds 10000                        # the correct harness: every run linearizable
//   lincheck-sim --seeds 1000 --bug rejected-write-ok # a harness bug: some runs fail, with hints
//   lincheck-sim --seed 17 --bug rejected-write-ok --save h.jsonl   # one run, the full report
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "kv_sim.hpp"
#include "lincheck/formats/write_jsonl.hpp"
#include "lincheck/models.hpp"
#include "lincheck/recorder.hpp"

namespace {

constexpr const char* kModel = "cas-register";

struct Options {
    std::uint64_t first_seed = 1;
    std::uint64_t seeds = 1000;
    bool single = false;  // --seed: one run, full report
    kvsim::Config config;
    std::string save;
    std::size_t print = 10;  // reproduction lines to print
    bool expect_linearizable = false;
    std::vector<std::string> expect_hints;  // --expect-caught CODE: failures must occur, most hinted CODE
    bool compare = false;  // --compare: also check each run without the fast search; verdicts must agree
};

[[noreturn]] void usage(const std::string& error) {
    if (!error.empty()) std::cerr << "lincheck-sim: " << error << "\n\n";
    std::cerr << "usage: lincheck-sim [--seeds N] [--first-seed S] | --seed S [--save FILE]\n"
                 "                    [--bug NAME]... [--events N] [--keys N] [--clients N] [--no-faults]\n"
                 "                    [--print N] [--expect-linearizable] [--expect-caught HINT]... [--compare]\n"
                 "--expect-caught HINT: exit 1 unless some runs fail and at least half of those carry HINT\n"
                 "--compare: check every run also with check_history alone; exit 1 if a verdict differs\n"
                 "bugs (harness mistakes to re-introduce):\n";
    for (const auto& b : kvsim::kBugs) std::cerr << "  " << b.flag << ": the harness " << b.what << "\n";
    std::exit(error.empty() ? 0 : 4);
}

std::uint64_t number(const char* flag, const char* text) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(text, &end, 10);
    if (!text[0] || *end) usage(std::string(flag) + " needs a number, got \"" + text + "\"");
    return n;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) usage(a + " needs a value");
            return argv[++i];
        };
        if (a == "--seeds") o.seeds = number("--seeds", value());
        else if (a == "--first-seed") o.first_seed = number("--first-seed", value());
        else if (a == "--seed") {
            o.first_seed = number("--seed", value());
            o.seeds = 1;
            o.single = true;
        } else if (a == "--bug") {
            const std::string name = value();
            bool found = false;
            for (const auto& b : kvsim::kBugs) {
                if (b.flag == name) {
                    o.config.bugs |= b.bug;
                    found = true;
                }
            }
            if (!found) usage("no bug named \"" + name + "\"");
        } else if (a == "--events") o.config.events = static_cast<std::uint32_t>(number("--events", value()));
        else if (a == "--keys") o.config.keys = static_cast<int>(number("--keys", value()));
        else if (a == "--clients") o.config.clients = static_cast<int>(number("--clients", value()));
        else if (a == "--no-faults") o.config.faults = false;
        else if (a == "--save") o.save = value();
        else if (a == "--print") o.print = number("--print", value());
        else if (a == "--expect-linearizable") o.expect_linearizable = true;
        else if (a == "--expect-caught") o.expect_hints.emplace_back(value());
        else if (a == "--compare") o.compare = true;
        else if (a == "-h" || a == "--help") usage("");
        else usage("unknown argument " + a);
    }
    if (o.config.keys < 1 || o.config.clients < 1) usage("--keys and --clients must be at least 1");
    if (!o.save.empty() && !o.single) usage("--save needs --seed");
    return o;
}

std::string flags_of(const kvsim::Config& c) {
    std::string out;
    for (const auto& b : kvsim::kBugs) {
        if (c.bugs & b.bug) out += " --bug " + std::string(b.flag);
    }
    const kvsim::Config d;
    if (c.events != d.events) out += " --events " + std::to_string(c.events);
    if (c.keys != d.keys) out += " --keys " + std::to_string(c.keys);
    if (c.clients != d.clients) out += " --clients " + std::to_string(c.clients);
    if (!c.faults) out += " --no-faults";
    return out;
}

std::string hint_codes(const lincheck::RecorderReport& report) {
    std::string out;
    for (const auto& h : report.hints()) out += (out.empty() ? "" : ", ") + h.code;
    return out.empty() ? "none" : out;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const std::shared_ptr<const lincheck::Model> model = lincheck::make_model(kModel);
    lincheck::Recorder rec;
    lincheck::RecorderCheckOptions check_options;
    check_options.render = o.single;

    if (o.single) {
        const kvsim::Stats s = kvsim::simulate(o.first_seed, o.config, rec);
        const auto report = rec.check(model, check_options);
        std::cout << "seed " << o.first_seed << ": " << s.ops << " operations (" << s.reads << " reads, " << s.writes
                  << " writes, " << s.cas << " cas), " << rec.events() << " events; faults: " << s.rejected
                  << " rejected, " << s.partial << " partial, " << s.timeouts << " timeouts, " << s.crashes
                  << " crashes, " << s.in_flight_at_end << " in flight at the end\n";
        std::cout << lincheck::to_string(report.verdict) << "\n";
        if (!report.text.empty()) std::cout << "\n" << report.text;
        if (report.verdict == lincheck::Verdict::unknown) std::cout << report.unknown_reason << "\n";
        if (!o.save.empty()) {
            lincheck::formats::save_jsonl(rec.to_events(), o.save);
            std::cout << "\nsaved to " << o.save << "; check it again with: lincheck --model " << kModel << " "
                      << o.save << "\n";
        }
        return report.verdict == lincheck::Verdict::linearizable ? 0 : 1;
    }

    std::size_t failures = 0, unknown = 0, printed = 0, disagreements = 0;
    lincheck::RecorderCheckOptions general;
    general.fast = false;
    general.explain = false;
    std::map<std::string, std::size_t> by_hints;
    std::map<std::string, std::size_t> with_code;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t seed = o.first_seed; seed < o.first_seed + o.seeds; ++seed) {
        kvsim::simulate(seed, o.config, rec);
        const auto report = rec.check(model, check_options);
        if (o.compare) {
            const auto other = rec.check(model, general);
            if (other.verdict != report.verdict) {
                ++disagreements;
                std::cout << "seed " << seed << ": " << lincheck::to_string(report.verdict) << ", but check_history says "
                          << lincheck::to_string(other.verdict) << "\n  reproduce: lincheck-sim --seed " << seed
                          << flags_of(o.config) << "\n";
            }
        }
        if (report.verdict == lincheck::Verdict::linearizable) continue;
        if (report.verdict == lincheck::Verdict::unknown) {
            ++unknown;
            std::cout << "seed " << seed << ": unknown (" << report.unknown_reason << ")\n";
            continue;
        }
        ++failures;
        const std::string codes = hint_codes(report);
        ++by_hints[codes];
        for (const auto& h : report.hints()) ++with_code[h.code];
        if (printed++ < o.print) {
            const auto* failure = report.failure();
            std::cout << "seed " << seed << ": NOT linearizable"
                      << (failure && failure->key ? " (key " + failure->key->to_string() + ")" : "") << ", hints: " << codes
                      << "\n  reproduce: lincheck-sim --seed " << seed << flags_of(o.config) << "\n";
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (printed > o.print) std::cout << "... and " << printed - o.print << " more failures\n";
    std::cout << o.seeds << " runs (seeds " << o.first_seed << "–" << o.first_seed + o.seeds - 1 << ", "
              << o.config.clients << " clients, " << o.config.keys << " keys, " << o.config.events << " events, faults "
              << (o.config.faults ? "on" : "off") << (o.config.bugs ? "," + flags_of(o.config) : std::string()) << "): "
              << failures << " not linearizable, " << unknown << " unknown\n";
    for (const auto& [codes, n] : by_hints) std::cout << "  hints " << codes << ": " << n << " runs\n";
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.0f", static_cast<double>(o.seeds) / seconds);
    std::cout << rate << " sims/s (simulate + record + check" << (o.compare ? " twice" : "") << ", one thread)\n";
    if (o.compare) std::cout << disagreements << " verdicts differ from check_history's\n";

    bool ok = true;
    if (o.expect_linearizable && (failures || unknown)) {
        std::cout << "expected every run to be linearizable\n";
        ok = false;
    }
    for (const std::string& code : o.expect_hints) {
        if (failures == 0) {
            std::cout << "expected the bug to be caught, on some seed\n";
            ok = false;
        } else if (2 * with_code[code] < failures) {
            std::cout << "expected at least half of the failures to carry hint " << code << "; " << with_code[code]
                      << " of " << failures << " did\n";
            ok = false;
        }
    }
    if (disagreements) ok = false;
    if (!o.expect_linearizable && o.expect_hints.empty()) return failures || unknown || disagreements ? 1 : 0;
    return ok ? 0 : 1;
}
