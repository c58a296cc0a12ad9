// Uses the installed lincheck package: records two small histories with lincheck::Recorder and checks
// them. Exits 0 when the verdicts and the hint are the expected ones; saves the failing history to the
// path given as the first argument (for `lincheck` to check again), reads it back with the formats
// library as the CLI does (the text, and the file read in pieces), and checks it again.
#include <iostream>

#include "lincheck/formats/read.hpp"
#include "lincheck/formats/read_in_pieces.hpp"
#include "lincheck/formats/write_jsonl.hpp"
#include "lincheck/lincheck.hpp"  // the umbrella alone: every public header it needs is installed

int main(int argc, char** argv) {
    lincheck::Recorder rec;
    // Two clients on key 7: a write of 0, then a read that sees it.
    const auto w = rec.invoke(0, "write", 7, 0);
    rec.ok(w);
    const auto r = rec.invoke(1, "read", 7, std::nullopt);
    rec.ok(r, 0);
    const auto good = rec.check("cas-register");
    if (!good.linearizable()) {
        std::cerr << "expected linearizable, got " << lincheck::to_string(good.verdict) << "\n" << good.text;
        return 1;
    }

    // A later read that saw "nothing": 0 taken for "never written".
    rec.ok(rec.invoke(1, "read", 7, std::nullopt), std::nullopt);
    const auto bad = rec.check("cas-register");
    std::cout << lincheck::to_string(bad.verdict) << "\n" << bad.text;
    if (bad.verdict != lincheck::Verdict::not_linearizable || bad.hints().empty() || bad.hints()[0].code != "zero-as-nil") {
        std::cerr << "expected not linearizable with a zero-as-nil hint\n";
        return 1;
    }
    if (argc > 1) lincheck::formats::save_jsonl(rec.to_events(), argv[1]);

    // Read back, as the CLI reads a file: the same verdict.
    const auto read = lincheck::formats::read_history(lincheck::formats::to_jsonl(rec.to_events()));
    const auto model = lincheck::make_model("cas-register");
    const auto again = lincheck::check_history(*model, lincheck::pair_events(read.events));
    if (read.format != lincheck::formats::Format::jsonl || again.verdict != lincheck::Verdict::not_linearizable) {
        std::cerr << "expected the history read back to be not linearizable\n";
        return 1;
    }
    // And the file saved, read in pieces on two threads as the CLI reads large files: the same verdict.
    if (argc > 1) {
        auto paired = lincheck::formats::read_and_pair(argv[1], {}, false, nullptr, 2);
        const auto from_file = lincheck::check_history(*model, std::move(paired.ops));
        if (from_file.verdict != lincheck::Verdict::not_linearizable) {
            std::cerr << "expected the saved history, read in pieces, to be not linearizable\n";
            return 1;
        }
    }
    return 0;
}
